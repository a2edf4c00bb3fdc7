/**
 * saveModel / model.save(destination): a directory path or file: URL (Node; atomic), 'memory'
 * (returns the artifacts), or a handler `{ save(artifacts) }` — TF.js IO handlers work too.
 */
import { ValueError } from '../errors.js';
import type { Sequential } from '../model/sequential.js';
import type { ModelArtifacts } from './artifacts.js';
import { ModelIOError } from './errors.js';
import { nodePlatform } from './node-platform.js';
import { isRecord } from './safe-json.js';
import { saveToDirectory, type FileSaveResult } from './save-directory.js';
import { modelToArtifacts, type SaveOptions } from './serialize.js';

export interface SaveHandler<R = unknown> {
  save(artifacts: ModelArtifacts): R | Promise<R>;
}

export type SaveDestination = string | URL | SaveHandler;

export function saveModel(model: Sequential, destination: 'memory', options?: SaveOptions): Promise<ModelArtifacts>;
export function saveModel(model: Sequential, destination: string | URL, options?: SaveOptions): Promise<FileSaveResult>;
export function saveModel<R>(model: Sequential, destination: SaveHandler<R>, options?: SaveOptions): Promise<R>;
export function saveModel(model: Sequential, destination: SaveDestination, options?: SaveOptions): Promise<unknown>;
export async function saveModel(model: Sequential, destination: SaveDestination, options: SaveOptions = {}): Promise<unknown> {
  if (options === null || typeof options !== 'object') throw new ValueError(`model.save(): options must be an object such as { quantize: { dtype: 'uint8' } }, got ${String(options)}.`);
  if (destination === 'memory') return modelToArtifacts(model, options);
  if (typeof destination === 'string' || destination instanceof URL) {
    const text = String(destination);
    if (/^file:/i.test(text)) {
      const { fileURLToPath } = await nodePlatform(`save the model to '${text}'`);
      return saveToDirectory(modelToArtifacts(model, options), fileURLToPath(text));
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
      throw new ModelIOError(`Cannot save to '${text}': save to a directory path, 'memory', or pass a handler { save(artifacts) } that uploads or stores the artifacts.`);
    }
    if (text.length === 0) throw new ValueError("model.save(): the destination is an empty string; pass a directory path, 'memory' or a handler.");
    return saveToDirectory(modelToArtifacts(model, options), text);
  }
  if (isRecord(destination) && typeof (destination as SaveHandler).save === 'function') {
    return (destination as SaveHandler).save(modelToArtifacts(model, options));
  }
  throw new ValueError(`model.save(): expected a directory path, 'memory' or a handler { save(artifacts) }, got ${String(destination)}.`);
}
