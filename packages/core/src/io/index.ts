/** Saving and loading models in the TensorFlow.js layers format (model.json + weight shards). */
export { loadModel, DEFAULT_MAX_JSON_BYTES, type LoadModelOptions } from './load.js';
export { saveModel, type SaveDestination, type SaveHandler } from './save.js';
export { modelToArtifacts, type SaveOptions } from './serialize.js';
export type { QuantizeOptions } from './quantize-selection.js';
export type { Quantization, QuantizationDType } from './quantize.js';
export { artifactsToModelJson, type ModelArtifacts, type ModelJSON, type WeightSpec, type WeightsManifestGroup } from './artifacts.js';
export type { FileSaveResult } from './save-directory.js';
export type { ModelSource, InMemoryModel, LoadHandler } from './sources.js';
export type { CustomLayers } from './layer-from-config.js';
export { DEFAULT_MAX_WEIGHT_BYTES } from './weights.js';
export { ModelFormatError, WeightDataError, ModelIOError, UnknownLayerError } from './errors.js';
export { saveTrainingState, loadTrainingState, TRAINING_STATE_FILE } from './training-state-files.js';
