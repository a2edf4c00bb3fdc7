//! The filter gradient of conv2d, one image at a time, without im2col.
//!
//! dW[(fy, fx, c), o] = Σ over output pixels of x[tap pixel, c] · dz[pixel, o]. For one filter row
//! fy (and, with dilation 1, all fx at once) the (fx, c) values of consecutive output pixels are
//! runs of x at a fixed stride, so each MR×NR tile of dW is a sum of outer products read straight
//! from x (`outer_steps`), kept in registers over a chunk of output rows. The chunk's dz rows are
//! packed into NR-column panels first, so the tiles stream them contiguously. Padding is handled
//! by reading a zero-bordered copy of the image (`Frame`), so no tap is ever tested.

use crate::conv2d_frame::{round_up, Frame};
use crate::conv2d_grad_winograd::{applies as winograd_applies, WinogradFilterGrad};
use crate::conv_info::ConvInfo;
use crate::gemm_backprop::{outer_steps, store_tile, zero_tile, MR, NR};

/// Output pixels per chunk (the chunk's x and dz rows stay in L2 while every tile streams them).
const CHUNK_PIXELS: usize = 256;

/// Accumulates filter gradients image by image: Winograd for 3×3 stride-1 convolutions with
/// channels in 4s or 3 input channels (`conv2d_grad_winograd.rs`), the direct sum of outer
/// products otherwise.
pub(crate) enum FilterGrad {
    Direct(DirectFilterGrad),
    Winograd(WinogradFilterGrad),
}

impl FilterGrad {
    pub fn new(info: &ConvInfo) -> FilterGrad {
        if winograd_applies(info) {
            FilterGrad::Winograd(WinogradFilterGrad::new(info))
        } else {
            FilterGrad::Direct(DirectFilterGrad::new(info))
        }
    }

    /// Adds one image's gradient: `x` its input, `dz` its output gradient (outC floats per pixel).
    /// `dw` must be zeroed before the first image.
    pub fn add_image(&mut self, info: &ConvInfo, x: &[f32], dz: &[f32], dw: &mut [f32]) {
        match self {
            FilterGrad::Direct(g) => g.add_image(info, x, dz, info.out_c, dw),
            FilterGrad::Winograd(g) => g.add_image(info, x, dz),
        }
    }

    /// Completes dw after the last image.
    pub fn finish(&self, info: &ConvInfo, dw: &mut [f32]) {
        if let FilterGrad::Winograd(g) = self {
            g.finish(info.in_c, info.out_c, dw);
        }
    }
}

/// The direct filter gradient (any geometry).
pub(crate) struct DirectFilterGrad {
    frame: Frame,
    /// The framed image when the frame is not the image itself.
    buf: Vec<f32>,
    copy: bool,
    /// The chunk's dz in NR-column panels: panel j holds NR floats per pixel of the chunk.
    panels: Vec<f32>,
    chunk_rows: usize,
}

impl DirectFilterGrad {
    pub fn new(info: &ConvInfo) -> DirectFilterGrad {
        // The frame holds every tap: the top/left padding, and the rows/columns the last outputs reach.
        let reach_h = (info.out_h.max(1) - 1) * info.stride_h + (info.filter_h - 1) * info.dilation_h + 1;
        let reach_w = (info.out_w.max(1) - 1) * info.stride_w + (info.filter_w - 1) * info.dilation_w + 1;
        let frame = Frame {
            rows: reach_h.max(info.in_h + info.pad_top),
            cols: reach_w.max(info.in_w + info.pad_left),
            top: info.pad_top,
            left: info.pad_left,
            stride: info.in_c,
        };
        let copy = !frame.is_identity(info.in_h, info.in_w, info.in_c);
        let buf = if copy { vec![0.0f32; frame.len()] } else { Vec::new() };
        let chunk_rows = (CHUNK_PIXELS / info.out_w.max(1)).max(1);
        let panels = vec![0.0f32; chunk_rows * info.out_w * round_up(info.out_c, NR)];
        DirectFilterGrad { frame, buf, copy, panels, chunk_rows }
    }

