//! Winograd's multiply stage fused with its output transform (see `winograd.rs`).
//!
//! For each NR-channel panel of the output and each group of MR tiles, the N² products
//! M_ξ = V_ξ·U_ξ of that MR×NR corner are computed one after another by the GEMM micro-kernel into
//! a 2 KB buffer that stays in L1, and the output transform (+ bias, activation) reads them back
//! from there at once. The unfused form wrote all of M (N²·tiles·outC floats, hundreds of KB) to
//! L2 and read it back in N² strided streams. Each sum is the micro-kernel's over all inC in one
//! pass, as the GEMM's for inC up to its k slice (512), so the result is the same bit for bit.
//!
//! With `pooled` (F(2×2) only: its tiles are exactly the 2×2 pooling windows), each tile's four
//! activated outputs are reduced by `max_pool`'s rule and only the pooled pixel is written.

use crate::conv_info::ConvInfo;
use crate::fused_activation::apply_activation;
use crate::gemm::{PackedB, MR, NR};
use crate::gemm_kernel::kernel;
use crate::simd::F4;
use crate::winograd::{transform2d_output, Tiles, Variant, MAX_TILE_FLOATS};
use core::array::from_fn;

const NV: usize = NR / 4;

/// Where a tile's outputs go: the out index of its top-left pixel (channel 0), and how many of its
/// rows and columns lie inside the output (0 rows: nothing written, a pooled tile cut by the edge).
#[derive(Clone, Copy, Default)]
struct Place {
    first: usize,
    rows: usize,
    cols: usize,
}

/// out = act(Aᵀ[Σ_c V ⊙ U]A + bias) for tiles t0..t0+tb, or its 2×2 max pooling into
/// [batch, outH/2, outW/2, outC] when `pooled`. V_ξ (packed A, `vlen` floats apart per ξ) holds
/// the block's transformed input, rows past tb zero; u[ξ] is U_ξ [inC, outC].
#[inline(never)]
pub(crate) fn multiply_output<const T: usize, const N: usize, V: Variant<T, N>>(info: &ConvInfo, tiles: Tiles, t0: usize, tb: usize, v: &[f32], vlen: usize, u: &[PackedB], bias: Option<&[f32]>, act: u32, out: &mut [f32], pooled: bool) {
    let (ci, co) = (info.in_c, info.out_c);
    let groups = (tb + MR - 1) / MR;
    assert!(u.len() == N * N && u.iter().all(|p| p.k() == ci && p.n() == co));
    assert!(ci > 0 && v.len() >= (N * N - 1) * vlen + groups * ci * MR);
    assert!(bias.map_or(true, |b| b.len() >= co));
    assert!(!pooled || (T == 2 && act <= 1));
    let (ph, pw) = (info.out_h / 2, info.out_w / 2);
    // Pixel stride of the output rows, and each tile's place, computed once per block.
    let row_px = if pooled { pw } else { info.out_w };
    let places: Vec<Place> = (t0..t0 + tb)
        .map(|t| {
            let (b, ty, tx) = tiles.coords(t);
            if pooled {
                let keep = ty < ph && tx < pw;
                Place { first: ((b * ph + ty) * pw + tx) * co, rows: if keep { 1 } else { 0 }, cols: 1 }
            } else {
                let (oy, ox) = (T * ty, T * tx);
                Place { first: ((b * info.out_h + oy) * info.out_w + ox) * co, rows: T.min(info.out_h - oy), cols: T.min(info.out_w - ox) }
            }
        })
        .collect();
    if let Some(p) = places.iter().filter(|p| p.rows > 0).last() {
        assert!(p.first + ((p.rows - 1) * row_px + p.cols - 1) * co + co <= out.len());
    }
    let relu = act == 1;
    // M of one MR×NR corner at every ξ: element (ξ, r, lane group q) at ((ξ·MR + r)·NV + q)·4.
    let mut mbuf = [0.0f32; MAX_TILE_FLOATS * MR * NR]; // on the stack: no allocation per block
    assert!(N * N <= MAX_TILE_FLOATS);
    let mp = mbuf.as_mut_ptr();
    for jp in 0..(co + NR - 1) / NR {
        let j0 = jp * NR;
        let cols = NR.min(co - j0);
        let mut bv = [F4::zero(); NV];
        if let Some(bs) = bias {
            let mut tmp = [0.0f32; NR];
            tmp[..cols].copy_from_slice(&bs[j0..j0 + cols]);
            for (q, x) in bv.iter_mut().enumerate() {
                *x = F4::load(&tmp, 4 * q);
            }
        }
        for g in 0..groups {
            for (xi, uxi) in u.iter().enumerate() {
                let panel = uxi.panel(jp);
                // Safety: V_ξ's panel g spans ci·MR floats inside v (asserted), the B panel k·NR
                // (its slice), and mbuf holds N²·MR·NR floats.
                unsafe {
                    let acc = kernel(ci, v.as_ptr().add(xi * vlen + g * ci * MR), panel.as_ptr());
                    for (r, row) in acc.iter().enumerate() {
                        for (q, x) in row.iter().enumerate() {
                            x.store_ptr(mp.add(((xi * MR + r) * NV + q) * 4));
                        }
                    }
                }
            }
            for r in 0..MR.min(tb - g * MR) {
                let p = places[g * MR + r];
                if p.rows == 0 {
                    continue;
                }
                let at = |i: usize, j: usize| p.first + (i * row_px + j) * co + j0;
                for q in 0..NV {
                    let w = 4.min(cols.saturating_sub(4 * q));
                    if w == 0 {
                        break;
                    }
                    // Safety: inside mbuf (see above).
                    let mv: [[F4; N]; N] = from_fn(|i| from_fn(|j| unsafe { F4::load_ptr(mp.add(((((N * i + j) * MR) + r) * NV + q) * 4)) }));
                    let mut y = transform2d_output::<T, N, V>(mv);
                    for i in 0..T {
                        for j in 0..T {
                            if bias.is_some() {
                                y[i][j] = y[i][j].add(bv[q]);
                            }
                            if relu {
                                y[i][j] = y[i][j].max(F4::zero());
                            }
                        }
                    }
                    if pooled {
                        // Taps in max_pool's order: row-major over the window.
                        let best = y[0][0].pool_max(y[0][1]).pool_max(y[1][0]).pool_max(y[1][1]);
                        store(best, out, at(0, 0) + 4 * q, w);
                    } else {
                        for i in 0..p.rows {
                            for j in 0..p.cols {
                                store(y[i][j], out, at(i, j) + 4 * q, w);
                            }
                        }
                    }
                }
            }
        }
    }
    if act > 1 {
        for p in &places {
            for i in 0..p.rows {
                let o = p.first + i * row_px * co;
                apply_activation(&mut out[o..o + p.cols * co], act);
            }
        }
    }
}

