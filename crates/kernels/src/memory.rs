//! Heap allocation for the TypeScript side: it reserves scratch space here and copies tensors in.
//!
//! Every allocation goes through `Tracked`, which remembers the size of the last request the heap
//! could not satisfy. Kernels allocate their internal buffers with `Vec`, and a failed `Vec`
//! allocation aborts (a wasm `unreachable` trap, not a return value); after such a trap the
//! TypeScript side asks `last_alloc_failure` whether it was memory exhaustion, so it can raise a
//! typed KernelMemoryError rather than pass on an opaque RuntimeError.

use std::alloc::{alloc, dealloc, GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::shared_heap;

const ALIGN: usize = 16;

/// Bytes of the last allocation request that failed (0: none since the last query).
static LAST_FAILURE: AtomicUsize = AtomicUsize::new(0);

struct Tracked;

unsafe impl GlobalAlloc for Tracked {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = shared_heap::alloc(layout);
        if ptr.is_null() {
            LAST_FAILURE.store(layout.size().max(1), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = shared_heap::alloc_zeroed(layout);
        if ptr.is_null() {
            LAST_FAILURE.store(layout.size().max(1), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shared_heap::dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let out = shared_heap::realloc(ptr, layout, new_size);
        if out.is_null() {
            LAST_FAILURE.store(new_size.max(1), Ordering::Relaxed);
        }
        out
    }
}

#[global_allocator]
static ALLOCATOR: Tracked = Tracked;

/// Returns the byte size of the last allocation that failed since the previous call, and clears it.
#[no_mangle]
pub extern "C" fn last_alloc_failure() -> usize {
    LAST_FAILURE.swap(0, Ordering::Relaxed)
}

/// Allocates `bytes` bytes aligned to 16; returns 0 when the heap cannot grow.
#[no_mangle]
pub extern "C" fn alloc_bytes(bytes: usize) -> *mut u8 {
    match Layout::from_size_align(bytes.max(1), ALIGN) {
        Ok(layout) => unsafe { alloc(layout) },
        Err(_) => std::ptr::null_mut(),
    }
}

/// Frees memory from `alloc_bytes`; `bytes` must be the size it was allocated with.
#[no_mangle]
pub extern "C" fn free_bytes(ptr: *mut u8, bytes: usize) {
    if ptr.is_null() {
        return;
    }
    if let Ok(layout) = Layout::from_size_align(bytes.max(1), ALIGN) {
        unsafe { dealloc(ptr, layout) }
    }
}

/// Views a kernel argument as a slice; the TypeScript wrapper guarantees `len` valid elements.
pub(crate) fn slice<'a, T>(ptr: *const T, len: usize) -> &'a [T] {
    if len == 0 {
        return &[];
    }
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// Views a kernel output as a mutable slice.
pub(crate) fn slice_mut<'a, T>(ptr: *mut T, len: usize) -> &'a mut [T] {
    if len == 0 {
        return &mut [];
    }
    unsafe { std::slice::from_raw_parts_mut(ptr, len) }
}

