/** `neurite sentiment <text…|->`: negative / neutral / positive per text, with the model shipped in @neurite/text. */
import { loadSentimentAnalyzer, type SentimentResult } from '@neurite/text';
import { COMMON_OPTIONS, parseCommand } from '../args.js';
import { InputError, UsageError } from '../errors.js';
import { excerpt, ms, percent, table } from '../format.js';
import type { Io } from '../io.js';

/** The texts: each argument, with '-' replaced by the non-empty lines of standard input. */
async function collectTexts(positionals: string[], io: Io): Promise<string[]> {
  const texts: string[] = [];
  for (const arg of positionals) {
    if (arg !== '-') {
      texts.push(arg);
      continue;
    }
    const lines = (await io.readStdin()).split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length === 0) throw new InputError("standard input ('-') had no text; pipe one text per line, e.g. echo 'great flight' | neurite sentiment -");
    texts.push(...lines);
  }
  return texts;
}

function contributionsLine(result: SentimentResult): string {
  if (!result.contributions || result.contributions.length === 0) return '    (no known words)\n';
  const words = result.contributions.map((c) => `${c.token} ${c.contribution >= 0 ? '+' : '−'}${Math.abs(c.contribution).toFixed(2)}`);
  return `    ${words.join('  ')}\n`;
}

export async function sentimentCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('sentiment', argv, { ...COMMON_OPTIONS, explain: { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError("sentiment needs a text (quote it) or '-' to read lines from standard input.", 'sentiment');
  const texts = await collectTexts(positionals, io);

  const analyzer = await loadSentimentAnalyzer();
  const rows = texts.map((text) => {
    const start = performance.now();
    const result = analyzer.analyze(text, { explain: values.explain === true });
    return { text, ...result, ms: performance.now() - start };
  });

  if (values.json) {
    io.out(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  const line = (r: (typeof rows)[number]) => {
    const s = r.scores;
    return [r.label, percent(r.confidence), ms(r.ms), `${excerpt(r.text)}  (neg ${percent(s.negative)} · neu ${percent(s.neutral)} · pos ${percent(s.positive)})`];
  };
  if (!values.explain) io.out(table(rows.map(line)));
  else for (const r of rows) io.out(table([line(r)]) + contributionsLine(r));
  return 0;
}
