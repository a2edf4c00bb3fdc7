//! Batch normalisation over the last axis of x [rows, channels]: training (batch statistics),
//! inference (given statistics) and the training backward pass. Sums accumulate in f64 so that
//! large batches keep the statistics accurate.

use crate::memory::{slice, slice_mut};

/// Per channel: out = (x - mean)·scale + beta with scale = gamma/sqrt(var + eps); subtracting the
/// mean first avoids cancellation when |mean| is much larger than the spread.
fn normalise(x: &[f32], out: &mut [f32], gamma: &[f32], beta: &[f32], mean: &[f64], var: &[f64], channels: usize, epsilon: f32) {
    let mut scale = vec![0.0f32; channels];
    let mean: Vec<f32> = mean.iter().map(|&m| m as f32).collect();
    for c in 0..channels {
        scale[c] = (gamma[c] as f64 / (var[c] + epsilon as f64).sqrt()) as f32;
    }
    for (xr, or) in x.chunks_exact(channels).zip(out.chunks_exact_mut(channels)) {
        for c in 0..channels {
            or[c] = (xr[c] - mean[c]) * scale[c] + beta[c];
        }
    }
}

/// Mean and biased variance per channel (two passes, f64).
fn moments(x: &[f32], channels: usize) -> (Vec<f64>, Vec<f64>) {
    let rows = (x.len() / channels) as f64;
    let mut mean = vec![0.0f64; channels];
    for r in x.chunks_exact(channels) {
        for c in 0..channels {
            mean[c] += r[c] as f64;
        }
    }
    mean.iter_mut().for_each(|m| *m /= rows);
    let mut var = vec![0.0f64; channels];
    for r in x.chunks_exact(channels) {
        for c in 0..channels {
            let d = r[c] as f64 - mean[c];
            var[c] += d * d;
        }
    }
    var.iter_mut().for_each(|v| *v /= rows);
    (mean, var)
}

#[no_mangle]
pub extern "C" fn batch_norm_train(x: *const f32, gamma: *const f32, beta: *const f32, out: *mut f32, mean: *mut f32, variance: *mut f32, rows: usize, channels: usize, epsilon: f32) {
    if channels == 0 {
        return;
    }
    let n = rows * channels;
    let (x, out) = (slice(x, n), slice_mut(out, n));
    let (m, v) = moments(x, channels);
    normalise(x, out, slice(gamma, channels), slice(beta, channels), &m, &v, channels, epsilon);
    let (mean, variance) = (slice_mut(mean, channels), slice_mut(variance, channels));
    for c in 0..channels {
        mean[c] = m[c] as f32;
        variance[c] = v[c] as f32;
    }
}

#[no_mangle]
pub extern "C" fn batch_norm_infer(x: *const f32, gamma: *const f32, beta: *const f32, mean: *const f32, variance: *const f32, out: *mut f32, rows: usize, channels: usize, epsilon: f32) {
    if channels == 0 {
        return;
    }
    let n = rows * channels;
    let m: Vec<f64> = slice(mean, channels).iter().map(|&v| v as f64).collect();
    let v: Vec<f64> = slice(variance, channels).iter().map(|&v| v as f64).collect();
    normalise(slice(x, n), slice_mut(out, n), slice(gamma, channels), slice(beta, channels), &m, &v, channels, epsilon);
}

/// dbeta = Σ dy, dgamma = Σ dy·x̂, dx = gamma·invStd/N · (N·dy - dbeta - x̂·dgamma).
#[no_mangle]
pub extern "C" fn batch_norm_backward(x: *const f32, dy: *const f32, gamma: *const f32, mean: *const f32, variance: *const f32, dx: *mut f32, dgamma: *mut f32, dbeta: *mut f32, rows: usize, channels: usize, epsilon: f32) {
    if channels == 0 {
        return;
    }
    let n = rows * channels;
    let (x, dy, dx) = (slice(x, n), slice(dy, n), slice_mut(dx, n));
    let (gamma, mean, variance) = (slice(gamma, channels), slice(mean, channels), slice(variance, channels));
    let inv_std: Vec<f64> = variance.iter().map(|&v| 1.0 / (v as f64 + epsilon as f64).sqrt()).collect();
    let mut sum_dy = vec![0.0f64; channels];
    let mut sum_dy_xhat = vec![0.0f64; channels];
    for (xr, dr) in x.chunks_exact(channels).zip(dy.chunks_exact(channels)) {
        for c in 0..channels {
            sum_dy[c] += dr[c] as f64;
            sum_dy_xhat[c] += dr[c] as f64 * (xr[c] as f64 - mean[c] as f64) * inv_std[c];
        }
    }
    let nf = rows as f64;
    let k: Vec<f64> = (0..channels).map(|c| gamma[c] as f64 * inv_std[c] / nf).collect();
    for ((xr, dr), or) in x.chunks_exact(channels).zip(dy.chunks_exact(channels)).zip(dx.chunks_exact_mut(channels)) {
        for c in 0..channels {
            let xhat = (xr[c] as f64 - mean[c] as f64) * inv_std[c];
            or[c] = (k[c] * (nf * dr[c] as f64 - sum_dy[c] - xhat * sum_dy_xhat[c])) as f32;
        }
    }
    let (dgamma, dbeta) = (slice_mut(dgamma, channels), slice_mut(dbeta, channels));
    for c in 0..channels {
        dgamma[c] = sum_dy_xhat[c] as f32;
        dbeta[c] = sum_dy[c] as f32;
    }
}
