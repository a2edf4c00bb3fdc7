/**
 * Writes the human-rated sentences of Hutto & Gilbert (2014) as 3-class JSONL splits, a broader
 * training source than airline tweets, general tweets and movie snippets: New York Times
 * editorials (news), Amazon product reviews (reviews) and tweets (see
 * scripts/lib/vader-ratings.ts for labelling and splitting). Any sentence whose text is also in
 * a split of the three shared sets is left out, so their val and test splits stay unseen.
 *
 *   DIR=$(bash scripts/fetch-vader-ratings.sh)
 *   npx tsx scripts/vader-ratings.ts --ratings "$DIR" --out /tmp/vader-ratings [--threshold 0.5] [--seed 42]
 *
 * Writes OUT/<domain>/{train,val,test}.jsonl for news, reviews and tweets.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATASETS, split } from './lib/data.js';
import { duplicateKey, parseRatings, RATED_SETS, splitRatings } from './lib/vader-ratings.js';

const { values: args } = parseArgs({ options: { ratings: { type: 'string' }, out: { type: 'string' }, threshold: { type: 'string', default: '0.5' }, seed: { type: 'string', default: '42' } } });
if (!args.ratings || !args.out) throw new Error('usage: vader-ratings --ratings DIR --out DIR [--threshold 0.5] [--seed 42]');
const exclude = new Set(DATASETS.flatMap((d) => (['train', 'val', 'test'] as const).flatMap((w) => split(d, w).map((e) => duplicateKey(e.text)))));
for (const { file, domain } of RATED_SETS) {
  const path = join(args.ratings, file);
  const splits = splitRatings(parseRatings(readFileSync(path, 'utf8'), path), domain, { threshold: Number(args.threshold), seed: Number(args.seed), valShare: 0.1, testShare: 0.1, exclude });
  mkdirSync(join(args.out, domain), { recursive: true });
  for (const which of ['train', 'val', 'test'] as const) writeFileSync(join(args.out, domain, `${which}.jsonl`), splits[which].map((e) => JSON.stringify(e)).join('\n') + '\n');
  const counts = (w: 'train' | 'val' | 'test') => ['negative', 'neutral', 'positive'].map((l) => splits[w].filter((e) => e.label === l).length).join('/');
  console.log(`${domain}: train ${splits.train.length} (${counts('train')}), val ${splits.val.length} (${counts('val')}), test ${splits.test.length} (${counts('test')}) [neg/neu/pos]; ${splits.duplicates} left out as duplicates of the shared sets`);
}
