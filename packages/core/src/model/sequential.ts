/**
 * Sequential: a linear stack of layers with Keras' compile / fit / evaluate / predict / summary.
 * Shapes are inferred layer by layer as layers are added (once the first layer declares its
 * `inputShape`, else on the first data seen), so a mismatch is reported by `add`, naming the layer.
 */
import { NotCompiledError, ShapeError, ValueError, formatShape } from '../errors.js';
import { assertLayerInput, type Layer, type LayerShape } from '../layers/layer.js';
import * as losses from '../losses/index.js';
import * as metrics from '../metrics/index.js';
import * as optimizers from '../optimizers/index.js';
import { Random, nextSeed } from '../random.js';
import { isRecording, noGrad } from '../tape.js';
import { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { concatRows, requireBatchSize, requireFinite, requireSameLength, requireTensor, sliceRows } from './data.js';
import { batchGradients, evaluateBatches, fitModel, trainBatch, type BatchGradients, type FitArgs } from './fit.js';
import type { History } from '../callbacks/history.js';
import { formatSummary } from './summary.js';
import { recyclesInference } from './recycling.js';
import { collectActivations, releaseActivations } from '../activation-pool.js';
import { applyConvPool, fusesWithPool } from './conv-pool-fusion.js';
import { applyEmbeddingLstm, lstmsFusedWith } from './embedding-lstm-fusion.js';
import { applyConvBatchNorm } from './conv-batch-norm-fusion.js';
import { saveModel, type SaveDestination, type SaveHandler } from '../io/save.js';
import type { ModelArtifacts } from '../io/artifacts.js';
import type { FileSaveResult } from '../io/save-directory.js';
import type { SaveOptions } from '../io/serialize.js';

export interface SequentialArgs {
  name?: string;
  layers?: Layer[];
  /** Seed of the model's own generator (shuffling in fit); drawn from the global seed by default. */
  seed?: number;
}

export interface CompileArgs {
  optimizer: string | optimizers.Optimizer;
  loss: string | losses.LossFn;
  metrics?: metrics.MetricIdentifier[];
}

export interface CompiledState {
  optimizer: optimizers.Optimizer;
  loss: losses.LossFn;
  /** The loss name when given as a string (Keras uses it to pick the accuracy variant). */
  lossName: string | undefined;
  metrics: { name: string; fn: metrics.MetricFn }[];
}

export interface PredictArgs {
  batchSize?: number;
}

let modelCount = 0;

export class Sequential {
  readonly name: string;
  readonly layers: Layer[] = [];
  /** Set to true (e.g. from a callback) to stop fit after the current batch. */
  stopTraining = false;
  /** The generator fit shuffles with. */
  readonly rng: Random;
  private shapes: LayerShape[] = [];
  private compiled: CompiledState | null = null;

  constructor(args: SequentialArgs = {}) {
    this.name = args.name ?? (modelCount++ === 0 ? 'sequential' : `sequential_${modelCount - 1}`);
    this.rng = new Random(args.seed ?? nextSeed());
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /** Appends a layer, building it when the input shape is known; throws a ShapeError naming it on a mismatch. */
  add(layer: Layer): void {
    if (!layer || typeof (layer as Layer).apply !== 'function') {
      throw new ValueError(`${this.name}.add() expects a Layer (e.g. layers.dense({ units: 1 })), got ${String(layer)}.`);
    }
    if (this.layers.includes(layer)) throw new ValueError(`Layer '${layer.name}' is already in model '${this.name}'; create a new layer to add another.`);
    if (this.layers.length === 0) {
      this.layers.push(layer);
      if (layer.batchInputShape !== null) this.buildFrom(layer.batchInputShape);
      return;
    }
    const input = this.outputShape;
    this.layers.push(layer);
    if (input !== null) {
      try {
        this.shapes.push(buildLayer(layer, input));
      } catch (e) {
        this.layers.pop();
        throw e;
      }
    }
  }

  /** The model's input shape (batch null), or null until known. */
  get inputShape(): LayerShape | null {
    return this.shapes.length > 0 ? this.shapes[0] : null;
  }

  /** The model's output shape (batch null), or null until the input shape is known. */
  get outputShape(): LayerShape | null {
    return this.shapes.length === this.layers.length + 1 && this.layers.length > 0 ? this.shapes[this.shapes.length - 1] : null;
  }

  get built(): boolean {
    return this.outputShape !== null;
  }

  /** Builds every layer for inputs of `inputShape` (batch dimension first, may be null). */
  build(inputShape: LayerShape): void {
    if (this.built) return;
    this.buildFrom(inputShape);
  }

  private buildFrom(inputShape: LayerShape): void {
    const shapes: LayerShape[] = [[null, ...inputShape.slice(1)]];
    for (const layer of this.layers) shapes.push(buildLayer(layer, shapes[shapes.length - 1]));
    this.shapes = shapes;
  }

  compile(args: CompileArgs): void {
    if (args === undefined || args.optimizer === undefined || args.loss === undefined) {
      throw new ValueError("compile() needs { optimizer, loss }, e.g. model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] }).");
    }
    const lossName = typeof args.loss === 'string' ? args.loss : undefined;
    this.compiled = {
      optimizer: optimizers.get(args.optimizer),
      loss: losses.get(args.loss),
      lossName,
      metrics: (args.metrics ?? []).map((m) => metrics.get(m, lossName)),
    };
  }

  /** The compiled optimizer (null before compile). */
  get optimizer(): optimizers.Optimizer | null {
    return this.compiled?.optimizer ?? null;
  }

  /** The compile state, or a NotCompiledError for `method`. */
  requireCompiled(method: string): CompiledState {
    if (this.compiled === null) {
      throw new NotCompiledError(`${method}() needs a compiled model: call model.compile({ optimizer: 'adam', loss: '...', metrics: ['accuracy'] }) first.`);
    }
    return this.compiled;
  }

  /**
   * Runs the layers in order (recorded on the tape when one is active). A Conv2D directly
   * followed by a 2×2 MaxPooling2D runs as one fused kernel, in training too (recorded then); in
   * inference (not training, no tape) an Embedding directly followed by an LSTM (and a second LSTM
   * after one returning sequences) does too; same results (conv-pool-fusion.ts,
   * embedding-lstm-fusion.ts).
   */
  call(x: Tensor, training = false): Tensor {
    const fuse = !training && !isRecording();
    let out = x;
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i];
      const pooled = out instanceof Tensor && fusesWithPool(layer, this.layers[i + 1]) ? applyConvPool(layer, out) : null;
      const lstms = pooled === null && fuse && out instanceof Tensor ? lstmsFusedWith(this.layers, i) : 0;
      const recurrent = lstms > 0 ? applyEmbeddingLstm(this.layers, i, lstms, out) : null;
      const normalized = pooled === null && recurrent === null && fuse ? applyConvBatchNorm(this.layers, i, out) : null;
      if (pooled !== null) {
        out = pooled;
        i++; // the pooling layer ran inside the fused call
      } else if (recurrent !== null) {
        out = recurrent;
        i += lstms; // so did the LSTMs
      } else if (normalized !== null) {
        out = normalized.out;
        i += normalized.layers - 1; // the BatchNormalization (and activation) ran inside the convolution
      } else {
        out = layer.apply(out, { training });
      }
    }
    return out;
  }

  /** Checks x against the model's input shape (building the model from x if needed). */
  checkInput(method: string, x: Tensor, what = 'x'): void {
    if (this.layers.length === 0) throw new ValueError(`${method}: model '${this.name}' has no layers; add some with model.add(...).`);
    if (x.shape[0] === 0) throw new ValueError(`${method}: ${what} has 0 samples (shape ${formatShape(x.shape)}); there is nothing to compute.`);
    const first = this.layers[0];
    const expected = this.inputShape ?? first.batchInputShape;
    if (expected !== null) {
      const ok = expected.length === x.rank && expected.every((d, i) => i === 0 || d === null || d === x.shape[i]);
      if (!ok) {
        const want = formatShape([null, ...expected.slice(1)]);
        throw new ShapeError(`${method}: the model's first layer '${first.name}' (${first.getClassName()}) expects input shape ${want}, but ${what} has shape ${formatShape(x.shape)}. Reshape ${what} to [samples, ${expected.slice(1).join(', ')}].`);
      }
    }
    if (!this.built) this.build([null, ...x.shape.slice(1)]);
  }

  /** Checks y against the model's output shape for the compiled loss. */
  checkTargets(method: string, y: Tensor, what = 'y'): void {
    const out = this.outputShape;
    const { lossName } = this.requireCompiled(method);
    if (out === null || lossName === undefined) return;
    const perSample = out.slice(1) as number[];
    const ySample = y.shape.slice(1);
    const canonical = losses.canonicalLossName(lossName);
    if (canonical === 'sparse_categorical_crossentropy') {
      if (y.size !== y.shape[0] * sizeOfSample(perSample.slice(0, -1))) {
        throw new ShapeError(`${method}: with 'sparse_categorical_crossentropy' ${what} holds one class index per sample, shape [samples] or [samples, 1], but has shape ${formatShape(y.shape)} for model output ${formatShape(out)}.`);
      }
      return;
    }
    const same = ySample.length === perSample.length && ySample.every((d, i) => d === perSample[i]);
    const squeezed = sizeOfSample(ySample) === sizeOfSample(perSample) && (perSample.at(-1) === 1 || ySample.at(-1) === 1) && Math.abs(ySample.length - perSample.length) === 1;
    if (!same && !squeezed) {
      const hint = canonical === 'categorical_crossentropy' && y.size === y.shape[0] ? " These look like class indices: use loss 'sparse_categorical_crossentropy' or one-hot encode them." : '';
      throw new ShapeError(`${method}: ${what} has shape ${formatShape(y.shape)} but the model outputs ${formatShape(out)} (last layer '${this.layers[this.layers.length - 1].name}'); each target must match one output.${hint}`);
    }
  }

  /** Validates inputs and targets for `method`: tensors, same length, shapes that fit, finite values. */
  checkData(method: string, x: Tensor, y: Tensor, names: [string, string] = ['x', 'y']): void {
    requireTensor(method, names[0], x);
    requireTensor(method, names[1], y);
    requireSameLength(method, x, y, names);
    this.checkInput(method, x, names[0]);
    this.checkTargets(method, y, names[1]);
    requireFinite(method, names[0], x);
    requireFinite(method, names[1], y);
  }

  async fit(x: Tensor, y: Tensor, args: FitArgs = {}): Promise<History> {
    return fitModel(this, x, y, args);
  }

  /** One training step on exactly this batch (Keras' `train_on_batch`); returns its loss and metrics. */
  trainOnBatch(x: Tensor, y: Tensor): Record<string, number> {
    const state = this.requireCompiled('trainOnBatch');
    this.checkData('trainOnBatch', x, y);
    return trainBatch(this, state, x, y, 'trainOnBatch');
  }

  /**
   * The loss, gradients and predictions of one training step on exactly this batch, without
   * applying them: `grads[i]` is d(mean loss)/d(trainableWeights[i]). Nothing is checked for NaN
   * and the optimizer is not touched (BatchNormalization's moving statistics are updated, as in
   * any training-mode call). For custom loops and data-parallel training.
   */
  computeGradients(x: Tensor, y: Tensor): BatchGradients {
    const state = this.requireCompiled('computeGradients');
    this.checkData('computeGradients', x, y);
    return batchGradients(this, state, x, y);
  }

  /** Loss and metrics over (x, y), batched: `{ loss, accuracy, … }`. */
  evaluate(x: Tensor, y: Tensor, args: PredictArgs = {}): Record<string, number> {
    const state = this.requireCompiled('evaluate');
    const batchSize = requireBatchSize('evaluate', args.batchSize ?? 32);
    this.checkData('evaluate', x, y);
    return evaluateBatches(this, state, x, y, batchSize);
  }

  /** Outputs for x, computed in batches in inference mode (no tape). */
  predict(x: Tensor, args: PredictArgs = {}): Tensor {
    const batchSize = requireBatchSize('predict', args.batchSize ?? 32);
    requireTensor('predict', 'x', x);
    this.checkInput('predict', x);
    requireFinite('predict', 'x', x);
    const n = x.shape[0];
    const parts: Tensor[] = [];
    // Built-in layers only: a batch's activations are dead once it is through, and the next batch
    // (or call) may reuse them rather than take fresh arrays (a page fault per 4 KB on first write).
    const recycle = recyclesInference(this.layers);
    const kept = recycle ? [x.data, ...this.weights.map((w) => w.data)] : [];
    noGrad(() => {
      for (let start = 0; start < n; start += batchSize) {
        const batch = () => this.call(sliceRows(x, start, Math.min(n, start + batchSize)), false);
        if (!recycle) {
          parts.push(batch());
          continue;
        }
        const { result, arrays } = collectActivations(batch, true);
        parts.push(result);
        releaseActivations(arrays, [...kept, result.data]);
      }
    });
    return concatRows(parts);
  }

  /** All weights, layer by layer (Keras order); the optimizer updates `trainableWeights`. */
  get weights(): Variable[] {
    return this.layers.flatMap((l) => l.weights);
  }

  get trainableWeights(): Variable[] {
    return this.layers.flatMap((l) => l.trainableWeights);
  }

  get nonTrainableWeights(): Variable[] {
    return this.layers.flatMap((l) => l.nonTrainableWeights);
  }

  countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** Copies of every weight, in `weights` order. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => w.read());
  }

  /** Sets every weight (same order and shapes as getWeights). */
  setWeights(values: Tensor[]): void {
    const ws = this.weights;
    if (!Array.isArray(values) || values.length !== ws.length) {
      throw new ValueError(`${this.name}.setWeights: the model has ${ws.length} weights but got ${Array.isArray(values) ? values.length : String(values)}. Pass the array getWeights() returns.`);
    }
    ws.forEach((w, i) => {
      const v = values[i];
      if (!(v instanceof Tensor) || v.rank !== w.rank || v.shape.some((d, j) => d !== w.shape[j])) {
        throw new ShapeError(`${this.name}.setWeights: weight ${i} ('${w.name}') has shape ${formatShape(w.shape)} but got ${v instanceof Tensor ? formatShape(v.shape) : String(v)}.`);
      }
    });
    ws.forEach((w, i) => w.assign(values[i]));
  }

  /** Saves in the TF.js layers format: a directory path (Node, atomic), 'memory' (returns the artifacts) or a handler { save(artifacts) }; `{ quantize: { dtype: 'uint8' } }` stores the weights quantized. */
  save(destination: 'memory', options?: SaveOptions): Promise<ModelArtifacts>;
  save(destination: string | URL, options?: SaveOptions): Promise<FileSaveResult>;
  save<R>(destination: SaveHandler<R>, options?: SaveOptions): Promise<R>;
  save(destination: SaveDestination, options?: SaveOptions): Promise<unknown>;
  save(destination: SaveDestination, options?: SaveOptions): Promise<unknown> {
    return saveModel(this, destination, options);
  }

  /** Prints (with `print`, default console.log) and returns a Keras-style table of layers, output shapes and parameters. */
  summary(print: ((line: string) => void) | null = console.log): string {
    if (!this.built) throw new ValueError(`${this.name}.summary(): the model is not built yet. Give the first layer an inputShape, or call fit/predict first.`);
    const text = formatSummary(this.name, this.layers, this.shapes.slice(1));
    if (print) print(text);
    return text;
  }
}

function sizeOfSample(dims: readonly (number | null)[]): number {
  return dims.reduce<number>((n, d) => n * (d ?? 1), 1);
}

/** Checks `layer` accepts `input`, builds it, and returns its output shape. */
function buildLayer(layer: Layer, input: LayerShape): LayerShape {
  // A layer created with its own inputShape must agree with what the previous layer outputs.
  const declared = layer.batchInputShape;
  if (declared !== null && (declared.length !== input.length || declared.some((d, i) => i > 0 && d !== null && d !== input[i]))) {
    throw new ShapeError(`Layer '${layer.name}' (${layer.getClassName()}) declares input shape ${formatShape(declared)}, but the previous layer outputs ${formatShape(input)}.`);
  }
  assertLayerInput(layer, input);
  if (!layer.built) {
    layer.build(input);
    layer.built = true;
  }
  return layer.computeOutputShape(input);
}

/** `sequential({ layers: [...] })`, Keras' `Sequential([...])`. */
export function sequential(args: SequentialArgs = {}): Sequential {
  return new Sequential(args);
}
