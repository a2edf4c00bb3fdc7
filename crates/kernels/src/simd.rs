//! A small f32x4 helper: the `F4` lane type and a few slice routines built on it.
//!
//! On wasm32 (built with `+simd128`) `F4` wraps a `v128`; elsewhere it is a `[f32; 4]` twin with
//! the same API, so host `cargo test` exercises identical code paths. Keep this API small and
//! stable: other kernel modules (matmul, conv, LSTM, activations) build on it.
//!
//! Slice routines:
//! - `dot(a, b)`           Σ a[i]·b[i]
//! - `axpy(alpha, x, y)`   y += alpha·x
//! - `add_assign(y, x)`    y += x
//! - `scale(y, alpha)`     y *= alpha
//! - `sum(x)`              Σ x[i]
//! All take the common prefix length of their slices and handle non-multiple-of-4 tails.

#[cfg(target_arch = "wasm32")]
use core::arch::wasm32::*;

/// Four f32 lanes.
#[derive(Clone, Copy)]
pub struct F4(
    #[cfg(target_arch = "wasm32")] v128,
    #[cfg(not(target_arch = "wasm32"))] [f32; 4],
);

#[cfg(target_arch = "wasm32")]
impl F4 {
    #[inline(always)]
    pub fn zero() -> F4 {
        F4(f32x4_splat(0.0))
    }
    #[inline(always)]
    pub fn splat(v: f32) -> F4 {
        F4(f32x4_splat(v))
    }
    /// Loads 4 floats from `p` (no alignment needed).
    /// # Safety
    /// `p..p+4` must be readable.
    #[inline(always)]
    pub unsafe fn load_ptr(p: *const f32) -> F4 {
        F4(v128_load(p as *const v128))
    }
    /// Stores 4 floats at `p` (no alignment needed).
    /// # Safety
    /// `p..p+4` must be writable.
    #[inline(always)]
    pub unsafe fn store_ptr(self, p: *mut f32) {
        v128_store(p as *mut v128, self.0)
    }
    /// Broadcasts the float at `p` to all four lanes (one `v128.load32_splat`).
    /// # Safety
    /// `p` must be readable.
    #[inline(always)]
    pub unsafe fn splat_ptr(p: *const f32) -> F4 {
        F4(v128_load32_splat(p as *const u32))
    }
    #[inline(always)]
    pub fn add(self, o: F4) -> F4 {
        F4(f32x4_add(self.0, o.0))
    }
    #[inline(always)]
    pub fn sub(self, o: F4) -> F4 {
        F4(f32x4_sub(self.0, o.0))
    }
    #[inline(always)]
    pub fn mul(self, o: F4) -> F4 {
        F4(f32x4_mul(self.0, o.0))
    }
    /// self + a·b (two rounding steps; simd128 has no fused multiply-add).
    #[inline(always)]
    pub fn mul_add(self, a: F4, b: F4) -> F4 {
        F4(f32x4_add(self.0, f32x4_mul(a.0, b.0)))
    }
    /// Lane-wise max; a NaN lane propagates.
    #[inline(always)]
    pub fn max(self, o: F4) -> F4 {
        F4(f32x4_max(self.0, o.0))
    }
    #[inline(always)]
    pub fn min(self, o: F4) -> F4 {
        F4(f32x4_min(self.0, o.0))
    }
    /// `max_pool`'s rule per lane, self the best so far and v the next tap: v when v > self, or
    /// when v is NaN and self is not; else self.
    #[inline(always)]
    pub fn pool_max(self, v: F4) -> F4 {
        let take = v128_or(f32x4_gt(v.0, self.0), v128_andnot(f32x4_ne(v.0, v.0), f32x4_ne(self.0, self.0)));
        F4(v128_bitselect(v.0, self.0, take))
    }
    /// The 4×4 transpose of four rows: lane i of row j becomes lane j of row i.
    #[inline(always)]
    pub fn transpose4(r: [F4; 4]) -> [F4; 4] {
        let lo01 = i32x4_shuffle::<0, 4, 1, 5>(r[0].0, r[1].0);
        let hi01 = i32x4_shuffle::<2, 6, 3, 7>(r[0].0, r[1].0);
        let lo23 = i32x4_shuffle::<0, 4, 1, 5>(r[2].0, r[3].0);
        let hi23 = i32x4_shuffle::<2, 6, 3, 7>(r[2].0, r[3].0);
        [
            F4(i32x4_shuffle::<0, 1, 4, 5>(lo01, lo23)),
            F4(i32x4_shuffle::<2, 3, 6, 7>(lo01, lo23)),
            F4(i32x4_shuffle::<0, 1, 4, 5>(hi01, hi23)),
            F4(i32x4_shuffle::<2, 3, 6, 7>(hi01, hi23)),
        ]
    }
    /// The lanes as a raw v128 (for mask work, e.g. `conv2d_pool::max_taps_lanes`).
    #[inline(always)]
    pub fn raw(self) -> v128 {
        self.0
    }
    #[inline(always)]
    pub fn to_array(self) -> [f32; 4] {
        [
            f32x4_extract_lane::<0>(self.0),
            f32x4_extract_lane::<1>(self.0),
            f32x4_extract_lane::<2>(self.0),
            f32x4_extract_lane::<3>(self.0),
        ]
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl F4 {
    #[inline(always)]
    fn map2(self, o: F4, f: impl Fn(f32, f32) -> f32) -> F4 {
        let (a, b) = (self.0, o.0);
        F4([f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])])
    }
    #[inline(always)]
    pub fn zero() -> F4 {
        F4([0.0; 4])
    }
    #[inline(always)]
    pub fn splat(v: f32) -> F4 {
        F4([v; 4])
    }
    /// # Safety
    /// `p..p+4` must be readable.
    #[inline(always)]
    pub unsafe fn load_ptr(p: *const f32) -> F4 {
        F4([*p, *p.add(1), *p.add(2), *p.add(3)])
    }
    /// # Safety
    /// `p..p+4` must be writable.
    #[inline(always)]
    pub unsafe fn store_ptr(self, p: *mut f32) {
        for l in 0..4 {
            *p.add(l) = self.0[l];
        }
    }
    /// # Safety
    /// `p` must be readable.
    #[inline(always)]
    pub unsafe fn splat_ptr(p: *const f32) -> F4 {
        F4([*p; 4])
    }
    #[inline(always)]
    pub fn add(self, o: F4) -> F4 {
        self.map2(o, |a, b| a + b)
    }
    #[inline(always)]
    pub fn sub(self, o: F4) -> F4 {
        self.map2(o, |a, b| a - b)
    }
    #[inline(always)]
    pub fn mul(self, o: F4) -> F4 {
        self.map2(o, |a, b| a * b)
    }
    #[inline(always)]
    pub fn mul_add(self, a: F4, b: F4) -> F4 {
        self.add(a.mul(b))
    }
    #[inline(always)]
    pub fn max(self, o: F4) -> F4 {
        self.map2(o, |a, b| if a.is_nan() || b.is_nan() { f32::NAN } else { a.max(b) })
    }
    #[inline(always)]
    pub fn min(self, o: F4) -> F4 {
        self.map2(o, |a, b| if a.is_nan() || b.is_nan() { f32::NAN } else { a.min(b) })
    }
    /// `max_pool`'s rule per lane (see the wasm twin).
    #[inline(always)]
    pub fn pool_max(self, v: F4) -> F4 {
        self.map2(v, |best, v| if v > best || (v.is_nan() && !best.is_nan()) { v } else { best })
    }
    /// The 4×4 transpose of four rows: lane i of row j becomes lane j of row i.
    #[inline(always)]
    pub fn transpose4(r: [F4; 4]) -> [F4; 4] {
        let mut o = [[0.0f32; 4]; 4];
        for (i, row) in o.iter_mut().enumerate() {
            for (j, val) in row.iter_mut().enumerate() {
                *val = r[j].0[i];
            }
        }
        [F4(o[0]), F4(o[1]), F4(o[2]), F4(o[3])]
    }
    #[inline(always)]
    pub fn to_array(self) -> [f32; 4] {
        self.0
    }
}

