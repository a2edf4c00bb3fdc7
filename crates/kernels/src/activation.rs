//! Element-wise activations and their gradients.

use crate::memory::{slice, slice_mut};
use crate::simd::F4;

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
    relu_mask(slice(y, n), slice(dy, n), slice_mut(dx, n));
}

/// dx[i] = dy[i] where y[i] > 0, else +0, over dx.len() elements. Branch-free (a bit mask), so
/// it vectorises and random signs cost no mispredictions: with a branch, half-negative inputs
/// made it several times slower.
pub(crate) fn relu_mask(y: &[f32], dy: &[f32], dx: &mut [f32]) {
    let n = dx.len();
    let (y, dy) = (&y[..n], &dy[..n]);
    for i in 0..n {
        let keep = ((y[i] > 0.0) as u32).wrapping_neg();
        dx[i] = f32::from_bits(dy[i].to_bits() & keep);
    }
}

/// out[i] = min(max(x[i], 0), 6): NaN stays NaN and -0 becomes +0 (as wasm's f32x4 max/min,
/// which the vector body uses; the scalar tail matches it).
#[no_mangle]
pub extern "C" fn relu6(x: *const f32, out: *mut f32, n: usize) {
    let (x, out) = (slice(x, n), slice_mut(out, n));
    let n4 = n & !3;
    let (zero, six) = (F4::zero(), F4::splat(6.0));
    let mut i = 0;
    while i < n4 {
        F4::load(x, i).max(zero).min(six).store(out, i);
        i += 4;
    }
    for i in n4..n {
        let v = x[i];
        out[i] = if v > 6.0 { 6.0 } else if v > 0.0 || v.is_nan() { v } else { 0.0 };
    }
}

/// dx[i] = dy[i] where 0 < x[i] <= 6, else +0 (x is relu6's INPUT: from the output alone an x of
/// exactly 6, gradient 1 as TF.js' Relu6, could not be told from x > 6, gradient 0).
#[no_mangle]
pub extern "C" fn relu6_backward(x: *const f32, dy: *const f32, dx: *mut f32, n: usize) {
    let (x, dy, dx) = (slice(x, n), slice(dy, n), slice_mut(dx, n));
    for i in 0..n {
        // Branch-free like relu_mask, so it vectorises.
        let keep = (((x[i] > 0.0) & (x[i] <= 6.0)) as u32).wrapping_neg();
        dx[i] = f32::from_bits(dy[i].to_bits() & keep);
    }
}

/// out[i] = 1 / (1 + e^-x[i])
#[no_mangle]
pub extern "C" fn sigmoid(x: *const f32, out: *mut f32, n: usize) {
    unsafe { sigmoid_raw(x, out, n) }
}

/// dx[i] = dy[i]·y[i]·(1 - y[i]) (y is sigmoid's output).
#[no_mangle]
pub extern "C" fn sigmoid_backward(y: *const f32, dy: *const f32, dx: *mut f32, n: usize) {
    let (y, dy, dx) = (slice(y, n), slice(dy, n), slice_mut(dx, n));
    for i in 0..n {
        dx[i] = dy[i] * y[i] * (1.0 - y[i]);
    }
}

/// out[i] = tanh(x[i]). The unmangled symbol `tanh` is libm's `double tanh(double)` on native
/// targets, so it is exported only on wasm32 (where nothing here calls libm's tanh).
#[cfg_attr(target_arch = "wasm32", no_mangle)]
pub extern "C" fn tanh(x: *const f32, out: *mut f32, n: usize) {
    unsafe { tanh_raw(x, out, n) }
}

/// dx[i] = dy[i]·(1 - y[i]²) (y is tanh's output).
#[no_mangle]
pub extern "C" fn tanh_backward(y: *const f32, dy: *const f32, dx: *mut f32, n: usize) {
    let (y, dy, dx) = (slice(y, n), slice(dy, n), slice_mut(dx, n));
    for i in 0..n {
        dx[i] = dy[i] * (1.0 - y[i] * y[i]);
    }
}

