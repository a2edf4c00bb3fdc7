//! A dense layer on one sample (one row of x): y = act(x·W + b) streams W once, and skips the
//! rows of W whose x is zero once W is known to be finite.
//!
//! At batch 1 the seed CNN's 36992×512 kernel (75.8 MB) is read once per call and the product is
//! bound by memory bandwidth, not arithmetic. Its input comes out of ReLU and max pooling, so many
//! x[p] are exactly zero (44 % on the benchmark image with initial weights), and row p of W then
//! adds 0·W[p, j] = ±0 to every y[j]: it need not be read at all, unless W[p, j] is infinite or
//! NaN (0·∞ = NaN must reach y). Whether W is finite is learnt for free on a call that reads
//! every row: every non-finite W[p, j] makes y[j] non-finite, so an all-finite y proves W finite
//! (a non-finite y — overflow, a NaN input — only keeps the next call reading every row). The
//! caller keeps that fact in a `state` word tied to W's version (a derived buffer in resident.ts)
//! and resets it whenever W changes.
//!
//! A call that reads every row is `gemv_rows` itself: y += x[p]·W[p] for p = 0, 1, … in order. A
//! skipping call runs the same sum without the rows with x[p] = 0: each term left out is an exact
//! ±0 there, so y is the same up to the sign of a zero, on every call and as each row of a dense
//! call on two or three rows.

use crate::fused_activation::apply_activation;
use crate::gemm::Mat;
use crate::gemv::{axpy_row, gemv_rows};
use crate::memory::{slice, slice_mut};

/// The `state` word's value once W is known to be finite; anything else means unknown.
const FINITE: u32 = 1;

/// out = act(x·kernel + bias) for one row x [in_dim], kernel [in_dim, out_dim], bias [out_dim] or
/// null. `state` is null (read every row, learn nothing) or a word kept across calls with this
/// kernel; `reset` is nonzero when the kernel may have changed since the word was last written.
#[no_mangle]
pub extern "C" fn dense_row(x: *const f32, kernel: *const f32, bias: *const f32, out: *mut f32, in_dim: usize, out_dim: usize, act: u32, state: *mut u32, reset: u32) {
    let (x, w, out) = (slice(x, in_dim), slice(kernel, in_dim * out_dim), slice_mut(out, out_dim));
    let state = if state.is_null() { None } else { Some(&mut slice_mut(state, 1)[0]) };
    let known_finite = reset == 0 && state.as_ref().map_or(false, |s| **s == FINITE);
    row_times_matrix(x, w, out, known_finite);
    if let Some(s) = state {
        if !known_finite {
            *s = if out.iter().all(|v| v.is_finite()) { FINITE } else { 0 };
        }
    }
    if !bias.is_null() {
        crate::simd::add_assign(out, slice(bias, out_dim));
    }
    apply_activation(out, act);
}

