/** Inverted dropout: zero with probability `rate`, scale the rest by 1/(1−rate); mask from a seed. */
import { ValueError } from '../errors.js';
import { nextSeed } from '../random.js';
import { record } from '../tape.js';
import { Tensor } from '../tensor.js';
import { kernel } from './kernel.js';

export function dropout(x: Tensor, rate: number, seed?: number): Tensor {
  if (!(rate >= 0 && rate < 1)) throw new ValueError(`dropout: rate must be in [0, 1), got ${rate}.`);
  if (rate === 0) return x;
  const mask = new Float32Array(x.size);
  kernel('dropoutMask')(mask, rate, seed ?? nextSeed());
  const out = new Float32Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = x.data[i] * mask[i];
  return record(new Tensor(out, x.shape), [x], (dy) => {
    const dx = new Float32Array(x.size);
    for (let i = 0; i < dx.length; i++) dx[i] = dy.data[i] * mask[i];
    return [new Tensor(dx, x.shape)];
  });
}
