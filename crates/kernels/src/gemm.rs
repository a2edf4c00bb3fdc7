//! The GEMM engine behind matmul, dense and the convolutions: C (+)= A·B over packed operands,
//! with the f32x4 micro-kernel of `gemm_kernel.rs`.
//!
//! Both operands are packed so the micro-kernel walks two contiguous streams: B into NR-column
//! panels (k×NR each, zero-padded), A into MR-row panels (element (r, p) at p·MR + r, zero rows
//! past m). Producers that can write the packed A layout directly (the Winograd input transform,
//! the convolution's im2col) call `gemm_pp`; `gemm` / `gemm_packed` pack A from a strided view
//! themselves (one copy of A per k slice, a few percent of the multiply). `gemm_strip` multiplies
//! one MR-row strip against a whole packed B, its A packed or read in place (implicit-GEMM
//! convolution). One or two rows of A (a dense layer on one sample) go to `gemv.rs` instead.
//!
//! Loop nest: K in slices of at most KC (split evenly), M in MC-row blocks (the packed A block
//! stays in L2), then every NR panel (a kc×NR B panel stays in L1), then MR×NR tiles. The last
//! k slice's store applies the `Epilogue` (bias, ReLU) while the tile is still in registers.

use crate::gemm_kernel::{kernel, kernel_runs, store_tile, Ep};
use crate::gemv::gemv_rows;
use crate::simd::F4;

pub use crate::gemm_kernel::{MR, NR};
const NV: usize = NR / 4;
const KC: usize = 512;
const MC: usize = 128;
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

/// What the final store adds to A·B: a per-column bias, then max(·, 0).
#[derive(Clone, Copy, Default)]
pub struct Epilogue<'a> {
    pub bias: Option<&'a [f32]>,
    pub relu: bool,
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

impl PackedB {
    /// Rows (the GEMM's k).
    pub(crate) fn k(&self) -> usize {
        self.k
    }
    /// Columns (the GEMM's n).
    pub(crate) fn n(&self) -> usize {
        self.n
    }
    /// Panel jp (k×NR floats: columns jp·NR.., zero past n), for callers driving the micro-kernel.
    pub(crate) fn panel(&self, jp: usize) -> &[f32] {
        &self.data[jp * self.k * NR..(jp + 1) * self.k * NR]
    }
}

pub(crate) fn round_up(x: usize, to: usize) -> usize {
    (x + to - 1) / to * to
}

/// Floats of a packed A with m rows and k columns.
pub fn packed_a_len(m: usize, k: usize) -> usize {
    round_up(m, MR) * k
}

/// Index of A element (row i, column p) in a packed A whose panels hold k columns.
#[inline(always)]
pub fn packed_a_index(i: usize, p: usize, k: usize) -> usize {
    (i / MR) * k * MR + p * MR + i % MR
}

