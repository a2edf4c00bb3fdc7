/** Activation ops on kernels (relu, relu6, sigmoid, tanh, softmax) and the Keras activation-name lookup. */
import { Activation } from '@neurite/kernels';
import { UnknownNameError, ValueError } from '../errors.js';
import { activationArray } from '../activation-pool.js';
import { gradientArray, record } from '../tape.js';
import { Tensor } from '../tensor.js';
import { f32, kernel } from './kernel.js';
import { elu, hardSigmoid, softplus, softsign } from './unary.js';

type Fwd = 'relu' | 'relu6' | 'sigmoid' | 'tanh';
const BACKWARD = { relu: 'reluBackward', relu6: 'relu6Backward', sigmoid: 'sigmoidBackward', tanh: 'tanhBackward' } as const;

function pointwise(name: Fwd, x: Tensor): Tensor {
  const xd = f32(x);
  const out = activationArray(xd.length);
  kernel(name)(xd, out);
  // relu6's gradient is read from its input (at an input of exactly 6 it is 1, above 6 it is 0),
  // the others' from their output.
  const saved = name === 'relu6' ? xd : out;
  return record(new Tensor(out, x.shape), [x], (dy) => {
    const dx = gradientArray(out.length);
    kernel(BACKWARD[name])(saved, dy.data as Float32Array, dx);
    return [new Tensor(dx, x.shape)];
  }, true);
}

export const relu = (x: Tensor): Tensor => pointwise('relu', x);
/** Keras / TF.js relu6, min(max(x, 0), 6) (MobileNet, EfficientNet-Lite); gradient 1 for 0 < x ≤ 6 as TF.js' Relu6 gradient, else 0. */
export const relu6 = (x: Tensor): Tensor => pointwise('relu6', x);
export const sigmoid = (x: Tensor): Tensor => pointwise('sigmoid', x);
export const tanh = (x: Tensor): Tensor => pointwise('tanh', x);

/** Softmax over the last axis (max-subtracted, so large logits never overflow). */
export function softmax(x: Tensor): Tensor {
  if (x.rank < 1) throw new ValueError('softmax needs a tensor of rank ≥ 1.');
  const cols = x.shape[x.rank - 1];
  const rows = cols === 0 ? 0 : x.size / cols;
  const out = activationArray(x.size);
  kernel('softmax')(Float32Array.from(x.data), out, rows, cols);
  return record(new Tensor(out, x.shape), [x], (dy) => {
    const dx = gradientArray(out.length);
    kernel('softmaxBackward')(out, dy.data as Float32Array, dx, rows, cols);
    return [new Tensor(dx, x.shape)];
  }, true);
}

export const linear = (x: Tensor): Tensor => x;

export type ActivationName = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'softmax' | 'elu' | 'softplus' | 'hard_sigmoid' | 'softsign';

const ACTIVATIONS: Record<ActivationName, (x: Tensor) => Tensor> = {
  linear, relu, relu6, sigmoid, tanh, softmax, elu: (x) => elu(x), softplus, hard_sigmoid: hardSigmoid, softsign,
};

/** TF.js' camelCase spellings (its constructors take 'hardSigmoid'; model.json holds 'hard_sigmoid'). */
const ALIASES: Record<string, ActivationName> = { hardSigmoid: 'hard_sigmoid' };

/** Activations a conv/dense kernel can fuse after its bias add. */
const FUSED: Partial<Record<ActivationName, Activation>> = {
  linear: Activation.Linear, relu: Activation.Relu, sigmoid: Activation.Sigmoid, tanh: Activation.Tanh,
};

/** Own keys only, so 'constructor' or 'toString' is never taken for an activation. */
const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** Validates a Keras activation name (null/undefined → 'linear'). */
export function checkActivation(name: string | null | undefined): ActivationName {
  const raw = name ?? 'linear';
  const n = own(ALIASES, raw) ? ALIASES[raw] : raw;
  if (!own(ACTIVATIONS, n)) throw new UnknownNameError('activation', n, Object.keys(ACTIVATIONS));
  return n as ActivationName;
}

export function getActivation(name: string | null | undefined): (x: Tensor) => Tensor {
  return ACTIVATIONS[checkActivation(name)];
}

/** The fused kernel activation for `name`, or null if it must run as a separate op. */
export function fusedActivation(name: ActivationName): Activation | null {
  return FUSED[name] ?? null;
}

/** dL/d(pre-activation) from dL/d(output) and the fused activation's output y. */
export function fusedActivationBackward(act: Activation, y: Float32Array, dy: Float32Array): Float32Array {
  if (act === Activation.Linear) return dy;
  const dx = new Float32Array(dy.length);
  const name = act === Activation.Relu ? 'reluBackward' : act === Activation.Sigmoid ? 'sigmoidBackward' : 'tanhBackward';
  kernel(name)(y, dy, dx);
  return dx;
}
