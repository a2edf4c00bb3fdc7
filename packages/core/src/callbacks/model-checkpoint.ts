/**
 * Keras ModelCheckpoint through a save hook: after each epoch (or only when `monitor` improved,
 * with saveBestOnly) calls `save(model, epoch, logs)`. Writing files is the hook's business.
 *
 * To resume a run exactly (Adam's moments, the shuffle order, the epoch), save the training
 * state too and resume from the directory:
 *
 *   model.fit(x, y, { epochs: 10, callbacks: [modelCheckpoint({ filepath: 'ckpt', saveTrainingState: true })] });
 *   // … later, after a crash or a stop:
 *   const model = await loadModel('ckpt');
 *   model.compile({ optimizer: 'adam', loss: '…' });              // the same optimizer as before
 *   await model.fit(x, y, { epochs: 10, resumeFrom: 'ckpt' });    // continues with the next epoch
 */
import { ValueError } from '../errors.js';
import { saveTrainingState } from '../io/training-state-files.js';
import { captureTrainingState, type StatefulModel } from '../model/training-state.js';
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
  /**
   * Also save the training state (optimizer step and buffers, shuffle generator, next epoch) as
   * training-state.json + .bin beside model.json, so `fit(x, y, { resumeFrom: filepath })`
   * continues bit-identically. Needs a directory `filepath` (Node). Default false.
   */
  saveTrainingState?: boolean;
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
    if (args.saveTrainingState && (typeof args.filepath !== 'string' || typeof args.save === 'function')) {
      throw new ValueError('modelCheckpoint({ saveTrainingState: true }) needs a directory filepath; with a save hook of your own, call captureTrainingState(model, epoch + 1) in it.');
    }
    this.save = args.save ?? saveTo(args.filepath!, args.saveTrainingState ?? false);
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
function saveTo(filepath: NonNullable<ModelCheckpointArgs['filepath']>, withState: boolean): NonNullable<ModelCheckpointArgs['save']> {
  return async (model, epoch) => {
    const target = model as TrainingModel & { save?: (destination: unknown) => Promise<unknown> };
    if (typeof target.save !== 'function') throw new ValueError('modelCheckpoint({ filepath }) needs a model with save(); pass your own save hook instead.');
    const destination = typeof filepath === 'string' ? filepath.replace(/\{epoch\}/g, String(epoch + 1)) : filepath;
    const saved = await target.save(destination);
    // The model first, then its state: a kill in between is detected when resuming (see training-state-files.ts).
    if (withState && typeof destination === 'string') {
      const weightPaths = (saved as { weightPaths?: string[] } | undefined)?.weightPaths ?? [];
      await saveTrainingState(destination, captureTrainingState(model as unknown as StatefulModel, epoch + 1), weightPaths);
    }
  };
}

export function modelCheckpoint(args: ModelCheckpointArgs): ModelCheckpoint {
  return new ModelCheckpoint(args);
}
