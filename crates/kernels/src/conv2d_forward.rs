//! Convolution forward by implicit GEMM (every case Winograd does not take): the filter is
//! packed once as the GEMM's B, and each strip of MR = 4 output pixels is multiplied against it
//! in one pass over all NR-column panels, the bias and ReLU applied as tiles are stored.
//!
//! A strip of 4 pixels on one output row whose taps all fall inside the image reads its A rows
//! straight from x: for dilation 1 each filter row is one run of filterW·inC consecutive floats,
//! and pixel r's run is pixel 0's shifted by r·strideW·inC. Other strips (padding, row ends) are
//! gathered into a packed panel first (im2col of 4 rows). When the packed filter is too large to
//! stay in cache across strips, chunks of pixels go through im2col and the blocked GEMM instead.

use crate::conv_info::ConvInfo;
use crate::fused_activation::apply_activation;
use crate::gemm::{gemm_pp, gemm_strip, packed_a_index, packed_a_len, round_up, Epilogue, Mat, PackedB, Strip, MR, NR};
use crate::gemm_kernel::{kernel_runs_at, Ep};

/// Largest packed filter (floats) read whole per strip: 1 MB, inside L2.
const STRIP_FILTER_FLOATS: usize = 256 * 1024;
/// Floats of one im2col chunk on the blocked path.
const CHUNK_FLOATS: usize = 64 * 1024;

/// out = act(conv(x, filter) + bias).
pub(crate) fn conv2d(info: &ConvInfo, x: &[f32], filter: &[f32], bias: Option<&[f32]>, out: &mut [f32], act: u32) {
    if info.pixels() == 0 || info.out_c == 0 {
        return;
    }
    conv2d_packed(info, x, &pack_filter(info, filter), bias, out, act);
}

/// The filter as the GEMM's packed B, for `conv2d_packed` (callers running several convolutions
/// with one filter, e.g. `conv2d_pool.rs`'s row bands, pack it once).
pub(crate) fn pack_filter(info: &ConvInfo, filter: &[f32]) -> PackedB {
    let k = info.filter_h * info.filter_w * info.in_c;
    PackedB::new(Mat::new(filter, info.out_c, k, false), k, info.out_c)
}

/// `conv2d` with the filter already packed by `pack_filter`.
pub(crate) fn conv2d_packed(info: &ConvInfo, x: &[f32], w: &PackedB, bias: Option<&[f32]>, out: &mut [f32], act: u32) {
    let k = info.filter_h * info.filter_w * info.in_c;
    let (n, pixels) = (info.out_c, info.pixels());
    if pixels == 0 || n == 0 {
        return;
    }
    let epi = Epilogue { bias, relu: act == 1 };
    if k * n > STRIP_FILTER_FLOATS {
        blocked(info, x, w, out, &epi);
    } else {
        strips(info, x, w, out, &epi);
    }
    if act > 1 {
        apply_activation(&mut out[..pixels * n], act);
    }
}

/// True when `conv2d_packed_pooled` takes this convolution: every tap of every output pixel inside
/// the image (no padding on any side), a filter small enough for the strip path, act linear or relu.
pub(crate) fn pools_in_place(info: &ConvInfo, act: u32) -> bool {
    let k = info.filter_h * info.filter_w * info.in_c;
    let extent = |out: usize, stride: usize, f: usize, d: usize| out.saturating_sub(1) * stride + (f - 1) * d;
    info.pad_top == 0
        && info.pad_left == 0
        && k > 0
        && extent(info.out_h, info.stride_h, info.filter_h, info.dilation_h) < info.in_h
        && extent(info.out_w, info.stride_w, info.filter_w, info.dilation_w) < info.in_w
        && k * info.out_c <= STRIP_FILTER_FLOATS
        && act <= 1
}

/// `conv2d_packed` followed by a 2×2, stride-2 max pooling (`max_pool`'s rule) into out =
/// [batch, outH/2, outW/2, outC], for a convolution `pools_in_place` accepts. The micro-tile's MR = 4
/// rows are the four pixels of one pooling window, read in place from x, so the window's max is
/// taken in registers and no conv output is stored. Each pixel's sum runs over k in the strip
/// path's order, so the values equal `conv2d_packed`'s bit for bit.
pub(crate) fn conv2d_packed_pooled(info: &ConvInfo, x: &[f32], w: &PackedB, bias: Option<&[f32]>, out: &mut [f32], act: u32) {
    pooled::<false>(info, x, w, bias, out, &mut [], act);
}

