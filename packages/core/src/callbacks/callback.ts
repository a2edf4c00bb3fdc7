/**
 * Training callbacks (Keras semantics): hooks called by `fit` at the start and end of training,
 * of every epoch and of every batch. Logs hold running epoch means ('loss', metric names, and at
 * epoch end 'val_loss', 'val_<metric>'). A hook may return a Promise; fit awaits it.
 */
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Tensor } from '../tensor.js';

export type Logs = Record<string, number>;

/** What a callback may reach on the model being trained. */
export interface TrainingModel {
  /** Set to true (e.g. from a callback) to end fit after the current batch. */
  stopTraining: boolean;
  readonly optimizer: Optimizer | null;
  getWeights(): Tensor[];
  setWeights(weights: Tensor[]): void;
}

/** Facts about the fit run, given to callbacks before training starts. */
export interface TrainingParams {
  epochs: number;
  /** Batches per epoch. */
  steps: number;
  /** Training samples per epoch. */
  samples: number;
  batchSize: number;
  verbose: number;
  /** Names that will appear in the epoch logs, e.g. ['loss', 'accuracy', 'val_loss', 'val_accuracy']. */
  metrics: string[];
}

type MaybePromise = void | Promise<void>;

/** A custom callback can be any object with some of these methods. */
export interface CallbackHooks {
  onTrainBegin?(logs: Logs): MaybePromise;
  onTrainEnd?(logs: Logs): MaybePromise;
  onEpochBegin?(epoch: number, logs: Logs): MaybePromise;
  onEpochEnd?(epoch: number, logs: Logs): MaybePromise;
  onBatchBegin?(batch: number, logs: Logs): MaybePromise;
  onBatchEnd?(batch: number, logs: Logs): MaybePromise;
}

/** Base class: override the hooks you need; `this.model` and `this.params` are set by fit. */
// The interface merges the optional hooks into the class type, so subclasses may define any of them.
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-unsafe-declaration-merging
export interface Callback extends CallbackHooks {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Callback {
  model: TrainingModel | null = null;
  params: TrainingParams | null = null;

  setModel(model: TrainingModel): void {
    this.model = model;
  }

  setParams(params: TrainingParams): void {
    this.params = params;
  }

  /** The model, or a clear error when the callback is used outside fit. */
  protected requireModel(): TrainingModel {
    if (this.model === null) throw new Error(`${this.constructor.name} is not attached to a model; pass it to model.fit({ callbacks }).`);
    return this.model;
  }
}
