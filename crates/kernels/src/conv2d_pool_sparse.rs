//! Filter and bias gradients of the conv → 2×2 max-pool training fusion for a small first layer
//! (no input gradient wanted, at most 4 input channels: e.g. 3×3 over RGB), straight from the
//! pooled gradient and the winning taps.
//!
//! After routing, the conv output gradient is zero at three of each window's four pixels (at all
//! four where relu clipped), so dW[:, c] = Σ over windows of dy[c] · patch(winning pixel)[:]: a
//! quarter of the dense sum's multiplies, and the full-size gradient is never written. Per window
//! the four pixels' patches (K = fh·fw·ci floats each) are copied to a small buffer, then each
//! channel adds dy · its winner's patch to its own row of a channel-major accumulator (K rounded
//! up to 4, in f32x4 lanes). Sums run in window order, so dW and dB agree with the routed dense
//! path to float32 rounding, not bit for bit.

use crate::conv_info::ConvInfo;
use crate::simd::F4;

/// Largest filter (fh·fw·ci floats) this path takes.
const MAX_K: usize = 64;

/// True for geometries this path takes: no padding, dilation 1, ci ≤ 4, fh·fw·ci ≤ MAX_K.
pub(crate) fn applies(info: &ConvInfo) -> bool {
    let k = info.filter_h * info.filter_w * info.in_c;
    info.pad_top == 0 && info.pad_left == 0 && info.dilation_h == 1 && info.dilation_w == 1 && info.in_c <= 4 && k > 0 && k <= MAX_K
}

/// dw (HWIO, zeroed) and db (zeroed, when given) from x, the recorded taps (the caller has checked
/// they are in -1..3) and the pooled gradient dy ([batch, outH/2, outW/2, outC]).
pub(crate) fn filter_grad(info: &ConvInfo, x: &[f32], taps: &[i32], dy: &[f32], dw: &mut [f32], mut db: Option<&mut [f32]>) {
    assert!(applies(info));
    let (ci, co) = (info.in_c, info.out_c);
    let run = info.filter_w * ci; // one filter row of a patch: consecutive floats of x
    let k = info.filter_h * run;
    let kp = (k + 3) / 4 * 4;
    let (ph, pw) = (info.out_h / 2, info.out_w / 2);
    let n = info.batch * ph * pw * co;
    assert!(taps.len() >= n && dy.len() >= n && dw.len() >= k * co && x.len() >= info.x_len());
    let mut acc = vec![0.0f32; co * kp];
    // Patch t at t·kp; rows are copied in whole f32x4s, so the last one may spill up to 3 floats
    // past its end (into the next patch, written after it, or the slack at the end).
    let mut patches = [0.0f32; 4 * MAX_K + 4];
    let row = info.in_w * ci;
    for b in 0..info.batch {
        for py in 0..ph {
            for px in 0..pw {
                for t in 0..4 {
                    let (oy, ox) = (2 * py + t / 2, 2 * px + t % 2);
                    let base = ((b * info.in_h + oy * info.stride_h) * info.in_w + ox * info.stride_w) * ci;
                    for fy in 0..info.filter_h {
                        copy_run(x, base + fy * row, run, &mut patches, t * kp + fy * run);
                    }
                }
                let o = ((b * ph + py) * pw + px) * co;
                for c in 0..co {
                    let t = taps[o + c];
                    if t < 0 {
                        continue;
                    }
                    let g = 0.0 + dy[o + c]; // as routed: 0 + dy
                    if let Some(db) = db.as_mut() {
                        db[c] += g;
                    }
                    let (a, p) = (&mut acc[c * kp..(c + 1) * kp], &patches[t as usize * kp..t as usize * kp + kp]);
                    match kp {
                        28 => add_scaled::<7>(a, p, g), // 3×3 over RGB
                        36 => add_scaled::<9>(a, p, g),
                        12 => add_scaled::<3>(a, p, g),
                        _ => add_scaled_any(a, p, g),
                    }
                }
            }
        }
    }
    for t in 0..k {
        for c in 0..co {
            dw[t * co + c] += acc[c * kp + t];
        }
    }
}

/// dst[at..at + run] = x[from..from + run], in whole f32x4s where x allows (dst has the slack).
#[inline(always)]
fn copy_run(x: &[f32], from: usize, run: usize, dst: &mut [f32], at: usize) {
    let whole = (run + 3) / 4 * 4;
    if from + whole <= x.len() && at + whole <= dst.len() {
        let mut v = 0;
        while v < whole {
            F4::load(x, from + v).store(dst, at + v);
            v += 4;
        }
    } else {
        // Element by element (the very end of x); a loop LLVM may not turn into a memcpy call.
        for i in 0..run {
            dst[at + i] = x[from + i];
        }
    }
}

