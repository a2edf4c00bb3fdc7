//! The input gradient of a 3×3, stride-1 conv2d by Winograd F(2×2, 3×3).
//!
//! dx is the convolution of dz, framed by the filter's reach minus the forward padding, with the
//! filter flipped and transposed: W'[fy, fx, o, c] = W[2 - fy, 2 - fx, c, o]. Each 2×2 tile of dx
//! is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A for the 4×4 dz tile d under it; summed over the outC channels o the
//! element-wise product is 16 GEMMs, one per transform position ξ:
//! M_ξ[tile, c] = Σ_o V_ξ[tile, o] · U_ξ[o, c] — 16 multiply-adds per 4 outputs and channel pair
//! instead of 36. Matrices (points 0, 1, -1, ∞; G's halves are exact):
//!   Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],  G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1],
//!   Aᵀ = [1 1 1 0; 0 1 -1 -1].
//! As in the filter gradient (`conv2d_grad_winograd.rs`), V and M of a block of tiles stay in L2,
//! their 16 planes are padded apart so transform stores do not collide in one L1 set, and the
//! GEMM accumulates each 4-tile × NR-channel block in registers over all of outC.

use crate::conv2d_frame::{round_up, Frame};
use crate::conv_info::ConvInfo;
use crate::gemm_backprop::{rows_steps, store_tile, zero_tile, MR, NR};
use crate::simd::F4;

/// Floats of V and M per block of tiles (about 768 KB).
const BLOCK_FLOATS: usize = 192 * 1024;
/// Extra floats between the 16 planes of V and of M (see the filter gradient).
const PLANE_PAD: usize = 16;

/// True for the convolutions this path computes: 3×3, stride 1, dilation 1, channel counts that
/// are multiples of 4 with at least 8 of each.
pub(crate) fn applies(info: &ConvInfo) -> bool {
    // The filter gradient's rule without its 3-channel case (this path needs channels in 4s).
    crate::conv2d_grad_winograd::applies(info) && info.in_c % 4 == 0
}

pub(crate) struct WinogradInputGrad {
    /// U_ξ in NR-column panels: plane ξ, panel p holds outC rows of NR input channels.
    u: Vec<f32>,
    panels: usize,
    frame: Frame,
    buf: Vec<f32>,
    block: usize,
    th: usize,
    tw: usize,
    vplane: usize,
    mplane: usize,
    v: Vec<f32>,
    m: Vec<f32>,
}

impl WinogradInputGrad {
    pub fn new(info: &ConvInfo, w: &[f32]) -> WinogradInputGrad {
        let (c, n) = (info.in_c, info.out_c);
        let panels = (c + NR - 1) / NR;
        let mut u = vec![0.0f32; 16 * panels * n * NR];
        for ci in 0..c {
            for o in 0..n {
                // g = the flipped filter for (o → ci): g[fy][fx] = W[2 - fy, 2 - fx, ci, o].
                let g = |fy: usize, fx: usize| w[(((2 - fy) * 3 + (2 - fx)) * c + ci) * n + o];
                let mut gg = [[0.0f32; 3]; 4];
                for fx in 0..3 {
                    let col = g_rows([g(0, fx), g(1, fx), g(2, fx)]);
                    for i in 0..4 {
                        gg[i][fx] = col[i];
                    }
                }
                for (i, row) in gg.iter().enumerate() {
                    for (j, val) in g_rows(*row).iter().enumerate() {
                        u[(((i * 4 + j) * panels + ci / NR) * n + o) * NR + ci % NR] = *val;
                    }
                }
            }
        }
        let (th, tw) = ((info.in_h + 1) / 2, (info.in_w + 1) / 2);
        // dx tile (ty, tx) reads frame rows 2ty..2ty+4, columns 2tx..2tx+4; dz sits at (2 - pad).
        let (top, left) = (2 - info.pad_top, 2 - info.pad_left);
        let frame = Frame { rows: (2 * th + 2).max(top + info.out_h), cols: (2 * tw + 2).max(left + info.out_w), top, left, stride: n };
        let block = round_up((BLOCK_FLOATS / (16 * (n + c))).max(MR), MR).min(round_up((th * tw).max(1), MR));
        let (vplane, mplane) = (block * n + PLANE_PAD, block * c + PLANE_PAD);
        WinogradInputGrad { u, panels, buf: vec![0.0f32; frame.len()], frame, block, th, tw, vplane, mplane, v: vec![0.0f32; 16 * vplane], m: vec![0.0f32; 16 * mplane] }
    }

    /// Overwrites `dx` (one image) with the input gradient for `dz` (its output gradient).
    pub fn image(&mut self, info: &ConvInfo, dz: &[f32], dx: &mut [f32]) {
        let (c, n) = (info.in_c, info.out_c);
        self.frame.fill(&mut self.buf, dz, info.out_h, info.out_w, n, n);
        let tiles = self.th * self.tw;
        let mut t0 = 0;
        while t0 < tiles {
            let count = self.block.min(tiles - t0);
            for t in 0..count {
                let (ty, tx) = ((t0 + t) / self.tw, (t0 + t) % self.tw);
                transform_dz(&self.buf, self.frame.cols, n, ty, tx, t, self.vplane, &mut self.v);
            }
            for xi in 0..16 {
                self.products(xi, count, n, c);
            }
            for t in 0..count {
                let (ty, tx) = ((t0 + t) / self.tw, (t0 + t) % self.tw);
                transform_out(info, &self.m, self.mplane, t, ty, tx, dx);
            }
            t0 += count;
        }
    }