impl F4 {
    /// Loads `s[i..i+4]`; panics if out of range.
    #[inline(always)]
    pub fn load(s: &[f32], i: usize) -> F4 {
        assert!(i + 4 <= s.len());
        unsafe { F4::load_ptr(s.as_ptr().add(i)) }
    }
    /// Stores into `s[i..i+4]`; panics if out of range.
    #[inline(always)]
    pub fn store(self, s: &mut [f32], i: usize) {
        assert!(i + 4 <= s.len());
        unsafe { self.store_ptr(s.as_mut_ptr().add(i)) }
    }
    /// Sum of the four lanes.
    #[inline(always)]
    pub fn hsum(self) -> f32 {
        let a = self.to_array();
        (a[0] + a[1]) + (a[2] + a[3])
    }
}

/// Σ a[i]·b[i] over the common length.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let n4 = n & !3;
    let (mut s0, mut s1) = (F4::zero(), F4::zero());
    let mut i = 0;
    while i + 8 <= n4 {
        s0 = s0.mul_add(F4::load(a, i), F4::load(b, i));
        s1 = s1.mul_add(F4::load(a, i + 4), F4::load(b, i + 4));
        i += 8;
    }
    if i < n4 {
        s0 = s0.mul_add(F4::load(a, i), F4::load(b, i));
    }
    let mut s = s0.add(s1).hsum();
    for j in n4..n {
        s += a[j] * b[j];
    }
    s
}