    /// dw += the gradient of one image: `x` its input, `dz` its output gradient with `ldz` floats
    /// per pixel (the first outC of them used).
    pub fn add_image(&mut self, info: &ConvInfo, x: &[f32], dz: &[f32], ldz: usize, dw: &mut [f32]) {
        if info.out_h == 0 || info.out_w == 0 || info.out_c == 0 || info.in_c == 0 {
            return;
        }
        let xp: &[f32] = if self.copy {
            self.frame.fill(&mut self.buf, x, info.in_h, info.in_w, info.in_c, info.in_c);
            &self.buf
        } else {
            x
        };
        let (n, ow) = (info.out_c, info.out_w);
        let mut oy0 = 0;
        while oy0 < info.out_h {
            let oy1 = (oy0 + self.chunk_rows).min(info.out_h);
            let pixels = (oy1 - oy0) * ow;
            pack_panels(&dz[oy0 * ow * ldz..], ldz, n, pixels, &mut self.panels);
            let rows = Rows { xp, panels: &self.panels[..round_up(n, NR) * pixels], oy0, oy1 };
            chunk(info, &self.frame, &rows, dw);
            oy0 = oy1;
        }
    }
}

/// out[j·pixels·NR + p·NR + l] = dz[p·ldz + j·NR + l] (zero past n).
fn pack_panels(dz: &[f32], ldz: usize, n: usize, pixels: usize, out: &mut [f32]) {
    let panels = (n + NR - 1) / NR;
    for j in 0..panels {
        let cols = NR.min(n - j * NR);
        let dst = &mut out[j * pixels * NR..(j + 1) * pixels * NR];
        for p in 0..pixels {
            let s = p * ldz + j * NR;
            dst[p * NR..p * NR + cols].copy_from_slice(&dz[s..s + cols]);
            dst[p * NR + cols..(p + 1) * NR].iter_mut().for_each(|v| *v = 0.0);
        }
    }
}

/// Output rows oy0..oy1 of one image: the framed x and the rows' dz in panels.
struct Rows<'a> {
    xp: &'a [f32],
    panels: &'a [f32],
    oy0: usize,
    oy1: usize,
}

/// Adds the gradient of one chunk of rows into dw, tile by tile.
fn chunk(info: &ConvInfo, frame: &Frame, rows: &Rows, dw: &mut [f32]) {
    let (c, fw) = (info.in_c, info.filter_w);
    // With dilation 1 the taps fx = 0..fw of a pixel are one run of fw·c floats in x.
    let (runs, run_len) = if info.dilation_w == 1 { (1, fw * c) } else { (fw, c) };
    for fy in 0..info.filter_h {
        for run in 0..runs {
            let k0 = (fy * fw + run) * c;
            let a0 = fy * info.dilation_h * frame.cols * c + run * info.dilation_w * c;
            let mut j = 0;
            while j < run_len {
                let r = MR.min(run_len - j);
                let (a, k) = (a0 + j, k0 + j);
                match r {
                    4 => tile::<4>(info, frame, rows, a, k, dw),
                    3 => tile::<3>(info, frame, rows, a, k, dw),
                    2 => tile::<2>(info, frame, rows, a, k, dw),
                    _ => tile::<1>(info, frame, rows, a, k, dw),
                }
                j += r;
            }
        }
    }
}

/// dw rows k..k+R (whose x values for output pixel (0, 0) start at frame offset `a`), every
/// column block, summed over the chunk's pixels.
#[inline(always)]
fn tile<const R: usize>(info: &ConvInfo, frame: &Frame, rows: &Rows, a: usize, k: usize, dw: &mut [f32]) {
    let (c, n, ow) = (info.in_c, info.out_c, info.out_w);
    let (step_a, row_a) = (info.stride_w * c, info.stride_h * frame.cols * c);
    let pixels = (rows.oy1 - rows.oy0) * ow;
    assert!((rows.oy1 - 1) * row_a + a + (ow - 1) * step_a + R <= rows.xp.len());
    assert!(round_up(n, NR) * pixels <= rows.panels.len() && (k + R) * n <= dw.len());
    let mut o0 = 0;
    while o0 < n {
        let mut acc = zero_tile::<R>();
        let panel = o0 * pixels;
        for oy in rows.oy0..rows.oy1 {
            // Safety: bounded by the asserts above (the last pixel's run ends inside the frame;
            // the panel holds NR floats for each of the chunk's pixels).
            unsafe {
                let pa = rows.xp.as_ptr().add(oy * row_a + a);
                let pb = rows.panels.as_ptr().add(panel + (oy - rows.oy0) * ow * NR);
                outer_steps(&mut acc, pa, step_a, pb, NR, ow);
            }
        }
        // Safety: rows k..k+R, columns o0..o0+cols of dw are in bounds (assert above).
        unsafe { store_tile(&acc, dw.as_mut_ptr().add(k * n + o0), n, NR.min(n - o0), true) };
        o0 += NR;
    }
}
