import { EPSILON, UPPER } from './probability-clip.js';

/**
 * One row of Keras categorical crossentropy: q = p / Σp, clipped to [ε, 1-ε] (float32 bounds), loss = -Σ t·log q.
 * Writes d(loss / rows)/dp into grad: with a_j = -t_j/q_j (0 where q_j was clipped),
 * dloss/dp_k = (a_k - Σ_j a_j q_j) / Σp (the normalisation couples the row). Returns the row loss.
 */
export function crossentropyRow(target: (j: number) => number, yPred: Float32Array, grad: Float32Array, offset: number, cols: number, rows: number): number {
  let total = 0;
  for (let j = 0; j < cols; j++) total += yPred[offset + j];
  const a = (j: number): number => {
    const q = yPred[offset + j] / total;
    return q < EPSILON || q > UPPER ? 0 : -target(j) / q;
  };
  let loss = 0;
  let dot = 0;
  for (let j = 0; j < cols; j++) {
    const q = yPred[offset + j] / total;
    loss -= target(j) * Math.log(Math.min(Math.max(q, EPSILON), UPPER));
    dot += a(j) * q;
  }
  for (let j = 0; j < cols; j++) grad[offset + j] = (a(j) - dot) / total / rows;
  return loss;
}