/// y[i] += alpha·x[i] over the common length.
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    let n = x.len().min(y.len());
    let n4 = n & !3;
    let va = F4::splat(alpha);
    let mut i = 0;
    while i < n4 {
        F4::load(y, i).mul_add(va, F4::load(x, i)).store(y, i);
        i += 4;
    }
    for j in n4..n {
        y[j] += alpha * x[j];
    }
}

/// y[i] += x[i] over the common length.
pub fn add_assign(y: &mut [f32], x: &[f32]) {
    let n = x.len().min(y.len());
    let n4 = n & !3;
    let mut i = 0;
    while i < n4 {
        F4::load(y, i).add(F4::load(x, i)).store(y, i);
        i += 4;
    }
    for j in n4..n {
        y[j] += x[j];
    }
}

/// y[i] *= alpha.
pub fn scale(y: &mut [f32], alpha: f32) {
    let n = y.len();
    let n4 = n & !3;
    let va = F4::splat(alpha);
    let mut i = 0;
    while i < n4 {
        F4::load(y, i).mul(va).store(y, i);
        i += 4;
    }
    for v in y[n4..].iter_mut() {
        *v *= alpha;
    }
}

/// Σ x[i].
pub fn sum(x: &[f32]) -> f32 {
    let n = x.len();
    let n4 = n & !3;
    let mut acc = F4::zero();
    let mut i = 0;
    while i < n4 {
        acc = acc.add(F4::load(x, i));
        i += 4;
    }
    let mut s = acc.hsum();
    for v in &x[n4..] {
        s += *v;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_routines_handle_tails() {
        let a: Vec<f32> = (0..11).map(|i| i as f32).collect();
        let b: Vec<f32> = (0..11).map(|i| (i % 3) as f32).collect();
        let want: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert_eq!(dot(&a, &b), want);
        let mut y = b.clone();
        axpy(2.0, &a, &mut y);
        assert_eq!(y[10], b[10] + 20.0);
        add_assign(&mut y, &a);
        assert_eq!(y[9], b[9] + 27.0);
        scale(&mut y, 0.5);
        assert_eq!(y[9], (b[9] + 27.0) * 0.5);
        assert_eq!(sum(&a), 55.0);
    }
}
