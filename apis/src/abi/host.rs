//! Host system calls that take guest buffers or hand out raw memory: read/write on guest bytes,
//! malloc for guest heaps, mmap for VirtualAlloc, futex parking on guest words.

use super::error::Win32Error;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};

fn check(rc: isize) -> Result<usize, Win32Error> {
    if rc < 0 {
        Err(Win32Error::last_os_error())
    } else {
        Ok(rc as usize)
    }
}

/// write(2) of `len` guest bytes at `addr`, retried on EINTR.
pub fn write(fd: i32, addr: u64, len: usize) -> Result<usize, Win32Error> {
    loop {
        // SAFETY: the kernel reads `len` bytes at `addr`, which the API's contract makes readable;
        // a bad address yields EFAULT, not a fault in winrun.
        let rc = unsafe { libc::write(fd, addr as *const libc::c_void, len) };
        if rc < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        return check(rc);
    }
}

/// read(2) into `len` guest bytes at `addr`, retried on EINTR.
pub fn read(fd: i32, addr: u64, len: usize) -> Result<usize, Win32Error> {
    loop {
        // SAFETY: the kernel writes at most `len` bytes at `addr`, which the API's contract makes
        // writable; a bad address yields EFAULT.
        let rc = unsafe { libc::read(fd, addr as *mut libc::c_void, len) };
        if rc < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        return check(rc);
    }
}

/// malloc for guest heaps: 16-byte aligned, as HeapAlloc's results are on x64.
pub fn malloc(size: usize) -> u64 {
    // SAFETY: malloc has no preconditions; glibc returns 16-byte aligned blocks on x86-64.
    unsafe { libc::malloc(size.max(1)) as u64 }
}

pub fn realloc(addr: u64, size: usize) -> u64 {
    // SAFETY: `addr` came from `malloc`/`realloc` here (the heap code's invariant).
    unsafe { libc::realloc(addr as *mut libc::c_void, size.max(1)) as u64 }
}

pub fn free(addr: u64) {
    // SAFETY: `addr` came from `malloc`/`realloc` here, or is null.
    unsafe { libc::free(addr as *mut libc::c_void) }
}

/// mmap of anonymous memory. `at` non-zero asks for exactly that address (without replacing
/// anything already mapped there).
pub fn map(at: u64, len: usize, prot: i32) -> Result<u64, Win32Error> {
    let flags = libc::MAP_PRIVATE
        | libc::MAP_ANONYMOUS
        | libc::MAP_NORESERVE
        | if at != 0 {
            libc::MAP_FIXED_NOREPLACE
        } else {
            0
        };
    // SAFETY: anonymous mapping; with MAP_FIXED_NOREPLACE the kernel refuses to touch existing
    // mappings, so no memory in use is replaced.
    let p = unsafe { libc::mmap(at as *mut libc::c_void, len, prot, flags, -1, 0) };
    if p == libc::MAP_FAILED {
        return Err(Win32Error::last_os_error());
    }
    if at != 0 && p as u64 != at {
        // Kernels before 4.17 ignore MAP_FIXED_NOREPLACE and treat it as a hint.
        unmap(p as u64, len);
        return Err(Win32Error::INVALID_ADDRESS);
    }
    Ok(p as u64)
}

pub fn unmap(addr: u64, len: usize) {
    // SAFETY: the caller owns the mapping `addr..addr+len` (VirtualFree / image unload).
    unsafe { libc::munmap(addr as *mut libc::c_void, len) };
}

pub fn protect(addr: u64, len: usize, prot: i32) -> Result<(), Win32Error> {
    // SAFETY: changes protections of pages the caller owns; no Rust reference points into them.
    let rc = unsafe { libc::mprotect(addr as *mut libc::c_void, len, prot) };
    if rc != 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(())
}

/// Drops the contents of pages (they read as zero afterwards): decommit.
pub fn discard(addr: u64, len: usize) {
    // SAFETY: MADV_DONTNEED on the caller's own anonymous pages only zeroes them.
    unsafe { libc::madvise(addr as *mut libc::c_void, len, libc::MADV_DONTNEED) };
}

/// An atomic view of the aligned u64 at guest address `addr` (in-memory synchronisation objects
/// live in guest memory and are shared with guest code that uses locked instructions on them).
pub fn atomic_u64(addr: u64) -> &'static AtomicU64 {
    assert!(
        addr != 0 && addr.is_multiple_of(8),
        "misaligned atomic at {addr:#x}"
    );
    // SAFETY: non-null and aligned was checked; the word stays mapped while the guest object
    // exists (its lifetime is the guest's contract); all accesses to it are atomic.
    unsafe { AtomicU64::from_ptr(addr as *mut u64) }
}

/// An atomic view of the aligned i32 at guest address `addr`.
pub fn atomic_i32(addr: u64) -> &'static AtomicI32 {
    assert!(
        addr != 0 && addr.is_multiple_of(4),
        "misaligned atomic at {addr:#x}"
    );
    // SAFETY: as for `atomic_u64`.
    unsafe { AtomicI32::from_ptr(addr as *mut i32) }
}

/// Parks the thread while the i32 at `addr` equals `expected` (futex wait, process-private).
pub fn futex_wait(addr: u64, expected: i32) {
    // SAFETY: FUTEX_WAIT only reads the word at `addr`, which `atomic_i32`'s contract keeps mapped.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            addr as *const i32,
            libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG,
            expected,
            std::ptr::null::<libc::timespec>(),
        )
    };
}

