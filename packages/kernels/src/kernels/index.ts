/** Registry of the WASM kernels: one line per Rust export. */
import type { KernelSet } from '../kernel-set.js';
import { relu } from './relu.js';
import { reluBackward } from './relu-backward.js';
import { relu6 } from './relu6.js';
import { relu6Backward } from './relu6-backward.js';
import { matmul } from './matmul.js';
import { dense } from './dense.js';
import { biasGrad } from './bias-grad.js';
import { conv2d } from './conv2d.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackward } from './conv2d-backward.js';
import { conv2dMaxPool } from './conv2d-max-pool.js';
import { conv2dMaxPoolTrain } from './conv2d-max-pool-train.js';
import { conv2dMaxPoolBackward } from './conv2d-max-pool-backward.js';

import { sigmoid } from './sigmoid.js';
import { sigmoidBackward } from './sigmoid-backward.js';
import { tanh } from './tanh.js';
import { tanhBackward } from './tanh-backward.js';
import { softmax } from './softmax.js';
import { softmaxBackward } from './softmax-backward.js';
import { embedding } from './embedding.js';
import { embeddingBackward } from './embedding-backward.js';
import { lstmForward } from './lstm-forward.js';
import { lstmPredict } from './lstm-predict.js';
import { embeddingLstmPredict } from './embedding-lstm-predict.js';
import { embeddingLstm2Predict } from './embedding-lstm2-predict.js';
import { lstmBackward } from './lstm-backward.js';
import { dropoutMask } from './dropout-mask.js';
import { adamUpdate } from './adam-update.js';
import { sgdUpdate } from './sgd-update.js';
import { rmspropUpdate } from './rmsprop-update.js';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { meanSquaredError } from './mean-squared-error.js';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { depthwiseConv2dBackpropInput } from './depthwise-conv2d-backprop-input.js';
import { depthwiseConv2dBackpropFilter } from './depthwise-conv2d-backprop-filter.js';
import { maxPool } from './max-pool.js';
import { maxPoolBackward } from './max-pool-backward.js';
import { avgPool } from './avg-pool.js';
import { avgPoolBackward } from './avg-pool-backward.js';
import { globalAvgPool } from './global-avg-pool.js';
import { globalAvgPoolBackward } from './global-avg-pool-backward.js';
import { batchNormTrain } from './batch-norm-train.js';
import { batchNormInfer } from './batch-norm-infer.js';
import { batchNormBackward } from './batch-norm-backward.js';

export const wasmKernels: KernelSet = {
  relu,
  reluBackward,
  relu6,
  relu6Backward,
  matmul,
  dense,
  biasGrad,
  conv2d,
  conv2dBackpropInput,
  conv2dBackpropFilter,
  conv2dBackward,
  conv2dMaxPool,
  conv2dMaxPoolTrain,
  conv2dMaxPoolBackward,
  sigmoid,
  sigmoidBackward,
  tanh,
  tanhBackward,
  softmax,
  softmaxBackward,
  embedding,
  embeddingBackward,
  lstmForward,
  lstmPredict,
  embeddingLstmPredict,
  embeddingLstm2Predict,
  lstmBackward,
  dropoutMask,
  adamUpdate,
  sgdUpdate,
  rmspropUpdate,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  meanSquaredError,
  depthwiseConv2d,
  depthwiseConv2dBackpropInput,
  depthwiseConv2dBackpropFilter,
  maxPool,
  maxPoolBackward,
  avgPool,
  avgPoolBackward,
  globalAvgPool,
  globalAvgPoolBackward,
  batchNormTrain,
  batchNormInfer,
  batchNormBackward,
};
