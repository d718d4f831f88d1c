// What sam/template.yaml says about the upload function and its HTTP API, read for the local Lambda front: the
// function's environment (Globals.Function plus the function's own variables), timeout and memory, its HttpApi
// routes, and the API's CORS configuration. CloudFormation's !Ref and !Sub are resolved with the values the caller
// gives for the template's parameters and pseudo parameters (AWS::Region, AWS::AccountId, …).

import { readFileSync } from 'node:fs';
import YAML from 'yaml';

const FUNCTION = 'UploadFunction';
const API = 'HttpApi';

// The short-form intrinsic functions the template uses, as YAML tags (long form: {Ref: …}, {'Fn::Sub': …}).
const TAGS = [
  { tag: '!Ref', resolve: (value) => ({ Ref: value }) },
  { tag: '!Sub', resolve: (value) => ({ 'Fn::Sub': value }) },
  { tag: '!GetAtt', resolve: (value) => ({ 'Fn::GetAtt': value.split('.') }) },
];

/**
 * Resolves !Ref and !Sub (string form) with `values`; other intrinsic functions are left as they are.
 * @throws {Error} on a reference `values` lacks
 */
function resolve(node, values) {
  const lookup = (name) => {
    if (!(name in values)) throw new Error(`sam/template.yaml: no local value for ${name}`);
    return String(values[name]);
  };
  if (Array.isArray(node)) return node.map((n) => resolve(n, values));
  if (node && typeof node === 'object') {
    if ('Ref' in node) return lookup(node.Ref);
    if (typeof node['Fn::Sub'] === 'string') return node['Fn::Sub'].replace(/\$\{([^}!]+)\}/g, (_, name) => lookup(name));
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v, values)]));
  }
  return node;
}

/**
 * The upload function and its API as the template defines them.
 * @param {string} file path of sam/template.yaml
 * @param {Record<string, string|number>} values parameter and pseudo-parameter values by name (e.g. `ProjectName`,
 *   `S3BucketName`, `AWS::Region`); must cover every one the function's environment and the CORS configuration name
 * @returns {{env: Record<string, string>, timeoutSeconds: number, memoryMb: number,
 *   routes: {method: string, path: string}[],
 *   cors: {allowOrigins: string[], allowHeaders: string[], allowMethods: string[], exposeHeaders: string[],
 *     maxAge?: number}|undefined}} env values are strings, as Lambda passes them
 */
export function uploadFunctionSpec(file, values) {
  const template = YAML.parse(readFileSync(file, 'utf8'), { customTags: TAGS });
  const defaults = Object.fromEntries(Object.entries(template.Parameters ?? {})
    .filter(([, p]) => p.Default !== undefined).map(([name, p]) => [name, p.Default]));
  const all = { ...defaults, ...values };
  const globals = template.Globals?.Function ?? {};
  const fn = template.Resources?.[FUNCTION]?.Properties;
  if (!fn) throw new Error(`sam/template.yaml has no ${FUNCTION}`);
  const env = resolve({ ...globals.Environment?.Variables, ...fn.Environment?.Variables }, all);
  const routes = Object.values(fn.Events ?? {}).filter((e) => e.Type === 'HttpApi')
    .map((e) => ({ method: String(e.Properties.Method).toUpperCase(), path: e.Properties.Path }));
  const corsConfig = template.Resources?.[API]?.Properties?.CorsConfiguration;
  const cors = corsConfig && resolve({
    allowOrigins: corsConfig.AllowOrigins ?? [],
    allowHeaders: corsConfig.AllowHeaders ?? [],
    allowMethods: corsConfig.AllowMethods ?? [],
    exposeHeaders: corsConfig.ExposeHeaders ?? [],
    maxAge: corsConfig.MaxAge,
  }, all);
  return {
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
    timeoutSeconds: Number(fn.Timeout ?? globals.Timeout ?? 3),
    memoryMb: Number(fn.MemorySize ?? globals.MemorySize ?? 128),
    routes,
    cors,
  };
}
