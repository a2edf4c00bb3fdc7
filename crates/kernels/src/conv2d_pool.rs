//! Inference-only fusion of a convolution (+ bias + activation) with the 2×2, stride-2, 'valid'
//! max pooling that follows it: only the pooled output is written.
//!
//! The convolution runs in bands of output rows, each band a convolution of its own (batch 1, the
//! input shifted to the band's first row) into a buffer that stays in cache, and the band is pooled
//! from there. The filter is packed (or Winograd-transformed) once per call. Every output pixel goes
//! through the same arithmetic as in the unfused `conv2d` (the implicit GEMM's per-pixel sums and
//! the Winograd tiles do not depend on where a band starts: bands start at even rows, and Winograd
//! tiles are 2×2 anchored at row and column 0), and the window max follows `max_pool`'s rule, so the
//! result is bit-identical to conv2d followed by max_pool. A last odd row or column, which the
//! pooling drops, is not computed at all.

use crate::conv_info::ConvInfo;
use crate::gemm::PackedB;
use crate::memory::{slice, slice_mut};
use crate::{conv2d_forward, winograd};
use crate::simd::F4;

/// Floats of the conv output buffered per band (256 KB): a few pooled rows of the seed CNN's layers.
const BAND_FLOATS: usize = 64 * 1024;

/// The filter in the form the chosen convolution path takes, prepared once per call.
enum Filter {
    Winograd(Vec<PackedB>),
    Gemm(PackedB),
}

/// out = max_pool_2×2(act(conv(x, filter) + bias)); `info` is the convolution's geometry and out is
/// [batch, outH / 2, outW / 2, outC] (rounded down). bias may be null.
#[no_mangle]
pub extern "C" fn conv2d_max_pool(x: *const f32, filter: *const f32, bias: *const f32, out: *mut f32, info: *const u32, act: u32) {
    let info = ConvInfo::read(info);
    let (ph, pw) = (info.out_h / 2, info.out_w / 2);
    let x = slice(x, info.x_len());
    let filter = slice(filter, info.filter_h * info.filter_w * info.in_c * info.out_c);
    let out = slice_mut(out, info.batch * ph * pw * info.out_c);
    let bias = if bias.is_null() { None } else { Some(slice(bias, info.out_c)) };
    conv2d_max_pool_slices(&info, x, filter, bias, out, act);
}

/// The fused kernel on slices (see `conv2d_max_pool`).
pub(crate) fn conv2d_max_pool_slices(info: &ConvInfo, x: &[f32], filter: &[f32], bias: Option<&[f32]>, out: &mut [f32], act: u32) {
    conv2d_max_pool_taps(info, x, filter, bias, out, None, act);
}

/// The training form: also records, per pooled element, which of the window's four taps (0..3,
/// row-major) won, or -1 where act is relu and the max is not positive (relu's gradient is 0
/// there), so `conv2d_max_pool_backward` can route the gradient without the full conv output.
/// act must be linear (0) or relu (1); the wrapper checks it.
#[no_mangle]
pub extern "C" fn conv2d_max_pool_train(x: *const f32, filter: *const f32, bias: *const f32, out: *mut f32, taps: *mut i32, info: *const u32, act: u32) {
    let info = ConvInfo::read(info);
    let n = info.batch * (info.out_h / 2) * (info.out_w / 2) * info.out_c;
    let x = slice(x, info.x_len());
    let filter = slice(filter, info.filter_h * info.filter_w * info.in_c * info.out_c);
    let (out, taps) = (slice_mut(out, n), slice_mut(taps, n));
    let bias = if bias.is_null() { None } else { Some(slice(bias, info.out_c)) };
    conv2d_max_pool_taps(&info, x, filter, bias, out, Some(taps), act);
}

