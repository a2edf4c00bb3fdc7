//! 2-D convolution (NHWC input, HWIO filter) forward with fused bias + activation, and both
//! backward passes, as im2col into the blocked GEMM.
//!
//! The HWIO filter reshaped to [filterH·filterW·inC, outC] is the GEMM's B matrix as it is, and
//! the output [pixels, outC] is NHWC as it is. Output pixels are processed in chunks whose im2col
//! rows (K = filterH·filterW·inC floats each) fill about 256 KB, so the patch matrix stays in cache.
//! The filter (the GEMM's B) is packed once per call and reused by every chunk.

use crate::conv_info::ConvInfo;
use crate::fused_activation::apply_activation;
use crate::gemm::{gemm_packed, PackedB};
use crate::matmul::{add_bias_rows, gemm, Mat};
use crate::memory::{slice, slice_mut};
use crate::simd::{add_assign, F4};

const CHUNK_FLOATS: usize = 64 * 1024;

fn chunk_rows(k: usize) -> usize {
    (CHUNK_FLOATS / k.max(1)).max(16)
}

/// Writes im2col rows for output pixels q0..q0+rows (flat over batch, outH, outW): row r holds the
/// (fy, fx, c) patch of pixel q0 + r, zeros where the tap falls in the padding.
fn im2col(info: &ConvInfo, x: &[f32], q0: usize, rows: usize, col: &mut [f32]) {
    let c = info.in_c;
    let k = info.filter_h * info.filter_w * c;
    for r in 0..rows {
        let q = q0 + r;
        let (b, oy, ox) = (q / (info.out_h * info.out_w), (q / info.out_w) % info.out_h, q % info.out_w);
        let dst = &mut col[r * k..(r + 1) * k];
        for fy in 0..info.filter_h {
            let iy = info.in_row(oy, fy);
            for fx in 0..info.filter_w {
                let o = (fy * info.filter_w + fx) * c;
                let d = &mut dst[o..o + c];
                match (iy, info.in_col(ox, fx)) {
                    (Some(iy), Some(ix)) => {
                        let s = ((b * info.in_h + iy) * info.in_w + ix) * c;
                        copy_run(d, &x[s..s + c]);
                    }
                    _ => d.iter_mut().for_each(|v| *v = 0.0),
                }
            }
        }
    }
}

/// d = s for one channel run: f32x4 copies, then a scalar tail. Short copy_from_slice calls
/// become slow memcpy calls in wasm, and an RGB run is only 3 floats.
#[inline(always)]
fn copy_run(d: &mut [f32], s: &[f32]) {
    let n = d.len().min(s.len());
    let n4 = n & !3;
    let mut i = 0;
    while i < n4 {
        F4::load(s, i).store(d, i);
        i += 4;
    }
    for j in n4..n {
        d[j] = s[j];
    }
}

/// Adds im2col rows back into dx (the adjoint of `im2col`).
fn col2im(info: &ConvInfo, col: &[f32], q0: usize, rows: usize, dx: &mut [f32]) {
    let c = info.in_c;
    let k = info.filter_h * info.filter_w * c;
    for r in 0..rows {
        let q = q0 + r;
        let (b, oy, ox) = (q / (info.out_h * info.out_w), (q / info.out_w) % info.out_h, q % info.out_w);
        let src = &col[r * k..(r + 1) * k];
        for fy in 0..info.filter_h {
            let iy = match info.in_row(oy, fy) {
                Some(v) => v,
                None => continue,
            };
            for fx in 0..info.filter_w {
                if let Some(ix) = info.in_col(ox, fx) {
                    let d = ((b * info.in_h + iy) * info.in_w + ix) * c;
                    let o = (fy * info.filter_w + fx) * c;
                    add_assign(&mut dx[d..d + c], &src[o..o + c]);
                }
            }
        }
    }
}

