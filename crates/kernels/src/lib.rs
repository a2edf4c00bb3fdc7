//! Neurite's compute kernels, compiled to `wasm32-unknown-unknown` with `simd128`.
//!
//! Every kernel is a plain `extern "C"` function over raw pointers into linear memory plus integer
//! shapes; the TypeScript wrapper of the same name (`packages/kernels/src/kernels/<name>.ts`)
//! copies tensors in and out. Shapes are validated on the TypeScript side before the call, so the
//! kernels trust their arguments. A kernel module holds one op family, forward and backward.

pub mod memory;
mod shared_heap;
pub mod activation;
pub mod simd;
pub mod fused_activation;
pub mod matmul;
pub mod gemm;
pub mod gemm_kernel;
pub mod gemm_wide;
pub mod gemv;
pub mod dense_row;
pub mod conv_info;
pub mod conv2d;
pub mod conv2d_forward;
pub mod winograd;
pub mod winograd_output;
pub mod softmax;
pub mod embedding;
pub mod lstm_math;
pub mod lstm_gemm;
pub mod lstm;
pub mod lstm_layer;
pub mod embedding_lstm;
pub mod lstm_backward;
pub mod dropout;
pub mod optimizer;
pub mod loss;
pub mod depthwise;
pub mod pool;
pub mod batch_norm;
pub mod gemm_backprop;
pub mod conv2d_frame;
pub mod conv2d_grad_filter;
pub mod conv2d_grad_input;
pub mod conv2d_backprop;
pub mod conv2d_grad_winograd;
pub mod conv2d_grad_input_winograd;
pub mod conv2d_pool;
pub mod conv2d_pool_backward;
pub mod conv2d_pool_sparse;
// Only in the shared-memory build (rustup's wasm32-wasip1-threads, the one WASI target built).
#[cfg(target_os = "wasi")]
pub mod thread_helper;
