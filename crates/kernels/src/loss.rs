//! Losses: each returns the mean loss and writes d(mean loss)/d(yPred). Computed in f64, like
//! the TypeScript reference, with Keras' float32 clip bounds [1e-7, 1 - 1e-7].

use crate::memory::{slice, slice_mut};

fn eps() -> f64 {
    1e-7f32 as f64
}

fn upper() -> f64 {
    (1.0f64 - 1e-7) as f32 as f64
}

fn clip(p: f64) -> f64 {
    p.max(eps()).min(upper())
}

/// Keras binary_crossentropy on probabilities; zero gradient where yPred was clipped.
#[no_mangle]
pub extern "C" fn binary_crossentropy(y_true: *const f32, y_pred: *const f32, grad: *mut f32, n: usize) -> f64 {
    let (t, p, grad) = (slice(y_true, n), slice(y_pred, n), slice_mut(grad, n));
    let mut total = 0.0;
    for i in 0..n {
        let (ti, raw) = (t[i] as f64, p[i] as f64);
        let pc = clip(raw);
        total -= ti * pc.ln() + (1.0 - ti) * (1.0 - pc).ln();
        let clipped = raw < eps() || raw > upper();
        grad[i] = if clipped { 0.0 } else { ((-ti / pc + (1.0 - ti) / (1.0 - pc)) / n as f64) as f32 };
    }
    total / n as f64
}

/// One row of categorical crossentropy: q = p/Σp, clipped; loss = -Σ t·ln q. With a_j = -t_j/q_j
/// (0 where clipped), d(loss/rows)/dp_k = (a_k - Σ_j a_j q_j) / Σp / rows.
fn crossentropy_row(target: &dyn Fn(usize) -> f64, p: &[f32], grad: &mut [f32], rows: usize) -> f64 {
    let total: f64 = p.iter().map(|&v| v as f64).sum();
    let a = |j: usize| {
        let q = p[j] as f64 / total;
        if q < eps() || q > upper() { 0.0 } else { -target(j) / q }
    };
    let (mut loss, mut dot) = (0.0, 0.0);
    for j in 0..p.len() {
        let q = p[j] as f64 / total;
        loss -= target(j) * clip(q).ln();
        dot += a(j) * q;
    }
    for j in 0..p.len() {
        grad[j] = ((a(j) - dot) / total / rows as f64) as f32;
    }
    loss
}

/// Keras categorical_crossentropy on probabilities [rows, cols]; mean over rows.
#[no_mangle]
pub extern "C" fn categorical_crossentropy(y_true: *const f32, y_pred: *const f32, grad: *mut f32, rows: usize, cols: usize) -> f64 {
    let n = rows * cols;
    let (t, p, grad) = (slice(y_true, n), slice(y_pred, n), slice_mut(grad, n));
    let mut total = 0.0;
    for r in 0..rows {
        let o = r * cols;
        total += crossentropy_row(&|j| t[o + j] as f64, &p[o..o + cols], &mut grad[o..o + cols], rows);
    }
    total / rows as f64
}

/// Sparse categorical crossentropy: labels [rows] in [0, cols) (checked by the wrapper).
#[no_mangle]
pub extern "C" fn sparse_categorical_crossentropy(labels: *const i32, y_pred: *const f32, grad: *mut f32, rows: usize, cols: usize) -> f64 {
    let n = rows * cols;
    let (labels, p, grad) = (slice(labels, rows), slice(y_pred, n), slice_mut(grad, n));
    let mut total = 0.0;
    for r in 0..rows {
        let (o, label) = (r * cols, labels[r] as usize);
        total += crossentropy_row(&|j| if j == label { 1.0 } else { 0.0 }, &p[o..o + cols], &mut grad[o..o + cols], rows);
    }
    total / rows as f64
}

/// Mean squared error over n; grad = 2(p - t)/n.
#[no_mangle]
pub extern "C" fn mean_squared_error(y_true: *const f32, y_pred: *const f32, grad: *mut f32, n: usize) -> f64 {
    let (t, p, grad) = (slice(y_true, n), slice(y_pred, n), slice_mut(grad, n));
    let mut total = 0.0;
    for i in 0..n {
        let d = p[i] as f64 - t[i] as f64;
        total += d * d;
        grad[i] = (2.0 * d / n as f64) as f32;
    }
    total / n as f64
}
