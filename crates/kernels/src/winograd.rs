//! Winograd F(2×2, 3×3) convolution forward for 3×3 filters (NHWC, stride 1, dilation 1, any
//! padding), with the bias and activation fused into the output transform.
//!
//! Each T×T output tile comes from an N×N input tile d (T = 2, N = T + 2 = 4):
//! Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A. Summed over input channels, the element-wise product is N²
//! independent GEMMs, one per tile position ξ: M_ξ[tiles, outC] = V_ξ[tiles, inC] · U_ξ[inC, outC],
//! 16 multiply-adds per 4 outputs and channel pair instead of 36 (2.25× fewer). The transforms
//! only add and subtract (G's halves are exact), so the result differs from a direct convolution
//! by float rounding only: worst 0.12 of the kernel tests' tolerance (rtol 1e-4, atol 1e-5) in the
//! tests below. Larger tiles were measured and rejected: F(4×4, 3×3) (4× fewer multiplies)
//! exceeds that tolerance, F(3×3, 3×3) uses 60% of it, and neither was clearly faster on the seed
//! CNN's shapes (more GEMMs per block, tiles overhanging 34-pixel outputs). The driver is generic
//! over the 1-D transforms (`Variant`) so another tile size is one impl away.
//!
//! Tiles go in blocks sized so V and M stay in L2. The input transform writes V straight into the
//! GEMM's packed-A layout (4 tiles × 4 channels at a time, transposed in registers), and the
//! output transform reads M, adds the bias, activates and writes NHWC.

use crate::conv_info::ConvInfo;
use crate::fused_activation::apply_activation;
use crate::gemm::{gemm_pp, packed_a_len, round_up, Epilogue, Mat, PackedB, MR};
use crate::simd::F4;

// The input transform transposes 4 tiles × 4 channels into MR-row panels.
const _: () = assert!(MR == 4);

/// Floats of V and M per block of tiles: 96 K floats = 384 KB, well inside L2.
const BLOCK_FLOATS: usize = 96 * 1024;

/// Largest inC·outC taken: the transformed filter is 16·inC·outC floats (built next to a copy),
/// 64 MB at this bound; wider layers keep to the implicit GEMM's smaller footprint.
const MAX_CHANNEL_PAIRS: usize = 1 << 20;

/// True for the convolutions this path computes (and is faster for): 3×3, stride 1, dilation 1,
/// at least 16 input and output channels (below that the transforms cost more than they save).
pub(crate) fn applies(info: &ConvInfo) -> bool {
    info.is_3x3_unit_stride()
        && info.in_c >= 16
        && info.out_c >= 16
        && info.in_c * info.out_c <= MAX_CHANNEL_PAIRS
}

/// out = act(conv(x, filter) + bias) for a convolution `applies` accepts.
pub(crate) fn conv2d(info: &ConvInfo, x: &[f32], filter: &[f32], bias: Option<&[f32]>, out: &mut [f32], act: u32) {
    run::<2, 4, F23>(info, x, filter, bias, out, act);
}

/// The transformed filter, for `conv2d_prepared` (callers running several convolutions with one
/// filter, e.g. `conv2d_pool.rs`'s row bands, transform it once).
pub(crate) fn prepare(info: &ConvInfo, filter: &[f32]) -> Vec<PackedB> {
    transform_filter::<2, 4, F23>(filter, info.in_c, info.out_c)
}

/// `conv2d` with the filter from `prepare`.
pub(crate) fn conv2d_prepared(info: &ConvInfo, x: &[f32], u: &[PackedB], bias: Option<&[f32]>, out: &mut [f32], act: u32) {
    run_prepared::<2, 4, F23>(info, x, u, bias, out, act);
}

/// The 1-D transforms of one Winograd variant F(T, 3) with input tiles of N = T + 2.
trait Variant<const T: usize, const N: usize> {
    /// Bᵀ d for one column (or row) of an input tile.
    fn input(d: [F4; N]) -> [F4; N];
    /// G g for one column (or row) of a filter.
    fn filter(g: [f32; 3]) -> [f32; N];
    /// Aᵀ m for one column (or row) of a GEMM result tile.
    fn output(m: [F4; N]) -> [F4; T];
}

/// F(2, 3): Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1], G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1],
/// Aᵀ = [1 1 1 0; 0 1 -1 -1].
struct F23;

