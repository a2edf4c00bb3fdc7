/**
 * Which weights `save(…, { quantize })` stores quantized: glob patterns over the manifest weight
 * names, as tensorflowjs_converter's --quantize_uint8 / --quantize_uint16 take them.
 */
import { ValueError } from '../errors.js';
import type { QuantizationDType } from './quantize.js';
import { isRecord } from './safe-json.js';

export interface QuantizeOptions {
  /** 'uint8' (4× smaller than float32) or 'uint16' (2× smaller); the error per weight is at most half a step, range / 255 or range / 65535. */
  dtype: QuantizationDType;
  /** Glob patterns over weight names, e.g. `['dense/*', '*kernel']`: `*` is any run of characters ('/' included), `?` one character. Default: every float32 weight. */
  weights?: string[];
}

/**
 * The float32 weights to quantize (name → codes dtype). A pattern matching none of them is a
 * ValueError: a typo must not silently ship a float32 model.
 */
export function selectQuantized(weights: { name: string; dtype: string }[], quantize: unknown, model: string): Map<string, QuantizationDType> {
  const chosen = new Map<string, QuantizationDType>();
  if (quantize === undefined) return chosen;
  if (!isRecord(quantize)) throw new ValueError(`Saving model '${model}': options.quantize must be an object { dtype: 'uint8' | 'uint16', weights?: string[] }, got ${String(quantize)}.`);
  const { dtype, weights: patterns } = quantize;
  if (dtype !== 'uint8' && dtype !== 'uint16') throw new ValueError(`Saving model '${model}': options.quantize.dtype must be 'uint8' or 'uint16', got ${JSON.stringify(dtype)}.`);
  if (patterns !== undefined && (!Array.isArray(patterns) || patterns.length === 0 || !patterns.every((p) => typeof p === 'string' && p.length > 0))) {
    throw new ValueError(`Saving model '${model}': options.quantize.weights must be a non-empty array of name patterns (or omitted to quantize every float32 weight), got ${JSON.stringify(patterns)}.`);
  }
  const names = weights.filter((w) => w.dtype === 'float32').map((w) => w.name);
  for (const pattern of (patterns as string[] | undefined) ?? ['*']) {
    const re = globToRegExp(pattern);
    const matched = names.filter((name) => re.test(name));
    if (matched.length === 0 && patterns !== undefined) {
      const examples = names.slice(0, 4).map((n) => `'${n}'`).join(', ');
      throw new ValueError(`Saving model '${model}': the quantize pattern '${pattern}' matches no float32 weight. The weights are named like ${examples || '(none)'} (${names.length} in all); '*' matches any characters including '/', '?' one character.`);
    }
    for (const name of matched) chosen.set(name, dtype);
  }
  return chosen;
}

/** fnmatch-style: `*` any run of characters, `?` one character, everything else literal. */
function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${body}$`);
}
