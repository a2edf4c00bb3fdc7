/**
 * Keras EarlyStopping: stop when `monitor` has not improved by more than `minDelta` for
 * `patience` epochs; optionally restore the weights of the best epoch when training ends.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { Callback, type Logs } from './callback.js';
import { isImprovement, resolveMode, type MonitorMode } from './monitor.js';

export interface EarlyStoppingArgs {
  monitor?: string;
  minDelta?: number;
  patience?: number;
  verbose?: number;
  mode?: MonitorMode;
  /** Training stops if the monitored value does not beat this within `patience` epochs. */
  baseline?: number;
  restoreBestWeights?: boolean;
  /** Epochs to wait before monitoring starts (warm-up). */
  startFromEpoch?: number;
}

export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: 'min' | 'max';
  readonly baseline: number | undefined;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** Epoch at which training was stopped (0 if it was not). */
  stoppedEpoch = 0;
  bestEpoch = 0;
  best = Infinity;
  private wait = 0;
  private bestWeights: Tensor[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ValueError(`earlyStopping: patience must be a whole number ≥ 0, got ${this.patience}.`);
    this.verbose = args.verbose ?? 0;
    this.mode = resolveMode(this.monitor, args.mode ?? 'auto');
    this.baseline = args.baseline;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = args.startFromEpoch ?? 0;
  }

  onTrainBegin(): void {
    const available = this.params?.metrics;
    if (available && !available.includes(this.monitor)) {
      const hint = this.monitor.startsWith('val_') ? ' Validation values need validationData or validationSplit in fit().' : '';
      throw new ValueError(`earlyStopping monitors '${this.monitor}', which this fit does not produce. Available: ${available.join(', ')}.${hint}`);
    }
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestEpoch = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestWeights = null;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const current = logs[this.monitor];
    if (current === undefined || epoch < this.startFromEpoch) return;
    const model = this.requireModel();
    if (this.restoreBestWeights && this.bestWeights === null) {
      // If no epoch ever improves, the first monitored weights count as the best.
      this.bestWeights = model.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait++;
    if (isImprovement(current, this.best, this.mode, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = model.getWeights();
      // Only restart the wait when both the previous best and the baseline are beaten.
      if (this.baseline === undefined || isImprovement(current, this.baseline, this.mode, this.minDelta)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.requireModel().setWeights(this.bestWeights);
    }
  }
}

/** `earlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true })`. */
export function earlyStopping(args: EarlyStoppingArgs = {}): EarlyStopping {
  return new EarlyStopping(args);
}
