//! Depthwise 2-D convolution (NHWC, filter [filterH, filterW, inC, mult], output channel
//! c·mult + m) forward with fused bias + activation, and both backward passes. Direct loops,
//! vectorised over channels; the filter tap [fy, fx] row is indexed like the output channels.

use crate::conv_info::ConvInfo;
use crate::fused_activation::apply_activation;
use crate::memory::{slice, slice_mut};
use crate::simd::{axpy, dot, F4};

/// y[i] += a[i]·b[i] over the common length.
fn mul_acc(y: &mut [f32], a: &[f32], b: &[f32]) {
    let n = y.len().min(a.len()).min(b.len());
    let n4 = n & !3;
    let mut i = 0;
    while i < n4 {
        F4::load(y, i).mul_add(F4::load(a, i), F4::load(b, i)).store(y, i);
        i += 4;
    }
    for j in n4..n {
        y[j] += a[j] * b[j];
    }
}

/// Calls `f(out_pixel_offset, x_offset, filter_offset)` for every in-image tap, where offsets are
/// in elements: out/dy pixel (·inC·mult), x pixel (·inC), filter tap (·inC·mult).
fn for_each_tap(info: &ConvInfo, mut f: impl FnMut(usize, usize, usize)) {
    let ch = info.in_c * info.out_c;
    for b in 0..info.batch {
        for oy in 0..info.out_h {
            for ox in 0..info.out_w {
                let o = ((b * info.out_h + oy) * info.out_w + ox) * ch;
                for fy in 0..info.filter_h {
                    let iy = match info.in_row(oy, fy) {
                        Some(v) => v,
                        None => continue,
                    };
                    for fx in 0..info.filter_w {
                        if let Some(ix) = info.in_col(ox, fx) {
                            let xo = ((b * info.in_h + iy) * info.in_w + ix) * info.in_c;
                            f(o, xo, (fy * info.filter_w + fx) * ch);
                        }
                    }
                }
            }
        }
    }
}

#[no_mangle]
pub extern "C" fn depthwise_conv2d(x: *const f32, filter: *const f32, bias: *const f32, out: *mut f32, info: *const u32, act: u32) {
    let info = ConvInfo::read(info);
    let (c, mult) = (info.in_c, info.out_c);
    let ch = c * mult;
    let x = slice(x, info.x_len());
    let w = slice(filter, info.filter_h * info.filter_w * ch);
    let out = slice_mut(out, info.pixels() * ch);
    if bias.is_null() {
        out.iter_mut().for_each(|v| *v = 0.0);
    } else {
        let bias = slice(bias, ch);
        out.chunks_exact_mut(ch.max(1)).for_each(|row| row.copy_from_slice(bias));
    }
    for_each_tap(&info, |o, xo, fo| {
        let acc = &mut out[o..o + ch];
        if mult == 1 {
            mul_acc(acc, &x[xo..xo + c], &w[fo..fo + ch]);
        } else {
            for ci in 0..c {
                axpy(x[xo + ci], &w[fo + ci * mult..fo + (ci + 1) * mult], &mut acc[ci * mult..(ci + 1) * mult]);
            }
        }
    });
    apply_activation(out, act);
}

#[no_mangle]
pub extern "C" fn depthwise_conv2d_backprop_input(dy: *const f32, filter: *const f32, dx: *mut f32, info: *const u32) {
    let info = ConvInfo::read(info);
    let (c, mult) = (info.in_c, info.out_c);
    let ch = c * mult;
    let dy = slice(dy, info.pixels() * ch);
    let w = slice(filter, info.filter_h * info.filter_w * ch);
    let dx = slice_mut(dx, info.x_len());
    dx.iter_mut().for_each(|v| *v = 0.0);
    for_each_tap(&info, |o, xo, fo| {
        if mult == 1 {
            mul_acc(&mut dx[xo..xo + c], &dy[o..o + ch], &w[fo..fo + ch]);
        } else {
            for ci in 0..c {
                let r = ci * mult..(ci + 1) * mult;
                dx[xo + ci] += dot(&dy[o + r.start..o + r.end], &w[fo + r.start..fo + r.end]);
            }
        }
    });
}

#[no_mangle]
pub extern "C" fn depthwise_conv2d_backprop_filter(x: *const f32, dy: *const f32, dfilter: *mut f32, info: *const u32) {
    let info = ConvInfo::read(info);
    let (c, mult) = (info.in_c, info.out_c);
    let ch = c * mult;
    let x = slice(x, info.x_len());
    let dy = slice(dy, info.pixels() * ch);
    let dw = slice_mut(dfilter, info.filter_h * info.filter_w * ch);
    dw.iter_mut().for_each(|v| *v = 0.0);
    for_each_tap(&info, |o, xo, fo| {
        if mult == 1 {
            mul_acc(&mut dw[fo..fo + ch], &x[xo..xo + c], &dy[o..o + ch]);
        } else {
            for ci in 0..c {
                let r = ci * mult..(ci + 1) * mult;
                axpy(x[xo + ci], &dy[o + r.start..o + r.end], &mut dw[fo + r.start..fo + r.end]);
            }
        }
    });
}
