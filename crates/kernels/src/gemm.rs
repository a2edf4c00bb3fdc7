//! The GEMM engine behind matmul, dense and the convolutions: C (+)= A·B with a register-tiled
//! f32x4 micro-kernel.
//!
//! Only B is packed (into NR-column panels, each k×NR contiguous, zero-padded). A is read in place
//! through its strides: a row-major A (im2col rows, activations) is read as MR row streams, a
//! transposed A (colᵀ in the filter gradient) as MR consecutive floats per step. Skipping the A
//! copy is what made the convolutions faster: the old packed-A copy cost as much as a quarter of
//! the multiply for conv shapes. Callers that reuse one B across many calls (conv weights across
//! im2col chunks) pack it once with `PackedB` and call `gemm_packed`.
//!
//! Loop nest: K in KC slices (a B panel slice of KC×NR stays in L1), M in MC rows (the A block
//! stays in L2), then every NR panel, then MR×NR tiles.

use crate::simd::F4;

/// Rows of the micro-tile.
pub const MR: usize = 4;
/// Columns of the micro-tile (NV f32x4 vectors).
pub const NR: usize = 8;
const NV: usize = NR / 4;
const KC: usize = 512;
const MC: usize = 96;
/// B is packed whole when it has at most this many floats; larger B is packed in KC×NC blocks.
const FULL_PACK_FLOATS: usize = 1 << 20;
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

/// B (k×n) packed into NR-column panels: panel j holds rows 0..k of columns j·NR..j·NR+NR.
pub struct PackedB {
    data: Vec<f32>,
    k: usize,
    n: usize,
}

impl PackedB {
    pub fn new(b: Mat, k: usize, n: usize) -> PackedB {
        let mut data = vec![0.0f32; k * round_up(n, NR)];
        pack_b(&b, 0, k, 0, n, &mut data);
        PackedB { data, k, n }
    }
}

fn round_up(x: usize, to: usize) -> usize {
    (x + to - 1) / to * to
}

/// Packs B[pc..pc+kc, jc..jc+nc] into kc×NR panels (columns past nc are zero).
fn pack_b(b: &Mat, pc: usize, kc: usize, jc: usize, nc: usize, out: &mut [f32]) {
    let (rs, cs) = (b.row_stride, b.col_stride);
    let mut j0 = 0;
    while j0 < nc {
        let cols = NR.min(nc - j0);
        let panel = &mut out[j0 * kc..(j0 + NR) * kc];
        if cs == 1 && cols == NR {
            // Explicit vector copies: a short copy_from_slice becomes a slow memcpy call in wasm.
            assert!((pc + kc - 1) * rs + jc + j0 + NR <= b.data.len());
            for p in 0..kc {
                // Safety: bounded by the assert above and the panel slice length.
                unsafe {
                    let s = b.data.as_ptr().add((pc + p) * rs + jc + j0);
                    let d = panel.as_mut_ptr().add(p * NR);
                    for v in 0..NV {
                        F4::load_ptr(s.add(4 * v)).store_ptr(d.add(4 * v));
                    }
                }
            }
        } else if cs == 1 {
            for p in 0..kc {
                let s = (pc + p) * rs + jc + j0;
                panel[p * NR..p * NR + cols].copy_from_slice(&b.data[s..s + cols]);
                panel[p * NR + cols..p * NR + NR].iter_mut().for_each(|v| *v = 0.0);
            }
        } else {
            // Column-major source: walk each column contiguously.
            panel.iter_mut().for_each(|v| *v = 0.0);
            for j in 0..cols {
                let col = &b.data[(jc + j0 + j) * cs..];
                for p in 0..kc {
                    panel[p * NR + j] = col[(pc + p) * rs];
                }
            }
        }
        j0 += NR;
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
                c[i * ldc..i * ldc + n].iter_mut().for_each(|v| *v = 0.0);
            }
        }
        return;
    }
    if m < MR && b.col_stride == 1 {
        gemv_rows(m, n, k, a, b, c, ldc, accumulate);
        return;
    }
    if k * n <= FULL_PACK_FLOATS {
        gemm_packed(m, a, &PackedB::new(b, k, n), c, ldc, accumulate);
        return;
    }
    let nc_max = NC.min(round_up(n, NR));
    let mut buf = vec![0.0f32; KC.min(k) * nc_max];
    let mut jc = 0;
    while jc < n {
        let nc = NC.min(n - jc);
        let mut pc = 0;
        while pc < k {
            let kc = KC.min(k - pc);
            pack_b(&b, pc, kc, jc, nc, &mut buf);
            let blk = Block { panels: &buf, panel_len: kc * NR, koff: 0, kc, n: nc };
            run_rows(m, a, pc, &blk, &mut c[jc..], ldc, accumulate || pc > 0);
            pc += kc;
        }
        jc += nc;
    }
}

