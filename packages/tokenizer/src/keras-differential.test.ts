// Differential test: Neurite against the original Keras implementation
// (Debian python3-keras-preprocessing) on real and adversarial text.
import { beforeAll, describe, expect, it } from 'vitest';
import { adversarialTexts, prng, randomSequences } from './adversarial-text.js';
import { findKerasPython, readTexts, runOracle, sampleEvery, SENTIMENT_SETS } from './keras-oracle.js';
import { padSequences, type PadSequencesOptions } from './pad-sequences.js';
import { pyLoads, type PyJson } from './python-json.js';
import type { MatrixMode } from './sequences-to-matrix.js';
import { Tokenizer, type TokenizerOptions } from './tokenizer.js';
import type { TextInput } from './validate.js';

type Attempt<T> = { ok: T } | { error: string };
interface KerasCase {
  raw_json: string;
  json: string;
  word_index: [string, number][];
  index_word: [number, string][];
  word_counts: [string, number][];
  word_docs: [string, number][];
  index_docs: [number, number][];
  document_count: number;
  sequences: Attempt<number[][]>;
  texts: Attempt<string[]>;
  matrices: Record<MatrixMode, Attempt<{ shape: [number, number]; nonzero: [number, number, number][] }>>;
  from_our_json: { sequences: Attempt<number[][]>; json_identical: boolean };
}
type KerasPad = Attempt<{ shape: [number, number]; data: number[] }>;

interface CaseSpec {
  name: string;
  options: TokenizerOptions;
  fits: TextInput[][];
  fitSequences?: number[][];
  convert: TextInput[];
  matrixTexts: TextInput[];
}

const { python, tried } = findKerasPython();
const inCI = !!process.env.CI;

// ---- inputs -------------------------------------------------------------
const train: string[] = [];
const unseen: string[] = [];
for (const set of SENTIMENT_SETS) {
  train.push(...sampleEvery(readTexts(set, 'train') ?? [], 1000));
  unseen.push(...sampleEvery(readTexts(set, 'val') ?? [], 100));
}
const haveData = train.length > 0;
const adv = adversarialTexts(20240611, 1500);
const advUnseen = adversarialTexts(99, 300);
const realPlusAdv = [...train, ...adv];
const convertAll = [...train.slice(0, 300), ...unseen, ...adv.slice(0, 200), ...advUnseen];
const matrixTexts = [...unseen.slice(0, 30), ...advUnseen.slice(0, 30), ''];
const tokenLists: TextInput[] = adv.slice(0, 300).map((t, i) => (i % 2 ? t.split(' ') : t));

const CASES: CaseSpec[] = [
  { name: 'defaults', options: {}, fits: [realPlusAdv], convert: convertAll, matrixTexts },
  { name: 'numWords 1000 + oovToken', options: { numWords: 1000, oovToken: '<OOV>' }, fits: [realPlusAdv], convert: convertAll, matrixTexts },
  { name: 'numWords 50, no OOV', options: { numWords: 50 }, fits: [realPlusAdv], convert: convertAll, matrixTexts },
  { name: 'numWords 0 (falsy) + OOV', options: { numWords: 0, oovToken: 'oov' }, fits: [adv], convert: convertAll, matrixTexts },
  { name: 'charLevel, lower false', options: { charLevel: true, lower: false }, fits: [[...train.slice(0, 500), ...adv]], convert: convertAll, matrixTexts },
  { name: 'charLevel, numWords 30, OOV', options: { charLevel: true, numWords: 30, oovToken: '\u2400' }, fits: [realPlusAdv], convert: convertAll, matrixTexts },
  { name: 'lower false, filters "!?.,"', options: { lower: false, filters: '!?.,' }, fits: [realPlusAdv], convert: convertAll, matrixTexts },
  { name: 'split tab, no filters', options: { split: '\t', filters: '' }, fits: [realPlusAdv], convert: convertAll, matrixTexts },
  { name: 'split "e"', options: { split: 'e' }, fits: [train.slice(0, 800)], convert: convertAll, matrixTexts },
  { name: 'multi-char split ", "', options: { split: ', ' }, fits: [realPlusAdv], convert: convertAll, matrixTexts },
  {
    name: 'Unicode filters with a lone surrogate, split "😀"',
    options: { filters: '😀é\ud83d\u3000\u00a0!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n', split: '😀' },
    fits: [realPlusAdv],
    convert: convertAll,
    matrixTexts,
  },
  { name: 'OOV token that is also a word', options: { oovToken: 'the', numWords: 200 }, fits: [realPlusAdv], convert: convertAll, matrixTexts },
  { name: 'pre-tokenized texts', options: { oovToken: '<u>' }, fits: [tokenLists], convert: [...tokenLists.slice(0, 100), ...advUnseen], matrixTexts: tokenLists.slice(0, 40) },
  {
    name: 'two fits + fitOnSequences',
    options: { numWords: 500 },
    fits: [train.slice(0, 1500), adv],
    fitSequences: randomSequences(5, 200, 600),
    convert: convertAll,
    matrixTexts,
  },
  { name: 'fitted on nothing', options: { oovToken: '<u>' }, fits: [[], ['']], convert: ['', ' . '], matrixTexts: [''] },
];