/// acc += g · p for V f32x4s (the common filter sizes, unrolled).
#[inline(always)]
fn add_scaled<const V: usize>(acc: &mut [f32], p: &[f32], g: f32) {
    assert!(acc.len() >= 4 * V && p.len() >= 4 * V);
    let s = F4::splat(g);
    // Safety: both hold 4·V floats (asserted).
    unsafe {
        for v in 0..V {
            let q = acc.as_mut_ptr().add(4 * v);
            F4::load_ptr(q).mul_add(F4::load_ptr(p.as_ptr().add(4 * v)), s).store_ptr(q);
        }
    }
}

/// acc += g · p, both kp floats (a multiple of 4).
#[inline(always)]
fn add_scaled_any(acc: &mut [f32], p: &[f32], g: f32) {
    let s = F4::splat(g);
    let mut v = 0;
    while v + 4 <= acc.len() && v + 4 <= p.len() {
        F4::load(acc, v).mul_add(F4::load(p, v), s).store(acc, v);
        v += 4;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv2d_forward::tests::rand;

    #[test]
    fn matches_the_routed_dense_gradients() {
        // (batch, h, w, ci, filter, co, stride): RGB 3×3 (odd conv outputs: a dropped row and
        // column), 1 and 4 channels, 5×5 over 2 channels (K = 50, spills into the slack), stride 2,
        // channel counts off multiples of 4; relu (-1 taps) and linear.
        let shapes = [(2, 11, 9, 3, 3, 5, 1), (1, 12, 12, 4, 3, 8, 1), (2, 10, 13, 1, 3, 3, 1), (1, 13, 11, 2, 5, 6, 1), (2, 15, 11, 3, 3, 7, 2)];
        for &(batch, h, w, ci, fs, co, s) in &shapes {
            let info = ConvInfo::square(batch, h, w, ci, fs, co, s, 0);
            assert!(applies(&info));
            let pool = info.pool2x2();
            let (x, f, bias) = (rand(info.x_len(), 1), rand(fs * fs * ci * co, 2), rand(co, 3));
            let np = pool.pixels() * co;
            let dyp = rand(np, 4);
            for &act in &[0u32, 1] {
                let (mut out, mut taps) = (vec![0.0f32; np], vec![0i32; np]);
                crate::conv2d_pool::conv2d_max_pool_train(x.as_ptr(), f.as_ptr(), bias.as_ptr(), out.as_mut_ptr(), taps.as_mut_ptr(), info.fields().as_ptr(), act);
                // Dense: route to the full output gradient, then conv2d_backward (filter, bias).
                let mut dz = vec![0.0f32; info.pixels() * co];
                let (ph, pw) = (pool.out_h, pool.out_w);
                for q in 0..np {
                    let (c, px, py, b) = (q % co, (q / co) % pw, (q / co / pw) % ph, q / co / pw / ph);
                    if taps[q] >= 0 {
                        let (oy, ox) = (2 * py + taps[q] as usize / 2, 2 * px + taps[q] as usize % 2);
                        dz[((b * info.out_h + oy) * info.out_w + ox) * co + c] = dyp[q];
                    }
                }
                let y = vec![1.0f32; dz.len()]; // act linear below: y unused
                let (mut dx1, mut dw1, mut db1) = (vec![0.0f32; x.len()], vec![0.0f32; f.len()], vec![0.0f32; co]);
                crate::conv2d_backprop::conv2d_backward(x.as_ptr(), f.as_ptr(), y.as_ptr(), dz.as_ptr(), 0, dx1.as_mut_ptr(), dw1.as_mut_ptr(), db1.as_mut_ptr(), info.fields().as_ptr());
                let (mut dw2, mut db2) = (vec![0.0f32; f.len()], vec![0.0f32; co]);
                filter_grad(&info, &x, &taps, &dyp, &mut dw2, Some(&mut db2));
                let close = |a: &[f32], b: &[f32]| a.iter().zip(b).all(|(p, q)| (p - q).abs() <= 1e-5 * (1.0 + q.abs()));
                assert!(close(&dw2, &dw1), "dfilter {:?} act {}: {:?} vs {:?}", (batch, h, w, ci, fs, co, s), act, &dw2[..4], &dw1[..4]);
                assert!(close(&db2, &db1), "dbias {:?} act {}", (batch, h, w, ci, fs, co, s), act);
                assert!(dw1.iter().any(|v| *v != 0.0) && (act == 0 || taps.iter().any(|&t| t < 0)));
            }
        }
    }

    #[test]
    fn padded_dilated_or_wide_inputs_keep_the_dense_path() {
        assert!(!applies(&ConvInfo::square(1, 8, 8, 3, 3, 4, 1, 1)));
        assert!(!applies(&ConvInfo::square(1, 8, 8, 5, 3, 4, 1, 0)));
        assert!(!applies(&ConvInfo::square(1, 12, 12, 3, 5, 4, 1, 0))); // K = 75
        assert!(!applies(&ConvInfo { dilation_h: 2, ..ConvInfo::square(1, 12, 12, 3, 3, 4, 1, 0) }));
    }
}
