//! Raw access to guest memory: the one place where guest addresses become reads and writes.
//!
//! Guest and host share one address space, so a guest address is a host address. Nothing here
//! hands out a Rust reference into guest memory (the guest may change it concurrently): values
//! are copied in and copied out, as rust-vmm's `vm-memory` does.
//!
//! What these helpers cannot know is whether the guest gave a valid address: like Windows, a bad
//! pointer faults (later: becomes an access violation in the guest). They refuse null.

use std::mem::{MaybeUninit, size_of};

/// Reads a `T` at `addr` (unaligned allowed). `None` for a null address.
pub fn read<T: Copy>(addr: u64) -> Option<T> {
    if addr == 0 {
        return None;
    }
    // SAFETY: non-null was checked; the guest vouches that `addr` holds a `T` (an API's contract),
    // and `read_unaligned` copies it out without creating a reference.
    Some(unsafe { std::ptr::read_unaligned(addr as *const T) })
}

/// Writes `value` at `addr` (unaligned allowed). `false` for a null address.
pub fn write<T: Copy>(addr: u64, value: T) -> bool {
    if addr == 0 {
        return false;
    }
    // SAFETY: non-null was checked; the API's contract makes `addr` a writable `T` out-parameter.
    unsafe { std::ptr::write_unaligned(addr as *mut T, value) };
    true
}

/// Copies `count` elements starting at `addr`.
pub fn read_slice<T: Copy>(addr: u64, count: usize) -> Vec<T> {
    if addr == 0 || count == 0 {
        return Vec::new();
    }
    let mut out = Vec::<T>::with_capacity(count);
    // SAFETY: the caller's API contract makes `count` elements at `addr` readable; the
    // destination has capacity for `count` elements and `T: Copy` has no drop obligations.
    unsafe {
        std::ptr::copy_nonoverlapping(addr as *const T, out.as_mut_ptr(), count);
        out.set_len(count);
    }
    out
}

/// Copies `buf.len()` elements starting at `addr` into `buf` (a caller's stack buffer, where
/// `read_slice` would allocate). `false` for a null address with a non-empty `buf`.
pub fn read_into<T: Copy>(addr: u64, buf: &mut [T]) -> bool {
    if buf.is_empty() {
        return true;
    }
    if addr == 0 {
        return false;
    }
    // SAFETY: the caller's API contract makes `buf.len()` elements at `addr` readable; `buf` is
    // host-owned, so the two cannot overlap, and `T: Copy` has no drop obligations.
    unsafe { std::ptr::copy_nonoverlapping(addr as *const T, buf.as_mut_ptr(), buf.len()) };
    true
}

/// Copies `data` to `addr`. `false` for a null address with non-empty data.
pub fn write_slice<T: Copy>(addr: u64, data: &[T]) -> bool {
    if data.is_empty() {
        return true;
    }
    if addr == 0 {
        return false;
    }
    // SAFETY: the API's contract makes `data.len()` elements at `addr` writable; source and
    // destination cannot overlap because `data` is host-owned.
    unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), addr as *mut T, data.len()) };
    true
}

/// Fills `len` bytes at `addr` with `byte`.
pub fn fill(addr: u64, byte: u8, len: usize) {
    if addr == 0 || len == 0 {
        return;
    }
    // SAFETY: the caller's contract makes `len` bytes at `addr` writable.
    unsafe { std::ptr::write_bytes(addr as *mut u8, byte, len) };
}

/// Copies `len` bytes between two guest addresses; the ranges may overlap (memmove).
pub fn copy_within(dst: u64, src: u64, len: usize) {
    if len == 0 || dst == 0 || src == 0 {
        return;
    }
    // SAFETY: the caller's contract makes both ranges valid; `copy` allows overlap.
    unsafe { std::ptr::copy(src as *const u8, dst as *mut u8, len) };
}

