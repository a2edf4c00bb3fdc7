/** Adam (Kingma & Ba) with Keras defaults; AdamW adds decoupled weight decay (Loshchilov & Hutter). */
import { kernel } from '../ops/kernel.js';
import type { LearningRate } from '../schedules/schedule.js';
import { checkHyper, Optimizer } from './optimizer.js';

export interface AdamArgs {
  learningRate?: LearningRate;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface AdamWArgs extends AdamArgs {
  weightDecay?: number;
}

export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  protected readonly slotCount = 2;
  /** Decoupled weight decay; 0 for plain Adam. */
  protected readonly decay: number = 0;

  constructor(args: AdamArgs = {}) {
    super(args.learningRate ?? 0.001);
    this.beta1 = checkHyper('Adam', 'beta1', args.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkHyper('Adam', 'beta2', args.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkHyper('Adam', 'epsilon', args.epsilon ?? 1e-7, 0);
  }

  protected updateWeight(values: Float32Array, grad: Float32Array, [m, v]: Float32Array[], lr: number, step: number): void {
    kernel('adamUpdate')(values, grad, m, v, lr, this.beta1, this.beta2, this.epsilon, step, this.decay);
  }

  getConfig(): Record<string, unknown> {
    return { learning_rate: this.learningRateConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}

export class AdamW extends Adam {
  override readonly className: string = 'AdamW';
  protected override readonly decay: number;

  constructor(args: AdamWArgs = {}) {
    super(args);
    // Keras 3 default; the decay is scaled by the learning rate: p -= lr·wd·p before the Adam step.
    this.decay = checkHyper('AdamW', 'weightDecay', args.weightDecay ?? 0.004, 0);
  }

  get weightDecay(): number {
    return this.decay;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), weight_decay: this.decay };
  }
}

/** `adam({ learningRate: 1e-3 })`: Keras defaults beta1 0.9, beta2 0.999, epsilon 1e-7. */
export function adam(args: AdamArgs = {}): Adam {
  return new Adam(args);
}

/** `adamw({ weightDecay: 0.004 })`: Adam with decoupled weight decay (Keras 3 defaults). */
export function adamw(args: AdamWArgs = {}): AdamW {
  return new AdamW(args);
}
