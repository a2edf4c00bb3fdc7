//! GEMMs with few rows of A (a dense layer's batch) and a large B read in place, unpacked.
//!
//! With m ≤ 64 rows, each float of B is used only m times, so packing B (one more pass over it
//! through memory: 2 × 76 MB for the seed CNN's 36992×512 dense kernel) costs as much as the
//! multiply. Two shapes skip it:
//! - `Path::Rows` (B row-major, C = A·B: the dense forward): the 4×8 outer-product micro-kernel reads
//!   A's rows and B's rows where they are, over k slices small enough that A's slice and one B
//!   panel's cache lines stay in L1 while every A panel passes over them.
//! - `Path::Dot` (B given transposed, C = A·Bᵀ-stored: the dense backward's dx = dy·Wᵀ): rows of A and
//!   rows of the stored Bᵀ are both contiguous along k, so a 4×2 tile of dot products runs f32x4
//!   lanes along k and reduces the lanes at the end; a block of 8 Bᵀ rows stays in L1 while all
//!   of A's rows pass over it.
//! Sums are grouped differently from the packed path (per k slice, or per lane), so results
//! agree with it to float32 rounding, not bit for bit.

use crate::gemm::{Epilogue, Mat};
use crate::gemm_kernel::{store_tile, Ep, MR, NR};
use crate::simd::F4;

/// Most rows of A this path takes.
const MAX_M: usize = 64;
/// B must hold more floats than this (smaller B is packed whole once and reused; see gemm.rs).
const MIN_B_FLOATS: usize = 1 << 20;
/// Floats of A per k slice on the `Rows` path (16 KB: A's slice in L1 next to a B panel's lines).
const SLICE_FLOATS: usize = 4096;
/// Longest k the `Dot` path takes (a block of `DOT_ROWS` rows of Bᵀ then fits in 64 KB).
const DOT_MAX_K: usize = 2048;
/// Rows of the stored Bᵀ per block on the `Dot` path.
const DOT_ROWS: usize = 8;

/// Which in-place path `gemm_ex` should take, if any.
pub(crate) enum Path {
    /// B row-major: the outer-product micro-kernel over B's rows.
    Rows,
    /// B stored transposed: dot products along k.
    Dot,
}

/// The path for C (+)= A·B (m×k times k×n) with this epilogue, or None for the packed GEMM.
pub(crate) fn path(m: usize, n: usize, k: usize, a: &Mat, b: &Mat, epi: &Epilogue) -> Option<Path> {
    if m < MR || m > MAX_M || k * n <= MIN_B_FLOATS || a.col_stride != 1 {
        return None;
    }
    if b.col_stride == 1 && n % NR == 0 {
        Some(Path::Rows)
    } else if b.row_stride == 1 && k <= DOT_MAX_K && epi.bias.is_none() && !epi.relu {
        Some(Path::Dot)
    } else {
        None
    }
}

/// C (+)= A·B then the epilogue, on the path `path` chose (A rows contiguous along k).
pub(crate) fn gemm_wide(which: Path, m: usize, n: usize, k: usize, a: Mat, b: Mat, c: &mut [f32], ldc: usize, accumulate: bool, epi: Epilogue) {
    assert!(a.col_stride == 1 && (m - 1) * a.row_stride + k <= a.data.len());
    assert!((m - 1) * ldc + n <= c.len());
    match which {
        Path::Rows => {
            assert!(b.col_stride == 1 && n % NR == 0 && (k - 1) * b.row_stride + n <= b.data.len());
            wide(m, n, k, a.data, a.row_stride, b.data, b.row_stride, c, ldc, accumulate, &epi);
        }
        Path::Dot => {
            assert!(b.row_stride == 1 && (n - 1) * b.col_stride + k <= b.data.len());
            dot(m, n, k, a.data, a.row_stride, b.data, b.col_stride, c, ldc, accumulate);
        }
    }
}

