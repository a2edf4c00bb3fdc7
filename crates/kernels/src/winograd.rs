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
//! Tiles go in blocks sized so V stays in L2. The input transform writes V straight into the
//! GEMM's packed-A layout (4 tiles × 4 channels at a time, transposed in registers), and
//! `winograd_output.rs` runs the N² GEMMs one 4-tile × 8-channel corner at a time with the output
//! transform (bias, activation, optionally the 2×2 max pooling) applied while M is in L1.

use crate::conv_info::ConvInfo;
use crate::gemm::{packed_a_len, round_up, Mat, PackedB, MR};
use crate::simd::F4;
use core::array::from_fn;
use crate::winograd_output::multiply_output;

// The input transform transposes 4 tiles × 4 channels into MR-row panels.
const _: () = assert!(MR == 4);

/// Floats of V per block of tiles: 64 K floats = 256 KB, inside L2.
const BLOCK_FLOATS: usize = 64 * 1024;

/// Floats in the largest input tile (N×N) a variant has, for per-block buffers on the stack.
pub(crate) const MAX_TILE_FLOATS: usize = 16;

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
pub(crate) fn conv2d_prepared(info: &ConvInfo, x: &[f32], u: &[PackedB], bias: Option<&[f32]>, out: &mut [f32], act: u32, v: &mut Vec<f32>) {
    run_prepared::<2, 4, F23>(info, x, u, bias, out, act, false, v);
}

/// `conv2d_prepared` followed by a 2×2, stride-2 max pooling ('valid', `max_pool`'s rule) into
/// out = [batch, outH/2, outW/2, outC], in one pass: a tile of F(2×2) is a pooling window, so
/// only the pooled pixel is stored. act must be linear or relu.
pub(crate) fn conv2d_prepared_pooled(info: &ConvInfo, x: &[f32], u: &[PackedB], bias: Option<&[f32]>, out: &mut [f32], act: u32, v: &mut Vec<f32>) {
    run_prepared::<2, 4, F23>(info, x, u, bias, out, act, true, v);
}

/// The 1-D transforms of one Winograd variant F(T, 3) with input tiles of N = T + 2.
pub(crate) trait Variant<const T: usize, const N: usize> {
    /// Bᵀ d for one column (or row) of an input tile.
    fn input(d: [F4; N]) -> [F4; N];
    /// G g for one column (or row) of a filter.
    fn filter(g: [f32; 3]) -> [f32; N];
    /// `filter` on four filters at once (lane by lane the same arithmetic).
    fn filter4(g: [F4; 3]) -> [F4; N];
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
    fn filter4(g: [F4; 3]) -> [F4; 4] {
        let half = F4::splat(0.5);
        [g[0], half.mul(g[0].add(g[1]).add(g[2])), half.mul(g[0].sub(g[1]).add(g[2])), g[2]]
    }
    #[inline(always)]
    fn output(m: [F4; 4]) -> [F4; 2] {
        [m[0].add(m[1]).add(m[2]), m[1].sub(m[2]).sub(m[3])]
    }
}

/// The tiling of the output: th × tw tiles of T×T per image.
#[derive(Clone, Copy)]
pub(crate) struct Tiles {
    pub th: usize,
    pub tw: usize,
}

impl Tiles {
    /// (image, tile row, tile column) of flat tile index t.
    #[inline(always)]
    pub fn coords(&self, t: usize) -> (usize, usize, usize) {
        (t / (self.th * self.tw), (t / self.tw) % self.th, t % self.tw)
    }
}

/// The driver: per block of tiles, input transform, N² GEMMs, output transform.
fn run<const T: usize, const N: usize, V: Variant<T, N>>(info: &ConvInfo, x: &[f32], filter: &[f32], bias: Option<&[f32]>, out: &mut [f32], act: u32) {
    if info.pixels() == 0 {
        return;
    }
    let u = transform_filter::<T, N, V>(filter, info.in_c, info.out_c);
    run_prepared::<T, N, V>(info, x, &u, bias, out, act, false, &mut Vec::new());
}

/// `run` with the filter already transformed (and the output pooled, see `conv2d_prepared_pooled`).
/// `v` holds the transformed input; callers running many bands of one call pass the same vector,
/// so it is allocated once, not per band (the seed CNN's batch-32 predict: 288 bands, 263 KB each).
#[allow(clippy::too_many_arguments)]
fn run_prepared<const T: usize, const N: usize, V: Variant<T, N>>(info: &ConvInfo, x: &[f32], u: &[PackedB], bias: Option<&[f32]>, out: &mut [f32], act: u32, pooled: bool, v: &mut Vec<f32>) {
    let ci = info.in_c;
    let tiles = Tiles { th: (info.out_h + T - 1) / T, tw: (info.out_w + T - 1) / T };
    let total = info.batch * tiles.th * tiles.tw;
    if total == 0 {
        return;
    }
    let cap = (BLOCK_FLOATS / (N * N * ci) / MR * MR).max(MR).min(round_up(total, MR));
    // Each slice of V is padded by one cache line: at power-of-two strides the transform's N²
    // streams would all map to the same L1 set.
    let vlen = packed_a_len(cap, ci) + 16;
    if v.len() < N * N * vlen {
        v.resize(N * N * vlen, 0.0);
    }
    let mut t0 = 0;
    while t0 < total {
        let tb = cap.min(total - t0);
        transform_input::<T, N, V>(info, tiles, x, t0, tb, v, vlen);
        multiply_output::<T, N, V>(info, tiles, t0, tb, v, vlen, u, bias, act, out, pooled);
        t0 += tb;
    }
}

