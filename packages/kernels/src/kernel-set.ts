/**
 * The contract every kernel implementation meets: the WASM SIMD kernels (`src/kernels/`) and the
 * plain TypeScript reference kernels (`src/reference/`) both export exactly these functions, and
 * one test suite runs against both.
 *
 * Conventions:
 * - Tensors are flat row-major typed arrays; images are NHWC; conv filters are HWIO
 *   `[filterH, filterW, inC, outC]` (Keras/TensorFlow layout); depthwise filters are
 *   `[filterH, filterW, inC, multiplier]` with output channel `c * multiplier + m`.
 * - Outputs are arrays the caller allocates with the right length; kernels overwrite them
 *   completely (gradients are written, never accumulated), unless a doc says otherwise.
 * - Padding is given explicitly (`padTop`, `padLeft`, `outH`, `outW`); `conv-geometry.ts`
 *   computes them from Keras' 'valid' / 'same'. Out-of-image taps read as 0 (conv) or are
 *   skipped (pooling).
 * - Each function maps 1:1 to a Rust export of the same name in snake_case
 *   (`conv2dBackpropInput` ↔ `conv2d_backprop_input`).
 */

/** Fused activation applied after a conv/dense bias add. Values match the Rust enum. */
export enum Activation {
  Linear = 0,
  Relu = 1,
  Sigmoid = 2,
  Tanh = 3,
  /** min(max(x, 0), 6), forward kernels only (no fused gradient: conv2dBackward rejects it). */
  Relu6 = 4,
}

/** Geometry of a 2-D convolution or pooling window over an NHWC batch. */
export interface Conv2DInfo {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  filterH: number;
  filterW: number;
  /** Output channels (conv2d), channel multiplier (depthwise) or inC (pooling). */
  outC: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padLeft: number;
  outH: number;
  outW: number;
}

/**
 * What lstmForward keeps for lstmBackward: every step's cell state c [batch,steps,u] and
 * post-activation gates [batch,steps,4u] (i, f, g, o), wherever the kernel set keeps them (the
 * WASM kernels keep them in WASM memory: the seed LSTM would copy 12 MB out and back in a step).
 */
export interface LstmCells {
  readonly batch: number;
  readonly steps: number;
  readonly units: number;
  /** Copies of c and gates (for tests and inspection). */
  read(): { c: Float32Array; gates: Float32Array };
}

export interface KernelSet {
  // ---- matmul / dense -------------------------------------------------------------------
  /** out[b] = op(a[b]) · op(b[b]); a is [batch,m,k] ([batch,k,m] if transA), b is [batch,k,n] ([batch,n,k] if transB), out [batch,m,n]. */
  matmul(a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, k: number, n: number, transA: boolean, transB: boolean): void;
  /** out = act(x · kernel + bias); x [rows,inDim], kernel [inDim,outDim], bias [outDim] or null. */
  dense(x: Float32Array, kernel: Float32Array, bias: Float32Array | null, out: Float32Array, rows: number, inDim: number, outDim: number, act: Activation): void;
  /** dbias[j] = Σ_rows dy[r,j]; the bias gradient of dense and conv layers. */
  biasGrad(dy: Float32Array, dbias: Float32Array, rows: number, cols: number): void;

