/**
 * An LSTM sequence composed step by step from public differentiable ops, for activation pairs the
 * fused kernel does not implement (e.g. TF.js' default recurrent activation 'hard_sigmoid'). Its
 * gradient comes from the tape; there is no backward code here.
 */
import { Tensor } from '../tensor.js';
import { add, mul } from './arithmetic.js';
import { matmul } from './matmul.js';
import { concat, reshape, slice } from './shape.js';

export type ElementWise = (x: Tensor) => Tensor;

/**
 * x [batch, steps, inDim], kernel [inDim, 4u], recurrentKernel [u, 4u], bias [4u] (gate order
 * i, f, c, o) → h [batch, steps, u] from a zero initial state, as TF.js' LSTMCell computes it:
 * z = xₜ·W + hₜ₋₁·R + b; i, f, o = recurrentActivation(zᵢ, z_f, z_o); c = f·cₜ₋₁ + i·activation(z_c);
 * h = o·activation(c). Shapes are checked by the caller (`lstm`).
 */
export function lstmComposed(
  x: Tensor, weights: Tensor, recurrentWeights: Tensor, bias: Tensor,
  activation: ElementWise, recurrentActivation: ElementWise,
): Tensor {
  const [batch, steps, inDim] = x.shape;
  const u = recurrentWeights.shape[0];
  if (steps === 0) return new Tensor(new Float32Array(0), [batch, 0, u]);
  // The input projection of every step at once: [batch·steps, inDim]·[inDim, 4u] + b.
  const projected = reshape(add(matmul(reshape(x, [batch * steps, inDim]), weights), bias), [batch, steps, 4 * u]);
  const gate = (z: Tensor, k: number): Tensor => slice(z, [0, k * u], [batch, u]);
  const outputs: Tensor[] = [];
  let h: Tensor | null = null;
  let c: Tensor | null = null;
  for (let t = 0; t < steps; t++) {
    const zx = reshape(slice(projected, [0, t, 0], [batch, 1, 4 * u]), [batch, 4 * u]);
    // The initial state is zero: the first step has no recurrent term and no f·c₀.
    const z = h === null ? zx : add(zx, matmul(h, recurrentWeights));
    const i = recurrentActivation(gate(z, 0));
    const candidate = mul(i, activation(gate(z, 2)));
    c = c === null ? candidate : add(mul(recurrentActivation(gate(z, 1)), c), candidate);
    h = mul(recurrentActivation(gate(z, 3)), activation(c));
    outputs.push(reshape(h, [batch, 1, u]));
  }
  return outputs.length === 1 ? outputs[0] : concat(outputs, 1);
}
