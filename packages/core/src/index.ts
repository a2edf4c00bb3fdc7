export { NeuriteError, ShapeError, DTypeError, ValueError, NotCompiledError, UnknownNameError, GradientError, formatShape } from './errors.js';
export { Tensor, tensor, scalar, zeros, ones, fill, sizeOf, type DType, type Shape, type TypedArray, type NestedArray, type TensorLike } from './tensor.js';
export { Variable, variable } from './variable.js';
export { valueAndGrads, grads, grad, noGrad, record, isRecording, type BackwardFn, type ValueAndGrads } from './tape.js';
export { Random, setSeed, globalRng, nextSeed } from './random.js';
export * from './initializers/index.js';
export { Layer, resetLayerNames, toSnakeCase, registerLayer, getLayerClass, registeredLayerNames, type LayerArgs, type CallArgs, type InputSpec, type LayerShape, type LayerConfig, type LayerClass } from './layers/index.js';
export * as layers from './layers/index.js';
export { convBatchNormInfer } from './layers/conv-batch-norm.js';
export * from './ops/index.js';
export { Activation } from '@neurite/kernels';
// A batch too large for WebAssembly memory throws this (catchable; the next call works).
export { KernelMemoryError } from '@neurite/kernels';
export { checkGradients, assertGradients, type GradientCheckOptions, type GradientCheckResult } from './gradient-check.js';
export { TrainingDivergedError } from './errors.js';
export { Sequential, sequential, type SequentialArgs, type CompileArgs, type PredictArgs, type FitArgs } from './model/index.js';
export { captureTrainingState, restoreTrainingState, type TrainingState } from './model/index.js';
export { markKeepsNoTensors } from './model/recycling.js';
export { loadTrainingState } from './io/index.js';
export { loadModel, saveModel, modelToArtifacts, artifactsToModelJson, ModelFormatError, WeightDataError, ModelIOError, UnknownLayerError, DEFAULT_MAX_WEIGHT_BYTES, DEFAULT_MAX_JSON_BYTES } from './io/index.js';
export type { SaveOptions, QuantizeOptions, Quantization, QuantizationDType } from './io/index.js';
export type { LoadModelOptions, SaveDestination, SaveHandler, ModelArtifacts, ModelJSON, WeightSpec, WeightsManifestGroup, FileSaveResult, ModelSource, InMemoryModel, LoadHandler, CustomLayers } from './io/index.js';
export { Callback, History, earlyStopping, learningRateScheduler, modelCheckpoint, progressBarLogger, type CallbackHooks, type Logs } from './callbacks/index.js';
export { Optimizer, adam, adamw, sgd, rmsprop } from './optimizers/index.js';
export type { LearningRate, LearningRateSchedule } from './schedules/index.js';
export * as optimizers from './optimizers/index.js';
export * as losses from './losses/index.js';
export * as metrics from './metrics/index.js';
export * as callbacks from './callbacks/index.js';
export * as schedules from './schedules/index.js';
// Two threads inside the kernels (Node 20.16+): `await enableThreads()` (see @neurite/kernels).
export { enableThreads, threadsStatus, type ThreadsStatus } from '@neurite/kernels';
// Data parallelism on worker threads (issue #7): `await createWorkerPool({ threads: 2 })`.
export { createWorkerPool, WorkerPool, WorkerPoolError, type WorkerPoolOptions } from './parallel/index.js';
export type { BatchGradients } from './model/fit.js';
