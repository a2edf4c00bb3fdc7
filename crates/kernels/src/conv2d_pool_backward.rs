//! Backward of the training fusion conv2d (+ bias, linear or relu) → 2×2, stride-2, 'valid' max
//! pooling (`conv2d_max_pool_train`): the pooled gradient is routed to the winning tap of each
//! window (as `max_pool_backward` does, relu's mask already folded into the taps), and the
//! convolution's filter, bias and (when wanted) input gradients are computed from that, so the
//! full-size conv output gradient exists only in WASM memory. The arithmetic after routing is
//! `conv2d_backward`'s, so the gradients equal conv2d_backward(max_pool_backward(dy)) bit for bit.

use crate::conv2d_backprop::zeroed_sums;
use crate::conv2d_grad_filter::FilterGrad;
use crate::conv2d_pool::for_each_window;
use crate::conv2d_grad_input::InputGrad;
use crate::conv_info::ConvInfo;
use crate::memory::{slice, slice_mut};
use crate::simd::add_assign;

/// dy is the pooled gradient [batch, outH/2, outW/2, outC] (rounded down), taps what
/// `conv2d_max_pool_train` recorded (0..3 or -1). dfilter = the filter gradient; dbias (unless
/// null) the bias gradient; dx (unless null) the input gradient. Returns -1, or the first index
/// whose tap is outside -1..3 (the wrapper then throws).
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub extern "C" fn conv2d_max_pool_backward(x: *const f32, filter: *const f32, taps: *const i32, dy: *const f32, dx: *mut f32, dfilter: *mut f32, dbias: *mut f32, info: *const u32) -> i32 {
    let info = ConvInfo::read(info);
    let n = info.out_c;
    let (ph, pw) = (info.out_h / 2, info.out_w / 2);
    let pooled = ph * pw * n;
    let (x_img, px) = (info.in_h * info.in_w * info.in_c, info.out_h * info.out_w);
    let x = slice(x, info.x_len());
    let w = slice(filter, info.filter_h * info.filter_w * info.in_c * n);
    let taps = slice(taps, info.batch * pooled);
    if let Some(bad) = taps.iter().position(|&t| !(-1..=3).contains(&t)) {
        return bad as i32;
    }
    let dy = slice(dy, info.batch * pooled);
    let (dw, mut db) = zeroed_sums(dfilter, w.len(), dbias, n);
    if dx.is_null() && crate::conv2d_pool_sparse::applies(&info) {
        // A small first layer: its filter gradient straight from the winning taps.
        crate::conv2d_pool_sparse::filter_grad(&info, x, taps, dy, dw, db);
        return -1;
    }
    let mut dx = if dx.is_null() { None } else { Some(slice_mut(dx, info.x_len())) };
    let mut fgrad = FilterGrad::new(&info);
    let mut igrad = dx.as_ref().map(|_| InputGrad::new(&info, w));
    // dz one image at a time (it stays in cache from routing to both gradients), or for the whole
    // batch when dx is wanted from a path that runs over the batch (as conv2d_backward does).
    let whole = igrad.as_ref().map_or(false, |g| !g.per_image());
    let mut dz = vec![0.0f32; if whole { info.batch * px * n } else { px * n }];
    for b in 0..info.batch {
        let rows = b * px * n..(b + 1) * px * n;
        let dzb = if whole { &mut dz[rows] } else { &mut dz[..] };
        let o = b * pooled;
        route(&info, &taps[o..o + pooled], &dy[o..o + pooled], dzb);
        if let Some(db) = db.as_mut() {
            for p in 0..px {
                add_assign(db, &dzb[p * n..(p + 1) * n]);
            }
        }
        fgrad.add_image(&info, &x[b * x_img..(b + 1) * x_img], dzb, dw);
        if let (Some(g), Some(dx), false) = (igrad.as_mut(), dx.as_mut(), whole) {
            g.images(&info, 1, dzb, &mut dx[b * x_img..(b + 1) * x_img]);
        }
    }
    fgrad.finish(&info, dw);
    if let (Some(g), Some(dx), true) = (igrad.as_mut(), dx.as_mut(), whole) {
        g.images(&info, info.batch, &dz, dx);
    }
    -1
}

/// One image's conv output gradient: 0 everywhere except the winning tap of each window, which
/// gets 0 + dy (max_pool_backward's zeroed buffer plus the scattered value, so a -0 becomes +0).
/// Every window's four pixels are written (channels in 4s as f32x4 lanes); only the odd last row
/// and column, which no window covers, are zeroed separately.
fn route(info: &ConvInfo, taps: &[i32], dy: &[f32], dz: &mut [f32]) {
    let (n, oh, ow) = (info.out_c, info.out_h, info.out_w);
    let (ph, pw) = (oh / 2, ow / 2);
    assert!(taps.len() >= ph * pw * n && dy.len() >= ph * pw * n && dz.len() >= oh * ow * n);
    if ow % 2 == 1 {
        for y in 0..2 * ph {
            dz[(y * ow + ow - 1) * n..(y * ow + ow) * n].iter_mut().for_each(|v| *v = 0.0);
        }
    }
    if oh % 2 == 1 {
        dz[(oh - 1) * ow * n..oh * ow * n].iter_mut().for_each(|v| *v = 0.0);
    }
    for_each_window(ph, pw, n, ow * n, |at, o| {
        let mut c = 0;
        while c + 4 <= n {
            route4(&taps[o + c..o + c + 4], &dy[o + c..o + c + 4], at, c, dz);
            c += 4;
        }
        for ch in c..n {
            let t = taps[o + ch];
            for (k, &a) in at.iter().enumerate() {
                dz[a + ch] = if t == k as i32 { 0.0 + dy[o + ch] } else { 0.0 };
            }
        }
    });
}

