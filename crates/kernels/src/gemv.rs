//! Matrix-vector products for GEMMs with fewer than MR rows of A (a dense layer on one sample):
//! packing B would cost more than the product, so B is streamed once per row of C.

use crate::gemm::Mat;
use crate::simd::F4;

/// Rows of B summed per pass over a row of C (`dense_row.rs` sums its rows in the same groups).
pub(crate) const GEMV_ROWS: usize = 8;

/// Few rows of A (a dense layer on one sample): packing B would cost more than the product, so
/// stream B once per row of C, eight rows of B per pass over C. The pass is memory-bound on large
/// B (the seed CNN's 75 MB dense kernel); eight concurrent row streams keep more loads in flight
/// than four, and halve the C traffic.
pub(crate) fn gemv_rows(m: usize, n: usize, k: usize, a: Mat, b: Mat, c: &mut [f32], ldc: usize, accumulate: bool) {
    const R: usize = GEMV_ROWS;
    let rs = b.row_stride;
    assert!(k == 0 || (k - 1) * rs + n <= b.data.len());
    for i in 0..m {
        let ci = &mut c[i * ldc..i * ldc + n];
        if !accumulate {
            ci.iter_mut().for_each(|v| *v = 0.0);
        }
        let av = |p: usize| a.data[i * a.row_stride + p * a.col_stride];
        let mut p = 0;
        while p + R <= k {
            let mut alpha = [0.0f32; R];
            for (t, al) in alpha.iter_mut().enumerate() {
                *al = av(p + t);
            }
            // Safety: rows p..p+R of B are in bounds (asserted above).
            unsafe { axpy_rows(&alpha, b.data.as_ptr().add(p * rs), rs, ci) };
            p += R;
        }
        while p < k {
            crate::simd::axpy(av(p), &b.data[p * rs..p * rs + n], ci);
            p += 1;
        }
    }
}

/// y += Σ_t alpha[t]·x_t where row x_t starts at `x + t·stride` and holds y.len() floats.
/// # Safety
/// Every row must be readable for y.len() floats.
#[inline(always)]
pub(crate) unsafe fn axpy_rows<const R: usize>(alpha: &[f32; R], x: *const f32, stride: usize, y: &mut [f32]) {
    let n = y.len();
    let n4 = n & !3;
    let mut va = [F4::zero(); R];
    for (v, a) in va.iter_mut().zip(alpha.iter()) {
        *v = F4::splat(*a);
    }
    let mut j = 0;
    while j < n4 {
        let mut s0 = F4::load_ptr(x.add(j)).mul(va[0]);
        let mut s1 = F4::load_ptr(x.add(stride + j)).mul(va[1]);
        let mut t = 2;
        while t + 1 < R {
            s0 = s0.mul_add(F4::load_ptr(x.add(t * stride + j)), va[t]);
            s1 = s1.mul_add(F4::load_ptr(x.add((t + 1) * stride + j)), va[t + 1]);
            t += 2;
        }
        F4::load(y, j).add(s0.add(s1)).store(y, j);
        j += 4;
    }
    for j in n4..n {
        let mut s = 0.0f32;
        for t in 0..R {
            s += alpha[t] * *x.add(t * stride + j);
        }
        y[j] += s;
    }
}
