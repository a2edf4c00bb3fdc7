//! Matrix multiply: the `matmul`, `dense` and `bias_grad` exports, built on the GEMM engine in
//! `gemm.rs` (re-exported here as `gemm` / `Mat` for the other kernel modules).

use crate::fused_activation::apply_activation;
use crate::memory::{slice, slice_mut};
pub use crate::gemm::{gemm, Mat};
use crate::gemm::{gemm_ex, Epilogue};

/// out[b] = op(a[b])·op(b[b]); a is [batch,m,k] ([batch,k,m] if trans_a), b is [batch,k,n]
/// ([batch,n,k] if trans_b), out [batch,m,n].
#[no_mangle]
pub extern "C" fn matmul(a: *const f32, b: *const f32, out: *mut f32, batch: usize, m: usize, k: usize, n: usize, trans_a: u32, trans_b: u32) {
    let (a, b, out) = (slice(a, batch * m * k), slice(b, batch * k * n), slice_mut(out, batch * m * n));
    for bi in 0..batch {
        let av = Mat::new(&a[bi * m * k..(bi + 1) * m * k], k, m, trans_a != 0);
        let bv = Mat::new(&b[bi * k * n..(bi + 1) * k * n], n, k, trans_b != 0);
        gemm(m, n, k, av, bv, &mut out[bi * m * n..(bi + 1) * m * n], n, false);
    }
}

/// Rows row0..row0+rows of one (unbatched) `matmul`: out holds those rows ([rows, n]), a and b
/// are the whole operands (a [m,k], or [k,m] if trans_a). Kernel threads split a product this way
/// (packages/kernels/src/kernels/matmul.ts): each thread forms its rows with the same sums as one call.
#[no_mangle]
pub extern "C" fn matmul_rows(a: *const f32, b: *const f32, out: *mut f32, m: usize, row0: usize, rows: usize, k: usize, n: usize, trans_a: u32, trans_b: u32) {
    assert!(row0 + rows <= m);
    let (a, b, out) = (slice(a, m * k), slice(b, k * n), slice_mut(out, rows * n));
    if rows == 0 || k == 0 {
        out.iter_mut().for_each(|v| *v = 0.0);
        return;
    }
    let av = if trans_a != 0 { Mat { data: &a[row0..], row_stride: 1, col_stride: m } } else { Mat { data: &a[row0 * k..], row_stride: k, col_stride: 1 } };
    gemm(rows, n, k, av, Mat::new(b, n, k, trans_b != 0), out, n, false);
}

/// Columns col0..col0+cols of one (unbatched) `matmul`, written into out ([m, n], the whole
/// product's buffer; its other columns are left as they are). Kernel threads split a product with
/// few rows this way (packages/kernels/src/kernels/matmul.ts): each thread then reads only its
/// part of a large b, where a split by rows would stream all of b through both threads. Each
/// element gets the same sums as in one call.
#[no_mangle]
pub extern "C" fn matmul_cols(a: *const f32, b: *const f32, out: *mut f32, m: usize, k: usize, n: usize, col0: usize, cols: usize, trans_a: u32, trans_b: u32) {
    assert!(col0 + cols <= n);
    let (a, b, out) = (slice(a, m * k), slice(b, k * n), slice_mut(out, m * n));
    if cols == 0 || m == 0 {
        return;
    }
    if k == 0 {
        out.chunks_exact_mut(n).for_each(|row| row[col0..col0 + cols].iter_mut().for_each(|v| *v = 0.0));
        return;
    }
    let bv = column_block(Mat::new(b, n, k, trans_b != 0), col0);
    gemm(m, cols, k, Mat::new(a, k, m, trans_a != 0), bv, &mut out[col0..], n, false);
}

/// The view of `b` from column col0 on.
fn column_block(b: Mat, col0: usize) -> Mat {
    Mat { data: &b.data[col0 * b.col_stride..], ..b }
}

/// out = act(x·kernel + bias); x [rows,in_dim], kernel [in_dim,out_dim], bias [out_dim] or null.
/// The bias and ReLU are applied as the GEMM stores each tile.
#[no_mangle]
pub extern "C" fn dense(x: *const f32, kernel: *const f32, bias: *const f32, out: *mut f32, rows: usize, in_dim: usize, out_dim: usize, act: u32) {
    dense_cols(x, kernel, bias, out, rows, in_dim, out_dim, 0, out_dim, act);
}

