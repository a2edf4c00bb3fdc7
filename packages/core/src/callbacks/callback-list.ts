/** Calls every callback's hook in order, awaiting each. */
import { Callback, type CallbackHooks, type Logs, type TrainingModel, type TrainingParams } from './callback.js';

export class CallbackList {
  constructor(private readonly callbacks: readonly CallbackHooks[]) {}

  setModel(model: TrainingModel): void {
    for (const cb of this.callbacks) if (cb instanceof Callback) cb.setModel(model);
  }

  setParams(params: TrainingParams): void {
    for (const cb of this.callbacks) if (cb instanceof Callback) cb.setParams(params);
  }

  async onTrainBegin(logs: Logs = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onTrainBegin?.(logs);
  }

  async onTrainEnd(logs: Logs = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onTrainEnd?.(logs);
  }

  async onEpochBegin(epoch: number, logs: Logs = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onEpochBegin?.(epoch, logs);
  }

  async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onEpochEnd?.(epoch, logs);
  }

  async onBatchBegin(batch: number, logs: Logs = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onBatchBegin?.(batch, logs);
  }

  async onBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onBatchEnd?.(batch, logs);
  }
}
