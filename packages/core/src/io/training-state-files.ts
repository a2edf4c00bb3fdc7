/**
 * The training state on disk, beside a saved model: `training-state.json` (step count, generator,
 * next epoch, layout) and `training-state.<hash>.bin` (the optimizer buffers, float32 little
 * endian). Both are written atomically like the model (temporary file, fsync, rename), the JSON
 * last, after the model. The JSON records the model shard it belongs to: if a save was killed
 * between the model and its state, loading reports the mismatch instead of resuming wrongly.
 */
import type { TrainingState } from '../model/training-state.js';
import { ModelFormatError, ModelIOError, WeightDataError } from './errors.js';
import { nodePlatform } from './node-platform.js';
import { isRecord, parseJson } from './safe-json.js';
import { syncDirectory, writeFileAtomic } from './save-directory.js';

export const TRAINING_STATE_FILE = 'training-state.json';
const FORMAT = 'neurite-training-state';
const STATE_SHARD = /^training-state\.[0-9a-f]{16}\.bin$/;
const MAX_JSON_CHARS = 16 * 2 ** 20;

interface StateJson {
  format: string;
  version: 1;
  epoch: number;
  rng: { state: number; spareNormal: number | null };
  optimizer: { className: string; iterations: number; slotsPerWeight: number; weights: { name: string; size: number; hasState: boolean }[] };
  /** The model.json weight shard(s) of the save this state belongs to. */
  modelWeights: string[];
  stateWeights: string;
}

/** Writes `state` into `dir`, which holds the model just saved with weight files `modelWeightPaths`. */
export async function saveTrainingState(location: string, state: TrainingState, modelWeightPaths: string[]): Promise<void> {
  const platform = await nodePlatform(`save the training state to '${location}'`);
  const { fs, path, createHash } = platform;
  const dir = /^file:/i.test(location) ? platform.fileURLToPath(location) : location;
  try {
    const { slots } = state.optimizer;
    const slotsPerWeight = slots.find((s) => s !== null)?.length ?? 0;
    const floats = slots.reduce((n, s) => n + (s === null ? 0 : s.length * s[0].length), 0);
    const bytes = new Uint8Array(floats * 4);
    const view = new DataView(bytes.buffer);
    let at = 0;
    for (const weightSlots of slots) for (const s of weightSlots ?? []) for (const v of s) view.setFloat32((at++) * 4, v, true);
    const stateWeights = `training-state.${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.bin`;
    const json: StateJson = {
      format: FORMAT,
      version: 1,
      epoch: state.epoch,
      rng: state.rng,
      optimizer: {
        className: state.optimizer.className,
        iterations: state.optimizer.iterations,
        slotsPerWeight,
        weights: slots.map((s, i) => ({ name: state.optimizer.weightNames[i] ?? `weight_${i}`, size: s === null ? 0 : s[0].length, hasState: s !== null })),
      },
      modelWeights: modelWeightPaths.map((p) => path.basename(p)),
      stateWeights,
    };
    await writeFileAtomic(platform, dir, stateWeights, bytes);
    await syncDirectory(fs, dir);
    await writeFileAtomic(platform, dir, TRAINING_STATE_FILE, JSON.stringify(json));
    await syncDirectory(fs, dir);
    for (const name of await fs.readdir(dir)) {
      if (name !== stateWeights && STATE_SHARD.test(name)) await fs.unlink(path.join(dir, name)).catch(() => undefined);
    }
  } catch (e) {
    throw new ModelIOError(`Saving the training state to '${dir}' failed: ${(e as Error)?.message ?? String(e)}. The previous training state, if any, is unchanged.`, { cause: e });
  }
}

