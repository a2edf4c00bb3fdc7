//! The input gradient of conv2d.
//!
//! 3×3 stride 1 with channels in 4s: Winograd (`conv2d_grad_input_winograd.rs`).
//!
//! Other stride-1 convolutions (at least NR input channels): dx is the convolution of dz, padded
//! by the filter's reach minus the forward padding, with the filter flipped in space and
//! transposed to [fh, fw, outC, inC]. That is a forward convolution, so it runs through the
//! forward kernel (`conv2d`) and gets every speed-up made there.
//!
//! Larger strides (or fewer channels, where the forward kernel's NR-column panels would be mostly
//! padding): col = dz · Wᵀ for a chunk of pixels with the register-tiled micro-kernel, then each
//! col row is added back onto the input pixels its patch came from (col2im).

use crate::conv2d_grad_input_winograd::{applies as winograd_applies, WinogradInputGrad};
use crate::conv_info::ConvInfo;
use crate::gemm_backprop::{rows_steps, store_tile, zero_tile, MR, NR};
use crate::simd::add_assign;

/// Floats of col per chunk in the strided path (about 256 KB).
const COL_FLOATS: usize = 64 * 1024;

/// The rearranged filter and working buffers for the input gradient of one convolution.
pub(crate) enum InputGrad {
    Winograd(WinogradInputGrad),
    /// dx = conv2d(dz, flipped filter) under `info` (fields in ConvInfo order, batch set per call).
    Transposed { filter: Vec<f32>, info: [u32; 15] },
    /// Wᵀ in NR-column panels of n rows each, and the col buffer.
    Strided { packed: Vec<f32>, panels: usize, col: Vec<f32> },
}

impl InputGrad {
    pub fn new(info: &ConvInfo, w: &[f32]) -> InputGrad {
        let (c, n, fh, fw) = (info.in_c, info.out_c, info.filter_h, info.filter_w);
        let taps = fh * fw;
        if winograd_applies(info) {
            return InputGrad::Winograd(WinogradInputGrad::new(info, w));
        }
        if info.stride_h == 1 && info.stride_w == 1 && c >= NR {
            // W'[fy', fx', o, ci] = W[fh-1-fy', fw-1-fx', ci, o]
            let mut filter = vec![0.0f32; taps * n * c];
            for tap in 0..taps {
                let flipped = taps - 1 - tap;
                for ci in 0..c {
                    for o in 0..n {
                        filter[(flipped * n + o) * c + ci] = w[(tap * c + ci) * n + o];
                    }
                }
            }
            let reach = |f: usize, d: usize, pad: usize| ((f - 1) * d - pad) as u32;
            let info = [
                0, info.out_h as u32, info.out_w as u32, n as u32, fh as u32, fw as u32, c as u32, 1, 1, info.dilation_h as u32, info.dilation_w as u32,
                reach(fh, info.dilation_h, info.pad_top), reach(fw, info.dilation_w, info.pad_left), info.in_h as u32, info.in_w as u32,
            ];
            return InputGrad::Transposed { filter, info };
        }
        let k = taps * c;
        let panels = (k + NR - 1) / NR;
        let mut packed = vec![0.0f32; panels * n * NR];
        for j in 0..k {
            let dst = (j / NR) * n * NR + j % NR;
            for o in 0..n {
                packed[dst + o * NR] = w[j * n + o];
            }
        }
        InputGrad::Strided { packed, panels, col: vec![0.0f32; COL_FLOATS.max(k)] }
    }

    /// True when `images` works image by image anyway (so calling it per image costs nothing
    /// extra); the transposed path runs one forward convolution over the whole batch instead.
    pub fn per_image(&self) -> bool {
        !matches!(self, InputGrad::Transposed { .. })
    }