/// C (+)= A·B with B packed; A is m × pb.k.
pub fn gemm_packed(m: usize, a: Mat, pb: &PackedB, c: &mut [f32], ldc: usize, accumulate: bool) {
    let k = pb.k;
    if m == 0 || pb.n == 0 {
        return;
    }
    if k == 0 {
        if !accumulate {
            for i in 0..m {
                c[i * ldc..i * ldc + pb.n].iter_mut().for_each(|v| *v = 0.0);
            }
        }
        return;
    }
    let mut pc = 0;
    while pc < k {
        let kc = KC.min(k - pc);
        let blk = Block { panels: &pb.data, panel_len: k * NR, koff: pc * NR, kc, n: pb.n };
        run_rows(m, a, pc, &blk, c, ldc, accumulate || pc > 0);
        pc += kc;
    }
}

/// One KC slice of packed B: panel j's slice starts at `j * panel_len + koff` and is kc×NR.
struct Block<'a> {
    panels: &'a [f32],
    panel_len: usize,
    koff: usize,
    kc: usize,
    n: usize,
}

/// All rows of A (columns pc..pc+kc) against one packed B slice.
fn run_rows(m: usize, a: Mat, pc: usize, blk: &Block, c: &mut [f32], ldc: usize, add: bool) {
    let (rs, cs) = (a.row_stride, a.col_stride);
    // Every A read below is at row ≤ m-1 and column < pc+kc.
    assert!((m - 1) * rs + (pc + blk.kc - 1) * cs < a.data.len());
    let panels = (blk.n + NR - 1) / NR;
    assert!((panels - 1) * blk.panel_len + blk.koff + blk.kc * NR <= blk.panels.len());
    let mut ic = 0;
    while ic < m {
        let mc = MC.min(m - ic);
        for jp in 0..panels {
            let j0 = jp * NR;
            let cols = NR.min(blk.n - j0);
            let bp = unsafe { blk.panels.as_ptr().add(jp * blk.panel_len + blk.koff) };
            let mut i0 = ic;
            while i0 < ic + mc {
                let rows = MR.min(m - i0);
                let acc = unsafe {
                    let base = a.data.as_ptr().add(pc * cs);
                    if rs == 1 {
                        // Rows past m re-read row m-1 (in bounds); their results are dropped.
                        if rows == MR {
                            kernel_consecutive(blk.kc, base.add(i0), cs, bp)
                        } else {
                            let mut ptrs = [base; MR];
                            for (r, p) in ptrs.iter_mut().enumerate() {
                                *p = base.add((i0 + r).min(m - 1));
                            }
                            kernel_rows(blk.kc, ptrs, cs, bp)
                        }
                    } else {
                        let mut ptrs = [base; MR];
                        for (r, p) in ptrs.iter_mut().enumerate() {
                            *p = base.add((i0 + r).min(m - 1) * rs);
                        }
                        kernel_rows(blk.kc, ptrs, cs, bp)
                    }
                };
                let ci = &mut c[i0 * ldc + j0..];
                if rows == MR && cols == NR {
                    store_full(&acc, ci, ldc, add);
                } else {
                    store_partial(&acc, ci, ldc, rows, cols, add);
                }
                i0 += MR;
            }
        }
        ic += mc;
    }
}

/// One k step of the tile: acc[r] += A[r, p]·B[p, ..] with A[r, p] at `a[r] + off` and B[p, ..]
/// at `b + boff`.
#[inline(always)]
unsafe fn step(acc: &mut [[F4; NV]; MR], a: &[*const f32; MR], off: usize, b: *const f32, boff: usize) {
    let mut bv = [F4::zero(); NV];
    for (v, x) in bv.iter_mut().enumerate() {
        *x = F4::load_ptr(b.add(boff + 4 * v));
    }
    for r in 0..MR {
        let ar = F4::splat_ptr(a[r].add(off));
        for v in 0..NV {
            acc[r][v] = acc[r][v].mul_add(ar, bv[v]);
        }
    }
}

/// MR×NR tile over kc steps; A row r is read at `a[r] + p·cs` (row-major A when cs = 1).
/// # Safety
/// Every `a[r] + p·cs` and `b..b + kc·NR` for p < kc must be readable.
#[inline(always)]
unsafe fn kernel_rows(kc: usize, a: [*const f32; MR], cs: usize, b: *const f32) -> [[F4; NV]; MR] {
    let mut acc = [[F4::zero(); NV]; MR];
    let mut pa = a;
    let mut pb = b;
    // No manual unrolling: V8's register allocator spills accumulators when the loads of
    // several steps are hoisted together (measured).
    let mut p = 0;
    while p < kc {
        step(&mut acc, &pa, 0, pb, 0);
        for x in pa.iter_mut() {
            *x = x.add(cs);
        }
        pb = pb.add(NR);
        p += 1;
    }
    acc
}

