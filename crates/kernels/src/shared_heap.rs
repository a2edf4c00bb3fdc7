//! One heap, two threads (the shared-memory build, wasm32-wasip1-threads; packages/kernels/src/
//! threads.ts). When a thread's allocation grows the shared memory, V8 gives the other thread's
//! instance the new size lazily, when that thread next handles interrupts. Until then its accesses
//! past the old size trap ("memory access out of bounds"), and the allocator may hand it memory from
//! the grown part, e.g. for its half of a split kernel call. That failed 6 of 800 fresh processes on
//! their first seed-CNN predicts with kernel threads, in either thread, and 0 of 1,200 with this file
//! (bench/threads-startup.stress.mjs). Every allocator call runs under one lock and first makes a
//! host call (`sched_yield`), where V8 handles pending interrupts: any growth made under the lock
//! before is then in this thread's view of the memory before the allocator touches it.

#[cfg(target_os = "wasi")]
pub(crate) fn with_current_memory<R>(f: impl FnOnce() -> R) -> R {
    use std::sync::atomic::{AtomicBool, Ordering};
    static LOCKED: AtomicBool = AtomicBool::new(false);
    while LOCKED.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
        std::hint::spin_loop();
    }
    std::thread::yield_now();
    let out = f();
    LOCKED.store(false, Ordering::Release);
    out
}

/// One thread (the plain build): nothing to bring up to date.
#[cfg(not(target_os = "wasi"))]
pub(crate) fn with_current_memory<R>(f: impl FnOnce() -> R) -> R {
    f()
}