  // ---- convolution ----------------------------------------------------------------------
  /** out = act(conv(x, filter) + bias); out [batch,outH,outW,outC]. */
  conv2d(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation): void;
  /** dx from dy (pre-activation gradient) and filter. */
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void;
  /** dfilter from x and dy (pre-activation gradient). */
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dfilter: Float32Array, info: Conv2DInfo): void;
  /**
   * A conv layer's whole backward for out = act(conv(x, filter) + bias), in one call: dz = act'(y)·dy
   * with y = out (null allowed only for Activation.Linear), then dfilter, dbias = Σ dz per output
   * channel and dx = the input gradient of dz; dx and dbias may be null when not wanted.
   */
  conv2dBackward(x: Float32Array, filter: Float32Array, y: Float32Array | null, dy: Float32Array, act: Activation, dx: Float32Array | null, dfilter: Float32Array, dbias: Float32Array | null, info: Conv2DInfo): void;
  /**
   * Inference fusion of conv2d and the 2×2, stride-2, 'valid' max pooling of its output: out
   * [batch, ⌊outH/2⌋, ⌊outW/2⌋, outC] = maxPool(act(conv(x, filter) + bias)), bit-identical to the
   * two kernels in turn (info is the convolution's geometry, outH and outW ≥ 2). No argmax: not
   * for training.
   */
  conv2dMaxPool(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation): void;
  /**
   * Training form of conv2dMaxPool (act Linear or Relu only): out as conv2dMaxPool, and taps[o]
   * (same length as out) = which tap of the window won, 0..3 row-major (the first max, as
   * maxPool's argmax), or -1 where act is Relu and the max is not > 0 (relu's gradient is 0).
   */
  conv2dMaxPoolTrain(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, taps: Int32Array, info: Conv2DInfo, act: Activation): void;
  /**
   * Backward of conv2dMaxPoolTrain for the pooled gradient dy (out-sized): routes dy[o] to tap
   * taps[o] of its window (nothing for -1), then the filter, bias (unless null) and input (unless
   * null) gradients as conv2dBackward with a linear activation — equal to maxPoolBackward then
   * conv2dBackward (to float32 rounding: without dx, a small first layer — at most 4 input
   * channels, no padding — sums its filter and bias gradients window by window from the taps).
   * A tap outside -1..3 is a KernelArgumentError.
   */
  conv2dMaxPoolBackward(x: Float32Array, filter: Float32Array, taps: Int32Array, dy: Float32Array, dx: Float32Array | null, dfilter: Float32Array, dbias: Float32Array | null, info: Conv2DInfo): void;
  /** Depthwise: info.outC is the channel multiplier; out [batch,outH,outW,inC*mult]. */
  depthwiseConv2d(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation): void;
  depthwiseConv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void;
  depthwiseConv2dBackpropFilter(x: Float32Array, dy: Float32Array, dfilter: Float32Array, info: Conv2DInfo): void;

  // ---- pooling (info.outC === info.inC) -------------------------------------------------
  /** out = window max; argmax[o] = flat index into x of the chosen element (first max wins). */
  maxPool(x: Float32Array, out: Float32Array, argmax: Int32Array, info: Conv2DInfo): void;
  /** dx = scatter-add of dy at argmax (dx zeroed first). */
  maxPoolBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array, info: Conv2DInfo): void;
  /** Average over in-image taps only (Keras/TF 'same' semantics). */
  avgPool(x: Float32Array, out: Float32Array, info: Conv2DInfo): void;
  avgPoolBackward(dy: Float32Array, dx: Float32Array, info: Conv2DInfo): void;
  /** x [batch,spatial,channels] → out [batch,channels] (mean over spatial). */
  globalAvgPool(x: Float32Array, out: Float32Array, batch: number, spatial: number, channels: number): void;
  globalAvgPoolBackward(dy: Float32Array, dx: Float32Array, batch: number, spatial: number, channels: number): void;

  // ---- batch normalisation over the last axis; x is [rows, channels] ------------------------
  /** Training mode: batch statistics (biased variance) written to mean/variance; out normalised with them. */
  batchNormTrain(x: Float32Array, gamma: Float32Array, beta: Float32Array, out: Float32Array, mean: Float32Array, variance: Float32Array, rows: number, channels: number, epsilon: number): void;
  /** Inference mode: out = gamma * (x - mean) / sqrt(variance + epsilon) + beta. */
  batchNormInfer(x: Float32Array, gamma: Float32Array, beta: Float32Array, mean: Float32Array, variance: Float32Array, out: Float32Array, rows: number, channels: number, epsilon: number): void;
  /** Backward of batchNormTrain (batch statistics are functions of x). */
  batchNormBackward(x: Float32Array, dy: Float32Array, gamma: Float32Array, mean: Float32Array, variance: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array, rows: number, channels: number, epsilon: number): void;

  // ---- activations ----------------------------------------------------------------------
  relu(x: Float32Array, out: Float32Array): void;
  /** y is relu's output. */
  reluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /** min(max(x, 0), 6); NaN stays NaN, -0 becomes +0. */
  relu6(x: Float32Array, out: Float32Array): void;
  /** x is relu6's INPUT (unlike reluBackward): dx = dy where 0 < x ≤ 6, else 0 (TF.js' Relu6 gradient: 1 at x = 6, 0 at x = 0). */
  relu6Backward(x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  sigmoid(x: Float32Array, out: Float32Array): void;
  /** y is sigmoid's output: dx = dy * y * (1 - y). */
  sigmoidBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  tanh(x: Float32Array, out: Float32Array): void;
  /** y is tanh's output: dx = dy * (1 - y²). */
  tanhBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /** Row-wise softmax of x [rows, cols], max-subtracted. */
  softmax(x: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** y is softmax's output: dx = y * (dy - Σ dy·y) per row. */
  softmaxBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, cols: number): void;

  // ---- embedding ------------------------------------------------------------------------
  /** out[i,:] = table[ids[i],:]; table [vocab,dim], ids [n] each in [0, vocab). */
  embedding(table: Float32Array, ids: Int32Array, out: Float32Array, n: number, dim: number, vocab: number): void;
  /** dtable = zeros, then dtable[ids[i],:] += dy[i,:]. */
  embeddingBackward(ids: Int32Array, dy: Float32Array, dtable: Float32Array, n: number, dim: number, vocab: number): void;

  // ---- LSTM (Keras gate order i, f, c, o; sigmoid recurrent activation, tanh activation) ----
  /**
   * Runs a whole sequence from zero state. x [batch,steps,inDim], kernel [inDim,4u],
   * recurrentKernel [u,4u], bias [4u]. Writes every step's h [batch,steps,u] and returns what the
   * backward pass needs (every step's c and gates, see LstmCells).
   */
  lstmForward(x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, h: Float32Array, batch: number, steps: number, inDim: number, units: number): LstmCells;
  /**
   * Inference: the same sequence as lstmForward, writing only h — every step's [batch,steps,u]
   * when returnSequences, else the last step's [batch,u] — and nothing for a backward pass.
   */
  lstmPredict(x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, h: Float32Array, batch: number, steps: number, inDim: number, units: number, returnSequences: boolean): void;
  /**
   * lstmPredict of embedding rows (Embedding → LSTM at inference): x[b,t,:] = embeddings[ids[b,t],:],
   * ids [batch,steps] each in [0, vocab), embeddings [vocab,inDim]. The WASM kernel keeps
   * bias + embeddings·kernel per id in WASM memory across calls while the three arrays are
   * registered as resident and unchanged (their resident versions), so a step reads rows instead
   * of multiplying; results equal lstmPredict's within float32 rounding.
   */
  embeddingLstmPredict(ids: Int32Array, embeddings: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, h: Float32Array, batch: number, steps: number, vocab: number, inDim: number, units: number, returnSequences: boolean): void;
  /**
   * Two stacked LSTM layers on embedding rows (Embedding → LSTM → LSTM at inference):
   * embeddingLstmPredict with every step's h [batch,steps,units], then lstmPredict of that with
   * kernel2 [units,4·units2], recurrentKernel2 [units2,4·units2], bias2 [4·units2] into h
   * ([batch,steps,units2] when returnSequences, else [batch,units2]). The WASM kernel keeps the
   * first layer's h in WASM memory (no copy out and back) and equals the two calls bit for bit.
   */
  embeddingLstm2Predict(ids: Int32Array, embeddings: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, kernel2: Float32Array, recurrentKernel2: Float32Array, bias2: Float32Array, h: Float32Array, batch: number, steps: number, vocab: number, inDim: number, units: number, units2: number, returnSequences: boolean): void;
  /**
   * Backpropagation through time, from lstmForward's h and cells. dh [batch,steps,u] is the loss
   * gradient w.r.t. every step's output h (zeros where an output was not used). Writes dx,
   * dkernel, drecurrentKernel, dbias.
   */
  lstmBackward(x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, h: Float32Array, cells: LstmCells, dh: Float32Array, dx: Float32Array, dkernel: Float32Array, drecurrentKernel: Float32Array, dbias: Float32Array, batch: number, steps: number, inDim: number, units: number): void;

  // ---- dropout --------------------------------------------------------------------------
  /** mask[i] = 0 with probability rate, else 1/(1-rate); bit-identical in Rust and TS for a seed (see dropout-mask.ts). */
  dropoutMask(mask: Float32Array, rate: number, seed: number): void;

  // ---- optimizers: update params in place ---------------------------------------------------
  /**
   * tfjs/Keras Adam; step is 1-based; weightDecay > 0 gives AdamW (decoupled: p -= lr*wd*p first).
   * The WASM kernels leave the update of m and v registered as resident in their WASM copies only:
   * call syncResident(m) before reading them.
   */
  adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, epsilon: number, step: number, weightDecay: number): void;
  /** Keras SGD: v = momentum*v - lr*g; p += v (nesterov: p += momentum*v - lr*g). */
  sgdUpdate(param: Float32Array, grad: Float32Array, velocity: Float32Array, lr: number, momentum: number, nesterov: boolean): void;
  /** tfjs/Keras RMSprop: ms = rho*ms + (1-rho)g²; mom = momentum*mom + lr*g/sqrt(ms+eps); p -= mom. */
  rmspropUpdate(param: Float32Array, grad: Float32Array, meanSquare: Float32Array, momentumBuf: Float32Array, lr: number, rho: number, momentum: number, epsilon: number): void;

  // ---- losses: return the mean loss and write d(mean loss)/d(yPred) ---------------------------
  /** Keras binary_crossentropy on probabilities (clipped to [1e-7, 1-1e-7]); mean over all n. */
  binaryCrossentropy(yTrue: Float32Array, yPred: Float32Array, grad: Float32Array): number;
  /** Keras categorical_crossentropy on probabilities [rows, cols]; mean over rows. */
  categoricalCrossentropy(yTrue: Float32Array, yPred: Float32Array, grad: Float32Array, rows: number, cols: number): number;
  /** labels [rows] are class indices in [0, cols). */
  sparseCategoricalCrossentropy(labels: Int32Array, yPred: Float32Array, grad: Float32Array, rows: number, cols: number): number;
  /** Mean squared error over all n. */
  meanSquaredError(yTrue: Float32Array, yPred: Float32Array, grad: Float32Array): number;
}

export type KernelName = keyof KernelSet;
