/**
 * Shared base of the Keras image-augmentation layers (RandomFlip, RandomRotation, RandomZoom,
 * RandomTranslation, RandomContrast): active only in training, identity at inference; accept a
 * batch [b, h, w, c] or one image [h, w, c]; draw from a per-layer seeded generator when `seed`
 * is given, else from the global one.
 */
import { ValueError } from '../errors.js';
import type { FillMode, Interpolation } from '../ops/image-transform.js';
import { reshape } from '../ops/shape.js';
import { Random, globalRng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { Layer, type CallArgs, type LayerArgs, type LayerConfig } from './layer.js';

export interface AugmentationArgs extends LayerArgs {
  seed?: number | null;
}

export abstract class Augmentation extends Layer {
  readonly seed: number | null;
  private readonly ownRng: Random | null;

  constructor(args: AugmentationArgs = {}) {
    super(args);
    this.seed = args.seed ?? null;
    this.ownRng = this.seed === null ? null : new Random(this.seed);
    this.inputSpec = { minNdim: 3, maxNdim: 4 };
  }

  protected get rng(): Random {
    return this.ownRng ?? globalRng();
  }

  /** Augments a batch [b, h, w, c]. */
  protected abstract augment(images: Tensor): Tensor;

  call(input: Tensor, { training }: CallArgs): Tensor {
    if (!training) return input;
    if (input.rank === 3) return reshape(this.augment(reshape(input, [1, ...input.shape])), input.shape);
    return this.augment(input);
  }

  override getConfig(): LayerConfig {
    return { seed: this.seed, ...super.getConfig() };
  }
}

/** Keras factor: f → [-f, f]; [lower, upper] as given; each within [-limit, limit]. */
export function factorRange(factor: number | readonly [number, number], what: string, where: string, limit = 1): [number, number] {
  const range: [number, number] = typeof factor === 'number' ? [-Math.abs(factor), Math.abs(factor)] : [factor[0], factor[1]];
  if (!range.every((v) => Number.isFinite(v) && Math.abs(v) <= limit) || range[0] > range[1]) {
    throw new ValueError(`${where}: ${what} must be a number or [lower, upper] with lower ≤ upper, each in [-${limit}, ${limit}], got ${JSON.stringify(factor)}.`);
  }
  return range;
}

export interface TransformArgs {
  fillMode?: FillMode;
  interpolation?: Interpolation;
  fillValue?: number;
}

export function checkTransformArgs(args: TransformArgs, where: string): Required<TransformArgs> {
  const fillMode = args.fillMode ?? 'reflect';
  const interpolation = args.interpolation ?? 'bilinear';
  if (!['reflect', 'wrap', 'constant', 'nearest'].includes(fillMode)) throw new ValueError(`${where}: fillMode must be 'reflect', 'wrap', 'constant' or 'nearest', got '${fillMode}'.`);
  if (!['bilinear', 'nearest'].includes(interpolation)) throw new ValueError(`${where}: interpolation must be 'bilinear' or 'nearest', got '${interpolation}'.`);
  return { fillMode, interpolation, fillValue: args.fillValue ?? 0 };
}
