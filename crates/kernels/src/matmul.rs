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

/// out = act(x·kernel + bias); x [rows,in_dim], kernel [in_dim,out_dim], bias [out_dim] or null.
/// The bias and ReLU are applied as the GEMM stores each tile.
#[no_mangle]
pub extern "C" fn dense(x: *const f32, kernel: *const f32, bias: *const f32, out: *mut f32, rows: usize, in_dim: usize, out_dim: usize, act: u32) {
    let (x, w, out) = (slice(x, rows * in_dim), slice(kernel, in_dim * out_dim), slice_mut(out, rows * out_dim));
    let bias = if bias.is_null() { None } else { Some(slice(bias, out_dim)) };
    let epi = Epilogue { bias, relu: act == 1 };
    gemm_ex(rows, out_dim, in_dim, Mat::new(x, in_dim, rows, false), Mat::new(w, out_dim, in_dim, false), out, out_dim, false, epi);
    if act > 1 {
        apply_activation(out, act);
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
