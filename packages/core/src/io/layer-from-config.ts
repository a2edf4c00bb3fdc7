/**
 * One `{class_name, config}` entry of model.json → a Layer: the class comes from the caller's
 * `customLayers` first, then the built-in registry; the snake_case config becomes the camelCase
 * constructor arguments (or goes to the class's own `fromConfig`).
 */
import { UnknownNameError } from '../errors.js';
import * as builtInLayers from '../layers/index.js';
import { Layer, type LayerConfig } from '../layers/layer.js';
import { getLayerClass, registeredLayerNames, type LayerClass } from '../layers/registry.js';
import { describeJson } from './artifacts.js';
import { ModelFormatError, UnknownLayerError } from './errors.js';
import { isRecord, type JsonObject } from './safe-json.js';

export type CustomLayers = Record<string, LayerClass>;

/**
 * The built-in classes, taken from the layers module's exports rather than from the registry its
 * import fills as a side effect — a bundler honouring `sideEffects: false` may drop that.
 */
const BUILT_IN: ReadonlyMap<string, LayerClass> = new Map(
  Object.values(builtInLayers)
    .filter((v): v is LayerClass => typeof v === 'function' && v.prototype instanceof Layer && typeof (v as { className?: unknown }).className === 'string')
    .map((cls) => [cls.className, cls]),
);

/** `{class_name, config}` with string class name and object config, or a ModelFormatError. */
export function checkLayerEntry(entry: unknown, where: string): { className: string; config: JsonObject } {
  if (!isRecord(entry) || typeof entry.class_name !== 'string' || !isRecord(entry.config)) {
    throw new ModelFormatError(`${where} must be {class_name: string, config: object}, got ${describeJson(entry)}.`);
  }
  return { className: entry.class_name, config: entry.config };
}

export function findLayerClass(className: string, custom: CustomLayers, where: string): LayerClass {
  for (const key of Object.keys(custom)) {
    const cls = custom[key];
    if (typeof cls !== 'function') throw new ModelFormatError(`customLayers.${key} must be a Layer class, got ${describeJson(cls)}.`);
    if (key === className || cls.className === className) return cls;
  }
  const builtIn = BUILT_IN.get(className);
  if (builtIn !== undefined) return builtIn;
  try {
    return getLayerClass(className);
  } catch (e) {
    if (!(e instanceof UnknownNameError)) throw e;
    const known = [...BUILT_IN.keys(), ...registeredLayerNames(), ...Object.keys(custom).map((k) => custom[k].className ?? k)];
    throw new UnknownLayerError(className, [...new Set(known)], where);
  }
}

/** Builds the layer an entry describes (not yet built: weights come when the model builds). */
export function layerFromConfig(entry: unknown, custom: CustomLayers, where: string): Layer {
  const { className, config } = checkLayerEntry(entry, where);
  const cls = findLayerClass(className, custom, where);
  if (config.name !== undefined && (typeof config.name !== 'string' || config.name.length === 0 || config.name.length > 256)) {
    throw new ModelFormatError(`${where} (${className}): config.name must be a non-empty string, got ${describeJson(config.name)}.`);
  }
  let layer: unknown;
  try {
    layer = typeof cls.fromConfig === 'function' ? cls.fromConfig(config as LayerConfig) : new cls(configToArgs(config, custom, `${where} (${className})`) as never);
  } catch (e) {
    if (e instanceof ModelFormatError || e instanceof UnknownLayerError) throw e;
    throw new ModelFormatError(`${where} (${className} '${String(config.name ?? '?')}'): its config cannot be turned into a layer: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
  if (!(layer instanceof Layer)) throw new ModelFormatError(`${where}: class '${className}' did not produce a Layer.`);
  return layer;
}

/** snake_case config → camelCase constructor args; nulls dropped (= the default); a nested `layer` entry is built too. */
export function configToArgs(config: JsonObject, custom: CustomLayers, where: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const key of Object.keys(config)) {
    const value = config[key];
    if (value === null || value === undefined) continue;
    if (key === 'dtype') {
      const dtype = readDType(value, where);
      if (dtype !== null) args.dtype = dtype;
      continue;
    }
    args[toCamelCase(key)] = key === 'layer' && isRecord(value) ? layerFromConfig(value, custom, `${where}.layer`) : value;
  }
  return args;
}

/** 'float32' | 'int32', null for a Keras 3 float32 policy object, else an error. */
function readDType(value: unknown, where: string): 'float32' | 'int32' | null {
  const name = isRecord(value) && isRecord(value.config) ? value.config.name : value;
  if (name === 'float32' || name === 'int32') return name;
  if (isRecord(value)) return null;
  throw new ModelFormatError(`${where}: dtype ${describeJson(value)} is not supported; layers compute in 'float32' (or take 'int32' ids).`);
}

export function toCamelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
