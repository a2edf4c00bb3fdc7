// The six seed-model cases every peer runs, and their inputs. Values come from one integer hash,
// (i * 2654435761) mod 2^32, in each peer's own layout (bench/seed_models.py uses the same hash),
// so the PyTorch and ONNX peers see bit-identical inputs.

export const cases = [
  { id: 'cnn-predict-1', work: 'seed CNN predict, batch 1', model: 'cnn', batch: 1, op: 'predict' },
  { id: 'cnn-predict-32', work: 'seed CNN predict, batch 32', model: 'cnn', batch: 32, op: 'predict' },
  { id: 'cnn-train-32', work: 'seed CNN train step, batch 32, Adam', model: 'cnn', batch: 32, op: 'trainStep' },
  { id: 'lstm-predict-1', work: 'seed LSTM predict, batch 1', model: 'lstm', batch: 1, op: 'predict' },
  { id: 'lstm-predict-64', work: 'seed LSTM predict, batch 64', model: 'lstm', batch: 64, op: 'predict' },
  { id: 'lstm-train-64', work: 'seed LSTM train step, batch 64, Adam', model: 'lstm', batch: 64, op: 'trainStep' },
];

/** `--quick`: one run each (CI checks that everything runs); otherwise at least 2 warm-up runs and 1 s of them, then up to 7 runs. */
export function timingFor(quick) {
  return quick ? { warmup: 0, repeats: 1 } : { warmup: 2, warmupMs: 1000, repeats: 7 };
}

const hash = (i) => Math.imul(i, 2654435761) >>> 0;

/** Images in [0, 1): layout 'nhwc' (Neurite, tfjs) or 'nchw' (ONNX, PyTorch). */
export function images(batch, layout = 'nhwc') {
  const data = new Float32Array(batch * 150 * 150 * 3);
  for (let i = 0; i < data.length; i++) data[i] = hash(i) / 4294967296;
  const shape = layout === 'nchw' ? [batch, 3, 150, 150] : [batch, 150, 150, 3];
  return { x: { data, shape, dtype: 'float32' }, y: labels(batch) };
}

/** Word ids in [0, 10000), [batch, 100]. */
export function sequences(batch) {
  const data = new Int32Array(batch * 100);
  for (let i = 0; i < data.length; i++) data[i] = hash(i) % 10000;
  return { x: { data, shape: [batch, 100], dtype: 'int32' }, y: labels(batch) };
}

function labels(batch) {
  const data = new Float32Array(batch);
  for (let i = 0; i < batch; i++) data[i] = i % 2;
  return { data, shape: [batch, 1] };
}

export function inputFor(c, layout = 'nhwc') {
  return c.model === 'cnn' ? images(c.batch, layout) : sequences(c.batch);
}
