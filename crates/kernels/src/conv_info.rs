//! Convolution / pooling geometry as passed from TypeScript: 15 u32 fields in the order of the
//! `Conv2DInfo` interface (see `packages/kernels/src/kernels/conv-info.ts`).

use crate::memory::slice;

#[derive(Clone, Copy)]
pub(crate) struct ConvInfo {
    pub batch: usize,
    pub in_h: usize,
    pub in_w: usize,
    pub in_c: usize,
    pub filter_h: usize,
    pub filter_w: usize,
    pub out_c: usize,
    pub stride_h: usize,
    pub stride_w: usize,
    pub dilation_h: usize,
    pub dilation_w: usize,
    pub pad_top: usize,
    pub pad_left: usize,
    pub out_h: usize,
    pub out_w: usize,
}

impl ConvInfo {
    pub fn read(ptr: *const u32) -> ConvInfo {
        let f = slice(ptr, 15);
        let g = |i: usize| f[i] as usize;
        ConvInfo {
            batch: g(0),
            in_h: g(1),
            in_w: g(2),
            in_c: g(3),
            filter_h: g(4),
            filter_w: g(5),
            out_c: g(6),
            stride_h: g(7),
            stride_w: g(8),
            dilation_h: g(9),
            dilation_w: g(10),
            pad_top: g(11),
            pad_left: g(12),
            out_h: g(13),
            out_w: g(14),
        }
    }

    /// Input row of filter row `fy` for output row `oy`, or None when it falls in the padding.
    #[inline(always)]
    pub fn in_row(&self, oy: usize, fy: usize) -> Option<usize> {
        let y = (oy * self.stride_h + fy * self.dilation_h).wrapping_sub(self.pad_top);
        if y < self.in_h { Some(y) } else { None }
    }

    /// Input column of filter column `fx` for output column `ox`, or None in the padding.
    #[inline(always)]
    pub fn in_col(&self, ox: usize, fx: usize) -> Option<usize> {
        let x = (ox * self.stride_w + fx * self.dilation_w).wrapping_sub(self.pad_left);
        if x < self.in_w { Some(x) } else { None }
    }

    pub fn x_len(&self) -> usize {
        self.batch * self.in_h * self.in_w * self.in_c
    }

    pub fn pixels(&self) -> usize {
        self.batch * self.out_h * self.out_w
    }

    /// A 3×3 window with stride 1 and no dilation: the shape the Winograd paths transform.
    pub fn is_3x3_unit_stride(&self) -> bool {
        self.filter_h == 3 && self.filter_w == 3 && self.stride_h == 1 && self.stride_w == 1 && self.dilation_h == 1 && self.dilation_w == 1
    }
}

#[cfg(test)]
impl ConvInfo {
    /// Test geometry: `fs`×`fs` filter, stride `s` both ways, no dilation, `pad` rows and columns
    /// of zeros on every side (output sizes as a convolution over the padded input gives them).
    #[allow(clippy::too_many_arguments)]
    pub fn square(batch: usize, h: usize, w: usize, ci: usize, fs: usize, co: usize, s: usize, pad: usize) -> ConvInfo {
        let out = |n: usize| (n + 2 * pad - fs) / s + 1;
        ConvInfo {
            batch, in_h: h, in_w: w, in_c: ci, filter_h: fs, filter_w: fs, out_c: co,
            stride_h: s, stride_w: s, dilation_h: 1, dilation_w: 1, pad_top: pad, pad_left: pad,
            out_h: out(h), out_w: out(w),
        }
    }

    /// The 2×2 stride-2 max pooling over this convolution's output (the fused conv+pool kernels' second half).
    pub fn pool2x2(&self) -> ConvInfo {
        ConvInfo {
            in_h: self.out_h, in_w: self.out_w, in_c: self.out_c, filter_h: 2, filter_w: 2, stride_h: 2, stride_w: 2,
            dilation_h: 1, dilation_w: 1, pad_top: 0, pad_left: 0, out_h: self.out_h / 2, out_w: self.out_w / 2, ..*self
        }
    }

    /// The 15 fields in the order `read` takes them, for calling the raw exports in tests.
    pub fn fields(&self) -> [u32; 15] {
        [self.batch, self.in_h, self.in_w, self.in_c, self.filter_h, self.filter_w, self.out_c, self.stride_h, self.stride_w, self.dilation_h, self.dilation_w, self.pad_top, self.pad_left, self.out_h, self.out_w].map(|v| v as u32)
    }
}
