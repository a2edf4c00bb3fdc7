//! Embedding lookup (row gather) and its gradient (row scatter-add into the zeroed table gradient).

use crate::memory::{slice, slice_mut};
use crate::simd::add_assign;

/// out[i,:] = table[ids[i],:]. Ids were range-checked by the TypeScript wrapper.
#[no_mangle]
pub extern "C" fn embedding(table: *const f32, ids: *const i32, out: *mut f32, n: usize, dim: usize, vocab: usize) {
    let (table, ids, out) = (slice(table, vocab * dim), slice(ids, n), slice_mut(out, n * dim));
    for i in 0..n {
        let row = ids[i] as usize * dim;
        out[i * dim..(i + 1) * dim].copy_from_slice(&table[row..row + dim]);
    }
}

/// The table gradient [vocab, dim]: zeros, then dtable[ids[i],:] += dy[i,:] in order of i, so each
/// row is exactly what the reference's zeros + dy[i] + dy[j] + … gives. Written whole here and
/// copied out once: placing compact rows into a zeroed array in JavaScript took a fresh array per
/// call (a page fault per 4 KB on first write) and a loop over the rows. Ids were range-checked
/// by the TypeScript wrapper.
#[no_mangle]
pub extern "C" fn embedding_backward(ids: *const i32, dy: *const f32, dtable: *mut f32, n: usize, dim: usize, vocab: usize) {
    let (ids, dy, dtable) = (slice(ids, n), slice(dy, n * dim), slice_mut(dtable, vocab * dim));
    dtable.fill(0.0);
    for (i, &id) in ids.iter().enumerate() {
        let row = id as usize * dim;
        add_assign(&mut dtable[row..row + dim], &dy[i * dim..(i + 1) * dim]);
    }
}
