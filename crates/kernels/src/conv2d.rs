//! 2-D convolution (NHWC input, HWIO filter) forward with fused bias + activation. The backward
//! passes are in `conv2d_backprop.rs`.
//!
//! The HWIO filter reshaped to [filterH·filterW·inC, outC] is the GEMM's B matrix as it is, and
//! the output [pixels, outC] is NHWC as it is. Output pixels are processed in chunks whose im2col
//! rows (K = filterH·filterW·inC floats each) fill about 256 KB, so the patch matrix stays in cache.
//! The filter (the GEMM's B) is packed once per call and reused by every chunk.

use crate::conv_info::ConvInfo;
use crate::{conv2d_forward, winograd};
use crate::memory::{slice, slice_mut};

/// out = act(conv(x, filter) + bias); bias may be null.
///
/// 3×3 stride-1 convolutions with ≥ 16 channels go through Winograd F(2×2, 3×3) (`winograd.rs`),
/// the rest through the implicit GEMM of `conv2d_forward.rs`.
#[no_mangle]
pub extern "C" fn conv2d(x: *const f32, filter: *const f32, bias: *const f32, out: *mut f32, info: *const u32, act: u32) {
    let info = ConvInfo::read(info);
    let k = info.filter_h * info.filter_w * info.in_c;
    let n = info.out_c;
    let x = slice(x, info.x_len());
    let filter = slice(filter, k * n);
    let out = slice_mut(out, info.pixels() * n);
    let bias = if bias.is_null() { None } else { Some(slice(bias, n)) };
    if winograd::applies(&info) {
        winograd::conv2d(&info, x, filter, bias, out, act);
    } else {
        conv2d_forward::conv2d(&info, x, filter, bias, out, act);
    }
}
