//! Matrix multiply: a cache-blocked GEMM with a register-tiled f32x4 micro-kernel, and the
//! `matmul`, `dense` and `bias_grad` exports built on it.
//!
//! `gemm` computes C (+)= A·B where A and B are strided views (`Mat`), so transposes cost nothing:
//! both operands are copied ("packed") into contiguous panels before the micro-kernel runs. The
//! loop nest is the classic Goto/BLIS one: N in NC columns, K in KC slices (B panel stays in L2/L3),
//! M in MC rows (A block stays in L2), then MR×NR tiles held in 8 f32x4 accumulators.

use crate::fused_activation::apply_activation;
use crate::memory::{slice, slice_mut};
use crate::simd::F4;

/// Rows of the micro-tile.
const MR: usize = 4;
/// Columns of the micro-tile (two f32x4 vectors).
const NR: usize = 8;
const KC: usize = 512;
const MC: usize = 64;
const NC: usize = 2048;

/// A read-only matrix view: element (i, j) is `data[i * row_stride + j * col_stride]`.
#[derive(Clone, Copy)]
pub struct Mat<'a> {
    pub data: &'a [f32],
    pub row_stride: usize,
    pub col_stride: usize,
}

impl<'a> Mat<'a> {
    /// A row-major `rows × cols` matrix, or its transpose view when `transposed` (the data is then
    /// stored `cols × rows`).
    pub fn new(data: &'a [f32], cols: usize, rows: usize, transposed: bool) -> Mat<'a> {
        if transposed {
            Mat { data, row_stride: 1, col_stride: rows }
        } else {
            Mat { data, row_stride: cols, col_stride: 1 }
        }
    }
}

/// C[i, j] = Σ_p A[i, p]·B[p, j] for an m×k A and k×n B; C is row-major with row stride `ldc`.
/// With `accumulate` the product is added to C instead of overwriting it.
pub fn gemm(m: usize, n: usize, k: usize, a: Mat, b: Mat, c: &mut [f32], ldc: usize, accumulate: bool) {
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        if !accumulate {
            for i in 0..m {
                for v in c[i * ldc..i * ldc + n].iter_mut() {
                    *v = 0.0;
                }
            }
        }
        return;
    }
    if m < MR && b.col_stride == 1 {
        gemv_rows(m, n, k, a, b, c, ldc, accumulate);
        return;
    }
    let nc_max = NC.min(round_up(n, NR));
    let kc_max = KC.min(k);
    let mut bpack = vec![0.0f32; kc_max * nc_max];
    let mut apack = vec![0.0f32; kc_max * MC.min(round_up(m, MR))];
    let mut jc = 0;
    while jc < n {
        let nc = NC.min(n - jc);
        let mut pc = 0;
        while pc < k {
            let kc = KC.min(k - pc);
            pack_b(&b, pc, kc, jc, nc, &mut bpack);
            let add = accumulate || pc > 0;
            let mut ic = 0;
            while ic < m {
                let mc = MC.min(m - ic);
                pack_a(&a, ic, mc, pc, kc, &mut apack);
                block(mc, nc, kc, &apack, &bpack, &mut c[ic * ldc + jc..], ldc, add);
                ic += mc;
            }
            pc += kc;
        }
        jc += nc;
    }
}

/// Few rows of A (e.g. a dense layer on one sample): packing would cost more than the product, so
/// stream each row of B once per row of C with axpy.
fn gemv_rows(m: usize, n: usize, k: usize, a: Mat, b: Mat, c: &mut [f32], ldc: usize, accumulate: bool) {
    for i in 0..m {
        let ci = &mut c[i * ldc..i * ldc + n];
        if !accumulate {
            ci.iter_mut().for_each(|v| *v = 0.0);
        }
        for p in 0..k {
            let av = a.data[i * a.row_stride + p * a.col_stride];
            crate::simd::axpy(av, &b.data[p * b.row_stride..p * b.row_stride + n], ci);
        }
    }
}

fn round_up(x: usize, to: usize) -> usize {
    (x + to - 1) / to * to
}

/// Packs A[ic.., pc..] into MR-row slivers: sliver s holds, for each p, MR consecutive values
/// (rows past the matrix end are zero).
fn pack_a(a: &Mat, ic: usize, mc: usize, pc: usize, kc: usize, out: &mut [f32]) {
    let (rs, cs) = (a.row_stride, a.col_stride);
    let mut o = 0;
    let mut i0 = 0;
    while i0 < mc {
        let rows = MR.min(mc - i0);
        for p in 0..kc {
            let base = (pc + p) * cs;
            for r in 0..MR {
                out[o + r] = if r < rows { a.data[(ic + i0 + r) * rs + base] } else { 0.0 };
            }
            o += MR;
        }
        i0 += MR;
    }
}

/// Packs B[pc.., jc..] into NR-column slivers: sliver s holds, for each p, NR consecutive values.
fn pack_b(b: &Mat, pc: usize, kc: usize, jc: usize, nc: usize, out: &mut [f32]) {
    let (rs, cs) = (b.row_stride, b.col_stride);
    let mut o = 0;
    let mut j0 = 0;
    while j0 < nc {
        let cols = NR.min(nc - j0);
        for p in 0..kc {
            let row = &b.data[(pc + p) * rs..];
            if cols == NR && cs == 1 {
                let src = &row[jc + j0..jc + j0 + NR];
                out[o..o + NR].copy_from_slice(src);
            } else {
                for j in 0..NR {
                    out[o + j] = if j < cols { row[(jc + j0 + j) * cs] } else { 0.0 };
                }
            }
            o += NR;
        }
        j0 += NR;
    }
}

