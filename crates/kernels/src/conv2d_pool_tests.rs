//! Host tests of the fused conv → max-pool kernels (`conv2d_pool.rs`) and their tap rule.

use super::*;
use crate::conv2d_forward::tests::rand;

/// For each pooled output (already computed by `pool_band`), the first tap in row-major order
/// holding that value (bit for bit: max_pool's rule picks the first tap equal to the winner, and a
/// NaN winner is the first NaN), or -1 under relu when the max is not positive. The oracle for
/// `pool_taps_band` (the rule the training kernels kept before they recorded taps in one pass).
fn record_taps(conv: &[f32], rows: usize, pw: usize, co: usize, out: &[f32], taps: &mut [i32], relu: bool) {
    for_each_window(rows, pw, co, 2 * pw * co, |at, o| {
        let mut c = 0;
        while c + 4 <= co {
            taps4(conv, at, c, &out[o + c..o + c + 4], &mut taps[o + c..o + c + 4], relu);
            c += 4;
        }
        for ch in c..co {
            let best = out[o + ch];
            taps[o + ch] = if relu && !(best > 0.0) {
                -1
            } else {
                let same = |v: f32| v.to_bits() == best.to_bits() || (v.is_nan() && best.is_nan());
                (0..4).find(|&k| same(conv[at[k] + ch])).unwrap_or(0) as i32
            };
        }
    });
}

/// `record_taps` for channels c..c+4 in i32x4 lanes: taps checked last to first, so the first
/// match is the one left.
#[cfg(target_arch = "wasm32")]
#[inline(always)]
fn taps4(conv: &[f32], at: [usize; 4], c: usize, out: &[f32], taps: &mut [i32], relu: bool) {
    use core::arch::wasm32::*;
    assert!(at[3] + c + 4 <= conv.len() && at.iter().all(|&t| t <= at[3]) && out.len() >= 4 && taps.len() >= 4);
    // Safety: every tap index is at most at[3] (asserted in bounds); out and taps hold 4.
    unsafe {
        let best = v128_load(out.as_ptr() as *const v128);
        let best_nan = f32x4_ne(best, best);
        let mut idx = i32x4_splat(0);
        for k in (0..4).rev() {
            let v = v128_load(conv.as_ptr().add(at[k] + c) as *const v128);
            let same = v128_or(i32x4_eq(v, best), v128_and(f32x4_ne(v, v), best_nan));
            idx = v128_bitselect(i32x4_splat(k as i32), idx, same);
        }
        if relu {
            idx = v128_bitselect(idx, i32x4_splat(-1), f32x4_gt(best, f32x4_splat(0.0)));
        }
        v128_store(taps.as_mut_ptr() as *mut v128, idx);
    }
}

/// Host twin of the wasm `taps4`.
#[cfg(not(target_arch = "wasm32"))]
fn taps4(conv: &[f32], at: [usize; 4], c: usize, out: &[f32], taps: &mut [i32], relu: bool) {
    for l in 0..4 {
        let best = out[l];
        taps[l] = if relu && !(best > 0.0) {
            -1
        } else {
            let same = |v: f32| v.to_bits() == best.to_bits() || (v.is_nan() && best.is_nan());
            (0..4).find(|&k| same(conv[at[k] + c + l])).unwrap_or(0) as i32
        };
    }
}

/// conv2d then max_pool through the unfused exports.
fn unfused(info: &ConvInfo, x: &[f32], f: &[f32], bias: &[f32], act: u32) -> Vec<f32> {
    let mut conv = vec![0.0f32; info.pixels() * info.out_c];
    crate::conv2d::conv2d(x.as_ptr(), f.as_ptr(), bias.as_ptr(), conv.as_mut_ptr(), info.fields().as_ptr(), act);
    let pool = info.pool2x2();
    let n = pool.pixels() * info.out_c;
    let (mut out, mut arg) = (vec![0.0f32; n], vec![0i32; n]);
    crate::pool::max_pool(conv.as_ptr(), out.as_mut_ptr(), arg.as_mut_ptr(), pool.fields().as_ptr());
    out
}

