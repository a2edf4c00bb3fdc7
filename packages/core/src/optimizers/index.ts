/** Optimizers and their lookup by Keras name ('adam', 'sgd', 'rmsprop', 'adamw'). */
import { UnknownNameError } from '../errors.js';
import { adam, adamw } from './adam.js';
import { Optimizer } from './optimizer.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

export { Optimizer, type ParamUpdate, type OptimizerState } from './optimizer.js';
export { Adam, AdamW, adam, adamw, type AdamArgs, type AdamWArgs } from './adam.js';
export { SGD, sgd, type SGDArgs } from './sgd.js';
export { RMSprop, rmsprop, type RMSpropArgs } from './rmsprop.js';

const factories = new Map<string, () => Optimizer>([
  ['adam', () => adam()],
  ['adamw', () => adamw()],
  ['sgd', () => sgd()],
  ['rmsprop', () => rmsprop()],
]);

/** An optimizer from its name (case-insensitive, Keras defaults) or the optimizer itself. */
export function get(identifier: string | Optimizer): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  const factory = typeof identifier === 'string' ? factories.get(identifier.toLowerCase()) : undefined;
  if (!factory) throw new UnknownNameError('optimizer', identifier, [...factories.keys()]);
  return factory();
}
