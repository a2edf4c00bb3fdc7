import { TokenizerInputError, TokenizerValueError } from './errors.js';
import { collectSequences, type Sequence } from './validate.js';

export type PadDtype = 'int32' | 'float32' | 'float64';

export interface PadSequencesOptions<D extends PadDtype = PadDtype> {
  /** Length of every output row. Default: length of the longest sequence. */
  maxlen?: number | null;
  /** Element type of `data`. Default `'int32'` (what an Embedding layer wants). */
  dtype?: D;
  /** Where to pad short sequences. Default `'pre'`. */
  padding?: 'pre' | 'post';
  /** Which end to cut from long sequences. Default `'pre'` (keep the last maxlen). */
  truncating?: 'pre' | 'post';
  /** Padding value (cast to dtype; int32 truncates toward zero like numpy). Default 0. */
  value?: number;
}

interface DataFor {
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/**
 * A dense row-major `[numSamples, maxlen]` matrix: row i, column t is
 * `data[i * maxlen + t]`. With the default int32 dtype this is exactly the
 * `[batch, sequenceLength]` integer input an Embedding layer expects.
 */
export interface PaddedSequences<D extends PadDtype = 'int32'> {
  data: DataFor[D];
  shape: [numSamples: number, maxlen: number];
  dtype: D;
}

const CTORS = { int32: Int32Array, float32: Float32Array, float64: Float64Array } as const;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function checkMode(name: 'padding' | 'truncating', v: unknown): 'pre' | 'post' {
  if (v !== 'pre' && v !== 'post') {
    const kind = name === 'padding' ? 'Padding' : 'Truncating';
    throw new TokenizerValueError(`${kind} type ${JSON.stringify(v)} not understood (use 'pre' or 'post').`);
  }
  return v;
}

function checkInt32(v: number, what: string): void {
  if (!Number.isFinite(v) || Math.trunc(v) < INT32_MIN || Math.trunc(v) > INT32_MAX) {
    throw new TokenizerValueError(`${what} is ${v}, which does not fit dtype int32; use dtype 'float32' or 'float64'.`);
  }
}

/**
 * Keras' `pad_sequences`: pads (and truncates) every sequence to `maxlen`.
 * Empty sequences become rows of `value`. Like Keras, an empty `sequences`
 * list without `maxlen` throws, and `maxlen: 0` with `truncating: 'pre'`
 * throws for a non-empty sequence (Keras' `s[-0:]` keeps the whole sequence,
 * which cannot be broadcast into a 0-wide row).
 */
export function padSequences<D extends PadDtype = 'int32'>(
  sequences: Iterable<Sequence>,
  options: PadSequencesOptions<D> = {},
): PaddedSequences<D> {
  if (options === null || typeof options !== 'object') {
    throw new TokenizerInputError('options', options, 'an options object', 'Pass e.g. { maxlen: 100 }.');
  }
  const list = collectSequences(sequences, 'sequences', false);
  const dtype = (options.dtype ?? 'int32') as D;
  if (!Object.hasOwn(CTORS, dtype)) {
    throw new TokenizerValueError(`Unsupported dtype ${JSON.stringify(dtype)} (use 'int32', 'float32' or 'float64').`);
  }
  const padding = checkMode('padding', options.padding ?? 'pre');
  const truncating = checkMode('truncating', options.truncating ?? 'pre');
  const value = options.value ?? 0;
  if (typeof value !== 'number') {
    throw new TokenizerInputError('options.value', value, 'a number', 'String padding values are not supported.');
  }
  if (dtype === 'int32') checkInt32(value, 'options.value');

  let maxlen: number;
  if (options.maxlen === null || options.maxlen === undefined) {
    if (list.length === 0) {
      throw new TokenizerValueError(
        'cannot infer maxlen from an empty list of sequences (Keras: zero-size array to reduction operation maximum); pass maxlen.',
      );
    }
    maxlen = 0;
    for (const s of list) if (s.length > maxlen) maxlen = s.length;
  } else {
    maxlen = options.maxlen;
    if (typeof maxlen !== 'number' || !Number.isSafeInteger(maxlen)) {
      throw new TokenizerInputError('options.maxlen', maxlen, 'a non-negative integer or null', 'Pass maxlen as an integer.');
    }
    if (maxlen < 0) throw new TokenizerValueError(`maxlen must be >= 0 (got ${maxlen}): negative dimensions are not allowed.`);
  }

  const n = list.length;
  let data: DataFor[D];
  try {
    data = new CTORS[dtype](n * maxlen) as DataFor[D];
  } catch {
    throw new TokenizerValueError(`a ${n} x ${maxlen} ${dtype} array does not fit in memory; lower maxlen.`);
  }
  if (value !== 0) data.fill(value);

  for (let i = 0; i < n; i++) {
    const s = list[i];
    const len = s.length;
    if (len === 0) continue;
    if (maxlen === 0 && truncating === 'pre') {
      throw new TokenizerValueError(
        `could not broadcast sequences[${i}] of length ${len} into a row of maxlen 0 ` +
          "(Keras keeps s[-0:], the whole sequence, when truncating='pre'; use truncating: 'post').",
      );
    }
    const keep = Math.min(len, maxlen);
    const from = truncating === 'pre' ? len - keep : 0;
    const rowStart = i * maxlen + (padding === 'pre' ? maxlen - keep : 0);
    for (let k = 0; k < keep; k++) {
      const v = s[from + k];
      if (dtype === 'int32') checkInt32(v, `sequences[${i}][${from + k}]`);
      data[rowStart + k] = v;
    }
  }
  return { data, shape: [n, maxlen], dtype };
}