/// MR×NR tile over kc steps where the MR rows of A are consecutive floats (a transposed A, or a
/// packed one): step p reads `a + p·cs + r`.
/// # Safety
/// As for `kernel_rows`.
#[inline(always)]
unsafe fn kernel_consecutive(kc: usize, a: *const f32, cs: usize, b: *const f32) -> [[F4; NV]; MR] {
    let mut acc = [[F4::zero(); NV]; MR];
    let mut pa = a;
    let mut pb = b;
    for _ in 0..kc {
        let mut bv = [F4::zero(); NV];
        for (v, x) in bv.iter_mut().enumerate() {
            *x = F4::load_ptr(pb.add(4 * v));
        }
        for r in 0..MR {
            let ar = F4::splat_ptr(pa.add(r));
            for v in 0..NV {
                acc[r][v] = acc[r][v].mul_add(ar, bv[v]);
            }
        }
        pa = pa.add(cs);
        pb = pb.add(NR);
    }
    acc
}

#[inline(always)]
fn store_full(acc: &[[F4; NV]; MR], c: &mut [f32], ldc: usize, add: bool) {
    assert!((MR - 1) * ldc + NR <= c.len());
    for r in 0..MR {
        for v in 0..NV {
            // Safety: bounded by the assert above.
            unsafe {
                let p = c.as_mut_ptr().add(r * ldc + 4 * v);
                let x = if add { F4::load_ptr(p).add(acc[r][v]) } else { acc[r][v] };
                x.store_ptr(p);
            }
        }
    }
}

fn store_partial(acc: &[[F4; NV]; MR], c: &mut [f32], ldc: usize, rows: usize, cols: usize, add: bool) {
    for r in 0..rows {
        let mut row = [0.0f32; NR];
        for v in 0..NV {
            row[4 * v..4 * v + 4].copy_from_slice(&acc[r][v].to_array());
        }
        for (j, x) in row.iter().take(cols).enumerate() {
            let dst = &mut c[r * ldc + j];
            *dst = if add { *dst + *x } else { *x };
        }
    }
}

/// Few rows of A (a dense layer on one sample): packing B would cost more than the product, so
/// stream B once per row of C, four rows of B per pass over C to cut the C traffic.
fn gemv_rows(m: usize, n: usize, k: usize, a: Mat, b: Mat, c: &mut [f32], ldc: usize, accumulate: bool) {
    let rs = b.row_stride;
    for i in 0..m {
        let ci = &mut c[i * ldc..i * ldc + n];
        if !accumulate {
            ci.iter_mut().for_each(|v| *v = 0.0);
        }
        let av = |p: usize| a.data[i * a.row_stride + p * a.col_stride];
        let mut p = 0;
        while p + 4 <= k {
            let rows = [&b.data[p * rs..p * rs + n], &b.data[(p + 1) * rs..(p + 1) * rs + n], &b.data[(p + 2) * rs..(p + 2) * rs + n], &b.data[(p + 3) * rs..(p + 3) * rs + n]];
            axpy4([av(p), av(p + 1), av(p + 2), av(p + 3)], rows, ci);
            p += 4;
        }
        while p < k {
            crate::simd::axpy(av(p), &b.data[p * rs..p * rs + n], ci);
            p += 1;
        }
    }
}

/// y += Σ_t alpha[t]·x[t].
fn axpy4(alpha: [f32; 4], x: [&[f32]; 4], y: &mut [f32]) {
    let n = y.len();
    let n4 = n & !3;
    let va = [F4::splat(alpha[0]), F4::splat(alpha[1]), F4::splat(alpha[2]), F4::splat(alpha[3])];
    let mut j = 0;
    while j < n4 {
        let s0 = F4::load(x[0], j).mul(va[0]).add(F4::load(x[1], j).mul(va[1]));
        let s1 = F4::load(x[2], j).mul(va[2]).add(F4::load(x[3], j).mul(va[3]));
        F4::load(y, j).add(s0.add(s1)).store(y, j);
        j += 4;
    }
    for j in n4..n {
        y[j] += alpha[0] * x[0][j] + alpha[1] * x[1][j] + alpha[2] * x[2][j] + alpha[3] * x[3][j];
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
        for &(m, n, k) in &[(1, 1, 1), (3, 9, 7), (5, 9, 7), (67, 33, 300), (13, 2100, 5), (9, 700, 1600), (101, 17, 600)] {
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 7 % 13) as f32) - 6.0).collect();
            let b: Vec<f32> = (0..k * n).map(|i| ((i * 5 % 11) as f32) - 5.0).collect();
            for &(ta, tb) in &[(false, false), (true, false), (false, true), (true, true)] {
                let (av, bv) = (Mat::new(&a, k, m, ta), Mat::new(&b, n, k, tb));
                let mut c = vec![f32::NAN; m * n];
                gemm(m, n, k, av, bv, &mut c, n, false);
                assert_eq!(c, naive(m, n, k, &av, &bv), "m{} n{} k{} ta{} tb{}", m, n, k, ta, tb);
            }
        }
    }
}
