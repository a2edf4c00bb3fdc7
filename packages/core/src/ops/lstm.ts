/**
 * A whole LSTM sequence: in one fused kernel (forward and backpropagation through time) for the
 * Keras default activations tanh/sigmoid, else composed step by step from differentiable ops.
 */
import { ShapeError, formatShape } from '../errors.js';
import { record } from '../tape.js';
import { Tensor } from '../tensor.js';
import { checkActivation, getActivation } from './activations.js';
import { kernel } from './kernel.js';
import { lstmComposed } from './lstm-composed.js';

export interface LSTMOptions {
  /** Keras activation name for the cell candidate and output (default 'tanh'). */
  activation?: string;
  /** Keras activation name for the i, f, o gates (default 'sigmoid'; TF.js layers default to 'hard_sigmoid'). */
  recurrentActivation?: string;
}

const f32 = (t: Tensor): Float32Array => (t.data instanceof Float32Array ? t.data : Float32Array.from(t.data));

/**
 * x [batch, steps, inDim], kernel [inDim, 4u], recurrentKernel [u, 4u], bias [4u] (Keras gate
 * order i, f, c, o) → every step's output h [batch, steps, u], from a zero initial state.
 * Differentiable w.r.t. x and all three weights.
 */
export function lstm(x: Tensor, weights: Tensor, recurrentWeights: Tensor, bias: Tensor, options: LSTMOptions = {}): Tensor {
  if (x.rank !== 3) throw new ShapeError(`lstm: input must be [batch, steps, features], got ${formatShape(x.shape)}.`);
  const [batch, steps, inDim] = x.shape;
  const units = recurrentWeights.shape[0];
  if (weights.shape[0] !== inDim || weights.shape[1] !== 4 * units || recurrentWeights.shape[1] !== 4 * units || bias.size !== 4 * units) {
    throw new ShapeError(`lstm: weights ${formatShape(weights.shape)}, ${formatShape(recurrentWeights.shape)}, ${formatShape(bias.shape)} do not fit input ${formatShape(x.shape)} (expected [${inDim}, ${4 * units}], [${units}, ${4 * units}], [${4 * units}]).`);
  }
  const act = checkActivation(options.activation ?? 'tanh');
  const recurrentAct = checkActivation(options.recurrentActivation ?? 'sigmoid');
  if (act !== 'tanh' || recurrentAct !== 'sigmoid') {
    return lstmComposed(x, weights, recurrentWeights, bias, getActivation(act), getActivation(recurrentAct));
  }
  const xd = f32(x);
  const wd = f32(weights);
  const rd = f32(recurrentWeights);
  const h = new Float32Array(batch * steps * units);
  const c = new Float32Array(batch * steps * units);
  const gates = new Float32Array(batch * steps * 4 * units);
  kernel('lstmForward')(xd, wd, rd, f32(bias), h, c, gates, batch, steps, inDim, units);
  return record(new Tensor(h, [batch, steps, units]), [x, weights, recurrentWeights, bias], (dy) => {
    const dx = new Float32Array(x.size);
    const dw = new Float32Array(weights.size);
    const dr = new Float32Array(recurrentWeights.size);
    const db = new Float32Array(4 * units);
    kernel('lstmBackward')(xd, wd, rd, h, c, gates, dy.data as Float32Array, dx, dw, dr, db, batch, steps, inDim, units);
    return [new Tensor(dx, x.shape), new Tensor(dw, weights.shape), new Tensor(dr, recurrentWeights.shape), new Tensor(db, bias.shape)];
  });
}
