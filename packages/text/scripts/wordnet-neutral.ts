/**
 * Extracts weakly labelled NEUTRAL training sentences from WordNet's usage examples: the quoted
 * examples in the glosses of /usr/share/wordnet/data.{noun,verb,adj,adv} (Debian package
 * `wordnet-base`, WordNet 3.0 licence: use, copy, modify and distribute with the copyright
 * notice). An example is kept when it has 5–30 words, no word of the sentiment lexicon, no
 * negator and no "!" — plain factual sentences, the register the airline/tweet/movie data
 * lack ("the boats were held together by lashings"). Used at training time only
 * (`train.ts --extra-neutral`); nothing from WordNet ships in the package.
 *
 *   apt-get install wordnet-base
 *   npx tsx scripts/wordnet-neutral.ts --out /tmp/wordnet-neutral.jsonl [--limit 4000] [--seed 42]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Tokenizer } from '@neurite/tokenizer';
import { Random } from '@neurite/core';
import { normalizeText, TOKENIZER_FILTERS } from '../src/preprocess.js';
import { scoreLexicon, sentimentLexicon } from '../src/lexicon.js';

const { values: args } = parseArgs({ options: { out: { type: 'string' }, dir: { type: 'string', default: '/usr/share/wordnet' }, limit: { type: 'string', default: '4000' }, seed: { type: 'string', default: '42' } } });
if (!args.out) throw new Error('usage: wordnet-neutral --out FILE.jsonl [--limit N]');
const words = new Tokenizer({ filters: TOKENIZER_FILTERS });
const lexicon = sentimentLexicon();
const seen = new Set<string>();
const kept: string[] = [];
for (const pos of ['noun', 'verb', 'adj', 'adv']) {
  for (const line of readFileSync(`${args.dir}/data.${pos}`, 'utf8').split('\n')) {
    const bar = line.indexOf(' | ');
    if (line.startsWith('  ') || bar < 0) continue; // licence header lines start with two spaces
    for (const m of line.slice(bar + 3).matchAll(/"([^"]+)"/g)) {
      const text = m[1].trim();
      const tokens = words.tokenize(normalizeText(text));
      if (tokens.length < 5 || tokens.length > 30 || text.includes('!') || seen.has(text)) continue;
      const s = scoreLexicon(tokens);
      if (s.negations > 0 || tokens.some((t) => lexicon.has(t))) continue;
      seen.add(text);
      kept.push(text.charAt(0).toUpperCase() + text.slice(1));
    }
  }
}
// A seeded shuffle, then the first `limit`.
const rng = new Random(Number(args.seed));
for (let i = kept.length - 1; i > 0; i--) {
  const j = Math.floor(rng.next() * (i + 1));
  [kept[i], kept[j]] = [kept[j], kept[i]];
}
const limit = Math.min(kept.length, Number(args.limit));
writeFileSync(args.out, kept.slice(0, limit).map((text) => JSON.stringify({ text, label: 'neutral' })).join('\n') + '\n');
console.log(`${kept.length} neutral WordNet examples qualified; wrote ${limit} to ${args.out}`);
