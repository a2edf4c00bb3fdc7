/** Typed errors of @neurite/text. */

/** A value of the wrong type was passed where text was expected; `path` names the element (e.g. `texts[3]`). */
export class SentimentInputError extends TypeError {
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.name = 'SentimentInputError';
    this.path = path;
  }
}

/** A model, tokenizer or option that cannot work as a sentiment analyser (wrong output size, missing maxlen, ...). */
export class SentimentModelError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SentimentModelError';
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  if (t === 'string') return 'a string';
  if (t === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  const shown = t === 'symbol' || t === 'bigint' ? String(value) : t === 'function' ? 'function' : JSON.stringify(value) ?? String(value);
  return `${t === 'undefined' ? 'undefined' : `a ${t} (${shown})`}`;
}