/// `route` for channels c..c+4 of one window: lane l of tap k gets 0 + dy where taps = k, else 0.
#[cfg(target_arch = "wasm32")]
#[inline(always)]
fn route4(taps: &[i32], dy: &[f32], at: [usize; 4], c: usize, dz: &mut [f32]) {
    use core::arch::wasm32::*;
    assert!(taps.len() >= 4 && dy.len() >= 4 && at.iter().all(|&a| a <= at[3]) && at[3] + c + 4 <= dz.len());
    // Safety: taps and dy hold 4; every tap index is at most at[3] (asserted in bounds).
    unsafe {
        let t = v128_load(taps.as_ptr() as *const v128);
        let g = f32x4_add(f32x4_splat(0.0), v128_load(dy.as_ptr() as *const v128));
        for (k, &a) in at.iter().enumerate() {
            let v = v128_and(g, i32x4_eq(t, i32x4_splat(k as i32)));
            v128_store(dz.as_mut_ptr().add(a + c) as *mut v128, v);
        }
    }
}

/// Host twin of the wasm `route4`.
#[cfg(not(target_arch = "wasm32"))]
fn route4(taps: &[i32], dy: &[f32], at: [usize; 4], c: usize, dz: &mut [f32]) {
    for l in 0..4 {
        for (k, &a) in at.iter().enumerate() {
            dz[a + c + l] = if taps[l] == k as i32 { 0.0 + dy[l] } else { 0.0 };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv2d_forward::tests::rand;

    #[test]
    fn equals_pool_backward_then_conv_backward_bit_for_bit() {
        // Direct and Winograd (channels in 4s, batch 2: dx image by image) paths, odd sizes, padding.
        let shapes = [(2, 9, 11, 3, 3, 5, 1, 0), (2, 11, 9, 17, 3, 19, 1, 1), (1, 10, 10, 16, 3, 16, 1, 0), (2, 10, 9, 8, 3, 12, 1, 1), (1, 40, 12, 3, 3, 32, 1, 0)];
        for &(batch, h, w, ci, fs, co, s, pad) in &shapes {
            let info = ConvInfo::square(batch, h, w, ci, fs, co, s, pad);
            let pool = info.pool2x2();
            let (x, f, bias) = (rand(info.x_len(), 1), rand(fs * fs * ci * co, 2), rand(co, 3));
            let np = pool.pixels() * co;
            let dyp = rand(np, 4);
            for &act in &[0u32, 1] {
                // unfused: conv2d, max_pool (argmax), max_pool_backward, conv2d_backward
                let mut y = vec![0.0f32; info.pixels() * co];
                crate::conv2d::conv2d(x.as_ptr(), f.as_ptr(), bias.as_ptr(), y.as_mut_ptr(), info.fields().as_ptr(), act);
                let (mut pooled, mut arg) = (vec![0.0f32; np], vec![0i32; np]);
                crate::pool::max_pool(y.as_ptr(), pooled.as_mut_ptr(), arg.as_mut_ptr(), pool.fields().as_ptr());
                let mut dyc = vec![0.0f32; y.len()];
                crate::pool::max_pool_backward(dyp.as_ptr(), arg.as_ptr(), dyc.as_mut_ptr(), pool.fields().as_ptr());
                let (mut dx1, mut dw1, mut db1) = (vec![0.0f32; x.len()], vec![0.0f32; f.len()], vec![0.0f32; co]);
                crate::conv2d_backprop::conv2d_backward(x.as_ptr(), f.as_ptr(), y.as_ptr(), dyc.as_ptr(), act, dx1.as_mut_ptr(), dw1.as_mut_ptr(), db1.as_mut_ptr(), info.fields().as_ptr());
                // fused
                let (mut out2, mut taps) = (vec![0.0f32; np], vec![0i32; np]);
                crate::conv2d_pool::conv2d_max_pool_train(x.as_ptr(), f.as_ptr(), bias.as_ptr(), out2.as_mut_ptr(), taps.as_mut_ptr(), info.fields().as_ptr(), act);
                let (mut dx2, mut dw2, mut db2) = (vec![0.0f32; x.len()], vec![0.0f32; f.len()], vec![0.0f32; co]);
                let r = conv2d_max_pool_backward(x.as_ptr(), f.as_ptr(), taps.as_ptr(), dyp.as_ptr(), dx2.as_mut_ptr(), dw2.as_mut_ptr(), db2.as_mut_ptr(), info.fields().as_ptr());
                assert_eq!(r, -1);
                let bits = |v: &[f32]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&out2), bits(&pooled));
                assert_eq!(bits(&dw2), bits(&dw1), "dfilter {:?} act {}", (batch, h, w, ci, co), act);
                assert_eq!(bits(&db2), bits(&db1));
                assert_eq!(bits(&dx2), bits(&dx1));
            }
        }
    }
}
