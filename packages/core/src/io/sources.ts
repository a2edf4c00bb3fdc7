/**
 * Where a model comes from: a file path or file: URL (Node), an http(s) URL, an in-memory
 * `{ modelJson, weights }`, a TF.js artifacts object, or a TF.js-style handler `{ load() }`.
 */
import { NeuriteError, ValueError } from '../errors.js';
import { checkModelJson, describeJson, type ModelArtifacts } from './artifacts.js';
import { ModelFormatError, ModelIOError } from './errors.js';
import { openUrl, type HttpOptions } from './http.js';
import { openFile } from './node-files.js';
import { nodePlatform } from './node-platform.js';
import { assertSafeJson, isRecord, parseJson } from './safe-json.js';
import { toBytes, type CheckedGroup } from './weights.js';

/** model.json plus one buffer holding every weight group's bytes, in manifest order. */
export interface InMemoryModel {
  modelJson: string | object | ArrayBuffer | Uint8Array;
  weights?: ArrayBuffer | ArrayBufferView | (ArrayBuffer | ArrayBufferView)[];
}

/** TF.js IOHandler-style loader (e.g. `tf.io.fromMemory(...)`). */
export interface LoadHandler {
  load(): Promise<ModelArtifacts> | ModelArtifacts;
}

export type ModelSource = string | URL | InMemoryModel | ModelArtifacts | LoadHandler;

/** A model.json-like object and a way to get each weight group's bytes. */
export interface ModelSourceParts {
  what: string;
  json: unknown;
  readGroup(group: CheckedGroup, index: number): Promise<Uint8Array>;
  /** For in-memory sources: the byte length of all weight data, checked against the manifest up front. */
  availableBytes?: number;
}

export async function openSource(source: ModelSource, maxJsonBytes: number, http: HttpOptions): Promise<ModelSourceParts> {
  if (typeof source === 'string' || source instanceof URL) {
    const text = String(source);
    if (/^https?:\/\//i.test(text)) return openUrl(new URL(text), maxJsonBytes, http);
    if (/^file:/i.test(text)) {
      const { fileURLToPath } = await nodePlatform(`load the model at '${text}'`);
      return openFile(fileURLToPath(text), maxJsonBytes);
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new ModelIOError(`Cannot load from '${text}': supported sources are file paths, file:// and http(s):// URLs, in-memory models and handlers.`);
    return openFile(text, maxJsonBytes);
  }
  if (!isRecord(source)) throw new ValueError(`loadModel: expected a path, URL, { modelJson, weights }, artifacts or a handler with load(), got ${describeJson(source)}.`);
  if (typeof source.load === 'function') {
    let artifacts: unknown;
    try {
      artifacts = await (source as LoadHandler).load();
    } catch (e) {
      if (e instanceof NeuriteError) throw e;
      throw new ModelIOError(`loadModel: the handler's load() failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    }
    return fromArtifacts(artifacts, 'model artifacts from handler');
  }
  if ('modelJson' in source) return fromInMemory(source as unknown as InMemoryModel);
  if ('modelTopology' in source) return fromArtifacts(source, 'model artifacts');
  throw new ValueError(`loadModel: the object has neither 'modelJson' nor 'modelTopology' nor load(); pass { modelJson, weights }, saved artifacts, or a path/URL.`);
}

function fromInMemory(source: InMemoryModel): ModelSourceParts {
  const what = 'in-memory model.json';
  const raw = source.modelJson;
  let json: unknown;
  if (typeof raw === 'string') json = parseJson(raw, what, Infinity);
  else if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) json = parseJson(new TextDecoder().decode(toBytes(raw, what)), what, Infinity);
  else {
    assertSafeJson(raw, what);
    json = raw;
  }
  const data = source.weights === undefined ? new Uint8Array(0) : toBytes(source.weights, 'weights');
  return { what, json, readGroup: concatenatedReader(data), availableBytes: data.byteLength };
}

function fromArtifacts(artifacts: unknown, what: string): ModelSourceParts {
  if (!isRecord(artifacts)) throw new ModelFormatError(`${what} must be an object with modelTopology, got ${describeJson(artifacts)}.`);
  const { weightData, ...rest } = artifacts;
  assertSafeJson(rest, what);
  const specs = artifacts.weightSpecs;
  if (specs !== undefined && !Array.isArray(specs)) throw new ModelFormatError(`${what}: weightSpecs must be an array, got ${describeJson(specs)}.`);
  const json = { format: artifacts.format, modelTopology: artifacts.modelTopology, weightsManifest: specs === undefined ? undefined : [{ paths: [], weights: specs }] };
  checkModelJson(json, what);
  const data = weightData === undefined ? new Uint8Array(0) : toBytes(weightData, `${what}: weightData`);
  return { what, json, readGroup: concatenatedReader(data), availableBytes: data.byteLength };
}

/** Groups laid end to end in one buffer (the loader checks the total against the manifest first). */
function concatenatedReader(data: Uint8Array): ModelSourceParts['readGroup'] {
  let at = 0;
  return async (group) => {
    const slice = data.subarray(at, at + group.bytes);
    at += group.bytes;
    return slice;
  };
}
