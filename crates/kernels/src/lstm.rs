//! Keras LSTM forward over a whole sequence (gate order i, f, g, o; sigmoid recurrent activation,
//! tanh activation), for training (`lstm_forward`: every step's h, c and gates, which the backward
//! pass needs) and for inference (`lstm_predict`: h only).
//!
//! W and U are packed once per call into 16-column panels, one per unit block (the 16 gate columns
//! of four units, interleaved gate order, see `lstm_gemm.rs`). The input projection bias + x_t·W
//! does not depend on the recurrence, so it is computed ahead for a chunk of steps (one product
//! over batch × chunk rows, kept in L2). Each step then adds h_{t-1}·U (two batch rows × one unit
//! block at a time in registers, unit blocks outermost so their panels stay in L1 across the
//! batch), and a pass over the step's pre-activations, still in L1, applies the activations and
//! the cell update, two cells of four units at a time so their activation chains interleave:
//! only h and c (and, for training, the gates) are stored.

use crate::lstm_gemm::{gate_column, pack_gate_rows, tile1, tile1x2, tile2, unit_blocks, NR};
use crate::lstm_math::{sigmoid_n, tanh_n, V};
use crate::memory::slice;
use std::ptr::{null_mut, swap};

#[no_mangle]
pub extern "C" fn lstm_forward(
    x: *const f32, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32,
    h: *mut f32, c: *mut f32, gates: *mut f32,
    batch: usize, steps: usize, in_dim: usize, units: usize,
) {
    let out = Outputs { h_seq: h, c_seq: c, gates, h_last: null_mut() };
    forward(x, kernel, recurrent_kernel, bias, batch, steps, in_dim, units, out);
}

/// Inference: h of every step [batch, steps, units] when `return_sequences` != 0, else only the
/// last step's [batch, units]; nothing else is written.
#[no_mangle]
pub extern "C" fn lstm_predict(
    x: *const f32, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32, h: *mut f32,
    batch: usize, steps: usize, in_dim: usize, units: usize, return_sequences: u32,
) {
    let out = if return_sequences != 0 {
        Outputs { h_seq: h, c_seq: null_mut(), gates: null_mut(), h_last: null_mut() }
    } else {
        Outputs { h_seq: null_mut(), c_seq: null_mut(), gates: null_mut(), h_last: h }
    };
    forward(x, kernel, recurrent_kernel, bias, batch, steps, in_dim, units, out);
}

/// Where the forward pass writes; null pointers are skipped. Sequences are [batch, steps, ·].
struct Outputs {
    h_seq: *mut f32,
    c_seq: *mut f32,
    gates: *mut f32,
    h_last: *mut f32,
}

/// The running state of every batch row (unit stride `u4`, padded to whole unit blocks).
struct State {
    h_prev: *mut f32,
    h_next: *mut f32,
    c_prev: *mut f32,
    c_next: *mut f32,
}

/// Floats of input projection computed ahead of the recurrence (a chunk of steps, kept in L2).
const CHUNK_FLOATS: usize = 1 << 16;

#[allow(clippy::too_many_arguments)]
fn forward(
    x: *const f32, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32,
    batch: usize, steps: usize, in_dim: usize, u: usize, out: Outputs,
) {
    let (g4, nb) = (4 * u, unit_blocks(u));
    let (u4, gw) = (4 * nb, NR * nb);
    let (w, r, bias) = (slice(kernel, in_dim * g4), slice(recurrent_kernel, u * g4), slice(bias, g4));
    // W and U as 16-column panels, one per unit block, in the interleaved gate order.
    let (w_panels, u_panels) = (pack_gate_rows(w, in_dim, u), pack_gate_rows(r, u, u));
    let bias_p: Vec<f32> = (0..gw).map(|col| gate_column(col, u).map_or(0.0, |gc| bias[gc])).collect();
    let chunk = (CHUNK_FLOATS / (batch * gw).max(1)).max(1);
    // The first chunk writes all of pre before anything reads it (no zeroing pass needed).
    let pre_len = chunk.min(steps) * batch * gw;
    let mut pre: Vec<f32> = Vec::with_capacity(pre_len);
    let mut buf = vec![0.0f32; 4 * batch * u4];
    let base = buf.as_mut_ptr();
    let mut s = unsafe { State { h_prev: base, h_next: base.add(batch * u4), c_prev: base.add(2 * batch * u4), c_next: base.add(3 * batch * u4) } };
    let cell = Cell { steps, u, u4, out: &out };
    let proj = Projection { x, w_panels: &w_panels, bias: &bias_p, batch, steps, in_dim, gw };
    let mut t0 = 0;
    while t0 < steps {
        let tc = chunk.min(steps - t0);
        // Safety: pre holds pre_len floats of capacity, and tc·batch rows of gw are written.
        unsafe { proj.run(t0, tc, pre.as_mut_ptr(), pre_len) };
        if t0 == 0 {
            // Safety: the first chunk (tc = chunk.min(steps)) wrote all pre_len floats.
            unsafe { pre.set_len(pre_len) };
        }
        for t in t0..t0 + tc {
            unsafe {
                let pre_t = pre.as_mut_ptr().add((t - t0) * batch * gw);
                if t > 0 {
                    recurrent(pre_t, s.h_prev, &u_panels, batch, u, gw);
                }
                // The activations and the cell update in a pass of their own: independent
                // iterations, so the long dependency chains of exp and division overlap.
                for b in 0..batch {
                    let mut q = 0;
                    while q + 2 <= nb {
                        cell.update(pre_t, gw, [(b, q), (b, q + 1)], t, &s);
                        q += 2;
                    }
                    if q < nb {
                        cell.update(pre_t, gw, [(b, q)], t, &s);
                    }
                }
                swap(&mut s.h_prev, &mut s.h_next);
                swap(&mut s.c_prev, &mut s.c_next);
            }
        }
        t0 += tc;
    }
}