// ---- vectorised sigmoid / tanh, shared with the LSTM ------------------------------------------
//
// wasm has no vector exp, so e^x is computed here: x = n·ln2 + r with |r| ≤ ln2/2 (Cody-Waite
// split of ln2 so n·LN2_HI is exact), e^r by its degree-7 Taylor polynomial (error < 1e-8
// relative), and 2^n built in the exponent bits. Inputs are clamped to [-87, 88] so 2^n stays a
// normal float; NaN propagates. tanh uses (1 - e^-2|x|) / (1 + e^-2|x|) except near 0, where that
// cancels badly and its Taylor series (to x^9, error < 3e-9 for |x| < 0.25) is used instead.
// The scalar twins below follow the same steps, so every lane and tail gives the same result.

const LOG2E: f32 = 1.442_695_f32;
const LN2_HI: f32 = 0.693_359_375;
const LN2_LO: f32 = -2.121_944_4e-4;
const EXP_MIN: f32 = -87.0;
const EXP_MAX: f32 = 88.0;
const TANH_SMALL: f32 = 0.25;
// 1/7!, 1/6!, ..., 1/2!, 1, 1
const EXP_POLY: [f32; 8] = [1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0];
// tanh x = x(1 + s(-1/3 + s(2/15 + s(-17/315 + s·62/2835)))), s = x²
const TANH_POLY: [f32; 5] = [62.0 / 2835.0, -17.0 / 315.0, 2.0 / 15.0, -1.0 / 3.0, 1.0];

