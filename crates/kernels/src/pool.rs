//! Max and average pooling (NHWC, dilation 1, window clipped to the image) forward and backward,
//! and global average pooling. The TypeScript side validates that every window has an in-image tap.

use crate::conv_info::ConvInfo;
use crate::memory::{slice, slice_mut};
use crate::simd::{add_assign, axpy, scale};

/// In-image window [y0, y1) × [x0, x1) of output (oy, ox).
#[inline(always)]
fn window(info: &ConvInfo, oy: usize, ox: usize) -> (usize, usize, usize, usize) {
    let ys = (oy * info.stride_h) as isize - info.pad_top as isize;
    let xs = (ox * info.stride_w) as isize - info.pad_left as isize;
    let clip = |v: isize, hi: usize| v.max(0).min(hi as isize) as usize;
    (clip(ys, info.in_h), clip(ys + info.filter_h as isize, info.in_h), clip(xs, info.in_w), clip(xs + info.filter_w as isize, info.in_w))
}

/// Window max per channel; argmax = flat x index of the first max (a NaN wins and propagates).
/// Channels go four at a time through `max4` (wasm SIMD), the rest through `max_scalar`.
#[no_mangle]
pub extern "C" fn max_pool(x: *const f32, out: *mut f32, argmax: *mut i32, info: *const u32) {
    let info = ConvInfo::read(info);
    let ch = info.in_c;
    let x = slice(x, info.x_len());
    let n = info.pixels() * ch;
    let (out, argmax) = (slice_mut(out, n), slice_mut(argmax, n));
    for b in 0..info.batch {
        for oy in 0..info.out_h {
            for ox in 0..info.out_w {
                let (y0, y1, x0, x1) = window(&info, oy, ox);
                let o = ((b * info.out_h + oy) * info.out_w + ox) * ch;
                let win = Win { first: ((b * info.in_h + y0) * info.in_w + x0) * ch, rows: y1 - y0, cols: x1 - x0, row_step: info.in_w * ch, col_step: ch };
                let mut c = 0;
                while c + 4 <= ch {
                    max4(x, &win, c, &mut out[o + c..o + c + 4], &mut argmax[o + c..o + c + 4]);
                    c += 4;
                }
                if c < ch {
                    max_scalar(x, &win, c..ch, &mut out[o..o + ch], &mut argmax[o..o + ch]);
                }
            }
        }
    }
}

/// The in-image taps of one pooling window: tap (r, s) of channel 0 is at
/// `first + r·row_step + s·col_step` in x, taps in row-major order.
#[derive(Clone, Copy)]
struct Win {
    first: usize,
    rows: usize,
    cols: usize,
    row_step: usize,
    col_step: usize,
}

/// Scalar window max for channels `cs` of one output pixel (out/argmax indexed by channel).
fn max_scalar(x: &[f32], win: &Win, cs: std::ops::Range<usize>, out: &mut [f32], argmax: &mut [i32]) {
    for c in cs.clone() {
        out[c] = f32::NEG_INFINITY;
        argmax[c] = (win.first + c) as i32;
    }
    for r in 0..win.rows {
        for s in 0..win.cols {
            let i = win.first + r * win.row_step + s * win.col_step;
            for c in cs.clone() {
                let (v, best) = (x[i + c], out[c]);
                if v > best || (v.is_nan() && !best.is_nan()) {
                    out[c] = v;
                    argmax[c] = (i + c) as i32;
                }
            }
        }
    }
}

/// `max_scalar` for channels c..c+4 in f32x4 lanes: a tap wins where v > best, or where v is
/// NaN and best is not; best and argmax are selected with the same mask.
#[cfg(target_arch = "wasm32")]
#[inline(always)]
fn max4(x: &[f32], win: &Win, c: usize, out: &mut [f32], argmax: &mut [i32]) {
    use core::arch::wasm32::*;
    let last = win.first + (win.rows - 1) * win.row_step + (win.cols - 1) * win.col_step + c;
    assert!(last + 4 <= x.len() && out.len() >= 4 && argmax.len() >= 4);
    let lanes = i32x4(0, 1, 2, 3);
    // Safety: every tap index is at most `last` (asserted in bounds), and out/argmax hold 4.
    unsafe {
        let load = |i: usize| v128_load(x.as_ptr().add(i) as *const v128);
        let first = win.first + c;
        let mut best = load(first);
        let mut arg = i32x4_add(i32x4_splat(first as i32), lanes);
        for r in 0..win.rows {
            for s in 0..win.cols {
                if r == 0 && s == 0 {
                    continue;
                }
                let i = first + r * win.row_step + s * win.col_step;
                let v = load(i);
                let take = v128_or(f32x4_gt(v, best), v128_andnot(f32x4_ne(v, v), f32x4_ne(best, best)));
                best = v128_bitselect(v, best, take);
                arg = v128_bitselect(i32x4_add(i32x4_splat(i as i32), lanes), arg, take);
            }
        }
        v128_store(out.as_mut_ptr() as *mut v128, best);
        v128_store(argmax.as_mut_ptr() as *mut v128, arg);
    }
}

/// Host twin of the wasm `max4`.
#[cfg(not(target_arch = "wasm32"))]
fn max4(x: &[f32], win: &Win, c: usize, out: &mut [f32], argmax: &mut [i32]) {
    let shifted = Win { first: win.first + c, ..*win };
    max_scalar(x, &shifted, 0..4, &mut out[..4], &mut argmax[..4]);
}

