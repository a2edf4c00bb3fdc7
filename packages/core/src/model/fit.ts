/**
 * The training loop behind Sequential.fit (Keras semantics): validation split taken from the END
 * of the data before shuffling, per-epoch shuffles from the model's seeded generator, running
 * epoch means in the logs, callbacks around every batch and epoch, and a stop — with a typed
 * error — before a non-finite loss or gradient can touch the weights.
 */
import { Callback, type CallbackHooks, type Logs } from '../callbacks/callback.js';
import { CallbackList } from '../callbacks/callback-list.js';
import { History } from '../callbacks/history.js';
import { ProgressBarLogger } from '../callbacks/progress-bar.js';
import { TrainingDivergedError, ValueError } from '../errors.js';
import { noGrad, releaseGradients, valueAndGrads, type OnGradient } from '../tape.js';
import { collectActivations, releaseActivations } from '../activation-pool.js';
import { firstNonFinite } from './first-non-finite.js';
import { recyclesActivations } from './recycling.js';
import type { Tensor } from '../tensor.js';
import { gatherRows, requireBatchSize, RunningMeans, sliceRows } from './data.js';
import type { CompiledState, Sequential } from './sequential.js';
import { loadTrainingState } from '../io/training-state-files.js';
import { restoreTrainingState, type TrainingState } from './training-state.js';
import type { WorkerPool } from '../parallel/worker-pool.js';

export interface FitArgs {
  epochs?: number;
  /** Samples per gradient step (default 32). */
  batchSize?: number;
  /** Reshuffle the training samples every epoch (default true), with the model's seed. */
  shuffle?: boolean;
  /** Fraction in [0, 1) of the samples, taken from the end, held out for validation. */
  validationSplit?: number;
  /** Held-out data evaluated after every epoch (takes precedence over validationSplit). */
  validationData?: [Tensor, Tensor];
  /** 0: silent, 1: progress bar (default 1). */
  verbose?: 0 | 1;
  callbacks?: (Callback | CallbackHooks)[];
  /** Epoch to start counting from (resuming a previous fit). */
  initialEpoch?: number;
  /**
   * Resume an interrupted fit exactly: a checkpoint directory saved by
   * `modelCheckpoint({ filepath, saveTrainingState: true })` (Node), or a state from
   * `captureTrainingState`. Restores the optimizer's step and buffers and the shuffle generator
   * into this compiled model (load its weights first: `loadModel(dir)`), and starts at the
   * checkpoint's next epoch unless `initialEpoch` is given.
   */
  resumeFrom?: string | TrainingState;
  /** Data-parallel training on worker threads, from `await createWorkerPool({ threads })`: each batch is split across the workers. */
  pool?: WorkerPool;
}

interface Split {
  x: Tensor;
  y: Tensor;
  val: [Tensor, Tensor] | null;
}

function split(model: Sequential, x: Tensor, y: Tensor, args: FitArgs): Split {
  model.checkData('fit', x, y);
  if (args.validationData !== undefined) {
    const vd = args.validationData;
    if (!Array.isArray(vd) || vd.length !== 2) throw new ValueError('fit: validationData must be [xVal, yVal].');
    model.checkData('fit', vd[0], vd[1], ['validationData[0]', 'validationData[1]']);
    return { x, y, val: [vd[0], vd[1]] };
  }
  const fraction = args.validationSplit ?? 0;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction < 1)) throw new ValueError(`fit: validationSplit must be in [0, 1), got ${String(fraction)}.`);
  if (fraction === 0) return { x, y, val: null };
  const n = x.shape[0];
  const at = Math.floor(n * (1 - fraction));
  if (at === 0 || at === n) {
    throw new ValueError(`fit: validationSplit ${fraction} of ${n} samples leaves ${at === 0 ? 'no training' : 'no validation'} samples; use more data or another split.`);
  }
  return { x: sliceRows(x, 0, at), y: sliceRows(y, 0, at), val: [sliceRows(x, at, n), sliceRows(y, at, n)] };
}

