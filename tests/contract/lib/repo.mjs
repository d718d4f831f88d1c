// Loaders for the files the contract checks hold to each other: Terraform (HCL parsed by @cdktf/hcl2json into the
// JSON shape of Terraform's JSON syntax, every block as an array), the SAM template (YAML with CloudFormation's
// short-form tags turned into their long form, e.g. !Sub x -> {"Fn::Sub": x}), the GitHub workflows, the README and
// docs/design.md. Every function takes the repository root, so the same checks run on the real checkout and on
// hand-broken copies.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import YAML from 'yaml';

/** Reads a file under root as UTF-8. Throws ENOENT when it does not exist. */
export function read(root, relativePath) {
  return fs.readFileSync(path.join(root, relativePath), 'utf8');
}

/** Lists files under root/dir (recursively) whose names end with one of the suffixes; paths relative to root. */
export function listFiles(root, dir, suffixes) {
  const found = [];
  const walk = (relative) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (!['.terraform', 'node_modules', 'target', '.git'].includes(entry.name)) walk(child);
      } else if (suffixes.some((suffix) => entry.name.endsWith(suffix))) {
        found.push(child);
      }
    }
  };
  if (fs.existsSync(path.join(root, dir))) walk(dir);
  return found.sort();
}

/**
 * Parses every Terraform file (.tf, .tftest.hcl, .tflint.hcl) under root/terraform.
 * Resolves to {files: [{file, json}], errors: [{file, message}]}.
 */
export async function parseTerraformFiles(root) {
  const files = [];
  const errors = [];
  for (const file of listFiles(root, 'terraform', ['.tf', '.hcl'])) {
    try {
      files.push({ file, json: await parseHcl(path.basename(file), read(root, file)) });
    } catch (error) {
      errors.push({ file, message: String(error.message || error) });
    }
  }
  return { files, errors };
}

const BLOCK_KINDS = ['resource', 'data', 'module', 'variable', 'output', 'locals', 'terraform', 'provider', 'check'];

/**
 * Merges the .tf files of one module directory (relative to root, e.g. "terraform" or
 * "terraform/modules/private_bucket") into one object: {resource: {type: {name: body}}, data: {...},
 * module: {name: body}, variable: {name: body}, output: {name: body}, locals: {name: expression}}.
 * Also returns the raw text of the module's files joined, for checks on expressions.
 * Throws when a file does not parse.
 */
export async function loadTerraformModule(root, dir) {
  const merged = { resource: {}, data: {}, module: {}, variable: {}, output: {}, locals: {}, text: '' };
  const files = fs.readdirSync(path.join(root, dir)).filter((name) => name.endsWith('.tf')).sort();
  for (const name of files) {
    const text = read(root, path.join(dir, name));
    merged.text += `\n# file: ${name}\n${text}`;
    const json = await parseHcl(name, text);
    for (const kind of BLOCK_KINDS) {
      if (!json[kind]) continue;
      if (kind === 'resource' || kind === 'data') {
        for (const [type, byName] of Object.entries(json[kind])) {
          merged[kind][type] ??= {};
          for (const [blockName, bodies] of Object.entries(byName)) merged[kind][type][blockName] = bodies[0];
        }
      } else if (kind === 'locals') {
        for (const block of json.locals) Object.assign(merged.locals, block);
      } else if (['module', 'variable', 'output'].includes(kind)) {
        for (const [blockName, bodies] of Object.entries(json[kind])) merged[kind][blockName] = bodies[0];
      }
    }
  }
  return merged;
}

// CloudFormation short-form intrinsic functions, as YAML tags.
const CFN_FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
  'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'ToJsonString', 'Length'];
const CFN_TAGS = [
  ...['scalar', 'seq', 'map'].map((collection) => ({
    tag: '!Ref', collection: collection === 'scalar' ? undefined : collection,
    resolve: (value) => ({ Ref: value?.toJSON ? value.toJSON() : value }),
  })),
  ...['scalar', 'seq'].map((collection) => ({
    tag: '!GetAtt', collection: collection === 'scalar' ? undefined : collection,
    resolve: (value) => ({ 'Fn::GetAtt': typeof value === 'string' ? value.split('.') : value.toJSON() }),
  })),
  { tag: '!Condition', resolve: (value) => ({ Condition: value }) },
  ...CFN_FUNCTIONS.flatMap((name) => ['scalar', 'seq', 'map'].map((collection) => ({
    tag: `!${name}`, collection: collection === 'scalar' ? undefined : collection,
    resolve: (value) => ({ [`Fn::${name}`]: value?.toJSON ? value.toJSON() : value }),
  }))),
];

/** Parses a CloudFormation/SAM YAML file under root; short-form tags become long-form objects. */
export function loadCfnYaml(root, relativePath) {
  return YAML.parse(read(root, relativePath), { customTags: CFN_TAGS, strict: true });
}

/** Parses a YAML file under root (GitHub workflows). */
export function loadYaml(root, relativePath) {
  return YAML.parse(read(root, relativePath), { strict: true });
}

/** The workflow files, relative to root. */
export function workflowFiles(root) {
  return listFiles(root, '.github/workflows', ['.yml', '.yaml']);
}

/**
 * Every run: step of a workflow: [{job, name, run, env, workingDirectory}] (steps of reusable-workflow calls have
 * none). Throws when the file is not YAML.
 */
export function runSteps(root, workflowPath) {
  const workflow = loadYaml(root, workflowPath);
  const steps = [];
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    (job.steps ?? []).forEach((step, index) => {
      if (typeof step.run === 'string') {
        steps.push({
          job: jobId, name: step.name ?? `${jobId} step ${index + 1}`, run: step.run,
          env: step.env ?? {}, shell: step.shell ?? job.defaults?.run?.shell ?? workflow.defaults?.run?.shell ?? 'bash',
        });
      }
    });
  }
  return steps;
}

/** The body of the Markdown section whose heading matches pattern, up to the next heading of the same or a higher level. */
export function markdownSection(markdown, pattern) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#{1,6}\s/.test(line) && pattern.test(line));
  if (start < 0) return null;
  const level = lines[start].match(/^#+/)[0].length;
  const end = lines.findIndex((line, index) => index > start && /^#{1,6}\s/.test(line)
    && line.match(/^#+/)[0].length <= level);
  return lines.slice(start + 1, end < 0 ? lines.length : end).join('\n');
}
