/** Dropout: in training, zeroes a `rate` fraction and scales the rest by 1/(1−rate); identity otherwise. */
import { ValueError } from '../errors.js';
import { dropout } from '../ops/dropout.js';
import { Random, nextSeed } from '../random.js';
import type { Tensor } from '../tensor.js';
import { rate } from './config.js';
import { Layer, type CallArgs, type LayerArgs, type LayerConfig } from './layer.js';

export interface DropoutArgs extends LayerArgs {
  rate: number;
  noiseShape?: number[] | null;
  seed?: number | null;
}

export class Dropout extends Layer {
  static override className = 'Dropout';
  readonly rate: number;
  readonly seed: number | null;
  private readonly rng: Random | null;

  constructor(args: DropoutArgs) {
    super(args);
    this.rate = rate(args?.rate, 'rate', `Dropout '${this.name}'`);
    if (args.noiseShape != null) throw new ValueError(`Dropout '${this.name}': noiseShape is not supported; leave it null.`);
    this.seed = args.seed ?? null;
    this.rng = this.seed === null ? null : new Random(this.seed);
  }

  call(input: Tensor, { training }: CallArgs): Tensor {
    if (!training || this.rate === 0) return input;
    return dropout(input, this.rate, this.rng ? this.rng.nextUint32() : nextSeed());
  }

  override getConfig(): LayerConfig {
    return { rate: this.rate, noise_shape: null, seed: this.seed, ...super.getConfig() };
  }
}
