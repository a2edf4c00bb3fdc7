//! One heap, two threads (the shared-memory build, wasm32-wasip1-threads; packages/kernels/src/
//! threads.ts). When a thread's allocation grows the shared memory, V8 gives the other thread's
//! instance the new size lazily, when that thread next handles interrupts. Until then its accesses
//! past the old size trap ("memory access out of bounds"), and the allocator may hand it memory from
//! the grown part, e.g. for its half of a split kernel call. That failed 6 of 800 fresh processes on
//! their first seed-CNN predicts with kernel threads, in either thread; with this file none of 800
//! did (bench/threads-startup.stress.mjs).
//!
//! So every allocator call runs under one lock, and when the other thread's calls grew the memory
//! since, first makes a host call (`sched_yield`), where V8 handles pending interrupts: the growth
//! is then in this thread's view before the allocator touches it. Zeroing a block is left outside
//! the lock. (When the seed CNN allocated about 2,700 times a predict on two threads, a host call on
//! every allocation with zeroing under the lock made it about 3% slower; this form, about 1% or less.
//! The Winograd convolution now keeps its buffers per call, about 1,440 allocations fewer.)

use std::alloc::{GlobalAlloc, Layout, System};

#[cfg(target_os = "wasi")]
pub(crate) unsafe fn alloc(layout: Layout) -> *mut u8 {
    with_current_memory(|| System.alloc(layout), |&ptr| end_of(ptr, layout.size()))
}

#[cfg(target_os = "wasi")]
pub(crate) unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
    let ptr = alloc(layout);
    if !ptr.is_null() {
        std::ptr::write_bytes(ptr, 0, layout.size()); // the other thread need not wait for this
    }
    ptr
}

#[cfg(target_os = "wasi")]
pub(crate) unsafe fn dealloc(ptr: *mut u8, layout: Layout) {
    with_current_memory(|| System.dealloc(ptr, layout), |_| 0)
}

#[cfg(target_os = "wasi")]
pub(crate) unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
    with_current_memory(|| System.realloc(ptr, layout, new_size), |&out| end_of(out, new_size))
}

/// Runs an allocator call under the lock, after a host call if the other thread grew the memory
/// since this thread's last call; `end` says where the call's block ends (0: none), to tell whether
/// it may have grown the memory.
#[cfg(target_os = "wasi")]
fn with_current_memory<R>(call: impl FnOnce() -> R, end: impl FnOnce(&R) -> usize) -> R {
    use std::cell::Cell;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    static LOCKED: AtomicBool = AtomicBool::new(false);
    // Pages of memory the allocator may hand out from (grown only inside allocator calls).
    static PAGES: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        // PAGES as of this thread's last host call or own growth: what its view holds.
        static SEEN: Cell<usize> = Cell::new(0);
    }
    while LOCKED.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
        std::hint::spin_loop();
    }
    let pages = PAGES.load(Ordering::Relaxed);
    if SEEN.with(Cell::get) != pages {
        std::thread::yield_now(); // the other thread grew the memory since: bring this view up to date
        SEEN.with(|seen| seen.set(pages));
    }
    let out = call();
    // A block reaching past the pages known may come from memory this call grew: read the size.
    if end(&out) as u64 > pages as u64 * 65536 {
        let now = core::arch::wasm32::memory_size::<0>();
        PAGES.store(now, Ordering::Relaxed);
        SEEN.with(|seen| seen.set(now));
    }
    LOCKED.store(false, Ordering::Release);
    out
}

/// Where a block from the allocator ends (0 for none).
#[cfg(target_os = "wasi")]
fn end_of(ptr: *mut u8, size: usize) -> usize {
    if ptr.is_null() {
        0
    } else {
        ptr as usize + size
    }
}

// One thread (the plain build): the system allocator as it is.

#[cfg(not(target_os = "wasi"))]
pub(crate) unsafe fn alloc(layout: Layout) -> *mut u8 {
    System.alloc(layout)
}

#[cfg(not(target_os = "wasi"))]
pub(crate) unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
    System.alloc_zeroed(layout)
}

#[cfg(not(target_os = "wasi"))]
pub(crate) unsafe fn dealloc(ptr: *mut u8, layout: Layout) {
    System.dealloc(ptr, layout)
}

#[cfg(not(target_os = "wasi"))]
pub(crate) unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
    System.realloc(ptr, layout, new_size)
}
