/**
 * Keras CosineDecay (SGDR without restarts, Loshchilov & Hutter), with the optional linear warmup
 * of Keras 3: from `initialLearningRate` up to `warmupTarget` over `warmupSteps`, then a cosine
 * from `warmupTarget` down to `alpha · warmupTarget` over `decaySteps`, then held there.
 */
import { ValueError } from '../errors.js';
import { checkPositive } from './exponential-decay.js';
import type { LearningRateSchedule } from './schedule.js';

export interface CosineDecayArgs {
  initialLearningRate: number;
  decaySteps: number;
  /** Final learning rate as a fraction of the decay's start (default 0). */
  alpha?: number;
  /** Learning rate reached at the end of the warmup; no warmup when omitted. */
  warmupTarget?: number;
  warmupSteps?: number;
}

export function cosineDecay(args: CosineDecayArgs): LearningRateSchedule {
  const { initialLearningRate, decaySteps, alpha = 0, warmupTarget, warmupSteps = 0 } = args;
  checkPositive('cosineDecay', 'initialLearningRate', initialLearningRate, true);
  checkPositive('cosineDecay', 'decaySteps', decaySteps);
  if (!(alpha >= 0 && alpha <= 1)) throw new ValueError(`cosineDecay: alpha must be in [0, 1], got ${alpha}.`);
  checkPositive('cosineDecay', 'warmupSteps', warmupSteps, true);
  if (warmupTarget !== undefined) checkPositive('cosineDecay', 'warmupTarget', warmupTarget, true);

  const decay = (lr: number, step: number): number => {
    const cosine = 0.5 * (1 + Math.cos((Math.PI * Math.min(step, decaySteps)) / decaySteps));
    return lr * ((1 - alpha) * cosine + alpha);
  };
  return function cosineDecaySchedule(step: number): number {
    if (warmupTarget === undefined) return decay(initialLearningRate, step);
    if (step < warmupSteps) return initialLearningRate + ((warmupTarget - initialLearningRate) * step) / warmupSteps;
    return decay(warmupTarget, step - warmupSteps);
  };
}
