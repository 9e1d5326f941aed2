//! heapapi.h (and the Local/Global allocators of winbase.h, which are heap allocations too).
//!
//! A heap block is a host malloc block with a 16-byte header in front of what the guest sees:
//! the exact requested size (HeapSize answers it) and the owning heap. Results stay 16-byte
//! aligned. The process heap does no bookkeeping beyond that; a private heap (HeapCreate) also
//! keeps its live blocks in a set so HeapDestroy can free them all.

use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result, host, mem};
use crate::dllexport;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};
use windows_sys::Win32::System::Memory::{
    HEAP_GENERATE_EXCEPTIONS, HEAP_REALLOC_IN_PLACE_ONLY, HEAP_ZERO_MEMORY, LMEM_MOVEABLE,
    LMEM_ZEROINIT,
};

const HEADER: u64 = 16;

/// The process heap's handle: the address of a small descriptor, like a real heap's.
fn process_heap() -> u64 {
    static HEAP: OnceLock<u64> = OnceLock::new();
    *HEAP.get_or_init(|| {
        let h = mem::alloc_zeroed(64, 16);
        crate::nt::process::set_process_heap(h);
        h
    })
}

/// Creates the process heap and publishes it in the PEB.
pub fn init_process_heap() {
    process_heap();
}

/// Private heaps and their live blocks.
static PRIVATE_HEAPS: Mutex<Option<HashMap<u64, HashSet<u64>>>> = Mutex::new(None);

fn with_private<R>(f: impl FnOnce(&mut HashMap<u64, HashSet<u64>>) -> R) -> R {
    let mut guard = PRIVATE_HEAPS.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(HashMap::new))
}

fn block_size(ptr: u64) -> u64 {
    mem::read::<u64>(ptr - HEADER).unwrap_or(0)
}

fn block_heap(ptr: u64) -> u64 {
    mem::read::<u64>(ptr - HEADER + 8).unwrap_or(0)
}

fn alloc(heap: u64, size: usize, zero: bool) -> u64 {
    let Some(total) = size.checked_add(HEADER as usize) else {
        return 0;
    };
    let raw = host::malloc(total);
    if raw == 0 {
        return 0;
    }
    mem::write(raw, size as u64);
    mem::write(raw + 8, heap);
    let ptr = raw + HEADER;
    if zero {
        mem::fill(ptr, 0, size);
    }
    if heap != process_heap() {
        with_private(|h| h.entry(heap).or_default().insert(ptr));
    }
    ptr
}

fn free(ptr: u64) {
    let heap = block_heap(ptr);
    if heap != process_heap() {
        with_private(|h| h.get_mut(&heap).map(|s| s.remove(&ptr)));
    }
    host::free(ptr - HEADER);
}

/// Allocates from the process heap (for memory the guest frees with HeapFree or LocalFree).
pub fn process_heap_alloc(size: usize, zero: bool) -> u64 {
    alloc(process_heap(), size, zero)
}

pub fn process_heap_free(ptr: u64) -> Win32Result<()> {
    if ptr != 0 {
        free(ptr);
    }
    Ok(())
}

/// The heap handle is known: the process heap or a live private heap.
fn check_heap(heap: Handle) -> Win32Result<u64> {
    let h = heap.0;
    if h == process_heap() || (h != 0 && with_private(|m| m.contains_key(&h))) {
        Ok(h)
    } else {
        Err(Win32Error::INVALID_HANDLE)
    }
}

#[dllexport]
pub fn GetProcessHeap() -> Handle {
    Handle(process_heap())
}

#[dllexport]
pub fn HeapCreate(
    flOptions: u32,
    dwInitialSize: usize,
    dwMaximumSize: usize,
) -> Win32Result<Handle> {
    let h = mem::alloc_zeroed(64, 16);
    with_private(|m| m.insert(h, HashSet::new()));
    Ok(Handle(h))
}

#[dllexport]
pub fn HeapDestroy(hHeap: Handle) -> Win32Result<()> {
    if hHeap.0 == process_heap() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let blocks = with_private(|m| m.remove(&hHeap.0)).ok_or(Win32Error::INVALID_HANDLE)?;
    for ptr in blocks {
        host::free(ptr - HEADER);
    }
    mem::free_zeroed(hHeap.0, 64, 16);
    Ok(())
}

/// HeapAlloc does not set the last error on failure (it may raise instead, with
/// HEAP_GENERATE_EXCEPTIONS); it returns NULL.
#[dllexport]
pub fn HeapAlloc(hHeap: Handle, dwFlags: u32, dwBytes: usize) -> GuestPtr<u8> {
    let heap = if hHeap.0 == process_heap() {
        hHeap.0
    } else {
        check_heap(hHeap).unwrap_or(0)
    };
    if heap == 0 {
        return GuestPtr::NULL;
    }
    if dwFlags & HEAP_GENERATE_EXCEPTIONS != 0 {
        tracing::warn!(target: "kernel32::heapapi", "HEAP_GENERATE_EXCEPTIONS ignored");
    }
    GuestPtr::new(alloc(heap, dwBytes, dwFlags & HEAP_ZERO_MEMORY != 0))
}

#[dllexport]
pub fn HeapFree(hHeap: Handle, dwFlags: u32, lpMem: GuestPtr<u8>) -> Win32Result<()> {
    if lpMem.is_null() {
        return Ok(());
    }
    free(lpMem.addr());
    Ok(())
}

#[dllexport]
pub fn HeapSize(hHeap: Handle, dwFlags: u32, lpMem: GuestPtr<u8>) -> usize {
    if lpMem.is_null() {
        return usize::MAX;
    }
    block_size(lpMem.addr()) as usize
}

