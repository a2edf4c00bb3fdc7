/**
 * Keras ModelCheckpoint through a save hook: after each epoch (or only when `monitor` improved,
 * with saveBestOnly) calls `save(model, epoch, logs)`. Writing files is the hook's business.
 */
import { ValueError } from '../errors.js';
import { Callback, type Logs, type TrainingModel } from './callback.js';
import { isImprovement, resolveMode, type MonitorMode } from './monitor.js';

export interface ModelCheckpointArgs {
  save: (model: TrainingModel, epoch: number, logs: Logs) => void | Promise<void>;
  monitor?: string;
  saveBestOnly?: boolean;
  mode?: MonitorMode;
}

export class ModelCheckpoint extends Callback {
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  private readonly mode: 'min' | 'max';
  private readonly save: ModelCheckpointArgs['save'];
  best = Infinity;

  constructor(args: ModelCheckpointArgs) {
    super();
    if (typeof args?.save !== 'function') throw new ValueError('modelCheckpoint needs a save(model, epoch, logs) function.');
    this.save = args.save;
    this.monitor = args.monitor ?? 'val_loss';
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.mode = resolveMode(this.monitor, args.mode ?? 'auto');
  }

  onTrainBegin(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    const available = this.params?.metrics;
    if (this.saveBestOnly && available && !available.includes(this.monitor)) {
      throw new ValueError(`modelCheckpoint monitors '${this.monitor}', which this fit does not produce. Available: ${available.join(', ')}.`);
    }
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined || !isImprovement(current, this.best, this.mode, 0)) return;
      this.best = current;
    }
    await this.save(this.requireModel(), epoch, logs);
  }
}

export function modelCheckpoint(args: ModelCheckpointArgs): ModelCheckpoint {
  return new ModelCheckpoint(args);
}
