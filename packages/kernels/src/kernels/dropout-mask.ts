import { checkDropoutMask } from '../checks/dropout.js';
import { beginCall, bytesFor, space, take } from '../scratch.js';

type DropoutMask = (mask: number, n: number, rate: number, seed: number) => void;

/** Same counter-based hash as reference/dropout-mask.ts; the seed's low 32 bits are used. */
export function dropoutMask(mask: Float32Array, rate: number, seed: number): void {
  checkDropoutMask(rate, seed);
  const w = beginCall(bytesFor(mask.length));
  const pm = space(mask.length);
  (w.dropout_mask as DropoutMask)(pm, mask.length, rate, seed >>> 0);
  take(pm, mask);
}