/// `conv2d_max_pool_slices`, recording the winning taps when `taps` is given.
pub(crate) fn conv2d_max_pool_taps(info: &ConvInfo, x: &[f32], filter: &[f32], bias: Option<&[f32]>, out: &mut [f32], mut taps: Option<&mut [i32]>, act: u32) {
    let (ph, pw, co) = (info.out_h / 2, info.out_w / 2, info.out_c);
    if info.batch == 0 || ph == 0 || pw == 0 || co == 0 {
        return;
    }
    let prepared = if winograd::applies(info) {
        Filter::Winograd(winograd::prepare(info, filter))
    } else {
        Filter::Gemm(conv2d_forward::pack_filter(info, filter))
    };
    let row_floats = 2 * pw * co; // one conv row, the dropped odd column left out
    let band = (BAND_FLOATS / (2 * row_floats)).max(1).min(ph); // pooled rows per band
    let mut buf = vec![0.0f32; 2 * band * row_floats];
    let mut transformed = Vec::new(); // the Winograd input transform's space, kept across bands
    let image = info.in_h * info.in_w * info.in_c;
    for b in 0..info.batch {
        let xb = &x[b * image..(b + 1) * image];
        let mut py = 0;
        while py < ph {
            let rows = band.min(ph - py);
            let (sub, first_row) = band_info(info, 2 * py, 2 * rows, 2 * pw);
            let xs = &xb[first_row * info.in_w * info.in_c..];
            if let (Filter::Winograd(u), true) = (&prepared, taps.is_none() && act <= 1) {
                // F(2×2) tiles are the pooling windows: pooled in the output transform (same values).
                let o = ((b * ph + py) * pw) * co;
                winograd::conv2d_prepared_pooled(&sub, xs, u, bias, &mut out[o..o + rows * pw * co], act, &mut transformed);
                py += rows;
                continue;
            }
            if let (Filter::Gemm(w), true) = (&prepared, conv2d_forward::pools_in_place(&sub, act)) {
                // Each micro-tile is one pooling window: pooled in registers (same values and taps).
                let (o, n) = (((b * ph + py) * pw) * co, rows * pw * co);
                match taps.as_mut() {
                    Some(t) => conv2d_forward::conv2d_packed_pooled_taps(&sub, xs, w, bias, &mut out[o..o + n], &mut t[o..o + n], act),
                    None => conv2d_forward::conv2d_packed_pooled(&sub, xs, w, bias, &mut out[o..o + n], act),
                }
                py += rows;
                continue;
            }
            let conv = &mut buf[..2 * rows * row_floats];
            match &prepared {
                Filter::Winograd(u) => winograd::conv2d_prepared(&sub, xs, u, bias, conv, act, &mut transformed),
                Filter::Gemm(w) => conv2d_forward::conv2d_packed(&sub, xs, w, bias, conv, act),
            }
            let o = ((b * ph + py) * pw) * co;
            let n = rows * pw * co;
            match taps.as_mut() {
                Some(t) => pool_taps_band(conv, rows, pw, co, &mut out[o..o + n], &mut t[o..o + n], act == 1),
                None => pool_band(conv, rows, pw, co, &mut out[o..o + n]),
            }
            py += rows;
        }
    }
}

/// The geometry of conv output rows oy0..oy0+rows (columns 0..cols) of one image as a convolution
/// of its own, and the image row its input starts at: a band starting inside the top padding keeps
/// the rest of that padding, a later one starts at its first input row with none.
fn band_info(info: &ConvInfo, oy0: usize, rows: usize, cols: usize) -> (ConvInfo, usize) {
    let start = oy0 * info.stride_h;
    let (first_row, pad_top) = if start >= info.pad_top { (start - info.pad_top, 0) } else { (0, info.pad_top - start) };
    let sub = ConvInfo { batch: 1, in_h: info.in_h - first_row, pad_top, out_h: rows, out_w: cols, ..*info };
    (sub, first_row)
}

/// Pools a band of 2·rows conv rows (2·pw pixels of co channels each) into rows × pw outputs.
fn pool_band(conv: &[f32], rows: usize, pw: usize, co: usize, out: &mut [f32]) {
    for_each_window(rows, pw, co, 2 * pw * co, |taps, o| {
        let mut c = 0;
        while c + 4 <= co {
            max4(conv, taps, c, &mut out[o + c..o + c + 4]);
            c += 4;
        }
        for ch in c..co {
            let mut best = conv[taps[0] + ch];
            for &t in &taps[1..] {
                best = wins(conv[t + ch], best);
            }
            out[o + ch] = best;
        }
    });
}

/// Calls `f(taps, o)` for every 2×2 window of `2·rows` conv rows (each `row` floats, pixels of
/// `co` channels), `pw` windows per row: `taps` are the offsets of the window's four pixels in
/// row-major order, `o` the offset of its pooled output ([rows, pw, co]).
#[inline(always)]
pub(crate) fn for_each_window(rows: usize, pw: usize, co: usize, row: usize, mut f: impl FnMut([usize; 4], usize)) {
    for r in 0..rows {
        for px in 0..pw {
            let t0 = 2 * r * row + 2 * px * co;
            f([t0, t0 + co, t0 + row, t0 + row + co], (r * pw + px) * co);
        }
    }
}

/// `pool_band` and the winning taps in one pass over the band: the max chain keeps the index of
/// the tap it last took, which is the first tap holding the max (a later tap replaces the best only
/// when greater, or when NaN and the best is not), so the taps are `record_taps`' bit for bit;
/// -1 under relu where the max is not positive.
fn pool_taps_band(conv: &[f32], rows: usize, pw: usize, co: usize, out: &mut [f32], taps: &mut [i32], relu: bool) {
    for_each_window(rows, pw, co, 2 * pw * co, |at, o| {
        let mut c = 0;
        while c + 4 <= co {
            max_taps4(conv, at, c, &mut out[o + c..o + c + 4], &mut taps[o + c..o + c + 4], relu);
            c += 4;
        }
        for ch in c..co {
            let (best, idx) = max_tap(conv, at, ch);
            out[o + ch] = best;
            taps[o + ch] = if relu && !(best > 0.0) { -1 } else { idx };
        }
    });
}

