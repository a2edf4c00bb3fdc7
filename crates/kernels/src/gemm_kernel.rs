//! The GEMM micro-kernel: one MR×NR = 4×8 tile of C in eight f32x4 accumulators, over a packed
//! A panel (or A rows read in place) and a packed B panel, and the tile stores with the fused
//! epilogue (bias, ReLU).
//!
//! Why 4×8: V8 on x64 gives wasm 15 XMM registers; 8 accumulators + 2 B vectors + 4 broadcasts +
//! 1 product fit, while 6×8 (12 accumulators) and 5×8 spill and measured 20–25% slower. Manual
//! unrolling of the k loop measured slower too (V8 spills the hoisted loads). In an L1-resident
//! loop this kernel runs at 60–75% of the ~45 GFLOP/s a register-only mul+add loop reaches here.

use crate::simd::F4;

/// Rows of the micro-tile.
pub const MR: usize = 4;
/// Columns of the micro-tile (NV f32x4 vectors).
pub const NR: usize = 8;
const NV: usize = NR / 4;

/// The epilogue of one NR panel: bias vectors (when `bias`) and ReLU.
pub(crate) struct Ep {
    bias: bool,
    bv: [F4; NV],
    relu: bool,
}

impl Ep {
    /// For columns j0..j0+cols of a bias row (all of C's columns).
    pub(crate) fn new(bias: Option<&[f32]>, j0: usize, cols: usize, relu: bool) -> Ep {
        let mut bv = [F4::zero(); NV];
        if let Some(s) = bias {
            let mut tmp = [0.0f32; NR];
            for (t, v) in tmp.iter_mut().zip(&s[j0..j0 + cols]) {
                *t = *v;
            }
            for (v, x) in bv.iter_mut().enumerate() {
                *x = F4::load(&tmp, 4 * v);
            }
        }
        Ep { bias: bias.is_some(), bv, relu }
    }

    #[inline(always)]
    pub(crate) fn apply(&self, x: F4, v: usize) -> F4 {
        let x = if self.bias { x.add(self.bv[v]) } else { x };
        if self.relu { x.max(F4::zero()) } else { x }
    }
}

/// Stores the rows × cols corner of a tile at c (row stride ldc), adding to C when `add`.
/// # Safety
/// `c + r·ldc + 0..cols` must be writable for r < rows.
#[inline(always)]
pub(crate) unsafe fn store_tile(acc: [[F4; NV]; MR], c: *mut f32, ldc: usize, rows: usize, cols: usize, add: bool, ep: &Ep) {
    if rows == MR && cols == NR {
        store_full(acc, c, ldc, add, ep);
    } else {
        // Through a buffer: a reference to `acc` itself would keep the accumulators in memory
        // (zeroed by a memory.fill call per tile) instead of registers.
        let mut buf = [0.0f32; MR * NR];
        for r in 0..MR {
            for v in 0..NV {
                acc[r][v].store_ptr(buf.as_mut_ptr().add(r * NR + 4 * v));
            }
        }
        store_partial(&buf, c, ldc, rows, cols, add, ep);
    }
}

/// MR×NR tile over kc steps of packed A (`a + p·MR + r`) and a packed B panel (`b + p·NR`).
/// # Safety
/// `a..a + kc·MR` and `b..b + kc·NR` must be readable.
#[inline(always)]
pub(crate) unsafe fn kernel(kc: usize, a: *const f32, b: *const f32) -> [[F4; NV]; MR] {
    let mut acc = [[F4::zero(); NV]; MR];
    let mut pa = a;
    let mut pb = b;
    // No manual unrolling: V8's register allocator spills accumulators when the loads of
    // several steps are hoisted together (measured).
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
        pa = pa.add(MR);
        pb = pb.add(NR);
    }
    acc
}

/// MR×NR tile over A read in place as runs (see `Strip::Runs`) and a packed B panel.
/// # Safety
/// Every `x + runs[s] + r·row_step + 0..run_len` (r < MR) and `b..b + k·NR` must be readable.
#[inline(always)]
pub(crate) unsafe fn kernel_runs(x: *const f32, runs: &[usize], run_len: usize, row_step: usize, b: *const f32) -> [[F4; NV]; MR] {
    kernel_runs_at(x, runs, run_len, [0, row_step, 2 * row_step, 3 * row_step], b)
}

/// `kernel_runs` with row r's runs at `x + runs[s] + roff[r]` (rows need not be evenly spaced:
/// e.g. the four pixels of a 2×2 pooling window).
/// # Safety
/// Every `x + runs[s] + roff[r] + 0..run_len` and `b..b + k·NR` must be readable.
#[inline(always)]
pub(crate) unsafe fn kernel_runs_at(x: *const f32, runs: &[usize], run_len: usize, roff: [usize; MR], b: *const f32) -> [[F4; NV]; MR] {
    let mut acc = [[F4::zero(); NV]; MR];
    let mut pb = b;
    for &s in runs {
        let mut pa = [x; MR];
        for (r, p) in pa.iter_mut().enumerate() {
            *p = x.add(s + roff[r]);
        }
        for _ in 0..run_len {
            let mut bv = [F4::zero(); NV];
            for (v, y) in bv.iter_mut().enumerate() {
                *y = F4::load_ptr(pb.add(4 * v));
            }
            for r in 0..MR {
                let ar = F4::splat_ptr(pa[r]);
                for v in 0..NV {
                    acc[r][v] = acc[r][v].mul_add(ar, bv[v]);
                }
                pa[r] = pa[r].add(1);
            }
            pb = pb.add(NR);
        }
    }
    acc
}

/// # Safety
/// `c + r·ldc + 0..NR` must be writable for r < MR.
#[inline(always)]
unsafe fn store_full(acc: [[F4; NV]; MR], c: *mut f32, ldc: usize, add: bool, ep: &Ep) {
    for r in 0..MR {
        for v in 0..NV {
            let p = c.add(r * ldc + 4 * v);
            let x = if add { F4::load_ptr(p).add(acc[r][v]) } else { acc[r][v] };
            ep.apply(x, v).store_ptr(p);
        }
    }
}

/// Stores the rows × cols corner of a tile given row-major in `buf` (MR×NR).
/// # Safety
/// `c + r·ldc + 0..cols` must be writable for r < rows.
unsafe fn store_partial(buf: &[f32; MR * NR], c: *mut f32, ldc: usize, rows: usize, cols: usize, add: bool, ep: &Ep) {
    for r in 0..rows {
        let mut row = [0.0f32; NR];
        for v in 0..NV {
            let p = row.as_mut_ptr().add(4 * v);
            if add {
                for l in 0..cols.saturating_sub(4 * v).min(4) {
                    *p.add(l) = *c.add(r * ldc + 4 * v + l);
                }
            }
            let a = F4::load(&buf[r * NR..], 4 * v);
            let x = if add { F4::load_ptr(p).add(a) } else { a };
            ep.apply(x, v).store_ptr(p);
        }
        for (j, x) in row.iter().take(cols).enumerate() {
            *c.add(r * ldc + j) = *x;
        }
    }
}
