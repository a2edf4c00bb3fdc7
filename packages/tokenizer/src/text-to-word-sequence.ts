import { TokenizerInputError, TokenizerValueError } from './errors.js';
import { pythonLower } from './python-lower.js';

/** Keras' default `filters`: ASCII punctuation except `'`, plus tab and newline. */
export const DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

export interface TextToWordSequenceOptions {
  /** Characters replaced by `split` before splitting. Default {@link DEFAULT_FILTERS}. */
  filters?: string;
  /** Lowercase (Python `str.lower()`) before filtering. Default true. */
  lower?: boolean;
  /** Separator (any non-empty string). Default `' '`. */
  split?: string;
}

/**
 * A compiled `filters` + `split` pair: Python's
 * `text.translate(str.maketrans({c: split for c in filters})).split(split)`,
 * with empty pieces dropped.
 */
export class WordSplitter {
  private readonly filterRe: RegExp | null;
  private readonly filterSet: Set<number>;
  private readonly splitCodePoints: number[];
  /** The separator begins or ends with a lone surrogate: JS split would cut pairs. */
  private readonly splitNeedsCodePoints: boolean;
  /**
   * Fast path when split is one BMP code unit and every filter is a BMP
   * non-surrogate: a code unit is a word boundary iff it is a filter or the
   * separator, so one scan with slices replaces translate + split. Lone
   * surrogates in the text can never be boundaries, so they need no care.
   */
  private readonly boundary: Uint8Array | null;

  constructor(
    readonly filters: string,
    readonly split: string,
  ) {
    this.filterSet = new Set(Array.from(filters, (c) => c.codePointAt(0) as number));
    // A character class of code points; with the `u` flag it matches a lone
    // surrogate only where it is lone, like Python's code-point strings.
    const cls = [...this.filterSet].map((cp) => `\\u{${cp.toString(16)}}`).join('');
    this.filterRe = cls ? new RegExp(`[${cls}]`, 'gu') : null;
    this.splitCodePoints = Array.from(split, (c) => c.codePointAt(0) as number);
    this.splitNeedsCodePoints = !isWellFormed(split);
    this.boundary = null;
    const isBmpUnit = (cp: number) => cp <= 0xffff && (cp < 0xd800 || cp > 0xdfff);
    if (split.length === 1 && isBmpUnit(split.charCodeAt(0)) && [...this.filterSet].every(isBmpUnit)) {
      const table = new Uint8Array(0x10000);
      table[split.charCodeAt(0)] = 1;
      for (const cp of this.filterSet) table[cp] = 1;
      this.boundary = table;
    }
  }

  /** Tokens of an already lowercased (or deliberately not lowercased) text. */
  words(text: string): string[] {
    if (this.split === '') throw emptySeparator();
    const table = this.boundary;
    if (table !== null) {
      const out: string[] = [];
      let start = 0;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        if (table[text.charCodeAt(i)] === 1) {
          if (i > start) out.push(text.slice(start, i));
          start = i + 1;
        }
      }
      if (n > start) out.push(start === 0 ? text : text.slice(start));
      return out;
    }
    if (this.splitNeedsCodePoints || !isWellFormed(text)) return this.wordsByCodePoint(text);
    const replaced =
      this.filterRe === null ? text : text.replace(this.filterRe, () => this.split);
    const pieces = replaced.split(this.split);
    const out: string[] = [];
    for (const p of pieces) if (p !== '') out.push(p);
    return out;
  }

  /**
   * Slow, exact path for texts with lone surrogates: work on code points, as
   * Python does, so a lone surrogate never pairs up with a neighbour while
   * matching the separator.
   */
  private wordsByCodePoint(text: string): string[] {
    const cps: number[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0) as number;
      if (this.filterSet.has(cp)) cps.push(...this.splitCodePoints);
      else cps.push(cp);
    }
    const sep = this.splitCodePoints;
    const out: string[] = [];
    let start = 0;
    let i = 0;
    while (i <= cps.length - sep.length) {
      let match = true;
      for (let k = 0; k < sep.length; k++) {
        if (cps[i + k] !== sep[k]) {
          match = false;
          break;
        }
      }
      if (match) {
        if (i > start) out.push(fromCodePoints(cps, start, i));
        i += sep.length;
        start = i;
      } else {
        i++;
      }
    }
    if (cps.length > start) out.push(fromCodePoints(cps, start, cps.length));
    return out;
  }
}

export function emptySeparator(): TokenizerValueError {
  return new TokenizerValueError(
    "empty separator: Keras calls text.split(split) and Python raises ValueError for split=''. " +
      'Use a non-empty split, or charLevel: true.',
  );
}

/**
 * Keras' `text_to_word_sequence`: lowercase, replace every filter character
 * by `split`, split on `split`, drop empty strings.
 */
export function textToWordSequence(text: string, options: TextToWordSequenceOptions = {}): string[] {
  if (typeof text !== 'string') {
    throw new TokenizerInputError('text', text, 'a string', 'Pass a string, e.g. String(value).');
  }
  const filters = options.filters ?? DEFAULT_FILTERS;
  const split = options.split ?? ' ';
  checkStringOption('filters', filters);
  checkStringOption('split', split);
  const lower = options.lower ?? true;
  if (lastSplitter === null || lastSplitter.filters !== filters || lastSplitter.split !== split) {
    lastSplitter = new WordSplitter(filters, split);
  }
  return lastSplitter.words(lower ? pythonLower(text) : text);
}

let lastSplitter: WordSplitter | null = null;

export function checkStringOption(name: string, value: unknown): void {
  if (typeof value !== 'string') {
    throw new TokenizerInputError(`options.${name}`, value, 'a string', `Pass ${name} as a string.`);
  }
}

function fromCodePoints(cps: number[], start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i += 4096) {
    s += String.fromCodePoint(...cps.slice(i, Math.min(end, i + 4096)));
  }
  return s;
}

const LONE_SURROGATE = /\p{Cs}/u;

/** True when the string has no lone surrogate (String#isWellFormed where available). */
export function isWellFormed(s: string): boolean {
  const native = (s as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(s) : !LONE_SURROGATE.test(s);
}