/// The window max of channel ch over the four taps and the tap it came from (`wins`' rule).
#[inline(always)]
fn max_tap(conv: &[f32], at: [usize; 4], ch: usize) -> (f32, i32) {
    let (mut best, mut idx) = (conv[at[0] + ch], 0);
    for (k, &t) in at.iter().enumerate().skip(1) {
        let v = conv[t + ch];
        if v > best || (v.is_nan() && !best.is_nan()) {
            best = v;
            idx = k as i32;
        }
    }
    (best, idx)
}

/// `pool_taps_band` for channels c..c+4: the four taps' lanes through `max_taps_lanes`.
#[inline(always)]
fn max_taps4(conv: &[f32], at: [usize; 4], c: usize, out: &mut [f32], taps: &mut [i32], relu: bool) {
    let e = [F4::load(conv, at[0] + c), F4::load(conv, at[1] + c), F4::load(conv, at[2] + c), F4::load(conv, at[3] + c)];
    max_taps_lanes(e, relu, out, taps);
}

/// A window's four pixels `e` (row-major taps), four channels in lanes: the max goes to out[0..4],
/// the winning taps (`max_tap`'s rule; -1 under relu where the max is not positive) to taps[0..4].
#[cfg(target_arch = "wasm32")]
#[inline(always)]
pub(crate) fn max_taps_lanes(e: [F4; 4], relu: bool, out: &mut [f32], taps: &mut [i32]) {
    use core::arch::wasm32::*;
    assert!(out.len() >= 4 && taps.len() >= 4);
    let mut best = e[0].raw();
    let mut idx = i32x4_splat(0);
    for (k, ek) in e.iter().enumerate().skip(1) {
        let v = ek.raw();
        let take = v128_or(f32x4_gt(v, best), v128_andnot(f32x4_ne(v, v), f32x4_ne(best, best)));
        best = v128_bitselect(v, best, take);
        idx = v128_bitselect(i32x4_splat(k as i32), idx, take);
    }
    if relu {
        idx = v128_bitselect(idx, i32x4_splat(-1), f32x4_gt(best, f32x4_splat(0.0)));
    }
    // Safety: out and taps hold 4 (asserted).
    unsafe {
        v128_store(out.as_mut_ptr() as *mut v128, best);
        v128_store(taps.as_mut_ptr() as *mut v128, idx);
    }
}

/// Host twin of the wasm `max_taps_lanes`.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn max_taps_lanes(e: [F4; 4], relu: bool, out: &mut [f32], taps: &mut [i32]) {
    let mut conv = [0.0f32; 16];
    for (k, v) in e.iter().enumerate() {
        v.store(&mut conv, 4 * k);
    }
    for l in 0..4 {
        let (best, idx) = max_tap(&conv, [0, 4, 8, 12], l);
        out[l] = best;
        taps[l] = if relu && !(best > 0.0) { -1 } else { idx };
    }
}

/// `max_pool`'s rule: a later tap replaces the best when greater, or when NaN and the best is not.
#[inline(always)]
fn wins(v: f32, best: f32) -> f32 {
    if v > best || (v.is_nan() && !best.is_nan()) { v } else { best }
}

/// The window max of channels c..c+4 over the four taps, in f32x4 lanes.
#[cfg(target_arch = "wasm32")]
#[inline(always)]
fn max4(conv: &[f32], taps: [usize; 4], c: usize, out: &mut [f32]) {
    use core::arch::wasm32::*;
    assert!(taps[3] + c + 4 <= conv.len() && taps.iter().all(|&t| t <= taps[3]) && out.len() >= 4);
    // Safety: every tap index is at most taps[3] (asserted in bounds), and out holds 4.
    unsafe {
        let load = |i: usize| v128_load(conv.as_ptr().add(i + c) as *const v128);
        let mut best = load(taps[0]);
        for &t in &taps[1..] {
            let v = load(t);
            let take = v128_or(f32x4_gt(v, best), v128_andnot(f32x4_ne(v, v), f32x4_ne(best, best)));
            best = v128_bitselect(v, best, take);
        }
        v128_store(out.as_mut_ptr() as *mut v128, best);
    }
}

/// Host twin of the wasm `max4`.
#[cfg(not(target_arch = "wasm32"))]
fn max4(conv: &[f32], taps: [usize; 4], c: usize, out: &mut [f32]) {
    for l in 0..4 {
        let mut best = conv[taps[0] + c + l];
        for &t in &taps[1..] {
            best = wins(conv[t + c + l], best);
        }
        out[l] = best;
    }
}

#[cfg(test)]
#[path = "conv2d_pool_tests.rs"]
mod tests;
