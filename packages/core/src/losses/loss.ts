/**
 * Losses as differentiable ops: each returns the mean loss as a scalar Tensor and, while a tape
 * is recording, a backward closure that scales the kernel's d(mean loss)/d(yPred) by dy.
 * yTrue never gets a gradient.
 */
import { kernel } from '../ops/kernel.js';
import { ShapeError, ValueError, formatShape } from '../errors.js';
import { isRecording, record } from '../tape.js';
import { Tensor } from '../tensor.js';

/** A loss: (yTrue, yPred) → scalar Tensor holding the mean over the batch. */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** Runs a loss kernel, returning the scalar loss recorded on the tape with its gradient. */
function lossOp(yPred: Tensor, yTrue: Tensor, compute: (grad: Float32Array) => number): Tensor {
  const grad = new Float32Array(yPred.size);
  const value = compute(grad);
  const out = new Tensor(new Float32Array([value]), [], 'float32');
  if (!isRecording()) return out;
  return record(out, [yTrue, yPred], (dy) => {
    const scale = dy.data[0];
    const g = new Float32Array(grad.length);
    for (let i = 0; i < g.length; i++) g[i] = grad[i] * scale;
    return [null, new Tensor(g, yPred.shape, 'float32')];
  });
}

function floatData(t: Tensor): Float32Array {
  return t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
}

/**
 * Element-wise losses need yTrue and yPred of the same shape; like Keras, yTrue [n] is accepted
 * for yPred [n, 1] (and the reverse).
 */
function checkSameShape(loss: string, yTrue: Tensor, yPred: Tensor): void {
  const same = yTrue.rank === yPred.rank && yTrue.shape.every((d, i) => d === yPred.shape[i]);
  const squeezable = yTrue.size === yPred.size && Math.abs(yTrue.rank - yPred.rank) === 1 && (yTrue.shape.at(-1) === 1 || yPred.shape.at(-1) === 1);
  if (!same && !squeezable) {
    throw new ShapeError(`${loss}: targets have shape ${formatShape(yTrue.shape)} but predictions have shape ${formatShape(yPred.shape)}; they must match (one target per model output).`);
  }
  if (yPred.size === 0) throw new ValueError(`${loss}: the batch is empty.`);
}

/** Rows and classes of [..., classes] predictions. */
function rowsCols(loss: string, yPred: Tensor): [number, number] {
  if (yPred.rank < 2) {
    throw new ShapeError(`${loss} needs predictions of shape [batch, classes], got ${formatShape(yPred.shape)}. For a single sigmoid output use 'binary_crossentropy'.`);
  }
  const cols = yPred.shape[yPred.rank - 1];
  if (yPred.size === 0) throw new ValueError(`${loss}: the batch is empty.`);
  return [yPred.size / cols, cols];
}

/** Keras binary_crossentropy on probabilities (a sigmoid output). */
export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor): Tensor {
  checkSameShape('binary_crossentropy', yTrue, yPred);
  return lossOp(yPred, yTrue, (g) => kernel('binaryCrossentropy')(floatData(yTrue), floatData(yPred), g));
}

/** Keras categorical_crossentropy on probabilities (a softmax output) against one-hot targets. */
export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor): Tensor {
  const [rows, cols] = rowsCols('categorical_crossentropy', yPred);
  if (yTrue.rank !== yPred.rank || yTrue.shape.some((d, i) => d !== yPred.shape[i])) {
    const hint = yTrue.size === rows ? " These look like class indices: use 'sparse_categorical_crossentropy'." : '';
    throw new ShapeError(`categorical_crossentropy: targets have shape ${formatShape(yTrue.shape)} but predictions have shape ${formatShape(yPred.shape)}; targets must be one-hot of the same shape.${hint}`);
  }
  return lossOp(yPred, yTrue, (g) => kernel('categoricalCrossentropy')(floatData(yTrue), floatData(yPred), g, rows, cols));
}

/** Keras sparse_categorical_crossentropy: integer class labels [batch] (or [batch, 1]). */
export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor): Tensor {
  const [rows, cols] = rowsCols('sparse_categorical_crossentropy', yPred);
  if (yTrue.size !== rows) {
    throw new ShapeError(`sparse_categorical_crossentropy: expected one class index per row (${rows}), got targets of shape ${formatShape(yTrue.shape)} for predictions of shape ${formatShape(yPred.shape)}.`);
  }
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = yTrue.data[i];
    if (!Number.isInteger(v) || v < 0 || v >= cols) {
      throw new ValueError(`sparse_categorical_crossentropy: target ${i} is ${v}, but class indices must be whole numbers in [0, ${cols}).`);
    }
    labels[i] = v;
  }
  return lossOp(yPred, yTrue, (g) => kernel('sparseCategoricalCrossentropy')(labels, floatData(yPred), g, rows, cols));
}

/** Mean squared error over all elements. */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  checkSameShape('mean_squared_error', yTrue, yPred);
  return lossOp(yPred, yTrue, (g) => kernel('meanSquaredError')(floatData(yTrue), floatData(yPred), g));
}
