//! Dropout masks from a counter-based RNG, bit-identical to
//! packages/kernels/src/reference/dropout-mask.ts.

use crate::memory::slice_mut;

/// The "lowbias32" 32-bit integer finaliser (xor-shift / multiply rounds).
fn mix(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x7feb_352d);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846c_a68b);
    x ^= x >> 16;
    x
}

/// mask[i] = 0 when u(seed, i) < rate, else 1/(1-rate), with u = (hash >> 8) / 2^24 exact in f64.
/// `rate` arrives as f64 so the comparison and the scale match the TypeScript twin exactly.
#[no_mangle]
pub extern "C" fn dropout_mask(mask: *mut f32, n: usize, rate: f64, seed: u32) {
    let mask = slice_mut(mask, n);
    let key = mix(seed ^ 0x9e37_79b9);
    let keep = (1.0 / (1.0 - rate)) as f32;
    for (i, m) in mask.iter_mut().enumerate() {
        let u = (mix(mix(i as u32).wrapping_add(key)) >> 8) as f64 / 16_777_216.0;
        *m = if u < rate { 0.0 } else { keep };
    }
}
