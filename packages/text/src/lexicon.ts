/**
 * A rule-based lexicon scorer in the manner of VADER (Hutto & Gilbert, ICWSM 2014), written for
 * this package, and the fixed-length feature vector the shipped model combines with its network.
 * Lexicon words carry a valence in [-4, 4]; a preceding intensifier ("very") or dampener
 * ("slightly") scales it, a negator within three tokens flips and shrinks it ("not good"), "but"
 * shifts weight to the clause after it, and "!" pushes the sum away from zero. The sum is
 * squashed to a compound score in (-1, 1). The constants are the paper's published ones; unlike
 * VADER there is no ALL-CAPS rule (the tokenizer lowercases) and no idiom list.
 *
 * Input is the tokenizer's tokens of `normalizeText` output, so emoticons arrive as xxemopos /
 * xxemoneg and count as ±2.
 */
import { SENTIMENT_LEXICON_TSV } from './generated/sentiment-lexicon.js';
import { NEGATIVE_EMOTICON_TOKEN, POSITIVE_EMOTICON_TOKEN } from './preprocess.js';

const BOOST = 0.293; // intensifier / dampener step
const NEGATION_SCALE = -0.74; // a negated word's valence is multiplied by this
const EXCLAMATION_STEP = 0.292; // per "!", at most 4
const SQUASH_ALPHA = 15; // compound = s / sqrt(s² + alpha)
/** Boost of an intensifier/dampener at distance 1, 2, 3 before the word. */
const DISTANCE_DECAY = [1, 0.95, 0.9];

const INTENSIFIERS = new Set(
  ('absolutely amazingly awfully completely considerably damn decidedly deeply enormously entirely especially exceptionally extremely ' +
    'fabulously freaking fully greatly highly hugely incredibly insanely intensely majorly particularly purely quite really remarkably ' +
    'ridiculously seriously so substantially super thoroughly totally tremendously truly unbelievably utterly very way too').split(' '),
);
const DAMPENERS = new Set('almost barely hardly kinda less marginally occasionally partly scarcely slightly somewhat sorta little'.split(' '));
const NEGATORS = new Set(
  ("not no never none nobody nothing neither nor nowhere cannot without rarely seldom aint dont doesnt didnt isnt arent wasnt werent " +
    "cant couldnt wont wouldnt shouldnt hasnt havent hadnt mustnt neednt mightnt").split(' '),
);

let lexicon: Map<string, number> | null = null;

/** The shipped lexicon: lowercase token → valence in [-4, 4]. Parsed once, on first use. */
export function sentimentLexicon(): ReadonlyMap<string, number> {
  if (lexicon === null) {
    lexicon = new Map();
    for (const line of SENTIMENT_LEXICON_TSV.split('\n')) {
      const tab = line.lastIndexOf('\t');
      lexicon.set(line.slice(0, tab), Number(line.slice(tab + 1)) / 10);
    }
    lexicon.set(POSITIVE_EMOTICON_TOKEN, 2).set(NEGATIVE_EMOTICON_TOKEN, -2);
  }
  return lexicon;
}

export interface LexiconScore {
  /** s / sqrt(s² + 15) of the rule-adjusted valence sum s; in (-1, 1). */
  compound: number;
  /** Sum of the positive adjusted valences (≥ 0) and of the negative ones' magnitudes (≥ 0). */
  positive: number;
  negative: number;
  /** Words whose adjusted valence is positive / negative. */
  positiveWords: number;
  negativeWords: number;
  /** Negators found (not, never, n't, ...). */
  negations: number;
  /** Tokens other than "!". */
  words: number;
  exclamations: number;
}

function isNegator(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't");
}

/**
 * Scores a text given as the shipped tokenizer's tokens (lowercase words, "!" as its own token,
 * emoticons as xxemopos / xxemoneg). Working on tokens rather than raw text means the scorer
 * reads exactly what the network reads (after truncation, and with a token removed in
 * `explain`). Total: any array of strings gives finite numbers.
 */
export function scoreLexicon(tokens: readonly string[]): LexiconScore {
  const lex = sentimentLexicon();
  const words = tokens.filter((t) => t !== '!');
  const exclamations = tokens.length - words.length;
  const butAt = words.indexOf('but');
  let sum = 0;
  const out = { positive: 0, negative: 0, positiveWords: 0, negativeWords: 0, negations: 0 };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (isNegator(word)) out.negations++;
    const base = lex.get(word);
    if (base === undefined || base === 0 || INTENSIFIERS.has(word) || DAMPENERS.has(word)) continue;
    const sign = Math.sign(base);
    let v = base;
    let negated = false;
    for (let d = 1; d <= 3 && i - d >= 0; d++) {
      const prev = words[i - d];
      if (INTENSIFIERS.has(prev)) v += sign * BOOST * DISTANCE_DECAY[d - 1];
      else if (DAMPENERS.has(prev)) v -= sign * BOOST * DISTANCE_DECAY[d - 1];
      if (isNegator(prev)) negated = true;
    }
    if (negated) v *= NEGATION_SCALE;
    if (butAt >= 0 && i !== butAt) v *= i < butAt ? 0.5 : 1.5;
    sum += v;
    if (v > 0) {
      out.positive += v;
      out.positiveWords++;
    } else if (v < 0) {
      out.negative -= v;
      out.negativeWords++;
    }
  }
  if (sum !== 0) sum += Math.sign(sum) * Math.min(exclamations, 4) * EXCLAMATION_STEP;
  return { compound: sum / Math.sqrt(sum * sum + SQUASH_ALPHA), ...out, words: words.length, exclamations };
}

/** Length of `lexiconFeatures`' output. */
export const LEXICON_FEATURE_COUNT = 8;

/**
 * The per-text features the shipped model's combiner reads, each in roughly [-1, 2]:
 * compound, log1p(positive sum), log1p(negative sum), log1p(#positive words),
 * log1p(#negative words), any negator (0/1), log1p(#words)/4, share of words that are polar.
 */
export function lexiconFeatures(tokens: readonly string[], out: Float32Array = new Float32Array(LEXICON_FEATURE_COUNT), offset = 0): Float32Array {
  const s = scoreLexicon(tokens);
  out[offset] = s.compound;
  out[offset + 1] = Math.log1p(s.positive);
  out[offset + 2] = Math.log1p(s.negative);
  out[offset + 3] = Math.log1p(s.positiveWords);
  out[offset + 4] = Math.log1p(s.negativeWords);
  out[offset + 5] = s.negations > 0 ? 1 : 0;
  out[offset + 6] = Math.log1p(s.words) / 4;
  out[offset + 7] = s.words === 0 ? 0 : (s.positiveWords + s.negativeWords) / s.words;
  return out;
}
