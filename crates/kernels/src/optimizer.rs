//! Optimizer steps, updating parameters and their state in place.

use crate::memory::slice_mut;

/// tfjs/Keras Adam with bias correction; weight_decay > 0 gives AdamW (p -= lr·wd·p first).
/// c1 = 1 - β1^t and c2 = 1 - β2^t are computed by the caller in f64.
#[no_mangle]
pub extern "C" fn adam_update(
    param: *mut f32, grad: *const f32, m: *mut f32, v: *mut f32, n: usize,
    lr: f32, beta1: f32, beta2: f32, epsilon: f32, c1: f32, c2: f32, weight_decay: f32,
) {
    let (param, m, v) = (slice_mut(param, n), slice_mut(m, n), slice_mut(v, n));
    let grad = crate::memory::slice(grad, n);
    let decay = 1.0 - lr * weight_decay;
    for i in 0..n {
        let g = grad[i];
        m[i] = beta1 * m[i] + (1.0 - beta1) * g;
        v[i] = beta2 * v[i] + (1.0 - beta2) * g * g;
        let p = if weight_decay > 0.0 { param[i] * decay } else { param[i] };
        param[i] = p - lr * (m[i] / c1) / ((v[i] / c2).sqrt() + epsilon);
    }
}

/// Keras SGD: v = momentum·v - lr·g; p += v (nesterov: p += momentum·v - lr·g).
#[no_mangle]
pub extern "C" fn sgd_update(param: *mut f32, grad: *const f32, velocity: *mut f32, n: usize, lr: f32, momentum: f32, nesterov: u32) {
    let (param, velocity) = (slice_mut(param, n), slice_mut(velocity, n));
    let grad = crate::memory::slice(grad, n);
    for i in 0..n {
        let v = momentum * velocity[i] - lr * grad[i];
        velocity[i] = v;
        param[i] += if nesterov != 0 { momentum * v - lr * grad[i] } else { v };
    }
}

/// tfjs/Keras RMSprop: ms = ρ·ms + (1-ρ)g²; mom = momentum·mom + lr·g/√(ms+ε); p -= mom.
#[no_mangle]
pub extern "C" fn rmsprop_update(
    param: *mut f32, grad: *const f32, mean_square: *mut f32, momentum_buf: *mut f32, n: usize,
    lr: f32, rho: f32, momentum: f32, epsilon: f32,
) {
    let (param, ms, mom) = (slice_mut(param, n), slice_mut(mean_square, n), slice_mut(momentum_buf, n));
    let grad = crate::memory::slice(grad, n);
    for i in 0..n {
        let g = grad[i];
        ms[i] = rho * ms[i] + (1.0 - rho) * g * g;
        mom[i] = momentum * mom[i] + lr * g / (ms[i] + epsilon).sqrt();
        param[i] -= mom[i];
    }
}
