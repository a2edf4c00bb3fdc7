#!/usr/bin/env node
// Prints what users download, raw and gzip -9 (node's zlib), as markdown: first per package and
// export condition, with the code apart from the data embedded in it (the shipped model weights of
// @neurite/image and @neurite/text, the kernels' base64 .wasm), then every built file. Run after a build:
// `node scripts/size-report.mjs`.
//
// Embedded data is found by source module: the (unminified) tsup bundles mark each module with a
// `// src/<path>` comment, and everything from `// src/generated/…` to the next marker is data.
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

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const gzip = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;
const cell = (raw, gz) => (raw === 0 ? '—' : `${kib(raw)} / ${kib(gz)}`);

/** Splits a bundle into [code, data]: the sections of `src/generated/` modules are data. */
function splitGenerated(text) {
  const code = [];
  const data = [];
  let into = code;
  for (const line of text.split(/(?<=\n)/)) {
    const marker = /^\/\/ src\/(\S+)/.exec(line);
    if (marker) into = marker[1].startsWith('generated/') ? data : code;
    into.push(line);
  }
  return [code.join(''), data.join('')];
}

/** Bytes of the binary weights inside data: its base64 runs of at least 4 KiB, decoded. */
function base64Bytes(text) {
  return (text.match(/[A-Za-z0-9+/]{4096,}={0,2}/g) ?? []).reduce((sum, run) => sum + Math.floor((run.replace(/=+$/, '').length * 3) / 4), 0);
}

const jsFiles = (dir) => filesUnder(dir).filter((f) => /\.(m|c)?js$/.test(f));

/** The entry file and every .js / .wasm it imports (statically or dynamically), transitively. */
function closure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"'?]+)(?:\?module)?["']/g)) visit(join(dirname(file), m[1]));
  }
  visit(entry);
  return [...seen];
}

/** The main export's runtime targets: file → the conditions that select it. */
function entries(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const main = manifest.exports?.['.'] ?? manifest.main;
  const targets = new Map();
  for (const [condition, target] of typeof main === 'string' ? [['default', main]] : Object.entries(main ?? {})) {
    if (condition === 'types' || typeof target !== 'string') continue;
    targets.set(join(dir, target), [...(targets.get(join(dir, target)) ?? []), condition]);
  }
  return targets;
}

const fileRows = [];
const packageRows = [];
for (const pkg of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', pkg);
  for (const file of [...filesUnder(join(dir, 'wasm')).filter((f) => f.endsWith('.wasm')), ...jsFiles(join(dir, 'dist'))]) {
    const bytes = readFileSync(file);
    fileRows.push([relative(root, file), bytes.length, gzipSync(bytes, { level: 9 }).length]);
  }
  for (const [entry, conditions] of entries(dir)) {
    const files = closure(entry);
    if (files.length === 0) continue;
    let code = '';
    let data = '';
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const [c, d] = splitGenerated(readFileSync(file, 'utf8'));
      code += c;
      data += d;
    }
    const wasm = files.filter((f) => f.endsWith('.wasm')).map((f) => readFileSync(f));
    const wasmRaw = wasm.reduce((sum, b) => sum + b.length, 0);
    const wasmGz = wasm.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
    packageRows.push([`@neurite/${pkg}`, conditions.join(', '), cell(Buffer.byteLength(code), gzip(code)), cell(Buffer.byteLength(data), gzip(data)), data ? kib(base64Bytes(data)) : '—', cell(wasmRaw, wasmGz)]);
  }
}
if (fileRows.length === 0) {
  console.error('Nothing to report: build first (pnpm run build).');
  process.exit(1);
}

console.log('## Per package and export condition (raw / gzip -9)\n');
console.log('What the main export selected by each condition loads: its file and every chunk it imports,');
console.log('including dynamically imported ones (the shipped image model is loaded on first use).');
console.log('Embedded data = `src/generated/` modules: model topology, weights (base64) and vocabulary for');
console.log('image and text, the base64 .wasm for the kernels\' default entry. Dependencies not included.\n');
console.log('| package | conditions | code | embedded data | binary inside it (base64 decoded) | imported .wasm |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const row of packageRows) console.log(`| ${row.join(' | ')} |`);

console.log('\n## Per file\n');
console.log('| file | raw | gzip -9 |');
console.log('| --- | ---: | ---: |');
for (const [file, raw, gz] of fileRows) console.log(`| ${file} | ${raw} B (${kib(raw)}) | ${gz} B (${kib(gz)}) |`);