/// Slice length of k: at most KC, and the slices of one k equally long (576 = 2×288, not 512+64).
fn k_step(k: usize) -> usize {
    let parts = (k + KC - 1) / KC;
    (k + parts - 1) / parts.max(1)
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

/// Packs A[i0..i0+m, pc..pc+kc] into MR-row panels of kc columns (rows past m are zero).
fn pack_a(a: &Mat, i0: usize, m: usize, pc: usize, kc: usize, out: &mut [f32]) {
    let (rs, cs) = (a.row_stride, a.col_stride);
    let panels = (m + MR - 1) / MR;
    for ip in 0..panels {
        let rows = MR.min(m - ip * MR);
        let panel = &mut out[ip * kc * MR..(ip + 1) * kc * MR];
        let first = (i0 + ip * MR) * rs + pc * cs;
        if rs == 1 && rows == MR && MR == 4 {
            // The MR rows are consecutive floats (a transposed A): one vector per k step.
            assert!(first + (kc - 1) * cs + MR <= a.data.len());
            for p in 0..kc {
                // Safety: bounded by the assert above and the panel slice length.
                unsafe { F4::load_ptr(a.data.as_ptr().add(first + p * cs)).store_ptr(panel.as_mut_ptr().add(p * MR)) };
            }
        } else {
            for r in 0..MR {
                if r < rows {
                    let row = &a.data[first + r * rs..];
                    for p in 0..kc {
                        panel[p * MR + r] = row[p * cs];
                    }
                } else {
                    for p in 0..kc {
                        panel[p * MR + r] = 0.0;
                    }
                }
            }
        }
    }
}

/// C[i, j] = Σ_p A[i, p]·B[p, j] for an m×k A and k×n B; C is row-major with row stride `ldc`.
/// With `accumulate` the product is added to C instead of overwriting it.
pub fn gemm(m: usize, n: usize, k: usize, a: Mat, b: Mat, c: &mut [f32], ldc: usize, accumulate: bool) {
    gemm_ex(m, n, k, a, b, c, ldc, accumulate, Epilogue::default());
}

/// `gemm` followed by the epilogue (bias add, ReLU) on every element of C.
pub fn gemm_ex(m: usize, n: usize, k: usize, a: Mat, b: Mat, c: &mut [f32], ldc: usize, accumulate: bool, epi: Epilogue) {
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        clear_or_keep(m, n, c, ldc, accumulate, &epi);
        return;
    }
    if m < MR && b.col_stride == 1 {
        gemv_rows(m, n, k, a, b, c, ldc, accumulate);
        for i in 0..m {
            apply_epilogue(&mut c[i * ldc..i * ldc + n], &epi);
        }
        return;
    }
    if let Some(which) = crate::gemm_wide::path(m, n, k, &a, &b, &epi) {
        crate::gemm_wide::gemm_wide(which, m, n, k, a, b, c, ldc, accumulate, epi);
        return;
    }
    if k * n <= FULL_PACK_FLOATS {
        gemm_packed_ex(m, a, &PackedB::new(b, k, n), c, ldc, accumulate, epi);
        return;
    }
    let ks = k_step(k);
    let nc_max = NC.min(round_up(n, NR));
    let mut bbuf = vec![0.0f32; ks * nc_max];
    let mut abuf = vec![0.0f32; packed_a_len(MC.min(m), ks)];
    let mut jc = 0;
    while jc < n {
        let nc = NC.min(n - jc);
        let mut pc = 0;
        while pc < k {
            let kc = ks.min(k - pc);
            pack_b(&b, pc, kc, jc, nc, &mut bbuf);
            let blk = Block { panels: &bbuf, panel_len: kc * NR, koff: 0, kc, n: nc };
            let last = if pc + kc == k { Some((&epi, jc)) } else { None };
            let mut ic = 0;
            while ic < m {
                let mc = MC.min(m - ic);
                pack_a(&a, ic, mc, pc, kc, &mut abuf);
                let ap = APanels { data: &abuf, panel_len: kc * MR, koff: 0 };
                run_tiles(mc, &ap, &blk, &mut c[ic * ldc + jc..], ldc, accumulate || pc > 0, last);
                ic += mc;
            }
            pc += kc;
        }
        jc += nc;
    }
}

/// C (+)= A·B with B packed; A is m × pb.k.
pub fn gemm_packed(m: usize, a: Mat, pb: &PackedB, c: &mut [f32], ldc: usize, accumulate: bool) {
    gemm_packed_ex(m, a, pb, c, ldc, accumulate, Epilogue::default());
}

/// `gemm_packed` followed by the epilogue.
pub fn gemm_packed_ex(m: usize, a: Mat, pb: &PackedB, c: &mut [f32], ldc: usize, accumulate: bool, epi: Epilogue) {
    if m == 0 || pb.n == 0 {
        return;
    }
    if pb.k == 0 {
        clear_or_keep(m, pb.n, c, ldc, accumulate, &epi);
        return;
    }
    multiply_packed_b(m, ASource::View(a), pb, c, ldc, accumulate, epi);
}

/// C = A·B (then the epilogue) with A already packed: `pa` holds `packed_a_len(m, pb.k)` floats
/// laid out as `packed_a_index` says.
pub fn gemm_pp(m: usize, pa: &[f32], pb: &PackedB, c: &mut [f32], ldc: usize, epi: Epilogue) {
    if m == 0 || pb.n == 0 {
        return;
    }
    if pb.k == 0 {
        clear_or_keep(m, pb.n, c, ldc, false, &epi);
        return;
    }
    multiply_packed_b(m, ASource::Packed(pa), pb, c, ldc, false, epi);
}

