/**
 * A whole LSTM sequence: in one fused kernel (forward and backpropagation through time; an
 * inference kernel outside a tape) for the Keras default activations tanh/sigmoid, else composed
 * step by step from differentiable ops.
 */
import { residentVersion } from '@neurite/kernels';
import { ShapeError, formatShape } from '../errors.js';
import { activationArray } from '../activation-pool.js';
import { gradientArray, isRecording, record, releaseGradientArrays } from '../tape.js';
import { Tensor } from '../tensor.js';
import { checkActivation, getActivation } from './activations.js';
import { gatheredFrom, toIds } from './gather.js';
import { kernel } from './kernel.js';
import { lstmComposed } from './lstm-composed.js';
import { reshape, slice } from './shape.js';

export interface LSTMOptions {
  /** Keras activation name for the cell candidate and output (default 'tanh'). */
  activation?: string;
  /** Keras activation name for the i, f, o gates (default 'sigmoid'; TF.js layers default to 'hard_sigmoid'). */
  recurrentActivation?: string;
  /** Every step's h [batch, steps, u] (default), or only the last step's [batch, u]. */
  returnSequences?: boolean;
}

const f32 = (t: Tensor): Float32Array => (t.data instanceof Float32Array ? t.data : Float32Array.from(t.data));

/**
 * x [batch, steps, inDim], kernel [inDim, 4u], recurrentKernel [u, 4u], bias [4u] (Keras gate
 * order i, f, c, o) → every step's output h [batch, steps, u] (or the last step's [batch, u]
 * with returnSequences false), from a zero initial state. Differentiable w.r.t. x and all three
 * weights. Outside a tape (inference) the fused path computes h only, nothing for a backward pass.
 */
export function lstm(x: Tensor, weights: Tensor, recurrentWeights: Tensor, bias: Tensor, options: LSTMOptions = {}): Tensor {
  if (x.rank !== 3) throw new ShapeError(`lstm: input must be [batch, steps, features], got ${formatShape(x.shape)}.`);
  const [batch, steps, inDim] = x.shape;
  const units = recurrentWeights.shape[0];
  if (weights.shape[0] !== inDim || weights.shape[1] !== 4 * units || recurrentWeights.shape[1] !== 4 * units || bias.size !== 4 * units) {
    throw new ShapeError(`lstm: weights ${formatShape(weights.shape)}, ${formatShape(recurrentWeights.shape)}, ${formatShape(bias.shape)} do not fit input ${formatShape(x.shape)} (expected [${inDim}, ${4 * units}], [${units}, ${4 * units}], [${4 * units}]).`);
  }
  const returnSequences = options.returnSequences ?? true;
  if (!returnSequences && steps === 0) throw new ShapeError(`lstm: the last step's output needs at least one step, got input ${formatShape(x.shape)}.`);
  const act = checkActivation(options.activation ?? 'tanh');
  const recurrentAct = checkActivation(options.recurrentActivation ?? 'sigmoid');
  if (act !== 'tanh' || recurrentAct !== 'sigmoid') {
    const h = lstmComposed(x, weights, recurrentWeights, bias, getActivation(act), getActivation(recurrentAct));
    return returnSequences ? h : reshape(slice(h, [0, steps - 1, 0], [batch, 1, units]), [batch, units]);
  }
  const xd = f32(x);
  const wd = f32(weights);
  const rd = f32(recurrentWeights);
  const bd = f32(bias);
  if (!isRecording()) {
    const out = new Float32Array((returnSequences ? batch * steps : batch) * units);
    const source = gatheredFrom(x);
    if (source !== null) {
      // x is an embedding lookup: the kernel may keep the table's rows projected by the weights.
      kernel('embeddingLstmPredict')(source.ids, source.table, wd, rd, bd, out, batch, steps, source.vocab, inDim, units, returnSequences);
    } else {
      kernel('lstmPredict')(xd, wd, rd, bd, out, batch, steps, inDim, units, returnSequences);
    }
    return new Tensor(out, returnSequences ? [batch, steps, units] : [batch, units]);
  }
  const h = activationArray(batch * steps * units); // the kernel writes every element
  const cells = kernel('lstmForward')(xd, wd, rd, bd, h, batch, steps, inDim, units);
  const out = returnSequences ? new Tensor(h, [batch, steps, units]) : new Tensor(lastStep(h, batch, steps, units), [batch, units]);
  return record(out, [x, weights, recurrentWeights, bias], (dy) => {
    const dh = returnSequences ? f32(dy) : lastStepGradient(f32(dy), batch, steps, units);
    // gradientArray: the tape keeps these as they are (no copy); the kernel writes every element.
    const dx = gradientArray(x.size);
    const dw = gradientArray(weights.size);
    const dr = gradientArray(recurrentWeights.size);
    const db = gradientArray(4 * units);
    kernel('lstmBackward')(xd, wd, rd, h, cells, dh, dx, dw, dr, db, batch, steps, inDim, units);
    if (!returnSequences) releaseGradientArrays([dh]); // made here, used only by the kernel
    return [new Tensor(dx, x.shape), new Tensor(dw, weights.shape), new Tensor(dr, recurrentWeights.shape), new Tensor(db, bias.shape)];
  }, true); // dy is read by the kernel only, so the tape may hand its array to the next gradientArray
}

