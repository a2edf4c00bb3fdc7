/** Losses and their lookup by Keras name, snake_case or camelCase ('binary_crossentropy', 'binaryCrossentropy'). */
import { UnknownNameError } from '../errors.js';
import { binaryCrossentropy, categoricalCrossentropy, meanSquaredError, sparseCategoricalCrossentropy, type LossFn } from './loss.js';

export { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, meanSquaredError, type LossFn } from './loss.js';

/** Canonical (Keras snake_case) name → loss. */
const losses = new Map<string, LossFn>([
  ['binary_crossentropy', binaryCrossentropy],
  ['categorical_crossentropy', categoricalCrossentropy],
  ['sparse_categorical_crossentropy', sparseCategoricalCrossentropy],
  ['mean_squared_error', meanSquaredError],
]);

const aliases = new Map<string, string>([['mse', 'mean_squared_error']]);

/** 'binaryCrossentropy' → 'binary_crossentropy'; 'MSE' → 'mean_squared_error'. Unknown names are returned snake_cased. */
export function canonicalLossName(name: string): string {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return aliases.get(snake) ?? snake;
}

/** A loss by name, or a loss function passed through. */
export function get(identifier: string | LossFn): LossFn {
  if (typeof identifier === 'function') return identifier;
  const loss = typeof identifier === 'string' ? losses.get(canonicalLossName(identifier)) : undefined;
  if (!loss) {
    const known = [...losses.keys()].flatMap((k) => [k, k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())]);
    throw new UnknownNameError('loss function', identifier, [...known, ...aliases.keys()]);
  }
  return loss;
}
