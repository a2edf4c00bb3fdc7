//! Register-tiled f32x4 micro-kernels for the convolution backprops (`conv2d_backprop.rs`).
//!
//! Both accumulate an R×NR tile (R ≤ MR rows, NR columns = NV vectors) in registers over a run of
//! steps, reading their operands in place through strides, so the backprops need no im2col:
//! - `outer_steps`: A is R consecutive floats per step (a channel run of x, or of a Winograd V
//!   row), B is NR consecutive floats per step (a dz panel row, or a Winograd U row); filter
//!   gradients are sums of such outer products over pixels or tiles.
//! - `rows_steps`: A is R row streams (R tiles' or pixels' rows), B a packed k×NR panel: the
//!   products over channels of the input gradient (Winograd M, or col = dz·Wᵀ).
//! Callers may keep one accumulator across several runs (image rows) and store it once.
//! 4×8 measured best on V8 (x64): about 32 GFLOP/s in L1, against about 44 for the bare
//! mul + add chain; 6×8 and 4×12 spill, 3×12 and 5×8 are slower.

use crate::simd::F4;

/// Rows of the register tile.
pub const MR: usize = 4;
/// Columns of the register tile.
pub const NR: usize = 8;
/// f32x4 vectors per tile row.
pub const NV: usize = NR / 4;

/// An R×NR accumulator tile.
pub type Tile<const R: usize> = [[F4; NV]; R];

#[inline(always)]
pub fn zero_tile<const R: usize>() -> Tile<R> {
    [[F4::zero(); NV]; R]
}

/// acc[r] += Σ_{p < steps} a[p·sa + r] · b[p·sb .. p·sb + NR].
/// # Safety
/// Every `a + p·sa + r` (r < R) and `b + p·sb .. + NR` for p < steps must be readable.
#[inline(always)]
pub unsafe fn outer_steps<const R: usize>(acc: &mut Tile<R>, a: *const f32, sa: usize, b: *const f32, sb: usize, steps: usize) {
    let (mut pa, mut pb) = (a, b);
    for _ in 0..steps {
        let mut bv = [F4::zero(); NV];
        for (v, x) in bv.iter_mut().enumerate() {
            *x = F4::load_ptr(pb.add(4 * v));
        }
        for r in 0..R {
            let ar = F4::splat_ptr(pa.add(r));
            for v in 0..NV {
                acc[r][v] = acc[r][v].mul_add(ar, bv[v]);
            }
        }
        pa = pa.add(sa);
        pb = pb.add(sb);
    }
}

/// acc[r] += Σ_{p < steps} a[r·ra + p] · bp[p·NR .. p·NR + NR] (bp a packed panel slice).
/// # Safety
/// Every `a + r·ra + p` (r < R) and `bp .. bp + steps·NR` must be readable.
#[inline(always)]
pub unsafe fn rows_steps<const R: usize>(acc: &mut Tile<R>, a: *const f32, ra: usize, bp: *const f32, steps: usize) {
    let mut pa = [a; R];
    for (r, p) in pa.iter_mut().enumerate() {
        *p = a.add(r * ra);
    }
    let mut pb = bp;
    for _ in 0..steps {
        let mut bv = [F4::zero(); NV];
        for (v, x) in bv.iter_mut().enumerate() {
            *x = F4::load_ptr(pb.add(4 * v));
        }
        for r in 0..R {
            let ar = F4::splat_ptr(pa[r]);
            for v in 0..NV {
                acc[r][v] = acc[r][v].mul_add(ar, bv[v]);
            }
            pa[r] = pa[r].add(1);
        }
        pb = pb.add(NR);
    }
}

/// c[r·ldc + j] (+)= acc[r][j] for r < R, j < cols (cols ≤ NR).
/// # Safety
/// Every `c + r·ldc + j` for r < R, j < cols must be writable.
#[inline(always)]
pub unsafe fn store_tile<const R: usize>(acc: &Tile<R>, c: *mut f32, ldc: usize, cols: usize, add: bool) {
    for r in 0..R {
        let row = c.add(r * ldc);
        if cols == NR {
            for v in 0..NV {
                let p = row.add(4 * v);
                let x = if add { F4::load_ptr(p).add(acc[r][v]) } else { acc[r][v] };
                x.store_ptr(p);
            }
        } else {
            for v in 0..NV {
                let lanes = acc[r][v].to_array();
                for (l, x) in lanes.iter().enumerate() {
                    let j = 4 * v + l;
                    if j < cols {
                        let p = row.add(j);
                        *p = if add { *p + *x } else { *x };
                    }
                }
            }
        }
    }
}
