/** Contracts of the optimizer updates: every state buffer has param's length. */
import { checkDim, checkLength } from '../check.js';

/** step is 1-based (the bias corrections divide by 1 - β^step). */
export function checkAdamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, step: number): void {
  checkLength('adamUpdate', 'grad', grad, param.length);
  checkLength('adamUpdate', 'm', m, param.length);
  checkLength('adamUpdate', 'v', v, param.length);
  checkDim('adamUpdate', 'step', step, 1);
}

export function checkSgdUpdate(param: Float32Array, grad: Float32Array, velocity: Float32Array): void {
  checkLength('sgdUpdate', 'grad', grad, param.length);
  checkLength('sgdUpdate', 'velocity', velocity, param.length);
}

export function checkRmspropUpdate(param: Float32Array, grad: Float32Array, meanSquare: Float32Array, momentumBuf: Float32Array): void {
  checkLength('rmspropUpdate', 'grad', grad, param.length);
  checkLength('rmspropUpdate', 'meanSquare', meanSquare, param.length);
  checkLength('rmspropUpdate', 'momentumBuf', momentumBuf, param.length);
}