#[test]
fn train_taps_equal_record_taps_of_the_conv_output() {
    // Pooled in registers (no padding, small filter: conv1-like) and through the band buffer
    // (padding), even conv outputs so whole images are bands; ties (a zero filter column: the
    // four taps equal the bias) and NaN windows included.
    let shapes = [(2, 10, 12, 3, 3, 10, 1, 0), (1, 42, 10, 3, 3, 32, 1, 0), (2, 8, 10, 3, 3, 6, 1, 1)];
    for &(batch, h, w, ci, fs, co, s, pad) in &shapes {
        let info = ConvInfo::square(batch, h, w, ci, fs, co, s, pad);
        assert!(info.out_h % 2 == 0 && info.out_w % 2 == 0);
        assert_eq!(crate::conv2d_forward::pools_in_place(&info, 1), pad == 0);
        let mut x = rand(info.x_len(), 1);
        x[5 * ci + 1] = f32::NAN;
        let mut f = rand(fs * fs * ci * co, 2);
        for t in 0..fs * fs * ci {
            f[t * co] = 0.0;
        }
        let bias = rand(co, 3);
        let (ph, pw) = (info.out_h / 2, info.out_w / 2);
        let img = ph * pw * co;
        for &act in &[0u32, 1] {
            let mut conv = vec![0.0f32; info.pixels() * co];
            crate::conv2d::conv2d(x.as_ptr(), f.as_ptr(), bias.as_ptr(), conv.as_mut_ptr(), info.fields().as_ptr(), act);
            let (mut pooled, mut want) = (vec![0.0f32; batch * img], vec![9i32; batch * img]);
            let conv_img = info.out_h * info.out_w * co;
            for b in 0..batch {
                let c = &conv[b * conv_img..(b + 1) * conv_img];
                pool_band(c, ph, pw, co, &mut pooled[b * img..(b + 1) * img]);
                record_taps(c, ph, pw, co, &pooled[b * img..(b + 1) * img], &mut want[b * img..(b + 1) * img], act == 1);
            }
            let (mut out, mut taps) = (vec![0.0f32; batch * img], vec![9i32; batch * img]);
            conv2d_max_pool_taps(&info, &x, &f, Some(&bias), &mut out, Some(&mut taps), act);
            assert_eq!(taps, want, "{:?} act {}", (batch, h, w, ci, co, pad), act);
            assert!(pooled.iter().zip(&out).all(|(a, b)| a.to_bits() == b.to_bits()));
            assert!(want.iter().any(|&t| t > 0) && out.iter().any(|v| v.is_nan()));
            if act == 0 {
                assert!((0..batch * ph * pw).all(|q| want[q * co] == 0 || out[q * co].is_nan()), "the zero filter column ties: first tap wins");
            }
        }
    }
}

#[test]
fn pool_taps_band_equals_pool_band_then_record_taps() {
    // Ties (repeated values, +0 and -0), NaNs, negatives (relu -1), channels off multiples of 4.
    let vals = [1.5f32, -2.0, 0.0, -0.0, 1.5, f32::NAN, 3.0, -0.5, 3.0, 0.25];
    for &(rows, pw, co) in &[(2usize, 3usize, 5usize), (1, 4, 8), (3, 2, 7), (1, 1, 1)] {
        let conv: Vec<f32> = (0..2 * rows * 2 * pw * co).map(|i| vals[(i * 7 + i / 3) % vals.len()]).collect();
        for &relu in &[false, true] {
            let n = rows * pw * co;
            let (mut want_out, mut want_taps) = (vec![0.0f32; n], vec![9i32; n]);
            pool_band(&conv, rows, pw, co, &mut want_out);
            record_taps(&conv, rows, pw, co, &want_out, &mut want_taps, relu);
            let (mut out, mut taps) = (vec![0.0f32; n], vec![9i32; n]);
            pool_taps_band(&conv, rows, pw, co, &mut out, &mut taps, relu);
            assert_eq!(taps, want_taps, "{:?} relu {}", (rows, pw, co), relu);
            assert!(out.iter().zip(&want_out).all(|(a, b)| a.to_bits() == b.to_bits()));
        }
    }
}

#[test]
fn fused_equals_conv_then_pool_bit_for_bit() {
    // (batch, h, w, inC, filter, outC, stride, pad): Winograd (≥ 16 channels) and implicit
    // GEMM, odd conv outputs (a dropped row / column), padding, stride 2, channel counts off
    // multiples of 4, several bands per image (the 64×… case), a large filter (blocked GEMM).
    let shapes = [
        (2, 9, 11, 3, 3, 5, 1, 0),
        (1, 12, 10, 3, 3, 32, 1, 1),
        (2, 11, 9, 17, 3, 19, 1, 1),
        (1, 10, 10, 16, 3, 16, 1, 0),
        (1, 9, 13, 5, 3, 6, 2, 1),
        (2, 7, 8, 7, 1, 9, 1, 0),
        (1, 150, 40, 3, 3, 32, 1, 0),
        (1, 9, 9, 64, 3, 520, 2, 1),
    ];
    for &(batch, h, w, ci, fs, co, s, pad) in &shapes {
        let info = ConvInfo::square(batch, h, w, ci, fs, co, s, pad);
        let x = rand(info.x_len(), 1);
        let f = rand(fs * fs * ci * co, 2);
        let bias = rand(co, 3);
        for &act in &[0u32, 1, 2] {
            let want = unfused(&info, &x, &f, &bias, act);
            let mut got = vec![f32::NAN; want.len()];
            conv2d_max_pool_slices(&info, &x, &f, Some(&bias), &mut got, act);
            for (i, (g, e)) in got.iter().zip(&want).enumerate() {
                assert_eq!(g.to_bits(), e.to_bits(), "{:?} act {} at {}", (batch, h, w, ci, fs, co, s, pad), act, i);
            }
        }
    }
}
