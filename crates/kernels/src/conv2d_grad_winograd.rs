//! The filter gradient of a 3×3, stride-1 conv2d by Winograd F(3×3, 2×2).
//!
//! dW[fy, fx, c, o] = Σ over output pixels of x[oy + fy, ox + fx, c] · dz[oy, ox, o] (x framed by
//! its padding). Split the output into 2×2 tiles: each tile's part is the correlation of a 4×4 x
//! tile d with the 2×2 dz tile g, a 3×3 result that Winograd computes as Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A.
//! Summed over tiles, the element-wise product becomes 16 independent GEMMs, one per position ξ of
//! the 4×4 transforms: M_ξ[c, o] = Σ_tiles V_ξ[tile, c] · U_ξ[tile, o] — 16 multiply-adds per
//! channel pair and tile of 4 pixels against 36 for the direct sum, 2.25× fewer. The matrices
//! (points 0, 1, -1, ∞) only add and subtract, so results differ from the direct sum by float
//! rounding only:
//!   Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 -1 0 1],  G = [1 0; ½ ½; ½ -½; 0 1],
//!   Aᵀ = [1 1 1 0; 0 1 -1 0; 0 1 1 1].
//! The dz transform uses 2G (no halving), so M_ξ comes out scaled by s_i·s_j with s = (1, 2, 2, 1);
//! `finish` divides that out (exactly: powers of two) and applies Aᵀ M A once, after every image.

use crate::conv2d_frame::{round_up, Frame};
use crate::conv_info::ConvInfo;
use crate::gemm_backprop::{outer_steps, store_tile, zero_tile, MR, NR};
use crate::simd::F4;

/// Floats of V and U per block of tiles (about 768 KB: the block stays in L2).
const BLOCK_FLOATS: usize = 192 * 1024;
/// Extra floats between the 16 planes of V and of U: with plane sizes that are powers of two the
/// 16 stores of one transform all fell in the same L1 set and evicted each other.
const PLANE_PAD: usize = 16;

// `products` steps through the channels MR at a time, and they come in multiples of 4.
const _: () = assert!(MR == 4);

/// True for the convolutions this path computes: 3×3, stride 1, dilation 1, output channels a
/// multiple of 4 (the transforms work on f32x4 lanes), at least 8, and input channels a multiple
/// of 4 (at least 8) or 3 — an RGB image, framed with a zero fourth channel: 16 multiply-adds per
/// 4 channels and tile against 36 per 3 for the direct sum, whose 3-wide runs also fit its
/// register tiles badly.
pub(crate) fn applies(info: &ConvInfo) -> bool {
    info.is_3x3_unit_stride()
        && info.out_c % 4 == 0
        && info.out_c >= 8
        && ((info.in_c % 4 == 0 && info.in_c >= 8) || info.in_c == 3)
}

pub(crate) struct WinogradFilterGrad {
    /// Input channels as framed (in_c rounded up to 4; the extra channel is zero).
    cp: usize,
    frame: Frame,
    xbuf: Vec<f32>,
    copy: bool,
    /// Tiles per block, tile rows and columns per image.
    block: usize,
    th: usize,
    tw: usize,
    /// dz channels padded to NR per tile row of U.
    np: usize,
    /// Floats per plane ξ of V and of U.
    vplane: usize,
    uplane: usize,
    /// V[ξ][tile][c] and U[ξ][tile][np] of one block; M[ξ][c][o] over everything so far.
    v: Vec<f32>,
    u: Vec<f32>,
    m: Vec<f32>,
}

