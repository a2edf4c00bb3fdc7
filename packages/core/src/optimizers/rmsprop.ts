/** RMSprop (Hinton), uncentered, with Keras defaults: lr 0.001, rho 0.9, momentum 0, epsilon 1e-7. */
import { kernel } from '../ops/kernel.js';
import type { LearningRate } from '../schedules/schedule.js';
import { checkHyper, Optimizer } from './optimizer.js';

export interface RMSpropArgs {
  learningRate?: LearningRate;
  rho?: number;
  momentum?: number;
  epsilon?: number;
}

export class RMSprop extends Optimizer {
  readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  protected readonly slotCount = 2;

  constructor(args: RMSpropArgs = {}) {
    super(args.learningRate ?? 0.001);
    this.rho = checkHyper('RMSprop', 'rho', args.rho ?? 0.9, 0, 1);
    this.momentum = checkHyper('RMSprop', 'momentum', args.momentum ?? 0, 0, 1);
    this.epsilon = checkHyper('RMSprop', 'epsilon', args.epsilon ?? 1e-7, 0);
  }

  protected updateWeight(values: Float32Array, grad: Float32Array, [meanSquare, mom]: Float32Array[], lr: number): void {
    kernel('rmspropUpdate')(values, grad, meanSquare, mom, lr, this.rho, this.momentum, this.epsilon);
  }

  getConfig(): Record<string, unknown> {
    return { learning_rate: this.learningRateConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon };
  }
}

/** `rmsprop({ learningRate: 0.001 })`. */
export function rmsprop(args: RMSpropArgs = {}): RMSprop {
  return new RMSprop(args);
}