/** One LSTM layer's weights: kernel [inDim, 4u], recurrent kernel [u, 4u], bias [4u]. */
export interface LSTMWeights {
  weights: Tensor;
  recurrentWeights: Tensor;
  bias: Tensor;
}

/**
 * Inference only: lstm(embeddingLookup(table, ids), ...) with the default activations (tanh,
 * sigmoid), bit for bit, without gathering the rows [batch, steps, dim] at all; with `second`,
 * that LSTM's every step then goes through a second one (the first one's output stays in WASM
 * memory). For Sequential's Embedding → LSTM fusion (model/embedding-lstm-fusion.ts). Null when
 * the table is not resident (the layers then run one by one). The caller checks the shapes: ids
 * [batch, steps] with steps ≥ 1, table [vocab, inDim], weights as for `lstm`, chained.
 */
export function embeddingLstm(table: Tensor, ids: Tensor, first: LSTMWeights, second: LSTMWeights | null, returnSequences: boolean): Tensor | null {
  const td = table.data;
  if (!(td instanceof Float32Array) || residentVersion(td) === -1 || isRecording()) return null;
  const [vocab, inDim] = table.shape;
  const [batch, steps] = ids.shape;
  const units = first.recurrentWeights.shape[0];
  const outUnits = (second ?? first).recurrentWeights.shape[0];
  const out = new Float32Array((returnSequences ? batch * steps : batch) * outUnits);
  const idArray = toIds(ids, vocab);
  const [w, r, b] = [f32(first.weights), f32(first.recurrentWeights), f32(first.bias)];
  if (second === null) {
    kernel('embeddingLstmPredict')(idArray, td, w, r, b, out, batch, steps, vocab, inDim, units, returnSequences);
  } else {
    const [w2, r2, b2] = [f32(second.weights), f32(second.recurrentWeights), f32(second.bias)];
    kernel('embeddingLstm2Predict')(idArray, td, w, r, b, w2, r2, b2, out, batch, steps, vocab, inDim, units, outUnits, returnSequences);
  }
  return new Tensor(out, returnSequences ? [batch, steps, outUnits] : [batch, outUnits]);
}

/** The last step's rows [batch, u] of h [batch, steps, u]. */
function lastStep(h: Float32Array, batch: number, steps: number, units: number): Float32Array {
  const out = new Float32Array(batch * units);
  for (let b = 0; b < batch; b++) out.set(h.subarray(((b + 1) * steps - 1) * units, (b + 1) * steps * units), b * units);
  return out;
}

/** dh [batch, steps, u]: dy [batch, u] at the last step, zeros elsewhere. */
function lastStepGradient(dy: Float32Array, batch: number, steps: number, units: number): Float32Array {
  const dh = gradientArray(batch * steps * units).fill(0); // maybe a reused array
  for (let b = 0; b < batch; b++) dh.set(dy.subarray(b * units, (b + 1) * units), ((b + 1) * steps - 1) * units);
  return dh;
}
