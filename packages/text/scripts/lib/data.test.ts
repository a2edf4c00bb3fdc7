import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTexts } from './data.js';

describe('readTexts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-read-texts-'));

  it('reads the text of labelled and unlabelled rows alike, skipping blank lines', () => {
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(file, ['{"text": "Shares fell.", "source": "news"}', '', '{"text": "Great pho!", "label": "positive"}', ''].join('\n'));
    expect(readTexts(file)).toEqual(['Shares fell.', 'Great pho!']);
  });

  it('names the file and line of a row without a text', () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"text": "ok"}\n{"label": "neutral"}\n');
    expect(() => readTexts(file)).toThrow(`${file}:2: 'text' is not a string`);
  });
});
