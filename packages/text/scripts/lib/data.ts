/** Reading the `{text, label}` JSONL sentiment splits shared by train, evaluate and bench. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABELS, type SentimentLabel } from '../../src/labels.js';

/** The default data folder, <repo>/../shared/data/sentiment; train.ts takes another with --data. */
export const DATA_DIR = fileURLToPath(new URL('../../../../../shared/data/sentiment/', import.meta.url));
export const DATASETS = ['airline', 'tweet_sentiment_extraction', 'rt_polarity_binary'] as const;
export type DatasetName = (typeof DATASETS)[number];

export interface Example {
  text: string;
  label: SentimentLabel;
  /** Optional grouping (the hand-written out-of-domain samples: review / news / social). */
  domain?: string;
}

export function readJsonl(path: string): Example[] {
  const out: Example[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const row = JSON.parse(line) as { text?: unknown; label?: unknown; domain?: unknown };
    if (typeof row.text !== 'string') throw new Error(`${path}:${i + 1}: 'text' is not a string`);
    const label = String(row.label).toLowerCase();
    if (!(LABELS as readonly string[]).includes(label)) throw new Error(`${path}:${i + 1}: label '${String(row.label)}' is not one of ${LABELS.join(', ')}`);
    out.push(typeof row.domain === 'string' ? { text: row.text, label: label as SentimentLabel, domain: row.domain } : { text: row.text, label: label as SentimentLabel });
  }
  return out;
}

/** The `text` of every row of a JSONL file, labelled or not. */
export function readTexts(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    const { text } = JSON.parse(line) as { text?: unknown };
    if (typeof text !== 'string') throw new Error(`${path}:${i + 1}: 'text' is not a string`);
    return [text];
  });
}

/** `<dir>/<name>/<which>.jsonl`; `dir` holds the three DATASETS folders. */
export function split(name: DatasetName, which: 'train' | 'val' | 'test', dir: string = DATA_DIR): Example[] {
  return readJsonl(join(dir, name, `${which}.jsonl`));
}
