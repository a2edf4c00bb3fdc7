// `neurite demo` (what `pnpm run demo` runs): 2 cats + 2 dogs from $NEURITE_DATA and 4 sentences.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeLabelledFolder } from './test-support/pictures.js';
import { runCli } from './test-support/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'neurite-cli-demo-'));
  // Drawn stand-ins laid out like the data set: <NEURITE_DATA>/test/{cat,dog}.
  writeLabelledFolder(join(dir, 'cats-dogs', 'test'), ['cat', 'dog'], 3);
});

interface Demo {
  dataFolder: string | null;
  images: { file: string; truth: string; label: string; confidence: number; ms: number }[];
  sentences: { text: string; label: string; confidence: number }[];
}

describe('neurite demo', () => {
  it('classifies the first 2 cats and 2 dogs of $NEURITE_DATA and analyses 4 sentences', async () => {
    const r = await runCli(['demo', '--json'], { env: { NEURITE_DATA: join(dir, 'cats-dogs') } });
    expect(r.code, r.stderr).toBe(0);
    const demo = JSON.parse(r.stdout) as Demo;
    expect(demo.dataFolder).toBe(join(dir, 'cats-dogs', 'test'));
    expect(demo.images.map((i) => [i.truth, i.file.slice(dir.length)])).toEqual([
      ['cat', '/cats-dogs/test/cat/cat.0.png'],
      ['cat', '/cats-dogs/test/cat/cat.1.png'],
      ['dog', '/cats-dogs/test/dog/dog.0.png'],
      ['dog', '/cats-dogs/test/dog/dog.1.png'],
    ]);
    for (const image of demo.images) expect(image.confidence).toBeGreaterThanOrEqual(0.5);
    expect(demo.sentences).toHaveLength(4);
    for (const s of demo.sentences) expect(['negative', 'neutral', 'positive']).toContain(s.label);
  });

  it('prints tables with label, confidence and time', async () => {
    const r = await runCli(['demo'], { env: { NEURITE_DATA: dir } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/image +truth +label +confidence +time\ncat\/cat\.0\.png +cat +(cat|dog) +\d+\.\d% +(\d+ ms|\d+\.\d\d s)\n/);
    expect(r.stdout).toMatch(/Sentences\nlabel +confidence +time +text\n/);
    expect(r.stdout).toContain('(text model loaded in');
  });

  it('without photos, says where it looked and how to get images, and still analyses the sentences', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'neurite-cli-demo-empty-'));
    const r = await runCli(['demo'], { env: { NEURITE_DATA: empty } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`No cat/dog photos found (looked in ${empty}).`);
    expect(r.stdout).toContain('set NEURITE_DATA to a folder with cat/ and dog/ subfolders');
    expect(r.stdout.match(/^(negative|neutral|positive) /gm)).toHaveLength(4);
  });
});