/// dx = 0, then dx[argmax[o]] += dy[o]. Returns -1, or the first o whose argmax[o] is outside x
/// (the wrapper then throws instead of taking dx). Checking here, in the scatter loop itself, is
/// what keeps a 22M-entry argmax from costing a separate validation pass in JS.
#[no_mangle]
pub extern "C" fn max_pool_backward(dy: *const f32, argmax: *const i32, dx: *mut f32, info: *const u32) -> i32 {
    let info = ConvInfo::read(info);
    let n = info.pixels() * info.in_c;
    let (dy, argmax, dx) = (slice(dy, n), slice(argmax, n), slice_mut(dx, info.x_len()));
    dx.iter_mut().for_each(|v| *v = 0.0);
    for o in 0..n {
        // A negative index becomes a huge usize and fails the same test.
        let i = argmax[o] as u32 as usize;
        if i >= dx.len() {
            return o as i32;
        }
        dx[i] += dy[o];
    }
    -1
}

#[no_mangle]
pub extern "C" fn avg_pool(x: *const f32, out: *mut f32, info: *const u32) {
    let info = ConvInfo::read(info);
    let ch = info.in_c;
    let x = slice(x, info.x_len());
    let out = slice_mut(out, info.pixels() * ch);
    for b in 0..info.batch {
        for oy in 0..info.out_h {
            for ox in 0..info.out_w {
                let (y0, y1, x0, x1) = window(&info, oy, ox);
                let o = ((b * info.out_h + oy) * info.out_w + ox) * ch;
                let acc = &mut out[o..o + ch];
                acc.iter_mut().for_each(|v| *v = 0.0);
                for iy in y0..y1 {
                    for ix in x0..x1 {
                        let i = ((b * info.in_h + iy) * info.in_w + ix) * ch;
                        add_assign(acc, &x[i..i + ch]);
                    }
                }
                scale(acc, 1.0 / ((y1 - y0) * (x1 - x0)) as f32);
            }
        }
    }
}

#[no_mangle]
pub extern "C" fn avg_pool_backward(dy: *const f32, dx: *mut f32, info: *const u32) {
    let info = ConvInfo::read(info);
    let ch = info.in_c;
    let dy = slice(dy, info.pixels() * ch);
    let dx = slice_mut(dx, info.x_len());
    dx.iter_mut().for_each(|v| *v = 0.0);
    for b in 0..info.batch {
        for oy in 0..info.out_h {
            for ox in 0..info.out_w {
                let (y0, y1, x0, x1) = window(&info, oy, ox);
                let o = ((b * info.out_h + oy) * info.out_w + ox) * ch;
                let inv = 1.0 / ((y1 - y0) * (x1 - x0)) as f32;
                for iy in y0..y1 {
                    for ix in x0..x1 {
                        let i = ((b * info.in_h + iy) * info.in_w + ix) * ch;
                        axpy(inv, &dy[o..o + ch], &mut dx[i..i + ch]);
                    }
                }
            }
        }
    }
}

/// out[b, c] = mean over s of x[b, s, c].
#[no_mangle]
pub extern "C" fn global_avg_pool(x: *const f32, out: *mut f32, batch: usize, spatial: usize, channels: usize) {
    let (x, out) = (slice(x, batch * spatial * channels), slice_mut(out, batch * channels));
    for b in 0..batch {
        let acc = &mut out[b * channels..(b + 1) * channels];
        acc.iter_mut().for_each(|v| *v = 0.0);
        for s in 0..spatial {
            let i = (b * spatial + s) * channels;
            add_assign(acc, &x[i..i + channels]);
        }
        scale(acc, 1.0 / spatial as f32);
    }
}

/// dx[b, s, c] = dy[b, c] / spatial.
#[no_mangle]
pub extern "C" fn global_avg_pool_backward(dy: *const f32, dx: *mut f32, batch: usize, spatial: usize, channels: usize) {
    let (dy, dx) = (slice(dy, batch * channels), slice_mut(dx, batch * spatial * channels));
    let inv = 1.0 / spatial as f32;
    for b in 0..batch {
        for s in 0..spatial {
            let i = (b * spatial + s) * channels;
            for c in 0..channels {
                dx[i + c] = dy[b * channels + c] * inv;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_pool_picks_first_max_and_propagates_nan() {
        // 1 image, 3×4 pixels, 6 channels (one f32x4 group plus a tail), 2×2 windows, stride 1.
        let (h, w, ch) = (3usize, 4usize, 6usize);
        let mut x: Vec<f32> = (0..h * w * ch).map(|i| ((i * 7) % 5) as f32).collect();
        x[(w + 1) * ch + 1] = f32::NAN; // pixel (1,1), channel 1
        x[ch + 5] = f32::NAN; // pixel (0,1), channel 5 (tail)
        x[2] = f32::NEG_INFINITY;
        let info = [1u32, h as u32, w as u32, ch as u32, 2, 2, ch as u32, 1, 1, 1, 1, 0, 0, (h - 1) as u32, (w - 1) as u32];
        let n = (h - 1) * (w - 1) * ch;
        let (mut out, mut arg) = (vec![0.0f32; n], vec![0i32; n]);
        max_pool(x.as_ptr(), out.as_mut_ptr(), arg.as_mut_ptr(), info.as_ptr());
        for oy in 0..h - 1 {
            for ox in 0..w - 1 {
                for c in 0..ch {
                    let o = (oy * (w - 1) + ox) * ch + c;
                    let (mut best, mut at) = (f32::NEG_INFINITY, (oy * w + ox) * ch + c);
                    for (dy, dx) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                        let i = ((oy + dy) * w + ox + dx) * ch + c;
                        if x[i] > best || (x[i].is_nan() && !best.is_nan()) {
                            best = x[i];
                            at = i;
                        }
                    }
                    assert_eq!(arg[o], at as i32, "argmax at {}", o);
                    assert!(out[o] == best || (out[o].is_nan() && best.is_nan()), "max at {}", o);
                }
            }
        }
    }
}
