/** The tiny convnet: 6 first-layer 3×3 filters (the ones drawn on the page), pooling, one sigmoid unit. */
import { adam, layers, sequential, setSeed, type Sequential } from '@neurite/core';
import { SIDE } from './stripes.js';

export const FILTERS = 6;

export function buildStripeModel(seed = 1): Sequential {
  setSeed(seed);
  const model = sequential({ name: 'stripes' });
  model.add(layers.conv2d({ filters: FILTERS, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [SIDE, SIDE, 1] }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }));
  model.add(layers.globalAveragePooling2d());
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: adam({ learningRate: 0.003 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return model;
}
