/** Models: Sequential and its training loop. */
export { Sequential, sequential, type SequentialArgs, type CompileArgs, type PredictArgs } from './sequential.js';
export type { FitArgs } from './fit.js';
export { formatSummary } from './summary.js';
export { captureTrainingState, restoreTrainingState, type TrainingState } from './training-state.js';
