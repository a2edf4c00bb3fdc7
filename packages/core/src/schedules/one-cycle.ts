/**
 * The 1cycle policy (Smith & Topin 2018) with PyTorch OneCycleLR's two-phase cosine semantics:
 * start at maxLearningRate / divFactor, anneal up to maxLearningRate over the first
 * pctStart · totalSteps steps, then anneal down to start / finalDivFactor at step totalSteps - 1.
 * Steps past the end hold the final rate (PyTorch raises there instead).
 */
import { ValueError } from '../errors.js';
import { checkPositive } from './exponential-decay.js';
import type { LearningRateSchedule } from './schedule.js';

export interface OneCycleArgs {
  maxLearningRate: number;
  totalSteps: number;
  /** Fraction of the steps spent increasing the rate (default 0.3). */
  pctStart?: number;
  /** Initial rate = maxLearningRate / divFactor (default 25). */
  divFactor?: number;
  /** Final rate = initial rate / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
}

/** Cosine interpolation from `start` (pct 0) to `end` (pct 1). */
function cosineAnneal(start: number, end: number, pct: number): number {
  return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
}

export function oneCycle(args: OneCycleArgs): LearningRateSchedule {
  const { maxLearningRate, totalSteps, pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4 } = args;
  checkPositive('oneCycle', 'maxLearningRate', maxLearningRate);
  if (!Number.isInteger(totalSteps) || totalSteps < 2) throw new ValueError(`oneCycle: totalSteps must be a whole number ≥ 2, got ${totalSteps}.`);
  if (!(pctStart > 0 && pctStart < 1)) throw new ValueError(`oneCycle: pctStart must be in (0, 1), got ${pctStart}.`);
  checkPositive('oneCycle', 'divFactor', divFactor);
  checkPositive('oneCycle', 'finalDivFactor', finalDivFactor);

  const initial = maxLearningRate / divFactor;
  const final = initial / finalDivFactor;
  // PyTorch: phase ends at float(pct_start * total_steps) - 1 and total_steps - 1.
  const warmEnd = pctStart * totalSteps - 1;
  const end = totalSteps - 1;
  return function oneCycleSchedule(step: number): number {
    if (step <= warmEnd) return cosineAnneal(initial, maxLearningRate, warmEnd > 0 ? step / warmEnd : 1);
    return cosineAnneal(maxLearningRate, final, (Math.min(step, end) - warmEnd) / (end - warmEnd));
  };
}
