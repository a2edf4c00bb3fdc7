/** Helpers for layer arguments and TF.js layers-format configs (snake_case, Keras values). */
import { ValueError } from '../errors.js';
import { getInitializer, type Initializer, type InitializerConfig, type InitializerIdentifier } from '../initializers/index.js';
import { toPair, type Pair } from '../ops/conv-geometry.js';

export function serializeInitializer(init: Initializer): InitializerConfig {
  return init.serialize();
}

export function resolveInitializer(id: InitializerIdentifier | undefined, fallback: string): Initializer {
  return getInitializer(id ?? fallback);
}

/** Keras `null` entries TF.js writes for features we do not have (regularizers, constraints). */
export function nulls(...keys: string[]): Record<string, null> {
  return Object.fromEntries(keys.map((k) => [k, null]));
}

export function positiveInt(value: unknown, what: string, layer: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ValueError(`${layer}: ${what} must be a whole number ≥ 1, got ${JSON.stringify(value)}.`);
  }
  return value;
}

export function pair(value: Pair, what: string, layer: string): [number, number] {
  try {
    return toPair(value, what);
  } catch (e) {
    throw new ValueError(`${layer}: ${(e as Error).message}`);
  }
}

export function checkDataFormat(format: string | undefined, layer: string): 'channels_last' {
  const f = format ?? 'channels_last';
  if (f !== 'channels_last' && f !== 'channelsLast') {
    throw new ValueError(`${layer}: only dataFormat 'channels_last' (NHWC) is supported, got '${f}'. Transpose your data to NHWC.`);
  }
  return 'channels_last';
}

export function rate(value: unknown, what: string, layer: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ValueError(`${layer}: ${what} must be a number in [0, 1), got ${JSON.stringify(value)}.`);
  }
  return value;
}

export function finiteNumber(value: unknown, what: string, layer: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    // String() rather than JSON.stringify for numbers, which would print NaN and Infinity as null.
    const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
    throw new ValueError(`${layer}: ${what} must be a finite number, got ${shown}.`);
  }
  return value;
}