/// `conv2d_packed_pooled` that also records each pooled element's winning tap (0..3, or -1 under
/// relu where the max is not positive) as `conv2d_pool.rs`'s band path does (same values, same rule).
pub(crate) fn conv2d_packed_pooled_taps(info: &ConvInfo, x: &[f32], w: &PackedB, bias: Option<&[f32]>, out: &mut [f32], taps: &mut [i32], act: u32) {
    assert!(taps.len() >= out.len());
    pooled::<true>(info, x, w, bias, out, taps, act);
}

/// The two forms above (a separate copy each, so inference keeps its register allocation).
fn pooled<const TAPS: bool>(info: &ConvInfo, x: &[f32], w: &PackedB, bias: Option<&[f32]>, out: &mut [f32], taps: &mut [i32], act: u32) {
    let c = info.in_c;
    let k = info.filter_h * info.filter_w * c;
    let (n, ph, pw) = (info.out_c, info.out_h / 2, info.out_w / 2);
    assert!(pools_in_place(info, act) && w.k() == k && w.n() == n && MR == 4);
    if info.batch == 0 || ph == 0 || pw == 0 || n == 0 {
        return;
    }
    assert!(out.len() >= info.batch * ph * pw * n);
    // Runs of the filter's taps relative to a pixel's first input float (see `strips`).
    let run_len = if info.dilation_w == 1 { info.filter_w * c } else { c };
    let mut runs = Vec::with_capacity(k / run_len);
    for fy in 0..info.filter_h {
        let row = fy * info.dilation_h * info.in_w;
        if info.dilation_w == 1 {
            runs.push(row * c);
        } else {
            runs.extend((0..info.filter_w).map(|fx| (row + fx * info.dilation_w) * c));
        }
    }
    // The window's pixels in max_pool's tap order: (0, 0), (0, 1), (1, 0), (1, 1).
    let (dx, dy) = (info.stride_w * c, info.stride_h * info.in_w * c);
    let roff = [0, dx, dy, dy + dx];
    let window = |b: usize, py: usize, px: usize| ((b * info.in_h + 2 * py * info.stride_h) * info.in_w + 2 * px * info.stride_w) * c;
    let far = window(info.batch - 1, ph - 1, pw - 1) + runs.iter().max().map_or(0, |s| *s) + roff[3] + run_len;
    assert!(far <= x.len());
    let panels = (n + NR - 1) / NR;
    let eps: Vec<Ep> = (0..panels).map(|jp| Ep::new(bias.map(|s| &s[..n]), jp * NR, NR.min(n - jp * NR), act == 1)).collect();
    for b in 0..info.batch {
        for py in 0..ph {
            for px in 0..pw {
                let o = ((b * ph + py) * pw + px) * n;
                for (jp, ep) in eps.iter().enumerate() {
                    let j0 = jp * NR;
                    // Safety: every window's reads end by `far` (asserted); the panel is k·NR floats.
                    let acc = unsafe { kernel_runs_at(x.as_ptr().add(window(b, py, px)), &runs, run_len, roff, w.panel(jp).as_ptr()) };
                    let cols = NR.min(n - j0);
                    for v in 0..NR / 4 {
                        if TAPS {
                            let e = [ep.apply(acc[0][v], v), ep.apply(acc[1][v], v), ep.apply(acc[2][v], v), ep.apply(acc[3][v], v)];
                            let (at, wv) = (o + j0 + 4 * v, 4.min(cols.saturating_sub(4 * v)));
                            if wv == 4 {
                                crate::conv2d_pool::max_taps_lanes(e, act == 1, &mut out[at..at + 4], &mut taps[at..at + 4]);
                            } else if wv > 0 {
                                let (mut o4, mut t4) = ([0.0f32; 4], [0i32; 4]);
                                crate::conv2d_pool::max_taps_lanes(e, act == 1, &mut o4, &mut t4);
                                for l in 0..wv {
                                    out[at + l] = o4[l];
                                    taps[at + l] = t4[l];
                                }
                            }
                            continue;
                        }
                        let best = ep.apply(acc[0][v], v).pool_max(ep.apply(acc[1][v], v)).pool_max(ep.apply(acc[2][v], v)).pool_max(ep.apply(acc[3][v], v));
                        let wv = 4.min(cols.saturating_sub(4 * v));
                        if wv == 4 {
                            best.store(out, o + j0 + 4 * v);
                        } else if wv > 0 {
                            out[o + j0 + 4 * v..o + j0 + 4 * v + wv].copy_from_slice(&best.to_array()[..wv]);
                        }
                    }
                }
            }
        }
    }
}

