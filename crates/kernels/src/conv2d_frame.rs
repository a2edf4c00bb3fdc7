//! A zero-bordered copy of one NHWC image, so the conv backprops can read every filter tap without
//! testing whether it falls in the padding.

/// An image of h × w pixels copied into a `rows × cols` frame of zeros with its pixel (y, x) at
/// (y + top, x + left) and `stride` floats per pixel (channels past the image's are zero).
pub(crate) struct Frame {
    pub rows: usize,
    pub cols: usize,
    pub top: usize,
    pub left: usize,
    pub stride: usize,
}

impl Frame {
    /// True when the frame is the image itself, so there is nothing to copy.
    pub fn is_identity(&self, h: usize, w: usize, ch: usize) -> bool {
        self.top == 0 && self.left == 0 && self.rows == h && self.cols == w && self.stride == ch
    }

    pub fn len(&self) -> usize {
        self.rows * self.cols * self.stride
    }

    /// Copies the first `ch` channels of every pixel of `img` (h × w pixels, `src_stride` floats
    /// each) into `buf`. The border and the padding channels are never written, so a buffer
    /// zeroed once serves every image.
    pub fn fill(&self, buf: &mut [f32], img: &[f32], h: usize, w: usize, ch: usize, src_stride: usize) {
        assert!(ch <= self.stride && ch <= src_stride && buf.len() >= self.len() && img.len() >= h * w * src_stride);
        assert!(h + self.top <= self.rows && w + self.left <= self.cols);
        if ch == self.stride && ch == src_stride {
            // Whole rows are contiguous on both sides.
            for y in 0..h {
                let d = ((y + self.top) * self.cols + self.left) * ch;
                buf[d..d + w * ch].copy_from_slice(&img[y * w * ch..(y + 1) * w * ch]);
            }
            return;
        }
        for y in 0..h {
            for x in 0..w {
                let d = ((y + self.top) * self.cols + x + self.left) * self.stride;
                let s = (y * w + x) * src_stride;
                // Element by element: a short copy_from_slice is a slow memcpy call in wasm.
                for k in 0..ch {
                    buf[d + k] = img[s + k];
                }
            }
        }
    }
}

pub(crate) fn round_up(x: usize, to: usize) -> usize {
    (x + to - 1) / to * to
}
