// The two tutorial models built with TensorFlow.js, the peer every Neurite figure is compared with.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

/** Selects a tfjs backend: 'wasm' (XNNPACK SIMD, one thread in Node) or 'cpu' (plain JS). */
export async function useTfjsBackend(name) {
  if (name === 'wasm') {
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + '/');
  }
  await tf.setBackend(name);
  await tf.ready();
}

export function tfjsSeedCnn() {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [150, 150, 3] }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 128, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 512, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

export function tfjsSeedLstm({ freezeEmbedding = false } = {}) {
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: 10000, outputDim: 64, inputLength: 100, trainable: !freezeEmbedding }));
  model.add(tf.layers.lstm({ units: 64, returnSequences: true }));
  model.add(tf.layers.lstm({ units: 32 }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Returns async closures that run one predict / one training step and read the result back. */
export function tfjsRunners(model, x, y) {
  const xs = tf.tensor(x.data, x.shape, x.dtype);
  const ys = tf.tensor(y.data, y.shape);
  return {
    predict: async () => {
      const out = model.predict(xs);
      await out.data();
      out.dispose();
    },
    trainStep: async () => {
      await model.trainOnBatch(xs, ys);
    },
  };
}

export { tf };
