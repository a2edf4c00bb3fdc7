/**
 * LSTM over a whole sequence (Keras gate order i, f, c, o; tanh activation, sigmoid recurrent
 * activation, unitForgetBias and orthogonal recurrent kernel by default). tanh/sigmoid run in one
 * fused kernel; other Keras activations (e.g. TF.js' default 'hard_sigmoid') run composed from ops.
 */
import { ShapeError, ValueError, formatShape } from '../errors.js';
import type { InitializerIdentifier, Initializer } from '../initializers/index.js';
import { checkActivation, type ActivationName } from '../ops/activations.js';
import { dropout as dropoutOp } from '../ops/dropout.js';
import { lstm } from '../ops/lstm.js';
import { reverse } from '../ops/shape.js';
import { mul } from '../ops/arithmetic.js';
import { Random, nextSeed } from '../random.js';
import { Tensor, ones } from '../tensor.js';
import type { Variable } from '../variable.js';
import { nulls, positiveInt, rate, resolveInitializer, serializeInitializer } from './config.js';
import { Layer, type CallArgs, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';

export interface LSTMArgs extends LayerArgs {
  units: number;
  /** Keras activation name (default 'tanh'). */
  activation?: ActivationName | string;
  /** Keras activation name (default 'sigmoid', the Keras default; TF.js defaults to 'hard_sigmoid'). */
  recurrentActivation?: ActivationName | string;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  recurrentInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  unitForgetBias?: boolean;
  /** Input dropout (one mask per sequence, as Keras' implementation 2). */
  dropout?: number;
  recurrentDropout?: number;
  returnSequences?: boolean;
  returnState?: boolean;
  goBackwards?: boolean;
  stateful?: boolean;
  unroll?: boolean;
  seed?: number | null;
}

export class LSTM extends Layer {
  static override className = 'LSTM';
  readonly units: number;
  readonly activation: ActivationName;
  readonly recurrentActivation: ActivationName;
  readonly useBias: boolean;
  readonly unitForgetBias: boolean;
  readonly dropout: number;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  private readonly rng: Random | null;
  kernel: Variable | null = null;
  recurrentKernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: LSTMArgs) {
    super(args);
    const where = `LSTM '${this.name}'`;
    this.units = positiveInt(args?.units, 'units', where);
    this.activation = checkActivation(args.activation ?? 'tanh');
    this.recurrentActivation = checkActivation(args.recurrentActivation ?? 'sigmoid');
    for (const flag of ['returnState', 'stateful'] as const) {
      if (args[flag]) throw new ValueError(`${where}: ${flag} is not supported.`);
    }
    if ((args.recurrentDropout ?? 0) !== 0) throw new ValueError(`${where}: recurrentDropout is not supported by the fused kernel; use dropout (on inputs) instead.`);
    this.useBias = args.useBias ?? true;
    this.unitForgetBias = args.unitForgetBias ?? true;
    this.dropout = rate(args.dropout ?? 0, 'dropout', where);
    this.returnSequences = args.returnSequences ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.kernelInitializer = resolveInitializer(args.kernelInitializer, 'glorot_uniform');
    this.recurrentInitializer = resolveInitializer(args.recurrentInitializer, 'orthogonal');
    this.biasInitializer = resolveInitializer(args.biasInitializer, 'zeros');
    this.rng = args.seed == null ? null : new Random(args.seed);
    this.inputSpec = { ndim: 3 };
  }

  override build(inputShape: LayerShape): void {
    const inDim = inputShape[2];
    if (inDim === null) throw new ShapeError(`LSTM '${this.name}' needs a known feature dimension, got ${formatShape(inputShape)}.`);
    const u = this.units;
    this.kernel = this.addWeight('kernel', [inDim, 4 * u], this.kernelInitializer);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [u, 4 * u], this.recurrentInitializer);
    if (this.useBias) {
      this.bias = this.addWeight('bias', [4 * u], 'zeros');
      if (this.unitForgetBias) {
        // Keras: the forget gate's bias starts at 1, the other gates use biasInitializer.
        const data = this.bias.data as Float32Array;
        data.set(this.biasInitializer.apply([u]).data, 0);
        data.set(ones([u]).data, u);
        data.set(this.biasInitializer.apply([2 * u]).data, 2 * u);
      } else {
        this.bias.assign(this.biasInitializer.apply([4 * u]));
      }
    }
    this.inputSpec = { ndim: 3, axes: { [-1]: inDim } };
    this.built = true;
  }

  call(input: Tensor, { training }: CallArgs): Tensor {
    let x = this.goBackwards ? reverse(input, 1) : input;
    if (training && this.dropout > 0) {
      // One mask per (sample, feature), shared by every time step.
      const [batch, , features] = x.shape;
      const mask = dropoutOp(ones([batch, 1, features]), this.dropout, this.rng ? this.rng.nextUint32() : nextSeed());
      x = mul(x, mask);
    }
    const bias = this.bias ?? new Tensor(new Float32Array(4 * this.units), [4 * this.units]);
    if (!this.returnSequences && x.shape[1] === 0) throw new ShapeError(`LSTM '${this.name}' got a sequence of length 0 (input ${formatShape(input.shape)}).`);
    return lstm(x, this.kernel!, this.recurrentKernel!, bias, { activation: this.activation, recurrentActivation: this.recurrentActivation, returnSequences: this.returnSequences });
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return this.returnSequences ? [s[0], s[1], this.units] : [s[0], this.units];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      recurrent_activation: this.recurrentActivation,
      use_bias: this.useBias,
      kernel_initializer: serializeInitializer(this.kernelInitializer),
      recurrent_initializer: serializeInitializer(this.recurrentInitializer),
      bias_initializer: serializeInitializer(this.biasInitializer),
      unit_forget_bias: this.unitForgetBias,
      ...nulls('kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'recurrent_constraint', 'bias_constraint'),
      dropout: this.dropout,
      recurrent_dropout: 0,
      implementation: 2,
      return_sequences: this.returnSequences,
      return_state: false,
      go_backwards: this.goBackwards,
      stateful: false,
      unroll: false,
    };
  }
}
