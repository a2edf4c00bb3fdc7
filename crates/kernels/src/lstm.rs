//! Keras LSTM forward over a whole sequence (gate order i, f, g, o; sigmoid recurrent activation,
//! tanh activation), for training (`lstm_forward`: every step's h, c and gates, which the backward
//! pass needs) and for inference (`lstm_predict`: h only).
//!
//! W and U are packed once per call into 16-column panels, one per unit block (the 16 gate columns
//! of four units, interleaved gate order, see `lstm_gemm.rs`). The input projection bias + x_t·W
//! does not depend on the recurrence, so it is computed ahead for a chunk of steps (one product
//! over batch × chunk rows, kept in L2). Each step then adds h_{t-1}·U (two batch rows × one unit
//! block at a time in registers, unit blocks outermost so their panels stay in L1 across the
//! batch) and applies the activations and the cell update to those registers (the GEMM's
//! epilogue: two cells of four units at a time, so their activation chains interleave): the
//! pre-activations never go back to memory; only h and c (and, for training, the gates) are stored.
//!
//! The projection's input rows are x's, or embedding rows picked by id (`Input`); for Embedding →
//! LSTM at inference, `embedding_lstm.rs` passes a table of projected rows per id instead, and
//! each step starts from a copy of its rows.

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
    forward(x, kernel, recurrent_kernel, bias, batch, steps, in_dim, units, Outputs::predict(h, return_sequences));
}

/// Where the forward pass writes; null pointers are skipped. Sequences are [batch, steps, ·].
pub(crate) struct Outputs {
    pub h_seq: *mut f32,
    pub c_seq: *mut f32,
    pub gates: *mut f32,
    pub h_last: *mut f32,
}