/// Runs the micro-kernel over every MR×NR tile of an mc×nc block.
fn block(mc: usize, nc: usize, kc: usize, apack: &[f32], bpack: &[f32], c: &mut [f32], ldc: usize, add: bool) {
    let mut j0 = 0;
    while j0 < nc {
        let cols = NR.min(nc - j0);
        let bs = &bpack[(j0 / NR) * kc * NR..(j0 / NR + 1) * kc * NR];
        let mut i0 = 0;
        while i0 < mc {
            let rows = MR.min(mc - i0);
            let asl = &apack[(i0 / MR) * kc * MR..(i0 / MR + 1) * kc * MR];
            let acc = micro_kernel(kc, asl, bs);
            let ci = &mut c[i0 * ldc + j0..];
            if rows == MR && cols == NR {
                store_full(&acc, ci, ldc, add);
            } else {
                store_partial(&acc, ci, ldc, rows, cols, add);
            }
            i0 += MR;
        }
        j0 += NR;
    }
}

/// The MR×NR tile product of one A sliver and one B sliver over kc steps.
#[inline(always)]
fn micro_kernel(kc: usize, a: &[f32], b: &[f32]) -> [[F4; 2]; MR] {
    assert!(a.len() >= kc * MR && b.len() >= kc * NR);
    let mut acc = [[F4::zero(); 2]; MR];
    let (mut pa, mut pb) = (a.as_ptr(), b.as_ptr());
    for _ in 0..kc {
        // Safety: the assert above bounds kc steps of MR (A) and NR (B) floats.
        unsafe {
            let b0 = F4::load_ptr(pb);
            let b1 = F4::load_ptr(pb.add(4));
            for r in 0..MR {
                let ar = F4::splat(*pa.add(r));
                acc[r][0] = acc[r][0].mul_add(ar, b0);
                acc[r][1] = acc[r][1].mul_add(ar, b1);
            }
            pa = pa.add(MR);
            pb = pb.add(NR);
        }
    }
    acc
}

#[inline(always)]
fn store_full(acc: &[[F4; 2]; MR], c: &mut [f32], ldc: usize, add: bool) {
    for r in 0..MR {
        let row = &mut c[r * ldc..r * ldc + NR];
        if add {
            F4::load(row, 0).add(acc[r][0]).store(row, 0);
            F4::load(row, 4).add(acc[r][1]).store(row, 4);
        } else {
            acc[r][0].store(row, 0);
            acc[r][1].store(row, 4);
        }
    }
}

fn store_partial(acc: &[[F4; 2]; MR], c: &mut [f32], ldc: usize, rows: usize, cols: usize, add: bool) {
    for r in 0..rows {
        let (lo, hi) = (acc[r][0].to_array(), acc[r][1].to_array());
        for j in 0..cols {
            let v = if j < 4 { lo[j] } else { hi[j - 4] };
            let dst = &mut c[r * ldc + j];
            *dst = if add { *dst + v } else { v };
        }
    }
}

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

/// Adds `bias` to every row of `out` ([rows, bias.len()]).
pub(crate) fn add_bias_rows(out: &mut [f32], bias: &[f32]) {
    let cols = bias.len();
    if cols == 0 {
        return;
    }
    for row in out.chunks_exact_mut(cols) {
        crate::simd::add_assign(row, bias);
    }
}

/// out = act(x·kernel + bias); x [rows,in_dim], kernel [in_dim,out_dim], bias [out_dim] or null.
#[no_mangle]
pub extern "C" fn dense(x: *const f32, kernel: *const f32, bias: *const f32, out: *mut f32, rows: usize, in_dim: usize, out_dim: usize, act: u32) {
    let (x, w, out) = (slice(x, rows * in_dim), slice(kernel, in_dim * out_dim), slice_mut(out, rows * out_dim));
    gemm(rows, out_dim, in_dim, Mat::new(x, in_dim, rows, false), Mat::new(w, out_dim, in_dim, false), out, out_dim, false);
    if !bias.is_null() {
        add_bias_rows(out, slice(bias, out_dim));
    }
    apply_activation(out, act);
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

    fn naive(m: usize, n: usize, k: usize, a: &Mat, b: &Mat) -> Vec<f32> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                let mut s = 0.0f64;
                for p in 0..k {
                    s += a.data[i * a.row_stride + p * a.col_stride] as f64 * b.data[p * b.row_stride + j * b.col_stride] as f64;
                }
                c[i * n + j] = s as f32;
            }
        }
        c
    }

    #[test]
    fn gemm_matches_naive_with_tails_and_transposes() {
        for &(m, n, k) in &[(1, 1, 1), (3, 9, 7), (5, 9, 7), (67, 33, 300), (13, 2100, 5)] {
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 7 % 13) as f32) - 6.0).collect();
            let b: Vec<f32> = (0..k * n).map(|i| ((i * 5 % 11) as f32) - 5.0).collect();
            for &(ta, tb) in &[(false, false), (true, false), (false, true), (true, true)] {
                let (av, bv) = (Mat::new(&a, k, m, ta), Mat::new(&b, n, k, tb));
                let mut c = vec![f32::NAN; m * n];
                gemm(m, n, k, av, bv, &mut c, n, false);
                assert_eq!(c, naive(m, n, k, &av, &bv));
            }
        }
    }
}