/** Batch loss and metric values, from predictions of the batch. */
export function batchValues(state: CompiledState, lossValue: number, yTrue: Tensor, yPred: Tensor): Record<string, number> {
  const values: Record<string, number> = { loss: lossValue };
  for (const m of state.metrics) values[m.name] = m.fn(yTrue, yPred);
  return values;
}

/** Mean loss and metrics over (x, y) in inference mode; used by evaluate and validation. */
export function evaluateBatches(model: Sequential, state: CompiledState, x: Tensor, y: Tensor, batchSize: number): Record<string, number> {
  return scoreBatches(state, y, batchSize, (start, end) => model.call(sliceRows(x, start, end), false));
}

/**
 * Mean loss and metrics over y's rows, batch by batch (loss and metrics of each batch weighted by
 * its size), with `predict(start, end)` giving the predictions for rows start..end-1.
 */
export function scoreBatches(state: CompiledState, y: Tensor, batchSize: number, predict: (start: number, end: number) => Tensor): Record<string, number> {
  const means = new RunningMeans();
  const n = y.shape[0];
  noGrad(() => {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const yb = sliceRows(y, start, end);
      const pred = predict(start, end);
      means.add(batchValues(state, state.loss(yb, pred).data[0], yb, pred), end - start);
    }
  });
  return means.means();
}

/** One batch's loss, gradients (of the mean loss, for `model.trainableWeights`) and predictions, in training mode; nothing applied. */
export interface BatchGradients {
  loss: number;
  grads: Tensor[];
  predictions: Tensor;
  /** Index of the first non-finite gradient (-1: none), when whoever made `grads` already checked them (the pool's summing pass does); otherwise checked here. */
  firstNonFinite?: number;
}

/** Forward in training mode, loss, backward through the tape; the weights are not changed (BatchNormalization's moving statistics are). */
export function batchGradients(model: Sequential, state: CompiledState, xb: Tensor, yb: Tensor, onGradient?: OnGradient): BatchGradients {
  let pred: Tensor | null = null;
  const { value, grads } = valueAndGrads(
    () => {
      pred = model.call(xb, true);
      return state.loss(yb, pred);
    },
    model.trainableWeights,
    undefined,
    onGradient,
  );
  return { loss: value.data[0], grads, predictions: pred as unknown as Tensor };
}

/**
 * The optimizer update for gradients from batchGradients (or summed over worker shards). Returns
 * the batch's loss and metric values. A non-finite loss or gradient throws TrainingDivergedError
 * before any weight changes.
 */
export function applyBatchGradients(model: Sequential, state: CompiledState, step: BatchGradients, yb: Tensor, where: string, history = new History()): Record<string, number> {
  const weights = model.trainableWeights;
  const { loss, grads } = step;
  checkFiniteStep(model, loss, Number.isFinite(loss) ? (step.firstNonFinite ?? firstNonFinite(grads)) : -1, where, history);
  state.optimizer.applyGradients(weights.map((w, i) => ({ key: w, values: w.data as Float32Array, grad: grads[i].data as Float32Array })));
  return batchValues(state, loss, yb, step.predictions);
}

/**
 * Throws TrainingDivergedError, naming the cause, when the batch's loss is not finite or the
 * gradient of trainable weight `bad` is not (-1: every gradient is finite).
 */
export function checkFiniteStep(model: Sequential, loss: number, bad: number, where: string, history: History): void {
  if (Number.isFinite(loss) && bad === -1) return;
  const what = !Number.isFinite(loss) ? `the loss became ${loss}` : `the gradient of '${model.trainableWeights[bad].name}' became non-finite`;
  throw new TrainingDivergedError(
    `fit: training diverged at ${where}: ${what}. The weights are left as they were before this batch. ` +
      'Lower the learning rate, normalise the inputs, or check the loss matches the output activation.',
    history,
  );
}