impl Variant<2, 4> for F23 {
    #[inline(always)]
    fn input(d: [F4; 4]) -> [F4; 4] {
        [d[0].sub(d[2]), d[1].add(d[2]), d[2].sub(d[1]), d[1].sub(d[3])]
    }
    #[inline(always)]
    fn filter(g: [f32; 3]) -> [f32; 4] {
        [g[0], 0.5 * (g[0] + g[1] + g[2]), 0.5 * (g[0] - g[1] + g[2]), g[2]]
    }
    #[inline(always)]
    fn output(m: [F4; 4]) -> [F4; 2] {
        [m[0].add(m[1]).add(m[2]), m[1].sub(m[2]).sub(m[3])]
    }
}

/// The tiling of the output: th × tw tiles of T×T per image.
#[derive(Clone, Copy)]
struct Tiles {
    th: usize,
    tw: usize,
}

impl Tiles {
    /// (image, tile row, tile column) of flat tile index t.
    #[inline(always)]
    fn coords(&self, t: usize) -> (usize, usize, usize) {
        (t / (self.th * self.tw), (t / self.tw) % self.th, t % self.tw)
    }
}

/// The driver: per block of tiles, input transform, N² GEMMs, output transform.
fn run<const T: usize, const N: usize, V: Variant<T, N>>(info: &ConvInfo, x: &[f32], filter: &[f32], bias: Option<&[f32]>, out: &mut [f32], act: u32) {
    if info.pixels() == 0 {
        return;
    }
    let u = transform_filter::<T, N, V>(filter, info.in_c, info.out_c);
    run_prepared::<T, N, V>(info, x, &u, bias, out, act);
}

/// `run` with the filter already transformed.
fn run_prepared<const T: usize, const N: usize, V: Variant<T, N>>(info: &ConvInfo, x: &[f32], u: &[PackedB], bias: Option<&[f32]>, out: &mut [f32], act: u32) {
    let (ci, co) = (info.in_c, info.out_c);
    let tiles = Tiles { th: (info.out_h + T - 1) / T, tw: (info.out_w + T - 1) / T };
    let total = info.batch * tiles.th * tiles.tw;
    if total == 0 {
        return;
    }
    let cap = (BLOCK_FLOATS / (N * N * (ci + co)) / MR * MR).max(MR).min(round_up(total, MR));
    // Each slice of V and of M is padded by one cache line: at power-of-two strides the
    // transforms' N² streams would all map to the same L1 set.
    let vlen = packed_a_len(cap, ci) + 16;
    let mlen = cap * co + 16;
    let mut v = vec![0.0f32; N * N * vlen];
    let mut m = vec![0.0f32; N * N * mlen];
    let mut t0 = 0;
    while t0 < total {
        let tb = cap.min(total - t0);
        transform_input::<T, N, V>(info, tiles, x, t0, tb, &mut v, vlen);
        for (xi, uxi) in u.iter().enumerate() {
            gemm_pp(tb, &v[xi * vlen..(xi + 1) * vlen], uxi, &mut m[xi * mlen..(xi + 1) * mlen], co, Epilogue::default());
        }
        transform_output::<T, N, V>(info, tiles, t0, tb, &m, mlen, bias, act, out);
        t0 += tb;
    }
}

/// U_ξ = G g Gᵀ for every (input, output) channel pair, as N² packed GEMM B matrices [inC, outC].
#[inline(never)]
fn transform_filter<const T: usize, const N: usize, V: Variant<T, N>>(filter: &[f32], ci: usize, co: usize) -> Vec<PackedB> {
    let mut u = vec![0.0f32; N * N * ci * co];
    for ic in 0..ci {
        for oc in 0..co {
            let g = |fy: usize, fx: usize| filter[((fy * 3 + fx) * ci + ic) * co + oc];
            // t = G g (N×3): G times each filter column; then each row of t times Gᵀ.
            let mut t = [[0.0f32; 3]; N];
            for c in 0..3 {
                let col = V::filter([g(0, c), g(1, c), g(2, c)]);
                for i in 0..N {
                    t[i][c] = col[i];
                }
            }
            for (i, r) in t.iter().enumerate() {
                for (j, val) in V::filter(*r).iter().enumerate() {
                    u[((N * i + j) * ci + ic) * co + oc] = *val;
                }
            }
        }
    }
    (0..N * N).map(|xi| PackedB::new(Mat::new(&u[xi * ci * co..(xi + 1) * ci * co], co, ci, false), ci, co)).collect()
}

