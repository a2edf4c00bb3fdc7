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

/// Calls `f(out_pixel_offset, taps)` for every output pixel, with its in-image taps in (fy, fx)
/// order as (x offset, filter offset) pairs. Offsets are in elements: out/dy pixel (·inC·mult),
/// x pixel (·inC), filter tap (·inC·mult).
fn for_each_pixel(info: &ConvInfo, mut f: impl FnMut(usize, &[(usize, usize)])) {
    let ch = info.in_c * info.out_c;
    let mut taps: Vec<(usize, usize)> = Vec::with_capacity(info.filter_h * info.filter_w);
    for b in 0..info.batch {
        for oy in 0..info.out_h {
            for ox in 0..info.out_w {
                taps.clear();
                for fy in 0..info.filter_h {
                    let iy = match info.in_row(oy, fy) {
                        Some(v) => v,
                        None => continue,
                    };
                    for fx in 0..info.filter_w {
                        if let Some(ix) = info.in_col(ox, fx) {
                            taps.push((((b * info.in_h + iy) * info.in_w + ix) * info.in_c, (fy * info.filter_w + fx) * ch));
                        }
                    }
                }
                f(((b * info.out_h + oy) * info.out_w + ox) * ch, &taps);
            }
        }
    }
}

/// Calls `f(out_pixel_offset, x_offset, filter_offset)` for every in-image tap (see `for_each_pixel`).
fn for_each_tap(info: &ConvInfo, mut f: impl FnMut(usize, usize, usize)) {
    for_each_pixel(info, |o, taps| taps.iter().for_each(|&(xo, fo)| f(o, xo, fo)));
}

#[no_mangle]
pub extern "C" fn depthwise_conv2d(x: *const f32, filter: *const f32, bias: *const f32, out: *mut f32, info: *const u32, act: u32) {
    let info = ConvInfo::read(info);
    let (c, mult) = (info.in_c, info.out_c);
    let ch = c * mult;
    let x = slice(x, info.x_len());
    let w = slice(filter, info.filter_h * info.filter_w * ch);
    let out = slice_mut(out, info.pixels() * ch);
    let bias = if bias.is_null() { None } else { Some(slice(bias, ch)) };
    if mult == 1 {
        forward_in_registers(&info, x, w, bias, out);
        apply_activation(out, act);
        return;
    }
    match bias {
        None => out.iter_mut().for_each(|v| *v = 0.0),
        Some(bias) => out.chunks_exact_mut(ch.max(1)).for_each(|row| row.copy_from_slice(bias)),
    }
    for_each_tap(&info, |o, xo, fo| {
        let acc = &mut out[o..o + ch];
        for ci in 0..c {
            axpy(x[xo + ci], &w[fo + ci * mult..fo + (ci + 1) * mult], &mut acc[ci * mult..(ci + 1) * mult]);
        }
    });
    apply_activation(out, act);
}

/// The forward pass with one output channel per input channel (mult 1): each output pixel's
/// channels in blocks of 16, whose four f32x4 sums stay in registers across all the pixel's taps.
/// (Summed tap by tap into memory with `mul_acc`, as the backward passes still do, every tap loaded
/// and stored them again: 7–17 GFLOP/s on the image model's depthwise convolutions, now 10–24.)
/// Each output is bias (or 0) + its in-image taps in (fy, fx) order, the order of that loop, so the
/// results are the same bits (the test below sums by hand).
fn forward_in_registers(info: &ConvInfo, x: &[f32], w: &[f32], bias: Option<&[f32]>, out: &mut [f32]) {
    let c = info.in_c;
    let zeros = vec![0.0f32; c];
    let bias = bias.unwrap_or(&zeros);
    assert!(x.len() >= info.x_len() && w.len() >= info.filter_h * info.filter_w * c && out.len() >= info.pixels() * c && bias.len() >= c);
    for_each_pixel(info, |o, taps| {
        // Safety: the assert above; every tap offset + c is within x and w, o + c within out.
        unsafe { pixel(x.as_ptr(), w.as_ptr(), bias.as_ptr(), out.as_mut_ptr().add(o), taps, c) };
    });
}

