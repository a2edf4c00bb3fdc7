//! Added to a copy of crates/kernels by bench/shared-memory.bench.mjs (not part of the shipped
//! crate): one helper thread, spawned with std::thread through the host's `wasi.thread-spawn`, that
//! runs the host's job loop (`neurite.helper_loop`) so the host can call any kernel export on it
//! against the same shared memory.
use std::sync::atomic::{AtomicU32, Ordering};

#[link(wasm_import_module = "neurite")]
extern "C" {
    fn helper_loop();
}

static STARTED: AtomicU32 = AtomicU32::new(0);

#[no_mangle]
pub extern "C" fn start_helper() {
    if STARTED.swap(1, Ordering::AcqRel) == 0 {
        std::thread::spawn(|| unsafe { helper_loop() });
    }
}

/// An empty job (the host's start-up handshake and dispatch-latency measurement).
#[no_mangle]
pub extern "C" fn noop() {}