/** One optimisation step on one batch: batchGradients then applyBatchGradients. */
export function trainBatch(model: Sequential, state: CompiledState, xb: Tensor, yb: Tensor, where: string, history = new History()): Record<string, number> {
  const recycle = recyclesActivations(model.layers, state);
  const { result: step, arrays } = collectActivations(() => batchGradients(model, state, xb, yb));
  const values = applyBatchGradients(model, state, step, yb, where, history);
  // Applied and no longer referenced: the next step's backward pass may reuse these arrays.
  releaseGradients(step.grads);
  // The step is over, so its forward outputs are dead, except any that aliases what lives on.
  if (recycle) {
    const inUse = [xb.data, yb.data, step.predictions.data, ...step.grads.map((g) => g.data), ...model.weights.map((w) => w.data)];
    releaseActivations(arrays, inUse);
  }
  return values;
}

export async function fitModel(model: Sequential, x: Tensor, y: Tensor, args: FitArgs): Promise<History> {
  const state = model.requireCompiled('fit');
  const epochs = args.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 1) throw new ValueError(`fit: epochs must be a whole number ≥ 1, got ${epochs}.`);
  const batchSize = requireBatchSize('fit', args.batchSize ?? 32);
  if (args.pool !== undefined && typeof (args.pool as { trainStep?: unknown } | null)?.trainStep !== 'function') {
    throw new ValueError(`fit: pool must be a pool from createWorkerPool({ threads }), got ${String(args.pool)}.`);
  }
  const data = split(model, x, y, args);
  if (args.resumeFrom !== undefined && typeof args.resumeFrom !== 'string' && (args.resumeFrom === null || typeof args.resumeFrom !== 'object')) {
    throw new ValueError(`fit: resumeFrom must be a checkpoint directory or a TrainingState, got ${String(args.resumeFrom)}.`);
  }
  const resumed = args.resumeFrom === undefined ? undefined : typeof args.resumeFrom === 'string' ? await loadTrainingState(args.resumeFrom) : args.resumeFrom;
  if (resumed !== undefined) restoreTrainingState(model, resumed);
  const initialEpoch = args.initialEpoch ?? resumed?.epoch ?? 0;
  const n = data.x.shape[0];
  const steps = Math.ceil(n / batchSize);

  const history = new History();
  const verbose = args.verbose ?? 1;
  const user = args.callbacks ?? [];
  const callbacks = new CallbackList([...user, ...(verbose === 1 ? [new ProgressBarLogger()] : []), history]);
  const names = ['loss', ...state.metrics.map((m) => m.name)];
  callbacks.setModel(model);
  callbacks.setParams({ epochs, steps, samples: n, batchSize, verbose, metrics: data.val ? [...names, ...names.map((k) => `val_${k}`)] : names });

  model.stopTraining = false;
  const order = new Int32Array(n);
  await callbacks.onTrainBegin();
  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    await callbacks.onEpochBegin(epoch);
    for (let i = 0; i < n; i++) order[i] = i;
    if (args.shuffle ?? true) model.rng.shuffle(order);
    const means = new RunningMeans();
    for (let step = 0; step < steps && !model.stopTraining; step++) {
      await callbacks.onBatchBegin(step, { batch: step, size: Math.min(batchSize, n - step * batchSize) });
      const start = step * batchSize;
      const end = Math.min(n, start + batchSize);
      const xb = gatherRows(data.x, order, start, end);
      const yb = gatherRows(data.y, order, start, end);
      const where = `epoch ${epoch + 1}, batch ${step + 1}`;
      const values = args.pool ? await args.pool.trainStep(model, state, xb, yb, where, history) : trainBatch(model, state, xb, yb, where, history);
      means.add(values, end - start);
      await callbacks.onBatchEnd(step, means.means());
    }
    const logs: Logs = means.means();
    if (data.val) {
      const [xv, yv] = data.val;
      Object.assign(logs, prefixed(args.pool ? await args.pool.evaluateBatches(model, state, xv, yv, batchSize) : evaluateBatches(model, state, xv, yv, batchSize)));
    }
    await callbacks.onEpochEnd(epoch, logs);
  }
  await callbacks.onTrainEnd();
  return history;
}

function prefixed(values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) out[`val_${k}`] = v;
  return out;
}
