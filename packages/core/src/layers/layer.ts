/**
 * The abstract Layer every built-in and custom layer extends (Keras/TF.js contract):
 * `build(inputShape)` creates weights with `addWeight`, `call(input, {training})` computes the
 * output from public ops (the tape derives gradients), `computeOutputShape` and `getConfig`
 * describe it. `apply` checks the input, builds on first use, then calls.
 */
import { ShapeError, ValueError, formatShape } from '../errors.js';
import { getInitializer, type InitializerIdentifier } from '../initializers/index.js';
import { Tensor, type DType } from '../tensor.js';
import { Variable } from '../variable.js';

/** A shape whose leading (batch) dimension, and possibly others, may be unknown. */
export type LayerShape = (number | null)[];

export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  /** Input shape without the batch dimension, e.g. [28, 28, 1]. */
  inputShape?: (number | null)[];
  /** Full input shape with the batch dimension (null for any). */
  batchInputShape?: (number | null)[];
  batchSize?: number;
  dtype?: DType;
}

export interface CallArgs {
  /** True inside fit(): dropout drops, batch norm uses batch statistics, augmentation augments. */
  training?: boolean;
}

/** What a layer accepts: an exact rank, a minimum rank, and/or fixed sizes on some axes. */
export interface InputSpec {
  ndim?: number;
  minNdim?: number;
  maxNdim?: number;
  /** axis (negative counts from the end) → required size. */
  axes?: Record<number, number>;
}

/** The serialised layer config written into model.json (snake_case keys, as TF.js writes them). */
export type LayerConfig = Record<string, unknown>;

const nameCounts = new Map<string, number>();

/**
 * What a model loader asks of every weight created while it builds a model (`whileCreatingWeights`),
 * including the weights of layers that a custom layer makes inside its own build().
 */
export interface WeightCreation {
  /** Called before the weight is allocated; throws to refuse it (a weights manifest's value budget). */
  check(layer: Layer, name: string, shape: number[]): void;
  /** Zeros instead of the initialiser's draws: the loaded weights overwrite every value anyway. */
  zeros: boolean;
}

let weightCreation: WeightCreation | null = null;

/** Runs `build` (synchronous) with every `addWeight` call going through `creation` first. */
export function whileCreatingWeights<T>(creation: WeightCreation, build: () => T): T {
  const outer = weightCreation;
  weightCreation = creation;
  try {
    return build();
  } finally {
    weightCreation = outer;
  }
}

