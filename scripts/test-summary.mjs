// Adds up the vitest JSON reports of every workspace and prints one closing line:
// "tests: N passed, N failed, N skipped". Exits non-zero when a report is missing or any test failed.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dirs = ['packages', 'apps'].flatMap((d) =>
  existsSync(join(root, d)) ? readdirSync(join(root, d)).map((n) => join(root, d, n)) : [],
).concat([join(root, 'test')]);

let passed = 0, failed = 0, skipped = 0, missing = [];
for (const dir of dirs) {
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg) || !JSON.parse(readFileSync(pkg, 'utf8')).scripts?.test?.includes('vitest')) continue;
  const report = join(dir, 'test-results.json');
  if (!existsSync(report)) { missing.push(dir); continue; }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
for (const dir of missing) console.error(`no test report from ${dir}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0);
