import { TokenizerInputError, TokenizerValueError } from './errors.js';
import { decodeKerasJson, encodeKerasJson, type KerasTokenizerData } from './keras-json.js';
import { pythonLower } from './python-lower.js';
import {
  MATRIX_MODES,
  sequencesToMatrixCore,
  type Matrix,
  type MatrixMode,
} from './sequences-to-matrix.js';
import { checkStringOption, DEFAULT_FILTERS, emptySeparator, WordSplitter } from './text-to-word-sequence.js';
import {
  checkBoolean,
  checkNonNegativeInt,
  checkText,
  collectSequences,
  collectTexts,
  type Sequence,
  type TextInput,
} from './validate.js';

/** Constructor options; names and defaults are Keras' (camelCased). */
export interface TokenizerOptions {
  /**
   * Keep only words whose index is < numWords, i.e. the numWords − 1 most
   * frequent ones (Keras quirk). `null`, `undefined` or 0: no limit.
   */
  numWords?: number | null;
  /** Characters replaced by `split` before splitting. Default {@link DEFAULT_FILTERS}. */
  filters?: string;
  /** Lowercase texts (Python `str.lower()`) before filtering. Default true. */
  lower?: boolean;
  /** Word separator. Default `' '`. */
  split?: string;
  /** Every code point is a token (filters and split unused). Default false. */
  charLevel?: boolean;
  /** Token given index 1 and used for out-of-vocabulary words. Default none. */
  oovToken?: string | null;
  /** Initial document count (Keras accepts it too). Default 0. */
  documentCount?: number;
}

/**
 * Keras' `keras_preprocessing.text.Tokenizer`, reproduced exactly: same word
 * indices, sequences, matrices and `to_json()` output for the same input.
 */
export class Tokenizer {
  readonly numWords: number | null;
  readonly filters: string;
  readonly lower: boolean;
  readonly split: string;
  readonly charLevel: boolean;
  readonly oovToken: string | null;
  private _documentCount: number;
  private _wordCounts = new Map<string, number>();
  private _wordDocs = new Map<string, number>();
  private _indexDocs = new Map<number, number>();
  private _wordIndex = new Map<string, number>();
  private _indexWord = new Map<number, string>();
  private readonly splitter: WordSplitter;