/// Wakes up to `count` threads parked on `addr`.
pub fn futex_wake(addr: u64, count: i32) {
    // SAFETY: FUTEX_WAKE does not access memory.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            addr as *const i32,
            libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG,
            count,
        )
    };
}

pub fn load_relaxed(addr: u64) -> u64 {
    atomic_u64(addr).load(Ordering::Relaxed)
}

/// fstat(2) of `fd`.
pub fn fstat(
    fd: i32,
    buf: &mut std::mem::MaybeUninit<libc::stat>,
) -> Result<libc::stat, Win32Error> {
    // SAFETY: `buf` is a valid out-pointer for one `stat`, initialised by the kernel on success.
    let rc = unsafe { libc::fstat(fd, buf.as_mut_ptr()) };
    if rc != 0 {
        return Err(Win32Error::last_os_error());
    }
    // SAFETY: fstat succeeded, so the kernel filled the whole struct.
    Ok(unsafe { buf.assume_init() })
}

pub fn isatty(fd: i32) -> bool {
    // SAFETY: isatty only queries the fd.
    unsafe { libc::isatty(fd) == 1 }
}

pub fn fsync(fd: i32) -> Result<(), Win32Error> {
    // SAFETY: fsync only takes an fd.
    if unsafe { libc::fsync(fd) } != 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(())
}

/// clock_gettime(2) as a duration since the clock's epoch.
pub fn clock_gettime(id: libc::clockid_t) -> std::time::Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer; the clock ids used are always supported on Linux.
    unsafe { libc::clock_gettime(id, &mut ts) };
    std::time::Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// lseek(2): the new offset from the start of the file.
pub fn lseek(fd: i32, offset: i64, whence: i32) -> Result<u64, Win32Error> {
    // SAFETY: lseek only takes an fd and integers.
    let rc = unsafe { libc::lseek(fd, offset, whence) };
    if rc < 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(rc as u64)
}

/// ftruncate(2): sets the file's size (extending with zeros).
pub fn ftruncate(fd: i32, size: i64) -> Result<(), Win32Error> {
    // SAFETY: ftruncate only takes an fd and an integer.
    if unsafe { libc::ftruncate(fd, size) } != 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(())
}

/// The host libm functions Rust's standard library does not offer. They take and return plain
/// numbers and touch no memory, so they are declared safe to call.
pub mod libm {
    // SAFETY: the signatures are glibc libm's (math.h); these functions only compute on their
    // arguments.
    unsafe extern "C" {
        pub safe fn erf(x: f64) -> f64;
        pub safe fn erfc(x: f64) -> f64;
        pub safe fn lgamma(x: f64) -> f64;
        pub safe fn tgamma(x: f64) -> f64;
        pub safe fn nextafter(x: f64, y: f64) -> f64;
        pub safe fn ldexp(x: f64, e: i32) -> f64;
        pub safe fn remainder(x: f64, y: f64) -> f64;
        pub safe fn logb(x: f64) -> f64;
        pub safe fn rint(x: f64) -> f64;
        pub safe fn fdim(x: f64, y: f64) -> f64;
        pub safe fn erff(x: f32) -> f32;
        pub safe fn erfcf(x: f32) -> f32;
        pub safe fn lgammaf(x: f32) -> f32;
        pub safe fn tgammaf(x: f32) -> f32;
        pub safe fn nextafterf(x: f32, y: f32) -> f32;
        pub safe fn ldexpf(x: f32, e: i32) -> f32;
        pub safe fn j0(x: f64) -> f64;
        pub safe fn j1(x: f64) -> f64;
        pub safe fn jn(n: i32, x: f64) -> f64;
        pub safe fn y0(x: f64) -> f64;
        pub safe fn y1(x: f64) -> f64;
        pub safe fn yn(n: i32, x: f64) -> f64;
    }

    /// frexp: the mantissa in [0.5, 1) and the binary exponent.
    pub fn frexp(x: f64) -> (f64, i32) {
        unsafe extern "C" {
            fn frexp(x: f64, e: *mut i32) -> f64;
        }
        let mut e = 0;
        // SAFETY: `e` is a valid out-pointer for one int.
        let m = unsafe { frexp(x, &mut e) };
        (m, e)
    }
}

/// The host time zone's view of UTC time `t` (seconds since 1970): its offset east of UTC in
/// seconds, whether daylight saving time is in effect, and the zone's abbreviation.
pub fn local_time_zone(t: i64) -> (i64, bool, String) {
    let mut tm = std::mem::MaybeUninit::<libc::tm>::zeroed();
    let time: libc::time_t = t;
    // SAFETY: both pointers are valid for the call; localtime_r fills `tm` and returns it, or
    // NULL on failure (then the zeroed value is read: UTC).
    let ok = !unsafe { libc::localtime_r(&time, tm.as_mut_ptr()) }.is_null();
    // SAFETY: `tm` was zero-initialised and, on success, filled by localtime_r.
    let tm = unsafe { tm.assume_init() };
    if !ok {
        return (0, false, "UTC".to_string());
    }
    let zone = if tm.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: tm_zone points to a NUL-terminated string owned by libc's time zone data.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    (tm.tm_gmtoff, tm.tm_isdst > 0, zone)
}
