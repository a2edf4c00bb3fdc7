//! The helper thread of the shared-memory build (wasm32-wasip1-threads; see
//! packages/kernels/src/threads.ts): `start_helper` spawns one std thread (through the host's
//! `wasi.thread-spawn`, which starts a worker with its own instance on the same memory) that runs
//! the host's job loop. The loop calls kernel exports afresh per job: V8 cannot move a running
//! wasm frame to optimised code, so a loop inside one long call would stay slow.
use std::sync::atomic::{AtomicU32, Ordering};

#[link(wasm_import_module = "neurite")]
extern "C" {
    fn helper_loop();
}

static STARTED: AtomicU32 = AtomicU32::new(0);

/// Starts the helper thread once; later calls do nothing.
#[no_mangle]
pub extern "C" fn start_helper() {
    if STARTED.swap(1, Ordering::AcqRel) == 0 {
        std::thread::spawn(|| unsafe { helper_loop() });
    }
}

/// An empty job: the host's handshake with a starting helper.
#[no_mangle]
pub extern "C" fn noop() {}
