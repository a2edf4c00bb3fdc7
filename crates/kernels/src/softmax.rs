//! Row-wise softmax over [rows, cols] and its gradient.

use crate::activation::exp_raw;
use crate::memory::{slice, slice_mut};
use crate::simd::{dot, sum};

/// out[r,:] = e^(x[r,:] - max) / Σ e^(x[r,:] - max)
#[no_mangle]
pub extern "C" fn softmax(x: *const f32, out: *mut f32, rows: usize, cols: usize) {
    let (x, out) = (slice(x, rows * cols), slice_mut(out, rows * cols));
    for r in 0..rows {
        let (xr, or) = (&x[r * cols..(r + 1) * cols], &mut out[r * cols..(r + 1) * cols]);
        let max = xr.iter().fold(f32::NEG_INFINITY, |m, &v| if v > m { v } else { m });
        for j in 0..cols {
            or[j] = xr[j] - max;
        }
        unsafe { exp_raw(or.as_ptr(), or.as_mut_ptr(), cols) };
        let inv = 1.0 / sum(or);
        for v in or.iter_mut() {
            *v *= inv;
        }
    }
}

/// dx[r,:] = y[r,:]·(dy[r,:] - Σ dy[r,:]·y[r,:]) (y is softmax's output).
#[no_mangle]
pub extern "C" fn softmax_backward(y: *const f32, dy: *const f32, dx: *mut f32, rows: usize, cols: usize) {
    let n = rows * cols;
    let (y, dy, dx) = (slice(y, n), slice(dy, n), slice_mut(dx, n));
    for r in 0..rows {
        let range = r * cols..(r + 1) * cols;
        let d = dot(&dy[range.clone()], &y[range.clone()]);
        for i in range {
            dx[i] = y[i] * (dy[i] - d);
        }
    }
}
