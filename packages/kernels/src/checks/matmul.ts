/** Contracts of matmul, dense and biasGrad. */
import { checkActivation, checkDim, checkLength } from '../check.js';
import type { Activation } from '../kernel-set.js';

/** a [batch,m,k], b [batch,k,n], out [batch,m,n] (transposition does not change the lengths). */
export function checkMatmul(a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, k: number, n: number): void {
  const name = 'matmul';
  checkDim(name, 'batch', batch);
  checkDim(name, 'm', m);
  checkDim(name, 'k', k);
  checkDim(name, 'n', n);
  checkLength(name, 'a', a, batch * m * k);
  checkLength(name, 'b', b, batch * k * n);
  checkLength(name, 'out', out, batch * m * n);
}

/** x [rows,inDim], kernel [inDim,outDim], bias [outDim] or null, out [rows,outDim], a fused activation. */
export function checkDense(x: Float32Array, kernel: Float32Array, bias: Float32Array | null, out: Float32Array, rows: number, inDim: number, outDim: number, act: Activation): void {
  const name = 'dense';
  checkDim(name, 'rows', rows);
  checkDim(name, 'inDim', inDim);
  checkDim(name, 'outDim', outDim);
  checkLength(name, 'x', x, rows * inDim);
  checkLength(name, 'kernel', kernel, inDim * outDim);
  checkLength(name, 'out', out, rows * outDim);
  if (bias) checkLength(name, 'bias', bias, outDim);
  checkActivation(name, act);
}

/** dy [rows,cols], dbias [cols]. */
export function checkBiasGrad(dy: Float32Array, dbias: Float32Array, rows: number, cols: number): void {
  checkDim('biasGrad', 'rows', rows);
  checkDim('biasGrad', 'cols', cols);
  checkLength('biasGrad', 'dy', dy, rows * cols);
  checkLength('biasGrad', 'dbias', dbias, cols);
}