/// Output columns col0..col0+cols of one `dense` call, written into out ([rows, out_dim], the
/// whole output's buffer), the way kernel threads split a dense layer with few rows and a large
/// kernel (packages/kernels/src/kernels/dense.ts; see `matmul_cols`).
#[no_mangle]
pub extern "C" fn dense_cols(x: *const f32, kernel: *const f32, bias: *const f32, out: *mut f32, rows: usize, in_dim: usize, out_dim: usize, col0: usize, cols: usize, act: u32) {
    assert!(col0 + cols <= out_dim);
    let (x, w, out) = (slice(x, rows * in_dim), slice(kernel, in_dim * out_dim), slice_mut(out, rows * out_dim));
    if rows == 0 || cols == 0 {
        return;
    }
    let bias = if bias.is_null() { None } else { Some(&slice(bias, out_dim)[col0..col0 + cols]) };
    let epi = Epilogue { bias, relu: act == 1 };
    let wv = column_block(Mat::new(w, out_dim, in_dim, false), col0);
    gemm_ex(rows, cols, in_dim, Mat::new(x, in_dim, rows, false), wv, &mut out[col0..], out_dim, false, epi);
    if act > 1 {
        out.chunks_exact_mut(out_dim).for_each(|row| apply_activation(&mut row[col0..col0 + cols], act));
    }
}

/// dbias[j] = Σ_rows dy[r, j].
#[no_mangle]
pub extern "C" fn bias_grad(dy: *const f32, dbias: *mut f32, rows: usize, cols: usize) {
    let (dy, dbias) = (slice(dy, rows * cols), slice_mut(dbias, cols));
    for v in dbias.iter_mut() {
        *v = 0.0;
    }
    if cols == 0 {
        return;
    }
    for row in dy.chunks_exact(cols) {
        crate::simd::add_assign(dbias, row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// n test values starting at `offset` (neighbours differ, some negative).
    fn values(n: usize, offset: usize) -> Vec<f32> {
        (0..n).map(|v| (((v + offset) * 37) % 23) as f32 * 0.125 - 1.3).collect()
    }

    fn bits(v: &[f32]) -> Vec<u32> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    /// One m×k by k×n `matmul` against the same product formed by `part(a, b, out, start, len,
    /// trans_a, trans_b)` over `ranges`, for every transposition.
    fn parts_equal_the_whole(m: usize, k: usize, n: usize, ranges: &[(usize, usize)], part: impl Fn(&[f32], &[f32], &mut [f32], usize, usize, u32, u32)) {
        let (a, b) = (values(m * k, 0), values(k * n, 5));
        for (ta, tb) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
            let mut whole = vec![0.0f32; m * n];
            matmul(a.as_ptr(), b.as_ptr(), whole.as_mut_ptr(), 1, m, k, n, ta, tb);
            let mut parts = vec![f32::NAN; m * n];
            for &(start, len) in ranges {
                part(&a, &b, &mut parts, start, len, ta, tb);
            }
            assert_eq!(bits(&whole), bits(&parts), "trans_a {ta} trans_b {tb}");
        }
    }

    #[test]
    fn row_ranges_equal_the_whole_product_bit_for_bit() {
        let (m, k, n) = (13, 7, 9);
        parts_equal_the_whole(m, k, n, &[(0, 6), (6, 7)], |a, b, out, row0, rows, ta, tb| {
            matmul_rows(a.as_ptr(), b.as_ptr(), out[row0 * n..].as_mut_ptr(), m, row0, rows, k, n, ta, tb)
        });
    }

    #[test]
    fn column_ranges_equal_the_whole_product_bit_for_bit() {
        let (m, k, n) = (5, 7, 19);
        parts_equal_the_whole(m, k, n, &[(0, 8), (8, 11)], |a, b, out, col0, cols, ta, tb| {
            matmul_cols(a.as_ptr(), b.as_ptr(), out.as_mut_ptr(), m, k, n, col0, cols, ta, tb)
        });
    }

    #[test]
    fn dense_column_ranges_equal_the_whole_layer_bit_for_bit() {
        let (rows, in_dim, out_dim) = (6, 9, 24);
        let (x, w, bias) = (values(rows * in_dim, 0), values(in_dim * out_dim, 3), values(out_dim, 11));
        for act in [0, 1, 2] {
            let mut whole = vec![0.0f32; rows * out_dim];
            dense(x.as_ptr(), w.as_ptr(), bias.as_ptr(), whole.as_mut_ptr(), rows, in_dim, out_dim, act);
            let mut parts = vec![f32::NAN; rows * out_dim];
            for (col0, cols) in [(0, 16), (16, 8)] {
                dense_cols(x.as_ptr(), w.as_ptr(), bias.as_ptr(), parts.as_mut_ptr(), rows, in_dim, out_dim, col0, cols, act);
            }
            assert_eq!(bits(&whole), bits(&parts), "act {act}");
        }
    }
}
