/**
 * Per-token contributions by occlusion: the text is re-scored once with each token removed;
 * a token's contribution is how much the winning label's score drops without it (negative when
 * the token argued against the label). Exact for what the model does, model-agnostic, and
 * costs one forward pass per token read (at most maxTokens), batched.
 */
import type { AnalyzerParts, SentimentAnalyzer, SentimentResult, SentimentScores } from './analyzer.js';
import { LABELS } from './labels.js';

export interface TokenContribution {
  /** The word as the tokenizer produced it (lowercased, punctuation filtered). */
  token: string;
  /** Position among the tokens the model read (0-based). */
  position: number;
  /** score(label) with the token minus score(label) without it. Positive: the token supports the label. */
  contribution: number;
  /** The same difference for each label. */
  deltas: SentimentScores;
}

export function explainText(analyzer: SentimentAnalyzer, parts: AnalyzerParts, words: string[], sequence: number[], kept: number[], result: SentimentResult): TokenContribution[] {
  const m = kept.length;
  const { maxlen } = parts;
  // Align words with ids when the tokenizer maps every word to an id (it has an OOV token).
  const offset = parts.truncating === 'pre' ? sequence.length - m : 0;
  const aligned = words.length === sequence.length;
  const tokenAt = (j: number) => (aligned ? words[offset + j] : parts.tokenizer.indexWord.get(kept[j]) ?? String(kept[j]));
  const ids = new Int32Array(m * maxlen);
  for (let j = 0; j < m; j++) {
    const without = kept.filter((_, k) => k !== j);
    ids.set(without, j * maxlen + (maxlen - without.length));
  }
  const occluded = analyzer.predictIds(ids, m);
  const out: TokenContribution[] = [];
  for (let j = 0; j < m; j++) {
    const deltas = { negative: 0, neutral: 0, positive: 0 } as SentimentScores;
    for (const l of LABELS) deltas[l] = result.scores[l] - occluded[j][l];
    out.push({ token: tokenAt(j), position: j, contribution: deltas[result.label], deltas });
  }
  return out;
}