    /// M_ξ[t][c] = Σ_o V_ξ[t][o] · U_ξ[o][c] for t < count.
    fn products(&mut self, xi: usize, count: usize, n: usize, c: usize) {
        let v = &self.v[xi * self.vplane..xi * self.vplane + count * n];
        let u = &self.u[xi * self.panels * n * NR..(xi + 1) * self.panels * n * NR];
        let m = &mut self.m[xi * self.mplane..xi * self.mplane + count * c];
        for p in 0..self.panels {
            let cols = NR.min(c - p * NR);
            let mut t = 0;
            while t < count {
                let r = MR.min(count - t);
                // Safety: rows t..t+r of v hold n floats each, the panel n rows of NR, and rows
                // t..t+r, columns p·NR..+cols of m are in bounds (the slices above).
                unsafe {
                    let (a, bp, out) = (v.as_ptr().add(t * n), u.as_ptr().add(p * n * NR), m.as_mut_ptr().add(t * c + p * NR));
                    match r {
                        4 => tile::<4>(a, n, bp, out, c, cols),
                        3 => tile::<3>(a, n, bp, out, c, cols),
                        2 => tile::<2>(a, n, bp, out, c, cols),
                        _ => tile::<1>(a, n, bp, out, c, cols),
                    }
                }
                t += r;
            }
        }
    }
}

/// One R×NR block of M: R tiles' rows of V (n floats each) times an n×NR panel of U.
/// # Safety
/// As for `rows_steps` and `store_tile`.
#[inline(always)]
unsafe fn tile<const R: usize>(a: *const f32, n: usize, bp: *const f32, out: *mut f32, ldc: usize, cols: usize) {
    let mut acc = zero_tile::<R>();
    rows_steps(&mut acc, a, n, bp, n);
    store_tile(&acc, out, ldc, cols, false);
}

/// G g for one column of a 3×3 filter: [g0, (g0 + g1 + g2)/2, (g0 - g1 + g2)/2, g2].
fn g_rows(g: [f32; 3]) -> [f32; 4] {
    [g[0], 0.5 * (g[0] + g[1] + g[2]), 0.5 * (g[0] - g[1] + g[2]), g[2]]
}

/// V[ξ][t][o] = (Bᵀ d B)_ξ for the 4×4 frame tile at (2ty, 2tx), four channels at a time.
#[allow(clippy::too_many_arguments)]
fn transform_dz(p: &[f32], cols: usize, n: usize, ty: usize, tx: usize, t: usize, plane: usize, v: &mut [f32]) {
    let base = ((2 * ty) * cols + 2 * tx) * n;
    assert!(n % 4 == 0 && base + (3 * cols + 3) * n + n <= p.len() && 15 * plane + t * n + n <= v.len());
    let row = cols * n;
    let mut o = 0;
    while o < n {
        // Safety: reads stay inside the tile (its last pixel ends inside p, asserted), writes in
        // plane 15's row t at most (asserted); o + 4 ≤ n.
        unsafe {
            let src = p.as_ptr().add(base + o);
            let ld = |i: usize, j: usize| F4::load_ptr(src.add(i * row + j * n));
            let mut e = [[F4::zero(); 4]; 4];
            for (j, col) in e.iter_mut().enumerate() {
                let (d0, d1, d2, d3) = (ld(0, j), ld(1, j), ld(2, j), ld(3, j));
                *col = [d0.sub(d2), d1.add(d2), d2.sub(d1), d1.sub(d3)];
            }
            let dst = v.as_mut_ptr().add(t * n + o);
            for i in 0..4 {
                let (r0, r1, r2, r3) = (e[0][i], e[1][i], e[2][i], e[3][i]);
                let out = [r0.sub(r2), r1.add(r2), r2.sub(r1), r1.sub(r3)];
                for (j, val) in out.iter().enumerate() {
                    val.store_ptr(dst.add((i * 4 + j) * plane));
                }
            }
        }
        o += 4;
    }
}

/// dx tile (ty, tx) = Aᵀ M A, four channels at a time; rows or columns past the image are dropped.
fn transform_out(info: &ConvInfo, m: &[f32], plane: usize, t: usize, ty: usize, tx: usize, dx: &mut [f32]) {
    let c = info.in_c;
    let (y0, x0) = (2 * ty, 2 * tx);
    let (rows, cols) = (2.min(info.in_h - y0), 2.min(info.in_w - x0));
    assert!(c % 4 == 0 && 15 * plane + t * c + c <= m.len() && ((y0 + rows - 1) * info.in_w + x0 + cols - 1) * c + c <= dx.len());
    let mut c0 = 0;
    while c0 < c {
        // Safety: reads in plane 15's row t at most, writes at in-image pixels (asserted).
        unsafe {
            let src = m.as_ptr().add(t * c + c0);
            let ld = |i: usize, j: usize| F4::load_ptr(src.add((i * 4 + j) * plane));
            // Aᵀ M: 2×4.
            let mut s = [[F4::zero(); 4]; 2];
            for j in 0..4 {
                let (m0, m1, m2, m3) = (ld(0, j), ld(1, j), ld(2, j), ld(3, j));
                s[0][j] = m0.add(m1).add(m2);
                s[1][j] = m1.sub(m2).sub(m3);
            }
            for (i, r) in s.iter().enumerate().take(rows) {
                let y = [r[0].add(r[1]).add(r[2]), r[1].sub(r[2]).sub(r[3])];
                for (j, val) in y.iter().enumerate().take(cols) {
                    val.store_ptr(dx.as_mut_ptr().add(((y0 + i) * info.in_w + x0 + j) * c + c0));
                }
            }
        }
        c0 += 4;
    }
}
