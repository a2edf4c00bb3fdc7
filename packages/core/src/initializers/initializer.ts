/** Base class of weight initialisers and the fan-in/fan-out rule they share (Keras semantics). */
import { Random, globalRng } from '../random.js';
import { Tensor, sizeOf, type DType } from '../tensor.js';

/** A serialised initialiser as written in model.json: `{class_name, config}`. */
export interface InitializerConfig {
  class_name: string;
  config: Record<string, unknown>;
}

export abstract class Initializer {
  /** Keras class name written into model.json. */
  abstract readonly className: string;
  /** Fills a new tensor of `shape` (float32). */
  abstract apply(shape: readonly number[], dtype?: DType): Tensor;
  /** Keras/TF.js config (snake_case keys and values). */
  getConfig(): Record<string, unknown> {
    return {};
  }
  serialize(): InitializerConfig {
    return { class_name: this.className, config: this.getConfig() };
  }
}

/** A seeded initialiser repeats its values on every call (Keras); unseeded ones draw from the global generator. */
export function rngFor(seed: number | null | undefined): Random {
  return seed === null || seed === undefined ? globalRng() : new Random(seed);
}

/** Keras/TF.js fan computation; conv kernels are [..., in, out] (channels last). */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 2) return [shape[0], shape[1]];
  if (shape.length >= 3 && shape.length <= 5) {
    const receptive = sizeOf(shape.slice(0, -2));
    return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
  }
  const s = Math.sqrt(sizeOf(shape));
  return [s, s];
}

/** A tensor of `shape` with every element `value`: one fill, no per-element call (fresh typed arrays are zeros already). */
export function constant(shape: readonly number[], dtype: DType | undefined, value: number): Tensor {
  const data = dtype === 'int32' ? new Int32Array(sizeOf(shape)) : new Float32Array(sizeOf(shape));
  if (value !== 0) data.fill(value);
  return new Tensor(data, shape, dtype ?? 'float32');
}

export function filled(shape: readonly number[], dtype: DType | undefined, draw: (i: number) => number): Tensor {
  const n = sizeOf(shape);
  const data = dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = draw(i);
  return new Tensor(data, shape, dtype ?? 'float32');
}
