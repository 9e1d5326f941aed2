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

/// `_recalloc(p, count, size)`: realloc that zeroes the bytes beyond the old size.
#[dllexport]
pub fn _recalloc(memblock: GuestPtr<u8>, num: usize, size: usize) -> GuestPtr<u8> {
    let Some(total) = num.checked_mul(size) else {
        super::errno::set_errno(super::errno::ENOMEM);
        return GuestPtr::NULL;
    };
    let old = if memblock.is_null() {
        0
    } else {
        _msize(memblock)
    };
    let p = realloc(memblock, total);
    if !p.is_null() && total > old {
        crate::abi::mem::fill(p.addr() + old as u64, 0, total - old);
    }
    p
}

/// `_aligned_malloc(size, alignment)`: a block aligned to `alignment` (a power of two), with
/// the address of the underlying heap block stored just below it for `_aligned_free`.
#[dllexport]
pub fn _aligned_malloc(size: usize, alignment: usize) -> GuestPtr<u8> {
    _aligned_offset_malloc(size, alignment, 0)
}

/// `_aligned_offset_malloc(size, alignment, offset)`: `ptr + offset` is aligned.
#[dllexport]
pub fn _aligned_offset_malloc(size: usize, alignment: usize, offset: usize) -> GuestPtr<u8> {
    if !alignment.is_power_of_two() || (size > 0 && offset >= size) {
        super::stdlib::invalid_parameter(super::errno::EINVAL);
        return GuestPtr::NULL;
    }
    let alignment = alignment.max(8) as u64;
    let Some(total) = size.checked_add(alignment as usize + 8) else {
        super::errno::set_errno(super::errno::ENOMEM);
        return GuestPtr::NULL;
    };
    let base = malloc(total);
    if base.is_null() {
        return base;
    }
    let start = base.addr() + 8 + offset as u64;
    let aligned = (start + alignment - 1) & !(alignment - 1);
    let user = aligned - offset as u64;
    crate::abi::mem::write(user - 8, base.addr());
    GuestPtr::new(user)
}

#[dllexport]
pub fn _aligned_free(memblock: GuestPtr<u8>) {
    if let Some(base) = crate::abi::mem::read::<u64>(memblock.addr().wrapping_sub(8))
        .filter(|_| !memblock.is_null())
    {
        free(GuestPtr::new(base));
    }
}

/// `_aligned_realloc(p, size, alignment)`: a new aligned block with the old contents.
#[dllexport]
pub fn _aligned_realloc(memblock: GuestPtr<u8>, size: usize, alignment: usize) -> GuestPtr<u8> {
    if memblock.is_null() {
        return _aligned_malloc(size, alignment);
    }
    if size == 0 {
        _aligned_free(memblock);
        return GuestPtr::NULL;
    }
    let base = crate::abi::mem::read::<u64>(memblock.addr() - 8).unwrap_or(0);
    let old = _msize(GuestPtr::new(base)) - (memblock.addr() - base) as usize;
    let p = _aligned_malloc(size, alignment);
    if !p.is_null() {
        crate::abi::mem::copy_within(p.addr(), memblock.addr(), old.min(size));
        _aligned_free(memblock);
    }
    p
}

/// `_expand(p, size)`: resizes in place or fails; the process heap cannot promise in-place
/// growth, so only shrinking (which keeps the block) succeeds.
#[dllexport]
pub fn _expand(memblock: GuestPtr<u8>, size: usize) -> GuestPtr<u8> {
    if memblock.is_null() {
        super::stdlib::invalid_parameter(super::errno::EINVAL);
        return GuestPtr::NULL;
    }
    if size <= _msize(memblock) {
        return memblock;
    }
    super::errno::set_errno(super::errno::ENOMEM);
    GuestPtr::NULL
}

/// After a stack overflow was handled, puts back the guard page the overflow used up, so the
/// next overflow is caught the same way. Nonzero on success; 0 when the stack is still in use
/// below where the guard page goes.
#[dllexport]
pub fn _resetstkoflw() -> i32 {
    use crate::nt::teb;
    const PAGE: u64 = 4096;
    let t = teb::current();
    let lowest = crate::abi::mem::read::<u64>(t + teb::offset::DEALLOCATION_STACK).unwrap_or(0);
    let limit = crate::abi::mem::read::<u64>(t + teb::offset::STACK_LIMIT).unwrap_or(0);
    let guard = lowest + teb::STACK_OVERFLOW_RESERVE;
    if limit > guard {
        return 1; // the guard page is there
    }
    // winrun's frame is on the guest stack: everything in use is above it.
    let marker = 0u8;
    if (&raw const marker as u64) < guard + 2 * PAGE
        || crate::abi::host::protect(guard, PAGE as usize, libc::PROT_NONE).is_err()
    {
        return 0;
    }
    crate::abi::mem::write(t + teb::offset::STACK_LIMIT, guard + PAGE);
    1
}

/// `_get_heap_handle`: the heap malloc allocates from (the process heap).
#[dllexport]
pub fn _get_heap_handle() -> u64 {
    heap().0
}

/// `_heapmin`: gives unused heap memory back to the system (the CRT heap's blocks come from the
/// host allocator, which keeps freed memory for reuse until told to trim).
#[dllexport]
pub fn _heapmin() -> i32 {
    crate::abi::host::trim_heap();
    0
}
