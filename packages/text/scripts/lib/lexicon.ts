/**
 * The VADER sentiment lexicon (C.J. Hutto, MIT; shipped in the Apache-2.0 `vader-sentiment` npm
 * package): word → mean valence in [-4, 4]. Used at training time only, to seed the embedding.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function readVaderLexicon(): Map<string, number> {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('vader-sentiment/package.json'));
  const map = new Map<string, number>();
  for (const line of readFileSync(join(dir, 'vader_lexicon.txt'), 'utf8').split('\n')) {
    const [word, mean] = line.split('\t');
    if (word && mean !== undefined && Number.isFinite(Number(mean))) map.set(word.toLowerCase(), Number(mean));
  }
  return map;
}
