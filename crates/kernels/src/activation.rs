//! Element-wise activations and their gradients.

use crate::memory::{slice, slice_mut};

/// out[i] = max(x[i], 0)
#[no_mangle]
pub extern "C" fn relu(x: *const f32, out: *mut f32, n: usize) {
    let (x, out) = (slice(x, n), slice_mut(out, n));
    for i in 0..n {
        out[i] = if x[i] > 0.0 { x[i] } else { 0.0 };
    }
}

/// dx[i] = dy[i] where y[i] > 0, else 0 (y is relu's output).
#[no_mangle]
pub extern "C" fn relu_backward(y: *const f32, dy: *const f32, dx: *mut f32, n: usize) {
    let (y, dy, dx) = (slice(y, n), slice(dy, n), slice_mut(dx, n));
    for i in 0..n {
        dx[i] = if y[i] > 0.0 { dy[i] } else { 0.0 };
    }
}
