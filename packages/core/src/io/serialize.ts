/** Sequential model → TF.js layers-format artifacts (topology JSON + weight specs + one little-endian buffer). */
import { ValueError } from '../errors.js';
import type { Sequential } from '../model/sequential.js';
import type { ModelArtifacts } from './artifacts.js';
import { WeightDataError } from './errors.js';
import { isRecord, type JsonObject } from './safe-json.js';
import { selectQuantized, type QuantizeOptions } from './quantize-selection.js';
import { namedWeights } from './weight-names.js';
import { encodeWeights } from './weights.js';

export const GENERATED_BY = 'Neurite @neurite/core 0.1.0';
/** The layers-format dialect we write: what tfjs-layers 4.22 writes and reads back. */
export const KERAS_VERSION = 'tfjs-layers 4.22.0';

export interface SaveOptions {
  /** Store float32 weights as uint8/uint16 codes, as `tensorflowjs_converter --quantize_uint8/16` does (TF.js loads them). */
  quantize?: QuantizeOptions;
}

export function modelToArtifacts(model: Sequential, options: SaveOptions = {}): ModelArtifacts {
  if (!model.built || model.inputShape === null) {
    throw new ValueError(`Cannot save model '${model.name}': it is not built yet. Give the first layer an inputShape, or call predict/fit once before saving.`);
  }
  const layers = model.layers.map((layer, i) => {
    // Through JSON, so what we hold is exactly what a reader will get (no undefined, no shared arrays).
    const config = JSON.parse(JSON.stringify(layer.getConfig())) as unknown;
    if (!isRecord(config)) throw new ValueError(`Layer '${layer.name}' (${layer.getClassName()}): getConfig() must return an object.`);
    if (i === 0 && config.batch_input_shape === undefined) config.batch_input_shape = [...model.inputShape!];
    return { class_name: layer.getClassName(), config };
  });
  const named = namedWeights(model.layers);
  const seen = new Set<string>();
  for (const w of named) {
    if (seen.has(w.name)) throw new ValueError(`Cannot save model '${model.name}': two weights are named '${w.name}'. Give every layer a unique name.`);
    seen.add(w.name);
    if (w.variable.dtype === 'float32' && !w.variable.data.every(Number.isFinite)) {
      throw new WeightDataError(`Cannot save model '${model.name}': weight '${w.name}' holds NaN or Infinity; such a model would not load. Restore finite weights (e.g. from an earlier checkpoint) first.`);
    }
  }
  const quantized = selectQuantized(named.map((w) => ({ name: w.name, dtype: w.variable.dtype })), options?.quantize, model.name);
  const { specs, data } = encodeWeights(named.map((w) => ({ name: w.name, tensor: w.variable, quantize: quantized.get(w.name) })));
  const modelTopology: JsonObject = {
    class_name: 'Sequential',
    config: { name: model.name, layers },
    keras_version: KERAS_VERSION,
    backend: 'tensor_flow.js',
  };
  return { modelTopology, format: 'layers-model', generatedBy: GENERATED_BY, convertedBy: null, weightSpecs: specs, weightData: data };
}
