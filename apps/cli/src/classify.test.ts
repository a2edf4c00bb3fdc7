// `neurite classify` on pictures drawn here: same results as @neurite/image in-process, JSON for
// scripts, saliency PNGs, and exit 1 with a clear message for a missing file or a corrupt image.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyImage, loadImageClassifier } from '@neurite/image';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawPng } from './test-support/pictures.js';
import { runCli } from './test-support/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'neurite-cli-classify-'));
  writeFileSync(join(dir, 'one.png'), drawPng(96, 72, 1));
  writeFileSync(join(dir, 'two.png'), drawPng(50, 80, 4));
  const truncated = drawPng(40, 40, 2);
  writeFileSync(join(dir, 'corrupt.png'), truncated.subarray(0, truncated.length >> 1));
  writeFileSync(join(dir, 'notes.png'), 'this is not an image');
});

interface Row {
  file: string;
  label?: string;
  confidence?: number;
  scores?: Record<string, number>;
  ms?: number;
  saliency?: string;
  error?: { name: string; code?: string; message: string };
}

describe('neurite classify', () => {
  it('--json gives, per file, what classifyImage gives in-process', async () => {
    const r = await runCli(['classify', '--json', 'one.png', 'two.png'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows.map((row) => row.file)).toEqual(['one.png', 'two.png']);
    for (const row of rows) {
      const expected = await classifyImage(readFileSync(join(dir, row.file)));
      expect(row.label).toBe(expected.label);
      expect(row.confidence).toBeCloseTo(expected.confidence, 6);
      expect(row.scores!.cat + row.scores!.dog).toBeCloseTo(1, 6);
      expect(row.confidence).toBe(row.scores![row.label!]);
      expect(row.ms).toBeGreaterThan(0);
    }
  });

  it('prints a table for people: file, label, confidence, time', async () => {
    const r = await runCli(['classify', 'one.png'], { cwd: dir });
    expect(r.code).toBe(0);
    const expected = await classifyImage(readFileSync(join(dir, 'one.png')));
    expect(r.stdout).toMatch(new RegExp(`^one\\.png  ${expected.label}  ${(100 * expected.confidence).toFixed(1)}%  (\\d+ ms|\\d+\\.\\d\\d s)\\n\\(model loaded in `));
  });

  it('--explain writes a saliency heat map PNG at the model input size', async () => {
    const r = await runCli(['classify', '--json', '--explain', 'maps', 'two.png'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const [row] = JSON.parse(r.stdout) as Row[];
    expect(row.saliency).toBe(join('maps', 'two.saliency.png'));
    const png = decode(readFileSync(join(dir, row.saliency!)));
    const side = (await loadImageClassifier()).inputSize;
    expect([png.width, png.height, png.channels]).toEqual([side, side, 4]);
    const red = Array.from({ length: side * side }, (_, i) => png.data[i * 4]);
    expect(Math.max(...red)).toBeGreaterThan(Math.min(...red)); // a map, not a flat image
  });

  it('a missing file: exit 1, a clear message, and the other files still classified', async () => {
    const r = await runCli(['classify', '--json', 'one.png', 'nope.png'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("neurite classify: cannot read 'nope.png': no such file\n");
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows[0].label).toMatch(/^(cat|dog)$/);
    expect(rows[1]).toEqual({ file: 'nope.png', error: { name: 'InputError', code: 'ENOENT', message: "cannot read 'nope.png': no such file" } });
  });

  it('a directory instead of a file: exit 1', async () => {
    const r = await runCli(['classify', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot read '.': is a directory, not an image file");
  });

  it('a truncated PNG and a text file: exit 1 with the decoder\'s typed error per file', async () => {
    const r = await runCli(['classify', '--json', 'corrupt.png', 'notes.png'], { cwd: dir });
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows.map((row) => row.error?.name)).toEqual(['ImageDecodeError', 'ImageDecodeError']);
    expect(rows[1].error?.code).toBe('UNSUPPORTED_FORMAT');
    expect(r.stderr).toMatch(/^neurite classify: corrupt\.png: .+\nneurite classify: notes\.png: .*not a JPEG or PNG.*\n$/);
  });
});