/// pre[b, :] += h[b, :]·U for every batch row (rows of pre have gw floats, rows of h u4).
/// Unit blocks two at a time: both panels stay in L1 across the batch, and a lone batch row
/// (batch 1, or odd) still keeps eight sums in flight.
unsafe fn recurrent(pre: *mut f32, h: *const f32, u_panels: &[f32], batch: usize, u: usize, gw: usize) {
    let (nb, u4) = (gw / NR, 4 * unit_blocks(u));
    assert!(u_panels.len() >= nb * u * NR);
    let row = |b: usize, q: usize| pre.add(b * gw + q * NR);
    let h_row = |b: usize| h.add(b * u4);
    for q in (0..nb).step_by(2) {
        let pair = q + 1 < nb;
        for qq in q..q + 1 + pair as usize {
            let panel = u_panels.as_ptr().add(qq * u * NR);
            for b in (0..batch - batch % 2).step_by(2) {
                let mut acc = [load4(row(b, qq)), load4(row(b + 1, qq))];
                tile2(&mut acc, h_row(b), h_row(b + 1), u, panel);
                store4(acc[0], row(b, qq));
                store4(acc[1], row(b + 1, qq));
            }
        }
        if batch % 2 == 1 {
            let b = batch - 1;
            let panel = u_panels.as_ptr().add(q * u * NR);
            if pair {
                let mut acc = [load4(row(b, q)), load4(row(b, q + 1))];
                tile1x2(&mut acc, h_row(b), u, panel, panel.add(u * NR));
                store4(acc[0], row(b, q));
                store4(acc[1], row(b, q + 1));
            } else {
                let mut acc = load4(row(b, q));
                tile1(&mut acc, h_row(b), u, panel);
                store4(acc, row(b, q));
            }
        }
    }
}

/// The input projection bias + x_t·W of a chunk of steps, ahead of the recurrence.
struct Projection<'a> {
    x: *const f32,
    w_panels: &'a [f32],
    bias: &'a [f32],
    batch: usize,
    steps: usize,
    in_dim: usize,
    gw: usize,
}

impl Projection<'_> {
    /// pre[(t - t0)·batch + b, :] = bias + x[b, t, :]·W (interleaved gate order), t in t0..t0+tc.
    /// # Safety
    /// `out` must be valid for `len` floats of writes.
    unsafe fn run(&self, t0: usize, tc: usize, out: *mut f32, len: usize) {
        let (batch, gw, k) = (self.batch, self.gw, self.in_dim);
        let rows = tc * batch;
        assert!(len >= rows * gw);
        // Row r is x[b = r % batch, t0 + r / batch]; addresses computed once (no divisions in the loop).
        let mut rows_x: Vec<*const f32> = Vec::with_capacity(rows);
        for tt in 0..tc {
            for b in 0..batch {
                rows_x.push(self.x.add((b * self.steps + t0 + tt) * k));
            }
        }
        let x_row = |r: usize| rows_x[r];
        for q in 0..gw / NR {
            {
                let panel = self.w_panels.as_ptr().add(q * k * NR);
                let init = load4(self.bias.as_ptr().add(q * NR));
                let dst = |r: usize| out.add(r * gw + q * NR);
                let mut r = 0;
                while r + 2 <= rows {
                    let mut acc = [init; 2];
                    tile2(&mut acc, x_row(r), x_row(r + 1), k, panel);
                    store4(acc[0], dst(r));
                    store4(acc[1], dst(r + 1));
                    r += 2;
                }
                if r < rows {
                    let mut acc = init;
                    tile1(&mut acc, x_row(r), k, panel);
                    store4(acc, dst(r));
                }
            }
        }
    }
}