/// The strip-by-strip implicit GEMM.
fn strips(info: &ConvInfo, x: &[f32], w: &PackedB, out: &mut [f32], epi: &Epilogue) {
    let c = info.in_c;
    let k = info.filter_h * info.filter_w * c;
    let (n, pixels) = (info.out_c, info.pixels());
    let whole_rows = info.dilation_w == 1;
    let run_len = if whole_rows { info.filter_w * c } else { c };
    let mut runs = vec![0usize; k / run_len.max(1)];
    let mut panel = vec![0.0f32; k * MR];
    let mut q = 0;
    while q < pixels {
        let rows = MR.min(pixels - q);
        let o = &mut out[q * n..];
        if rows == MR && k > 0 && inside(info, q) {
            let (b, oy, ox) = (q / (info.out_h * info.out_w), (q / info.out_w) % info.out_h, q % info.out_w);
            let ix0 = ox * info.stride_w - info.pad_left;
            for fy in 0..info.filter_h {
                let row0 = (b * info.in_h + oy * info.stride_h + fy * info.dilation_h - info.pad_top) * info.in_w + ix0;
                if whole_rows {
                    runs[fy] = row0 * c;
                } else {
                    for fx in 0..info.filter_w {
                        runs[fy * info.filter_w + fx] = (row0 + fx * info.dilation_w) * c;
                    }
                }
            }
            let strip = Strip::Runs { x, runs: &runs, run_len, row_step: info.stride_w * c };
            gemm_strip(&strip, MR, w, o, n, epi);
        } else {
            im2col_packed(info, x, q, rows, &mut panel);
            gemm_strip(&Strip::Packed(&panel), rows, w, o, n, epi);
        }
        q += rows;
    }
}

/// True when pixels q..q+MR lie on one output row and all their taps inside the image.
fn inside(info: &ConvInfo, q: usize) -> bool {
    let (oy, ox) = ((q / info.out_w) % info.out_h, q % info.out_w);
    ox + MR <= info.out_w
        && info.in_row(oy, 0).is_some()
        && info.in_row(oy, info.filter_h - 1).is_some()
        && info.in_col(ox, 0).is_some()
        && info.in_col(ox + MR - 1, info.filter_w - 1).is_some()
}

/// im2col chunks through the cache-blocked GEMM (large filters).
fn blocked(info: &ConvInfo, x: &[f32], w: &PackedB, out: &mut [f32], epi: &Epilogue) {
    let k = info.filter_h * info.filter_w * info.in_c;
    let (n, pixels) = (info.out_c, info.pixels());
    let step = round_up((CHUNK_FLOATS / k.max(1)).max(16), MR);
    let mut col = vec![0.0f32; packed_a_len(step.min(pixels), k)];
    let mut q0 = 0;
    while q0 < pixels {
        let rows = step.min(pixels - q0);
        im2col_packed(info, x, q0, rows, &mut col);
        gemm_pp(rows, &col[..packed_a_len(rows, k)], w, &mut out[q0 * n..(q0 + rows) * n], n, *epi);
        q0 += rows;
    }
}

