/** Contracts of lstmForward, lstmPredict and lstmBackward: x [batch,steps,inDim], per-step state [batch,steps,units], gates 4·units wide. */
import { KernelArgumentError, checkDim, checkIndices, checkLength } from '../check.js';
import type { LstmCells } from '../kernel-set.js';

export function checkLstmForward(
  x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array,
  h: Float32Array,
  batch: number, steps: number, inDim: number, units: number,
): void {
  const name = 'lstmForward';
  checkInputs(name, x, kernel, recurrentKernel, batch, steps, inDim, units);
  checkLength(name, 'bias', bias, 4 * units);
  checkLength(name, 'h', h, batch * steps * units);
}

export function checkLstmPredict(
  x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, h: Float32Array,
  batch: number, steps: number, inDim: number, units: number, returnSequences: boolean,
): void {
  const name = 'lstmPredict';
  checkInputs(name, x, kernel, recurrentKernel, batch, steps, inDim, units);
  checkLength(name, 'bias', bias, 4 * units);
  if (typeof returnSequences !== 'boolean') throw new KernelArgumentError(`${name}: returnSequences must be a boolean, got ${String(returnSequences)}.`);
  checkLength(name, 'h', h, (returnSequences ? batch * steps : batch) * units);
  if (!returnSequences && steps < 1 && batch > 0) throw new KernelArgumentError(`${name}: the last step's h needs steps ≥ 1, got ${steps}.`);
}

export function checkEmbeddingLstmPredict(
  ids: Int32Array, embeddings: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, h: Float32Array,
  batch: number, steps: number, vocab: number, inDim: number, units: number, returnSequences: boolean,
): void {
  const name = 'embeddingLstmPredict';
  checkEmbeddingLstmInputs(name, ids, embeddings, kernel, recurrentKernel, bias, batch, steps, vocab, inDim, units);
  checkPredictOutput(name, h, batch, steps, units, returnSequences);
}

/** The ids, table and first LSTM layer's weights of an embedding → LSTM predict call. */
function checkEmbeddingLstmInputs(
  name: string, ids: Int32Array, embeddings: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array,
  batch: number, steps: number, vocab: number, inDim: number, units: number,
): void {
  checkDim(name, 'batch', batch);
  checkDim(name, 'steps', steps);
  checkDim(name, 'vocab', vocab);
  checkWeights(name, kernel, recurrentKernel, inDim, units);
  checkLength(name, 'bias', bias, 4 * units);
  checkLength(name, 'ids', ids, batch * steps);
  checkLength(name, 'embeddings', embeddings, vocab * inDim);
  checkIndices(name, 'ids', ids, vocab);
}

/** h of the last layer: every step's (returnSequences) or the last step's, `units` wide. */
function checkPredictOutput(name: string, h: Float32Array, batch: number, steps: number, units: number, returnSequences: boolean): void {
  if (typeof returnSequences !== 'boolean') throw new KernelArgumentError(`${name}: returnSequences must be a boolean, got ${String(returnSequences)}.`);
  checkLength(name, 'h', h, (returnSequences ? batch * steps : batch) * units);
  if (!returnSequences && steps < 1 && batch > 0) throw new KernelArgumentError(`${name}: the last step's h needs steps ≥ 1, got ${steps}.`);
}

export function checkEmbeddingLstm2Predict(
  ids: Int32Array, embeddings: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array,
  kernel2: Float32Array, recurrentKernel2: Float32Array, bias2: Float32Array, h: Float32Array,
  batch: number, steps: number, vocab: number, inDim: number, units: number, units2: number, returnSequences: boolean,
): void {
  const name = 'embeddingLstm2Predict';
  checkEmbeddingLstmInputs(name, ids, embeddings, kernel, recurrentKernel, bias, batch, steps, vocab, inDim, units);
  // The second layer reads the first one's h (units wide) at every step.
  checkDim(name, 'units2', units2, 1);
  checkLength(name, 'kernel2', kernel2, units * 4 * units2);
  checkLength(name, 'recurrentKernel2', recurrentKernel2, units2 * 4 * units2);
  checkLength(name, 'bias2', bias2, 4 * units2);
  checkPredictOutput(name, h, batch, steps, units2, returnSequences);
}

export function checkLstmBackward(
  x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array,
  h: Float32Array, cells: LstmCells, dh: Float32Array,
  dx: Float32Array, dkernel: Float32Array, drecurrentKernel: Float32Array, dbias: Float32Array,
  batch: number, steps: number, inDim: number, units: number,
): void {
  const name = 'lstmBackward';
  checkInputs(name, x, kernel, recurrentKernel, batch, steps, inDim, units);
  const seq = batch * steps;
  const g4 = 4 * units;
  checkLength(name, 'h', h, seq * units);
  if (cells?.batch !== batch || cells.steps !== steps || cells.units !== units) {
    throw new KernelArgumentError(`${name}: cells must be what lstmForward returned for batch ${batch}, steps ${steps}, units ${units}; got ${cells ? `cells of batch ${cells.batch}, steps ${cells.steps}, units ${cells.units}` : String(cells)}.`);
  }
  checkLength(name, 'dh', dh, seq * units);
  checkLength(name, 'dx', dx, seq * inDim);
  checkLength(name, 'dkernel', dkernel, inDim * g4);
  checkLength(name, 'drecurrentKernel', drecurrentKernel, units * g4);
  checkLength(name, 'dbias', dbias, g4);
}

/** The dimensions, x and the two weight matrices, which both passes read. */
function checkInputs(
  name: string, x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array,
  batch: number, steps: number, inDim: number, units: number,
): void {
  checkDim(name, 'batch', batch);
  checkDim(name, 'steps', steps);
  checkWeights(name, kernel, recurrentKernel, inDim, units);
  checkLength(name, 'x', x, batch * steps * inDim);
}

/** inDim, units and the two weight matrices. */
function checkWeights(name: string, kernel: Float32Array, recurrentKernel: Float32Array, inDim: number, units: number): void {
  checkDim(name, 'inDim', inDim);
  checkDim(name, 'units', units, 1);
  checkLength(name, 'kernel', kernel, inDim * 4 * units);
  checkLength(name, 'recurrentKernel', recurrentKernel, units * 4 * units);
}