#[inline(always)]
unsafe fn load4(p: *const f32) -> [V; 4] {
    [V::load(p), V::load(p.add(4)), V::load(p.add(8)), V::load(p.add(12))]
}

#[inline(always)]
pub(crate) unsafe fn store4(v: [V; 4], p: *mut f32) {
    for (i, x) in v.iter().enumerate() {
        x.store(p.add(4 * i));
    }
}

struct Cell<'a> {
    steps: usize,
    u: usize,
    u4: usize,
    out: &'a Outputs,
}

impl Cell<'_> {
    /// Activates the pre-activations (i, f, g, o of units 4q..4q+3 at pre[b·gw + 16q]) of C cells
    /// (batch row b, unit block q) at step t, updates the state and writes the wanted outputs.
    /// C cells at once interleave their activation chains (see `exp_n`).
    #[inline(always)]
    unsafe fn update<const C: usize>(&self, pre: *const f32, gw: usize, cells: [(usize, usize); C], t: usize, s: &State) {
        let mut ifo = [[V::splat(0.0); 3]; C];
        let mut g = [V::splat(0.0); C];
        for (k, &(b, q)) in cells.iter().enumerate() {
            let z = pre.add(b * gw + q * NR);
            ifo[k] = [V::load(z), V::load(z.add(4)), V::load(z.add(12))];
            g[k] = V::load(z.add(8));
        }
        let ifo = sigmoid_rows(ifo);
        let g = tanh_n(g);
        let mut c = g;
        for (k, &(b, q)) in cells.iter().enumerate() {
            c[k] = ifo[k][1].mul(V::load(s.c_prev.add(b * self.u4 + 4 * q))).mul_add(ifo[k][0], g[k]);
        }
        let tc = tanh_n(c);
        for (k, &(b, q)) in cells.iter().enumerate() {
            let [i, f, o] = ifo[k];
            self.write(i, f, g[k], o, c[k], o.mul(tc[k]), b, t, q, s);
        }
    }

    /// Stores one cell's new state and the wanted outputs.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    unsafe fn write(&self, i: V, f: V, g: V, o: V, c: V, h: V, b: usize, t: usize, q: usize, s: &State) {
        let (u, o4) = (self.u, b * self.u4 + 4 * q);
        c.store(s.c_next.add(o4));
        h.store(s.h_next.add(o4));
        let n = (u - 4 * q).min(4);
        let out = self.out;
        let row = b * self.steps + t;
        if !out.h_seq.is_null() {
            store_lanes(h, out.h_seq.add(row * u + 4 * q), n);
        }
        if !out.c_seq.is_null() {
            store_lanes(c, out.c_seq.add(row * u + 4 * q), n);
        }
        if !out.gates.is_null() {
            let p = out.gates.add(row * 4 * u + 4 * q);
            store_lanes(i, p, n);
            store_lanes(f, p.add(u), n);
            store_lanes(g, p.add(2 * u), n);
            store_lanes(o, p.add(3 * u), n);
        }
        if !out.h_last.is_null() && t + 1 == self.steps {
            store_lanes(h, out.h_last.add(b * u + 4 * q), n);
        }
    }
}

/// sigmoid of C rows of three vectors (i, f, o), two rows to one interleaved batch of six.
#[inline(always)]
fn sigmoid_rows<const C: usize>(x: [[V; 3]; C]) -> [[V; 3]; C] {
    let mut out = x;
    let mut k = 0;
    while k + 2 <= C {
        let y = sigmoid_n([x[k][0], x[k][1], x[k][2], x[k + 1][0], x[k + 1][1], x[k + 1][2]]);
        out[k] = [y[0], y[1], y[2]];
        out[k + 1] = [y[3], y[4], y[5]];
        k += 2;
    }
    if k < C {
        out[k] = sigmoid_n(x[k]);
    }
    out
}

/// Stores the first `n` (1..=4) lanes of `v` at `p`.
#[inline(always)]
pub(crate) unsafe fn store_lanes(v: V, p: *mut f32, n: usize) {
    if n == 4 {
        v.store(p);
    } else {
        let a = v.to_array();
        for l in 0..n {
            *p.add(l) = a[l];
        }
    }
}

/// Loads `n` (1..=4) floats at `p` into the first lanes, zeros in the rest.
#[inline(always)]
pub(crate) unsafe fn load_lanes(p: *const f32, n: usize) -> V {
    if n == 4 {
        V::load(p)
    } else {
        let mut a = [0.0f32; 4];
        for l in 0..n {
            a[l] = *p.add(l);
        }
        V::load(a.as_ptr())
    }
}
