import { TokenizerValueError } from './errors.js';
import { pyDumps, pyLoads, type PyJson } from './python-json.js';

/** Everything Keras' `get_config()` serialises. */
export interface KerasTokenizerData {
  numWords: number | null;
  filters: string;
  lower: boolean;
  split: string;
  charLevel: boolean;
  oovToken: string | null;
  documentCount: number;
  wordCounts: Map<string, number>;
  wordDocs: Map<string, number>;
  indexDocs: Map<number, number>;
  indexWord: Map<number, string>;
  wordIndex: Map<string, number>;
}

function intKeys<V extends PyJson>(m: ReadonlyMap<number, V>): Map<string, V> {
  const out = new Map<string, V>();
  for (const [k, v] of m) out.set(String(k), v);
  return out;
}

/**
 * Byte-for-byte Keras `tokenizer.to_json()`: the five dictionaries are
 * themselves `json.dumps`-ed into strings inside `config`, integer keys
 * become decimal strings, and everything is ASCII-escaped like Python does.
 */
export function encodeKerasJson(d: KerasTokenizerData): string {
  const config = new Map<string, PyJson>([
    ['num_words', d.numWords],
    ['filters', d.filters],
    ['lower', d.lower],
    ['split', d.split],
    ['char_level', d.charLevel],
    ['oov_token', d.oovToken],
    ['document_count', d.documentCount],
    ['word_counts', pyDumps(d.wordCounts)],
    ['word_docs', pyDumps(d.wordDocs)],
    ['index_docs', pyDumps(intKeys(d.indexDocs))],
    ['index_word', pyDumps(intKeys(d.indexWord))],
    ['word_index', pyDumps(d.wordIndex)],
  ]);
  return pyDumps(
    new Map<string, PyJson>([
      ['class_name', 'Tokenizer'],
      ['config', config],
    ]),
  );
}

const CONSTRUCTOR_KEYS = new Set([
  'num_words',
  'filters',
  'lower',
  'split',
  'char_level',
  'oov_token',
  'document_count',
]);
const DICT_KEYS = ['word_counts', 'word_docs', 'index_docs', 'index_word', 'word_index'];

function bad(what: string): never {
  throw new TokenizerValueError(`Tokenizer.fromJSON: ${what}`);
}

function field<T extends PyJson>(config: Map<string, PyJson>, key: string, check: (v: PyJson) => v is T, kind: string, dflt: NoInfer<T>): T {
  if (!config.has(key)) return dflt;
  const v = config.get(key) as PyJson;
  if (!check(v)) bad(`config.${key} must be ${kind}, got ${JSON.stringify(v)}`);
  return v as T;
}

const isStr = (v: PyJson): v is string => typeof v === 'string';
const isBool = (v: PyJson): v is boolean => typeof v === 'boolean';
const isInt = (v: PyJson): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isIntOrNull = (v: PyJson): v is number | null => v === null || isInt(v);
const isStrOrNull = (v: PyJson): v is string | null => v === null || isStr(v);

/** Python `int(key)` for the integer-keyed dictionaries. */
function toIntKey(k: string, dict: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(k)) bad(`${dict} key ${JSON.stringify(k)} is not an integer`);
  const n = Number(k);
  if (!Number.isSafeInteger(n)) bad(`${dict} key ${k} is out of range`);
  return n;
}

function innerDict(config: Map<string, PyJson>, key: string): Map<string, PyJson> {
  const raw = config.get(key);
  if (typeof raw !== 'string') bad(`config.${key} must be a JSON string (as written by Keras' to_json)`);
  const parsed = pyLoads(raw);
  if (!(parsed instanceof Map)) bad(`config.${key} must encode a JSON object`);
  return parsed;
}

function stringToInt(config: Map<string, PyJson>, key: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of innerDict(config, key)) {
    if (!isInt(v)) bad(`${key}[${JSON.stringify(k)}] must be an integer, got ${JSON.stringify(v)}`);
    out.set(k, v);
  }
  return out;
}

/** Keras `tokenizer_from_json`: the inverse of {@link encodeKerasJson}. */
export function decodeKerasJson(json: string): KerasTokenizerData {
  if (typeof json !== 'string') bad(`expected a JSON string, got ${typeof json}`);
  const root = pyLoads(json);
  if (!(root instanceof Map)) bad('top level must be a JSON object');
  const config = root.get('config');
  if (!(config instanceof Map)) bad('missing "config" object');
  for (const k of DICT_KEYS) if (!config.has(k)) bad(`config is missing "${k}"`);
  for (const k of config.keys()) {
    if (!CONSTRUCTOR_KEYS.has(k) && !DICT_KEYS.includes(k)) bad(`unrecognized config key "${k}"`);
  }
  const indexDocs = new Map<number, number>();
  for (const [k, v] of innerDict(config, 'index_docs')) {
    if (!isInt(v)) bad(`index_docs[${JSON.stringify(k)}] must be an integer`);
    indexDocs.set(toIntKey(k, 'index_docs'), v);
  }
  const indexWord = new Map<number, string>();
  for (const [k, v] of innerDict(config, 'index_word')) {
    if (!isStr(v)) bad(`index_word[${JSON.stringify(k)}] must be a string`);
    indexWord.set(toIntKey(k, 'index_word'), v);
  }
  const numWords = field(config, 'num_words', isIntOrNull, 'an integer or null', null);
  if (numWords !== null && numWords < 0) bad('config.num_words must be >= 0');
  const documentCount = field(config, 'document_count', isInt, 'an integer', 0);
  if (documentCount < 0) bad('config.document_count must be >= 0');
  return {
    numWords,
    filters: field(config, 'filters', isStr, 'a string', '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'),
    lower: field(config, 'lower', isBool, 'a boolean', true),
    split: field(config, 'split', isStr, 'a string', ' '),
    charLevel: field(config, 'char_level', isBool, 'a boolean', false),
    oovToken: field(config, 'oov_token', isStrOrNull, 'a string or null', null),
    documentCount,
    wordCounts: stringToInt(config, 'word_counts'),
    wordDocs: stringToInt(config, 'word_docs'),
    indexDocs,
    indexWord,
    wordIndex: stringToInt(config, 'word_index'),
  };
}