/// out[o..o + w] = the first w lanes of x.
#[inline(always)]
fn store(x: F4, out: &mut [f32], o: usize, w: usize) {
    if w == 4 {
        x.store(out, o);
    } else {
        out[o..o + w].copy_from_slice(&x.to_array()[..w]);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::conv2d_forward::tests::rand;
    use crate::conv_info::ConvInfo;
    use crate::winograd::{conv2d_prepared, conv2d_prepared_pooled, prepare};

    /// max_pool (2×2, stride 2, 'valid') of an NHWC conv output, through the pool kernel.
    pub(crate) fn pooled(info: &ConvInfo, conv: &[f32]) -> Vec<f32> {
        let (ph, pw, c) = (info.out_h / 2, info.out_w / 2, info.out_c);
        let f = [info.batch, info.out_h, info.out_w, c, 2, 2, c, 2, 2, 1, 1, 0, 0, ph, pw].map(|v| v as u32);
        let n = info.batch * ph * pw * c;
        let (mut out, mut arg) = (vec![0.0f32; n], vec![0i32; n]);
        crate::pool::max_pool(conv.as_ptr(), out.as_mut_ptr(), arg.as_mut_ptr(), f.as_ptr());
        out
    }

    #[test]
    fn pooled_output_equals_max_pool_of_the_output_bit_for_bit() {
        // Odd outputs (a dropped row / column), padding, channels off multiples of 4 and 8,
        // batch > 1, NaN planted (max_pool's rule: a NaN tap wins over a number).
        for &(batch, h, w, ci, co, pad) in &[(2, 9, 11, 16, 19, 0), (1, 10, 12, 17, 16, 1), (2, 8, 7, 20, 36, 1)] {
            let info = ConvInfo::square(batch, h, w, ci, 3, co, 1, pad);
            let mut x = rand(info.x_len(), 4);
            x[3 * ci + 2] = f32::NAN;
            let f = rand(9 * ci * co, 5);
            let bias = rand(co, 6);
            let u = prepare(&info, &f);
            for &act in &[0u32, 1] {
                let mut conv = vec![0.0f32; info.pixels() * co];
                conv2d_prepared(&info, &x, &u, Some(&bias), &mut conv, act, &mut Vec::new());
                let want = pooled(&info, &conv);
                let mut got = vec![0.5f32; want.len()];
                conv2d_prepared_pooled(&info, &x, &u, Some(&bias), &mut got, act, &mut Vec::new());
                assert!(got.iter().any(|v| v.is_nan()) && got.iter().any(|v| !v.is_nan()));
                for (i, (g, e)) in got.iter().zip(&want).enumerate() {
                    assert_eq!(g.to_bits(), e.to_bits(), "{:?} act {} at {}", (batch, h, w, ci, co, pad), act, i);
                }
            }
        }
    }
}