/// C (+)= A·B with A rows at `a + i·lda`, B rows at `b + p·ldb` (n a multiple of NR).
#[allow(clippy::too_many_arguments)]
fn wide(m: usize, n: usize, k: usize, a: &[f32], lda: usize, b: &[f32], ldb: usize, c: &mut [f32], ldc: usize, accumulate: bool, epi: &Epilogue) {
    let kc_max = (SLICE_FLOATS / m).max(16);
    let parts = (k + kc_max - 1) / kc_max;
    let kc_step = (k + parts - 1) / parts; // equal slices
    let plain = Ep::new(None, 0, NR, false);
    let mut pc = 0;
    while pc < k {
        let kc = kc_step.min(k - pc);
        let last = pc + kc == k;
        for j0 in (0..n).step_by(NR) {
            let with_epilogue;
            let ep = if last {
                with_epilogue = Ep::new(epi.bias, j0, NR, epi.relu);
                &with_epilogue
            } else {
                &plain
            };
            for i0 in (0..m).step_by(MR) {
                let rows = MR.min(m - i0);
                // Rows past m repeat the last row (read, never stored).
                let mut pa = [a.as_ptr(); MR];
                for (r, p) in pa.iter_mut().enumerate() {
                    // Safety: row i0 + min(r, rows - 1) < m, column pc < k (asserted by the caller).
                    *p = unsafe { a.as_ptr().add((i0 + r.min(rows - 1)) * lda + pc) };
                }
                // Safety: the kernel reads rows pc..pc+kc of B at columns j0..j0+NR (≤ n) and
                // columns pc..pc+kc of the A rows above; the tile store writes rows < m, columns < n.
                unsafe {
                    let acc = kernel_in_place(kc, pa, b.as_ptr().add(pc * ldb + j0), ldb);
                    store_tile(acc, c.as_mut_ptr().add(i0 * ldc + j0), ldc, rows, NR, accumulate || pc > 0, ep);
                }
            }
        }
        pc += kc;
    }
}

/// The 4×8 tile Σ_p A[r][p]·B[p][0..8] over `kc` steps, A's rows at `pa[r]`, B's at `b + p·ldb`.
/// # Safety
/// `pa[r] .. pa[r] + kc` and `b + p·ldb .. + NR` for p < kc must be readable.
#[inline(always)]
unsafe fn kernel_in_place(kc: usize, mut pa: [*const f32; MR], b: *const f32, ldb: usize) -> [[F4; NR / 4]; MR] {
    let mut acc = [[F4::zero(); NR / 4]; MR];
    let mut pb = b;
    for _ in 0..kc {
        let b0 = F4::load_ptr(pb);
        let b1 = F4::load_ptr(pb.add(4));
        for r in 0..MR {
            let ar = F4::splat_ptr(pa[r]);
            acc[r][0] = acc[r][0].mul_add(ar, b0);
            acc[r][1] = acc[r][1].mul_add(ar, b1);
            pa[r] = pa[r].add(1);
        }
        pb = pb.add(ldb);
    }
    acc
}

/// C[i][j] (+)= Σ_p A[i·lda + p]·Bt[j·ldb + p].
#[allow(clippy::too_many_arguments)]
fn dot(m: usize, n: usize, k: usize, a: &[f32], lda: usize, bt: &[f32], ldb: usize, c: &mut [f32], ldc: usize, accumulate: bool) {
    let mut j0 = 0;
    while j0 < n {
        let j1 = (j0 + DOT_ROWS).min(n);
        let mut i = 0;
        while i < m {
            let rows = if m - i >= 4 { 4 } else { 1 };
            let mut j = j0;
            while j < j1 {
                let cols = if j1 - j >= 2 { 2 } else { 1 };
                // Safety: rows i..i+rows < m of A and j..j+cols < n of Bt, k floats each (asserted
                // by the caller); the stores go to C rows < m, columns < n.
                unsafe {
                    let (pa, pb) = (a.as_ptr().add(i * lda), bt.as_ptr().add(j * ldb));
                    match (rows, cols) {
                        (4, 2) => put(&dot_tile::<4, 2>(pa, lda, pb, ldb, k), c, i * ldc + j, ldc, accumulate),
                        (4, _) => put(&dot_tile::<4, 1>(pa, lda, pb, ldb, k), c, i * ldc + j, ldc, accumulate),
                        (_, 2) => put(&dot_tile::<1, 2>(pa, lda, pb, ldb, k), c, i * ldc + j, ldc, accumulate),
                        _ => put(&dot_tile::<1, 1>(pa, lda, pb, ldb, k), c, i * ldc + j, ldc, accumulate),
                    }
                }
                j += cols;
            }
            i += rows;
        }
        j0 = j1;
    }
}

/// The R×C dot products of A rows `a + r·lda` with Bt rows `b + q·ldb`, k floats each.
/// # Safety
/// Those rows must be readable.
#[inline(always)]
unsafe fn dot_tile<const R: usize, const C: usize>(a: *const f32, lda: usize, b: *const f32, ldb: usize, k: usize) -> [[f32; C]; R] {
    let mut acc = [[F4::zero(); C]; R];
    let mut pa = [a; R];
    for (r, p) in pa.iter_mut().enumerate() {
        *p = a.add(r * lda);
    }
    let mut pb = [b; C];
    for (q, p) in pb.iter_mut().enumerate() {
        *p = b.add(q * ldb);
    }
    let k4 = k - k % 4;
    let mut p = 0;
    while p < k4 {
        let mut bv = [F4::zero(); C];
        for q in 0..C {
            bv[q] = F4::load_ptr(pb[q].add(p));
        }
        for r in 0..R {
            let av = F4::load_ptr(pa[r].add(p));
            for q in 0..C {
                acc[r][q] = acc[r][q].mul_add(av, bv[q]);
            }
        }
        p += 4;
    }
    let mut out = [[0.0f32; C]; R];
    for r in 0..R {
        for q in 0..C {
            let mut s = acc[r][q].hsum();
            for t in k4..k {
                s += *pa[r].add(t) * *pb[q].add(t);
            }
            out[r][q] = s;
        }
    }
    out
}

