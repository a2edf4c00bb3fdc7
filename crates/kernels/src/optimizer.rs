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
    let h = Adam { lr, beta1, beta2, epsilon, c1, c2, decay: if weight_decay > 0.0 { Some(1.0 - lr * weight_decay) } else { None } };
    let n4 = adam_simd(&h, param, grad, m, v);
    for i in n4..n {
        let g = grad[i];
        m[i] = h.beta1 * m[i] + (1.0 - h.beta1) * g;
        v[i] = h.beta2 * v[i] + (1.0 - h.beta2) * g * g;
        let p = match h.decay {
            Some(d) => param[i] * d,
            None => param[i],
        };
        param[i] = p - h.lr * (m[i] / h.c1) / ((v[i] / h.c2).sqrt() + h.epsilon);
    }
}

struct Adam {
    lr: f32,
    beta1: f32,
    beta2: f32,
    epsilon: f32,
    c1: f32,
    c2: f32,
    decay: Option<f32>,
}

/// The Adam step on the first n & !3 elements, four lanes at a time with the scalar loop's exact
/// operations and order (IEEE sqrt and division are correctly rounded, so results are identical).
/// Returns how many elements it did.
#[cfg(target_arch = "wasm32")]
fn adam_simd(h: &Adam, param: &mut [f32], grad: &[f32], m: &mut [f32], v: &mut [f32]) -> usize {
    use core::arch::wasm32::*;
    let n4 = param.len() & !3;
    assert!(grad.len() >= n4 && m.len() >= n4 && v.len() >= n4);
    let s = f32x4_splat;
    let (b1, b1c, b2, b2c) = (s(h.beta1), s(1.0 - h.beta1), s(h.beta2), s(1.0 - h.beta2));
    let (lr, eps, c1, c2) = (s(h.lr), s(h.epsilon), s(h.c1), s(h.c2));
    let mut i = 0;
    while i < n4 {
        // Safety: i + 4 ≤ n4 ≤ every slice's length (assert above).
        unsafe {
            let (pp, pg, pm, pv) = (param.as_mut_ptr().add(i) as *mut v128, grad.as_ptr().add(i) as *const v128, m.as_mut_ptr().add(i) as *mut v128, v.as_mut_ptr().add(i) as *mut v128);
            let g = v128_load(pg);
            let mi = f32x4_add(f32x4_mul(b1, v128_load(pm)), f32x4_mul(b1c, g));
            let vi = f32x4_add(f32x4_mul(b2, v128_load(pv)), f32x4_mul(f32x4_mul(b2c, g), g));
            v128_store(pm, mi);
            v128_store(pv, vi);
            let mut p = v128_load(pp);
            if let Some(d) = h.decay {
                p = f32x4_mul(p, s(d));
            }
            let step = f32x4_div(f32x4_mul(lr, f32x4_div(mi, c1)), f32x4_add(f32x4_sqrt(f32x4_div(vi, c2)), eps));
            v128_store(pp, f32x4_sub(p, step));
        }
        i += 4;
    }
    n4
}

#[cfg(not(target_arch = "wasm32"))]
fn adam_simd(_: &Adam, _: &mut [f32], _: &[f32], _: &mut [f32], _: &mut [f32]) -> usize {
    0
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
