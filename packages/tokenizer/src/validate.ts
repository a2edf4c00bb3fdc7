import { TokenizerInputError, TokenizerValueError } from './errors.js';

/** A text, or a text already split into tokens (Keras accepts lists of tokens). */
export type TextInput = string | readonly string[];

/** A sequence of word indices: a plain array or any array-like (e.g. Int32Array). */
export type Sequence = ArrayLike<number>;

/** Checks that `texts` is a collection (not a bare string) and returns it as an array. */
export function collectTexts(texts: unknown, name = 'texts'): unknown[] {
  if (typeof texts === 'string') {
    throw new TokenizerInputError(
      name,
      texts,
      'an array of strings',
      `Wrap a single text in an array: [text]. (Keras would silently treat every character as a document.)`,
    );
  }
  if (texts === null || typeof texts !== 'object' || !(Symbol.iterator in texts)) {
    throw new TokenizerInputError(name, texts, 'an array (or iterable) of strings', 'Pass e.g. ["some text", "more text"].');
  }
  return Array.isArray(texts) ? texts : Array.from(texts as Iterable<unknown>);
}

/** Throws unless `value` is a string or an array of strings. */
export function checkText(value: unknown, path: string): asserts value is TextInput {
  if (typeof value === 'string') return;
  if (Array.isArray(value)) {
    for (let j = 0; j < value.length; j++) {
      if (typeof value[j] !== 'string') {
        throw new TokenizerInputError(
          `${path}[${j}]`,
          value[j],
          'a string token (an array element of a pre-tokenized text must be a string)',
          'Convert tokens with String(token) or remove them.',
        );
      }
    }
    return;
  }
  throw new TokenizerInputError(
    path,
    value,
    'a string (or an array of string tokens)',
    'Convert it with String(value), or filter out null/undefined entries before calling.',
  );
}

/** Checks `sequences` is a collection of array-likes of numbers; returns it as an array. */
export function collectSequences(
  sequences: unknown,
  name: string,
  integers: boolean,
): Sequence[] {
  if (sequences === null || typeof sequences !== 'object' || !(Symbol.iterator in sequences)) {
    throw new TokenizerInputError(name, sequences, 'an array of sequences (arrays of numbers)', 'Pass e.g. [[1, 2], [3]].');
  }
  const list = Array.isArray(sequences) ? sequences : Array.from(sequences as Iterable<unknown>);
  for (let i = 0; i < list.length; i++) {
    const seq = list[i] as unknown;
    const isArrayLike =
      Array.isArray(seq) || (ArrayBuffer.isView(seq) && !(seq instanceof DataView));
    if (!isArrayLike) {
      throw new TokenizerInputError(
        `${name}[${i}]`,
        seq,
        'an array of numbers (or a typed array)',
        'Each sequence must be a list of integer word indices, e.g. [4, 17, 2].',
      );
    }
    const arr = seq as ArrayLike<unknown>;
    for (let j = 0; j < arr.length; j++) {
      const v = arr[j];
      const ok = typeof v === 'number' && (integers ? Number.isInteger(v) : !Number.isNaN(v));
      if (!ok) {
        throw new TokenizerInputError(
          `${name}[${i}][${j}]`,
          v,
          integers ? 'an integer' : 'a number',
          'Sequences hold integer word indices; convert with Math.trunc(Number(x)) or drop the element.',
        );
      }
    }
  }
  return list as Sequence[];
}

export function checkBoolean(name: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new TokenizerInputError(`options.${name}`, value, 'a boolean', `Pass ${name}: true or false.`);
  }
}

/** `null`/`undefined` → null; otherwise a non-negative safe integer. */
export function checkNonNegativeInt(name: string, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TokenizerInputError(`options.${name}`, value, 'a non-negative integer or null', `Pass ${name} as an integer.`);
  }
  if (value < 0) {
    throw new TokenizerValueError(`options.${name} must be >= 0 (got ${value}).`);
  }
  return value;
}
