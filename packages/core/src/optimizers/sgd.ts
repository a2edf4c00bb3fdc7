/** Stochastic gradient descent with optional (Nesterov) momentum, Keras semantics and defaults. */
import { kernel } from '../ops/kernel.js';
import type { LearningRate } from '../schedules/schedule.js';
import { checkHyper, Optimizer } from './optimizer.js';

export interface SGDArgs {
  learningRate?: LearningRate;
  momentum?: number;
  nesterov?: boolean;
}

export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  protected readonly slotCount = 1;

  constructor(args: SGDArgs = {}) {
    super(args.learningRate ?? 0.01);
    this.momentum = checkHyper('SGD', 'momentum', args.momentum ?? 0, 0, 1);
    this.nesterov = args.nesterov ?? false;
  }

  protected updateWeight(values: Float32Array, grad: Float32Array, [velocity]: Float32Array[], lr: number): void {
    kernel('sgdUpdate')(values, grad, velocity, lr, this.momentum, this.nesterov);
  }

  getConfig(): Record<string, unknown> {
    return { learning_rate: this.learningRateConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}

/** `sgd({ learningRate: 0.01, momentum: 0.9, nesterov: true })`. */
export function sgd(args: SGDArgs = {}): SGD {
  return new SGD(args);
}