/// im2col for output pixels q0..q0+rows in the GEMM's packed-A layout (`packed_a_index`): the
/// (fy, fx, c) patch of pixel q0 + r is row r; padding taps and the rows that round `rows` up to
/// a whole panel are zero. A filter row whose taps all fall inside the image (dilation 1) is one
/// contiguous run of filterW·inC floats in x, copied in one loop.
#[inline(never)]
fn im2col_packed(info: &ConvInfo, x: &[f32], q0: usize, rows: usize, col: &mut [f32]) {
    let c = info.in_c;
    let run = info.filter_w * c;
    let k = info.filter_h * run;
    let padded = round_up(rows, MR);
    assert!(col.len() >= padded * k);
    for r in 0..padded {
        // Row r's column p lives at dst[p·MR].
        let dst = &mut col[packed_a_index(r, 0, k)..];
        if r >= rows {
            zero_strided(dst, 0, k);
            continue;
        }
        let q = q0 + r;
        let (b, oy, ox) = (q / (info.out_h * info.out_w), (q / info.out_w) % info.out_h, q % info.out_w);
        let first_col = info.in_col(ox, 0);
        let whole_row = info.dilation_w == 1 && first_col.is_some() && info.in_col(ox, info.filter_w - 1).is_some();
        for fy in 0..info.filter_h {
            let iy = match info.in_row(oy, fy) {
                Some(v) => v,
                None => {
                    zero_strided(dst, fy * run, run);
                    continue;
                }
            };
            let row0 = (b * info.in_h + iy) * info.in_w;
            if whole_row {
                let src = &x[(row0 + first_col.unwrap_or(0)) * c..][..run];
                let d = &mut dst[fy * run * MR..];
                assert!(d.len() > (run - 1) * MR);
                for (p, v) in src.iter().enumerate() {
                    // Safety: p·MR ≤ (run-1)·MR < d.len() (asserted).
                    unsafe { *d.get_unchecked_mut(p * MR) = *v };
                }
                continue;
            }
            for fx in 0..info.filter_w {
                let o = fy * run + fx * c;
                match info.in_col(ox, fx) {
                    Some(ix) => {
                        let src = &x[(row0 + ix) * c..][..c];
                        for (ch, v) in src.iter().enumerate() {
                            dst[(o + ch) * MR] = *v;
                        }
                    }
                    None => zero_strided(dst, o, c),
                }
            }
        }
    }
}