/// Where `multiply_packed_b` gets A's MR-row panels.
enum ASource<'a> {
    /// A strided view, packed one (row block, k slice) at a time.
    View(Mat<'a>),
    /// Packed whole (`packed_a_len(m, k)` floats, as `packed_a_index` says).
    Packed(&'a [f32]),
}

/// The K-slice and row-block loops of C (+)= A·B over a whole packed B (m, n, k > 0).
fn multiply_packed_b(m: usize, a: ASource, pb: &PackedB, c: &mut [f32], ldc: usize, accumulate: bool, epi: Epilogue) {
    let k = pb.k;
    let ks = k_step(k);
    let mut abuf = match a {
        ASource::View(_) => vec![0.0f32; packed_a_len(MC.min(m), ks)],
        ASource::Packed(_) => Vec::new(),
    };
    let mut pc = 0;
    while pc < k {
        let kc = ks.min(k - pc);
        let blk = Block { panels: &pb.data, panel_len: k * NR, koff: pc * NR, kc, n: pb.n };
        let last = if pc + kc == k { Some((&epi, 0)) } else { None };
        let mut ic = 0;
        while ic < m {
            let mc = MC.min(m - ic);
            let ap = match a {
                ASource::View(view) => {
                    pack_a(&view, ic, mc, pc, kc, &mut abuf);
                    APanels { data: &abuf, panel_len: kc * MR, koff: 0 }
                }
                ASource::Packed(pa) => APanels { data: &pa[ic * k..], panel_len: k * MR, koff: pc * MR },
            };
            run_tiles(mc, &ap, &blk, &mut c[ic * ldc..], ldc, accumulate || pc > 0, last);
            ic += mc;
        }
        pc += kc;
    }
}

/// C for k = 0: zero (or kept when accumulating), then the epilogue.
fn clear_or_keep(m: usize, n: usize, c: &mut [f32], ldc: usize, accumulate: bool, epi: &Epilogue) {
    for i in 0..m {
        let row = &mut c[i * ldc..i * ldc + n];
        if !accumulate {
            row.iter_mut().for_each(|v| *v = 0.0);
        }
        apply_epilogue(row, epi);
    }
}

/// row[j] = max(row[j] + bias[j], 0) as the epilogue says.
fn apply_epilogue(row: &mut [f32], epi: &Epilogue) {
    if let Some(b) = epi.bias {
        crate::simd::add_assign(row, b);
    }
    if epi.relu {
        crate::fused_activation::apply_activation(row, 1);
    }
}

/// One k slice of packed A: panel i's slice starts at `i * panel_len + koff` and is kc×MR.
struct APanels<'a> {
    data: &'a [f32],
    panel_len: usize,
    koff: usize,
}

/// One k slice of packed B: panel j's slice starts at `j * panel_len + koff` and is kc×NR.
struct Block<'a> {
    panels: &'a [f32],
    panel_len: usize,
    koff: usize,
    kc: usize,
    n: usize,
}

/// C[0..m, 0..b.n] (+)= A·B over one k slice. `last` carries the epilogue (and the column of C
/// that column 0 of this block is, for the bias) when this is the final k slice.
fn run_tiles(m: usize, a: &APanels, b: &Block, c: &mut [f32], ldc: usize, add: bool, last: Option<(&Epilogue, usize)>) {
    let tiles = (m + MR - 1) / MR;
    let panels = (b.n + NR - 1) / NR;
    assert!((tiles - 1) * a.panel_len + a.koff + b.kc * MR <= a.data.len());
    assert!((panels - 1) * b.panel_len + b.koff + b.kc * NR <= b.panels.len());
    assert!((m - 1) * ldc + b.n <= c.len());
    let (bias, relu) = match last {
        Some((e, j)) => (e.bias.map(|s| &s[j..j + b.n]), e.relu),
        None => (None, false),
    };
    for jp in 0..panels {
        let j0 = jp * NR;
        let cols = NR.min(b.n - j0);
        let ep = Ep::new(bias, j0, cols, relu);
        // Safety: every panel read is bounded by the asserts above; C writes by the tile checks.
        unsafe {
            let bp = b.panels.as_ptr().add(jp * b.panel_len + b.koff);
            for t in 0..tiles {
                let acc = kernel(b.kc, a.data.as_ptr().add(t * a.panel_len + a.koff), bp);
                let i0 = t * MR;
                store_tile(acc, c.as_mut_ptr().add(i0 * ldc + j0), ldc, MR.min(m - i0), cols, add, &ep);
            }
        }
    }
}

/// Where one strip of at most MR rows of A comes from, for `gemm_strip`.
pub(crate) enum Strip<'a> {
    /// A packed panel: element (r, p) at p·MR + r, p < pb.k.
    Packed(&'a [f32]),
    /// Read in place (the implicit-GEMM convolution): the k columns are `runs.len()` runs of
    /// `run_len` consecutive floats, and run s of row r starts at `x[runs[s] + r·row_step]`.
    Runs { x: &'a [f32], runs: &'a [usize], run_len: usize, row_step: usize },
}