impl Outputs {
    /// Inference: every step's h into `h` when `return_sequences` != 0, else the last step's.
    pub(crate) fn predict(h: *mut f32, return_sequences: u32) -> Outputs {
        if return_sequences != 0 {
            Outputs { h_seq: h, c_seq: null_mut(), gates: null_mut(), h_last: null_mut() }
        } else {
            Outputs { h_seq: null_mut(), c_seq: null_mut(), gates: null_mut(), h_last: h }
        }
    }
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

/// Where each step's input projection bias + x_t·W (interleaved gate order) comes from.
pub(crate) enum Input<'a> {
    /// x [batch, steps, in_dim], projected a chunk of steps at a time.
    Rows(*const f32),
    /// x[b, t] = embeddings[ids[b·steps + t]] (rows of in_dim), projected a chunk at a time.
    Ids { ids: &'a [i32], embeddings: *const f32 },
    /// Embedding ids whose projections are precomputed: row id of `table` (gw floats) is
    /// bias + embeddings[id]·W. Nothing is projected.
    Table { ids: &'a [i32], table: *const f32 },
}

impl Input<'_> {
    /// The input row of batch row b at step t (not for `Table`).
    #[inline(always)]
    unsafe fn row(&self, b: usize, t: usize, steps: usize, in_dim: usize) -> *const f32 {
        match self {
            Input::Rows(x) => x.add((b * steps + t) * in_dim),
            Input::Ids { ids, embeddings } => embeddings.add(ids[b * steps + t] as usize * in_dim),
            Input::Table { .. } => unreachable!(),
        }
    }
}

/// The bias in the interleaved gate order (zeros in the padding columns).
pub(crate) fn gate_bias(bias: &[f32], u: usize) -> Vec<f32> {
    (0..NR * unit_blocks(u)).map(|col| gate_column(col, u).map_or(0.0, |gc| bias[gc])).collect()
}

#[allow(clippy::too_many_arguments)]
fn forward(
    x: *const f32, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32,
    batch: usize, steps: usize, in_dim: usize, u: usize, out: Outputs,
) {
    run(Input::Rows(x), kernel, recurrent_kernel, bias, batch, steps, in_dim, u, out);
}

/// The forward pass over a whole sequence from `input`, writing what `out` asks for.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run(
    input: Input, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32,
    batch: usize, steps: usize, in_dim: usize, u: usize, out: Outputs,
) {
    let (g4, nb) = (4 * u, unit_blocks(u));
    let (u4, gw) = (4 * nb, NR * nb);
    let table = match input {
        Input::Table { table, .. } => Some(table),
        _ => None,
    };
    let r = slice(recurrent_kernel, u * g4);
    // W and U as 16-column panels, one per unit block, in the interleaved gate order.
    let w_panels = if table.is_some() { Vec::new() } else { pack_gate_rows(slice(kernel, in_dim * g4), in_dim, u) };
    let u_panels = pack_gate_rows(r, u, u);
    let bias_p = if table.is_some() { Vec::new() } else { gate_bias(slice(bias, g4), u) };
    // With a table there is nothing to compute ahead: one step at a time.
    let chunk = if table.is_some() { 1 } else { (CHUNK_FLOATS / (batch * gw).max(1)).max(1) };
    // The first chunk writes all of pre before anything reads it (no zeroing pass needed).
    let pre_len = chunk.min(steps) * batch * gw;
    let mut pre: Vec<f32> = Vec::with_capacity(pre_len);
    let mut buf = vec![0.0f32; 4 * batch * u4];
    let base = buf.as_mut_ptr();
    let mut s = unsafe { State { h_prev: base, h_next: base.add(batch * u4), c_prev: base.add(2 * batch * u4), c_next: base.add(3 * batch * u4) } };
    let cell = Cell { steps, u, u4, out: &out };
    let mut rows: Vec<*const f32> = Vec::with_capacity(chunk.min(steps) * batch);
    let mut t0 = 0;
    while t0 < steps {
        let tc = chunk.min(steps - t0);
        if table.is_none() {
            // Row r of the chunk is batch row r % batch at step t0 + r / batch.
            rows.clear();
            for tt in 0..tc {
                for b in 0..batch {
                    rows.push(unsafe { input.row(b, t0 + tt, steps, in_dim) });
                }
            }
            let dst = pre.as_mut_ptr();
            // Safety: pre holds pre_len ≥ tc·batch·gw floats of capacity.
            unsafe { project(&rows, in_dim, &w_panels, &bias_p, gw, |r| dst.add(r * gw)) };
        }
        if t0 == 0 {
            // Safety: the first chunk wrote all pre_len floats (with a table, the first step does
            // below, before anything reads them).
            unsafe { pre.set_len(pre_len) };
        }
        for t in t0..t0 + tc {
            unsafe {
                let pre_t = pre.as_mut_ptr().add((t - t0) * batch * gw);
                if let (Some(table), Input::Table { ids, .. }) = (table, &input) {
                    // The step's table rows copied first: whole rows, independent loads that overlap
                    // their cache misses (read inside the product, each would stall a tile).
                    for b in 0..batch {
                        std::ptr::copy_nonoverlapping(table.add(ids[b * steps + t] as usize * gw), pre_t.add(b * gw), gw);
                    }
                }
                step(pre_t, t, &u_panels, batch, gw, &cell, &s);
                swap(&mut s.h_prev, &mut s.h_next);
                swap(&mut s.c_prev, &mut s.c_next);
            }
        }
        t0 += tc;
    }
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

/// dst(r)[..gw] = bias + rows[r]·W (interleaved gate order, W as panels of k rows) for every row:
/// the input projection of a chunk of steps ahead of the recurrence, or of embedding rows.
/// # Safety
/// Every `rows[r]` valid for k floats, every `dst(r)` for gw; panels hold gw/16 · k · 16 floats.
pub(crate) unsafe fn project(rows: &[*const f32], k: usize, w_panels: &[f32], bias: &[f32], gw: usize, dst: impl Fn(usize) -> *mut f32) {
    assert!(w_panels.len() >= gw * k && bias.len() >= gw);
    let n = rows.len();
    for q in 0..gw / NR {
        let panel = w_panels.as_ptr().add(q * k * NR);
        let init = load4(bias.as_ptr().add(q * NR));
        let mut r = 0;
        while r + 2 <= n {
            let mut acc = [init; 2];
            tile2(&mut acc, rows[r], rows[r + 1], k, panel);
            store4(acc[0], dst(r).add(q * NR));
            store4(acc[1], dst(r + 1).add(q * NR));
            r += 2;
        }
        if r < n {
            let mut acc = init;
            tile1(&mut acc, rows[r], k, panel);
            store4(acc, dst(r).add(q * NR));
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
