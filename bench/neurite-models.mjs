// The two tutorial models built with Neurite, mirroring tfjs-models.mjs layer for layer.
import { layers, sequential, tensor } from '@neurite/core';

export function neuriteSeedCnn() {
  const model = sequential({ seed: 1 });
  model.add(layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [150, 150, 3] }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.conv2d({ filters: 128, kernelSize: 3, activation: 'relu' }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.flatten());
  model.add(layers.dense({ units: 512, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return model;
}

export function neuriteSeedLstm() {
  const model = sequential({ seed: 1 });
  model.add(layers.embedding({ inputDim: 10000, outputDim: 64, inputLength: 100 }));
  model.add(layers.lstm({ units: 64, returnSequences: true }));
  model.add(layers.lstm({ units: 32 }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return model;
}

/** Closures that run one predict / one training step; results are plain typed arrays, already read. */
export function neuriteRunners(model, x, y) {
  const xs = tensor(x.data, x.shape, x.dtype);
  const ys = tensor(y.data, y.shape);
  return {
    predict: async () => {
      model.predict(xs, { batchSize: x.shape[0] });
    },
    trainStep: async () => {
      model.trainOnBatch(xs, ys);
    },
  };
}