interface Ours {
  tok: Tokenizer;
  json: string;
  seqToText: number[][];
}
const ours: Ours[] = CASES.map((c, i) => {
  const tok = new Tokenizer(c.options);
  for (const texts of c.fits) tok.fitOnTexts(texts);
  if (c.fitSequences) tok.fitOnSequences(c.fitSequences);
  return { tok, json: tok.toJSON(), seqToText: randomSequences(1000 + i, 150, tok.wordIndex.size) };
});

const PAD_SEQS = [
  ...randomSequences(7, 40, 60),
  [1.5, -2.7, 3.99],
  [],
  [5, 4, 3, 2, 1, 0, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
];
const PADS: { sequences: number[][]; kwargs: PadSequencesOptions }[] = [];
for (const maxlen of [undefined, 0, 1, 5, 20])
  for (const padding of ['pre', 'post'] as const)
    for (const truncating of ['pre', 'post'] as const)
      for (const value of [0, -1, 3.7])
        for (const dtype of ['int32', 'float32'] as const)
          PADS.push({ sequences: PAD_SEQS, kwargs: { maxlen, padding, truncating, value, dtype } });
PADS.push({ sequences: [], kwargs: {} }, { sequences: [], kwargs: { maxlen: 3 } }, { sequences: [[], []], kwargs: {} });

// ---- helpers ------------------------------------------------------------
const toPython = (o: TokenizerOptions) => ({
  ...(o.numWords !== undefined && { num_words: o.numWords }),
  ...(o.filters !== undefined && { filters: o.filters }),
  ...(o.lower !== undefined && { lower: o.lower }),
  ...(o.split !== undefined && { split: o.split }),
  ...(o.charLevel !== undefined && { char_level: o.charLevel }),
  ...(o.oovToken !== undefined && { oov_token: o.oovToken }),
});

function expectSame<T>(k: Attempt<T>, run: () => T, what: string): void {
  if ('ok' in k) expect(run(), what).toEqual(k.ok);
  else expect(run, `${what}: Keras raised ${k.error}`).toThrow();
}

/** Parse a Keras JSON and turn each inner dictionary into sorted entries. */
function unordered(json: string): Record<string, PyJson> {
  const config = (pyLoads(json) as Map<string, PyJson>).get('config') as Map<string, PyJson>;
  const out: Record<string, PyJson> = {};
  for (const [k, v] of config) {
    out[k] = typeof v === 'string' && v.startsWith('{') ? JSON.stringify([...(pyLoads(v) as Map<string, PyJson>)].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) : v;
  }
  return out;
}

// ---- the test -------------------------------------------------------------
if (!python) {
  const why = `python3 with keras_preprocessing not found (tried ${tried.join('; ')}). ` +
    'Install it: apt-get install -y python3-keras-preprocessing (or set NEURITE_PYTHON).';
  if (inCI) {
    describe('Keras differential test', () => {
      it('requires python3-keras-preprocessing in CI', () => {
        throw new Error(why);
      });
    });
  } else {
    console.warn(`[tokenizer] SKIPPING Keras differential test: ${why}`);
    describe.skip(`Keras differential test (skipped: ${why})`, () => {
      it('needs keras_preprocessing', () => {});
    });
  }
} else {
  describe(`Keras differential test (${python})`, () => {
    let keras: { cases: KerasCase[]; pads: KerasPad[] };

    beforeAll(async () => {
      keras = await runOracle(python, {
        cases: CASES.map((c, i) => ({
          options: toPython(c.options),
          fits: c.fits,
          fit_sequences: c.fitSequences ?? null,
          convert: c.convert,
          matrix_texts: c.matrixTexts,
          seq_to_text: ours[i].seqToText,
          our_json: ours[i].json,
        })),
        pads: PADS.map((p) => ({ sequences: p.sequences, kwargs: { ...p.kwargs, maxlen: p.kwargs.maxlen ?? null } })),
      });
    });

    it('uses real data rows', () => {
      if (!haveData && inCI) throw new Error('sentiment data not found; set NEURITE_DATA');
      if (!haveData) console.warn('[tokenizer] sentiment data not found: differential test uses generated text only');
      expect(train.length + adv.length).toBeGreaterThan(1000);
    });

    CASES.forEach((c, i) => {
      describe(c.name, () => {
        const { tok } = ours[i];
        it('vocabulary: word_index, index_word, word_counts, word_docs, index_docs, document_count', () => {
          const k = keras.cases[i];
          expect([...tok.wordIndex]).toEqual(k.word_index);
          expect([...tok.indexWord]).toEqual(k.index_word);
          expect([...tok.wordCounts]).toEqual(k.word_counts);
          expect([...tok.wordDocs]).toEqual(k.word_docs);
          expect([...tok.indexDocs]).toEqual(k.index_docs);
          expect(tok.documentCount).toBe(k.document_count);
        });
        it('texts_to_sequences and sequences_to_texts', () => {
          const k = keras.cases[i];
          expectSame(k.sequences, () => tok.textsToSequences(c.convert), 'sequences');
          expectSame(k.texts, () => tok.sequencesToTexts(ours[i].seqToText), 'texts');
        });
        it('texts_to_matrix in every mode', () => {
          for (const mode of ['binary', 'count', 'tfidf', 'freq'] as const) {
            const k = keras.cases[i].matrices[mode];
            if (!('ok' in k)) {
              expect(() => tok.textsToMatrix(c.matrixTexts, mode), `${mode}: Keras raised ${k.error}`).toThrow();
              continue;
            }
            const m = tok.textsToMatrix(c.matrixTexts, mode);
            expect(m.shape, mode).toEqual(k.ok.shape);
            const nz: [number, number, number][] = [];
            m.data.forEach((v, at) => v !== 0 && nz.push([Math.floor(at / m.shape[1]), at % m.shape[1], v]));
            expect(nz.length, mode).toBe(k.ok.nonzero.length);
            nz.forEach(([r, col, v], n) => {
              const [kr, kc, kv] = k.ok.nonzero[n];
              expect([r, col], mode).toEqual([kr, kc]);
              if (mode === 'tfidf') expect(Math.abs(v - kv) / Math.abs(kv), `tfidf (${r}, ${col})`).toBeLessThan(1e-12);
              else expect(v, mode).toBe(kv);
            });
          }
        });
        it('to_json: byte-identical (ordered sets), structurally identical to stock Keras', () => {
          const k = keras.cases[i];
          expect(ours[i].json).toBe(k.json);
          expect(unordered(ours[i].json)).toEqual(unordered(k.raw_json));
        });
        it('Keras loads our JSON; we load Keras JSON; both lossless', () => {
          const k = keras.cases[i];
          expect(k.from_our_json.json_identical, 'Keras to_json() of our JSON').toBe(true);
          expectSame(k.from_our_json.sequences, () => tok.textsToSequences(c.convert), 'Keras from our JSON');
          const loaded = Tokenizer.fromJSON(k.raw_json);
          expect(loaded.toJSON()).toBe(k.raw_json);
          expectSame(k.sequences, () => loaded.textsToSequences(c.convert), 'ours from Keras JSON');
        });
      });
    });

    it(`pad_sequences: ${PADS.length} option combinations`, () => {
      PADS.forEach((p, n) => {
        const k = keras.pads[n];
        const what = `pad #${n} ${JSON.stringify(p.kwargs)} on ${p.sequences.length} sequences`;
        if (!('ok' in k)) {
          expect(() => padSequences(p.sequences, p.kwargs), `${what}: Keras raised ${k.error}`).toThrow();
          return;
        }
        const r = padSequences(p.sequences, p.kwargs);
        expect(r.shape, what).toEqual(k.ok.shape);
        expect([...r.data], what).toEqual(k.ok.data);
      });
    });
  });
}

// Keep the PRNG honest: same seed, same text (the inputs above are reproducible).
it('adversarial generator is deterministic', () => {
  expect(adversarialTexts(20240611, 5)).toEqual(adversarialTexts(20240611, 5));
  expect(prng(1)()).not.toBe(prng(2)());
});
