/**
 * Keras LearningRateScheduler: before each epoch, sets the optimizer's learning rate to
 * `schedule(epoch, currentLearningRate)`; the rate used is logged as 'learning_rate'.
 */
import { ValueError } from '../errors.js';
import { Callback, type Logs } from './callback.js';

export type EpochSchedule = (epoch: number, learningRate: number) => number;

export class LearningRateScheduler extends Callback {
  constructor(
    private readonly schedule: EpochSchedule,
    private readonly verbose = 0,
  ) {
    super();
  }

  onEpochBegin(epoch: number): void {
    const optimizer = this.requireModel().optimizer;
    if (optimizer === null) throw new ValueError('learningRateScheduler needs a compiled model (it sets the optimizer learning rate).');
    if (typeof optimizer.learningRate !== 'number') {
      throw new ValueError('learningRateScheduler cannot be combined with an optimizer whose learningRate is already a schedule; use one or the other.');
    }
    const lr = this.schedule(epoch, optimizer.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new ValueError(`learningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; it must return a finite number ≥ 0.`);
    }
    optimizer.learningRate = lr;
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: learningRateScheduler setting learning rate to ${lr}.`);
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    const lr = this.model?.optimizer?.learningRate;
    if (typeof lr === 'number') logs.learning_rate = lr;
  }
}

/** `learningRateScheduler((epoch, lr) => epoch < 10 ? lr : lr * Math.exp(-0.1))`. */
export function learningRateScheduler(schedule: EpochSchedule, verbose = 0): LearningRateScheduler {
  return new LearningRateScheduler(schedule, verbose);
}
