//! Keras LSTM forward over a whole sequence (gate order i, f, g, o; sigmoid recurrent activation,
//! tanh activation), for training (`lstm_forward`: every step's h, c and gates, which the backward
//! pass needs) and for inference (`lstm_predict`: h only).
//!
//! W is packed once per call into 16-column panels, one per unit block (the 16 gate columns of
//! four units, interleaved gate order, see `lstm_gemm.rs`). The input projection bias + x_t·W
//! does not depend on the recurrence, so it is computed ahead for a chunk of steps (one product
//! over batch × chunk rows, kept in L2); the recurrence then advances step by step
//! (`lstm_layer.rs`: h_{t-1}·U and the cell update in registers).
//!
//! The projection's input rows are x's, or embedding rows picked by id (`Input`); for Embedding →
//! LSTM at inference, `embedding_lstm.rs` passes a table of projected rows per id instead, and
//! each step starts from a copy of its rows.

use crate::lstm_gemm::{gate_column, pack_gate_rows, tile2, unit_blocks, NR};
use crate::lstm_layer::{load4, Recurrence};
use crate::lstm_math::V;
use crate::memory::slice;
use std::ptr::null_mut;

#[no_mangle]
pub extern "C" fn lstm_forward(
    x: *const f32, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32,
    h: *mut f32, c: *mut f32, gates: *mut f32,
    batch: usize, steps: usize, in_dim: usize, units: usize,
) {
    let out = Outputs { h_seq: h, c_seq: c, gates, h_last: null_mut() };
    run(Input::Rows(x), kernel, recurrent_kernel, bias, batch, steps, in_dim, units, out);
}

/// Inference: h of every step [batch, steps, units] when `return_sequences` != 0, else only the
/// last step's [batch, units]; nothing else is written.
#[no_mangle]
pub extern "C" fn lstm_predict(
    x: *const f32, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32, h: *mut f32,
    batch: usize, steps: usize, in_dim: usize, units: usize, return_sequences: u32,
) {
    run(Input::Rows(x), kernel, recurrent_kernel, bias, batch, steps, in_dim, units, Outputs::predict(h, return_sequences));
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

    /// Nothing written: the layer's h is read from its state (a first layer of a stacked pair).
    pub(crate) fn none() -> Outputs {
        Outputs { h_seq: null_mut(), c_seq: null_mut(), gates: null_mut(), h_last: null_mut() }
    }
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
    /// Writes bias + x_t·W of steps t0..t0+tc into `pre`: row r (gw floats) is batch row r % batch
    /// at step t0 + r / batch. `proj` (W's projection; None only for `Table`) and `rows` (scratch)
    /// serve the projected inputs.
    /// # Safety
    /// `pre` valid for tc · batch · gw floats; t0 + tc ≤ steps; every id < the table's rows.
    #[allow(clippy::too_many_arguments)]
    pub(crate) unsafe fn fill(
        &self, t0: usize, tc: usize, batch: usize, steps: usize, gw: usize,
        proj: Option<&Projection>, rows: &mut Vec<*const f32>, pre: *mut f32,
    ) {
        let at = |tt: usize, b: usize| b * steps + t0 + tt;
        if let Input::Table { ids, table } = self {
            // Whole rows copied ahead: independent loads that overlap their cache misses (read
            // inside the product, each would stall a tile).
            for tt in 0..tc {
                for b in 0..batch {
                    std::ptr::copy_nonoverlapping(table.add(ids[at(tt, b)] as usize * gw), pre.add((tt * batch + b) * gw), gw);
                }
            }
            return;
        }
        let proj = proj.expect("a projected input needs W's projection");
        rows.clear();
        for tt in 0..tc {
            for b in 0..batch {
                rows.push(match self {
                    Input::Rows(x) => x.add(at(tt, b) * proj.k),
                    Input::Ids { ids, embeddings } => embeddings.add(ids[at(tt, b)] as usize * proj.k),
                    Input::Table { .. } => unreachable!(),
                });
            }
        }
        proj.rows(rows, pre);
    }
}

/// bias + x·W for input rows of k floats: W [k, 4u] as panels, the bias in the interleaved order.
pub(crate) struct Projection {
    w_panels: Vec<f32>,
    bias: Vec<f32>,
    k: usize,
    gw: usize,
}