/// Writes (or adds) an R×C block of sums at c[at + r·ldc + q].
fn put<const R: usize, const C: usize>(v: &[[f32; C]; R], c: &mut [f32], at: usize, ldc: usize, accumulate: bool) {
    for r in 0..R {
        for q in 0..C {
            let x = &mut c[at + r * ldc + q];
            *x = if accumulate { *x + v[r][q] } else { v[r][q] };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv2d_forward::tests::rand;
    use crate::gemm::gemm_ex;
    use crate::gemm::tests::naive_f64 as naive;

    #[test]
    fn in_place_paths_match_naive() {
        // (m, n, k, trans_b): Rows (n in 8s) and Dot (B transposed), row tails (m % 4), odd n and
        // k % 4 on Dot, k not a multiple of the slice on Rows, m at the 64 limit.
        let cases = [(4, 2048, 520, false), (7, 1032, 1100, false), (64, 16400, 65, false), (32, 4096, 300, false), (5, 1031, 1027, true), (33, 2049, 514, true), (4, 600, 2048, true), (64, 2001, 600, true)];
        for &(m, n, k, tb) in &cases {
            let a = rand(m * k, 1);
            let b = rand(k * n, 2);
            let (av, bv) = (Mat::new(&a, k, m, false), Mat::new(&b, n, k, tb));
            let which = path(m, n, k, &av, &bv, &Epilogue::default());
            assert!(matches!((&which, tb), (Some(Path::Rows), false) | (Some(Path::Dot), true)), "{:?} takes the path", (m, n, k, tb));
            let want = naive(m, n, k, &av, &bv);
            let bias: Vec<f32> = (0..n).map(|j| (j % 7) as f32 * 0.5 - 1.5).collect();
            for &(acc, epi) in &[(false, Epilogue::default()), (true, Epilogue::default()), (false, Epilogue { bias: Some(&bias), relu: true })] {
                if tb && epi.relu {
                    continue; // Dot takes no epilogue (gemm_ex sends such calls to the packed path)
                }
                let mut c = vec![if acc { 1.0f32 } else { f32::NAN }; m * n];
                gemm_ex(m, n, k, av, bv, &mut c, n, acc, epi);
                for i in 0..m * n {
                    let mut e = want[i] + if acc { 1.0 } else { 0.0 };
                    if epi.relu {
                        e = (e + bias[i % n] as f64).max(0.0);
                    }
                    let tol = 1e-5 * (k as f64).sqrt() * (1.0 + e.abs());
                    assert!((c[i] as f64 - e).abs() <= tol, "{:?} acc {} relu {} at {}: {} vs {}", (m, n, k, tb), acc, epi.relu, i, c[i], e);
                }
            }
        }
    }

    #[test]
    fn other_shapes_keep_the_packed_path() {
        let (a, b) = (vec![0.0f32; 65 * 2048], vec![0.0f32; 2048 * 1024]);
        let small = Mat::new(&b, 1024, 1000, false);
        assert!(path(3, 1024, 2048, &Mat::new(&a, 2048, 3, false), &Mat::new(&b, 1024, 2048, false), &Epilogue::default()).is_none());
        assert!(path(65, 1024, 2048, &Mat::new(&a, 2048, 65, false), &Mat::new(&b, 1024, 2048, false), &Epilogue::default()).is_none());
        assert!(path(8, 1024, 1000, &Mat::new(&a, 1000, 8, false), &small, &Epilogue::default()).is_none());
        assert!(path(8, 1020, 2048, &Mat::new(&a, 2048, 8, false), &Mat::new(&b, 1020, 2048, false), &Epilogue::default()).is_none());
        assert!(path(8, 1024, 2048, &Mat::new(&a, 8, 2048, true), &Mat::new(&b, 1024, 2048, false), &Epilogue::default()).is_none());
        assert!(path(8, 1024, 2048, &Mat::new(&a, 2048, 8, false), &Mat::new(&b, 2048, 1024, true), &Epilogue { bias: None, relu: true }).is_none());
    }
}
