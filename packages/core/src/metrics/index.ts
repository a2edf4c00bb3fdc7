/**
 * Metrics by Keras name. 'accuracy' / 'acc' resolve like Keras from the loss: binary for
 * binary_crossentropy, sparse for sparse_categorical_crossentropy, categorical for
 * categorical_crossentropy, and by output shape otherwise. A loss name is also a metric.
 */
import { UnknownNameError } from '../errors.js';
import * as losses from '../losses/index.js';
import type { Tensor } from '../tensor.js';
import { accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, type MetricFn } from './accuracy.js';

export { accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, type MetricFn } from './accuracy.js';

/** A user metric may return a number or a scalar Tensor. */
export type MetricIdentifier = string | ((yTrue: Tensor, yPred: Tensor) => number | Tensor);

const accuracies = new Map<string, MetricFn>([
  ['binary_accuracy', (t, p) => binaryAccuracy(t, p)],
  ['categorical_accuracy', categoricalAccuracy],
  ['sparse_categorical_accuracy', sparseCategoricalAccuracy],
]);

const lossNames = ['binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy', 'mean_squared_error', 'mse'];

function toSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The accuracy variant Keras picks for 'accuracy' given the compiled loss name. */
function accuracyFor(lossName: string | undefined): MetricFn {
  switch (lossName === undefined ? undefined : losses.canonicalLossName(lossName)) {
    case 'binary_crossentropy':
      return (t, p) => binaryAccuracy(t, p);
    case 'categorical_crossentropy':
      return categoricalAccuracy;
    case 'sparse_categorical_crossentropy':
      return sparseCategoricalAccuracy;
    default:
      return accuracy;
  }
}

/**
 * Resolves a metric: its name (as it will appear in logs/History) and the function. `lossName` is
 * the compiled loss's name when it was given as a string.
 */
export function get(identifier: MetricIdentifier, lossName?: string): { name: string; fn: MetricFn } {
  if (typeof identifier === 'function') {
    const user = identifier;
    const fn: MetricFn = (t, p) => {
      const v = user(t, p);
      return typeof v === 'number' ? v : v.data[0];
    };
    return { name: identifier.name || 'metric', fn };
  }
  if (typeof identifier === 'string') {
    const snake = toSnake(identifier);
    if (snake === 'accuracy' || snake === 'acc') return { name: identifier, fn: accuracyFor(lossName) };
    const acc = accuracies.get(snake);
    if (acc) return { name: identifier, fn: acc };
    if (lossNames.includes(snake) || lossNames.includes(losses.canonicalLossName(identifier))) {
      const loss = losses.get(identifier);
      return { name: identifier, fn: (t, p) => loss(t, p).data[0] };
    }
  }
  throw new UnknownNameError('metric', identifier, ['accuracy', 'acc', ...accuracies.keys(), ...lossNames]);
}
