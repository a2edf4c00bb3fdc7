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
use crate::gemm::{gemm_pp, gemm_strip, packed_a_index, packed_a_len, round_up, Epilogue, Mat, PackedB, Strip, MR};

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
