/**
 * TF.js layers-format topology → Sequential, and weights (name → tensor) → its variables. Building
 * is guarded so a topology cannot allocate more weight values than the manifest declares.
 */
import { formatShape } from '../errors.js';
import { whileCreatingWeights, type Layer, type WeightCreation } from '../layers/layer.js';
import { Sequential } from '../model/sequential.js';
import { Tensor } from '../tensor.js';
import { describeJson } from './artifacts.js';
import { ModelFormatError, UnknownLayerError, WeightDataError } from './errors.js';
import { checkLayerEntry, layerFromConfig, type CustomLayers } from './layer-from-config.js';
import { isRecord, type JsonObject } from './safe-json.js';
import { namedWeights } from './weight-names.js';

/** The Sequential's name and layer entries from `modelTopology` (TF.js, or Keras' `{model_config}` wrapper). */
export function readTopology(topology: unknown, what: string): { name: string | undefined; entries: unknown[] } {
  const root = isRecord(topology) && isRecord(topology.model_config) ? topology.model_config : topology;
  if (!isRecord(root)) throw new ModelFormatError(`${what}: modelTopology must be an object {class_name, config}, got ${describeJson(root)}.`);
  if (root.class_name !== 'Sequential') {
    const hint = root.class_name === 'Model' || root.class_name === 'Functional' ? ' Functional (graph) models are not supported yet; rebuild the model as a Sequential stack.' : '';
    throw new ModelFormatError(`${what}: modelTopology.class_name is ${describeJson(root.class_name)}, but only 'Sequential' models are supported.${hint}`);
  }
  const config = root.config;
  if (Array.isArray(config)) return { name: undefined, entries: config };
  if (!isRecord(config) || !Array.isArray(config.layers)) {
    throw new ModelFormatError(`${what}: modelTopology.config must be {name, layers: [...]}, got ${describeJson(config)}.`);
  }
  if (config.name !== undefined && typeof config.name !== 'string') throw new ModelFormatError(`${what}: the model name must be a string, got ${describeJson(config.name)}.`);
  return { name: config.name as string | undefined, entries: config.layers };
}

/**
 * Builds the model. `budget` is how many weight values building may create in total (the manifest's
 * total): a topology asking for more is rejected before the allocation, not after.
 */
export function buildModel(topology: unknown, custom: CustomLayers, budget: number, what: string, initialValues: 'drawn' | 'zeros' = 'drawn'): Sequential {
  const { name, entries } = readTopology(topology, what);
  if (entries.length === 0) throw new ModelFormatError(`${what}: the Sequential model has no layers.`);
  const layers: Layer[] = [];
  let pendingInput: unknown = undefined;
  entries.forEach((entry, i) => {
    const where = `${what}: layer ${i}`;
    const { className, config } = checkLayerEntry(entry, where);
    if (className === 'InputLayer') {
      // Keras writes the input as a layer of its own; here it becomes the next layer's batch_input_shape.
      pendingInput = config.batch_input_shape ?? config.batch_shape;
      if (!Array.isArray(pendingInput)) throw new ModelFormatError(`${where} (InputLayer) needs batch_input_shape, got ${describeJson(pendingInput)}.`);
      return;
    }
    const withInput: JsonObject = pendingInput !== undefined && config.batch_input_shape == null ? { ...config, batch_input_shape: pendingInput } : config;
    pendingInput = undefined;
    layers.push(layerFromConfig({ class_name: className, config: withInput }, custom, where));
  });
  const names = new Set<string>();
  for (const layer of layers) {
    if (names.has(layer.name)) throw new ModelFormatError(`${what}: two layers are named '${layer.name}'; layer names must be unique.`);
    names.add(layer.name);
  }
  let remaining = budget;
  // With 'zeros' (the weights are loaded next and overwrite every value) no initialiser runs:
  // drawing random initial weights cost the sentiment model ~30 ms in Node and 0.6 s in
  // edge-runtime, and the image model ~37 ms of its 260 ms cold start in Node.
  const creation: WeightCreation = {
    zeros: initialValues === 'zeros',
    check(layer, name, shape) {
      const size = Array.isArray(shape) ? shape.reduce((n, d) => n * d, 1) : NaN;
      if (!(size <= remaining)) {
        throw new WeightDataError(`${what}: layer '${layer.name}' would create weight '${name}' of shape ${Array.isArray(shape) ? formatShape(shape) : String(shape)} (${size} values), more than the ${remaining} values the weights manifest has left. The topology and the manifest do not describe the same model.`);
      }
      remaining -= size;
    },
  };
  try {
    return whileCreatingWeights(creation, () => new Sequential({ name, layers }));
  } catch (e) {
    if (e instanceof WeightDataError || e instanceof ModelFormatError || e instanceof UnknownLayerError) throw e;
    throw new ModelFormatError(`${what}: the layers do not fit together: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}

/** Sets every model weight from `weights` by TF.js name; all names and shapes are checked before any is assigned. */
export function assignWeights(model: Sequential, weights: Map<string, Tensor>, what: string): void {
  const named = namedWeights(model.layers);
  if (weights.size > 0 && !model.built) {
    throw new ModelFormatError(`${what}: the first layer has no batch_input_shape, so the model cannot be built to receive its weights.`);
  }
  const wanted = new Set(named.map((w) => w.name));
  const missing = named.filter((w) => !weights.has(w.name)).map((w) => w.name);
  const extra = [...weights.keys()].filter((n) => !wanted.has(n));
  if (missing.length > 0 || extra.length > 0) {
    const list = (xs: string[]) => xs.slice(0, 8).map((x) => `'${x}'`).join(', ') + (xs.length > 8 ? `, … (${xs.length} in all)` : '');
    const parts = [missing.length > 0 ? `the model needs ${list(missing)}, which the manifest lacks` : '', extra.length > 0 ? `the manifest has ${list(extra)}, which no layer owns` : ''].filter(Boolean);
    throw new WeightDataError(`${what}: the weights do not match the topology: ${parts.join('; ')}.`);
  }
  for (const w of named) {
    const t = weights.get(w.name)!;
    if (t.shape.length !== w.variable.shape.length || t.shape.some((d, i) => d !== w.variable.shape[i])) {
      throw new WeightDataError(`${what}: weight '${w.name}' of layer '${w.layer.name}' (${w.layer.getClassName()}) has shape ${formatShape(t.shape)} in the manifest, but the topology gives ${formatShape(w.variable.shape)}.`);
    }
  }
  for (const w of named) {
    const t = weights.get(w.name)!;
    w.variable.assign(t.dtype === w.variable.dtype ? t : new Tensor(w.variable.dtype === 'int32' ? Int32Array.from(t.data, Math.round) : Float32Array.from(t.data), t.shape, w.variable.dtype));
  }
}
