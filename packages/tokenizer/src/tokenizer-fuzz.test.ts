/**
 * Property-based tests (fast-check): random and mutated Unicode (lone surrogates, control
 * characters, emoji, combining marks, long runs) under random option combinations. Whatever the
 * input, the Tokenizer either answers (with well-formed sequences and matrices) or throws one of
 * its typed errors; it never hangs on bounded input, and toJSON → fromJSON is lossless.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenizerInputError, TokenizerValueError } from './errors.js';
import { MATRIX_MODES } from './sequences-to-matrix.js';
import { Tokenizer, type TokenizerOptions } from './tokenizer.js';

const RUNS = 300;

/** Pieces chosen to hurt: lone and paired surrogates, C0/C1 controls, BOM, joiners, RTL marks, JS-special words. */
const HOSTILE = [
  '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', '\ud83d\ude00', '\u0000', '\u0001', '\u0008', '\u001b', '\u007f',
  '\u0085', '\u009f', '\ufeff', '\ufffe', '\uffff', '\u200b', '\u200d', '\u202e', '\u2028', '\u2029', '\t', '\n', '\r\n', '\v', '\f',
  '\u00a0', '\u3000', '😀', '👨‍👩‍👧', '🇫🇷', '👍🏽', '❤️', 'e\u0301', 'a\u0308\u0301\u0323', '\u0301', '\u0345', 'İ', 'ß', 'ﬁ', 'Σ', 'ΌΣ',
  '\u{10ffff}', '\u{1d400}', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '"', '\\', '\\u0000', '{', '}', '[', ']', 'NaN', '-0',
];

/** One UTF-16 code unit, any value (so lone surrogates appear often). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** A run of one piece repeated up to 3,000 times (long tokens, long separator runs). */
const longRun = fc.tuple(fc.constantFrom('a', ' ', '!', 'é', '😀', '\u0301', '\ud800', 'ab '), fc.integer({ min: 100, max: 3000 })).map(([s, n]) => s.repeat(n));
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('the', 'The', 'cat', 'CAT', 'sat', 'on', 'mat', ' ', ' ', '.', ',', "it's") },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: codeUnit },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: longRun },
);
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

/** A text with a few code units replaced, deleted or duplicated (e.g. a surrogate pair split in two). */
const mutatedText = fc.tuple(text, fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'delete', 'duplicate'), codeUnit), { maxLength: 5 })).map(([s, edits]) => {
  let out = s;
  for (const [at, op, unit] of edits) {
    if (out.length === 0) break;
    const i = at % out.length;
    out = op === 'replace' ? out.slice(0, i) + unit + out.slice(i + 1) : op === 'delete' ? out.slice(0, i) + out.slice(i + 1) : out.slice(0, i + 1) + out.slice(i);
  }
  return out;
});
const anyText = fc.oneof(text, mutatedText);
const tokenList = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 10 });
const texts = fc.array(fc.oneof({ weight: 5, arbitrary: anyText }, { weight: 1, arbitrary: tokenList }), { maxLength: 12 });

const options: fc.Arbitrary<TokenizerOptions> = fc.record(
  {
    numWords: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 40 })),
    filters: fc.oneof(fc.constantFrom('', '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n', '\ud800😀\u0301 '), fc.string({ unit: 'binary', maxLength: 10 })),
    lower: fc.boolean(),
    // '' is invalid with word splitting (Keras: "empty separator"): it must fail typed.
    split: fc.oneof(fc.constantFrom(' ', '', '\n', '  ', '\ud800', '😀', 'e\u0301'), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })),
    charLevel: fc.boolean(),
    oovToken: fc.oneof(fc.constant(null), fc.constantFrom('<OOV>', '', '\ud800', 'the', '__proto__'), fc.string({ unit: 'binary', maxLength: 5 })),
    documentCount: fc.integer({ min: 0, max: 5 }),
  },
  { requiredKeys: [] },
);

/** Sequences as users hand them: valid indices, out-of-range ones, and now and then garbage. */
const sequences = fc.array(
  fc.array(
    fc.oneof(
      { weight: 10, arbitrary: fc.integer({ min: 0, max: 60 }) },
      { weight: 1, arbitrary: fc.integer({ min: -5, max: 2 ** 31 }) },
      { weight: 1, arbitrary: fc.constantFrom(1.5, Number.NaN, Infinity, -0) },
    ),
    { maxLength: 20 },
  ),
  { maxLength: 8 },
);

/** Runs `fn`; an error is fine only if it is one of the package's typed errors. */
function typedOrValue<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TokenizerInputError || e instanceof TokenizerValueError) return undefined;
    throw e;
  }
}

