//! Embedding lookup (row gather) and its gradient (row scatter-add), kept sparse: the gradient of
//! a [vocab, dim] table has non-zero rows only where an id occurs, so the backward kernel returns
//! those rows compactly and the TypeScript wrapper places them into the zeroed table gradient.

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

/// The non-zero rows of the table gradient: unique[s] is the s-th distinct id in order of first
/// occurrence and rows[s,:] = Σ dy[i,:] over the i with ids[i] = unique[s], summed in order of i
/// (so each row is exactly what zeros + dy[i] + dy[j] + … gives). Returns the number of distinct
/// ids; unique and rows must hold n and n·dim. Ids were range-checked by the TypeScript wrapper.
#[no_mangle]
pub extern "C" fn embedding_backward(ids: *const i32, dy: *const f32, unique: *mut i32, rows: *mut f32, n: usize, dim: usize, vocab: usize) -> usize {
    let (ids, dy) = (slice(ids, n), slice(dy, n * dim));
    let (unique, rows) = (slice_mut(unique, n), slice_mut(rows, n * dim));
    let mut slot = vec![usize::MAX; vocab];
    let mut count = 0;
    for i in 0..n {
        let id = ids[i] as usize;
        let src = &dy[i * dim..(i + 1) * dim];
        if slot[id] == usize::MAX {
            slot[id] = count;
            unique[count] = ids[i];
            rows[count * dim..(count + 1) * dim].copy_from_slice(src);
            count += 1;
        } else {
            let s = slot[id];
            add_assign(&mut rows[s * dim..(s + 1) * dim], src);
        }
    }
    count
}
