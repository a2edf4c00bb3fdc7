/**
 * When a training step or a predict batch may recycle its forward activations (see
 * activation-pool.ts): only when all code that sees them is ours. A custom layer or loss could keep an intermediate tensor (say,
 * for a visualisation), which recycling would then overwrite; so any layer that is not exactly one
 * of these built-in classes (a subclass counts as custom), or a loss given as a function, turns
 * recycling off for that step.
 */
import type { Layer } from '../layers/layer.js';
import { ActivationLayer, AveragePooling2D, BatchNormalization, Bidirectional, Conv2D, Dense, DepthwiseConv2D, Dropout, Embedding, Flatten, GlobalAveragePooling2D, LSTM, MaxPooling2D, Rescaling, SeparableConv2D } from '../layers/index.js';
import type { CompiledState } from './sequential.js';

/** Layer classes that keep no tensor from a call beyond their weights: built-in ones, and custom ones declared so. */
const KEEP_NOTHING = new Set<unknown>([
  ActivationLayer, AveragePooling2D, BatchNormalization, Bidirectional, Conv2D, Dense, DepthwiseConv2D, Dropout, Embedding, Flatten, GlobalAveragePooling2D, LSTM, MaxPooling2D, Rescaling, SeparableConv2D,
]);

/**
 * Declares that a custom layer class (exactly this class, not its subclasses) keeps no tensor from
 * a call beyond its weights, as the built-in layers do, so models made of it and built-in layers
 * may recycle their activation arrays in training steps and in `predict`. Declare it only when
 * `call` stores nothing it was given or computed.
 */
export function markKeepsNoTensors(layerClass: abstract new (...args: never[]) => Layer): void {
  KEEP_NOTHING.add(layerClass);
}

export function recyclesActivations(layers: readonly Layer[], state: CompiledState): boolean {
  return state.lossName !== undefined && recyclesInference(layers);
}

/** For predict: no loss runs, so only the layers matter. */
export function recyclesInference(layers: readonly Layer[]): boolean {
  return layers.every((layer) => KEEP_NOTHING.has(layer.constructor));
}
