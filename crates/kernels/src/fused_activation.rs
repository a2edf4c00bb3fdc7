//! The activation fused into conv/dense outputs. Codes match the TypeScript `Activation` enum:
//! 0 linear, 1 relu, 2 sigmoid, 3 tanh, 4 relu6 (the wrapper rejects any other code).

use crate::simd::F4;

pub(crate) fn apply_activation(out: &mut [f32], act: u32) {
    match act {
        1 => {
            // max(v, 0) keeps NaN (wasm max propagates it) and turns -0 into +0.
            let n4 = out.len() & !3;
            let zero = F4::zero();
            let mut i = 0;
            while i < n4 {
                F4::load(out, i).max(zero).store(out, i);
                i += 4;
            }
            for v in out[n4..].iter_mut() {
                if *v <= 0.0 {
                    *v = 0.0;
                }
            }
        }
        2 => {
            for v in out.iter_mut() {
                *v = 1.0 / (1.0 + (-*v).exp());
            }
        }
        3 => {
            for v in out.iter_mut() {
                *v = v.tanh();
            }
        }
        4 => {
            // min(max(v, 0), 6) as the relu6 export computes it (NaN stays NaN).
            let n4 = out.len() & !3;
            let (zero, six) = (F4::zero(), F4::splat(6.0));
            let mut i = 0;
            while i < n4 {
                F4::load(out, i).max(zero).min(six).store(out, i);
                i += 4;
            }
            for v in out[n4..].iter_mut() {
                *v = if *v > 6.0 { 6.0 } else if *v > 0.0 || v.is_nan() { *v } else { 0.0 };
            }
        }
        _ => {}
    }
}
