// `neurite sentiment` with arguments and with '-' (stdin): same results as @neurite/text in-process.
import { analyzeSentiment } from '@neurite/text';
import { describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';

const TEXTS = ['The crew was wonderful and we landed early', 'Worst airline ever, lost my bag', 'Gate 12'];

interface Row {
  text: string;
  label: string;
  confidence: number;
  scores: Record<string, number>;
  contributions?: { token: string; contribution: number }[];
}

describe('neurite sentiment', () => {
  it('analyses each argument as one text, like analyzeSentiment', async () => {
    const r = await runCli(['sentiment', '--json', ...TEXTS]);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    const expected = await analyzeSentiment(TEXTS);
    expect(rows.map((row) => row.text)).toEqual(TEXTS);
    rows.forEach((row, i) => {
      expect(row.label).toBe(expected[i].label);
      expect(row.confidence).toBeCloseTo(expected[i].confidence, 6);
      expect(row.scores.negative + row.scores.neutral + row.scores.positive).toBeCloseTo(1, 6);
    });
  });

  it("reads one text per non-empty line of stdin with '-'", async () => {
    const [fromArgs, fromStdin] = await Promise.all([runCli(['sentiment', '--json', ...TEXTS]), runCli(['sentiment', '--json', '-'], { input: `${TEXTS[0]}\n\n${TEXTS[1]}\r\n${TEXTS[2]}` })]);
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    const strip = (out: string) => (JSON.parse(out) as (Row & { ms?: number })[]).map(({ ms: _ms, ...rest }) => rest);
    expect(strip(fromStdin.stdout)).toEqual(strip(fromArgs.stdout));
  });

  it('prints label, confidence and the three scores for people', async () => {
    const r = await runCli(['sentiment', TEXTS[1]]);
    const [expected] = await analyzeSentiment([TEXTS[1]]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${expected.label}  ${(100 * expected.confidence).toFixed(1)}%`);
    expect(r.stdout).toContain(`Worst airline ever, lost my bag  (neg ${(100 * expected.scores.negative).toFixed(1)}% · neu`);
  });

  it('--explain gives a contribution per word read', async () => {
    const r = await runCli(['sentiment', '--json', '--explain', 'Worst airline ever']);
    const [row] = JSON.parse(r.stdout) as Row[];
    expect(row.contributions!.map((c) => c.token)).toEqual(['worst', 'airline', 'ever']);
    const human = await runCli(['sentiment', '--explain', 'Worst airline ever']);
    expect(human.stdout).toMatch(/\n {4}worst [+−]\d\.\d\d {2}airline [+−]\d\.\d\d {2}ever [+−]\d\.\d\d\n$/);
  });

  it("empty stdin with '-': exit 1 with a message saying what to pipe", async () => {
    const r = await runCli(['sentiment', '-'], { input: '\n  \n' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("neurite sentiment: standard input ('-') had no text");
  });
});
