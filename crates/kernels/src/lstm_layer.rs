//! One LSTM layer's recurrence, advanced one step at a time (`Recurrence`): U packed as 16-column
//! panels (one per unit block, interleaved gate order, see `lstm_gemm.rs`), the running h and c of
//! every batch row, and where the outputs go. A step takes the input projection bias + x_t·W of
//! every batch row (computed by the caller) and adds h_{t-1}·U (two batch rows × one unit block at
//! a time in registers, unit blocks outermost so their panels stay in L1 across the batch), then
//! applies the activations and the cell update to those registers (the GEMM's epilogue: two cells
//! of four units at a time, so their activation chains interleave): the pre-activations never go
//! back to memory; only h and c (and, for training, the gates) are stored.
//!
//! `lstm.rs` drives one layer over a whole sequence with it; `embedding_lstm.rs` advances two
//! stacked layers together.

use crate::lstm::{store_lanes, Outputs};
use crate::lstm_gemm::{pack_gate_rows, tile1, tile1x2, tile2, unit_blocks, NR};
use crate::lstm_math::{sigmoid_n, tanh_n, V};
use crate::memory::slice;
use std::ptr::swap;

/// One layer's packed U, state and outputs; `step` advances every batch row by one step.
pub(crate) struct Recurrence {
    u_panels: Vec<f32>,
    /// Backs the four state rows of `s` (never touched directly).
    _state: Vec<f32>,
    s: State,
    cell: Cell,
    batch: usize,
    gw: usize,
    /// The next step's index.
    t: usize,
}

impl Recurrence {
    /// A layer of `u` units (U is [u, 4u], Keras gate order) over `steps` steps from a zero state.
    pub(crate) fn new(recurrent_kernel: *const f32, batch: usize, steps: usize, u: usize, out: Outputs) -> Recurrence {
        let nb = unit_blocks(u);
        let (u4, gw) = (4 * nb, NR * nb);
        let u_panels = pack_gate_rows(slice(recurrent_kernel, u * 4 * u), u, u);
        let mut state = vec![0.0f32; 4 * batch * u4];
        let base = state.as_mut_ptr();
        // Safety: the four rows of batch · u4 floats lie inside `state`, whose heap block does not
        // move when the Vec is moved into the struct.
        let s = unsafe { State { h_prev: base, h_next: base.add(batch * u4), c_prev: base.add(2 * batch * u4), c_next: base.add(3 * batch * u4) } };
        Recurrence { u_panels, _state: state, s, cell: Cell { steps, u, u4, out }, batch, gw, t: 0 }
    }

    /// Floats of one batch row's pre-activations (16 per unit block).
    pub(crate) fn gw(&self) -> usize {
        self.gw
    }

    /// Batch row b's h after the last step (u floats; the row is padded to whole unit blocks).
    pub(crate) fn h(&self, b: usize) -> *const f32 {
        self.s.h_prev.wrapping_add(b * self.cell.u4)
    }

    /// Advances every batch row by one step from `pre`: batch rows of gw floats, bias + x_t·W in
    /// the interleaved gate order.
    /// # Safety
    /// `pre` valid for batch · gw floats; at most `steps` calls.
    pub(crate) unsafe fn step(&mut self, pre: *const f32) {
        step(pre, self.t, &self.u_panels, self.batch, self.gw, &self.cell, &self.s);
        swap(&mut self.s.h_prev, &mut self.s.h_next);
        swap(&mut self.s.c_prev, &mut self.s.c_next);
        self.t += 1;
    }
}

/// The running state of every batch row (unit stride `u4`, padded to whole unit blocks).
struct State {
    h_prev: *mut f32,
    h_next: *mut f32,
    c_prev: *mut f32,
    c_next: *mut f32,
}

/// One step for every batch row: z = pre + h_{t-1}·U (no product at t = 0: the state starts at
/// zero), two batch rows × one unit block (16 columns: i, f, g, o of four units) at a time in
/// registers, then the activations and the cell update straight from those registers, so z never
/// goes back to memory (rows of pre have gw floats). Unit blocks outermost so their panels stay in
/// L1 across the batch; a lone batch row (batch 1, or odd) takes two unit blocks at once, to keep
/// eight sums in flight.
unsafe fn step(pre: *const f32, t: usize, u_panels: &[f32], batch: usize, gw: usize, cell: &Cell, s: &State) {
    let (nb, u) = (gw / NR, cell.u);
    assert!(u_panels.len() >= nb * u * NR);
    let row = |b: usize, q: usize| pre.add(b * gw + q * NR);
    let h_row = |b: usize| s.h_prev.add(b * cell.u4);
    for q in (0..nb).step_by(2) {
        let pair = q + 1 < nb;
        for qq in q..q + 1 + pair as usize {
            let panel = u_panels.as_ptr().add(qq * u * NR);
            for b in (0..batch - batch % 2).step_by(2) {
                let mut acc = [load4(row(b, qq)), load4(row(b + 1, qq))];
                if t > 0 {
                    tile2(&mut acc, h_row(b), h_row(b + 1), u, panel);
                }
                cell.update(acc, [(b, qq), (b + 1, qq)], t, s);
            }
        }
        if batch % 2 == 1 {
            let b = batch - 1;
            let panel = u_panels.as_ptr().add(q * u * NR);
            if pair {
                let mut acc = [load4(row(b, q)), load4(row(b, q + 1))];
                if t > 0 {
                    tile1x2(&mut acc, h_row(b), u, panel, panel.add(u * NR));
                }
                cell.update(acc, [(b, q), (b, q + 1)], t, s);
            } else {
                let mut acc = load4(row(b, q));
                if t > 0 {
                    tile1(&mut acc, h_row(b), u, panel);
                }
                cell.update([acc], [(b, q)], t, s);
            }
        }
    }
}

#[inline(always)]
pub(crate) unsafe fn load4(p: *const f32) -> [V; 4] {
    [V::load(p), V::load(p.add(4)), V::load(p.add(8)), V::load(p.add(12))]
}

struct Cell {
    steps: usize,
    u: usize,
    u4: usize,
    out: Outputs,
}

impl Cell {
    /// Activates the pre-activations `z` (i, f, g, o of units 4q..4q+3) of C cells (batch row b,
    /// unit block q) at step t, updates the state and writes the wanted outputs.
    /// C cells at once interleave their activation chains (see `exp_n`).
    #[inline(always)]
    unsafe fn update<const C: usize>(&self, z: [[V; 4]; C], cells: [(usize, usize); C], t: usize, s: &State) {
        let mut ifo = [[V::splat(0.0); 3]; C];
        let mut g = [V::splat(0.0); C];
        for k in 0..C {
            ifo[k] = [z[k][0], z[k][1], z[k][3]];
            g[k] = z[k][2];
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
        let out = &self.out;
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