impl WinogradFilterGrad {
    pub fn new(info: &ConvInfo) -> WinogradFilterGrad {
        let (c, n) = (round_up(info.in_c, 4), info.out_c);
        let (th, tw) = ((info.out_h + 1) / 2, (info.out_w + 1) / 2);
        // Tile (ty, tx) reads frame rows 2ty..2ty+4 and columns 2tx..2tx+4.
        let frame = Frame { rows: (2 * th + 2).max(info.in_h + info.pad_top), cols: (2 * tw + 2).max(info.in_w + info.pad_left), top: info.pad_top, left: info.pad_left, stride: c };
        let copy = !frame.is_identity(info.in_h, info.in_w, info.in_c);
        let np = round_up(n, NR);
        let block = (BLOCK_FLOATS / (16 * (c + np))).max(1).min((th * tw).max(1));
        let (vplane, uplane) = (block * c + PLANE_PAD, block * np + PLANE_PAD);
        WinogradFilterGrad {
            cp: c,
            vplane,
            uplane,
            xbuf: if copy { vec![0.0f32; frame.len()] } else { Vec::new() },
            frame,
            copy,
            block,
            th,
            tw,
            np,
            v: vec![0.0f32; 16 * vplane],
            u: vec![0.0f32; 16 * uplane],
            m: vec![0.0f32; 16 * c * n],
        }
    }

    /// Adds one image's products (x its input, dz its output gradient, outC floats per pixel).
    pub fn add_image(&mut self, info: &ConvInfo, x: &[f32], dz: &[f32]) {
        let (c, n) = (self.cp, info.out_c);
        if self.copy {
            self.frame.fill(&mut self.xbuf, x, info.in_h, info.in_w, info.in_c, info.in_c);
        }
        let tiles = self.th * self.tw;
        let mut t0 = 0;
        while t0 < tiles {
            let count = self.block.min(tiles - t0);
            let xp: &[f32] = if self.copy { &self.xbuf } else { x };
            for t in 0..count {
                let (ty, tx) = ((t0 + t) / self.tw, (t0 + t) % self.tw);
                transform_x(xp, self.frame.cols, c, ty, tx, t, self.vplane, &mut self.v);
                transform_dz(info, dz, ty, tx, t, self.uplane, self.np, &mut self.u);
            }
            for xi in 0..16 {
                let v = &self.v[xi * self.vplane..];
                let u = &self.u[xi * self.uplane..];
                let m = &mut self.m[xi * c * n..(xi + 1) * c * n];
                products(v, u, count, c, n, self.np, m);
            }
            t0 += count;
        }
    }

    /// dw = Aᵀ M A for every (c, o) with c < in_c: the 3×3 filter gradient from the 16
    /// accumulated products (a framed zero channel's products are dropped).
    pub fn finish(&self, in_c: usize, n: usize, dw: &mut [f32]) {
        let cn = self.cp * n;
        let used = in_c * n;
        assert!(in_c <= self.cp && dw.len() >= 9 * used && self.m.len() >= 16 * cn);
        const INV: [f32; 4] = [1.0, 0.5, 0.5, 1.0];
        for e in 0..used {
            let m = |i: usize, j: usize| self.m[(i * 4 + j) * cn + e] * INV[i] * INV[j];
            // Rows: Aᵀ M (3×4), then columns: (Aᵀ M) A (3×3).
            let mut r = [[0.0f32; 4]; 3];
            for j in 0..4 {
                r[0][j] = m(0, j) + m(1, j) + m(2, j);
                r[1][j] = m(1, j) - m(2, j);
                r[2][j] = m(1, j) + m(2, j) + m(3, j);
            }
            for (fy, row) in r.iter().enumerate() {
                let out = [row[0] + row[1] + row[2], row[1] - row[2], row[1] + row[2] + row[3]];
                for (fx, v) in out.iter().enumerate() {
                    dw[(fy * 3 + fx) * used + e] = *v;
                }
            }
        }
    }
}

