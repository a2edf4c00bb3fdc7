/** Shared by earlyStopping and modelCheckpoint: which direction of a monitored value is better. */
import { ValueError } from '../errors.js';

export type MonitorMode = 'auto' | 'min' | 'max';

/** Keras 'auto': maximise accuracy-like quantities, minimise everything else (losses). */
export function resolveMode(monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto') throw new ValueError(`mode must be 'auto', 'min' or 'max', got '${String(mode)}'.`);
  return /(acc|accuracy|auc)$/.test(monitor) ? 'max' : 'min';
}

/** True when `current` beats `reference` by more than `minDelta` in direction `mode`. */
export function isImprovement(current: number, reference: number, mode: 'min' | 'max', minDelta: number): boolean {
  return mode === 'min' ? current < reference - minDelta : current > reference + minDelta;
}
