/**
 * Parsing untrusted model.json text: size cap, JSON errors as ModelFormatError, and a walk that
 * rejects prototype-pollution keys and absurd nesting before any value is used.
 */
import { ModelFormatError } from './errors.js';

/** Keys that could reach an object's prototype if ever copied with `obj[key] = value`. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Real model.json files nest about 8 levels deep; anything far deeper is not a model. */
const MAX_DEPTH = 64;

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Parses `text` as JSON and checks it with `assertSafeJson`. */
export function parseJson(text: string, what: string, maxChars: number): unknown {
  if (text.length > maxChars) {
    throw new ModelFormatError(`${what} is ${text.length} characters, more than the limit of ${maxChars}. A model.json holds only the topology and manifest; raise maxJsonBytes if this file is genuine.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const hint = text.trim().length === 0 ? ' The file is empty.' : ' It may be truncated or not a model.json.';
    throw new ModelFormatError(`${what} is not valid JSON: ${(e as Error).message}.${hint}`);
  }
  assertSafeJson(value, what);
  return value;
}

/** Rejects `__proto__`/`constructor`/`prototype` keys and nesting deeper than MAX_DEPTH (iteratively: no stack overflow). */
export function assertSafeJson(value: unknown, what: string): void {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth > MAX_DEPTH) throw new ModelFormatError(`${what} nests more than ${MAX_DEPTH} levels deep (at ${item.path || 'the root'}); this is not a TF.js model.`);
    if (ArrayBuffer.isView(item.value) || item.value instanceof ArrayBuffer) continue;
    for (const key of Object.keys(item.value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new ModelFormatError(`${what} contains the key '${key}' (at ${item.path || 'the root'}), which model files never use; refusing it to prevent prototype pollution.`);
      }
      stack.push({ value: (item.value as JsonObject)[key], depth: item.depth + 1, path: item.path ? `${item.path}.${key}` : key });
    }
  }
}
