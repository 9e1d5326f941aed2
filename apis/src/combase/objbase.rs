//! The COM task allocator (objbase.h). Its blocks live in the process heap, as on Windows.

use crate::abi::GuestPtr;
use crate::dllexport;
use crate::kernel32::heapapi::{GetProcessHeap, HeapFree};

/// Frees a block from the task allocator; NULL is allowed and does nothing.
#[dllexport]
pub fn CoTaskMemFree(pv: GuestPtr<u8>) {
    // HeapFree accepts NULL and cannot fail for the process heap.
    let _ = HeapFree(GetProcessHeap(), 0, pv);
}
