/**
 * The shipped model's last step: a weighted product of experts. Each member network gives
 * probabilities p_k; a small logistic regression over the lexicon features (src/lexicon.ts)
 * gives p_lex = (n, u, p) for negative / neutral / positive. The result is softmax(z) with
 *   z = Σ_k w_k · log p_k + d · [-D, 0, +D] + u_w · [0, U, 0],
 *   D = (log p − log n) / 2 (the lexicon's direction), U = log u − (log n + log p) / 2 (its
 *   neutral-versus-polar vote).
 * With d = u_w = w this is exactly the plain product p_members^… · p_lex^w; separate weights let
 * the lexicon speak more on "is there any sentiment at all" (where it generalises to reviews and
 * news far better than the networks) than on "which way" (where the networks are much better
 * in-domain). The weights were chosen on validation data (see the model card).
 */
import type { Tokenizer } from '@neurite/tokenizer';
import { lexiconFeatures, LEXICON_FEATURE_COUNT } from './lexicon.js';

export interface CombinerConfig {
  /** Weight of each member network's log-probabilities, in member order. */
  memberWeights: number[];
  /** Weight d of the lexicon expert's direction, (log p_pos − log p_neg) / 2. */
  lexiconDirectionWeight: number;
  /** Weight of the lexicon expert's neutral-versus-polar vote, log p_neu − (log p_neg + log p_pos) / 2. */
  lexiconNeutralityWeight: number;
  /** Lexicon expert: logits = features · kernel + bias; kernel is [LEXICON_FEATURE_COUNT, 3] row-major. */
  lexiconKernel: number[];
  lexiconBias: number[];
}

const FLOOR = 1e-7;

/** The tokens a row of padded ids stands for (padding skipped; ids unknown to the tokenizer read as ''). */
export function tokensOfIds(tokenizer: Tokenizer, ids: ArrayLike<number>, start: number, length: number): string[] {
  const out: string[] = [];
  for (let t = start; t < start + length; t++) if (ids[t] > 0) out.push(tokenizer.indexWord.get(ids[t]) ?? '');
  return out;
}

/** Lexicon features of each row of padded ids, [n, LEXICON_FEATURE_COUNT] row-major. */
export function lexiconFeaturesOfIds(tokenizer: Tokenizer, ids: ArrayLike<number>, n: number, maxlen: number): Float32Array {
  const out = new Float32Array(n * LEXICON_FEATURE_COUNT);
  for (let i = 0; i < n; i++) lexiconFeatures(tokensOfIds(tokenizer, ids, i * maxlen, maxlen), out, i * LEXICON_FEATURE_COUNT);
  return out;
}

/** The lexicon expert's probabilities, [n, 3]. */
export function lexiconExpert(features: Float32Array, n: number, kernel: ArrayLike<number>, bias: ArrayLike<number>): Float32Array {
  const k = LEXICON_FEATURE_COUNT;
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const z = [bias[0], bias[1], bias[2]];
    for (let f = 0; f < k; f++) for (let c = 0; c < 3; c++) z[c] += features[i * k + f] * kernel[f * 3 + c];
    softmaxInto(z, out, i * 3);
  }
  return out;
}

function softmaxInto(z: number[], out: Float32Array, at: number): void {
  const m = Math.max(z[0], z[1], z[2]);
  const e = z.map((v) => Math.exp(v - m));
  const s = e[0] + e[1] + e[2];
  for (let c = 0; c < 3; c++) out[at + c] = e[c] / s;
}

/** The combined probabilities (see the top of this file) for [n, 3] inputs in [negative, neutral, positive] order. */
export function combineExperts(memberProbs: ArrayLike<number>[], lexiconProbs: ArrayLike<number>, n: number, memberWeights: readonly number[], directionWeight: number, neutralityWeight: number): Float32Array {
  const out = new Float32Array(n * 3);
  const log = (v: number) => Math.log(Math.max(v, FLOOR));
  for (let i = 0; i < n; i++) {
    const z = [0, 0, 0];
    for (let c = 0; c < 3; c++) for (let k = 0; k < memberProbs.length; k++) z[c] += memberWeights[k] * log(memberProbs[k][i * 3 + c]);
    const [ln, lu, lp] = [log(lexiconProbs[i * 3]), log(lexiconProbs[i * 3 + 1]), log(lexiconProbs[i * 3 + 2])];
    const direction = (lp - ln) / 2;
    z[0] -= directionWeight * direction;
    z[2] += directionWeight * direction;
    z[1] += neutralityWeight * (lu - (ln + lp) / 2);
    softmaxInto(z, out, i * 3);
  }
  return out;
}

/** The whole combiner for padded ids and the members' outputs on them. */
export function combine(config: CombinerConfig, tokenizer: Tokenizer, ids: ArrayLike<number>, n: number, maxlen: number, memberProbs: ArrayLike<number>[]): Float32Array {
  const lex = lexiconExpert(lexiconFeaturesOfIds(tokenizer, ids, n, maxlen), n, config.lexiconKernel, config.lexiconBias);
  return combineExperts(memberProbs, lex, n, config.memberWeights, config.lexiconDirectionWeight, config.lexiconNeutralityWeight);
}
