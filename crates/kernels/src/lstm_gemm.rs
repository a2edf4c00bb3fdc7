//! The matrix products the LSTM kernels are built on.
//!
//! Gate layout. Inside the kernels the 4·u gate columns are reordered unit block by unit block
//! ("interleaved gate order"): block q holds units 4q..4q+3 of gate i, then of f, g and o — 16
//! columns, with zero padding past `u`. One 16-column tile of a gate GEMM then holds every gate of
//! four units, so the cell update runs in registers on the tile, with no pass over memory.
//!
//! - `tile2` / `tile1`: C (2 or 1 rows × 16 columns, in registers) += A·B with B packed as 16-column
//!   panels (`pack_gate_rows`, `pack_gate_rows_transposed`) and A read in place as rows; they are
//!   the inner loops of the fused
//!   per-step forward and backward sweeps.
//! - `rows_times_panels` (dx = dz·Wᵀ) and `transposed_times_rows` (dW, dU: sums over every
//!   batch row and step) are the whole-sequence products of the backward pass.

use crate::lstm_math::V;

/// Columns per panel and per fused tile: one unit block of all four gates.
pub(crate) const NR: usize = 16;

/// Unit blocks of four covering `u` units.
pub(crate) fn unit_blocks(u: usize) -> usize {
    (u + 3) / 4
}

/// The original gate column (g·u + j) of interleaved column `p`, or None for padding.
pub(crate) fn gate_column(p: usize, u: usize) -> Option<usize> {
    let (q, g, l) = (p / NR, (p % NR) / 4, p % 4);
    let j = 4 * q + l;
    if j < u {
        Some(g * u + j)
    } else {
        None
    }
}

/// Packs B (k × n, element (p, j) from `b(p, j)`) into ⌈n/16⌉ panels of k × 16, zero-padded
/// (the plain definition the gate packers are tested against).
#[cfg(test)]
fn pack_panels(k: usize, n: usize, b: impl Fn(usize, usize) -> f32) -> Vec<f32> {
    let panels = (n + NR - 1) / NR;
    let mut out = vec![0.0f32; panels * k * NR];
    for s in 0..panels {
        for p in 0..k {
            let row = &mut out[(s * k + p) * NR..(s * k + p + 1) * NR];
            for (jj, v) in row.iter_mut().enumerate() {
                if s * NR + jj < n {
                    *v = b(p, s * NR + jj);
                }
            }
        }
    }
    out
}

/// Packs a [rows, 4u] gate matrix (Keras column order i, f, g, o) as one rows × 16 panel per unit
/// block, in the interleaved gate order.
pub(crate) fn pack_gate_rows(src: &[f32], rows: usize, u: usize) -> Vec<f32> {
    let nb = unit_blocks(u);
    assert!(src.len() >= rows * 4 * u);
    let len = nb * rows * NR;
    // Runs on every call, so it is kept cheap: no zeroing pass (every element is written below)
    // and whole unit blocks as four-float vector copies.
    let mut out: Vec<f32> = Vec::with_capacity(len);
    let (d, full) = (out.as_mut_ptr(), u / 4);
    for p in 0..rows {
        // Safety: q < nb, g < 4 and p < rows keep every write inside the capacity, and
        // 4q + l < u every read inside src (asserted length).
        unsafe {
            let s = src.as_ptr().add(p * 4 * u);
            for q in 0..full {
                for g in 0..4 {
                    V::load(s.add(g * u + 4 * q)).store(d.add((q * rows + p) * NR + 4 * g));
                }
            }
            if full < nb {
                let (q, n) = (full, u - 4 * full);
                for g in 0..4 {
                    for l in 0..4 {
                        let v = if l < n { *s.add(g * u + 4 * q + l) } else { 0.0 };
                        d.add((q * rows + p) * NR + 4 * g + l).write(v);
                    }
                }
            }
        }
    }
    // Safety: all len elements were written above.
    unsafe { out.set_len(len) };
    out
}

/// Packs the transpose of a [rows, 4u] gate matrix as panels of 16 columns (its rows) × 16·⌈u/4⌉
/// rows (the gate columns in the interleaved order), for products with interleaved gate gradients.
pub(crate) fn pack_gate_rows_transposed(src: &[f32], rows: usize, u: usize) -> Vec<f32> {
    let gw = NR * unit_blocks(u);
    assert!(src.len() >= rows * 4 * u);
    let mut out = vec![0.0f32; (rows + NR - 1) / NR * gw * NR];
    for j in 0..rows {
        let panel = (j / NR) * gw * NR + j % NR;
        for q in 0..unit_blocks(u) {
            let n = (u - 4 * q).min(4);
            for g in 0..4 {
                for l in 0..n {
                    out[panel + (NR * q + 4 * g + l) * NR] = src[j * 4 * u + g * u + 4 * q + l];
                }
            }
        }
    }
    out
}

