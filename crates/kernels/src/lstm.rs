//! Keras LSTM over a whole sequence (gate order i, f, g, o; sigmoid recurrent activation, tanh
//! activation), forward and backpropagation through time.
//!
//! Forward: the input projection x·W + b of every step is one GEMM written straight into `gates`;
//! each step then adds h_{t-1}·U for the whole batch (U stays in cache) and activates in place.
//! Backward: a per-step sweep computes the pre-activation gradients dz of every step and carries
//! dh/dc back through U^T; dx, dW, dU and db are then whole-sequence GEMMs over dz.

use crate::activation::{sigmoid_raw, tanh_raw};
use crate::lstm_gemm::gemm_acc;
use crate::memory::{slice, slice_mut};

#[no_mangle]
pub extern "C" fn lstm_forward(
    x: *const f32, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32,
    h: *mut f32, c: *mut f32, gates: *mut f32,
    batch: usize, steps: usize, in_dim: usize, units: usize,
) {
    let (u, g4, seq) = (units, 4 * units, batch * steps);
    let bias = slice(bias, g4);
    let gates_s = slice_mut(gates, seq * g4);
    for r in 0..seq {
        gates_s[r * g4..(r + 1) * g4].copy_from_slice(bias);
    }
    unsafe {
        // gates[r,:] += x[r,:]·W for all batch·steps rows at once
        gemm_acc(seq, g4, in_dim, x, in_dim, 1, kernel, g4, gates, g4);
        for t in 0..steps {
            if t > 0 {
                // gates[b,t,:] += h[b,t-1,:]·U for every b (rows strided by steps)
                gemm_acc(batch, g4, u, h.add((t - 1) * u), steps * u, 1, recurrent_kernel, g4, gates.add(t * g4), steps * g4);
            }
            for b in 0..batch {
                step_cell(steps, units, b, t, gates, h, c);
            }
        }
    }
}

/// Activates one step's gates in place and writes c_t, h_t for batch row b.
unsafe fn step_cell(steps: usize, u: usize, b: usize, t: usize, gates: *mut f32, h: *mut f32, c: *mut f32) {
    let g = gates.add((b * steps + t) * 4 * u);
    sigmoid_raw(g, g, 2 * u); // i, f
    tanh_raw(g.add(2 * u), g.add(2 * u), u); // g
    sigmoid_raw(g.add(3 * u), g.add(3 * u), u); // o
    let o = (b * steps + t) * u;
    let cs = slice_mut(c.add(o), u);
    let gs = slice(g, 4 * u);
    for j in 0..u {
        let prev = if t > 0 { *c.add(o - u + j) } else { 0.0 };
        cs[j] = gs[u + j] * prev + gs[j] * gs[2 * u + j];
    }
    // h = o·tanh(c): tanh into h, then scale
    tanh_raw(c.add(o), h.add(o), u);
    let hs = slice_mut(h.add(o), u);
    for j in 0..u {
        hs[j] *= gs[3 * u + j];
    }
}

#[no_mangle]
pub extern "C" fn lstm_backward(
    x: *const f32, kernel: *const f32, recurrent_kernel: *const f32,
    h: *const f32, c: *const f32, gates: *const f32, dh: *const f32,
    dx: *mut f32, dkernel: *mut f32, drecurrent_kernel: *mut f32, dbias: *mut f32,
    batch: usize, steps: usize, in_dim: usize, units: usize,
) {
    let (u, g4, seq) = (units, 4 * units, batch * steps);
    let mut dz = vec![0.0f32; seq * g4];
    let wt = transpose(slice(kernel, in_dim * g4), in_dim, g4);
    let ut = transpose(slice(recurrent_kernel, u * g4), u, g4);
    let mut dh_next = vec![0.0f32; batch * u]; // dL/dh_t arriving through step t+1
    let mut dc_next = vec![0.0f32; batch * u]; // dL/dc_t arriving through step t+1
    let mut tanh_c = vec![0.0f32; u];
    let (c_s, gates_s, dh_s) = (slice(c, seq * u), slice(gates, seq * g4), slice(dh, seq * u));
    for t in (0..steps).rev() {
        for b in 0..batch {
            let (so, go) = ((b * steps + t) * u, (b * steps + t) * g4);
            let gs = &gates_s[go..go + g4];
            let dzs = &mut dz[go..go + g4];
            let (dhn, dcn) = (&mut dh_next[b * u..(b + 1) * u], &mut dc_next[b * u..(b + 1) * u]);
            unsafe { tanh_raw(c_s.as_ptr().add(so), tanh_c.as_mut_ptr(), u) };
            for j in 0..u {
                let (i, f, g, o) = (gs[j], gs[u + j], gs[2 * u + j], gs[3 * u + j]);
                let tc = tanh_c[j];
                let dhj = dh_s[so + j] + dhn[j];
                let dc = dcn[j] + dhj * o * (1.0 - tc * tc);
                let c_prev = if t > 0 { c_s[so - u + j] } else { 0.0 };
                dzs[j] = dc * g * i * (1.0 - i);
                dzs[u + j] = dc * c_prev * f * (1.0 - f);
                dzs[2 * u + j] = dc * i * (1.0 - g * g);
                dzs[3 * u + j] = dhj * tc * o * (1.0 - o);
                dcn[j] = dc * f;
            }
        }
        if t > 0 {
            for v in dh_next.iter_mut() {
                *v = 0.0;
            }
            // dh_next[b,:] = dz[b,t,:]·U^T
            unsafe { gemm_acc(batch, u, g4, dz.as_ptr().add(t * g4), steps * g4, 1, ut.as_ptr(), u, dh_next.as_mut_ptr(), u) };
        }
    }
    let (dx_s, dk_s, dr_s, db_s) = (slice_mut(dx, seq * in_dim), slice_mut(dkernel, in_dim * g4), slice_mut(drecurrent_kernel, u * g4), slice_mut(dbias, g4));
    for v in dx_s.iter_mut().chain(dk_s.iter_mut()).chain(dr_s.iter_mut()).chain(db_s.iter_mut()) {
        *v = 0.0;
    }
    for r in 0..seq {
        crate::simd::add_assign(db_s, &dz[r * g4..(r + 1) * g4]);
    }
    unsafe {
        // dx = dz·W^T; dW = x^T·dz; dU = Σ_b h[b,0..steps-1]^T·dz[b,1..steps]
        gemm_acc(seq, in_dim, g4, dz.as_ptr(), g4, 1, wt.as_ptr(), in_dim, dx, in_dim);
        gemm_acc(in_dim, g4, seq, x, 1, in_dim, dz.as_ptr(), g4, dkernel, g4);
        if steps > 1 {
            for b in 0..batch {
                let a = h.add(b * steps * u);
                let bz = dz.as_ptr().add((b * steps + 1) * g4);
                gemm_acc(u, g4, steps - 1, a, 1, u, bz, g4, drecurrent_kernel, g4);
            }
        }
    }
}

/// [rows, cols] → [cols, rows]
fn transpose(m: &[f32], rows: usize, cols: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; rows * cols];
    for r in 0..rows {
        for k in 0..cols {
            out[k * rows + r] = m[r * cols + k];
        }
    }
    out
}