/// dst[p·MR] = 0 for p in p0..p0+len (one row of a packed-A panel).
fn zero_strided(dst: &mut [f32], p0: usize, len: usize) {
    (p0..p0 + len).for_each(|p| dst[p * MR] = 0.0);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Seeded uniform floats in [-1, 1) (an LCG), shared by the convolution tests.
    pub(crate) fn rand(n: usize, seed: u32) -> Vec<f32> {
        let mut s = seed;
        (0..n).map(|_| {
            s = s.wrapping_mul(1664525).wrapping_add(1013904223);
            (s >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0
        }).collect()
    }

    /// Direct convolution in f64 (+ bias), any geometry.
    fn direct(info: &ConvInfo, x: &[f32], f: &[f32], bias: &[f32]) -> Vec<f64> {
        let (ci, co) = (info.in_c, info.out_c);
        let mut out = vec![0.0f64; info.pixels() * co];
        for q in 0..info.pixels() {
            let (b, oy, ox) = (q / (info.out_h * info.out_w), (q / info.out_w) % info.out_h, q % info.out_w);
            for oc in 0..co {
                let mut s = bias[oc] as f64;
                for fy in 0..info.filter_h {
                    for fx in 0..info.filter_w {
                        if let (Some(iy), Some(ix)) = (info.in_row(oy, fy), info.in_col(ox, fx)) {
                            for ic in 0..ci {
                                s += x[((b * info.in_h + iy) * info.in_w + ix) * ci + ic] as f64 * f[((fy * info.filter_w + fx) * ci + ic) * co + oc] as f64;
                            }
                        }
                    }
                }
                out[q * co + oc] = s;
            }
        }
        out
    }

    /// 'same'-style geometry: (batch, h, w, c, fh, fw, out_c, stride, dilation, pad).
    fn geometry(g: (usize, usize, usize, usize, usize, usize, usize, usize, usize, usize)) -> ConvInfo {
        let (batch, h, w, c, fh, fw, oc, s, d, pad) = g;
        let out = |n: usize, f: usize| (n + 2 * pad - d * (f - 1) - 1) / s + 1;
        ConvInfo {
            batch, in_h: h, in_w: w, in_c: c, filter_h: fh, filter_w: fw, out_c: oc,
            stride_h: s, stride_w: s, dilation_h: d, dilation_w: d, pad_top: pad, pad_left: pad,
            out_h: out(h, fh), out_w: out(w, fw),
        }
    }

    #[test]
    fn pooled_in_place_equals_max_pool_of_the_output_bit_for_bit() {
        // Stride 1 and 2, dilation, output counts off multiples of 8 (a partial panel), odd outputs,
        // batch > 1, NaN planted (max_pool's rule: a NaN tap wins over a number).
        let shapes = [(2, 9, 11, 3, 3, 3, 5, 1, 1, 0), (1, 12, 10, 3, 3, 3, 32, 2, 1, 0), (2, 11, 12, 5, 3, 2, 13, 1, 2, 0)];
        for &g in &shapes {
            let info = geometry(g);
            let k = info.filter_h * info.filter_w * info.in_c;
            let mut x = rand(info.x_len(), 7);
            x[2 * info.in_c + 1] = f32::NAN;
            let w = pack_filter(&info, &rand(k * info.out_c, 8));
            let bias = rand(info.out_c, 9);
            // Padding only at the bottom / right ('same' with a 2×2 filter) is padding too.
            let bottom_pad = ConvInfo { out_h: info.out_h + 1, ..info };
            assert!(!pools_in_place(&bottom_pad, 1) && !pools_in_place(&info, 2));
            for &act in &[0u32, 1] {
                assert!(pools_in_place(&info, act));
                let mut conv = vec![0.0f32; info.pixels() * info.out_c];
                conv2d_packed(&info, &x, &w, Some(&bias), &mut conv, act);
                let want = crate::winograd_output::tests::pooled(&info, &conv);
                let mut got = vec![0.5f32; want.len()];
                conv2d_packed_pooled(&info, &x, &w, Some(&bias), &mut got, act);
                assert!(got.iter().any(|v| v.is_nan()) && got.iter().any(|v| !v.is_nan()));
                for (i, (g2, e)) in got.iter().zip(&want).enumerate() {
                    assert_eq!(g2.to_bits(), e.to_bits(), "{:?} act {} at {}", g, act, i);
                }
            }
        }
    }

    #[test]
    fn implicit_gemm_matches_direct_convolution() {
        // Strips in place and gathered (padding, row ends), stride, dilation, 1×1, channel and
        // output counts off multiples of 4 and 8, batch > 1, and a filter large enough for the
        // blocked path (3·3·64 × 520 floats).
        let shapes = [
            (2, 9, 11, 3, 3, 3, 5, 1, 1, 0),
            (1, 12, 10, 3, 3, 3, 32, 1, 1, 1),
            (2, 9, 8, 5, 3, 3, 6, 2, 1, 1),
            (1, 10, 9, 3, 3, 3, 4, 1, 2, 2),
            (3, 6, 7, 7, 1, 1, 9, 1, 1, 0),
            (1, 11, 11, 6, 5, 2, 17, 3, 1, 2),
            (1, 7, 6, 64, 3, 3, 520, 1, 1, 0),
        ];
        for &g in &shapes {
            let info = geometry(g);
            let k = info.filter_h * info.filter_w * info.in_c;
            let x = rand(info.x_len(), 1);
            let f = rand(k * info.out_c, 2);
            let bias = rand(info.out_c, 3);
            let want = direct(&info, &x, &f, &bias);
            for &act in &[0u32, 1, 3] {
                let mut out = vec![f32::NAN; info.pixels() * info.out_c];
                conv2d(&info, &x, &f, Some(&bias), &mut out, act);
                for (i, (&got, &v)) in out.iter().zip(&want).enumerate() {
                    let e = match act {
                        1 => v.max(0.0),
                        3 => v.tanh(),
                        _ => v,
                    };
                    assert!((got as f64 - e).abs() <= 1e-5 * (1.0 + e.abs()) * (k as f64).sqrt(), "{:?} act {} at {}: {} vs {}", g, act, i, got, e);
                }
            }
        }
    }
}