/** 'Conv2D' → 'conv2d', 'BatchNormalization' → 'batch_normalization' (Keras' default layer names). */
export function toSnakeCase(name: string): string {
  return name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Keras-style unique names: 'dense', 'dense_1', 'dense_2', … */
function uniqueName(prefix: string): string {
  const n = nameCounts.get(prefix) ?? 0;
  nameCounts.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/** Restarts automatic layer naming (tests, or building the same model twice with the same names). */
export function resetLayerNames(): void {
  nameCounts.clear();
}

export abstract class Layer {
  /** Keras class name ('Dense', 'Conv2D', …); subclasses override. */
  static className = 'Layer';

  readonly name: string;
  trainable: boolean;
  readonly dtype: DType;
  /** Declared input shape including batch (from inputShape/batchInputShape), if any. */
  readonly batchInputShape: LayerShape | null;
  built = false;
  /** Checked by `apply` before `build`/`call`. */
  protected inputSpec: InputSpec | null = null;
  private readonly ownTrainable: Variable[] = [];
  private readonly ownNonTrainable: Variable[] = [];

  constructor(args: LayerArgs = {}) {
    this.name = args.name ?? uniqueName(toSnakeCase(this.getClassName()));
    this.trainable = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape !== undefined) {
      this.batchInputShape = [...args.batchInputShape];
    } else if (args.inputShape !== undefined) {
      this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    } else {
      this.batchInputShape = null;
    }
  }

  getClassName(): string {
    return (this.constructor as typeof Layer).className;
  }

  /** Creates the weights for inputs of `inputShape` (batch dimension null). Default: none. */
  build(_inputShape: LayerShape): void {
    this.built = true;
  }

  /** The forward computation, from public ops. */
  abstract call(input: Tensor, args: CallArgs): Tensor;

  /** Output shape for an input shape (batch dimension may be null). Default: unchanged. */
  computeOutputShape(inputShape: LayerShape): LayerShape {
    return inputShape;
  }

  /** TF.js layers-format config (snake_case keys). Subclasses add theirs to `super.getConfig()`. */
  getConfig(): LayerConfig {
    const config: LayerConfig = { name: this.name, trainable: this.trainable };
    if (this.batchInputShape !== null) config.batch_input_shape = [...this.batchInputShape];
    config.dtype = this.dtype;
    return config;
  }

  /** Checks the input, builds on first use, then runs `call`. */
  apply(input: Tensor, args: CallArgs = {}): Tensor {
    if (!(input instanceof Tensor)) {
      throw new ValueError(`Layer '${this.name}' (${this.getClassName()}) expects a Tensor, got ${describe(input)}. Wrap data with tensor(...).`);
    }
    this.assertInputCompatible(input.shape);
    if (!this.built) {
      this.build([null, ...input.shape.slice(1)]);
      this.built = true;
    }
    return this.call(input, args);
  }

  /** Throws a ShapeError naming this layer, the expected and the actual shape. */
  protected assertInputCompatible(shape: readonly number[]): void {
    const where = `Layer '${this.name}' (${this.getClassName()})`;
    const spec = this.inputSpec;
    if (spec !== null) {
      if (spec.ndim !== undefined && shape.length !== spec.ndim) {
        throw new ShapeError(`${where} expects input of rank ${spec.ndim}${this.expectedHint()}, but got shape ${formatShape(shape)} (rank ${shape.length}).`);
      }
      if (spec.minNdim !== undefined && shape.length < spec.minNdim) {
        throw new ShapeError(`${where} expects input of rank ≥ ${spec.minNdim}${this.expectedHint()}, but got shape ${formatShape(shape)} (rank ${shape.length}).`);
      }
      if (spec.maxNdim !== undefined && shape.length > spec.maxNdim) {
        throw new ShapeError(`${where} expects input of rank ≤ ${spec.maxNdim}${this.expectedHint()}, but got shape ${formatShape(shape)} (rank ${shape.length}).`);
      }
      for (const [key, size] of Object.entries(spec.axes ?? {})) {
        const axis = Number(key) < 0 ? shape.length + Number(key) : Number(key);
        if (shape[axis] !== size) {
          throw new ShapeError(`${where} was built for inputs with ${size} on axis ${key}, but got shape ${formatShape(shape)}. Feed inputs of the shape the layer was built with, or create a new layer.`);
        }
      }
    }
    const declared = this.batchInputShape;
    if (declared !== null) {
      const ok = declared.length === shape.length && declared.every((d, i) => d === null || d === shape[i]);
      if (!ok) {
        throw new ShapeError(`${where} expects input shape ${formatShape(declared)} (from its inputShape), but got ${formatShape(shape)}.`);
      }
    }
  }

  private expectedHint(): string {
    return this.batchInputShape !== null ? ` (shape ${formatShape(this.batchInputShape)})` : '';
  }

  /** Creates and tracks a weight named `<layer>/<name>`. */
  addWeight(name: string, shape: number[], initializer: InitializerIdentifier = 'glorot_uniform', options: { trainable?: boolean; dtype?: DType } = {}): Variable {
    const trainable = options.trainable ?? true;
    if (weightCreation !== null) {
      weightCreation.check(this, name, shape);
      if (weightCreation.zeros) initializer = 'zeros';
    }
    const init = getInitializer(initializer);
    const v = new Variable(init.apply(shape, options.dtype ?? 'float32'), { name: `${this.name}/${name}`, trainable });
    (trainable ? this.ownTrainable : this.ownNonTrainable).push(v);
    return v;
  }

  /** Weights the optimizer updates (none when the layer is frozen with trainable = false). */
  get trainableWeights(): Variable[] {
    return this.trainable ? [...this.ownTrainable] : [];
  }

  /** Weights not updated by the optimizer (e.g. batch norm moving statistics; all weights when frozen). */
  get nonTrainableWeights(): Variable[] {
    return this.trainable ? [...this.ownNonTrainable] : [...this.ownTrainable, ...this.ownNonTrainable];
  }

  /** All weights, trainable first (TF.js order). */
  get weights(): Variable[] {
    return [...this.ownTrainable, ...this.ownNonTrainable];
  }

  countParams(): number {
    if (!this.built) throw new ValueError(`Layer '${this.name}' is not built yet: call it on an input (or give it an inputShape) before countParams().`);
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** Snapshot copies of the weights, in `weights` order. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => w.read());
  }

  /** Sets every weight from `values` (same order and shapes as `weights`). */
  setWeights(values: Tensor[]): void {
    const ws = this.weights;
    if (values.length !== ws.length) {
      throw new ValueError(`Layer '${this.name}' has ${ws.length} weights (${ws.map((w) => formatShape(w.shape)).join(', ')}) but setWeights got ${values.length}.`);
    }
    ws.forEach((w, i) => {
      const v = values[i];
      if (v.shape.length !== w.shape.length || v.shape.some((d, j) => d !== w.shape[j])) {
        throw new ShapeError(`Layer '${this.name}': weight '${w.name}' has shape ${formatShape(w.shape)} but setWeights got ${formatShape(v.shape)}.`);
      }
      w.assign(v);
    });
  }
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a plain array';
  return typeof x === 'object' ? `a ${(x as object).constructor?.name ?? 'object'}` : `a ${typeof x}`;
}

/**
 * @internal Checks `shape` against `layer`'s input spec as `apply` does, for Sequential's build and
 * its fused paths, which run layers without their `apply`. (A function, not a static method: a
 * static member would make every layer class's type differ from `LayerClass`.)
 */
export function assertLayerInput(layer: Layer, shape: readonly (number | null)[]): void {
  (layer as unknown as { assertInputCompatible(s: readonly (number | null)[]): void }).assertInputCompatible(shape);
}
