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
                let first = ((b * info.in_h + y0) * info.in_w + x0) * ch;
                for c in 0..ch {
                    out[o + c] = f32::NEG_INFINITY;
                    argmax[o + c] = (first + c) as i32;
                }
                for iy in y0..y1 {
                    for ix in x0..x1 {
                        let i = ((b * info.in_h + iy) * info.in_w + ix) * ch;
                        for c in 0..ch {
                            let (v, best) = (x[i + c], out[o + c]);
                            if v > best || (v.is_nan() && !best.is_nan()) {
                                out[o + c] = v;
                                argmax[o + c] = (i + c) as i32;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// dx = 0, then dx[argmax[o]] += dy[o] (argmax validated by the wrapper).
#[no_mangle]
pub extern "C" fn max_pool_backward(dy: *const f32, argmax: *const i32, dx: *mut f32, info: *const u32) {
    let info = ConvInfo::read(info);
    let n = info.pixels() * info.in_c;
    let (dy, argmax, dx) = (slice(dy, n), slice(argmax, n), slice_mut(dx, info.x_len()));
    dx.iter_mut().for_each(|v| *v = 0.0);
    for o in 0..n {
        dx[argmax[o] as usize] += dy[o];
    }
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