/// Writes V_ξ (packed A: tb tiles × inC, `vlen` floats apart per ξ) for tiles t0..t0+tb.
#[inline(never)]
fn transform_input<const T: usize, const N: usize, V: Variant<T, N>>(info: &ConvInfo, tiles: Tiles, x: &[f32], t0: usize, tb: usize, v: &mut [f32], vlen: usize) {
    let ci = info.in_c;
    let panels = (tb + MR - 1) / MR;
    assert!(v.len() >= N * N * vlen && vlen >= panels * ci * MR);
    for panel in 0..panels {
        let mut c0 = 0;
        while c0 < ci {
            let w = 4.min(ci - c0);
            let mut tw = [[[F4::zero(); N]; N]; MR];
            for (r, slot) in tw.iter_mut().enumerate() {
                let t = panel * MR + r;
                if t < tb {
                    *slot = transform2d_input::<T, N, V>(input_tile::<T, N>(info, tiles, x, t0 + t, c0, w));
                }
            }
            for i in 0..N {
                for j in 0..N {
                    let cols = F4::transpose4([tw[0][i][j], tw[1][i][j], tw[2][i][j], tw[3][i][j]]);
                    let base = (N * i + j) * vlen + panel * ci * MR + c0 * MR;
                    for (l, col) in cols.iter().enumerate().take(w) {
                        col.store(v, base + l * MR);
                    }
                }
            }
            c0 += 4;
        }
    }
}

/// The N×N input tile of flat tile t, channels c0..c0+w (zeros outside the image and past w).
#[inline(always)]
fn input_tile<const T: usize, const N: usize>(info: &ConvInfo, tiles: Tiles, x: &[f32], t: usize, c0: usize, w: usize) -> [[F4; N]; N] {
    let (b, ty, tx) = tiles.coords(t);
    let ci = info.in_c;
    let iy0 = (T * ty) as isize - info.pad_top as isize;
    let ix0 = (T * tx) as isize - info.pad_left as isize;
    let mut d = [[F4::zero(); N]; N];
    let inside = iy0 >= 0 && ix0 >= 0 && iy0 as usize + N <= info.in_h && ix0 as usize + N <= info.in_w;
    if inside && w == 4 {
        let first = ((b * info.in_h + iy0 as usize) * info.in_w + ix0 as usize) * ci + c0;
        assert!(first + ((N - 1) * info.in_w + N - 1) * ci + 4 <= x.len());
        for (i, row) in d.iter_mut().enumerate() {
            for (j, val) in row.iter_mut().enumerate() {
                // Safety: bounded by the assert above.
                *val = unsafe { F4::load_ptr(x.as_ptr().add(first + (i * info.in_w + j) * ci)) };
            }
        }
        return d;
    }
    for (i, row) in d.iter_mut().enumerate() {
        let iy = iy0 + i as isize;
        if iy < 0 || iy as usize >= info.in_h {
            continue;
        }
        for (j, val) in row.iter_mut().enumerate() {
            let ix = ix0 + j as isize;
            if ix < 0 || ix as usize >= info.in_w {
                continue;
            }
            let s = ((b * info.in_h + iy as usize) * info.in_w + ix as usize) * ci + c0;
            let mut tmp = [0.0f32; 4];
            tmp[..w].copy_from_slice(&x[s..s + w]);
            *val = F4::load(&tmp, 0);
        }
    }
    d
}

/// Bᵀ d B: the 1-D input transform on every column, then on every row.
#[inline(always)]
fn transform2d_input<const T: usize, const N: usize, V: Variant<T, N>>(d: [[F4; N]; N]) -> [[F4; N]; N] {
    let mut t = [[F4::zero(); N]; N];
    for j in 0..N {
        let mut col = [F4::zero(); N];
        for i in 0..N {
            col[i] = d[i][j];
        }
        let col = V::input(col);
        for i in 0..N {
            t[i][j] = col[i];
        }
    }
    for row in t.iter_mut() {
        *row = V::input(*row);
    }
    t
}

