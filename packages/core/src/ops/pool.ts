/** Differentiable pooling on kernels: maxPool, avgPool (NHWC), globalAvgPool. */
import { ShapeError, formatShape } from '../errors.js';
import { activationArray } from '../activation-pool.js';
import { gradientArray, record } from '../tape.js';
import { Tensor } from '../tensor.js';
import { conv2dInfo, toPair, type Pair, type Padding } from './conv-geometry.js';
import { kernel } from './kernel.js';

const f32 = (t: Tensor): Float32Array => (t.data instanceof Float32Array ? t.data : Float32Array.from(t.data));

function poolInfo(x: Tensor, poolSize: Pair, strides: Pair | null | undefined, padding: Padding, op: string) {
  const size = toPair(poolSize, `${op} poolSize`);
  return conv2dInfo(x.shape, size, toPair(strides ?? size, `${op} strides`), [1, 1], padding, x.shape[3], op);
}

/** Max over each window; strides default to the pool size (Keras). */
export function maxPool(x: Tensor, poolSize: Pair, strides?: Pair | null, padding: Padding = 'valid'): Tensor {
  const info = poolInfo(x, poolSize, strides, padding, 'maxPool');
  const shape = [info.batch, info.outH, info.outW, info.inC];
  const out = activationArray(shape.reduce((a, b) => a * b, 1));
  // Read only by the backward pass, so it may be recycled too: an Int32 view of an activation array's own buffer.
  const argmax = new Int32Array(activationArray(out.length).buffer);
  kernel('maxPool')(f32(x), out, argmax, info);
  return record(new Tensor(out, shape), [x], (dy) => {
    const dx = gradientArray(x.size);
    kernel('maxPoolBackward')(dy.data as Float32Array, argmax, dx, info);
    return [new Tensor(dx, x.shape)];
  }, true);
}

/** Mean over each window's in-image taps (Keras/TF 'same' semantics). */
export function avgPool(x: Tensor, poolSize: Pair, strides?: Pair | null, padding: Padding = 'valid'): Tensor {
  const info = poolInfo(x, poolSize, strides, padding, 'avgPool');
  const shape = [info.batch, info.outH, info.outW, info.inC];
  const out = activationArray(shape.reduce((a, b) => a * b, 1));
  kernel('avgPool')(f32(x), out, info);
  return record(new Tensor(out, shape), [x], (dy) => {
    const dx = gradientArray(x.size);
    kernel('avgPoolBackward')(dy.data as Float32Array, dx, info);
    return [new Tensor(dx, x.shape)];
  }, true);
}

/** [batch, ...spatial, channels] → [batch, channels], the mean over all spatial positions. */
export function globalAvgPool(x: Tensor): Tensor {
  if (x.rank < 3) throw new ShapeError(`globalAvgPool: expects [batch, ...spatial, channels] (rank ≥ 3), got ${formatShape(x.shape)}.`);
  const batch = x.shape[0];
  const channels = x.shape[x.rank - 1];
  const spatial = x.shape.slice(1, -1).reduce((a, b) => a * b, 1);
  if (spatial === 0) throw new ShapeError(`globalAvgPool: input ${formatShape(x.shape)} has no spatial positions to average.`);
  const out = activationArray(batch * channels);
  kernel('globalAvgPool')(f32(x), out, batch, spatial, channels);
  return record(new Tensor(out, [batch, channels]), [x], (dy) => {
    const dx = gradientArray(x.size);
    kernel('globalAvgPoolBackward')(dy.data as Float32Array, dx, batch, spatial, channels);
    return [new Tensor(dx, x.shape)];
  }, true);
}
