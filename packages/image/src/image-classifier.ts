/**
 * A reusable two-class image classifier over a Neurite Sequential model whose input is
 * [null, size, size, 3] RGB in [0, 1] and whose output is one sigmoid unit scoring `labels[1]`.
 * Preprocessing is exactly the training script's: decode (bundled JS decoders by default, so every
 * runtime sees the same pixels) → resizeToSquare(size, fit 'squash') → [0, 1].
 */
import { loadModel, Sequential, tensor, type LoadModelOptions, type ModelSource } from '@neurite/core';
import { decodeBase64, init } from '@neurite/kernels';
import type { DecodeBytesOptions } from './decode.js';
import { ClassifierModelError, ImageInputError } from './errors.js';
import { toHeatMap, type HeatMap } from './heatmap.js';
import { loadImage, type ImageInput } from './load-image.js';
import { preprocessPixels } from './preprocess.js';
import { MBConv } from './mbconv.js';
import type { Fit } from './resize.js';
import { saliencyMaps } from './saliency.js';
import type { RgbaImage } from './types.js';

export interface Classification<L extends string = 'cat' | 'dog'> {
  label: L;
  /** The winning label's score, in [0.5, 1]. */
  confidence: number;
  /** Per-label probabilities (they sum to 1). */
  scores: Record<L, number>;
  /** With `{ explain: true }`: which pixels drove the decision, as a size × size heat map. */
  saliency?: HeatMap;
}

export interface ClassifyOptions extends DecodeBytesOptions {
  /** Also compute a saliency heat map per image (one extra backward pass). */
  explain?: boolean;
  /**
   * Images per forward pass (default 4). The shipped 224 px network's peak memory grows with it
   * (Node RSS: ~270 MiB for 1 image, ~350 MiB for 4, ~700 MiB for 16) while speed per image barely
   * changes; use 1 where memory is tight (Cloudflare Workers allow 128 MB per isolate).
   */
  batchSize?: number;
}

export interface ImageClassifierOptions<L extends string = string> {
  /** A Sequential, or anything `loadModel` accepts (path, URL, { modelJson, weights }, artifacts, handler). */
  model: Sequential | ModelSource;
  /** [label of output 0, label of output 1] (default ['cat', 'dog']). */
  labels?: readonly [L, L];
  /** How non-square images become square; must match training (default 'squash'). */
  fit?: Fit;
  /** Passed to loadModel (this package's own layers, such as MBConv, are known without `customLayers`). */
  loadOptions?: LoadModelOptions;
  /** A precompiled kernels module, for runtimes that cannot compile WebAssembly bytes (Cloudflare Workers). */
  wasm?: WebAssembly.Module;
}

export class ImageClassifier<L extends string = 'cat' | 'dog'> {
  readonly inputSize: number;

  constructor(readonly model: Sequential, readonly labels: readonly [L, L], readonly fit: Fit = 'squash') {
    const input = model.inputShape;
    const output = model.outputShape;
    if (!input || input.length !== 4 || input[1] === null || input[1] !== input[2] || input[3] !== 3) {
      throw new ClassifierModelError(`The classifier needs a model with a square RGB input [null, size, size, 3], got ${JSON.stringify(input)}.`);
    }
    if (!output || output.length !== 2 || output[1] !== 1) {
      throw new ClassifierModelError(`The classifier needs a model with one sigmoid output [null, 1] scoring '${labels[1]}', got ${JSON.stringify(output)}.`);
    }
    this.inputSize = input[1];
  }

  /** One input → one result; an array → an array (in the same order). */
  // Array overload first: ImageInput includes `object`, which an array also is.
  classify(inputs: readonly ImageInput[], options?: ClassifyOptions): Promise<Classification<L>[]>;
  classify(input: ImageInput, options?: ClassifyOptions): Promise<Classification<L>>;
  async classify(input: ImageInput | readonly ImageInput[], options: ClassifyOptions = {}): Promise<Classification<L> | Classification<L>[]> {
    const list = Array.isArray(input) ? (input as readonly ImageInput[]) : [input as ImageInput];
    const decodeOptions: DecodeBytesOptions = { decoder: 'js', ...options };
    const images: RgbaImage[] = [];
    for (const item of list) images.push(await loadImage(item, decodeOptions));
    const results = this.classifyPixels(images, options);
    return Array.isArray(input) ? results : results[0];
  }

  /** The synchronous core, on already-decoded RGBA images. */
  classifyPixels(images: readonly RgbaImage[], options: Pick<ClassifyOptions, 'explain' | 'batchSize'> = {}): Classification<L>[] {
    const batchSize = options.batchSize ?? 4;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ImageInputError(`batchSize must be a whole number ≥ 1, got ${String(batchSize)}.`);
    const out: Classification<L>[] = [];
    for (let start = 0; start < images.length; start += batchSize) {
      const chunk = images.slice(start, start + batchSize);
      const batch = preprocessPixels(chunk, { size: this.inputSize, fit: this.fit });
      const x = tensor(batch.data, batch.shape);
      // predict, not call: it reuses the last batch's activation arrays (fresh ones page-fault).
      const p = this.model.predict(x, { batchSize: chunk.length }).data;
      const results = Array.from(p, (v) => this.result(v));
      if (options.explain) {
        const maps = saliencyMaps(this.model, x, results.map((r) => (r.label === this.labels[1] ? 1 : -1)));
        results.forEach((r, i) => (r.saliency = toHeatMap(maps[i], this.inputSize, this.inputSize)));
      }
      out.push(...results);
    }
    return out;
  }

  private result(p: number): Classification<L> {
    const [a, b] = this.labels;
    const scores = { [a]: 1 - p, [b]: p } as Record<L, number>;
    return p >= 0.5 ? { label: b, confidence: p, scores } : { label: a, confidence: 1 - p, scores };
  }
}

/** Layers of this package that saved models may hold. */
const PACKAGE_LAYERS = { MBConv };

/** Builds a classifier: the shipped cat/dog model by default, or your own model of the same kind. */
export async function loadImageClassifier(): Promise<ImageClassifier>;
export async function loadImageClassifier<L extends string = 'cat' | 'dog'>(options: Partial<ImageClassifierOptions<L>>): Promise<ImageClassifier<L>>;
export async function loadImageClassifier(options: Partial<ImageClassifierOptions<string>> = {}): Promise<ImageClassifier<string>> {
  await init(options.wasm);
  const labels = options.labels ?? (['cat', 'dog'] as const);
  if (!Array.isArray(labels) || labels.length !== 2 || labels.some((l) => typeof l !== 'string')) {
    throw new ImageInputError(`labels must be two strings [label for output 0, label for output 1], got ${JSON.stringify(labels)}.`);
  }
  let model: Sequential;
  if (options.model === undefined) {
    const { CATS_DOGS_MODEL_JSON, CATS_DOGS_WEIGHTS_BASE64 } = await import('./generated/cats-dogs-model.js');
    model = await loadModel({ modelJson: CATS_DOGS_MODEL_JSON, weights: decodeBase64(CATS_DOGS_WEIGHTS_BASE64) }, { customLayers: PACKAGE_LAYERS });
  } else if (options.model instanceof Sequential) {
    model = options.model;
  } else {
    model = await loadModel(options.model, { ...options.loadOptions, customLayers: { ...PACKAGE_LAYERS, ...options.loadOptions?.customLayers } });
  }
  return new ImageClassifier(model, labels as readonly [string, string], options.fit ?? 'squash');
}