/// acc[r][v] += Σ_{p<k} A[r][p] · panel[p][4v..4v+4] for two rows of A.
/// # Safety
/// `a0`, `a1` valid for k floats, `panel` for k·16.
#[inline(always)]
pub(crate) unsafe fn tile2(acc: &mut [[V; 4]; 2], a0: *const f32, a1: *const f32, k: usize, panel: *const f32) {
    let mut c = *acc;
    let mut b = panel;
    for p in 0..k {
        let bv = [V::load(b), V::load(b.add(4)), V::load(b.add(8)), V::load(b.add(12))];
        let s0 = V::splat_ptr(a0.add(p));
        let s1 = V::splat_ptr(a1.add(p));
        for v in 0..4 {
            c[0][v] = c[0][v].mul_add(s0, bv[v]);
            c[1][v] = c[1][v].mul_add(s1, bv[v]);
        }
        b = b.add(NR);
    }
    *acc = c;
}

/// As `tile2` for one row; even and odd p go to separate sums (eight independent chains).
/// # Safety
/// As for `tile2`.
#[inline(always)]
pub(crate) unsafe fn tile1(acc: &mut [V; 4], a: *const f32, k: usize, panel: *const f32) {
    let mut c = *acc;
    let mut d = [V::splat(0.0); 4];
    let mut b = panel;
    let mut p = 0;
    while p + 2 <= k {
        let s0 = V::splat_ptr(a.add(p));
        let s1 = V::splat_ptr(a.add(p + 1));
        for v in 0..4 {
            c[v] = c[v].mul_add(s0, V::load(b.add(4 * v)));
            d[v] = d[v].mul_add(s1, V::load(b.add(NR + 4 * v)));
        }
        b = b.add(2 * NR);
        p += 2;
    }
    if p < k {
        let s0 = V::splat_ptr(a.add(p));
        for v in 0..4 {
            c[v] = c[v].mul_add(s0, V::load(b.add(4 * v)));
        }
    }
    for v in 0..4 {
        acc[v] = c[v].add(d[v]);
    }
}

/// One row of A against two panels: acc[0] += A·panel0, acc[1] += A·panel1 (eight chains).
/// # Safety
/// `a` valid for k floats, each panel for k·16.
#[inline(always)]
pub(crate) unsafe fn tile1x2(acc: &mut [[V; 4]; 2], a: *const f32, k: usize, panel0: *const f32, panel1: *const f32) {
    let mut c = *acc;
    let (mut b0, mut b1) = (panel0, panel1);
    for p in 0..k {
        let s = V::splat_ptr(a.add(p));
        for v in 0..4 {
            c[0][v] = c[0][v].mul_add(s, V::load(b0.add(4 * v)));
            c[1][v] = c[1][v].mul_add(s, V::load(b1.add(4 * v)));
        }
        b0 = b0.add(NR);
        b1 = b1.add(NR);
    }
    *acc = c;
}

/// C = A·B for `rows` rows of A (row r at a + r·lda, k floats) and B packed as 16-column panels
/// (`pack_gate_rows_transposed`) of n columns in all; C rows have stride ldc.
/// # Safety
/// A valid for rows × k (stride lda), C for rows × n (stride ldc); `panels` holds ⌈n/16⌉·k·16.
pub(crate) unsafe fn rows_times_panels(rows: usize, a: *const f32, lda: usize, k: usize, panels: &[f32], n: usize, c: *mut f32, ldc: usize) {
    let np = (n + NR - 1) / NR;
    assert!(panels.len() >= np * k * NR);
    // Blocks of rows (kept in L2) against every panel (kept in L1 across the block).
    let mut r0 = 0;
    while r0 < rows {
        let r1 = rows.min(r0 + ROW_BLOCK);
        for s in 0..np {
            let panel = panels.as_ptr().add(s * k * NR);
            let w = (n - s * NR).min(NR);
            let mut r = r0;
            while r < r1 {
                let mut acc = [[V::splat(0.0); 4]; 2];
                if r + 2 <= r1 {
                    tile2(&mut acc, a.add(r * lda), a.add((r + 1) * lda), k, panel);
                    store_row(&acc[0], c.add(r * ldc + s * NR), w);
                    store_row(&acc[1], c.add((r + 1) * ldc + s * NR), w);
                    r += 2;
                } else {
                    tile1(&mut acc[0], a.add(r * lda), k, panel);
                    store_row(&acc[0], c.add(r * ldc + s * NR), w);
                    r += 1;
                }
            }
        }
        r0 = r1;
    }
}