/// out = act(conv(x, filter) + bias); bias may be null.
#[no_mangle]
pub extern "C" fn conv2d(x: *const f32, filter: *const f32, bias: *const f32, out: *mut f32, info: *const u32, act: u32) {
    let info = ConvInfo::read(info);
    let k = info.filter_h * info.filter_w * info.in_c;
    let (n, pixels) = (info.out_c, info.pixels());
    let x = slice(x, info.x_len());
    let w = PackedB::new(Mat::new(slice(filter, k * n), n, k, false), k, n);
    let out = slice_mut(out, pixels * n);
    let bias = if bias.is_null() { None } else { Some(slice(bias, n)) };
    let finish = |o: &mut [f32]| {
        if let Some(b) = bias {
            add_bias_rows(o, b);
        }
        apply_activation(o, act);
    };
    let step = chunk_rows(k);
    if info.is_pointwise() {
        let mut q0 = 0;
        while q0 < pixels {
            let rows = step.min(pixels - q0);
            let o = &mut out[q0 * n..(q0 + rows) * n];
            gemm_packed(rows, Mat::new(&x[q0 * k..(q0 + rows) * k], k, rows, false), &w, o, n, false);
            finish(o);
            q0 += rows;
        }
        return;
    }
    let mut col = vec![0.0f32; step.min(pixels) * k];
    let mut q0 = 0;
    while q0 < pixels {
        let rows = step.min(pixels - q0);
        im2col(&info, x, q0, rows, &mut col);
        let o = &mut out[q0 * n..(q0 + rows) * n];
        gemm_packed(rows, Mat::new(&col[..rows * k], k, rows, false), &w, o, n, false);
        finish(o);
        q0 += rows;
    }
}

/// dx = col2im(dy · filterᵀ).
#[no_mangle]
pub extern "C" fn conv2d_backprop_input(dy: *const f32, filter: *const f32, dx: *mut f32, info: *const u32) {
    let info = ConvInfo::read(info);
    let k = info.filter_h * info.filter_w * info.in_c;
    let (n, pixels) = (info.out_c, info.pixels());
    let dy = slice(dy, pixels * n);
    let wt = PackedB::new(Mat::new(slice(filter, k * n), k, n, true), n, k);
    let dx = slice_mut(dx, info.x_len());
    if info.is_pointwise() {
        gemm_packed(pixels, Mat::new(dy, n, pixels, false), &wt, dx, k, false);
        return;
    }
    dx.iter_mut().for_each(|v| *v = 0.0);
    let step = chunk_rows(k);
    let mut col = vec![0.0f32; step.min(pixels) * k];
    let mut q0 = 0;
    while q0 < pixels {
        let rows = step.min(pixels - q0);
        gemm_packed(rows, Mat::new(&dy[q0 * n..(q0 + rows) * n], n, rows, false), &wt, &mut col, k, false);
        col2im(&info, &col, q0, rows, dx);
        q0 += rows;
    }
}

/// dfilter = Σ over pixel chunks of im2col(x)ᵀ · dy.
#[no_mangle]
pub extern "C" fn conv2d_backprop_filter(x: *const f32, dy: *const f32, dfilter: *mut f32, info: *const u32) {
    let info = ConvInfo::read(info);
    let k = info.filter_h * info.filter_w * info.in_c;
    let (n, pixels) = (info.out_c, info.pixels());
    let x = slice(x, info.x_len());
    let dy = slice(dy, pixels * n);
    let dw = slice_mut(dfilter, k * n);
    let step = chunk_rows(k);
    let pointwise = info.is_pointwise();
    let mut col = if pointwise { Vec::new() } else { vec![0.0f32; step.min(pixels) * k] };
    let mut q0 = 0;
    if pixels == 0 {
        dw.iter_mut().for_each(|v| *v = 0.0);
    }
    while q0 < pixels {
        let rows = step.min(pixels - q0);
        let patches: &[f32] = if pointwise {
            &x[q0 * k..(q0 + rows) * k]
        } else {
            im2col(&info, x, q0, rows, &mut col);
            &col[..rows * k]
        };
        let a = Mat::new(patches, rows, k, true);
        gemm(k, n, rows, a, Mat::new(&dy[q0 * n..(q0 + rows) * n], n, rows, false), dw, n, q0 > 0);
        q0 += rows;
    }
}
