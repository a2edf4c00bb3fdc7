#!/usr/bin/env node
// Prints what users download: the kernels' .wasm and every package's built JavaScript, raw and
// gzip -9 (node's zlib), as a markdown table. Run after a build: `node scripts/size-report.mjs`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

const rows = [];
function add(file) {
  const bytes = readFileSync(file);
  rows.push([relative(root, file), bytes.length, gzipSync(bytes, { level: 9 }).length]);
}

for (const file of filesUnder(join(root, 'packages', 'kernels', 'wasm')).filter((f) => f.endsWith('.wasm'))) add(file);
for (const pkg of readdirSync(join(root, 'packages')).sort()) {
  for (const file of filesUnder(join(root, 'packages', pkg, 'dist')).filter((f) => /\.(m|c)?js$/.test(f))) add(file);
}
if (rows.length === 0) {
  console.error('Nothing to report: build first (pnpm run build).');
  process.exit(1);
}

console.log('| file | raw | gzip -9 |');
console.log('| --- | ---: | ---: |');
for (const [file, raw, gz] of rows) console.log(`| ${file} | ${raw} B (${kib(raw)}) | ${gz} B (${kib(gz)}) |`);