/// y = x·W for W [x.len(), y.len()] row-major; with `skip_zeros` the rows with x[p] = 0 are not
/// read (exact for a finite W up to the sign of a zero, see the module comment).
pub(crate) fn row_times_matrix(x: &[f32], w: &[f32], y: &mut [f32], skip_zeros: bool) {
    let (k, n) = (x.len(), y.len());
    // Skipping pays only when most rows are skipped: a gap in the stream of W costs about as much
    // as the rows it skips (random zeros on the seed CNN's kernel: 3.7 ms at 60 % zeros, 1.9 ms
    // at 75 %, 2.3 ms reading every row).
    if !skip_zeros || 4 * x.iter().filter(|&&v| v == 0.0).count() < 3 * k {
        gemv_rows(1, n, k, Mat::new(x, k, 1, false), Mat::new(w, n, k, false), y, n, false);
        return;
    }
    assert!(w.len() >= k * n);
    y.iter_mut().for_each(|v| *v = 0.0);
    for (p, &a) in x.iter().enumerate() {
        if a != 0.0 {
            // Safety: row p of W is in bounds (asserted above).
            unsafe { axpy_row(a, w.as_ptr().add(p * n), y) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gemv(x: &[f32], w: &[f32], n: usize) -> Vec<f32> {
        let mut y = vec![f32::NAN; n];
        let (a, b) = (crate::gemm::Mat::new(x, x.len(), 1, false), crate::gemm::Mat::new(w, n, x.len(), false));
        crate::gemv::gemv_rows(1, n, x.len(), a, b, &mut y, n, false);
        y
    }

    fn naive(x: &[f32], w: &[f32], n: usize) -> Vec<f32> {
        (0..n).map(|j| x.iter().enumerate().map(|(p, &v)| (v as f64) * (w[p * n + j] as f64)).sum::<f64>() as f32).collect()
    }

    /// Values in [-0.5, 0.5), zero where `zero(i)`.
    fn data(len: usize, seed: u32, zero: impl Fn(usize) -> bool) -> Vec<f32> {
        let mut s = seed;
        (0..len)
            .map(|i| {
                s = s.wrapping_mul(1664525).wrapping_add(1013904223);
                if zero(i) { 0.0 } else { (s >> 8) as f32 / (1u32 << 24) as f32 - 0.5 }
            })
            .collect()
    }

    #[test]
    fn skipping_equals_reading_every_row_equals_gemv_rows_and_the_naive_product() {
        // Zero patterns: none, all, even rows, odd rows, a third, and (skipped: ≥ 3/4 zeros) four
        // in five, seven in nine.
        let patterns: [fn(usize) -> bool; 8] = [|_| false, |_| true, |i| i % 2 == 0, |i| i % 2 == 1, |i| i % 3 == 0, |i| (i * 7) % 5 < 2, |i| i % 5 != 2, |i| (i * 4) % 9 < 7];
        for &(k, n) in &[(1, 1), (3, 5), (17, 13), (40, 8), (101, 37)] {
            for (z, zero) in patterns.iter().enumerate() {
                let x = data(k, 1, zero);
                let w = data(k * n, 2, |_| false);
                let (mut all, mut skip) = (vec![f32::NAN; n], vec![f32::NAN; n]);
                row_times_matrix(&x, &w, &mut all, false);
                row_times_matrix(&x, &w, &mut skip, true);
                let same = gemv(&x, &w, n);
                for (j, want) in naive(&x, &w, n).iter().enumerate() {
                    assert_eq!(all[j].to_bits(), same[j].to_bits(), "k {} n {} pattern {} col {}", k, n, z, j);
                    assert_eq!(all[j].abs().to_bits(), skip[j].abs().to_bits(), "k {} n {} pattern {} col {}", k, n, z, j);
                    assert!((all[j] - want).abs() <= 1e-5 * (1.0 + want.abs()), "k {} n {} col {}: {} vs {}", k, n, j, all[j], want);
                }
            }
        }
    }

    #[test]
    fn a_non_finite_weight_on_a_zero_input_shows_when_every_row_is_read() {
        let (k, n) = (19, 6);
        let x = data(k, 3, |i| i % 5 != 1); // all but x[1], x[6], x[11], x[16] are zero: skipped
        let mut w = data(k * n, 4, |_| false);
        w[4 * n + 3] = f32::INFINITY; // row 4: x[4] = 0, so 0·∞ = NaN in column 3
        let mut out = vec![0.0; n];
        let mut state = FINITE;
        dense_row(x.as_ptr(), w.as_ptr(), core::ptr::null(), out.as_mut_ptr(), k, n, 0, &mut state, 1);
        assert!(out[3].is_nan());
        assert!(out.iter().enumerate().all(|(j, v)| j == 3 || v.is_finite()));
        assert_ne!(state, FINITE);
        // Skipping would not read row 4 at all (so the state must keep this call from skipping).
        let mut skipped = vec![0.0; n];
        row_times_matrix(&x, &w, &mut skipped, true);
        assert!(skipped.iter().all(|v| v.is_finite()));
        // Still unknown, so the next call reads every row again.
        dense_row(x.as_ptr(), w.as_ptr(), core::ptr::null(), out.as_mut_ptr(), k, n, 0, &mut state, 0);
        assert!(out[3].is_nan());
    }
}
