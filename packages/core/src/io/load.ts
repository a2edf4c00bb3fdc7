/**
 * loadModel: any model source → a built Sequential with its weights. Order of checks: JSON and
 * manifest (sizes capped) → topology built under the manifest's value budget → weight bytes read,
 * sized exactly, decoded, finite → names and shapes matched → weights assigned.
 */
import type { Sequential } from '../model/sequential.js';
import type { Tensor } from '../tensor.js';
import { checkModelJson } from './artifacts.js';
import { buildModel, assignWeights } from './deserialize.js';
import { WeightDataError } from './errors.js';
import type { HttpOptions } from './http.js';
import type { CustomLayers } from './layer-from-config.js';
import { openSource, type ModelSource } from './sources.js';
import { DEFAULT_MAX_WEIGHT_BYTES, checkManifest, decodeGroup } from './weights.js';

export interface LoadModelOptions extends HttpOptions {
  /** Classes of custom layers in the model, by name: `{ customLayers: { MyLayer } }` (matched on `MyLayer.className`). */
  customLayers?: CustomLayers;
  /** Refuse manifests declaring more weight bytes than this (default 1 GiB). */
  maxWeightBytes?: number;
  /** Refuse model.json files larger than this (default 64 MiB). */
  maxJsonBytes?: number;
}

export const DEFAULT_MAX_JSON_BYTES = 64 * 2 ** 20;

export async function loadModel(source: ModelSource, options: LoadModelOptions = {}): Promise<Sequential> {
  const maxWeightBytes = options.maxWeightBytes ?? DEFAULT_MAX_WEIGHT_BYTES;
  const src = await openSource(source, options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES, options);
  const { topology, manifest: rawManifest } = checkModelJson(src.json, src.what);
  const manifest = checkManifest(rawManifest, maxWeightBytes, src.what);
  if (src.availableBytes !== undefined && src.availableBytes !== manifest.totalBytes) {
    const relation = src.availableBytes < manifest.totalBytes ? 'shorter' : 'longer';
    throw new WeightDataError(`${src.what}: the weight data has ${src.availableBytes} bytes but the manifest's weights need exactly ${manifest.totalBytes}: the weight data is ${relation} than the manifest says (truncated, corrupted or from another model).`);
  }
  // A model.json without any manifest (topology only) gets freshly initialised weights, within the cap.
  const hasManifest = (src.json as { weightsManifest?: unknown }).weightsManifest !== undefined;
  const model = buildModel(topology, options.customLayers ?? {}, hasManifest ? manifest.totalValues : maxWeightBytes / 4, src.what, hasManifest ? 'zeros' : 'drawn');
  const weights = new Map<string, Tensor>();
  for (let i = 0; i < manifest.groups.length; i++) {
    const group = manifest.groups[i];
    const bytes = await src.readGroup(group, i);
    decodeGroup(group, bytes, `${src.what}: weight group ${i + 1}${group.paths.length > 0 ? ` (${group.paths.join(', ')})` : ''}`, weights);
  }
  if (hasManifest) assignWeights(model, weights, src.what);
  return model;
}
