/** Training callbacks. */
export { Callback, type CallbackHooks, type Logs, type TrainingModel, type TrainingParams } from './callback.js';
export { CallbackList } from './callback-list.js';
export { History } from './history.js';
export { EarlyStopping, earlyStopping, type EarlyStoppingArgs } from './early-stopping.js';
export { LearningRateScheduler, learningRateScheduler, type EpochSchedule } from './learning-rate-scheduler.js';
export { ModelCheckpoint, modelCheckpoint, type ModelCheckpointArgs } from './model-checkpoint.js';
export { ProgressBarLogger, progressBarLogger, formatBar, formatDuration, formatLogs, type ProgressBarArgs } from './progress-bar.js';
export type { MonitorMode } from './monitor.js';
