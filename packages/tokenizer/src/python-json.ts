import { TokenizerValueError } from './errors.js';

/**
 * JSON values with objects as ordered `Map`s. `JSON.parse` cannot be used for
 * Keras' dictionaries: it moves integer-like keys ("1", "42") to the front of
 * an object, and Keras' `word_index` ordering must survive a round trip.
 */
export type PyJson = null | boolean | number | string | PyJson[] | Map<string, PyJson>;

/**
 * Python's `json.dumps(value)` with its defaults: `ensure_ascii=True` (every
 * code unit outside space..tilde escaped as lowercase `\uXXXX`, non-BMP as a
 * surrogate pair, lone surrogates as themselves), separators `', '` and
 * `': '`. Numbers must be integers (all Keras tokenizer fields are).
 */
export function pyDumps(value: PyJson): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new TokenizerValueError(`cannot serialise ${value}: only safe integers are supported`);
    }
    return String(value);
  }
  if (typeof value === 'string') return pyDumpString(value);
  if (Array.isArray(value)) return `[${value.map(pyDumps).join(', ')}]`;
  const parts: string[] = [];
  for (const [k, v] of value) parts.push(`${pyDumpString(k)}: ${pyDumps(v)}`);
  return `{${parts.join(', ')}}`;
}

const SHORT_ESCAPES: Record<number, string> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x08: '\\b',
  0x0c: '\\f',
};

export function pyDumpString(s: string): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(runStart, i);
    out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
    runStart = i + 1;
  }
  return `${out}${s.slice(runStart)}"`;
}

/** Python's `json.loads`, keeping object key order (objects become `Map`s). */
export function pyLoads(text: string): PyJson {
  const p = new Parser(text);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.i !== text.length) p.fail('unexpected trailing data');
  return v;
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new TokenizerValueError(`invalid JSON at offset ${this.i}: ${what}`);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.i++;
    }
  }

  value(): PyJson {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (this.s.startsWith('null', this.i)) return (this.i += 4), null;
    if (this.s.startsWith('true', this.i)) return (this.i += 4), true;
    if (this.s.startsWith('false', this.i)) return (this.i += 5), false;
    return this.number();
  }

  object(): Map<string, PyJson> {
    const m = new Map<string, PyJson>();
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') return this.i++, m;
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a string key');
      const k = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.ws();
      m.set(k, this.value()); // duplicate key: last value wins, like Python
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return m;
      if (c !== ',') this.fail("expected ',' or '}'");
    }
  }

  array(): PyJson[] {
    const a: PyJson[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') return this.i++, a;
    for (;;) {
      this.ws();
      a.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return a;
      if (c !== ',') this.fail("expected ',' or ']'");
    }
  }

  string(): string {
    const s = this.s;
    let out = '';
    let run = ++this.i;
    for (;;) {
      if (this.i >= s.length) this.fail('unterminated string');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(run, this.i++);
        return out;
      }
      if (c < 0x20) this.fail('control character in string');
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += s.slice(run, this.i);
      const e = s[this.i + 1];
      if (e === 'u') {
        const hex = s.slice(this.i + 2, this.i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 6;
      } else {
        const simple = SIMPLE_UNESCAPES[e ?? ''];
        if (simple === undefined) this.fail('bad escape');
        out += simple;
        this.i += 2;
      }
      run = this.i;
    }
  }

  number(): number {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const r = m.exec(this.s);
    if (!r) this.fail('unexpected character');
    this.i += r[0].length;
    return Number(r[0]);
  }
}

const SIMPLE_UNESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
