/** Corrupt, truncated, oversized and hostile model files: each is refused with a typed error. */
import { readFile, truncate, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { setupBackends } from '../testing/oracle.js';
import type { ModelJSON } from './artifacts.js';
import { ModelFormatError, ModelIOError, UnknownLayerError, WeightDataError } from './errors.js';
import { loadModel } from './load.js';
import { convModel } from './test-models.js';
import { withServer, withTempDir } from './test-support.js';

beforeAll(setupBackends);

/** A valid conv model as model.json (object and text) + weight bytes. */
async function valid(): Promise<{ json: ModelJSON; text: string; weights: Uint8Array }> {
  const a = await convModel(1).save('memory');
  const json: ModelJSON = { format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs! }] };
  return { json, text: JSON.stringify(json), weights: new Uint8Array(a.weightData as ArrayBuffer) };
}

const load = (modelJson: string | object, weights: Uint8Array) => loadModel({ modelJson, weights });
type Layers = { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
const layersOf = (json: ModelJSON) => (json.modelTopology as unknown as Layers).config.layers;

describe('malformed model.json', () => {
  it('truncated, empty or non-JSON text is a ModelFormatError', async () => {
    const { text, weights } = await valid();
    for (const bad of [text.slice(0, text.length / 2), '', '   ', 'model', '{"modelTopology": {', text.slice(0, -1)]) {
      await expect(load(bad, weights)).rejects.toThrow(ModelFormatError);
    }
    await expect(load('', weights)).rejects.toThrow(/empty/);
  });

  it('valid JSON that is not a layers model is a ModelFormatError saying what is wrong', async () => {
    const { json, weights } = await valid();
    const cases: [unknown, RegExp][] = [
      [[1, 2], /must be a JSON object/],
      [42, /must be a JSON object/],
      [{ weightsManifest: [] }, /no 'modelTopology'/],
      [{ ...json, format: 'graph-model' }, /graph-model.*tfjs_layers_model/],
      [{ ...json, weightsManifest: {} }, /'weightsManifest' must be an array/],
      [{ ...json, modelTopology: { class_name: 'Functional', config: { layers: [] } } }, /only 'Sequential'.*Functional/],
      [{ ...json, modelTopology: { class_name: 'Sequential', config: { layers: [] } } }, /no layers/],
      [{ ...json, modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense' }] } } }, /layer 0 must be \{class_name/],
      [{ ...json, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'x', shape: [2, -1], dtype: 'float32' }] }] }, /shape/],
      [{ ...json, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'x', shape: [1.5], dtype: 'float32' }] }] }, /shape/],
      [{ ...json, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 7, shape: [1], dtype: 'float32' }] }] }, /name must be a non-empty string/],
    ];
    for (const [bad, message] of cases) {
      const err = await load(bad as object, weights).catch((e: unknown) => e);
      expect(err, String(message)).toBeInstanceOf(ModelFormatError);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('a layer config the layer rejects is a ModelFormatError naming the layer', async () => {
    const { json, weights } = await valid();
    layersOf(json)[0].config.kernel_size = 'big';
    await expect(load(json, weights)).rejects.toThrow(/layer 0 \(Conv2D 'conv2d(_\d+)?'\)/);
    layersOf(json)[0].config.kernel_size = [3, 3];
    layersOf(json)[0].config.dtype = 'float64';
    await expect(load(json, weights)).rejects.toThrow(ModelFormatError);
  });

  it('a truncated model.json on disk is a ModelFormatError', async () => {
    await withTempDir(async (dir) => {
      await convModel(2).save(dir);
      const file = join(dir, 'model.json');
      const size = (await readFile(file)).byteLength;
      await truncate(file, Math.floor(size * 0.7));
      await expect(loadModel(dir)).rejects.toThrow(ModelFormatError);
    });
  });

  it('anything that is not a model source is a ValueError', async () => {
    await expect(loadModel(42 as never)).rejects.toThrow(ValueError);
    await expect(loadModel({ nothing: true } as never)).rejects.toThrow(ValueError);
  });
});