/// U_ξ = G g Gᵀ for every (input, output) channel pair, as N² packed GEMM B matrices [inC, outC].
#[inline(never)]
fn transform_filter<const T: usize, const N: usize, V: Variant<T, N>>(filter: &[f32], ci: usize, co: usize) -> Vec<PackedB> {
    let mut u = vec![0.0f32; N * N * ci * co];
    let vec_co = co / 4 * 4;
    assert!(filter.len() >= 9 * ci * co);
    for ic in 0..ci {
        // Four output channels at a time (consecutive in HWIO), then the rest one by one.
        for oc in (0..vec_co).step_by(4) {
            let g = |fy: usize, fx: usize| F4::load(filter, ((fy * 3 + fx) * ci + ic) * co + oc);
            let cols: [[F4; N]; 3] = from_fn(|c| V::filter4([g(0, c), g(1, c), g(2, c)]));
            for i in 0..N {
                for (j, val) in V::filter4([cols[0][i], cols[1][i], cols[2][i]]).iter().enumerate() {
                    val.store(&mut u, ((N * i + j) * ci + ic) * co + oc);
                }
            }
        }
        for oc in vec_co..co {
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
    // One panel's transformed tiles at one channel group: vector (ξ, r) at (ξ·MR + r)·4.
    let mut tw = [0.0f32; MAX_TILE_FLOATS * MR * 4]; // on the stack: no allocation per block
    assert!(N * N <= MAX_TILE_FLOATS);
    let twp = tw.as_mut_ptr();
    for panel in 0..panels {
        // Per tile of the panel, once for all channels: its (image, row, column), and where its
        // input starts in x when all of it lies inside the image (the fast path), else None.
        let mut at = [(0usize, 0usize, 0usize); MR];
        let mut first = [None; MR];
        let live = MR.min(tb - panel * MR);
        for r in 0..live {
            at[r] = tiles.coords(t0 + panel * MR + r);
            first[r] = inside_start::<T, N>(info, at[r]);
        }
        let mut c0 = 0;
        while c0 < ci {
            let w = 4.min(ci - c0);
            for r in 0..MR {
                let d = match first[r] {
                    _ if r >= live => [[F4::zero(); N]; N],
                    Some(f) if w == 4 => {
                        assert!(f + c0 + ((N - 1) * info.in_w + N - 1) * ci + 4 <= x.len());
                        // Safety: bounded by the assert above.
                        from_fn(|i| from_fn(|j| unsafe { F4::load_ptr(x.as_ptr().add(f + c0 + (i * info.in_w + j) * ci)) }))
                    }
                    _ => input_tile::<T, N>(info, at[r], x, c0, w),
                };
                let t = transform2d_input::<T, N, V>(d);
                for i in 0..N {
                    for j in 0..N {
                        // Safety: tw holds MR·N² vectors.
                        unsafe { t[i][j].store_ptr(twp.add(((N * i + j) * MR + r) * 4)) };
                    }
                }
            }
            for xi in 0..N * N {
                // Safety: as above.
                let rows: [F4; 4] = from_fn(|r| unsafe { F4::load_ptr(twp.add((xi * MR + r) * 4)) });
                let cols = F4::transpose4(rows);
                let base = xi * vlen + panel * ci * MR + c0 * MR;
                for (l, col) in cols.iter().enumerate().take(w) {
                    col.store(v, base + l * MR);
                }
            }
            c0 += 4;
        }
    }
}

/// Where the N×N input tile of the tile at (image, tile row, tile column) starts in x (channel 0),
/// when all of it lies inside the image.
#[inline(always)]
fn inside_start<const T: usize, const N: usize>(info: &ConvInfo, (b, ty, tx): (usize, usize, usize)) -> Option<usize> {
    let (iy0, ix0) = ((T * ty).wrapping_sub(info.pad_top), (T * tx).wrapping_sub(info.pad_left));
    if iy0 < info.in_h && ix0 < info.in_w && iy0 + N <= info.in_h && ix0 + N <= info.in_w {
        Some(((b * info.in_h + iy0) * info.in_w + ix0) * info.in_c)
    } else {
        None
    }
}

/// The N×N input tile of the tile at (image, tile row, tile column), channels c0..c0+w (zeros
/// outside the image and past w), gathered one pixel at a time.
fn input_tile<const T: usize, const N: usize>(info: &ConvInfo, (b, ty, tx): (usize, usize, usize), x: &[f32], c0: usize, w: usize) -> [[F4; N]; N] {
    let ci = info.in_c;
    let iy0 = (T * ty) as isize - info.pad_top as isize;
    let ix0 = (T * tx) as isize - info.pad_left as isize;
    let mut d = [[F4::zero(); N]; N];
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
    // Arrays built by from_fn with constant indices stay in registers; filled by index in a loop,
    // LLVM kept them in linear memory (a memory.fill per call).
    let cols: [[F4; N]; N] = from_fn(|j| V::input(from_fn(|i| d[i][j])));
    from_fn(|i| V::input(from_fn(|j| cols[j][i])))
}

/// Aᵀ m A: the 1-D output transform on every column, then on every row.
#[inline(always)]
pub(crate) fn transform2d_output<const T: usize, const N: usize, V: Variant<T, N>>(m: [[F4; N]; N]) -> [[F4; T]; T] {
    let cols: [[F4; T]; N] = from_fn(|j| V::output(from_fn(|i| m[i][j])));
    from_fn(|i| V::output(from_fn(|j| cols[j][i])))
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
