//! Four-lane f32 math for the LSTM kernels: the `V` vector type and the gate functions (sigmoid,
//! tanh), evaluated on several vectors at once so their long dependency chains interleave.
//!
//! `simd.rs`'s `F4` has no division, rounding or bit operations, which e^x needs, so the LSTM keeps
//! its own small lane type here. On wasm32 `V` wraps a `v128`; elsewhere it is a `[f32; 4]` twin
//! with the same API, and the gate functions are written once over that API, so host `cargo test`
//! runs the same arithmetic.
//!
//! Accuracy (checked by the test below): e^x relative error < 3e-7 (a degree-5 polynomial fitted
//! on Chebyshev nodes over the reduced range |r| ≤ ln2/2, after x = n·ln2 + r with a two-part ln2);
//! sigmoid absolute and relative error < 3e-7; tanh absolute and relative error < 3.2e-7 everywhere
//! (a rational function, see `tanh_n`), never beyond ±1.

#[cfg(target_arch = "wasm32")]
mod lanes {
    use core::arch::wasm32::*;

    /// Four f32 lanes.
    #[derive(Clone, Copy)]
    pub struct V(v128);

    impl V {
        #[inline(always)]
        pub fn splat(v: f32) -> V {
            V(f32x4_splat(v))
        }
        /// # Safety
        /// `p..p+4` must be readable.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> V {
            V(v128_load(p as *const v128))
        }
        /// # Safety
        /// `p..p+4` must be writable.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            v128_store(p as *mut v128, self.0)
        }
        /// Broadcasts `*p` (one `v128.load32_splat`).
        /// # Safety
        /// `p` must be readable.
        #[inline(always)]
        pub unsafe fn splat_ptr(p: *const f32) -> V {
            V(v128_load32_splat(p as *const u32))
        }
        #[inline(always)]
        pub fn add(self, o: V) -> V {
            V(f32x4_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub(self, o: V) -> V {
            V(f32x4_sub(self.0, o.0))
        }
        #[inline(always)]
        pub fn mul(self, o: V) -> V {
            V(f32x4_mul(self.0, o.0))
        }
        #[inline(always)]
        pub fn div(self, o: V) -> V {
            V(f32x4_div(self.0, o.0))
        }
        /// self + a·b (two roundings: simd128 has no fused multiply-add).
        #[inline(always)]
        pub fn mul_add(self, a: V, b: V) -> V {
            V(f32x4_add(self.0, f32x4_mul(a.0, b.0)))
        }
        /// `limit` where limit < self, else self (one `minps`; a NaN lane stays NaN).
        #[inline(always)]
        pub fn at_most(self, limit: V) -> V {
            V(f32x4_pmin(self.0, limit.0))
        }
        /// `limit` where self < limit, else self (one `maxps`; a NaN lane stays NaN).
        #[inline(always)]
        pub fn at_least(self, limit: V) -> V {
            V(f32x4_pmax(self.0, limit.0))
        }
        /// 2^n from t = n + MAGIC (n whole, -126 ≤ n ≤ 127): n + 127, the biased exponent, sits
        /// in the low mantissa bits of t, and the shift drops the bits above them (one op).
        #[inline(always)]
        pub fn pow2_of_magic(self) -> V {
            V(i32x4_shl(self.0, 23))
        }
        /// Lanes of `small` where self < limit, else lanes of `big`.
        #[inline(always)]
        pub fn select_lt(self, limit: V, small: V, big: V) -> V {
            V(v128_bitselect(small.0, big.0, f32x4_lt(self.0, limit.0)))
        }
        /// |self| with the sign of `s` (self must be ≥ 0 or NaN).
        #[inline(always)]
        pub fn with_sign_of(self, s: V) -> V {
            V(v128_or(self.0, v128_and(s.0, f32x4_splat(-0.0))))
        }
        #[inline(always)]
        pub fn to_array(self) -> [f32; 4] {
            [f32x4_extract_lane::<0>(self.0), f32x4_extract_lane::<1>(self.0), f32x4_extract_lane::<2>(self.0), f32x4_extract_lane::<3>(self.0)]
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod lanes {
    /// Four f32 lanes (scalar twin of the wasm32 type).
    #[derive(Clone, Copy)]
    pub struct V([f32; 4]);

    impl V {
        #[inline(always)]
        fn map(self, f: impl Fn(f32) -> f32) -> V {
            let a = self.0;
            V([f(a[0]), f(a[1]), f(a[2]), f(a[3])])
        }
        #[inline(always)]
        fn zip(self, o: V, f: impl Fn(f32, f32) -> f32) -> V {
            let (a, b) = (self.0, o.0);
            V([f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])])
        }
        pub fn splat(v: f32) -> V {
            V([v; 4])
        }
        /// # Safety
        /// `p..p+4` must be readable.
        pub unsafe fn load(p: *const f32) -> V {
            V([*p, *p.add(1), *p.add(2), *p.add(3)])
        }
        /// # Safety
        /// `p..p+4` must be writable.
        pub unsafe fn store(self, p: *mut f32) {
            for l in 0..4 {
                *p.add(l) = self.0[l];
            }
        }
        /// # Safety
        /// `p` must be readable.
        pub unsafe fn splat_ptr(p: *const f32) -> V {
            V([*p; 4])
        }
        pub fn add(self, o: V) -> V {
            self.zip(o, |a, b| a + b)
        }
        pub fn sub(self, o: V) -> V {
            self.zip(o, |a, b| a - b)
        }
        pub fn mul(self, o: V) -> V {
            self.zip(o, |a, b| a * b)
        }
        pub fn div(self, o: V) -> V {
            self.zip(o, |a, b| a / b)
        }
        pub fn mul_add(self, a: V, b: V) -> V {
            self.add(a.mul(b))
        }
        pub fn at_most(self, limit: V) -> V {
            self.zip(limit, |a, l| if l < a { l } else { a })
        }
        pub fn at_least(self, limit: V) -> V {
            self.zip(limit, |a, l| if a < l { l } else { a })
        }
        pub fn pow2_of_magic(self) -> V {
            self.map(|t| f32::from_bits(t.to_bits().wrapping_shl(23)))
        }
        pub fn select_lt(self, limit: V, small: V, big: V) -> V {
            let mut out = big.0;
            for l in 0..4 {
                if self.0[l] < limit.0[l] {
                    out[l] = small.0[l];
                }
            }
            V(out)
        }
        pub fn with_sign_of(self, s: V) -> V {
            self.zip(s, |a, s| f32::from_bits(a.to_bits() | (s.to_bits() & 0x8000_0000)))
        }
        pub fn to_array(self) -> [f32; 4] {
            self.0
        }
    }
}

pub use lanes::V;

const LOG2E: f32 = 1.442_695;
// ln2 = LN2_HI + LN2_LO with LN2_HI exact in 9 bits, so n·LN2_HI is exact for |n| ≤ 2^15.
const LN2_HI: f32 = 0.693_359_375;
const LN2_LO: f32 = -2.121_944_4e-4;
const EXP_MIN: f32 = -87.0;
const EXP_MAX: f32 = 88.0;
// e^r ≈ Σ EXP_POLY[i]·r^(5-i) on |r| ≤ ln2/2 (Chebyshev-node fit, float32 evaluation error < 2.4e-7).
const EXP_POLY: [f32; 6] = [0.008_369_149, 0.041_917_507, 0.166_665_05, 0.499_988_7, 1.0, 1.000_000_1];

/// 1.5·2^23 + 127: adding it rounds a float below 2^22 in magnitude to a whole number n (ties to
/// even in n + 127), and n + 127 then sits in the low mantissa bits (its bits are 0x4B40_0000 + n +
/// 127), ready to be shifted into an exponent field.
const MAGIC: f32 = 12_583_039.0;

/// e^x of N vectors, lanes clamped to [-87, 88] (so 2^n stays a normal float); NaN propagates.
///
/// Each step runs across all N vectors before the next, so N independent dependency chains
/// interleave: one e^x is a chain of ~20 dependent operations, and the cell update is otherwise
/// bound by their latency rather than by throughput (measured: two or three cells at a time run
/// 20-30% faster than one). Only plain adds, multiplies and integer ops: wasm's `f32x4.min/max`,
/// `nearest` and `i32x4.trunc_sat_f32x4_s` each cost several x86 instructions, the pseudo-min/max
/// and the MAGIC rounding one each.
#[inline(always)]
pub fn exp_n<const N: usize>(x: [V; N]) -> [V; N] {
    let mut x = x;
    let (mut t, mut n, mut r) = (x, x, x);
    for i in 0..N {
        x[i] = x[i].at_most(V::splat(EXP_MAX)).at_least(V::splat(EXP_MIN));
        t[i] = x[i].mul(V::splat(LOG2E)).add(V::splat(MAGIC));
    }
    for i in 0..N {
        n[i] = t[i].sub(V::splat(MAGIC));
        r[i] = x[i].sub(n[i].mul(V::splat(LN2_HI))).sub(n[i].mul(V::splat(LN2_LO)));
    }
    let mut p = estrin5(EXP_POLY, r, squares(r));
    for i in 0..N {
        p[i] = p[i].mul(t[i].pow2_of_magic());
    }
    p
}

/// e^-x of N vectors: `exp_n` of -x with the negation folded into the constants (the same bits,
/// one operation less on the chain): with n = round(-x·log2e), s = x + n·ln2 = -r, and the
/// polynomial's odd coefficients negated, p(s) = e^r.
#[inline(always)]
fn exp_neg_n<const N: usize>(x: [V; N]) -> [V; N] {
    let mut x = x;
    let (mut t, mut n, mut s) = (x, x, x);
    for i in 0..N {
        x[i] = x[i].at_least(V::splat(-EXP_MAX)).at_most(V::splat(-EXP_MIN));
        t[i] = x[i].mul(V::splat(-LOG2E)).add(V::splat(MAGIC));
    }
    for i in 0..N {
        n[i] = t[i].sub(V::splat(MAGIC));
        s[i] = x[i].add(n[i].mul(V::splat(LN2_HI))).add(n[i].mul(V::splat(LN2_LO)));
    }
    let c = EXP_POLY;
    let mut p = estrin5([-c[0], c[1], -c[2], c[3], -c[4], c[5]], s, squares(s));
    for i in 0..N {
        p[i] = p[i].mul(t[i].pow2_of_magic());
    }
    p
}

/// Σ c[i]·r^(5-i) of N vectors as c5 + (c4·r + r²·((c3 + c2·r) + r²·(c1 + c0·r))) (Estrin's
/// scheme, with the constant term added last, as Horner does, for Horner's accuracy): a chain
/// about 20 cycles long instead of Horner's five multiply-adds (35), for one more multiply; the
/// cell update only partly overlaps its activation chains with other work (see `exp_n`).
#[inline(always)]
fn estrin5<const N: usize>(c: [f32; 6], r: [V; N], r2: [V; N]) -> [V; N] {
    let mut out = r;
    for i in 0..N {
        let r2 = r2[i];
        let mid = V::splat(c[3]).mul_add(V::splat(c[2]), r[i]);
        let hi = V::splat(c[1]).mul_add(V::splat(c[0]), r[i]);
        let tail = r[i].mul(V::splat(c[4])).mul_add(r2, mid.mul_add(r2, hi));
        out[i] = V::splat(c[5]).add(tail);
    }
    out
}

/// x² of N vectors.
#[inline(always)]
fn squares<const N: usize>(x: [V; N]) -> [V; N] {
    let mut out = x;
    for i in 0..N {
        out[i] = x[i].mul(x[i]);
    }
    out
}

/// 1 / (1 + e^-x) of N vectors.
#[inline(always)]
pub fn sigmoid_n<const N: usize>(x: [V; N]) -> [V; N] {
    let one = V::splat(1.0);
    let mut e = exp_neg_n(x);
    for v in e.iter_mut() {
        *v = one.div(one.add(*v));
    }
    e
}

/// tanh x ≈ x·P(x²)/Q(x²) with x clamped to [-9, 9], of N vectors: a rational function fitted for
/// minimal relative error on [0, 9] (fit error < 7e-9; tanh 9 = 1 - 3e-8) by
/// `scripts/fit-tanh.py`, evaluated by Horner's rule. 25 operations instead of the ~32 of building
/// it on e^x, with a shorter chain: 1.7× the throughput alone, and the LSTM forward ~4% faster.
/// The odd factor x keeps full relative accuracy near 0 and the sign of x; float32 rounding leaves
/// an error under 3.1e-7. NaN propagates (the clamps keep a NaN lane).
#[inline(always)]
pub fn tanh_n<const N: usize>(x: [V; N]) -> [V; N] {
    let mut out = x;
    for i in 0..N {
        let xc = x[i].at_most(V::splat(TANH_CLAMP)).at_least(V::splat(-TANH_CLAMP));
        let s = xc.mul(xc);
        let mut p = V::splat(TANH_P[0]);
        for c in &TANH_P[1..] {
            p = V::splat(*c).mul_add(p, s);
        }
        let mut q = V::splat(TANH_Q[0]);
        for c in &TANH_Q[1..] {
            q = V::splat(*c).mul_add(q, s);
        }
        // Rounding can take the ratio 2 ulps past 1 near the clamp: ±1 bound it, as tanh is.
        out[i] = xc.mul(p).div(q).at_most(V::splat(1.0)).at_least(V::splat(-1.0));
    }
    out
}

const TANH_CLAMP: f32 = 9.0;
// P and Q, highest power of x² first.
const TANH_P: [f32; 7] = [-8.488_559_65e-14, 5.277_893_4e-11, -2.022_511_94e-8, 1.115_428_4e-5, 0.003_103_954_02, 0.130_840_078, 1.0];
const TANH_Q: [f32; 4] = [2.546_141_91e-4, 0.024_495_169_5, 0.464_173_347, 1.0];

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(f: fn([V; 2]) -> [V; 2], x: f32) -> f32 {
        // The second vector differs, so a mix-up between the interleaved chains would show.
        f([V::splat(x), V::splat(0.5 - x)])[0].to_array()[0]
    }
    fn exp(x: [V; 2]) -> [V; 2] {
        exp_n(x)
    }
    fn sigmoid(x: [V; 2]) -> [V; 2] {
        sigmoid_n(x)
    }
    fn tanh(x: [V; 2]) -> [V; 2] {
        tanh_n(x)
    }

    #[test]
    fn gate_functions_are_accurate() {
        let mut x = -40.0f32;
        while x < 40.0 {
            let xd = x as f64;
            if x > -80.0 {
                let want = xd.exp();
                assert!(((lane(exp, x) as f64 - want) / want).abs() < 3e-7, "exp {}", x);
            }
            let s = 1.0 / (1.0 + (-xd).exp());
            assert!((lane(sigmoid, x) as f64 - s).abs() < 3e-7 * s.max(1e-30) + 1e-30, "sigmoid {}", x);
            let t = xd.tanh();
            let got = lane(tanh, x) as f64;
            assert!((got - t).abs() < 3.2e-7 && (got - t).abs() <= 3.2e-7 * t.abs(), "tanh {} {} {}", x, got, t);
            assert!(got.abs() <= 1.0, "tanh {} beyond ±1: {}", x, got);
            x += if x.abs() < 0.3 { 0.000_37 } else { 0.0137 };
        }
        assert_eq!(lane(tanh, 0.0), 0.0);
        assert_eq!(lane(tanh, 1e-30), 1e-30);
        // sigmoid's e^-x folds the negation into constants: the same bits as exp_n of -x.
        let mut x = -100.0f32;
        while x < 100.0 {
            let e = exp_n([V::splat(-x)])[0];
            let want = V::splat(1.0).div(V::splat(1.0).add(e)).to_array()[0];
            assert_eq!(sigmoid_n([V::splat(x)])[0].to_array()[0].to_bits(), want.to_bits(), "sigmoid {}", x);
            x += 0.0173;
        }
        // The clamp's value: tanh 9 = 1 - 3e-8, and 1 - 1.2e-7 after float32 rounding.
        assert!((lane(tanh, -50.0) + 1.0).abs() <= 1.2e-7);
        assert_eq!(lane(sigmoid, 100.0), 1.0);
        assert!(lane(sigmoid, -100.0) < 1e-37);
        assert!(lane(tanh, f32::NAN).is_nan() && lane(sigmoid, f32::NAN).is_nan() && lane(exp, f32::NAN).is_nan());
    }
}