/// Compares `len` bytes at two guest addresses in place with the host's memcmp: <0, 0 or >0.
pub fn compare(a: u64, b: u64, len: usize) -> i32 {
    if len == 0 || a == 0 || b == 0 {
        return 0;
    }
    // SAFETY: the caller's contract makes `len` bytes readable at both addresses; memcmp only
    // reads them.
    unsafe { libc::memcmp(a as *const libc::c_void, b as *const libc::c_void, len) }
}

/// Length in elements of the NUL-terminated string of `T` at `addr`.
fn terminated_len<T: Copy + PartialEq + Default>(addr: u64) -> usize {
    let zero = T::default();
    let mut n = 0usize;
    loop {
        // SAFETY: the string is NUL-terminated by contract, so every element up to and including
        // the terminator is readable; each is copied out.
        let c = unsafe { std::ptr::read_unaligned((addr as *const T).add(n)) };
        if c == zero {
            return n;
        }
        n += 1;
    }
}

/// Where the NUL-terminated narrow string at `needle` first occurs in the one at `haystack`
/// (strstr, in place: C runtimes call it per line); `None` when it does not, or for null.
pub fn find_cstr(haystack: u64, needle: u64) -> Option<u64> {
    if haystack == 0 || needle == 0 {
        return None;
    }
    // SAFETY: both strings are NUL-terminated by contract; libc's strstr reads each only up to
    // its terminator and returns a pointer into `haystack` or null.
    let found = unsafe {
        libc::strstr(
            haystack as *const libc::c_char,
            needle as *const libc::c_char,
        )
    };
    (!found.is_null()).then_some(found as u64)
}

/// `find_cstr` for UTF-16 strings (wcsstr).
pub fn find_wstr(haystack: u64, needle: u64) -> Option<u64> {
    if haystack == 0 || needle == 0 {
        return None;
    }
    let unit = |addr: u64, i: usize| -> u16 {
        // SAFETY: callers only read up to and including a string's terminator (the loops below
        // stop at the first NUL of either string), all of which is readable by contract.
        unsafe { std::ptr::read_unaligned((addr as *const u16).add(i)) }
    };
    let mut at = haystack;
    loop {
        // Compare from here; a mismatch comes at the latest at the haystack's NUL, which the
        // needle's units before its own NUL never equal.
        let mut i = 0;
        loop {
            let want = unit(needle, i);
            if want == 0 {
                return Some(at);
            }
            if unit(at, i) != want {
                break;
            }
            i += 1;
        }
        if unit(at, 0) == 0 {
            return None;
        }
        at += 2;
    }
}

/// The NUL-terminated narrow string at `addr`, without its terminator.
pub fn read_cstr(addr: u64) -> Option<Vec<u8>> {
    (addr != 0).then(|| read_slice(addr, cstr_len(addr)))
}

/// The NUL-terminated UTF-16 string at `addr`, without its terminator.
pub fn read_wstr(addr: u64) -> Option<Vec<u16>> {
    (addr != 0).then(|| read_slice(addr, terminated_len::<u16>(addr)))
}

/// Length of the NUL-terminated narrow string at `addr` (strlen), 0 for null.
pub fn cstr_len(addr: u64) -> usize {
    if addr == 0 {
        return 0;
    }
    // SAFETY: the string is NUL-terminated by contract; libc's strlen reads up to the NUL.
    unsafe { libc::strlen(addr as *const libc::c_char) }
}

/// Length of the NUL-terminated UTF-16 string at `addr` (wcslen), 0 for null.
pub fn wstr_len(addr: u64) -> usize {
    if addr == 0 {
        0
    } else {
        terminated_len::<u16>(addr)
    }
}

/// A zero-initialised `T` for plain-old-data Windows structs (all-zero is a valid value of every
/// `windows-sys` struct: integers, arrays and raw pointers only).
pub fn zeroed<T: Copy>() -> T {
    // SAFETY: only used with windows-sys structs and integer arrays, for which all-zero bytes are
    // a valid value.
    unsafe { MaybeUninit::<T>::zeroed().assume_init() }
}

