/** Public differentiable ops. */
export { add, sub, mul, div, maximum, minimum, pow, asTensor, type TensorOrNumber } from './arithmetic.js';
export { neg, exp, log, sqrt, square, abs, softplus, elu, leakyRelu, clipByValue, hardSigmoid, softsign, scale } from './unary.js';
export { relu, relu6, sigmoid, tanh, softmax, linear, getActivation, checkActivation, type ActivationName } from './activations.js';
export { reshape, transpose, concat, slice, expandDims, squeeze, reverse } from './shape.js';
export { sum, mean, max } from './reduce.js';
export { matmul, dense } from './matmul.js';
export { conv2d, depthwiseConv2d, type ConvOptions } from './conv.js';
export { maxPool, avgPool, globalAvgPool } from './pool.js';
export { batchNormTrain, batchNormInfer, type BatchNormTrainResult } from './batch-norm.js';
export { embeddingLookup } from './gather.js';
export { lstm, type LSTMOptions } from './lstm.js';
export { dropout } from './dropout.js';
export { type Padding } from './conv-geometry.js';
export { imageTransform, type FillMode, type Interpolation } from './image-transform.js';
