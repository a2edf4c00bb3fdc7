/** Keras ExponentialDecay: lr = initial · rate^(step / decaySteps), floored exponent if staircase. */
import { ValueError } from '../errors.js';
import type { LearningRateSchedule } from './schedule.js';

export interface ExponentialDecayArgs {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
}

export function exponentialDecay(args: ExponentialDecayArgs): LearningRateSchedule {
  const { initialLearningRate, decaySteps, decayRate, staircase = false } = args;
  checkPositive('exponentialDecay', 'initialLearningRate', initialLearningRate, true);
  checkPositive('exponentialDecay', 'decaySteps', decaySteps);
  checkPositive('exponentialDecay', 'decayRate', decayRate);
  return function exponentialDecaySchedule(step: number): number {
    const p = step / decaySteps;
    return initialLearningRate * Math.pow(decayRate, staircase ? Math.floor(p) : p);
  };
}

/** Throws a ValueError unless `value` is finite and > 0 (≥ 0 if `allowZero`). */
export function checkPositive(schedule: string, name: string, value: number, allowZero = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
    throw new ValueError(`${schedule}: ${name} must be a finite number ${allowZero ? '≥' : '>'} 0, got ${String(value)}.`);
  }
}