/// The bytes of a plain-old-data value, for writing structs into guest memory byte-wise.
pub fn bytes_of<T: Copy>(value: &T) -> &[u8] {
    // SAFETY: `value` is a live reference to `size_of::<T>()` bytes; `T: Copy` POD structs are
    // read as bytes only (padding bytes of windows-sys structs are never uninitialised here
    // because they are built with `zeroed`).
    unsafe { std::slice::from_raw_parts(value as *const T as *const u8, size_of::<T>()) }
}

/// Executes `f` with a raw pointer to the guest bytes at `addr..addr+len` for syscalls that take
/// a buffer (read(2), write(2)): the kernel reads/writes guest memory directly, no copy.
pub fn raw_ptr(addr: u64) -> *mut libc::c_void {
    addr as *mut libc::c_void
}

/// Allocates `size` zeroed bytes aligned to `align` for structures the guest reads (TEB, PEB,
/// process parameters). Panics only if the host is out of memory.
pub fn alloc_zeroed(size: usize, align: usize) -> u64 {
    let layout = std::alloc::Layout::from_size_align(size.max(1), align).expect("valid layout");
    // SAFETY: the layout has a non-zero size.
    let p = unsafe { std::alloc::alloc_zeroed(layout) };
    if p.is_null() {
        std::alloc::handle_alloc_error(layout);
    }
    p as u64
}

/// Frees memory from `alloc_zeroed` with the same `size` and `align`.
pub fn free_zeroed(addr: u64, size: usize, align: usize) {
    let layout = std::alloc::Layout::from_size_align(size.max(1), align).expect("valid layout");
    // SAFETY: `addr` came from `alloc_zeroed` with this layout (the caller's contract).
    unsafe { std::alloc::dealloc(addr as *mut u8, layout) };
}

/// An all-zero `open_how` (libc marks the struct non-exhaustive, so it cannot be built by name).
pub fn zeroed_open_how() -> libc::open_how {
    // SAFETY: open_how is three u64 fields; all-zero is valid (and what openat2 expects for
    // fields not set).
    unsafe { MaybeUninit::<libc::open_how>::zeroed().assume_init() }
}

/// Copies guest bytes at `addr` into `buf` without faulting: `false` when any of them is not
/// readable (IsBadReadPtr and friends ask exactly this). The kernel does the reading, through
/// process_vm_readv on this process, so an unmapped page is an error rather than a SIGSEGV.
pub fn try_read_bytes(addr: u64, buf: &mut [u8]) -> bool {
    if buf.is_empty() {
        return true;
    }
    if addr == 0 {
        return false;
    }
    let local = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    let remote = libc::iovec {
        iov_base: addr as *mut libc::c_void,
        iov_len: buf.len(),
    };
    // SAFETY: `local` describes `buf`, which is writable for its length; the remote range is only
    // read by the kernel, which reports inaccessible memory as an error instead of faulting.
    let n = unsafe { libc::process_vm_readv(libc::getpid(), &local, 1, &remote, 1, 0) };
    n == buf.len() as isize
}

/// The key event of a console input record, or `None` for another kind of event.
pub fn key_event(
    record: &windows_sys::Win32::System::Console::INPUT_RECORD,
) -> Option<windows_sys::Win32::System::Console::KEY_EVENT_RECORD> {
    if record.EventType != windows_sys::Win32::System::Console::KEY_EVENT as u16 {
        return None;
    }
    // SAFETY: EventType says the union holds a KEY_EVENT_RECORD (other events may leave its
    // bytes unset, so it is read only then), a plain-old-data struct.
    Some(unsafe { record.Event.KeyEvent })
}

/// The UTF-16 character of a console key event.
pub fn key_char(key: &windows_sys::Win32::System::Console::KEY_EVENT_RECORD) -> u16 {
    // SAFETY: both members of the uChar union are plain integers covering the same two bytes.
    unsafe { key.uChar.UnicodeChar }
}

/// The character of a console cell as UTF-16 (for the A functions, its low byte is the
/// code-page character).
pub fn cell_char(cell: &windows_sys::Win32::System::Console::CHAR_INFO) -> u16 {
    // SAFETY: both members of the Char union are plain integers covering the same two bytes.
    unsafe { cell.Char.UnicodeChar }
}
