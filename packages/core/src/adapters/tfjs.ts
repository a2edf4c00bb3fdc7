/**
 * Optional bridge to TensorFlow.js (entry `@neurite/core/tfjs`; @tensorflow/tfjs-core and
 * tfjs-layers are optional peer dependencies). Models cross in the TF.js layers format, tensors
 * as copies of their values.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
// Through the package's main entry, which the build keeps as an import (see tsup.config.ts): the
// adapter shares its classes and its .d.ts types with `@neurite/core` instead of copying them.
import { DTypeError, loadModel, modelToArtifacts, Tensor, ValueError, type LoadModelOptions, type ModelArtifacts, type Sequential } from '../index.js';

/** What `toTfjsTensor` needs from the tf namespace (`import * as tf from '@tensorflow/tfjs'`). */
export interface TfjsTensorFactory {
  tensor: typeof tfc.tensor;
}

/** What `toTfjsModel` needs from the tf namespace. */
export interface TfjsModelLoader {
  loadLayersModel: typeof tfl.loadLayersModel;
}

/** A tfjs tensor with the same shape, dtype and values (copied). */
export function toTfjsTensor(t: Tensor, tf: TfjsTensorFactory): tfc.Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`toTfjsTensor expects a Neurite Tensor, got ${String(t)}.`);
  if (typeof tf?.tensor !== 'function') throw new ValueError("toTfjsTensor(t, tf): pass the tf namespace, e.g. import * as tf from '@tensorflow/tfjs'.");
  return tf.tensor(t.data.slice(), [...t.shape], t.dtype);
}

/** A Neurite tensor with the same shape and values (copied); float32 and int32 (bool becomes int32). */
export function fromTfjsTensor(t: tfc.Tensor): Tensor {
  if (t === null || typeof t !== 'object' || typeof (t as { dataSync?: unknown }).dataSync !== 'function') {
    throw new ValueError(`fromTfjsTensor expects a tfjs Tensor, got ${String(t)}.`);
  }
  const values = t.dataSync();
  if (t.dtype === 'float32') return new Tensor(Float32Array.from(values as Float32Array), t.shape);
  if (t.dtype === 'int32' || t.dtype === 'bool') return new Tensor(Int32Array.from(values as Int32Array), t.shape, 'int32');
  throw new DTypeError(`fromTfjsTensor: tfjs dtype '${t.dtype}' has no Neurite equivalent; cast it to 'float32' or 'int32' first.`);
}

/** A Neurite Sequential equal to a tfjs Sequential model (topology and weights, through the layers format). */
export async function fromTfjsModel(tfModel: tfl.LayersModel, options: LoadModelOptions = {}): Promise<Sequential> {
  if (tfModel === null || typeof tfModel !== 'object' || typeof (tfModel as { save?: unknown }).save !== 'function') {
    throw new ValueError(`fromTfjsModel expects a tfjs LayersModel (e.g. tf.sequential()), got ${String(tfModel)}.`);
  }
  let artifacts: tfc.io.ModelArtifacts | undefined;
  await tfModel.save({
    save: async (a: tfc.io.ModelArtifacts) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const } };
    },
  });
  return loadModel(artifacts as unknown as ModelArtifacts, options);
}

/**
 * A tfjs LayersModel equal to a Neurite model. Pass the tf namespace (anything with
 * `loadLayersModel`); without it, '@tensorflow/tfjs-layers' is imported (a tfjs backend must be set up).
 */
export async function toTfjsModel(model: Sequential, tf?: TfjsModelLoader): Promise<tfl.LayersModel> {
  const artifacts = modelToArtifacts(model) as unknown as tfc.io.ModelArtifacts;
  const loadLayersModel = tf?.loadLayersModel ?? (await import('@tensorflow/tfjs-layers')).loadLayersModel;
  return loadLayersModel({ load: async () => artifacts });
}