describe('weight data vs manifest', () => {
  it('in memory: shorter or longer data than the manifest says is a WeightDataError saying which', async () => {
    const { json, weights } = await valid();
    await expect(load(json, weights.subarray(0, weights.length - 4))).rejects.toThrow(/shorter than the manifest/);
    const longer = new Uint8Array(weights.length + 4);
    longer.set(weights);
    await expect(load(json, longer)).rejects.toThrow(/longer than the manifest/);
    await expect(load(json, new Uint8Array(0))).rejects.toThrow(WeightDataError);
  });

  it('on disk: a shard shorter or longer than the manifest is refused before it is read', async () => {
    await withTempDir(async (dir) => {
      await convModel(3).save(dir);
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as ModelJSON;
      const shard = join(dir, json.weightsManifest[0].paths[0]);
      const bytes = await readFile(shard);
      await truncate(shard, bytes.byteLength - 1);
      await expect(loadModel(dir)).rejects.toThrow(/shorter than the manifest/);
      await writeFile(shard, bytes);
      await appendFile(shard, new Uint8Array(8));
      await expect(loadModel(dir)).rejects.toThrow(/longer than the manifest/);
      await writeFile(shard, bytes);
      await expect(loadModel(dir)).resolves.toBeDefined();
    });
  });

  it('over http: short and long shards, and a Content-Length beyond the manifest, are refused', async () => {
    await withTempDir(async (dir) => {
      await convModel(4).save(dir);
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as ModelJSON;
      const shardName = json.weightsManifest[0].paths[0];
      const bytes = await readFile(join(dir, shardName));
      let mode: 'short' | 'long' | 'lying' = 'short';
      await withServer(dir, async (base) => {
        await expect(loadModel(`${base}/model.json`)).rejects.toThrow(/shorter than the manifest/);
        mode = 'long';
        await expect(loadModel(`${base}/model.json`)).rejects.toThrow(/longer than the manifest/);
        mode = 'lying';
        await expect(loadModel(`${base}/model.json`)).rejects.toThrow(WeightDataError);
      }, (req, res) => {
        if (!req.url?.endsWith('.bin')) return false;
        if (mode === 'short') res.writeHead(200).end(bytes.subarray(0, 10));
        else if (mode === 'long') res.writeHead(200).end(Buffer.concat([bytes, Buffer.alloc(4)]));
        else res.writeHead(200, { 'content-length': String(100 * 2 ** 30) }).end();
        return true;
      });
    });
  });

  it('weight shapes that do not match the topology name the layer and both shapes', async () => {
    const { json, weights } = await valid();
    const specs = json.weightsManifest[0].weights;
    const kernel = specs[2];
    kernel.shape = [3, 36]; // same number of values, wrong layout
    const err = await load(json, weights).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeightDataError);
    expect((err as Error).message).toMatch(new RegExp(`'${kernel.name}' of layer '.*' \\(Dense\\) has shape \\[3, 36\\] in the manifest, but the topology gives \\[36, 3\\]`));
  });

  it('a topology asking for other or more weights than the manifest is a WeightDataError', async () => {
    const { json, weights } = await valid();
    const dense = layersOf(json)[3].config;
    dense.units = 4;
    await expect(load(json, weights)).rejects.toThrow(WeightDataError);
    dense.units = 3;
    json.weightsManifest[0].weights[3].name = 'dense_x/bias';
    await expect(load(json, weights)).rejects.toThrow(/lacks.*no layer owns/);
  });

  it('NaN or Infinity in the weights is refused, naming the weight and index', async () => {
    const { json, weights } = await valid();
    for (const bad of [NaN, Infinity, -Infinity]) {
      const copy = weights.slice();
      new DataView(copy.buffer).setFloat32(4 * 5, bad, true);
      await expect(load(json, copy)).rejects.toThrow(new RegExp(`Weight '.*/kernel'.*holds ${bad} at flat index 5`));
    }
  });

  it('unsupported dtypes are WeightDataErrors', async () => {
    const { json, weights } = await valid();
    json.weightsManifest[0].weights[0].dtype = 'float16' as never;
    await expect(load(json, weights)).rejects.toThrow(/dtype "float16"/);
  });

  it('corrupt quantization entries are refused with typed errors saying what is supported', async () => {
    const { json, weights } = await valid();
    const a = await convModel(1).save('memory', { quantize: { dtype: 'uint8' } });
    const quantized = new Uint8Array(a.weightData as ArrayBuffer);
    const cases: [Record<string, unknown>, typeof WeightDataError | typeof ModelFormatError, RegExp][] = [
      [{ dtype: 'float16' }, WeightDataError, /quantized as "float16"; only 'uint8' and 'uint16'.*quantizations are supported/],
      [{ dtype: 'int4', min: 0, scale: 1 }, WeightDataError, /quantized as "int4"; only 'uint8' and 'uint16'/],
      [{ dtype: 'uint8', min: 0, scale: 0 }, ModelFormatError, /quantization\.scale must be a finite number > 0, got number 0/],
      [{ dtype: 'uint8', min: 0, scale: -0.1 }, ModelFormatError, /quantization\.scale must be a finite number > 0/],
      [{ dtype: 'uint16', min: NaN, scale: 0.1 }, ModelFormatError, /quantization\.min must be a finite number, got number NaN/],
      [{ dtype: 'uint8', min: null, scale: 0.1 }, ModelFormatError, /quantization\.min must be a finite number, got null/],
      [{ dtype: 'uint8', min: 0 }, ModelFormatError, /quantization\.scale must be a finite number > 0/],
    ];
    for (const [quantization, type, message] of cases) {
      const copy = structuredClone(a.weightSpecs!);
      (copy[0] as unknown as Record<string, unknown>).quantization = quantization;
      const err = await load({ ...json, weightsManifest: [{ paths: ['w.bin'], weights: copy }] }, quantized).catch((e: unknown) => e);
      expect(err, JSON.stringify(quantization)).toBeInstanceOf(type);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toMatch(/weights\[0\] \('conv2d(_\d+)?\/kernel'\)/);
    }
    const int32 = structuredClone(json.weightsManifest[0].weights);
    Object.assign(int32[0], { dtype: 'int32', quantization: { dtype: 'uint8', min: 0, scale: 1 } });
    await expect(load({ ...json, weightsManifest: [{ paths: ['w.bin'], weights: int32 }] }, weights)).rejects.toThrow(/quantized int32 weight; only float32 weights may be quantized/);
    (json.weightsManifest[0].weights[0] as unknown as Record<string, unknown>).quantization = 'uint8';
    await expect(load(json, weights)).rejects.toThrow(ModelFormatError);
  });

  it('a truncated or overlong quantized shard is refused like any other; the size cap counts stored bytes', async () => {
    const a = await convModel(2).save('memory', { quantize: { dtype: 'uint16' } });
    const json = { format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs! }] };
    const bytes = new Uint8Array(a.weightData as ArrayBuffer);
    await expect(load(json, bytes)).resolves.toBeDefined();
    await expect(load(json, bytes.subarray(0, bytes.length - 1))).rejects.toThrow(/shorter than the manifest/);
    await expect(load(json, new Uint8Array(bytes.length * 2))).rejects.toThrow(/longer than the manifest/);
    await withTempDir(async (dir) => {
      await convModel(2).save(dir, { quantize: { dtype: 'uint8' } });
      const onDisk = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as ModelJSON;
      const shard = join(dir, onDisk.weightsManifest[0].paths[0]);
      await truncate(shard, (await readFile(shard)).byteLength - 3);
      await expect(loadModel(dir)).rejects.toThrow(/shorter than the manifest/);
    });
    await expect(loadModel({ modelJson: json, weights: bytes }, { maxWeightBytes: bytes.length })).resolves.toBeDefined();
    await expect(loadModel({ modelJson: json, weights: bytes }, { maxWeightBytes: bytes.length - 1 })).rejects.toThrow(/more than/);
  });
});

