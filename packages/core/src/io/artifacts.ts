/**
 * The TF.js layers model format: `model.json` (topology + weights manifest) and, in memory, the
 * "artifacts" object TF.js IO handlers exchange (topology + weightSpecs + one weightData buffer).
 */
import { ModelFormatError } from './errors.js';
import type { Quantization } from './quantize.js';
import { isRecord, type JsonObject } from './safe-json.js';

export type WeightDType = 'float32' | 'int32';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: WeightDType;
  /** Stored as uint8/uint16 codes q, read as q · scale + min (float32 weights only). */
  quantization?: Quantization;
}

export interface WeightsManifestGroup {
  /** Shard file names, relative to model.json; the group's weights are their concatenation. */
  paths: string[];
  weights: WeightSpec[];
}

/** The object TF.js IO handlers save and load (`tf.io.withSaveHandler`, `tf.io.fromMemory`). */
export interface ModelArtifacts {
  modelTopology: JsonObject;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightSpecs?: WeightSpec[];
  /** Little-endian weight values in weightSpecs order (TF.js ≥ 4.10 may also hand an array of buffers). */
  weightData?: ArrayBuffer | ArrayBuffer[];
  trainingConfig?: unknown;
  userDefinedMetadata?: JsonObject;
}

/** The model.json file. */
export interface ModelJSON {
  format: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: JsonObject;
  weightsManifest: WeightsManifestGroup[];
  trainingConfig?: unknown;
  userDefinedMetadata?: JsonObject;
}

/** model.json for `artifacts` whose weights are stored in the shard files `paths`. */
export function artifactsToModelJson(artifacts: ModelArtifacts, paths: string[]): ModelJSON {
  const specs = artifacts.weightSpecs ?? [];
  const json: ModelJSON = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: specs.length > 0 ? [{ paths, weights: specs }] : [],
  };
  if (artifacts.trainingConfig !== undefined) json.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata !== undefined) json.userDefinedMetadata = artifacts.userDefinedMetadata;
  return json;
}

/** Checks the outer shape of a parsed model.json: an object with `modelTopology` and an array `weightsManifest`. */
export function checkModelJson(value: unknown, what: string): { topology: unknown; manifest: unknown[] } {
  if (!isRecord(value)) throw new ModelFormatError(`${what} must be a JSON object with 'modelTopology' and 'weightsManifest', got ${describeJson(value)}.`);
  if (value.format !== undefined && value.format !== 'layers-model') {
    const hint = value.format === 'graph-model' ? ' Graph models (from tensorflowjs_converter --output_format tfjs_graph_model) have no layers; convert with --output_format tfjs_layers_model.' : '';
    throw new ModelFormatError(`${what} has format '${String(value.format)}', but only 'layers-model' is supported.${hint}`);
  }
  if (value.modelTopology === undefined || value.modelTopology === null) throw new ModelFormatError(`${what} has no 'modelTopology'. Is this a TF.js layers model.json?`);
  const manifest = value.weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw new ModelFormatError(`${what}: 'weightsManifest' must be an array of {paths, weights}, got ${describeJson(manifest)}.`);
  return { topology: value.modelTopology, manifest };
}

export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
