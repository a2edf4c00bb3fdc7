/**
 * The network shapes the training script can build. 'tutorial' is the Keras cats-vs-dogs tutorial
 * CNN at 150×150 (baseline); the others are small BN + global-average-pooling convnets.
 */
import { layers, sequential, type Sequential } from '@neurite/core';

/** One stage: `convs` 3×3 conv-BN-ReLU blocks of `width` filters, then 2×2 max pooling (except the last). */
export interface Stage {
  width: number;
  convs: number;
}

export const ARCHITECTURES: Record<string, { input: number; stages?: Stage[] }> = {
  // ~0.29 M params
  'cnn-s': { input: 64, stages: [{ width: 16, convs: 1 }, { width: 32, convs: 1 }, { width: 64, convs: 2 }, { width: 128, convs: 2 }] },
  // ~0.6 M params
  'cnn-m': { input: 64, stages: [{ width: 24, convs: 1 }, { width: 48, convs: 2 }, { width: 96, convs: 2 }, { width: 192, convs: 2 }] },
  'cnn-xs': { input: 64, stages: [{ width: 16, convs: 1 }, { width: 32, convs: 1 }, { width: 64, convs: 1 }, { width: 128, convs: 1 }] },
  // cnn-xs plus a 4×4 stage of 256: ~0.4 M params
  'cnn-t': { input: 64, stages: [{ width: 16, convs: 1 }, { width: 32, convs: 1 }, { width: 64, convs: 1 }, { width: 128, convs: 1 }, { width: 256, convs: 1 }] },
  tutorial: { input: 150 },
};

export function buildArchitecture(name: string): Sequential {
  const arch = ARCHITECTURES[name];
  if (!arch) throw new Error(`Unknown architecture '${name}'; choose one of ${Object.keys(ARCHITECTURES).join(', ')}.`);
  if (!arch.stages) return tutorialCnn();
  const model = sequential({ name: `cats_dogs_${name.replace(/-/g, '_')}` });
  let first = true;
  arch.stages.forEach((stage, s) => {
    for (let c = 0; c < stage.convs; c++) {
      model.add(layers.conv2d({ filters: stage.width, kernelSize: 3, padding: 'same', useBias: false, ...(first ? { inputShape: [arch.input, arch.input, 3] } : {}) }));
      first = false;
      model.add(layers.batchNormalization({}));
      model.add(layers.activation({ activation: 'relu' }));
    }
    if (s < arch.stages!.length - 1) model.add(layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(layers.globalAveragePooling2d({}));
  model.add(layers.dropout({ rate: 0.2 }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  return model;
}

/** The tutorial's network (Chollet, "Deep Learning with Python", ch. 5), 150×150 input. */
function tutorialCnn(): Sequential {
  const model = sequential({ name: 'cats_dogs_tutorial' });
  model.add(layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [150, 150, 3] }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.conv2d({ filters: 128, kernelSize: 3, activation: 'relu' }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.conv2d({ filters: 128, kernelSize: 3, activation: 'relu' }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.flatten({}));
  model.add(layers.dropout({ rate: 0.5 }));
  model.add(layers.dense({ units: 512, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  return model;
}

/** Multiply-accumulates per image of the conv and dense layers (×2 = FLOPs). */
export function countMacs(name: string): number {
  const arch = ARCHITECTURES[name];
  if (!arch?.stages) return 0;
  let side = arch.input;
  let cin = 3;
  let macs = 0;
  arch.stages.forEach((stage, s) => {
    for (let c = 0; c < stage.convs; c++) {
      macs += side * side * 9 * cin * stage.width;
      cin = stage.width;
    }
    if (s < arch.stages!.length - 1) side = Math.floor(side / 2);
  });
  return macs + cin;
}