describe('unknown layers', () => {
  it('list the known classes and point to customLayers', async () => {
    const { json, weights } = await valid();
    layersOf(json)[1].class_name = 'FancyPooling';
    const err = await load(json, weights).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownLayerError);
    expect((err as Error).message).toMatch(/layer 1: unknown layer class 'FancyPooling'/);
    expect((err as Error).message).toMatch(/Known layer classes: .*Conv2D.*MaxPooling2D/);
    expect((err as Error).message).toMatch(/customLayers: \{ FancyPooling \}/);
  });
});

describe('hostile input', () => {
  it('__proto__ / constructor / prototype keys anywhere are refused, and nothing is polluted', async () => {
    const { text, weights } = await valid();
    const injections = [
      text.replace('{', '{"__proto__": {"polluted": "yes"},'),
      text.replace('"filters":', '"__proto__": {"polluted": "yes"}, "filters":'),
      text.replace('"filters":', '"constructor": {"prototype": {"polluted": "yes"}}, "filters":'),
      text.replace('"kernel_initializer":{"class_name":"VarianceScaling","config":{', '"kernel_initializer":{"class_name":"VarianceScaling","config":{"prototype": {"polluted": "yes"},'),
      text.replace('"dtype":"float32"}', '"dtype":"float32","__proto__":{"polluted":"yes"}}'),
    ];
    for (const bad of injections) {
      expect(bad).not.toBe(text);
      await expect(load(bad, weights)).rejects.toThrow(/prototype pollution/);
    }
    const obj = JSON.parse(injections[1]) as object;
    await expect(load(obj, weights)).rejects.toThrow(ModelFormatError);
    await expect(loadModel({ ...(JSON.parse(injections[0]) as object), weightSpecs: [] } as never)).rejects.toThrow(ModelFormatError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a manifest claiming 100 GB is refused at once, before anything is allocated or read', async () => {
    const { json } = await valid();
    json.weightsManifest[0].weights.push({ name: 'huge', shape: [100_000, 250_000], dtype: 'float32' });
    const err = await load(json, new Uint8Array(16)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeightDataError);
    expect((err as Error).message).toMatch(/more than 1\.0 GiB.*maxWeightBytes/);
    json.weightsManifest[0].weights[0].shape = [2 ** 40, 2 ** 40];
    await expect(load(json, new Uint8Array(16))).rejects.toThrow(WeightDataError);
  });

  it('maxWeightBytes lowers the cap', async () => {
    const { json, weights } = await valid();
    await expect(loadModel({ modelJson: json, weights }, { maxWeightBytes: 100 })).rejects.toThrow(/more than 100 bytes/);
    await expect(loadModel({ modelJson: json, weights }, { maxWeightBytes: weights.byteLength })).resolves.toBeDefined();
  });

  it('a topology whose layers would allocate more than the manifest declares is refused before allocating', async () => {
    const { json, weights } = await valid();
    layersOf(json)[3].config.units = 1e9; // a 36 × 1e9 kernel: 144 GB
    const err = await load(json, weights).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeightDataError);
    expect((err as Error).message).toMatch(/would create weight 'kernel' of shape \[36, 1000000000\]/);
  });

  it('shard paths cannot leave the model directory', async () => {
    await withTempDir(async (dir) => {
      await convModel(5).save(dir);
      const file = join(dir, 'model.json');
      const json = JSON.parse(await readFile(file, 'utf8')) as ModelJSON;
      for (const p of ['../outside.bin', '/etc/passwd', 'a/../../b.bin']) {
        json.weightsManifest[0].paths = [p];
        await writeFile(file, JSON.stringify(json));
        await expect(loadModel(dir)).rejects.toThrow(/relative to model\.json/);
      }
      json.weightsManifest[0].paths = ['missing.bin'];
      await writeFile(file, JSON.stringify(json));
      await expect(loadModel(dir)).rejects.toThrow(ModelIOError);
    });
  });

  it('absurdly deep nesting is refused without a stack overflow', async () => {
    const { weights } = await valid();
    const deep = `{"modelTopology": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    await expect(load(deep, weights)).rejects.toThrow(ModelFormatError);
  });
});
