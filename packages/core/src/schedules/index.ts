/** Learning-rate schedules: pure functions of the optimizer step. */
export type { LearningRate, LearningRateSchedule } from './schedule.js';
export { exponentialDecay, type ExponentialDecayArgs } from './exponential-decay.js';
export { cosineDecay, type CosineDecayArgs } from './cosine-decay.js';
export { oneCycle, type OneCycleArgs } from './one-cycle.js';
