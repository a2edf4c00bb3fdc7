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
//! A call that reads every row is `gemv_rows` itself. A skipping call sums the same groups of
//! `GEMV_ROWS` consecutive rows in the same order (y += s0 + s1, s0 over the even rows of the
//! group, s1 over the odd ones) but leaves the rows with x[p] = 0 out of s0 and s1: each term left
//! out is an exact ±0 there, so y is the same up to the sign of a zero, on every call and as each
//! row of a dense call on two or three rows. A loop per count of rows left in (`axpy_live`) keeps
//! the work proportional to them. (Gathering only the nonzero rows into full groups of 8 measured
//! a few per cent faster still, but it reorders the sums, and its bookkeeping made the calls that
//! read every row ~20 % slower than `gemv_rows`.)

use crate::fused_activation::apply_activation;
use crate::gemm::Mat;
use crate::gemv::{gemv_rows, GEMV_ROWS as R};
use crate::memory::{slice, slice_mut};
use crate::simd::F4;

/// The `state` word's value once W is known to be finite; anything else means unknown.
const FINITE: u32 = 1;

// A group's rows split evenly into the even (s0) and odd (s1) ones.
const _: () = assert!(R % 2 == 0);

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
    if !skip_zeros || x.iter().all(|&v| v != 0.0) {
        gemv_rows(1, n, k, Mat::new(x, k, 1, false), Mat::new(w, n, k, false), y, n, false);
        return;
    }
    assert!(w.len() >= k * n);
    y.iter_mut().for_each(|v| *v = 0.0);
    let mut p = 0;
    while p + R <= k {
        // Safety: rows p..p + R of W are in bounds (asserted above).
        unsafe { add_group(&x[p..p + R], w.as_ptr().add(p * n), n, y) };
        p += R;
    }
    for q in p..k {
        if x[q] != 0.0 {
            crate::simd::axpy(x[q], &w[q * n..(q + 1) * n], y);
        }
    }
}

/// One group of R rows (`gemv_rows`' y += s0 + s1, s0 summing the even rows and s1 the odd ones
/// in order) with the rows of zero weight left out of both sums: each term left out is an exact
/// ±0 in `gemv_rows`' sum, so only the sign of a zero can differ.
/// # Safety
/// `w + t·n .. + n` must be readable for t < R.
unsafe fn add_group(alpha: &[f32], w: *const f32, n: usize, y: &mut [f32]) {
    let mut even = [(w, 0.0f32); R / 2];
    let mut odd = [(w, 0.0f32); R / 2];
    let (mut ne, mut no) = (0, 0);
    for (t, &a) in alpha.iter().enumerate() {
        if a == 0.0 {
            continue;
        }
        let row = (w.add(t * n), a);
        if t % 2 == 0 {
            even[ne] = row;
            ne += 1;
        } else {
            odd[no] = row;
            no += 1;
        }
    }
    if ne + no == R {
        // No zero weight: exactly `gemv_rows`' group.
        let mut a = [0.0f32; R];
        a.copy_from_slice(alpha);
        crate::gemv::axpy_rows(&a, w, n, y);
        return;
    }
    // One loop per (live even, live odd) count, so each keeps its streams in registers.
    match ne {
        0 => add_live::<0>(&even, &odd, no, alpha, w, y),
        1 => add_live::<1>(&even, &odd, no, alpha, w, y),
        2 => add_live::<2>(&even, &odd, no, alpha, w, y),
        3 => add_live::<3>(&even, &odd, no, alpha, w, y),
        _ => add_live::<4>(&even, &odd, no, alpha, w, y),
    }
}

/// A sum's live rows: (start of the row, its weight).
type Rows = [(*const f32, f32); R / 2];

/// `axpy_live` for NE even rows and `no` odd ones.
/// # Safety
/// As `axpy_live`.
unsafe fn add_live<const NE: usize>(even: &Rows, odd: &Rows, no: usize, alpha: &[f32], w: *const f32, y: &mut [f32]) {
    match no {
        0 => axpy_live::<NE, 0>(even, odd, alpha, w, y),
        1 => axpy_live::<NE, 1>(even, odd, alpha, w, y),
        2 => axpy_live::<NE, 2>(even, odd, alpha, w, y),
        3 => axpy_live::<NE, 3>(even, odd, alpha, w, y),
        _ => axpy_live::<NE, 4>(even, odd, alpha, w, y),
    }
}

/// y += s0 + s1 with s0 = Σ the NE `even` rows, s1 = Σ the NO `odd` rows (each row times its
/// weight, summed in order); columns past the last multiple of 4 as `gemv_rows` sums them. Not
/// inlined: in a small function of its own V8 keeps the streams in registers.
/// # Safety
/// Every row must be readable for y.len() floats.
#[inline(never)]
unsafe fn axpy_live<const NE: usize, const NO: usize>(even: &Rows, odd: &Rows, alpha: &[f32], w: *const f32, y: &mut [f32]) {
    if NE + NO == 0 {
        return;
    }
    let n = y.len();
    let n4 = n & !3;
    // Rows as offsets from one base: a single induction variable for all the streams.
    let base = if NE > 0 { even[0].0 } else { odd[0].0 };
    let mut de = [0isize; R / 2];
    let mut ae = [F4::zero(); R / 2];
    for t in 0..NE {
        de[t] = even[t].0.offset_from(base);
        ae[t] = F4::splat(even[t].1);
    }
    let mut d_o = [0isize; R / 2];
    let mut ao = [F4::zero(); R / 2];
    for t in 0..NO {
        d_o[t] = odd[t].0.offset_from(base);
        ao[t] = F4::splat(odd[t].1);
    }
    let mut j = 0;
    while j < n4 {
        let p = base.add(j);
        let mut s0 = F4::zero();
        if NE > 0 {
            s0 = F4::load_ptr(p.offset(de[0])).mul(ae[0]);
            for t in 1..NE {
                s0 = s0.mul_add(F4::load_ptr(p.offset(de[t])), ae[t]);
            }
        }
        let mut s1 = F4::zero();
        if NO > 0 {
            s1 = F4::load_ptr(p.offset(d_o[0])).mul(ao[0]);
            for t in 1..NO {
                s1 = s1.mul_add(F4::load_ptr(p.offset(d_o[t])), ao[t]);
            }
        }
        let s = if NE == 0 { s1 } else if NO == 0 { s0 } else { s0.add(s1) };
        F4::load(y, j).add(s).store(y, j);
        j += 4;
    }
    for j in n4..n {
        let mut s = 0.0f32;
        for (t, &a) in alpha.iter().enumerate() {
            if a != 0.0 {
                s += a * *w.add(t * y.len() + j);
            }
        }
        y[j] += s;
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
        // Zero patterns: none, all, even rows, odd rows, and mixed counts per group of 8.
        let patterns: [fn(usize) -> bool; 6] = [|_| false, |_| true, |i| i % 2 == 0, |i| i % 2 == 1, |i| i % 3 == 0, |i| (i * 7) % 5 < 2];
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
        let x = data(k, 3, |i| i % 2 == 0); // x[0], x[2], ... are zero
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