impl Projection {
    pub(crate) fn new(kernel: *const f32, bias: *const f32, k: usize, u: usize) -> Projection {
        let g4 = 4 * u;
        let bias = slice(bias, g4);
        let gate_bias = (0..NR * unit_blocks(u)).map(|col| gate_column(col, u).map_or(0.0, |gc| bias[gc])).collect();
        Projection { w_panels: pack_gate_rows(slice(kernel, k * g4), k, u), bias: gate_bias, k, gw: NR * unit_blocks(u) }
    }

    /// Row r of `dst` (gw floats, consecutive rows) = bias + rows[r]·W.
    /// # Safety
    /// As for `rows_to`, with dst valid for rows.len() · gw floats.
    pub(crate) unsafe fn rows(&self, rows: &[*const f32], dst: *mut f32) {
        self.rows_to(rows, |r| dst.add(r * self.gw));
    }

    /// dst(r)[..gw] = bias + rows[r]·W for every row, two rows at a time, in blocks of ROW_BLOCK
    /// rows (kept in L1) against every panel in turn: rows scattered through a sequence (each
    /// batch row's steps lie `steps` rows apart) re-read from L2 for every panel made the seed
    /// LSTM's first-layer forward 0.3–0.5 ms slower (9.6–9.9 against 9.3–9.4 ms). A lone last row is paired with itself, so
    /// every row is summed in the same order however the rows are grouped: a step's rows projected
    /// alone equal the same rows inside a chunk of steps, and a table row does not depend on which
    /// call filled it.
    /// # Safety
    /// Every `rows[r]` valid for k floats, every `dst(r)` for gw.
    pub(crate) unsafe fn rows_to(&self, rows: &[*const f32], dst: impl Fn(usize) -> *mut f32) {
        let (k, n) = (self.k, rows.len());
        assert!(self.w_panels.len() >= self.gw * k && self.bias.len() >= self.gw);
        for r0 in (0..n).step_by(ROW_BLOCK) {
            let block_end = (r0 + ROW_BLOCK).min(n);
            for q in 0..self.gw / NR {
                let panel = self.w_panels.as_ptr().add(q * k * NR);
                let init = load4(self.bias.as_ptr().add(q * NR));
                let mut r = r0;
                while r < block_end {
                    let r1 = (r + 1).min(n - 1);
                    let mut acc = [init; 2];
                    tile2(&mut acc, rows[r], rows[r1], k, panel);
                    store4(acc[0], dst(r).add(q * NR));
                    if r1 > r {
                        store4(acc[1], dst(r1).add(q * NR));
                    }
                    r += 2;
                }
            }
        }
    }
}

/// Input rows per block of `Projection::rows_to` (an even number, so pairs never straddle blocks).
const ROW_BLOCK: usize = 32;

/// The forward pass over a whole sequence from `input`, writing what `out` asks for.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run(
    input: Input, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32,
    batch: usize, steps: usize, in_dim: usize, u: usize, out: Outputs,
) {
    let mut layer = Recurrence::new(recurrent_kernel, batch, steps, u, out);
    let gw = layer.gw();
    let table = matches!(input, Input::Table { .. });
    let proj = if table { None } else { Some(Projection::new(kernel, bias, in_dim, u)) };
    // With a table there is nothing to compute ahead: one step at a time.
    let chunk = if table { 1 } else { (CHUNK_FLOATS / (batch * gw).max(1)).max(1) };
    // The first chunk writes all of pre before anything reads it (no zeroing pass needed).
    let pre_len = chunk.min(steps) * batch * gw;
    let mut pre: Vec<f32> = Vec::with_capacity(pre_len);
    let mut rows: Vec<*const f32> = Vec::with_capacity(if table { 0 } else { chunk.min(steps) * batch });
    let mut t0 = 0;
    while t0 < steps {
        let tc = chunk.min(steps - t0);
        // Safety: pre holds pre_len ≥ tc·batch·gw floats of capacity; ids were range-checked.
        unsafe { input.fill(t0, tc, batch, steps, gw, proj.as_ref(), &mut rows, pre.as_mut_ptr()) };
        if t0 == 0 {
            // Safety: the first chunk wrote all pre_len floats.
            unsafe { pre.set_len(pre_len) };
        }
        for tt in 0..tc {
            // Safety: step tt's rows lie inside pre; at most `steps` steps in all.
            unsafe { layer.step(pre.as_ptr().add(tt * batch * gw)) };
        }
        t0 += tc;
    }
}

#[inline(always)]
pub(crate) unsafe fn store4(v: [V; 4], p: *mut f32) {
    for (i, x) in v.iter().enumerate() {
        x.store(p.add(4 * i));
    }
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
