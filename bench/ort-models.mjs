// The seed models in ONNX Runtime: onnxruntime-node (native CPU) or onnxruntime-web (its WASM
// SIMD build, which Node gets through the package's `node` export), on the ONNX files from
// export-onnx.py. Inputs are NCHW images / int64 word ids, as exported.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { onnxPath } from './onnx-files.mjs';

const require = createRequire(import.meta.url);

/**
 * Loads one ONNX Runtime flavour. onnxruntime-web reads `env.wasm.numThreads` once, when its first
 * session starts the WASM module, so one process can run only one thread count.
 */
export async function loadOrt(runtime, threads) {
  if (runtime === 'node') {
    const ort = require('onnxruntime-node');
    return { ort, version: ort.env.versions?.node ?? ort.env.versions?.common, threads };
  }
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.simd = true;
  return { ort, version: ort.env.versions?.web ?? ort.env.versions?.common, threads };
}

export async function ortSession({ ort, threads }, runtime, model) {
  const options = { graphOptimizationLevel: 'all' };
  if (runtime === 'node') {
    Object.assign(options, { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' });
  } else {
    options.executionProviders = ['wasm'];
  }
  // Bytes rather than a path: onnxruntime-web in Node cannot fetch a file path.
  return ort.InferenceSession.create(readFileSync(onnxPath(model)), options);
}

/** Wraps a case's input (from cases.mjs, NCHW layout) as the session's "x" feed. */
export function ortFeed({ ort }, x) {
  if (x.dtype === 'int32') {
    const ids = new BigInt64Array(x.data.length);
    for (let i = 0; i < ids.length; i++) ids[i] = BigInt(x.data[i]);
    return { x: new ort.Tensor('int64', ids, x.shape) };
  }
  return { x: new ort.Tensor('float32', x.data, x.shape) };
}

/** predict runs the session and returns its output, read back as a Float32Array. */
export function ortRunners(session, feed) {
  return {
    predict: async () => {
      const { y } = await session.run(feed);
      return y.data;
    },
  };
}
