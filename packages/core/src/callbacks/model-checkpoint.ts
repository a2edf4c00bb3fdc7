/**
 * Keras ModelCheckpoint through a save hook: after each epoch (or only when `monitor` improved,
 * with saveBestOnly) calls `save(model, epoch, logs)`. Writing files is the hook's business.
 */
import { ValueError } from '../errors.js';
import { Callback, type Logs, type TrainingModel } from './callback.js';
import { isImprovement, resolveMode, type MonitorMode } from './monitor.js';

export interface ModelCheckpointArgs {
  /** Where to save with model.save(): a directory (`{epoch}` is replaced by the 1-based epoch), 'memory' or a handler. */
  filepath?: string | { save(artifacts: unknown): unknown };
  /** Or a save hook of your own. One of filepath / save is needed. */
  save?: (model: TrainingModel, epoch: number, logs: Logs) => void | Promise<void>;
  monitor?: string;
  saveBestOnly?: boolean;
  mode?: MonitorMode;
}

export class ModelCheckpoint extends Callback {
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  private readonly mode: 'min' | 'max';
  private readonly save: NonNullable<ModelCheckpointArgs['save']>;
  best = Infinity;

  constructor(args: ModelCheckpointArgs) {
    super();
    if (typeof args?.save !== 'function' && args?.filepath === undefined) throw new ValueError("modelCheckpoint needs { filepath: 'checkpoints/' } or a save(model, epoch, logs) function.");
    this.save = args.save ?? saveTo(args.filepath!);
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

/** A save hook calling the model's own save() (the TF.js layers format, atomic in a directory). */
function saveTo(filepath: NonNullable<ModelCheckpointArgs['filepath']>): NonNullable<ModelCheckpointArgs['save']> {
  return async (model, epoch) => {
    const target = model as TrainingModel & { save?: (destination: unknown) => Promise<unknown> };
    if (typeof target.save !== 'function') throw new ValueError('modelCheckpoint({ filepath }) needs a model with save(); pass your own save hook instead.');
    await target.save(typeof filepath === 'string' ? filepath.replace(/\{epoch\}/g, String(epoch + 1)) : filepath);
  };
}

export function modelCheckpoint(args: ModelCheckpointArgs): ModelCheckpoint {
  return new ModelCheckpoint(args);
}