#[dllexport]
pub fn HeapReAlloc(
    hHeap: Handle,
    dwFlags: u32,
    lpMem: GuestPtr<u8>,
    dwBytes: usize,
) -> Win32Result<GuestPtr<u8>> {
    if lpMem.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let ptr = lpMem.addr();
    let old = block_size(ptr) as usize;
    if dwFlags & HEAP_REALLOC_IN_PLACE_ONLY != 0 {
        if dwBytes > old {
            return Err(Win32Error::NOT_ENOUGH_MEMORY);
        }
        mem::write(ptr - HEADER, dwBytes as u64);
        return Ok(lpMem);
    }
    let heap = block_heap(ptr);
    let total = dwBytes
        .checked_add(HEADER as usize)
        .ok_or(Win32Error::NOT_ENOUGH_MEMORY)?;
    let private = heap != process_heap();
    if private {
        with_private(|m| m.get_mut(&heap).map(|s| s.remove(&ptr)));
    }
    let raw = host::realloc(ptr - HEADER, total);
    if raw == 0 {
        if private {
            with_private(|m| m.get_mut(&heap).map(|s| s.insert(ptr)));
        }
        return Err(Win32Error::NOT_ENOUGH_MEMORY);
    }
    mem::write(raw, dwBytes as u64);
    let new = raw + HEADER;
    if dwFlags & HEAP_ZERO_MEMORY != 0 && dwBytes > old {
        mem::fill(new + old as u64, 0, dwBytes - old);
    }
    if private {
        with_private(|m| m.get_mut(&heap).map(|s| s.insert(new)));
    }
    Ok(GuestPtr::new(new))
}

#[dllexport]
pub fn HeapValidate(hHeap: Handle, dwFlags: u32, lpMem: GuestPtr<u8>) -> bool {
    check_heap(hHeap).is_ok()
}

#[dllexport]
pub fn HeapSetInformation(
    HeapHandle: Handle,
    HeapInformationClass: u32,
    HeapInformation: GuestPtr<u8>,
    HeapInformationLength: usize,
) -> Win32Result<()> {
    // The information classes (low-fragmentation heap, terminate-on-corruption) tune Windows'
    // allocator; ours has nothing to tune.
    Ok(())
}

// LocalAlloc/GlobalAlloc: fixed memory is a process-heap block. Moveable memory is handed out as
// a fixed pointer too (LocalLock of it returns the same pointer), which programs cannot tell apart.

#[dllexport]
pub fn LocalAlloc(uFlags: u32, uBytes: usize) -> Win32Result<GuestPtr<u8>> {
    if uFlags & LMEM_MOVEABLE != 0 {
        tracing::debug!(target: "kernel32::heapapi", "LMEM_MOVEABLE served as fixed memory");
    }
    let p = process_heap_alloc(uBytes, uFlags & LMEM_ZEROINIT != 0);
    if p == 0 {
        return Err(Win32Error::NOT_ENOUGH_MEMORY);
    }
    Ok(GuestPtr::new(p))
}

/// Returns NULL on success, the block on failure.
#[dllexport]
pub fn LocalFree(hMem: GuestPtr<u8>) -> GuestPtr<u8> {
    if !hMem.is_null() {
        free(hMem.addr());
    }
    GuestPtr::NULL
}

#[dllexport]
pub fn LocalSize(hMem: GuestPtr<u8>) -> usize {
    if hMem.is_null() {
        0
    } else {
        block_size(hMem.addr()) as usize
    }
}

#[dllexport]
pub fn LocalReAlloc(hMem: GuestPtr<u8>, uBytes: usize, uFlags: u32) -> Win32Result<GuestPtr<u8>> {
    let zero = if uFlags & LMEM_ZEROINIT != 0 {
        HEAP_ZERO_MEMORY
    } else {
        0
    };
    HeapReAlloc(Handle(process_heap()), zero, hMem, uBytes)
}

#[dllexport]
pub fn LocalLock(hMem: GuestPtr<u8>) -> GuestPtr<u8> {
    hMem
}

#[dllexport]
pub fn LocalUnlock(hMem: GuestPtr<u8>) -> bool {
    false
}

#[dllexport]
pub fn GlobalAlloc(uFlags: u32, dwBytes: usize) -> Win32Result<GuestPtr<u8>> {
    LocalAlloc(uFlags, dwBytes)
}

#[dllexport]
pub fn GlobalFree(hMem: GuestPtr<u8>) -> GuestPtr<u8> {
    LocalFree(hMem)
}

#[dllexport]
pub fn GlobalSize(hMem: GuestPtr<u8>) -> usize {
    LocalSize(hMem)
}

#[dllexport]
pub fn GlobalReAlloc(hMem: GuestPtr<u8>, dwBytes: usize, uFlags: u32) -> Win32Result<GuestPtr<u8>> {
    LocalReAlloc(hMem, dwBytes, uFlags)
}

#[dllexport]
pub fn GlobalLock(hMem: GuestPtr<u8>) -> GuestPtr<u8> {
    hMem
}

#[dllexport]
pub fn GlobalUnlock(hMem: GuestPtr<u8>) -> bool {
    false
}

/// Fills `ProcessHeaps` with up to `NumberOfHeaps` handles (process heap first) and returns the
/// total count.
#[dllexport]
pub fn GetProcessHeaps(NumberOfHeaps: u32, ProcessHeaps: GuestPtr<u64>) -> u32 {
    let mut heaps = vec![process_heap()];
    heaps.extend(with_private(|m| m.keys().copied().collect::<Vec<_>>()));
    if heaps.len() <= NumberOfHeaps as usize {
        ProcessHeaps.write_slice(&heaps);
    }
    heaps.len() as u32
}