    /// Overwrites `dx` (`batch` images) with the input gradient for `dz` (their output gradients).
    pub fn images(&mut self, info: &ConvInfo, batch: usize, dz: &[f32], dx: &mut [f32]) {
        let x_img = info.in_h * info.in_w * info.in_c;
        let dz_img = info.out_h * info.out_w * info.out_c;
        assert!(dz.len() >= batch * dz_img && dx.len() >= batch * x_img);
        match self {
            InputGrad::Winograd(g) => {
                for b in 0..batch {
                    g.image(info, &dz[b * dz_img..(b + 1) * dz_img], &mut dx[b * x_img..(b + 1) * x_img]);
                }
            }
            InputGrad::Transposed { filter, info: geometry } => {
                geometry[0] = batch as u32;
                // The forward kernel reads batch·dz_img floats of dz and the whole filter, and
                // writes batch·x_img floats of dx (asserted above).
                crate::conv2d::conv2d(dz.as_ptr(), filter.as_ptr(), std::ptr::null(), dx.as_mut_ptr(), geometry.as_ptr(), 0);
            }
            InputGrad::Strided { packed, panels, col } => {
                for b in 0..batch {
                    strided_image(info, packed, *panels, col, &dz[b * dz_img..(b + 1) * dz_img], &mut dx[b * x_img..(b + 1) * x_img]);
                }
            }
        }
    }
}

/// One image's input gradient by col2im.
fn strided_image(info: &ConvInfo, packed: &[f32], panels: usize, col: &mut [f32], dz: &[f32], dx: &mut [f32]) {
    dx.iter_mut().for_each(|v| *v = 0.0);
    let (c, n) = (info.in_c, info.out_c);
    let k = info.filter_h * info.filter_w * c;
    let pixels = info.out_h * info.out_w;
    let step = (col.len() / k).max(1);
    let mut q0 = 0;
    while q0 < pixels {
        let rows = step.min(pixels - q0);
        col_rows(packed, panels, &dz[q0 * n..(q0 + rows) * n], rows, k, n, col);
        for r in 0..rows {
            let (oy, ox) = ((q0 + r) / info.out_w, (q0 + r) % info.out_w);
            for fy in 0..info.filter_h {
                let iy = match info.in_row(oy, fy) {
                    Some(v) => v,
                    None => continue,
                };
                for fx in 0..info.filter_w {
                    if let Some(ix) = info.in_col(ox, fx) {
                        let d = (iy * info.in_w + ix) * c;
                        let s = r * k + (fy * info.filter_w + fx) * c;
                        add_assign(&mut dx[d..d + c], &col[s..s + c]);
                    }
                }
            }
        }
        q0 += rows;
    }
}

/// col[r·k ..] = dz[r] · Wᵀ for r < rows.
fn col_rows(packed: &[f32], panels: usize, dz: &[f32], rows: usize, k: usize, n: usize, col: &mut [f32]) {
    assert!(dz.len() >= rows * n && col.len() >= rows * k && packed.len() >= panels * n * NR);
    let mut i = 0;
    while i < rows {
        let r = MR.min(rows - i);
        for pn in 0..panels {
            let cols = NR.min(k - pn * NR);
            // Safety: dz rows i..i+r hold n floats each, the panel n rows of NR, and col rows
            // i..i+r, columns pn·NR..+cols are inside col (asserts above).
            unsafe {
                let a = dz.as_ptr().add(i * n);
                let bp = packed.as_ptr().add(pn * n * NR);
                let c = col.as_mut_ptr().add(i * k + pn * NR);
                match r {
                    4 => col_tile::<4>(a, n, bp, c, k, cols),
                    3 => col_tile::<3>(a, n, bp, c, k, cols),
                    2 => col_tile::<2>(a, n, bp, c, k, cols),
                    _ => col_tile::<1>(a, n, bp, c, k, cols),
                }
            }
        }
        i += r;
    }
}

/// One R×NR tile of col: R dz rows of n floats (contiguous) times an n×NR panel of Wᵀ.
/// # Safety
/// As for `rows_steps` and `store_tile`.
#[inline(always)]
unsafe fn col_tile<const R: usize>(a: *const f32, n: usize, bp: *const f32, c: *mut f32, ldc: usize, cols: usize) {
    let mut acc = zero_tile::<R>();
    rows_steps(&mut acc, a, n, bp, n);
    store_tile(&acc, c, ldc, cols, false);
}
