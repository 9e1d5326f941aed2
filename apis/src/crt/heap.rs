//! malloc and friends: the CRT heap is the process heap, as in the real runtimes, so memory
//! from one can be sized with the other (`_msize`).

use crate::abi::{GuestPtr, Handle};
use crate::dllexport;
use crate::kernel32::heapapi;

fn heap() -> Handle {
    heapapi::GetProcessHeap()
}

#[dllexport]
pub fn malloc(size: usize) -> GuestPtr<u8> {
    let p = heapapi::HeapAlloc(heap(), 0, size);
    if p.is_null() {
        super::errno::set_errno(super::errno::ENOMEM);
    }
    p
}

#[dllexport]
pub fn calloc(count: usize, size: usize) -> GuestPtr<u8> {
    let Some(total) = count.checked_mul(size) else {
        super::errno::set_errno(super::errno::ENOMEM);
        return GuestPtr::NULL;
    };
    let p = heapapi::HeapAlloc(
        heap(),
        windows_sys::Win32::System::Memory::HEAP_ZERO_MEMORY,
        total,
    );
    if p.is_null() {
        super::errno::set_errno(super::errno::ENOMEM);
    }
    p
}

/// realloc(NULL, n) is malloc(n); realloc(p, 0) frees p and returns NULL.
#[dllexport]
pub fn realloc(ptr: GuestPtr<u8>, size: usize) -> GuestPtr<u8> {
    if ptr.is_null() {
        return malloc(size);
    }
    if size == 0 {
        free(ptr);
        return GuestPtr::NULL;
    }
    match heapapi::HeapReAlloc(heap(), 0, ptr, size) {
        Ok(p) => p,
        Err(_) => {
            super::errno::set_errno(super::errno::ENOMEM);
            GuestPtr::NULL
        }
    }
}

#[dllexport]
pub fn free(ptr: GuestPtr<u8>) {
    let _ = heapapi::HeapFree(heap(), 0, ptr);
}

#[dllexport]
pub fn _msize(ptr: GuestPtr<u8>) -> usize {
    heapapi::HeapSize(heap(), 0, ptr)
}
