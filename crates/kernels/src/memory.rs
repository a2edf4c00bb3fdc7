//! Heap allocation for the TypeScript side: it reserves scratch space here and copies tensors in.

use std::alloc::{alloc, dealloc, Layout};

const ALIGN: usize = 16;

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