/// out[0..c] = bias + Σ over `taps` of x[xo..][..c] · w[fo..][..c].
/// # Safety
/// Every x[xo..xo + c], w[fo..fo + c], bias[..c] readable and out[..c] writable.
#[inline(always)]
unsafe fn pixel(x: *const f32, w: *const f32, bias: *const f32, out: *mut f32, taps: &[(usize, usize)], c: usize) {
    let mut ci = 0;
    while ci + 16 <= c {
        let mut acc = [0usize, 1, 2, 3].map(|k| F4::load_ptr(bias.add(ci + 4 * k)));
        for &(xo, fo) in taps {
            for (k, a) in acc.iter_mut().enumerate() {
                *a = a.mul_add(F4::load_ptr(x.add(xo + ci + 4 * k)), F4::load_ptr(w.add(fo + ci + 4 * k)));
            }
        }
        for (k, a) in acc.iter().enumerate() {
            a.store_ptr(out.add(ci + 4 * k));
        }
        ci += 16;
    }
    while ci + 4 <= c {
        let mut a = F4::load_ptr(bias.add(ci));
        for &(xo, fo) in taps {
            a = a.mul_add(F4::load_ptr(x.add(xo + ci)), F4::load_ptr(w.add(fo + ci)));
        }
        a.store_ptr(out.add(ci));
        ci += 4;
    }
    for j in ci..c {
        let mut a = *bias.add(j);
        for &(xo, fo) in taps {
            a += *x.add(xo + j) * *w.add(fo + j);
        }
        *out.add(j) = a;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// out = bias (or 0) + Σ in-image taps in (fy, fx) order, one float at a time.
    fn by_hand(info: &ConvInfo, x: &[f32], w: &[f32], bias: Option<&[f32]>) -> Vec<f32> {
        let c = info.in_c;
        let mut out = vec![0.0f32; info.pixels() * c];
        for (p, px) in out.chunks_exact_mut(c).enumerate() {
            let (b, oy, ox) = (p / (info.out_h * info.out_w), p / info.out_w % info.out_h, p % info.out_w);
            for (ch, v) in px.iter_mut().enumerate() {
                let mut a = bias.map_or(0.0, |bias| bias[ch]);
                for fy in 0..info.filter_h {
                    for fx in 0..info.filter_w {
                        if let (Some(iy), Some(ix)) = (info.in_row(oy, fy), info.in_col(ox, fx)) {
                            a += x[((b * info.in_h + iy) * info.in_w + ix) * c + ch] * w[(fy * info.filter_w + fx) * c + ch];
                        }
                    }
                }
                *v = a;
            }
        }
        out
    }

    #[test]
    fn channels_in_registers_sum_as_by_hand_bit_for_bit() {
        let val = |v: usize, o: usize| (((v + o) * 37) % 23) as f32 * 0.125 - 1.3;
        // 23 channels: a block of 16, one of 4, 3 alone. Strides 1 and 2, padding, dilation 2.
        let mut cases = vec![ConvInfo::square(2, 7, 6, 23, 3, 1, 1, 1), ConvInfo::square(1, 9, 8, 23, 5, 1, 2, 2), ConvInfo::square(1, 5, 5, 20, 3, 1, 2, 0)];
        let mut dilated = ConvInfo::square(1, 8, 8, 23, 3, 1, 1, 2);
        dilated.dilation_h = 2;
        dilated.dilation_w = 2;
        cases.push(dilated);
        for info in cases {
            let c = info.in_c;
            let x: Vec<f32> = (0..info.x_len()).map(|v| val(v, 0)).collect();
            let w: Vec<f32> = (0..info.filter_h * info.filter_w * c).map(|v| val(v, 5)).collect();
            let bias: Vec<f32> = (0..c).map(|v| val(v, 11)).collect();
            for b in [None, Some(&bias[..])] {
                let mut out = vec![f32::NAN; info.pixels() * c];
                let fields = info.fields();
                depthwise_conv2d(x.as_ptr(), w.as_ptr(), b.map_or(std::ptr::null(), |b| b.as_ptr()), out.as_mut_ptr(), fields.as_ptr(), 0);
                let bits = |v: &[f32]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&out), bits(&by_hand(&info, &x, &w, b)), "{:?} bias {}", fields, b.is_some());
            }
        }
    }
}