fn exp1(x: f32) -> f32 {
    let x = if x < EXP_MIN { EXP_MIN } else if x > EXP_MAX { EXP_MAX } else { x };
    let n = (x * LOG2E).round();
    let r = x - n * LN2_HI - n * LN2_LO;
    let mut p = EXP_POLY[0];
    for c in &EXP_POLY[1..] {
        p = p * r + c;
    }
    p * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

fn sigmoid1(x: f32) -> f32 {
    1.0 / (1.0 + exp1(-x))
}

fn tanh1(x: f32) -> f32 {
    let a = x.abs();
    let t = if a < TANH_SMALL {
        let s = a * a;
        let mut p = TANH_POLY[0];
        for c in &TANH_POLY[1..] {
            p = p * s + c;
        }
        a * p
    } else {
        let e = exp1(-2.0 * a);
        (1.0 - e) / (1.0 + e)
    };
    if x.is_nan() {
        x
    } else {
        t.copysign(x)
    }
}

#[cfg(target_arch = "wasm32")]
mod lanes {
    use super::*;
    use core::arch::wasm32::*;

    #[inline(always)]
    fn poly(x: v128, coeffs: &[f32]) -> v128 {
        let mut p = f32x4_splat(coeffs[0]);
        for c in &coeffs[1..] {
            p = f32x4_add(f32x4_mul(p, x), f32x4_splat(*c));
        }
        p
    }

    #[inline(always)]
    pub fn exp4(x: v128) -> v128 {
        let x = f32x4_max(f32x4_min(x, f32x4_splat(EXP_MAX)), f32x4_splat(EXP_MIN));
        let n = f32x4_nearest(f32x4_mul(x, f32x4_splat(LOG2E)));
        let r = f32x4_sub(f32x4_sub(x, f32x4_mul(n, f32x4_splat(LN2_HI))), f32x4_mul(n, f32x4_splat(LN2_LO)));
        let scale = i32x4_shl(i32x4_add(i32x4_trunc_sat_f32x4(n), i32x4_splat(127)), 23);
        f32x4_mul(poly(r, &EXP_POLY), scale)
    }

    #[inline(always)]
    pub fn sigmoid4(x: v128) -> v128 {
        let one = f32x4_splat(1.0);
        f32x4_div(one, f32x4_add(one, exp4(f32x4_neg(x))))
    }

    #[inline(always)]
    pub fn tanh4(x: v128) -> v128 {
        let sign = f32x4_splat(-0.0);
        let a = f32x4_abs(x);
        let e = exp4(f32x4_mul(a, f32x4_splat(-2.0)));
        let one = f32x4_splat(1.0);
        let big = f32x4_div(f32x4_sub(one, e), f32x4_add(one, e));
        let small = f32x4_mul(a, poly(f32x4_mul(a, a), &TANH_POLY));
        let t = v128_bitselect(small, big, f32x4_lt(a, f32x4_splat(TANH_SMALL)));
        // NaN: a is NaN, the compare is false and `big` is NaN, so NaN comes out.
        v128_or(t, v128_and(x, sign))
    }
}

/// out[i] = f(x[i]); `x` and `out` may be the same buffer (used in place by the LSTM).
#[inline(always)]
unsafe fn map_raw(
    x: *const f32,
    out: *mut f32,
    n: usize,
    #[cfg(target_arch = "wasm32")] f4: fn(core::arch::wasm32::v128) -> core::arch::wasm32::v128,
    #[cfg(not(target_arch = "wasm32"))] _f4: fn(f32) -> f32,
    f1: fn(f32) -> f32,
) {
    let mut i = 0;
    #[cfg(target_arch = "wasm32")]
    {
        use core::arch::wasm32::*;
        while i + 4 <= n {
            v128_store(out.add(i) as *mut v128, f4(v128_load(x.add(i) as *const v128)));
            i += 4;
        }
    }
    while i < n {
        *out.add(i) = f1(*x.add(i));
        i += 1;
    }
}

/// e^x of `n` floats at `x` into `out` (may alias `x`); relative error < 5e-7.
/// # Safety
/// `x` and `out` must be valid for `n` floats.
pub(crate) unsafe fn exp_raw(x: *const f32, out: *mut f32, n: usize) {
    #[cfg(target_arch = "wasm32")]
    map_raw(x, out, n, lanes::exp4, exp1);
    #[cfg(not(target_arch = "wasm32"))]
    map_raw(x, out, n, exp1, exp1);
}

/// Sigmoid of `n` floats at `x` into `out` (may alias `x`).
/// # Safety
/// `x` and `out` must be valid for `n` floats.
pub(crate) unsafe fn sigmoid_raw(x: *const f32, out: *mut f32, n: usize) {
    #[cfg(target_arch = "wasm32")]
    map_raw(x, out, n, lanes::sigmoid4, sigmoid1);
    #[cfg(not(target_arch = "wasm32"))]
    map_raw(x, out, n, sigmoid1, sigmoid1);
}

/// tanh of `n` floats at `x` into `out` (may alias `x`).
/// # Safety
/// `x` and `out` must be valid for `n` floats.
pub(crate) unsafe fn tanh_raw(x: *const f32, out: *mut f32, n: usize) {
    #[cfg(target_arch = "wasm32")]
    map_raw(x, out, n, lanes::tanh4, tanh1);
    #[cfg(not(target_arch = "wasm32"))]
    map_raw(x, out, n, tanh1, tanh1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_exp_sigmoid_tanh_are_accurate() {
        let mut x = -30.0f32;
        while x < 30.0 {
            let want = (x as f64).exp();
            if x > -80.0 {
                assert!(((exp1(x) as f64 - want) / want).abs() < 5e-7, "exp {}", x);
            }
            let s = 1.0 / (1.0 + (-(x as f64)).exp());
            assert!((sigmoid1(x) as f64 - s).abs() < 1e-7 + 5e-7 * s, "sigmoid {}", x);
            let t = (x as f64).tanh();
            assert!((tanh1(x) as f64 - t).abs() < 1e-9 + 5e-7 * t.abs(), "tanh {}", x);
            x += 0.0137;
        }
        assert_eq!(tanh1(0.0), 0.0);
        assert!(tanh1(f32::NAN).is_nan() && sigmoid1(f32::NAN).is_nan());
        assert_eq!(sigmoid1(-100.0) < 1e-37, true);
        assert_eq!(tanh1(-50.0), -1.0);
    }
}
