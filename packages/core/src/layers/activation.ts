/** Activation layer: applies a named Keras activation. */
import { checkActivation, getActivation, type ActivationName } from '../ops/activations.js';
import type { Tensor } from '../tensor.js';
import { Layer, type LayerArgs, type LayerConfig } from './layer.js';

export interface ActivationArgs extends LayerArgs {
  activation: ActivationName | string;
}

export class ActivationLayer extends Layer {
  static override className = 'Activation';
  readonly activation: ActivationName;

  constructor(args: ActivationArgs) {
    super(args);
    this.activation = checkActivation(args?.activation);
  }

  call(input: Tensor): Tensor {
    return getActivation(this.activation)(input);
  }

  override getConfig(): LayerConfig {
    return { activation: this.activation, ...super.getConfig() };
  }
}