/// Y = Aᵀ M A for tiles t0..t0+tb, plus bias, activated, into out. M_ξ row t is at
/// `m[ξ·mstride + t·outC..]`.
#[inline(never)]
fn transform_output<const T: usize, const N: usize, V: Variant<T, N>>(info: &ConvInfo, tiles: Tiles, t0: usize, tb: usize, m: &[f32], mstride: usize, bias: Option<&[f32]>, act: u32, out: &mut [f32]) {
    let co = info.out_c;
    assert!(m.len() >= (N * N - 1) * mstride + tb * co);
    assert!(out.len() >= info.pixels() * co && bias.map_or(true, |b| b.len() >= co));
    let relu = act == 1;
    // The bias of channels c0..c0+4, once per call rather than per tile.
    let bias4: Vec<F4> = (0..co)
        .step_by(4)
        .map(|c0| {
            let mut tmp = [0.0f32; 4];
            if let Some(bs) = bias {
                let w = 4.min(co - c0);
                tmp[..w].copy_from_slice(&bs[c0..c0 + w]);
            }
            F4::load(&tmp, 0)
        })
        .collect();
    for t in 0..tb {
        let (b, ty, tx) = tiles.coords(t0 + t);
        let (oy, ox) = (T * ty, T * tx);
        let rows = T.min(info.out_h - oy);
        let cols = T.min(info.out_w - ox);
        let first = ((b * info.out_h + oy) * info.out_w + ox) * co;
        let at = |i: usize, j: usize| first + (i * info.out_w + j) * co;
        let mt = t * co;
        let mut c0 = 0;
        while c0 < co {
            let w = 4.min(co - c0);
            let mut mv = [[F4::zero(); N]; N];
            for (xi, slot) in mv.iter_mut().flatten().enumerate() {
                let s = xi * mstride + mt + c0;
                *slot = if w == 4 {
                    // Safety: s + 4 ≤ (N²-1)·mstride + tb·co (asserted).
                    unsafe { F4::load_ptr(m.as_ptr().add(s)) }
                } else {
                    let mut tmp = [0.0f32; 4];
                    tmp[..w].copy_from_slice(&m[s..s + w]);
                    F4::load(&tmp, 0)
                };
            }
            let mut y = transform2d_output::<T, N, V>(mv);
            let bv = bias4[c0 / 4];
            for val in y.iter_mut().flatten() {
                if bias.is_some() {
                    *val = val.add(bv);
                }
                if relu {
                    *val = val.max(F4::zero());
                }
            }
            if w == 4 && rows == T && cols == T {
                for (i, row) in y.iter().enumerate() {
                    for (j, val) in row.iter().enumerate() {
                        // Safety: a full tile's outputs lie inside out (asserted length).
                        unsafe { val.store_ptr(out.as_mut_ptr().add(at(i, j) + c0)) };
                    }
                }
            } else {
                for i in 0..rows {
                    for j in 0..cols {
                        let o = at(i, j) + c0;
                        out[o..o + w].copy_from_slice(&y[i][j].to_array()[..w]);
                    }
                }
            }
            c0 += 4;
        }
        if act > 1 {
            for i in 0..rows {
                let o = at(i, 0);
                apply_activation(&mut out[o..o + cols * co], act);
            }
        }
    }
}

