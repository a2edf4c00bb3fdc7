//! Matrix-vector products for GEMMs with fewer than MR rows of A (a dense layer on one sample):
//! packing B would cost more than the product, so B is streamed once per row of C.

use crate::gemm::Mat;
use crate::simd::F4;

/// Few rows of A (a dense layer on one sample): packing B would cost more than the product, so
/// stream B once per row of C, one row of B after another: c_i += a_ip·B_p for p = 0, 1, ….
/// The pass is memory-bound on large B (the seed CNN's 75 MB dense kernel); reading B strictly in
/// address order measured 2.3 ms for that kernel against 2.6 ms for eight interleaved row streams
/// (and 3.1–3.6 ms as the crate compiled those), with c_i in L1 between rows.
pub(crate) fn gemv_rows(m: usize, n: usize, k: usize, a: Mat, b: Mat, c: &mut [f32], ldc: usize, accumulate: bool) {
    let rs = b.row_stride;
    assert!(k == 0 || (k - 1) * rs + n <= b.data.len());
    for i in 0..m {
        let ci = &mut c[i * ldc..i * ldc + n];
        if !accumulate {
            ci.iter_mut().for_each(|v| *v = 0.0);
        }
        for p in 0..k {
            // Safety: row p of B is in bounds (asserted above).
            unsafe { axpy_row(a.data[i * a.row_stride + p * a.col_stride], b.data.as_ptr().add(p * rs), ci) };
        }
    }
}

/// y += alpha·x for the row x of y.len() floats.
/// # Safety
/// `x .. x + y.len()` must be readable.
#[inline(always)]
pub(crate) unsafe fn axpy_row(alpha: f32, x: *const f32, y: &mut [f32]) {
    let n = y.len();
    let va = F4::splat(alpha);
    let yp = y.as_mut_ptr();
    let mut j = 0;
    // Two vectors a step; j + 8 ≤ n keeps every access in y (and in the row).
    while j + 8 <= n {
        F4::load_ptr(yp.add(j)).mul_add(F4::load_ptr(x.add(j)), va).store_ptr(yp.add(j));
        F4::load_ptr(yp.add(j + 4)).mul_add(F4::load_ptr(x.add(j + 4)), va).store_ptr(yp.add(j + 4));
        j += 8;
    }
    if j + 4 <= n {
        F4::load_ptr(yp.add(j)).mul_add(F4::load_ptr(x.add(j)), va).store_ptr(yp.add(j));
        j += 4;
    }
    for t in j..n {
        y[t] += alpha * *x.add(t);
    }
}