const ROW_BLOCK: usize = 64;

/// The first w (≤ 16) columns of a register row.
#[inline(always)]
unsafe fn store_row(acc: &[V; 4], c: *mut f32, w: usize) {
    if w == NR {
        for (v, x) in acc.iter().enumerate() {
            x.store(c.add(4 * v));
        }
    } else {
        let mut tmp = [0.0f32; NR];
        for (v, x) in acc.iter().enumerate() {
            x.store(tmp.as_mut_ptr().add(4 * v));
        }
        for (j, x) in tmp.iter().take(w).enumerate() {
            *c.add(j) = *x;
        }
    }
}

/// A run of k steps of a transposed product: step p reads A's row a + p·lda (m floats) and B's
/// row b + p·ldb (n floats).
#[derive(Clone, Copy)]
pub(crate) struct Run {
    pub a: *const f32,
    pub b: *const f32,
    pub k: usize,
}

/// C (m × n, row stride ldc, n a multiple of 16) += Σ over runs Σ_p A[p]ᵀ·B[p]: the weight
/// gradients, whose sum runs over batch × steps. Runs are grouped into k blocks of about
/// K_BLOCK steps; for each block, every 16-column slab of B stays in L1 while all rows of C
/// sweep it, two at a time in registers.
/// # Safety
/// Every run valid for its k rows of A (m floats each, stride lda) and B (n each, stride ldb).
pub(crate) unsafe fn transposed_times_rows(m: usize, n: usize, runs: &[Run], lda: usize, ldb: usize, c: *mut f32, ldc: usize) {
    assert!(n % NR == 0);
    let mut g0 = 0;
    while g0 < runs.len() {
        let mut g1 = g0 + 1;
        let mut k = runs[g0].k;
        while g1 < runs.len() && k + runs[g1].k <= K_BLOCK {
            k += runs[g1].k;
            g1 += 1;
        }
        let group = &runs[g0..g1];
        for j in (0..n).step_by(NR) {
            let mut i = 0;
            while i < m {
                let two = i + 2 <= m;
                let (c0, c1) = (c.add(i * ldc + j), c.add((i + two as usize) * ldc + j));
                let mut acc = [load_row(c0), load_row(c1)];
                for run in group {
                    tile2_transposed(&mut acc, run.a.add(i), lda, two, run.b.add(j), ldb, run.k);
                }
                store_row(&acc[0], c0, NR);
                if two {
                    store_row(&acc[1], c1, NR);
                }
                i += 2;
            }
        }
        g0 = g1;
    }
}

const K_BLOCK: usize = 128;

#[inline(always)]
unsafe fn load_row(c: *const f32) -> [V; 4] {
    [V::load(c), V::load(c.add(4)), V::load(c.add(8)), V::load(c.add(12))]
}