function state(t: Tokenizer) {
  return {
    options: [t.numWords, t.filters, t.lower, t.split, t.charLevel, t.oovToken, t.documentCount],
    wordCounts: [...t.wordCounts],
    wordDocs: [...t.wordDocs],
    indexDocs: [...t.indexDocs],
    wordIndex: [...t.wordIndex],
    indexWord: [...t.indexWord],
  };
}

describe('Tokenizer under random Unicode and random options (fast-check)', () => {
  it('fitOnTexts / textsToSequences / sequencesToTexts / textsToMatrix answer well-formed or throw typed errors', () => {
    fc.assert(
      fc.property(options, texts, texts, sequences, fc.constantFrom(...MATRIX_MODES), (opts, fitTexts, queryTexts, seqs, mode) => {
        const t = typedOrValue(() => new Tokenizer(opts));
        if (t === undefined) return;
        typedOrValue(() => t.fitOnTexts(fitTexts));

        const out = typedOrValue(() => t.textsToSequences(queryTexts));
        if (out !== undefined) {
          expect(out).toHaveLength(queryTexts.length);
          // Every index is a known word; without an OOV token none is ≥ numWords (the OOV index may be).
          const bad = out.flat().filter((i) => !(Number.isInteger(i) && i >= 1 && t.indexWord.has(i) && !(t.numWords && t.oovToken === null && i >= t.numWords)));
          expect(bad).toEqual([]);
          const back = typedOrValue(() => t.sequencesToTexts(out));
          if (back !== undefined) expect(back).toHaveLength(out.length);
        }
        const words = typedOrValue(() => t.sequencesToTexts(seqs));
        if (words !== undefined) expect(words.every((w) => typeof w === 'string')).toBe(true);

        const m = typedOrValue(() => t.textsToMatrix(queryTexts, mode));
        if (m !== undefined) {
          expect(m.shape[0]).toBe(queryTexts.length);
          expect(m.data).toHaveLength(m.shape[0] * m.shape[1]);
          expect(m.data.every(Number.isFinite)).toBe(true);
        }
      }),
      { numRuns: RUNS, seed: 20240601 },
    );
  });

  it('toJSON → fromJSON is lossless: same state, same JSON, same sequences and texts', () => {
    fc.assert(
      fc.property(options, texts, texts, (opts, fitTexts, queryTexts) => {
        const t = typedOrValue(() => new Tokenizer(opts));
        if (t === undefined) return;
        typedOrValue(() => t.fitOnTexts(fitTexts));
        const json = t.toJSON();
        const u = Tokenizer.fromJSON(json); // our own output must always load back
        expect(state(u)).toEqual(state(t));
        expect(u.toJSON()).toBe(json);
        const seqT = typedOrValue(() => t.textsToSequences(queryTexts));
        const seqU = typedOrValue(() => u.textsToSequences(queryTexts));
        expect(seqU).toEqual(seqT);
        if (seqT !== undefined) expect(typedOrValue(() => u.sequencesToTexts(seqT))).toEqual(typedOrValue(() => t.sequencesToTexts(seqT)));
      }),
      { numRuns: RUNS, seed: 20240602 },
    );
  });

  it('fromJSON on mutated JSON either loads or throws a typed error', () => {
    const fitted = new Tokenizer({ oovToken: '<OOV>', numWords: 10 });
    fitted.fitOnTexts(['the cat sat on the mat', '😀 e\u0301 \ud800 naïve', 'The END']);
    const json = fitted.toJSON();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.oneof(codeUnit, fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', '0', '-1', 'null', '1e999'))), { minLength: 1, maxLength: 4 }), (edits) => {
        let s = json;
        for (const [at, op, unit] of edits) {
          const i = at % (s.length + 1);
          s = op === 'delete' ? s.slice(0, i) + s.slice(i + 1) : op === 'insert' ? s.slice(0, i) + unit + s.slice(i) : s.slice(0, i) + unit + s.slice(i + 1);
        }
        typedOrValue(() => Tokenizer.fromJSON(s));
      }),
      { numRuns: RUNS, seed: 20240603 },
    );
  });

  it('a 1 MB hostile text goes through fit, sequences, matrix and JSON', () => {
    const unit = 'the cat 😀 \ud800 e\u0301 \u0000\u007f \u202e İ ß ' + 'x'.repeat(50) + ' ';
    const big = unit.repeat(Math.ceil(2 ** 20 / unit.length)).slice(0, 2 ** 20);
    const t = new Tokenizer({ oovToken: '<OOV>' });
    t.fitOnTexts([big, big.slice(1)]);
    const [seq] = t.textsToSequences([big]);
    expect(seq.length).toBeGreaterThan(50_000);
    expect(t.sequencesToTexts([seq])[0].length).toBeGreaterThan(2 ** 19);
    expect(t.textsToMatrix([big], 'tfidf').shape).toEqual([1, t.wordIndex.size + 1]);
    expect(Tokenizer.fromJSON(t.toJSON()).toJSON()).toBe(t.toJSON());
  });
});
