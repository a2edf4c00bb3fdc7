/**
 * BatchNormalization over the last axis (Keras defaults: momentum 0.99, epsilon 1e-3). Training
 * calls normalise with batch statistics and update the moving statistics (non-trainable weights,
 * biased batch variance as TF.js); inference calls use the moving statistics. A frozen layer
 * (trainable = false) runs in inference mode inside fit too and leaves its statistics alone, as
 * in Keras ≥ 2.1.3 — what transfer learning on a frozen pretrained network needs; TF.js 4.22
 * still normalises a frozen layer with batch statistics and updates them.
 */
import { ShapeError, ValueError, formatShape } from '../errors.js';
import type { InitializerIdentifier, Initializer } from '../initializers/index.js';
import { batchNormInfer, batchNormTrain } from '../ops/batch-norm.js';
import { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { nulls, resolveInitializer, serializeInitializer } from './config.js';
import { Layer, type CallArgs, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';

export interface BatchNormalizationArgs extends LayerArgs {
  axis?: number;
  momentum?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
}

export class BatchNormalization extends Layer {
  static override className = 'BatchNormalization';
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly inits: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', Initializer>;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  movingMean: Variable | null = null;
  movingVariance: Variable | null = null;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    const where = `BatchNormalization '${this.name}'`;
    if ((args.axis ?? -1) !== -1) throw new ValueError(`${where}: only axis -1 (channels last) is supported, got ${args.axis}.`);
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new ValueError(`${where}: momentum must be in [0, 1], got ${this.momentum}.`);
    if (!(this.epsilon > 0)) throw new ValueError(`${where}: epsilon must be > 0, got ${this.epsilon}.`);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.inits = {
      beta: resolveInitializer(args.betaInitializer, 'zeros'),
      gamma: resolveInitializer(args.gammaInitializer, 'ones'),
      movingMean: resolveInitializer(args.movingMeanInitializer, 'zeros'),
      movingVariance: resolveInitializer(args.movingVarianceInitializer, 'ones'),
    };
    this.inputSpec = { minNdim: 2 };
  }

  override build(inputShape: LayerShape): void {
    const c = inputShape[inputShape.length - 1];
    if (c === null) throw new ShapeError(`BatchNormalization '${this.name}' needs a known channel dimension, got ${formatShape(inputShape)}.`);
    if (this.scale) this.gamma = this.addWeight('gamma', [c], this.inits.gamma);
    if (this.center) this.beta = this.addWeight('beta', [c], this.inits.beta);
    this.movingMean = this.addWeight('moving_mean', [c], this.inits.movingMean, { trainable: false });
    this.movingVariance = this.addWeight('moving_variance', [c], this.inits.movingVariance, { trainable: false });
    this.inputSpec = { minNdim: 2, axes: { [-1]: c } };
    this.built = true;
  }

  call(input: Tensor, { training }: CallArgs): Tensor {
    const c = input.shape[input.rank - 1];
    const gamma = this.gamma ?? new Tensor(new Float32Array(c).fill(1), [c]);
    const beta = this.beta ?? new Tensor(new Float32Array(c), [c]);
    if (!training || !this.trainable) return batchNormInfer(input, gamma, beta, this.movingMean!, this.movingVariance!, this.epsilon);
    const { output, mean, variance } = batchNormTrain(input, gamma, beta, this.epsilon);
    // moving ← moving − (moving − batch)·(1 − momentum)
    const decay = 1 - this.momentum;
    const mm = this.movingMean!.data;
    const mv = this.movingVariance!.data;
    for (let i = 0; i < c; i++) {
      mm[i] -= (mm[i] - mean[i]) * decay;
      mv[i] -= (mv[i] - variance[i]) * decay;
    }
    this.movingMean!.markChanged();
    this.movingVariance!.markChanged();
    return output;
  }

  override getConfig(): LayerConfig {
    return {
      axis: -1,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      beta_initializer: serializeInitializer(this.inits.beta),
      gamma_initializer: serializeInitializer(this.inits.gamma),
      moving_mean_initializer: serializeInitializer(this.inits.movingMean),
      moving_variance_initializer: serializeInitializer(this.inits.movingVariance),
      ...nulls('beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint'),
      ...super.getConfig(),
    };
  }
}
