/**
 * A value of the wrong type was passed where texts, tokens or sequences were
 * expected. The message names the offending element (e.g. `texts[3]`), the
 * type that was found, and how to fix it.
 */
export class TokenizerInputError extends TypeError {
  /** Path of the offending element, e.g. `texts[3]` or `sequences[2][7]`. */
  readonly path: string;

  constructor(path: string, found: unknown, expected: string, fix: string) {
    super(`${path} is ${describe(found)}; expected ${expected}. ${fix}`);
    this.name = 'TokenizerInputError';
    this.path = path;
  }
}

/**
 * An option or argument has an invalid value (negative numWords, empty split,
 * unknown padding mode...), or the tokenizer is not in a state that allows the
 * call (e.g. a matrix before fitting). These are the cases where Keras raises
 * a `ValueError`.
 */
export class TokenizerValueError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerValueError';
  }
}

/** Short human description of a value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  const t = typeof value;
  if (t === 'string') return `a string (${JSON.stringify(clip(value as string))})`;
  if (t === 'number' || t === 'bigint' || t === 'boolean') return `a ${t} (${String(value)})`;
  if (t === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `an object of class ${name}` : 'an object';
  }
  return `a ${t}`;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
