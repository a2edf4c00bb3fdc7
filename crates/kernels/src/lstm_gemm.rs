//! The strided GEMM the LSTM is built on: C += A·B where A is addressed by (row, column)
//! strides, so transposed operands and rows scattered through a [batch, steps, ·] tensor need no
//! copies. B and C are row-major (unit column stride), which is the dimension vectorised.
//!
//! Blocking: 4 rows × 8 columns of C live in 8 f32x4 accumulators while the k loop streams one
//! row of B per step, so each B load feeds 4 rows and each A value is splatted once per 8
//! columns. Leftover rows use 1 × 32 blocks (still 8 independent accumulators, for batch 1).

use crate::simd::F4;

/// C[i, j] += Σ_p A[i·ars + p·acs] · B[p·ldb + j] for i < m, j < n, p < k.
/// # Safety
/// All three matrices must be valid for the extents implied by the sizes and strides.
pub(crate) unsafe fn gemm_acc(
    m: usize, n: usize, k: usize,
    a: *const f32, ars: usize, acs: usize,
    b: *const f32, ldb: usize,
    c: *mut f32, ldc: usize,
) {
    // Split k into panels so the rows of B one panel touches stay in cache while every block of
    // C streams over them (matters for the long-k weight gradients, k = batch·steps).
    let mut p0 = 0;
    while p0 < k {
        let kc = KC.min(k - p0);
        let (a, b) = (a.add(p0 * acs), b.add(p0 * ldb));
        let mut i = 0;
        while i + 4 <= m {
            rows::<4, 2>(i, n, kc, a, ars, acs, b, ldb, c, ldc);
            i += 4;
        }
        while i < m {
            rows::<1, 8>(i, n, kc, a, ars, acs, b, ldb, c, ldc);
            i += 1;
        }
        p0 += kc;
    }
}

/// Rows of B per k panel: 64 rows of a 256-wide B are 64 KiB.
const KC: usize = 64;

/// C rows i..i+R: column blocks of 4·W, then single vectors, then scalar columns.
#[inline(always)]
unsafe fn rows<const R: usize, const W: usize>(
    i: usize, n: usize, k: usize,
    a: *const f32, ars: usize, acs: usize,
    b: *const f32, ldb: usize,
    c: *mut f32, ldc: usize,
) {
    let mut j = 0;
    while j + 4 * W <= n {
        block::<R, W>(i, j, k, a, ars, acs, b, ldb, c, ldc);
        j += 4 * W;
    }
    while j + 4 <= n {
        block::<R, 1>(i, j, k, a, ars, acs, b, ldb, c, ldc);
        j += 4;
    }
    while j < n {
        for r in 0..R {
            let mut s = 0.0f32;
            for p in 0..k {
                s += *a.add((i + r) * ars + p * acs) * *b.add(p * ldb + j);
            }
            *c.add((i + r) * ldc + j) += s;
        }
        j += 1;
    }
}

#[inline(always)]
unsafe fn block<const R: usize, const W: usize>(
    i: usize, j: usize, k: usize,
    a: *const f32, ars: usize, acs: usize,
    b: *const f32, ldb: usize,
    c: *mut f32, ldc: usize,
) {
    let mut acc = [[F4::zero(); W]; R];
    for r in 0..R {
        for w in 0..W {
            acc[r][w] = F4::load_ptr(c.add((i + r) * ldc + j + 4 * w));
        }
    }
    for p in 0..k {
        let bp = b.add(p * ldb + j);
        let mut bv = [F4::zero(); W];
        for w in 0..W {
            bv[w] = F4::load_ptr(bp.add(4 * w));
        }
        for r in 0..R {
            let av = F4::splat(*a.add((i + r) * ars + p * acs));
            for w in 0..W {
                acc[r][w] = acc[r][w].mul_add(av, bv[w]);
            }
        }
    }
    for r in 0..R {
        for w in 0..W {
            acc[r][w].store_ptr(c.add((i + r) * ldc + j + 4 * w));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strided_gemm_matches_naive() {
        for &(m, n, k) in &[(5, 37, 3), (1, 40, 7), (9, 8, 1), (6, 3, 5)] {
            let a: Vec<f32> = (0..m * k).map(|v| ((v * 7) % 11) as f32 - 5.0).collect();
            let b: Vec<f32> = (0..k * n).map(|v| ((v * 5) % 13) as f32 - 6.0).collect();
            // A read transposed: A(i, p) = a[p*m + i]
            let mut c = vec![1.0f32; m * n];
            unsafe { gemm_acc(m, n, k, a.as_ptr(), 1, m, b.as_ptr(), n, c.as_mut_ptr(), n) };
            for i in 0..m {
                for j in 0..n {
                    let want: f32 = 1.0 + (0..k).map(|p| a[p * m + i] * b[p * n + j]).sum::<f32>();
                    assert_eq!(c[i * n + j], want, "{} {} {}", m, n, k);
                }
            }
        }
    }
}
