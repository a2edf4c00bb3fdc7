/**
 * Atomic save to a directory (Node): each file is written to a temporary name in the same
 * directory, fsynced, then renamed; the shard first, model.json last. The shard's name carries a
 * hash of its bytes, so the new shard never overwrites the one the current model.json points at:
 * until the final rename the previous model is complete, after it the new one is. Leftovers of an
 * interrupted save are removed by the next one. One model (and one writer) per directory.
 */
import { artifactsToModelJson, type ModelArtifacts } from './artifacts.js';
import { ModelIOError } from './errors.js';
import { nodePlatform, type NodePlatform } from './node-platform.js';
import { isRecord } from './safe-json.js';
import { toBytes } from './weights.js';

export interface FileSaveResult {
  modelJsonPath: string;
  weightPaths: string[];
  weightBytes: number;
}

const TEMP_SUFFIX = '.neurite-tmp';
/** Shard names we (or TF.js) write; only such files are ever deleted. */
const SHARD_NAME = /^group\d+-shard\d+of\d+(\.[0-9a-f]{16})?\.bin$/;
const OUR_SHARD_NAME = /^group\d+-shard\d+of\d+\.[0-9a-f]{16}\.bin$/;

export async function saveToDirectory(artifacts: ModelArtifacts, dir: string): Promise<FileSaveResult> {
  const platform = await nodePlatform(`save the model to '${dir}'`);
  const { fs, path, createHash } = platform;
  try {
    await fs.mkdir(dir, { recursive: true });
    const data = artifacts.weightData === undefined ? new Uint8Array(0) : toBytes(artifacts.weightData, 'weightData');
    const hasWeights = (artifacts.weightSpecs ?? []).length > 0;
    const shard = `group1-shard1of1.${createHash('sha256').update(data).digest('hex').slice(0, 16)}.bin`;
    const previous = await referencedShards(fs, path.join(dir, 'model.json'));

    const writeAtomic = (name: string, bytes: Uint8Array | string) => writeFileAtomic(platform, dir, name, bytes);

    if (hasWeights) {
      await writeAtomic(shard, data);
      await syncDirectory(fs, dir);
    }
    const json = artifactsToModelJson(artifacts, hasWeights ? [shard] : []);
    await writeAtomic('model.json', JSON.stringify(json));
    await syncDirectory(fs, dir);

    // Committed. Remove the previous model's shards and anything an interrupted save left behind.
    for (const name of await fs.readdir(dir)) {
      if (name === shard) continue;
      const stale = name.endsWith(TEMP_SUFFIX) || OUR_SHARD_NAME.test(name) || (previous.has(name) && SHARD_NAME.test(name));
      if (stale) await fs.unlink(path.join(dir, name)).catch(() => undefined);
    }
    return { modelJsonPath: path.join(dir, 'model.json'), weightPaths: hasWeights ? [path.join(dir, shard)] : [], weightBytes: data.byteLength };
  } catch (e) {
    throw new ModelIOError(`Saving the model to '${dir}' failed: ${(e as Error)?.message ?? String(e)}. The previous model in that directory, if any, is unchanged.`, { cause: e });
  }
}

/**
 * Writes `dir/name` atomically: to a temporary name in the same directory, fsynced, then renamed
 * over the target. Readers see the old file or the new one, never a part of it.
 */
export async function writeFileAtomic(platform: NodePlatform, dir: string, name: string, bytes: Uint8Array | string): Promise<void> {
  const { fs, path, randomBytes } = platform;
  const temp = path.join(dir, `.${name}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, path.join(dir, name));
  } catch (e) {
    await fs.unlink(temp).catch(() => undefined);
    throw e;
  }
}

/** Shard names the current model.json references (empty if there is none or it is unreadable). */
async function referencedShards(fs: NodePlatform['fs'], file: string): Promise<Set<string>> {
  try {
    const json = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
    const groups = isRecord(json) && Array.isArray(json.weightsManifest) ? json.weightsManifest : [];
    return new Set(groups.flatMap((g) => (isRecord(g) && Array.isArray(g.paths) ? g.paths.filter((p): p is string => typeof p === 'string') : [])));
  } catch {
    return new Set();
  }
}

/** fsync the directory so the renames themselves are durable (not supported everywhere; best effort). */
export async function syncDirectory(fs: NodePlatform['fs'], dir: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems cannot open or fsync a directory.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
