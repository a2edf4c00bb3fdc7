/**
 * The Keras "cats vs dogs" convnet (Chollet, Deep Learning with Python §5.2), line for line:
 *
 *   model = models.Sequential()
 *   model.add(layers.Conv2D(32, (3, 3), activation='relu', input_shape=(150, 150, 3)))
 *   model.add(layers.MaxPooling2D((2, 2)))
 *   model.add(layers.Conv2D(64, (3, 3), activation='relu'))
 *   model.add(layers.MaxPooling2D((2, 2)))
 *   model.add(layers.Conv2D(128, (3, 3), activation='relu'))
 *   model.add(layers.MaxPooling2D((2, 2)))
 *   model.add(layers.Flatten())
 *   model.add(layers.Dense(512, activation='relu'))
 *   model.add(layers.Dense(1, activation='sigmoid'))
 *   model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
 *   history = model.fit(x_train, y_train, epochs=..., batch_size=32, validation_split=0.2)
 *
 * x is [samples, 150, 150, 3] with pixel values scaled to [0, 1]; y is [samples, 1], 1 = dog.
 */
import { layers, sequential, tensor, type Sequential, type Tensor } from '@neurite/core';

/** The tutorial model; `inputShape` defaults to the tutorial's 150×150 RGB. */
export function buildModel(inputShape: [number, number, number] = [150, 150, 3]): Sequential {
  const model = sequential();
  model.add(layers.conv2d({ filters: 32, kernelSize: [3, 3], activation: 'relu', inputShape }));
  model.add(layers.maxPooling2d({ poolSize: [2, 2] }));
  model.add(layers.conv2d({ filters: 64, kernelSize: [3, 3], activation: 'relu' }));
  model.add(layers.maxPooling2d({ poolSize: [2, 2] }));
  model.add(layers.conv2d({ filters: 128, kernelSize: [3, 3], activation: 'relu' }));
  model.add(layers.maxPooling2d({ poolSize: [2, 2] }));
  model.add(layers.flatten());
  model.add(layers.dense({ units: 512, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ loss: 'binary_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return model;
}

/**
 * A stand-in for the cats/dogs folders (decoding real photos is @neurite/image's job): noisy
 * images where "dogs" (label 1) have a bright square somewhere and "cats" do not.
 */
export function syntheticImages(samples: number, size: number, seed = 1): { x: Tensor; y: Tensor } {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const x = new Float32Array(samples * size * size * 3);
  const y = new Float32Array(samples);
  const side = Math.max(3, Math.floor(size / 4));
  for (let n = 0; n < samples; n++) {
    const label = n % 2;
    y[n] = label;
    const base = n * size * size * 3;
    for (let i = 0; i < size * size * 3; i++) x[base + i] = 0.3 * rand();
    if (label === 1) {
      const top = Math.floor(rand() * (size - side));
      const left = Math.floor(rand() * (size - side));
      for (let r = top; r < top + side; r++) for (let c = left; c < left + side; c++) for (let ch = 0; ch < 3; ch++) x[base + (r * size + c) * 3 + ch] = 0.9;
    }
  }
  return { x: tensor(x, [samples, size, size, 3]), y: tensor(y, [samples, 1]) };
}

export async function main(data?: { x: Tensor; y: Tensor }, epochs = 5): Promise<Sequential> {
  const model = buildModel();
  model.summary();
  const { x, y } = data ?? syntheticImages(64, 150);
  const history = await model.fit(x, y, { epochs, batchSize: 32, validationSplit: 0.2 });
  console.log('final accuracy', history.history.accuracy.at(-1), 'val_accuracy', history.history.val_accuracy.at(-1));
  return model;
}
