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
//! `embedding_lstm2_predict` runs a second LSTM on the first one's every-step output, which then
//! stays in WASM memory (Embedding → LSTM → LSTM, as in the seed LSTM model).

use crate::lstm::{gate_bias, project, run, Input, Outputs};
use crate::lstm_gemm::{pack_gate_rows, unit_blocks, NR};
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
    embedding_run(ids, embeddings, kernel, recurrent_kernel, bias, table, filled, reset, batch, steps, vocab, in_dim, units, out);
}

/// Two stacked LSTM layers on embedding rows: embedding_lstm_predict with every step's h (units
/// wide), kept in WASM memory, then lstm_predict of that (units2 wide) into `h`. Both layers run
/// exactly as their own kernels would, so `h` equals the two calls' result bit for bit.
#[no_mangle]
pub extern "C" fn embedding_lstm2_predict(
    ids: *const i32, embeddings: *const f32, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32,
    table: *mut f32, filled: *mut u8, reset: u32,
    kernel2: *const f32, recurrent_kernel2: *const f32, bias2: *const f32, h: *mut f32,
    batch: usize, steps: usize, vocab: usize, in_dim: usize, units: usize, units2: usize, return_sequences: u32,
) {
    let ids = slice(ids, batch * steps);
    // No zeroing pass: the first layer writes every element of h1.
    let len = batch * steps * units;
    let mut h1: Vec<f32> = Vec::with_capacity(len);
    embedding_run(ids, embeddings, kernel, recurrent_kernel, bias, table, filled, reset, batch, steps, vocab, in_dim, units, Outputs::predict(h1.as_mut_ptr(), 1));
    // Safety: the first layer wrote all len floats (every step's h of every batch row).
    unsafe { h1.set_len(len) };
    run(Input::Rows(h1.as_ptr()), kernel2, recurrent_kernel2, bias2, batch, steps, units, units2, Outputs::predict(h, return_sequences));
}

/// The body of embedding_lstm_predict, writing what `out` asks for.
#[allow(clippy::too_many_arguments)]
fn embedding_run(
    ids: &[i32], embeddings: *const f32, kernel: *const f32, recurrent_kernel: *const f32, bias: *const f32,
    table: *mut f32, filled: *mut u8, reset: u32,
    batch: usize, steps: usize, vocab: usize, in_dim: usize, units: usize, out: Outputs,
) {
    if table.is_null() || filled.is_null() {
        let input = Input::Ids { ids, embeddings };
        run(input, kernel, recurrent_kernel, bias, batch, steps, in_dim, units, out);
        return;
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
    // `project` fills rows in pairs and a lone last row with another summation order; a row's bits
    // must not depend on which call filled it (results would depend on the order of earlier
    // calls), so an odd last row is paired with itself.
    if missing.len() % 2 == 1 {
        missing.push(missing[missing.len() - 1]);
        missing_ids.push(missing_ids[missing_ids.len() - 1]);
    }
    if !missing.is_empty() {
        let g4 = 4 * units;
        let w_panels = pack_gate_rows(slice(kernel, in_dim * g4), in_dim, units);
        let bias_p = gate_bias(slice(bias, g4), units);
        // Safety: every id < vocab, so each destination row lies inside the table.
        unsafe { project(&missing, in_dim, &w_panels, &bias_p, gw, |r| table.add(missing_ids[r] * gw)) };
    }
    run(Input::Table { ids, table }, kernel, recurrent_kernel, bias, batch, steps, in_dim, units, out);
}