  constructor(options: TokenizerOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new TokenizerInputError('options', options, 'an options object', 'Pass e.g. { numWords: 10000 }.');
    }
    this.numWords = checkNonNegativeInt('numWords', options.numWords);
    this.filters = options.filters ?? DEFAULT_FILTERS;
    checkStringOption('filters', this.filters);
    this.lower = options.lower ?? true;
    checkBoolean('lower', this.lower);
    this.split = options.split ?? ' ';
    checkStringOption('split', this.split);
    this.charLevel = options.charLevel ?? false;
    checkBoolean('charLevel', this.charLevel);
    const oov = options.oovToken ?? null;
    if (oov !== null && typeof oov !== 'string') {
      throw new TokenizerInputError('options.oovToken', oov, 'a string or null', 'Pass e.g. oovToken: "<OOV>".');
    }
    this.oovToken = oov;
    this._documentCount = checkNonNegativeInt('documentCount', options.documentCount) ?? 0;
    this.splitter = new WordSplitter(this.filters, this.split);
  }

  /** Number of documents seen by `fitOnTexts` / `fitOnSequences`. */
  get documentCount(): number {
    return this._documentCount;
  }
  /** Word → number of occurrences, in first-seen order. */
  get wordCounts(): ReadonlyMap<string, number> {
    return this._wordCounts;
  }
  /** Word → number of documents containing it. */
  get wordDocs(): ReadonlyMap<string, number> {
    return this._wordDocs;
  }
  /** Index → number of documents containing it. */
  get indexDocs(): ReadonlyMap<number, number> {
    return this._indexDocs;
  }
  /** Word → index (1-based; 0 is reserved for padding). */
  get wordIndex(): ReadonlyMap<string, number> {
    return this._wordIndex;
  }
  /** Index → word. */
  get indexWord(): ReadonlyMap<number, string> {
    return this._indexWord;
  }

  /** Tokens of one text, exactly as Keras derives them. */
  tokenize(text: TextInput): string[] {
    checkText(text, 'text');
    return this.tokens(text);
  }

  private tokens(text: TextInput): string[] {
    if (typeof text !== 'string') return this.lower ? text.map(pythonLower) : text.slice();
    const t = this.lower ? pythonLower(text) : text;
    return this.charLevel ? Array.from(t) : this.splitter.words(t);
  }

  /**
   * Checks every element before anything is counted, so that a bad element
   * leaves no partial state (and no half-converted output).
   */
  private checkedTexts(texts: Iterable<TextInput>, name: string): TextInput[] {
    const list = collectTexts(texts, name);
    const needsSplit = !this.charLevel && this.split === '';
    for (let i = 0; i < list.length; i++) {
      const text = list[i];
      checkText(text, `${name}[${i}]`);
      if (needsSplit && typeof text === 'string') throw emptySeparator();
    }
    return list as TextInput[];
  }

  /**
   * Updates the vocabulary (Keras `fit_on_texts`). Each element is a text or
   * an array of tokens. Rebuilds `wordIndex`: by count, descending, ties in
   * first-seen order, the OOV token (if any) first at index 1.
   */
  fitOnTexts(texts: Iterable<TextInput>): void {
    const docs = this.checkedTexts(texts, 'texts');
    // One map lookup per token; merged into wordCounts / wordDocs afterwards
    // in first-seen order, which is the order Keras inserts them.
    const seen = new Map<string, { count: number; docs: number; lastDoc: number }>();
    for (let d = 0; d < docs.length; d++) {
      const seq = this.tokens(docs[d]);
      for (let k = 0; k < seq.length; k++) {
        const w = seq[k];
        let e = seen.get(w);
        if (e === undefined) {
          e = { count: 0, docs: 0, lastDoc: -1 };
          seen.set(w, e);
        }
        e.count++;
        if (e.lastDoc !== d) {
          e.lastDoc = d;
          e.docs++;
        }
      }
    }
    for (const [w, e] of seen) {
      this._wordCounts.set(w, (this._wordCounts.get(w) ?? 0) + e.count);
      this._wordDocs.set(w, (this._wordDocs.get(w) ?? 0) + e.docs);
    }
    this._documentCount += docs.length;
    this.rebuildIndex();
  }

  private rebuildIndex(): void {
    const wcounts = [...this._wordCounts];
    wcounts.sort((a, b) => b[1] - a[1]); // stable, like Python's sort(reverse=True)
    const wordIndex = new Map<string, number>();
    let next = 1;
    if (this.oovToken !== null) wordIndex.set(this.oovToken, next++);
    // Map#set keeps the first position of a repeated key and takes the last
    // value, like Python's dict(zip(...)) when the OOV token is also a word.
    for (const [w] of wcounts) wordIndex.set(w, next++);
    const indexWord = new Map<number, string>();
    for (const [w, i] of wordIndex) indexWord.set(i, w);
    for (const [w, c] of this._wordDocs) {
      const i = wordIndex.get(w);
      if (i === undefined) {
        throw new TokenizerValueError(`wordDocs has ${JSON.stringify(w)}, which is not in wordCounts (Keras raises KeyError).`);
      }
      this._indexDocs.set(i, c);
    }
    this._wordIndex = wordIndex;
    this._indexWord = indexWord;
  }

  /** Keras `fit_on_sequences`: counts documents per index (for tfidf). */
  fitOnSequences(sequences: Iterable<Sequence>): void {
    const list = collectSequences(sequences, 'sequences', true);
    for (const seq of list) {
      const seen = new Set<number>();
      for (let k = 0; k < seq.length; k++) {
        const i = seq[k];
        if (seen.has(i)) continue;
        seen.add(i);
        this._indexDocs.set(i, (this._indexDocs.get(i) ?? 0) + 1);
      }
    }
    this._documentCount += list.length;
  }

  private oovIndex(): number | undefined {
    return this.oovToken === null ? undefined : this._wordIndex.get(this.oovToken);
  }

  private missingOov(): never {
    throw new TokenizerValueError(
      `oovToken ${JSON.stringify(this.oovToken)} is not in wordIndex: fit the tokenizer first ` +
        '(Keras would silently emit None here).',
    );
  }

  /**
   * Keras `texts_to_sequences`: known words become their index; an index
   * >= numWords (when numWords is set) becomes the OOV index, or is dropped
   * when there is no OOV token; unknown words likewise.
   */
  textsToSequences(texts: Iterable<TextInput>): number[][] {
    const docs = this.checkedTexts(texts, 'texts');
    const numWords = this.numWords || 0;
    const oov = this.oovIndex();
    const hasOov = this.oovToken !== null;
    const wordIndex = this._wordIndex;
    const out: number[][] = new Array(docs.length);
    for (let d = 0; d < docs.length; d++) {
      const seq = this.tokens(docs[d]);
      const vect: number[] = [];
      for (let k = 0; k < seq.length; k++) {
        const i = wordIndex.get(seq[k]);
        if (i !== undefined && !(numWords && i >= numWords)) vect.push(i);
        else if (i !== undefined ? oov !== undefined : hasOov) vect.push(oov ?? this.missingOov());
      }
      out[d] = vect;
    }
    return out;
  }

  /**
   * Keras `sequences_to_texts`: each index becomes its word (or the OOV
   * token, under the same rules as textsToSequences), joined by one space.
   */
  sequencesToTexts(sequences: Iterable<Sequence>): string[] {
    const list = collectSequences(sequences, 'sequences', false);
    const numWords = this.numWords || 0;
    const oov = this.oovIndex();
    const hasOov = this.oovToken !== null;
    const oovWord = (): string => {
      const w = oov === undefined ? undefined : this._indexWord.get(oov);
      return w ?? this.missingOov();
    };
    return list.map((seq) => {
      const vect: string[] = [];
      for (let k = 0; k < seq.length; k++) {
        const num = seq[k];
        const word = this._indexWord.get(num);
        if (word !== undefined && !(numWords && num >= numWords)) vect.push(word);
        else if (word !== undefined ? oov !== undefined : hasOov) vect.push(oovWord());
      }
      return vect.join(' ');
    });
  }

  /** Keras `texts_to_matrix`: `sequencesToMatrix(textsToSequences(texts), mode)`. */
  textsToMatrix(texts: Iterable<TextInput>, mode: MatrixMode = 'binary'): Matrix {
    this.checkMode(mode);
    return this.sequencesToMatrix(this.textsToSequences(texts), mode);
  }

  /**
   * Keras `sequences_to_matrix`: a `[sequences.length, cols]` float64 matrix
   * where cols is numWords, or `wordIndex.size + 1` when numWords is unset.
   */
  sequencesToMatrix(sequences: Iterable<Sequence>, mode: MatrixMode = 'binary'): Matrix {
    this.checkMode(mode);
    const list = collectSequences(sequences, 'sequences', true);
    let cols: number;
    if (!this.numWords) {
      if (this._wordIndex.size === 0) {
        throw new TokenizerValueError('Specify a dimension (`numWords` option), or fit on some text data first.');
      }
      cols = this._wordIndex.size + 1;
    } else {
      cols = this.numWords;
    }
    if (mode === 'tfidf' && !this._documentCount) {
      throw new TokenizerValueError('Fit the Tokenizer on some data before using tfidf mode.');
    }
    return sequencesToMatrixCore(list, mode, {
      cols,
      documentCount: this._documentCount,
      indexDocs: this._indexDocs,
    });
  }

  private checkMode(mode: unknown): void {
    if (!MATRIX_MODES.includes(mode as MatrixMode)) {
      throw new TokenizerValueError(`Unknown vectorization mode: ${String(mode)} (use one of ${MATRIX_MODES.join(', ')}).`);
    }
  }

  /**
   * The exact string Keras' `tokenizer.to_json()` produces for the same state.
   * (Note: `JSON.stringify(tokenizer)` therefore yields a JSON *string literal*;
   * call `tokenizer.toJSON()` directly.)
   */
  toJSON(): string {
    return encodeKerasJson(this.data());
  }

  /**
   * A tokenizer whose vocabulary is `words`, with ids 1, 2, … in that order, and no counts: the
   * state `fromJSON` gives for Keras JSON holding only that `word_index` (refitting counts afresh).
   * For vocabularies stored as a word list, without a JSON round trip.
   */
  static fromWordList(words: readonly string[], options: TokenizerOptions = {}): Tokenizer {
    if (!Array.isArray(words)) throw new TokenizerInputError('words', words, 'an array of strings', 'Pass the vocabulary as an array of strings, id 1 first.');
    const t = new Tokenizer(options);
    words.forEach((word, i) => {
      if (typeof word !== 'string') throw new TokenizerInputError(`words[${i}]`, word, 'a string', 'Pass the vocabulary as an array of strings.');
      if (t._wordIndex.has(word)) throw new TokenizerValueError(`words[${i}] is ${JSON.stringify(word)}, which is already in the list: every word needs an id of its own.`);
      t._wordIndex.set(word, i + 1);
      t._indexWord.set(i + 1, word);
    });
    return t;
  }

  /** Reads a JSON written by Keras' `to_json()` (or by {@link toJSON}). */
  static fromJSON(json: string): Tokenizer {
    const d: KerasTokenizerData = decodeKerasJson(json);
    const t = new Tokenizer({
      numWords: d.numWords,
      filters: d.filters,
      lower: d.lower,
      split: d.split,
      charLevel: d.charLevel,
      oovToken: d.oovToken,
      documentCount: d.documentCount,
    });
    t._wordCounts = d.wordCounts;
    t._wordDocs = d.wordDocs;
    t._indexDocs = d.indexDocs;
    t._indexWord = d.indexWord;
    t._wordIndex = d.wordIndex;
    return t;
  }

  private data(): KerasTokenizerData {
    return {
      numWords: this.numWords,
      filters: this.filters,
      lower: this.lower,
      split: this.split,
      charLevel: this.charLevel,
      oovToken: this.oovToken,
      documentCount: this._documentCount,
      wordCounts: this._wordCounts,
      wordDocs: this._wordDocs,
      indexDocs: this._indexDocs,
      indexWord: this._indexWord,
      wordIndex: this._wordIndex,
    };
  }
}