/// acc[r] += Σ_{p<k} a[p·lda + r]·b[p·ldb .. +16] for r = 0 and, when `two`, r = 1.
#[inline(always)]
unsafe fn tile2_transposed(acc: &mut [[V; 4]; 2], a: *const f32, lda: usize, two: bool, b: *const f32, ldb: usize, k: usize) {
    let mut c = *acc;
    let (mut a, mut b) = (a, b);
    if two {
        for _ in 0..k {
            let bv = [V::load(b), V::load(b.add(4)), V::load(b.add(8)), V::load(b.add(12))];
            let (s0, s1) = (V::splat_ptr(a), V::splat_ptr(a.add(1)));
            for v in 0..4 {
                c[0][v] = c[0][v].mul_add(s0, bv[v]);
                c[1][v] = c[1][v].mul_add(s1, bv[v]);
            }
            a = a.add(lda);
            b = b.add(ldb);
        }
    } else {
        for _ in 0..k {
            let s0 = V::splat_ptr(a);
            for v in 0..4 {
                c[0][v] = c[0][v].mul_add(s0, V::load(b.add(4 * v)));
            }
            a = a.add(lda);
            b = b.add(ldb);
        }
    }
    *acc = c;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_match_naive() {
        let val = |v: usize| ((v * 7) % 11) as f32 - 5.0;
        for &(m, n, k) in &[(5, 37, 3), (1, 40, 7), (9, 8, 1), (6, 3, 300), (70, 16, 64)] {
            // rows_times_panels: C = A·B, A [m, k] with row stride k + 1.
            let a: Vec<f32> = (0..m * (k + 1)).map(val).collect();
            let b: Vec<f32> = (0..k * n).map(|v| val(v * 3 + 1)).collect();
            let panels = pack_panels(k, n, |p, j| b[p * n + j]);
            let mut c = vec![f32::NAN; m * (n + 2)];
            unsafe { rows_times_panels(m, a.as_ptr(), k + 1, k, &panels, n, c.as_mut_ptr(), n + 2) };
            for i in 0..m {
                for j in 0..n {
                    let want: f32 = (0..k).map(|p| a[i * (k + 1) + p] * b[p * n + j]).sum();
                    assert_eq!(c[i * (n + 2) + j], want, "rows {} {} {}", m, n, k);
                }
            }
            // transposed_times_rows: C += Σ runs Aᵀ·B with A rows of m (stride m + 3), B rows of 16·⌈n/16⌉.
            let n16 = (n + 15) / 16 * 16;
            let at: Vec<f32> = (0..2 * k * (m + 3)).map(val).collect();
            let bt: Vec<f32> = (0..2 * k * n16).map(|v| val(v * 5 + 2)).collect();
            let runs = [Run { a: at.as_ptr(), b: bt.as_ptr(), k }, Run { a: unsafe { at.as_ptr().add(k * (m + 3)) }, b: unsafe { bt.as_ptr().add(k * n16) }, k }];
            let mut c = vec![1.0f32; m * n16];
            unsafe { transposed_times_rows(m, n16, &runs, m + 3, n16, c.as_mut_ptr(), n16) };
            for i in 0..m {
                for j in 0..n16 {
                    let want: f32 = 1.0 + (0..2 * k).map(|p| at[p * (m + 3) + i] * bt[p * n16 + j]).sum::<f32>();
                    assert_eq!(c[i * n16 + j], want, "transposed {} {} {}", m, n, k);
                }
            }
        }
    }

    #[test]
    fn tiles_match_naive() {
        for &k in &[1usize, 2, 7, 64] {
            let a: Vec<f32> = (0..2 * k).map(|v| ((v * 7) % 11) as f32 - 5.0).collect();
            let b: Vec<f32> = (0..k * 16).map(|v| ((v * 5) % 13) as f32 - 6.0).collect();
            let panel = pack_panels(k, 16, |p, j| b[p * 16 + j]);
            let mut two = [[V::splat(1.0); 4]; 2];
            let mut one = [V::splat(1.0); 4];
            unsafe {
                tile2(&mut two, a.as_ptr(), a.as_ptr().add(k), k, panel.as_ptr());
                tile1(&mut one, a.as_ptr().add(k), k, panel.as_ptr());
            }
            let mut pair = [[V::splat(2.0); 4]; 2];
            unsafe { tile1x2(&mut pair, a.as_ptr(), k, panel.as_ptr(), panel.as_ptr()) };
            for j in 0..16 {
                let want = |r: usize| 1.0 + (0..k).map(|p| a[r * k + p] * b[p * 16 + j]).sum::<f32>();
                assert_eq!(two[0][j / 4].to_array()[j % 4], want(0));
                assert_eq!(two[1][j / 4].to_array()[j % 4], want(1));
                assert_eq!(one[j / 4].to_array()[j % 4], want(1));
                assert_eq!(pair[1][j / 4].to_array()[j % 4], want(0) + 1.0);
            }
        }
    }

    #[test]
    fn gate_packers_match_gate_column() {
        for &u in &[1usize, 4, 5, 9, 17] {
            let rows = 3;
            let src: Vec<f32> = (0..rows.max(u) * 4 * u).map(|v| v as f32 + 1.0).collect();
            let gw = NR * unit_blocks(u);
            assert_eq!(pack_gate_rows(&src, rows, u), pack_panels(rows, gw, |p, col| gate_column(col, u).map_or(0.0, |gc| src[p * 4 * u + gc])));
            assert_eq!(pack_gate_rows_transposed(&src, rows, u), pack_panels(gw, rows, |p, j| gate_column(p, u).map_or(0.0, |gc| src[j * 4 * u + gc])));
        }
    }

    #[test]
    fn gate_columns_interleave_unit_blocks() {
        // u = 5: blocks of 4 units; the second block holds unit 4 only.
        assert_eq!(gate_column(0, 5), Some(0));
        assert_eq!(gate_column(4, 5), Some(5));
        assert_eq!(gate_column(13, 5), Some(16));
        assert_eq!(gate_column(16, 5), Some(4));
        assert_eq!(gate_column(17, 5), None);
        assert_eq!(gate_column(28, 5), Some(19));
        assert_eq!(unit_blocks(5), 2);
    }
}