/// Aᵀ m A: the 1-D output transform on every column, then on every row.
#[inline(always)]
fn transform2d_output<const T: usize, const N: usize, V: Variant<T, N>>(m: [[F4; N]; N]) -> [[F4; T]; T] {
    let mut s = [[F4::zero(); N]; T];
    for j in 0..N {
        let mut col = [F4::zero(); N];
        for i in 0..N {
            col[i] = m[i][j];
        }
        let col = V::output(col);
        for i in 0..T {
            s[i][j] = col[i];
        }
    }
    let mut y = [[F4::zero(); T]; T];
    for i in 0..T {
        y[i] = V::output(s[i]);
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Direct convolution in f64 for 3×3, stride 1.
    fn direct(info: &ConvInfo, x: &[f32], f: &[f32], bias: &[f32]) -> Vec<f64> {
        let (ci, co) = (info.in_c, info.out_c);
        let mut out = vec![0.0f64; info.pixels() * co];
        for b in 0..info.batch {
            for oy in 0..info.out_h {
                for ox in 0..info.out_w {
                    for oc in 0..co {
                        let mut s = bias[oc] as f64;
                        for fy in 0..3 {
                            for fx in 0..3 {
                                if let (Some(iy), Some(ix)) = (info.in_row(oy, fy), info.in_col(ox, fx)) {
                                    for ic in 0..ci {
                                        s += x[((b * info.in_h + iy) * info.in_w + ix) * ci + ic] as f64 * f[((fy * 3 + fx) * ci + ic) * co + oc] as f64;
                                    }
                                }
                            }
                        }
                        out[((b * info.out_h + oy) * info.out_w + ox) * co + oc] = s;
                    }
                }
            }
        }
        out
    }

    fn info(batch: usize, h: usize, w: usize, ci: usize, co: usize, pad: usize) -> ConvInfo {
        ConvInfo {
            batch, in_h: h, in_w: w, in_c: ci, filter_h: 3, filter_w: 3, out_c: co,
            stride_h: 1, stride_w: 1, dilation_h: 1, dilation_w: 1, pad_top: pad, pad_left: pad,
            out_h: h + 2 * pad - 2, out_w: w + 2 * pad - 2,
        }
    }

    fn rand(n: usize, seed: u32, scale: f32) -> Vec<f32> {
        let mut s = seed;
        (0..n).map(|_| {
            s = s.wrapping_mul(1664525).wrapping_add(1013904223);
            ((s >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0) * scale
        }).collect()
    }

    /// Largest |got - want| / (1e-5·s + 1e-4·|want|) over the output must stay under `limit`: with
    /// s = 1 and limit 1 that is the kernel tests' tolerance (rtol 1e-4, atol 1e-5, inputs of up to
    /// 33 channels). s = √(inC/16) widens the absolute part for wide inputs, where any f32 sum
    /// of 9·inC products (a direct convolution's too) has a rounding error growing as √inC.
    fn check<const T: usize, const N: usize, V: Variant<T, N>>(limit: f64) {
        // Odd and even output sizes, channel counts off multiples of 4 and 8, 'same' padding,
        // batch > 1 (tiles of a block span images), more tiles than one block holds, and the
        // seed CNN's layer shapes (inputs ≥ 0 as after a ReLU).
        let shapes = [(1, 4, 4, 16, 16, 0), (2, 7, 6, 17, 19, 0), (3, 9, 5, 21, 33, 1), (1, 5, 11, 16, 18, 1), (2, 30, 27, 24, 20, 0), (1, 3, 3, 18, 17, 1), (1, 20, 18, 32, 64, 0), (1, 12, 14, 64, 128, 0), (1, 6, 6, 512, 16, 1)];
        for (n, &(batch, h, w, ci, co, pad)) in shapes.iter().enumerate() {
            let inf = info(batch, h, w, ci, co, pad);
            assert!(applies(&inf));
            let x: Vec<f32> = if n >= 6 { rand(batch * h * w * ci, 1, 1.0).iter().map(|v| v.abs()).collect() } else { rand(batch * h * w * ci, 1, 1.0) };
            let f = rand(9 * ci * co, 2, 0.5);
            let bias = rand(co, 3, 1.0);
            let want = direct(&inf, &x, &f, &bias);
            let atol = 1e-5 * (ci as f64 / 16.0).sqrt().max(1.0);
            for &act in &[0u32, 1, 2] {
                let mut out = vec![f32::NAN; inf.pixels() * co];
                run::<T, N, V>(&inf, &x, &f, Some(&bias), &mut out, act);
                let mut worst = 0.0f64;
                for (&got, &v) in out.iter().zip(&want) {
                    let e = match act {
                        1 => v.max(0.0),
                        2 => 1.0 / (1.0 + (-v).exp()),
                        _ => v,
                    };
                    worst = worst.max((got as f64 - e).abs() / (atol + 1e-4 * e.abs()));
                }
                assert!(worst <= limit, "F({}x{}) shape {:?} act {}: error {:.3} of the tolerance", T, T, (batch, h, w, ci, co, pad), act, worst);
            }
            let mut out = vec![f32::NAN; inf.pixels() * co];
            run::<T, N, V>(&inf, &x, &f, None, &mut out, 0);
            let no_bias = direct(&inf, &x, &f, &vec![0.0; co]);
            for (got, e) in out.iter().zip(&no_bias) {
                assert!((*got as f64 - e).abs() <= limit * (atol + 1e-4 * e.abs()), "no bias {:?}: {} vs {}", (batch, h, w, ci, co, pad), got, e);
            }
        }
    }

    #[test]
    fn f2x2_matches_direct_convolution() {
        // Measured worst: 0.12 of the tolerance.
        check::<2, 4, F23>(0.5);
    }


}
