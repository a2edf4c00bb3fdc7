/** Keras History: what fit returns — per-epoch logs keyed by name, and the epoch indices. */
import { Callback, type Logs } from './callback.js';

export class History extends Callback {
  /** e.g. { loss: [0.69, 0.52], accuracy: [0.5, 0.8], val_loss: [...] } */
  readonly history: Record<string, number[]> = {};
  readonly epoch: number[] = [];

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
