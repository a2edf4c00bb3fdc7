/**
 * Reading model.json and its shards from the file system, sizes checked before reading. Node's
 * modules come from node-platform.ts (the portable build has none: file paths fail typed there).
 */
import { ModelFormatError, ModelIOError, WeightDataError } from './errors.js';
import { nodePlatform, type NodePlatform } from './node-platform.js';
import type { ModelSourceParts } from './sources.js';
import { parseJson } from './safe-json.js';
import type { CheckedGroup } from './weights.js';

type Fs = NodePlatform['fs'];
type Path = NodePlatform['path'];

/** Opens `model.json` (or the directory holding it); shards are read relative to it on demand. */
export async function openFile(location: string, maxJsonBytes: number): Promise<ModelSourceParts> {
  const { fs, path } = await nodePlatform(`load the model at '${location}'`);
  let file = location;
  const info = await fs.stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new ModelIOError(`Cannot read model at '${location}': ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}.`, { cause: e });
  });
  if (info.isDirectory()) file = path.join(location, 'model.json');
  const what = file;
  const size = (await fs.stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new ModelIOError(`Cannot read '${file}': ${e.code === 'ENOENT' ? 'no such file (a saved model directory holds model.json)' : e.message}.`, { cause: e });
  })).size;
  if (size > maxJsonBytes) throw new ModelFormatError(`${what} is ${size} bytes, more than the limit of ${maxJsonBytes} for a model.json; raise maxJsonBytes if it is genuine.`);
  const text = await fs.readFile(file, 'utf8');
  const dir = path.dirname(file);
  return {
    what,
    json: parseJson(text, what, maxJsonBytes),
    readGroup: (group, index) => readShards(fs, path, dir, group, `${what}: weight group ${index + 1}`),
  };
}

async function readShards(fs: Fs, path: Path, dir: string, group: CheckedGroup, what: string): Promise<Uint8Array> {
  if (group.paths.length === 0 && group.bytes > 0) throw new ModelFormatError(`${what} lists weights but no shard paths.`);
  const files = group.paths.map((p) => path.join(dir, checkRelative(p, what)));
  const sizes = await Promise.all(files.map((f) => fs.stat(f).then((s) => s.size, (e: NodeJS.ErrnoException) => {
    throw new ModelIOError(`${what}: cannot read weight shard '${f}': ${e.code === 'ENOENT' ? 'no such file' : e.message}.`, { cause: e });
  })));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total !== group.bytes) {
    throw new WeightDataError(`${what}: the shard files (${files.map((f, i) => `${path.basename(f)}: ${sizes[i]} bytes`).join(', ')}) hold ${total} bytes, but the manifest's weights need exactly ${group.bytes}: the weight data is ${total < group.bytes ? 'shorter' : 'longer'} than the manifest says (truncated, corrupted or from another model).`);
  }
  const out = new Uint8Array(group.bytes);
  let at = 0;
  for (let i = 0; i < files.length; i++) {
    const handle = await fs.open(files[i], 'r');
    try {
      let read = 0;
      while (read < sizes[i]) {
        const { bytesRead } = await handle.read(out, at + read, sizes[i] - read, read);
        if (bytesRead === 0) throw new WeightDataError(`${what}: '${files[i]}' became shorter while it was being read.`);
        read += bytesRead;
      }
    } finally {
      await handle.close();
    }
    at += sizes[i];
  }
  return out;
}

/** Shard paths stay inside the model's directory: no absolute paths, no '..', no NUL. */
function checkRelative(p: string, what: string): string {
  if (p.includes('\0') || p.startsWith('/') || p.startsWith('\\') || /^[a-z]:/i.test(p) || p.split(/[\\/]/).includes('..')) {
    throw new ModelFormatError(`${what}: shard path '${p}' must be a file name relative to model.json (no absolute paths, no '..').`);
  }
  return p;
}