/// V[ξ][t][c] = (Bᵀ d B)_ξ for the 4×4 x tile at frame (2ty, 2tx), four channels at a time.
#[allow(clippy::too_many_arguments)]
fn transform_x(xp: &[f32], cols: usize, c: usize, ty: usize, tx: usize, t: usize, plane: usize, v: &mut [f32]) {
    let base = ((2 * ty) * cols + 2 * tx) * c;
    assert!(c % 4 == 0 && base + (3 * cols + 3) * c + c <= xp.len() && 15 * plane + t * c + c <= v.len());
    let row = cols * c;
    let mut c0 = 0;
    while c0 < c {
        // Safety: every read is within the tile (assert above: its last pixel ends inside xp) and
        // every write within plane 15's row t (also asserted); c0 + 4 ≤ c.
        unsafe {
            let src = xp.as_ptr().add(base + c0);
            let ld = |i: usize, j: usize| F4::load_ptr(src.add(i * row + j * c));
            // Bᵀ d: the four rows of each column.
            let mut e = [[F4::zero(); 4]; 4];
            for (j, col) in e.iter_mut().enumerate() {
                let (d0, d1, d2, d3) = (ld(0, j), ld(1, j), ld(2, j), ld(3, j));
                *col = [d0.sub(d2), d1.add(d2), d2.sub(d1), d3.sub(d1)];
            }
            // (Bᵀ d) B: the four columns of each row.
            let dst = v.as_mut_ptr().add(t * c + c0);
            for i in 0..4 {
                let (r0, r1, r2, r3) = (e[0][i], e[1][i], e[2][i], e[3][i]);
                let out = [r0.sub(r2), r1.add(r2), r2.sub(r1), r3.sub(r1)];
                for (j, val) in out.iter().enumerate() {
                    val.store_ptr(dst.add((i * 4 + j) * plane));
                }
            }
        }
        c0 += 4;
    }
}

/// U[ξ][t][o] = (2G g 2Gᵀ)_ξ for the 2×2 dz tile at (2ty, 2tx) (zero past the image's edge).
#[allow(clippy::too_many_arguments)]
fn transform_dz(info: &ConvInfo, dz: &[f32], ty: usize, tx: usize, t: usize, plane: usize, np: usize, u: &mut [f32]) {
    let (n, ow) = (info.out_c, info.out_w);
    let (oy, ox) = (2 * ty, 2 * tx);
    assert!(n % 4 == 0 && (oy * ow + ox) * n + n <= dz.len() && 15 * plane + t * np + n <= u.len());
    // Offsets of the tile's four pixels, None past the edge (those read as zero).
    let at = |y: usize, x: usize| if y < info.out_h && x < ow { Some((y * ow + x) * n) } else { None };
    let pix = [at(oy, ox), at(oy, ox + 1), at(oy + 1, ox), at(oy + 1, ox + 1)];
    let mut o = 0;
    while o < n {
        // Safety: every pixel offset is inside dz (pixels past the edge are None) and o + 4 ≤ n;
        // writes are within plane 15's row t (asserted above).
        unsafe {
            let g = pix.map(|p| p.map_or(F4::zero(), |p| F4::load_ptr(dz.as_ptr().add(p + o))));
            // 2G g: 4×2 (rows g0, g0 + g1, g0 - g1, g1 of the tile's two rows).
            let gg = [[g[0], g[1]], [g[0].add(g[2]), g[1].add(g[3])], [g[0].sub(g[2]), g[1].sub(g[3])], [g[2], g[3]]];
            let dst = u.as_mut_ptr().add(t * np + o);
            for (i, [p, q]) in gg.iter().enumerate() {
                let out = [*p, p.add(*q), p.sub(*q), *q];
                for (j, val) in out.iter().enumerate() {
                    val.store_ptr(dst.add((i * 4 + j) * plane));
                }
            }
        }
        o += 4;
    }
}

/// m[c][o] += Σ_{t < count} v[t][c] · u[t][o] (v rows of c floats, u rows of np).
fn products(v: &[f32], u: &[f32], count: usize, c: usize, n: usize, np: usize, m: &mut [f32]) {
    assert!(count > 0 && (count - 1) * c + c <= v.len() && (count - 1) * np + np <= u.len() && c * n <= m.len());
    let mut o0 = 0;
    while o0 < n {
        let cols = NR.min(n - o0);
        let mut c0 = 0;
        while c0 < c {
            let mut acc = zero_tile::<MR>();
            // Safety: c0 + MR ≤ c (c is a multiple of 4 = MR) and o0 + NR ≤ np, within the
            // rows asserted above; the m tile is rows c0..c0+MR, columns o0..o0+cols.
            unsafe {
                outer_steps(&mut acc, v.as_ptr().add(c0), c, u.as_ptr().add(o0), np, count);
                store_tile(&acc, m.as_mut_ptr().add(c0 * n + o0), n, cols, true);
            }
            c0 += MR;
        }
        o0 += NR;
    }
}
