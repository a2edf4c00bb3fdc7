// `neurite train`: the command line is checked before a long start-up, and `train image` / `train
// text` really run the packages' training scripts (one epoch on pictures drawn and sentences written
// here) with their output forwarded.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeLabelledFolder } from './test-support/pictures.js';
import { runCli } from './test-support/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'neurite-cli-train-'));
  for (const split of ['train', 'val']) writeLabelledFolder(join(dir, 'data', split), ['cat', 'dog'], split === 'train' ? 6 : 2);
  mkdirSync(join(dir, 'no-val', 'train', 'cat'), { recursive: true });
  writeFileSync(join(dir, 'no-val', 'train', 'cat', 'a.png'), '');
  writeSentimentFolder(join(dir, 'sentiment'));
  mkdirSync(join(dir, 'sentiment-no-val', 'airline'), { recursive: true });
  writeFileSync(join(dir, 'sentiment-no-val', 'airline', 'train.jsonl'), '{"text": "great", "label": "positive"}\n');
});

/** The text script's three sets, each with 16 training and 4 validation sentences of clear sentiment. */
function writeSentimentFolder(root: string): void {
  const words = { positive: ['great', 'lovely', 'wonderful', 'happy'], negative: ['awful', 'terrible', 'rude', 'sad'], neutral: ['booked', 'scheduled', 'listed', 'noted'] };
  for (const set of ['airline', 'tweet_sentiment_extraction', 'rt_polarity_binary']) {
    const labels = set === 'rt_polarity_binary' ? (['positive', 'negative'] as const) : (['positive', 'negative', 'neutral'] as const);
    mkdirSync(join(root, set), { recursive: true });
    for (const [split, n] of [['train', 16], ['val', 4]] as const) {
      const lines = Array.from({ length: n }, (_, i) => {
        const label = labels[i % labels.length]!;
        return JSON.stringify({ text: `the flight was ${words[label][i % 4]} today ${i}`, label });
      });
      writeFileSync(join(root, set, `${split}.jsonl`), lines.join('\n') + '\n');
    }
  }
}

describe('neurite train: wrong command lines exit 2', () => {
  it.each([
    [[], "train needs what to train: 'image' or 'text'."],
    [['audio'], "cannot train 'audio': choose 'image' or 'text'."],
    [['image', '--epochs', '0'], "--epochs must be a whole number ≥ 1, got '0'."],
    [['image', 'extra'], "unexpected argument 'extra'; pass script options after '--'."],
  ])('train %j', async (args, message) => {
    const r = await runCli(['train', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`neurite train: ${message}`);
  });
});

describe('neurite train image: bad data exits 1 before the script starts', () => {
  it('a folder that does not exist', async () => {
    const r = await runCli(['train', 'image', '--data', join(dir, 'nowhere')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`neurite train: --data '${join(dir, 'nowhere')}' is not a directory.\n`);
  });

  it('a folder without val/', async () => {
    const r = await runCli(['train', 'image', '--data', 'no-val'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`needs train/dog/ with JPEG or PNG images (missing ${join(dir, 'no-val', 'train', 'dog')})`);
  });
});

describe('neurite train text: bad data exits 1 before the script starts', () => {
  it('a folder that does not exist', async () => {
    const r = await runCli(['train', 'text', '--data', join(dir, 'nowhere')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`neurite train: --data '${join(dir, 'nowhere')}' is not a directory.\n`);
  });

  it('a folder without val.jsonl', async () => {
    const r = await runCli(['train', 'text', '--data', 'sentiment-no-val'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`needs airline/val.jsonl with {text, label} lines (missing ${join(dir, 'sentiment-no-val', 'airline', 'val.jsonl')})`);
  });
});

describe('neurite train image: delegates to packages/image/scripts/train.ts', () => {
  it('trains one epoch on drawn pictures, forwarding the progress bar and writing a checkpoint', async () => {
    // HOME points at the test folder: the script caches decoded pixels under ~/.cache/neurite by
    // set name, and this tiny set must neither read nor overwrite a real cache.
    const r = await runCli(['train', 'image', '--json', '--data', 'data', '--epochs', '1', '--out', 'run', '--', '--arch', 'cnn-xs', '--batch', '4'], { cwd: dir, env: { HOME: dir } });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { command: string; exitCode: number; args: string[] };
    expect(summary).toMatchObject({ command: 'train image', exitCode: 0 });
    expect(summary.args).toEqual(['--data', join(dir, 'data'), '--epochs', '1', '--out', join(dir, 'run'), '--arch', 'cnn-xs', '--batch', '4']);
    // The script's output (fit's Keras-style progress bar) arrived on stderr because of --json.
    expect(r.stderr).toContain('train 12 images, val 4 images, 64×64, arch cnn-xs');
    expect(r.stderr).toMatch(/Epoch 1\/1\n/);
    expect(r.stderr).toMatch(/3\/3 \[=+\] - .* - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}/);
    expect(existsSync(join(dir, 'run', 'last', 'model.json'))).toBe(true);
  }, 120_000);
});

describe('neurite train text: delegates to packages/text/scripts/train.ts', () => {
  it('trains one epoch on the --data folder written here, with the script\'s progress output', async () => {
    const r = await runCli(['train', 'text', '--data', 'sentiment', '--epochs', '1', '--out', 'text-data-run', '--', '--batch-size', '16'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^neurite train text: running \S+\/packages\/text\/scripts\/train\.ts --data \S+\/sentiment --epochs 1 --out \S+\/text-data-run --batch-size 16\n/);
    expect(r.stdout).toContain(`48 training texts from ${join(dir, 'sentiment')}\n`);
    expect(r.stdout).toMatch(/Epoch 1\/1\n/);
    expect(r.stdout).toMatch(/3\/3 \[=+\] - .* - loss: \d\.\d{4} - accuracy: \d\.\d{4}/);
    expect(existsSync(join(dir, 'text-data-run', 'epoch-01', 'model.json'))).toBe(true);
  }, 180_000);
});

// Without --data the text script reads <repo>/../shared/data/sentiment.
const SENTIMENT_DATA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'data', 'sentiment');

describe.skipIf(!existsSync(SENTIMENT_DATA))('neurite train text: the default data sets', () => {
  it('trains one short epoch (64 texts per data set) with the script\'s progress output', async () => {
    const r = await runCli(['train', 'text', '--epochs', '1', '--out', 'text-run', '--', '--limit', '64'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^neurite train text: running \S+\/packages\/text\/scripts\/train\.ts --epochs 1 --out \S+\/text-run --limit 64\n/);
    expect(r.stdout).toContain(`192 training texts from ${SENTIMENT_DATA}\n`);
    expect(r.stdout).toMatch(/Epoch 1\/1\n/);
    expect(r.stdout).toMatch(/3\/3 \[=+\] - .* - loss: \d\.\d{4} - accuracy: \d\.\d{4}/);
    expect(existsSync(join(dir, 'text-run', 'epoch-01', 'model.json'))).toBe(true);
  }, 180_000);
});
