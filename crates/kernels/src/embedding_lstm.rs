//! LSTM inference on embedding rows (Embedding → LSTM): x[b, t] = embeddings[ids[b, t]].
//!
//! The input projection bias + x_t·W then depends only on the id, so it can be kept per id in a
//! table [vocab, gw] (interleaved gate order, see `lstm_gemm.rs`) that lives in WASM memory
//! across calls: each step copies its rows instead of multiplying, which removes about half of the
//! first LSTM layer's work. The table is filled lazily, one row per id the first time it occurs,
//! so a call never projects more rows than the plain kernel would; `filled[id]` != 0 marks the
//! rows that are valid. The TypeScript wrapper owns both buffers and passes `reset` != 0 when the
//! weights changed since they were filled (every row is then stale). Without a table (too large)
//! the rows are projected straight from the embedding, with no gathered copy of x.
//!
//! `embedding_lstm2_predict` runs a second LSTM on the first one's every-step output (Embedding →
//! LSTM → LSTM, as in the seed LSTM model). The two layers advance together, a block of steps at a
//! time (one step at batch ≥ 16): the first layer's steps, then the projection of their h and the
//! second layer's steps, so the first layer's output is never stored as a whole sequence (batch ×
//! steps × units floats of WASM heap; 1.6 MB at batch 64 in the seed model).

use crate::lstm::{run, Input, Outputs, Projection};
use crate::lstm_gemm::{unit_blocks, NR};
use crate::lstm_layer::Recurrence;
use crate::memory::{slice, slice_mut};

/// lstm_predict of embeddings[ids] (ids [batch, steps], in [0, vocab), range-checked by the
/// wrapper). `table` (vocab × 16·⌈units/4⌉ floats) and `filled` (vocab bytes) may be null: no table.
#[no_mangle]
pub extern "C" fn embedding_lstm_predict(
    ids: *const i32, embeddings: *const f32, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32,
    table: *mut f32, filled: *mut u8, reset: u32, h: *mut f32,
    batch: usize, steps: usize, vocab: usize, in_dim: usize, units: usize, return_sequences: u32,
) {
    let out = Outputs::predict(h, return_sequences);
    let ids = slice(ids, batch * steps);
    let input = embedding_input(ids, embeddings, kernel, bias, table, filled, reset, vocab, in_dim, units);
    run(input, kernel, recurrent_kernel, bias, batch, steps, in_dim, units, out);
}

/// Two stacked LSTM layers on embedding rows: embedding_lstm_predict with every step's h (units
/// wide), then lstm_predict of that (units2 wide) into `h`. Each row is projected and stepped
/// exactly as by those two kernels, so `h` equals the two calls' result bit for bit.
#[no_mangle]
pub extern "C" fn embedding_lstm2_predict(
    ids: *const i32, embeddings: *const f32, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32,
    table: *mut f32, filled: *mut u8, reset: u32,
    kernel2: *const f32, recurrent_kernel2: *const f32, bias2: *const f32, h: *mut f32,
    batch: usize, steps: usize, vocab: usize, in_dim: usize, units: usize, units2: usize, return_sequences: u32,
) {
    let ids = slice(ids, batch * steps);
    let input = embedding_input(ids, embeddings, kernel, bias, table, filled, reset, vocab, in_dim, units);
    let proj1 = match input {
        Input::Table { .. } => None,
        _ => Some(Projection::new(kernel, bias, in_dim, units)),
    };
    // The first layer writes nothing: its h is copied from its state into h1 after each step.
    let mut layer1 = Recurrence::new(recurrent_kernel, batch, steps, units, Outputs::none());
    let mut layer2 = Recurrence::new(recurrent_kernel2, batch, steps, units2, Outputs::predict(h, return_sequences));
    let proj2 = Projection::new(kernel2, bias2, units, units2);
    let (gw1, gw2) = (layer1.gw(), layer2.gw());
    let block = block_steps(batch).min(steps.max(1));
    let mut pre1 = vec![0.0f32; block * batch * gw1];
    let mut h1 = vec![0.0f32; block * batch * units];
    let mut pre2 = vec![0.0f32; block * batch * gw2];
    let mut rows: Vec<*const f32> = Vec::with_capacity(block * batch);
    let mut t0 = 0;
    while t0 < steps {
        let tc = block.min(steps - t0);
        // Safety: pre1, h1 and pre2 hold a block's rows (tc · batch ≤ block · batch); ids were
        // range-checked by the wrapper; each layer takes `steps` steps in all.
        unsafe {
            input.fill(t0, tc, batch, steps, gw1, proj1.as_ref(), &mut rows, pre1.as_mut_ptr());
            for tt in 0..tc {
                layer1.step(pre1.as_ptr().add(tt * batch * gw1));
                for b in 0..batch {
                    std::ptr::copy_nonoverlapping(layer1.h(b), h1.as_mut_ptr().add((tt * batch + b) * units), units);
                }
            }
            // Row r of the block is batch row r % batch at step t0 + r / batch.
            rows.clear();
            rows.extend((0..tc * batch).map(|r| h1.as_ptr().add(r * units)));
            proj2.rows(&rows, pre2.as_mut_ptr());
            for tt in 0..tc {
                layer2.step(pre2.as_ptr().add(tt * batch * gw2));
            }
        }
        t0 += tc;
    }
}

