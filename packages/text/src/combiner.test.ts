/** The combiner (product of experts) and an analyser built from an ensemble: hand-derived values. */
import { describe, expect, it } from 'vitest';
import { layers, sequential, setSeed, tensor } from '@neurite/core';
import { Tokenizer } from '@neurite/tokenizer';
import { combine, combineExperts, lexiconExpert, lexiconFeaturesOfIds, tokensOfIds, type CombinerConfig } from './combiner.js';
import { lexiconFeatures, LEXICON_FEATURE_COUNT } from './lexicon.js';
import { SentimentAnalyzer } from './analyzer.js';
import { normalizeText } from './preprocess.js';

const tok = new Tokenizer({ oovToken: '<OOV>' });
tok.fitOnTexts(['the food was not good', 'great crew', 'bad']);

describe('combiner', () => {
  it('reads the tokens back from padded ids', () => {
    const ids = Int32Array.from([0, 0, ...tok.textsToSequences(['the food was not good'])[0], 0, 0, 0, 0, 0, ...tok.textsToSequences(['zebra great'])[0]]);
    expect(tokensOfIds(tok, ids, 0, 7)).toEqual(['the', 'food', 'was', 'not', 'good']);
    expect(tokensOfIds(tok, ids, 7, 7)).toEqual(['<OOV>', 'great']);
    const f = lexiconFeaturesOfIds(tok, ids, 2, 7);
    expect(Array.from(f.subarray(0, LEXICON_FEATURE_COUNT))).toEqual(Array.from(lexiconFeatures(['the', 'food', 'was', 'not', 'good'])));
  });

  it('lexicon expert: softmax(features · kernel + bias)', () => {
    const kernel = new Array(LEXICON_FEATURE_COUNT * 3).fill(0);
    kernel[0] = -2; // compound → negative logit
    kernel[2] = 2; // compound → positive logit
    const features = new Float32Array(LEXICON_FEATURE_COUNT);
    features[0] = 0.5;
    const p = lexiconExpert(features, 1, kernel, [0, 0.5, 0]);
    const z = [-1, 0.5, 1];
    const e = z.map(Math.exp);
    const s = e[0] + e[1] + e[2];
    for (let c = 0; c < 3; c++) expect(p[c]).toBeCloseTo(e[c] / s, 6);
  });

  const a = [0.7, 0.2, 0.1];
  const b = [0.1, 0.3, 0.6];
  const lex = [0.2, 0.5, 0.3];

  it('weights 1/0 give a member back; equal lexicon weights give the normalised geometric mean', () => {
    const alone = combineExperts([a, b], lex, 1, [1, 0], 0, 0);
    a.forEach((v, c) => expect(alone[c]).toBeCloseTo(v, 6));
    const mixed = combineExperts([a, b], lex, 1, [0.25, 0.25], 0.5, 0.5);
    const g = a.map((v, c) => Math.sqrt(Math.sqrt(v * b[c]) * lex[c]));
    const gs = g[0] + g[1] + g[2];
    g.forEach((v, c) => expect(mixed[c]).toBeCloseTo(v / gs, 6));
    // zero probabilities are floored, never -Infinity / NaN
    const zero = combineExperts([[1, 0, 0]], [0, 0, 1], 1, [1], 1, 1);
    expect(Array.from(zero).every(Number.isFinite)).toBe(true);
  });

  it('direction and neutrality weights act on their own contrasts', () => {
    const [ln, lu, lp] = lex.map(Math.log);
    const d = (lp - ln) / 2;
    const u = lu - (ln + lp) / 2;
    const softmax = (z: number[]) => {
      const e = z.map(Math.exp);
      const s = e[0] + e[1] + e[2];
      return e.map((v) => v / s);
    };
    const cases: [number, number][] = [[0.8, 0], [0, 0.8], [0.3, 1.1]];
    for (const [dw, uw] of cases) {
      const got = combineExperts([a], lex, 1, [1], dw, uw);
      const want = softmax([Math.log(a[0]) - dw * d, Math.log(a[1]) + uw * u, Math.log(a[2]) + dw * d]);
      want.forEach((v, c) => expect(got[c]).toBeCloseTo(v, 6));
    }
    // the neutrality vote leaves the positive/negative ratio alone
    const onlyNeutral = combineExperts([a], lex, 1, [1], 0, 2);
    expect(onlyNeutral[2] / onlyNeutral[0]).toBeCloseTo(a[2] / a[0], 5);
  });
});

describe('SentimentAnalyzer with an ensemble', () => {
  function member(seed: number) {
    setSeed(seed);
    const m = sequential();
    m.add(layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 6 }));
    m.add(layers.lstm({ units: 3 }));
    m.add(layers.dense({ units: 3, activation: 'softmax' }));
    m.build([null, 6]);
    return m;
  }
  const members = [member(1), member(2)];
  const kernel = Array.from({ length: LEXICON_FEATURE_COUNT * 3 }, (_, i) => ((i % 5) - 2) / 4);
  const combiner: CombinerConfig = { memberWeights: [0.4, 0.3], lexiconDirectionWeight: 0.3, lexiconNeutralityWeight: 0.6, lexiconKernel: kernel, lexiconBias: [0.1, 0.2, -0.1] };
  const analyzer = new SentimentAnalyzer({ model: members[0], tokenizer: tok, labels: ['negative', 'neutral', 'positive'], maxlen: 6, truncating: 'pre', preprocess: normalizeText, ensemble: { members, combiner } });

  it('scores = combine(members on the padded ids, lexicon features of the same ids)', () => {
    const texts = ['the food was not good', 'great crew !'];
    const results = analyzer.analyze(texts);
    const seqs = tok.textsToSequences(texts.map(normalizeText));
    const ids = new Int32Array(12);
    seqs.forEach((s, i) => ids.set(s.slice(-6), i * 6 + 6 - Math.min(6, s.length)));
    const x = tensor(ids, [2, 6], 'int32');
    const expected = combine(combiner, tok, ids, 2, 6, members.map((m) => m.predict(x).data));
    results.forEach((r, i) => {
      expect(r.scores.negative).toBeCloseTo(expected[i * 3], 6);
      expect(r.scores.neutral).toBeCloseTo(expected[i * 3 + 1], 6);
      expect(r.scores.positive).toBeCloseTo(expected[i * 3 + 2], 6);
      expect(r.scores.negative + r.scores.neutral + r.scores.positive).toBeCloseTo(1, 6);
    });
  });

  it('explain occludes each token for the members and the lexicon expert alike', () => {
    const r = analyzer.analyze('the food was not good', { explain: true });
    expect(r.contributions!.map((c) => c.token)).toEqual(['the', 'food', 'was', 'not', 'good']);
    const without = analyzer.analyze('the food was good');
    expect(r.scores[r.label] - without.scores[r.label]).toBeCloseTo(r.contributions![3].contribution, 6);
  });
});