/// C[0..rows, 0..pb.n] = A·B then the epilogue, for one strip of `rows` ≤ MR rows of A (all MR
/// rows must be readable for `Strip::Runs`). The whole k runs in one pass per B panel.
pub(crate) fn gemm_strip(strip: &Strip, rows: usize, pb: &PackedB, c: &mut [f32], ldc: usize, epi: &Epilogue) {
    let (k, n) = (pb.k, pb.n);
    if rows == 0 || n == 0 {
        return;
    }
    assert!(rows <= MR && (rows - 1) * ldc + n <= c.len());
    match strip {
        Strip::Packed(a) => assert!(a.len() >= k * MR),
        Strip::Runs { x, runs, run_len, row_step } => {
            assert!(runs.len() * run_len == k);
            let far = runs.iter().max().map_or(0, |s| s + (MR - 1) * row_step + run_len);
            assert!(far <= x.len());
        }
    }
    let bias = epi.bias.map(|s| &s[..n]);
    for jp in 0..(n + NR - 1) / NR {
        let j0 = jp * NR;
        let cols = NR.min(n - j0);
        let ep = Ep::new(bias, j0, cols, epi.relu);
        // Safety: the A reads are bounded by the asserts above, B by its panel layout (k×NR per
        // panel), C by the first assert.
        unsafe {
            let bp = pb.data.as_ptr().add(jp * k * NR);
            let acc = match strip {
                Strip::Packed(a) => kernel(k, a.as_ptr(), bp),
                Strip::Runs { x, runs, run_len, row_step } => kernel_runs(x.as_ptr(), runs, *run_len, *row_step, bp),
            };
            store_tile(acc, c.as_mut_ptr().add(j0), ldc, rows, cols, false, &ep);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A·B summed in f64 (the GEMM tests' oracle).
    pub(crate) fn naive_f64(m: usize, n: usize, k: usize, a: &Mat, b: &Mat) -> Vec<f64> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                for p in 0..k {
                    c[i * n + j] += a.data[i * a.row_stride + p * a.col_stride] as f64 * b.data[p * b.row_stride + j * b.col_stride] as f64;
                }
            }
        }
        c
    }

    fn naive(m: usize, n: usize, k: usize, a: &Mat, b: &Mat) -> Vec<f32> {
        naive_f64(m, n, k, a, b).iter().map(|&s| s as f32).collect()
    }

    #[test]
    fn gemm_matches_naive_with_tails_and_transposes() {
        for &(m, n, k) in &[(1, 1, 1), (3, 9, 7), (2, 37, 100), (5, 9, 7), (67, 33, 300), (13, 2100, 5), (9, 700, 1600), (101, 17, 600), (300, 20, 576)] {
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

    #[test]
    fn epilogue_and_accumulate_match_naive() {
        for &(m, n, k) in &[(2, 11, 9), (7, 13, 5), (130, 21, 700), (9, 2100, 3), (20, 1030, 1100)] {
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 7 % 13) as f32) - 6.0).collect();
            let b: Vec<f32> = (0..k * n).map(|i| ((i * 5 % 11) as f32) - 5.0).collect();
            let bias: Vec<f32> = (0..n).map(|j| (j % 5) as f32 * 3.0 - 7.0).collect();
            let (av, bv) = (Mat::new(&a, k, m, false), Mat::new(&b, n, k, false));
            let want = naive(m, n, k, &av, &bv);
            let epi = Epilogue { bias: Some(&bias), relu: true };
            let mut c = vec![1.0f32; m * n];
            gemm_ex(m, n, k, av, bv, &mut c, n, true, epi);
            for i in 0..m * n {
                assert_eq!(c[i], (want[i] + 1.0 + bias[i % n]).max(0.0), "m{} n{} k{} at {}", m, n, k, i);
            }
            // The same product from a pre-packed A.
            let mut pa = vec![0.0f32; packed_a_len(m, k)];
            for i in 0..m {
                for p in 0..k {
                    pa[packed_a_index(i, p, k)] = a[i * k + p];
                }
            }
            let mut c = vec![f32::NAN; m * n];
            gemm_pp(m, &pa, &PackedB::new(bv, k, n), &mut c, n, epi);
            for i in 0..m * n {
                assert_eq!(c[i], (want[i] + bias[i % n]).max(0.0), "pp m{} n{} k{} at {}", m, n, k, i);
            }
        }
    }
}