/** Reads and checks the training state saved in `dir` (a model directory written by modelCheckpoint). */
export async function loadTrainingState(location: string): Promise<TrainingState> {
  const { fs, path, fileURLToPath } = await nodePlatform(`load the training state from '${location}'`);
  const dir = /^file:/i.test(location) ? fileURLToPath(location) : location;
  const file = path.join(dir, TRAINING_STATE_FILE);
  const text = await fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    const hint = e.code === 'ENOENT' ? `no ${TRAINING_STATE_FILE} there; save checkpoints with modelCheckpoint({ filepath, saveTrainingState: true })` : e.message;
    throw new ModelIOError(`Cannot resume from '${dir}': ${hint}.`, { cause: e });
  });
  const json = checkStateJson(parseJson(text, file, MAX_JSON_CHARS), file);

  // The state must belong to the model saved in the same directory (a kill between the two writes leaves them apart).
  const modelJson = parseJson(await fs.readFile(path.join(dir, 'model.json'), 'utf8').catch(() => 'null'), path.join(dir, 'model.json'), 64 * 2 ** 20);
  const manifest = isRecord(modelJson) && Array.isArray(modelJson.weightsManifest) ? modelJson.weightsManifest : [];
  const modelWeights = manifest.flatMap((g) => (isRecord(g) && Array.isArray(g.paths) ? g.paths : []));
  if (JSON.stringify(modelWeights) !== JSON.stringify(json.modelWeights)) {
    throw new ModelFormatError(`${file} belongs to a model with weights ${JSON.stringify(json.modelWeights)}, but ${path.join(dir, 'model.json')} has ${JSON.stringify(modelWeights)}: the checkpoint save was interrupted between the model and its training state. Resume from an earlier checkpoint.`);
  }

  const { weights, slotsPerWeight } = json.optimizer;
  const floats = weights.reduce((n, w) => n + (w.hasState ? w.size * slotsPerWeight : 0), 0);
  const binFile = path.join(dir, json.stateWeights);
  const bytes = await fs.readFile(binFile).catch((e: NodeJS.ErrnoException) => {
    throw new ModelIOError(`Cannot read '${binFile}': ${e.code === 'ENOENT' ? 'no such file' : e.message}.`, { cause: e });
  });
  if (bytes.byteLength !== floats * 4) {
    throw new WeightDataError(`'${binFile}' has ${bytes.byteLength} bytes but ${file} needs exactly ${floats * 4} (truncated or from another checkpoint).`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const slots = weights.map((w) => {
    if (!w.hasState) return null;
    return Array.from({ length: slotsPerWeight }, () => {
      const s = new Float32Array(w.size);
      for (let i = 0; i < w.size; i++) s[i] = view.getFloat32((at++) * 4, true);
      if (!s.every(Number.isFinite)) throw new WeightDataError(`'${binFile}': the optimizer state of '${w.name}' holds a non-finite value.`);
      return s;
    });
  });
  return {
    epoch: json.epoch,
    rng: json.rng,
    optimizer: { className: json.optimizer.className, iterations: json.optimizer.iterations, weightNames: weights.map((w) => w.name), slots },
  };
}

/** Checks every field training-state.json must have, as a ModelFormatError naming the first bad one. */
function checkStateJson(value: unknown, what: string): StateJson {
  const fail = (field: string): never => {
    throw new ModelFormatError(`${what}: '${field}' is missing or invalid; this is not a training state written by modelCheckpoint (or it is corrupted).`);
  };
  const wholeAtLeast = (v: unknown, min: number) => Number.isSafeInteger(v) && (v as number) >= min;
  if (!isRecord(value) || value.format !== FORMAT) fail('format');
  const v = value as Record<string, unknown>;
  if (v.version !== 1) fail('version');
  if (!wholeAtLeast(v.epoch, 0)) fail('epoch');
  const rng = v.rng;
  if (!isRecord(rng) || !Number.isInteger(rng.state) || rng.state !== ((rng.state as number) | 0)) fail('rng.state');
  const spare = (rng as Record<string, unknown>).spareNormal;
  if (spare !== null && !Number.isFinite(spare)) fail('rng.spareNormal');
  const opt = v.optimizer;
  if (!isRecord(opt) || typeof opt.className !== 'string') fail('optimizer.className');
  const o = opt as Record<string, unknown>;
  if (!wholeAtLeast(o.iterations, 0)) fail('optimizer.iterations');
  if (!wholeAtLeast(o.slotsPerWeight, 0) || (o.slotsPerWeight as number) > 8) fail('optimizer.slotsPerWeight');
  if (!Array.isArray(o.weights)) fail('optimizer.weights');
  (o.weights as unknown[]).forEach((w, i) => {
    if (!isRecord(w) || typeof w.name !== 'string' || !wholeAtLeast(w.size, 0) || (w.size as number) > 2 ** 28 || typeof w.hasState !== 'boolean') fail(`optimizer.weights[${i}]`);
  });
  if (!Array.isArray(v.modelWeights) || !v.modelWeights.every((p) => typeof p === 'string')) fail('modelWeights');
  if (typeof v.stateWeights !== 'string' || !STATE_SHARD.test(v.stateWeights)) fail('stateWeights');
  return v as unknown as StateJson;
}