/// Fills the table rows of the `n` ids that have none yet (what the two kernels above do first), so
/// that calls on parts of a batch can then run at once and only read the table (kernel threads:
/// packages/kernels/src/kernels/embedding-lstm-predict.ts). Nothing to do without a table.
#[no_mangle]
pub extern "C" fn embedding_projection_fill(
    ids: *const i32, n: usize, embeddings: *const f32, kernel: *const f32, bias: *const f32,
    table: *mut f32, filled: *mut u8, reset: u32, vocab: usize, in_dim: usize, units: usize,
) {
    if !table.is_null() && !filled.is_null() {
        embedding_input(slice(ids, n), embeddings, kernel, bias, table, filled, reset, vocab, in_dim, units);
    }
}

/// Steps the fused loop takes per block: enough for BLOCK_ROWS rows of the second layer's input,
/// projected together (W's panels are reused across them), and at least two for an odd batch so
/// the rows pair up (`Projection::rows_to` computes a lone row as a pair with itself: twice the
/// work). At batch ≥ 16 a block is one step (two for an odd batch).
fn block_steps(batch: usize) -> usize {
    let rows = (BLOCK_ROWS + batch.max(1) - 1) / batch.max(1);
    rows.max(1 + batch % 2)
}

const BLOCK_ROWS: usize = 16;

/// The first layer's input: the table of projected rows per id (filling the rows of the ids that
/// have none yet), or the embedding rows themselves when there is no table.
#[allow(clippy::too_many_arguments)]
fn embedding_input<'a>(
    ids: &'a [i32], embeddings: *const f32, kernel: *const f32, bias: *const f32,
    table: *mut f32, filled: *mut u8, reset: u32, vocab: usize, in_dim: usize, units: usize,
) -> Input<'a> {
    if table.is_null() || filled.is_null() {
        return Input::Ids { ids, embeddings };
    }
    let gw = NR * unit_blocks(units);
    let filled = slice_mut(filled, vocab);
    if reset != 0 {
        filled.fill(0);
    }
    // The ids with no valid row yet, each once.
    let mut missing: Vec<*const f32> = Vec::new();
    let mut missing_ids: Vec<usize> = Vec::new();
    for &id in ids {
        let id = id as usize;
        if filled[id] == 0 {
            filled[id] = 1;
            missing_ids.push(id);
            // Safety: id < vocab (checked by the wrapper), rows of in_dim floats.
            missing.push(unsafe { embeddings.add(id * in_dim) });
        }
    }
    // A row's bits do not depend on which call filled it (`Projection::rows_to` sums every row in
    // the same order), so results never depend on the order of earlier calls.
    if !missing.is_empty() {
        let proj = Projection::new(kernel, bias, in_dim, units);
        // Safety: every id < vocab, so each destination row lies inside the table.
        unsafe { proj.rows_to(&missing, |r| table.add(missing_ids[r] * gw)) };
    }
    Input::Table { ids, table }
}
