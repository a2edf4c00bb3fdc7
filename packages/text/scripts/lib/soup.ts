/** Checkpoint averaging ("model soup" / SWA-style): the element-wise mean of several checkpoints' weights. */
import { join } from 'node:path';
import { loadModel, tensor, type Sequential } from '@neurite/core';
import '../../src/bag-of-ngrams.js';

/** Loads every checkpoint directory (same architecture) and returns the first with the mean weights. */
export async function averageCheckpoints(dirs: string[]): Promise<Sequential> {
  const models: Sequential[] = [];
  for (const d of dirs) models.push(await loadModel(join(d, 'model.json')));
  const averaged = models[0].getWeights().map((w, i) => {
    const data = new Float32Array(w.size);
    for (const m of models) {
      const src = m.getWeights()[i].data;
      for (let j = 0; j < data.length; j++) data[j] += src[j] / models.length;
    }
    return tensor(data, w.shape);
  });
  models[0].setWeights(averaged);
  return models[0];
}
