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

/// Fills `len` guest bytes at `addr` from the kernel's CSPRNG (getrandom(2)), the source behind
/// ProcessPrng, BCryptGenRandom, RtlGenRandom and CryptGenRandom.
pub fn fill_random(addr: u64, len: usize) -> Result<(), Win32Error> {
    let mut done = 0;
    while done < len {
        // SAFETY: the kernel writes at most `len - done` bytes at `addr + done`, inside the
        // buffer the API's contract makes writable; a bad address yields EFAULT.
        let rc =
            unsafe { libc::getrandom((addr + done as u64) as *mut libc::c_void, len - done, 0) };
        if rc < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        done += check(rc)?;
    }
    Ok(())
}

/// The number at the start of `text` (after white space) as an x87 80-bit extended value, the
/// ten bytes of glibc's `long double` on x86-64, correctly rounded; `None` when no number starts
/// there.
pub fn parse_extended(text: &[u8]) -> Option<[u8; 10]> {
    let text = text.split(|&b| b == 0).next().unwrap_or_default();
    let text = std::ffi::CString::new(text).ok()?;
    let mut value = [0u8; 16];
    // SAFETY: `text` is NUL-terminated; "%Lf" stores one long double, 16 bytes on x86-64, into
    // `value`, which has room for exactly that.
    let stored = unsafe { libc::sscanf(text.as_ptr(), c"%Lf".as_ptr(), value.as_mut_ptr()) };
    let mut extended = [0u8; 10];
    extended.copy_from_slice(&value[..10]);
    (stored == 1).then_some(extended)
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

/// Gives the free memory at the top of the guest heaps back to the system (malloc_trim).
pub fn trim_heap() {
    // SAFETY: malloc_trim has no preconditions.
    unsafe { libc::malloc_trim(0) };
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

/// `atomic_i32` for a caller with its own slow path: `None` when `addr` is null or misaligned.
#[inline]
pub fn aligned_atomic_i32(addr: u64) -> Option<&'static AtomicI32> {
    if addr == 0 || !addr.is_multiple_of(4) {
        return None;
    }
    // SAFETY: as for `atomic_i32`: non-null and aligned was checked, the word stays mapped
    // while the guest object exists, and all accesses to it are atomic.
    Some(unsafe { AtomicI32::from_ptr(addr as *mut i32) })
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

/// Parks the thread while the i32 at `addr` equals `expected`, for at most `timeout` (`None`:
/// no limit). Returns `false` when the time ran out; wakeups may be spurious.
pub fn futex_wait_for(addr: u64, expected: i32, timeout: Option<std::time::Duration>) -> bool {
    let ts = timeout.map(|d| libc::timespec {
        tv_sec: d.as_secs().min(i64::MAX as u64) as libc::time_t,
        tv_nsec: d.subsec_nanos() as libc::c_long,
    });
    let ts_ptr = ts
        .as_ref()
        .map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: FUTEX_WAIT only reads the word at `addr` (kept mapped by the caller's contract)
    // and the timespec, which lives on this frame.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_futex,
            addr as *const i32,
            libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG,
            expected,
            ts_ptr,
        )
    };
    !(rc < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ETIMEDOUT))
}

/// The bounds of the calling thread's stack: (base = highest address, limit = lowest usable).
pub fn thread_stack_bounds() -> (u64, u64) {
    let mut attr = std::mem::MaybeUninit::<libc::pthread_attr_t>::uninit();
    let mut addr: *mut libc::c_void = std::ptr::null_mut();
    let mut size: libc::size_t = 0;
    // SAFETY: pthread_getattr_np initialises `attr` for the calling thread; it is destroyed after
    // reading the stack address and size out of it.
    unsafe {
        if libc::pthread_getattr_np(libc::pthread_self(), attr.as_mut_ptr()) != 0 {
            return (0, 0);
        }
        libc::pthread_attr_getstack(attr.as_ptr(), &mut addr, &mut size);
        libc::pthread_attr_destroy(attr.as_mut_ptr());
    }
    let limit = addr as u64;
    // The lowest page is glibc's guard page.
    (limit + size as u64, limit + 4096)
}

/// Maps `len` bytes of shared memory twice: read-only at exactly `at` (what the guest sees) and
/// read-write somewhere else (where winrun keeps it current). Returns the writable address.
pub fn map_read_only_with_writer(at: u64, len: usize) -> Result<u64, Win32Error> {
    // SAFETY: memfd_create takes a NUL-terminated name and flags; the fd is closed below once
    // both mappings hold the memory.
    let fd = unsafe { libc::memfd_create(c"winrun-shared".as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(Win32Error::last_os_error());
    }
    let close = |e: Win32Error| {
        // SAFETY: `fd` is the memfd created above and owned here.
        unsafe { libc::close(fd) };
        e
    };
    // SAFETY: ftruncate sizes the memfd owned here.
    if unsafe { libc::ftruncate(fd, len as libc::off_t) } != 0 {
        return Err(close(Win32Error::last_os_error()));
    }
    // SAFETY: a shared mapping of the memfd at a fixed address that MAP_FIXED_NOREPLACE keeps
    // from replacing anything mapped there.
    let ro = unsafe {
        libc::mmap(
            at as *mut libc::c_void,
            len,
            libc::PROT_READ,
            libc::MAP_SHARED | libc::MAP_FIXED_NOREPLACE,
            fd,
            0,
        )
    };
    if ro == libc::MAP_FAILED || ro as u64 != at {
        if ro != libc::MAP_FAILED {
            unmap(ro as u64, len);
        }
        return Err(close(Win32Error::INVALID_ADDRESS));
    }
    // SAFETY: a second shared mapping of the same memfd where the kernel chooses.
    let rw = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED,
            fd,
            0,
        )
    };
    let rw_error = Win32Error::last_os_error();
    close(Win32Error::SUCCESS);
    if rw == libc::MAP_FAILED {
        unmap(at, len);
        return Err(rw_error);
    }
    Ok(rw as u64)
}

/// The host's local time zone at Unix time `secs`: its offset from UTC in seconds (east
/// positive), whether daylight saving time applies, and its abbreviation ("CET").
pub fn local_zone(secs: i64) -> (i64, bool, String) {
    let t = secs as libc::time_t;
    let mut tm = std::mem::MaybeUninit::<libc::tm>::zeroed();
    // SAFETY: localtime_r reads `t` and fills the caller's `tm`; it returns null on failure.
    let ok = !unsafe { libc::localtime_r(&t, tm.as_mut_ptr()) }.is_null();
    if !ok {
        return (0, false, "UTC".into());
    }
    // SAFETY: localtime_r succeeded, so `tm` is initialised.
    let tm = unsafe { tm.assume_init() };
    let name = if tm.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: tm_zone points at a NUL-terminated string owned by libc's time zone state,
        // which lives for the process.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    (tm.tm_gmtoff, tm.tm_isdst > 0, name)
}

/// sysconf(3); 0 when the value is unknown.
pub fn sysconf(name: libc::c_int) -> u64 {
    // SAFETY: sysconf only queries a system limit.
    let v = unsafe { libc::sysconf(name) };
    v.max(0) as u64
}

/// The CPU time the calling thread has used: (user, kernel).
pub fn thread_cpu_time() -> (std::time::Duration, std::time::Duration) {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the caller's struct; RUSAGE_THREAD is supported since Linux 2.6.26.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_THREAD, usage.as_mut_ptr()) };
    if rc != 0 {
        return Default::default();
    }
    // SAFETY: getrusage succeeded and initialised the struct.
    let usage = unsafe { usage.assume_init() };
    let duration = |t: libc::timeval| {
        std::time::Duration::new(t.tv_sec as u64, (t.tv_usec as u32).saturating_mul(1000))
    };
    (duration(usage.ru_utime), duration(usage.ru_stime))
}

/// openat2(2) with `RESOLVE_IN_ROOT`: opens `path` below the directory `root` as if `root` were
/// `/` (absolute symlinks and `..` stay inside it), never following magic links out.
pub fn openat2_in_root(
    root: std::os::fd::BorrowedFd<'_>,
    path: &std::ffi::CStr,
    flags: i32,
    mode: u32,
) -> std::io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::{AsRawFd, FromRawFd};
    let mut how: libc::open_how = super::mem::zeroed_open_how();
    how.flags = (flags | libc::O_CLOEXEC) as u64;
    how.mode = if flags & (libc::O_CREAT | libc::O_TMPFILE) != 0 {
        mode as u64
    } else {
        0
    };
    how.resolve = libc::RESOLVE_IN_ROOT | libc::RESOLVE_NO_MAGICLINKS;
    loop {
        // SAFETY: `path` is NUL-terminated, `how` is a fully initialised open_how whose size is
        // passed; the kernel only reads them and returns a new fd or an error.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_openat2,
                root.as_raw_fd(),
                path.as_ptr(),
                &how as *const libc::open_how,
                size_of::<libc::open_how>(),
            )
        };
        if rc < 0 {
            let e = std::io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return Err(e);
        }
        // SAFETY: the syscall returned a new descriptor that nothing else owns.
        return Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(rc as i32) });
    }
}

/// statvfs(2): (block size, total blocks, free blocks, blocks available to the caller).
pub fn statvfs(path: &std::ffi::CStr) -> std::io::Result<(u64, u64, u64, u64)> {
    let mut st = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `path` is NUL-terminated and `st` a valid out-pointer, filled on success.
    if unsafe { libc::statvfs(path.as_ptr(), st.as_mut_ptr()) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: statvfs succeeded, so the struct is initialised.
    let st = unsafe { st.assume_init() };
    Ok((st.f_frsize, st.f_blocks, st.f_bfree, st.f_bavail))
}

/// pread(2) into `len` guest bytes at `addr` from file offset `offset`, retried on EINTR.
pub fn pread(fd: i32, addr: u64, len: usize, offset: i64) -> Result<usize, Win32Error> {
    loop {
        // SAFETY: as for `read`: the kernel writes at most `len` bytes at `addr`.
        let rc = unsafe { libc::pread(fd, addr as *mut libc::c_void, len, offset) };
        if rc < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        return check(rc);
    }
}

/// pwrite(2) of `len` guest bytes at `addr` to file offset `offset`, retried on EINTR.
pub fn pwrite(fd: i32, addr: u64, len: usize, offset: i64) -> Result<usize, Win32Error> {
    loop {
        // SAFETY: as for `write`: the kernel reads `len` bytes at `addr`.
        let rc = unsafe { libc::pwrite(fd, addr as *const libc::c_void, len, offset) };
        if rc < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        return check(rc);
    }
}

/// lseek(2); returns the new offset.
pub fn lseek(fd: i32, offset: i64, whence: i32) -> Result<u64, Win32Error> {
    // SAFETY: lseek only takes integers.
    let rc = unsafe { libc::lseek(fd, offset, whence) };
    if rc < 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(rc as u64)
}

/// ftruncate(2).
pub fn ftruncate(fd: i32, len: u64) -> Result<(), Win32Error> {
    // SAFETY: ftruncate only takes integers.
    if unsafe { libc::ftruncate(fd, len as i64) } != 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(())
}

/// futimens(2): sets access and modification times (`None` leaves one unchanged).
pub fn futimens(
    fd: i32,
    atime: Option<libc::timespec>,
    mtime: Option<libc::timespec>,
) -> Result<(), Win32Error> {
    let omit = libc::timespec {
        tv_sec: 0,
        tv_nsec: libc::UTIME_OMIT,
    };
    let times = [atime.unwrap_or(omit), mtime.unwrap_or(omit)];
    // SAFETY: `times` is an array of two initialised timespecs, as futimens requires.
    if unsafe { libc::futimens(fd, times.as_ptr()) } != 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(())
}

/// dup(2) with close-on-exec.
pub fn dup(fd: i32) -> std::io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    // SAFETY: F_DUPFD_CLOEXEC only takes integers and returns a new descriptor or -1.
    let rc = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if rc < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: the new descriptor is owned by nobody else.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(rc) })
}

/// The terminal size of `fd` as (columns, rows), if it is a terminal.
pub fn terminal_size(fd: i32) -> Option<(u16, u16)> {
    let mut ws = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one winsize into `ws`.
    let rc = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) };
    (rc == 0 && ws.ws_col > 0).then_some((ws.ws_col, ws.ws_row))
}

/// mmap(2) of `len` bytes of `fd` at `offset`: shared (writes reach the file) or private (copy
/// on write). `at` non-zero asks for exactly that address, replacing nothing.
pub fn map_file(
    at: u64,
    len: usize,
    prot: i32,
    shared: bool,
    fd: i32,
    offset: u64,
) -> Result<u64, Win32Error> {
    let mut flags = if shared {
        libc::MAP_SHARED
    } else {
        libc::MAP_PRIVATE
    };
    if at != 0 {
        flags |= libc::MAP_FIXED_NOREPLACE;
    }
    // SAFETY: a new mapping of a file; with MAP_FIXED_NOREPLACE the kernel refuses to replace
    // existing mappings, so no memory in use changes.
    let p = unsafe { libc::mmap(at as *mut libc::c_void, len, prot, flags, fd, offset as i64) };
    if p == libc::MAP_FAILED {
        return Err(Win32Error::last_os_error());
    }
    if at != 0 && p as u64 != at {
        unmap(p as u64, len);
        return Err(Win32Error::INVALID_ADDRESS);
    }
    Ok(p as u64)
}

/// msync(2) with MS_SYNC of a range the caller mapped.
pub fn msync(addr: u64, len: usize) -> Result<(), Win32Error> {
    // SAFETY: msync only writes back pages of the caller's own mapping.
    if unsafe { libc::msync(addr as *mut libc::c_void, len, libc::MS_SYNC) } != 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(())
}

/// An anonymous memory file (memfd) of `len` bytes: pagefile-backed section memory.
pub fn memfd(len: u64) -> std::io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    // SAFETY: the name is a NUL-terminated literal; the call returns a new fd or -1.
    let fd = unsafe { libc::memfd_create(c"winrun-section".as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: the descriptor was just created and is owned by nobody else.
    let fd = unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) };
    std::fs::File::from(fd.try_clone()?).set_len(len)?;
    Ok(fd)
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

    /// remquo: the IEEE remainder and the low bits of the quotient with its sign.
    pub fn remquo(x: f64, y: f64) -> (f64, i32) {
        unsafe extern "C" {
            fn remquo(x: f64, y: f64, quo: *mut i32) -> f64;
        }
        let mut quo = 0;
        // SAFETY: `quo` is a valid out-pointer for one int.
        let r = unsafe { remquo(x, y, &mut quo) };
        (r, quo)
    }

    /// `double _Complex` as the SysV ABI passes it: like this structure, in two SSE registers.
    #[repr(C)]
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub struct Complex64 {
        pub re: f64,
        pub im: f64,
    }

    /// `float _Complex`: both halves in one SSE register, like this structure.
    #[repr(C)]
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub struct Complex32 {
        pub re: f32,
        pub im: f32,
    }

    // SAFETY: the signatures are glibc libm's (complex.h), with each complex type replaced by the
    // structure the ABI passes and returns the same way; they only compute on their arguments.
    unsafe extern "C" {
        pub safe fn cacos(z: Complex64) -> Complex64;
        pub safe fn cacosh(z: Complex64) -> Complex64;
        pub safe fn casin(z: Complex64) -> Complex64;
        pub safe fn casinh(z: Complex64) -> Complex64;
        pub safe fn catan(z: Complex64) -> Complex64;
        pub safe fn catanh(z: Complex64) -> Complex64;
        pub safe fn ccos(z: Complex64) -> Complex64;
        pub safe fn ccosh(z: Complex64) -> Complex64;
        pub safe fn cexp(z: Complex64) -> Complex64;
        pub safe fn clog(z: Complex64) -> Complex64;
        pub safe fn clog10(z: Complex64) -> Complex64;
        pub safe fn cpow(z: Complex64, w: Complex64) -> Complex64;
        pub safe fn cproj(z: Complex64) -> Complex64;
        pub safe fn csin(z: Complex64) -> Complex64;
        pub safe fn csinh(z: Complex64) -> Complex64;
        pub safe fn csqrt(z: Complex64) -> Complex64;
        pub safe fn ctan(z: Complex64) -> Complex64;
        pub safe fn ctanh(z: Complex64) -> Complex64;
        pub safe fn cacosf(z: Complex32) -> Complex32;
        pub safe fn cacoshf(z: Complex32) -> Complex32;
        pub safe fn casinf(z: Complex32) -> Complex32;
        pub safe fn casinhf(z: Complex32) -> Complex32;
        pub safe fn catanf(z: Complex32) -> Complex32;
        pub safe fn catanhf(z: Complex32) -> Complex32;
        pub safe fn ccosf(z: Complex32) -> Complex32;
        pub safe fn ccoshf(z: Complex32) -> Complex32;
        pub safe fn cexpf(z: Complex32) -> Complex32;
        pub safe fn clogf(z: Complex32) -> Complex32;
        pub safe fn clog10f(z: Complex32) -> Complex32;
        pub safe fn cpowf(z: Complex32, w: Complex32) -> Complex32;
        pub safe fn cprojf(z: Complex32) -> Complex32;
        pub safe fn csinf(z: Complex32) -> Complex32;
        pub safe fn csinhf(z: Complex32) -> Complex32;
        pub safe fn csqrtf(z: Complex32) -> Complex32;
        pub safe fn ctanf(z: Complex32) -> Complex32;
        pub safe fn ctanhf(z: Complex32) -> Complex32;
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

/// The host user's id.
pub fn uid() -> u32 {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}

pub fn gid() -> u32 {
    // SAFETY: getgid has no preconditions and cannot fail.
    unsafe { libc::getgid() }
}

/// pipe2(2) with close-on-exec: (read end, write end).
pub fn pipe() -> std::io::Result<(std::os::fd::OwnedFd, std::os::fd::OwnedFd)> {
    use std::os::fd::FromRawFd;
    let mut fds = [0i32; 2];
    // SAFETY: pipe2 writes two descriptors into the two-element array.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: both descriptors are new and owned by nobody else.
    Ok(unsafe {
        (
            std::os::fd::OwnedFd::from_raw_fd(fds[0]),
            std::os::fd::OwnedFd::from_raw_fd(fds[1]),
        )
    })
}

/// Sets or clears close-on-exec on `fd`.
pub fn set_cloexec(fd: i32, on: bool) -> std::io::Result<()> {
    // SAFETY: F_SETFD only takes integers.
    if unsafe { libc::fcntl(fd, libc::F_SETFD, if on { libc::FD_CLOEXEC } else { 0 }) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Copies up to `len` bytes waiting in pipe `fd` to guest memory at `addr` without taking them:
/// tee(2) duplicates them into a scratch pipe, which is then read. Returns the bytes copied.
pub fn peek_pipe(fd: i32, addr: u64, len: usize) -> Result<usize, Win32Error> {
    let (scratch_read, scratch_write) = pipe().map_err(Win32Error::from)?;
    use std::os::fd::AsRawFd;
    // SAFETY: tee only takes descriptors and integers; it copies pipe buffers in the kernel.
    let rc = unsafe { libc::tee(fd, scratch_write.as_raw_fd(), len, libc::SPLICE_F_NONBLOCK) };
    if rc < 0 {
        let err = std::io::Error::last_os_error();
        return match err.raw_os_error() {
            Some(libc::EAGAIN) => Ok(0),
            _ => Err(Win32Error::from(err)),
        };
    }
    drop(scratch_write);
    let mut copied = 0;
    while copied < rc as usize {
        match read(
            scratch_read.as_raw_fd(),
            addr + copied as u64,
            rc as usize - copied,
        )? {
            0 => break,
            n => copied += n,
        }
    }
    Ok(copied)
}

/// How many bytes a pipe or socket holds unread (FIONREAD).
pub fn bytes_readable(fd: i32) -> Result<u32, Win32Error> {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int to the pointer given.
    if unsafe { libc::ioctl(fd, libc::FIONREAD, &mut n) } != 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(n.max(0) as u32)
}

/// Lets `fds` survive exec in a command about to be spawned (they stay close-on-exec in winrun,
/// so no other thread's child inherits them by accident).
pub fn keep_across_exec(command: &mut std::process::Command, fds: Vec<i32>) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the hook runs in the forked child before exec and only calls fcntl, which is
    // async-signal-safe; it allocates nothing (the vector was built before the fork).
    unsafe {
        command.pre_exec(move || {
            for &fd in &fds {
                if libc::fcntl(fd, libc::F_SETFD, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
}

/// Waits until child `pid` has ended, without reaping it (its pid stays reserved until `reap`).
pub fn wait_exited(pid: i32) {
    loop {
        // SAFETY: waitid writes one siginfo_t to the zeroed value given.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: as above; P_PID with WNOWAIT leaves the child waitable.
        let rc = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if rc == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            return;
        }
    }
}

/// How a child ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildStatus {
    Exited(u8),
    Signaled(i32),
}

/// Reaps child `pid` (after `wait_exited`): its exit status.
pub fn reap(pid: i32) -> ChildStatus {
    let mut status = 0;
    loop {
        // SAFETY: waitpid writes one int to the pointer given.
        let rc = unsafe { libc::waitpid(pid, &mut status, 0) };
        if rc >= 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            break;
        }
    }
    if libc::WIFSIGNALED(status) {
        ChildStatus::Signaled(libc::WTERMSIG(status))
    } else {
        ChildStatus::Exited(libc::WEXITSTATUS(status) as u8)
    }
}

/// kill(2): sends `signal` to process `pid`.
pub fn kill(pid: i32, signal: i32) -> Result<(), Win32Error> {
    // SAFETY: kill only takes integers.
    if unsafe { libc::kill(pid, signal) } != 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(())
}

/// Takes ownership of descriptor `fd`, which this process received from its parent for the
/// caller's use (an inherited handle).
pub fn adopt_inherited_fd(fd: i32) -> Option<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    // SAFETY: F_GETFD only checks that the descriptor is open.
    if unsafe { libc::fcntl(fd, libc::F_GETFD) } < 0 {
        return None;
    }
    // SAFETY: the parent handed this descriptor over for exactly one handle, read once at
    // startup; nothing else in this process owns it.
    Some(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
}

/// Whether the other end of pipe `fd` is closed (poll reports POLLHUP).
pub fn hung_up(fd: i32) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: poll reads and writes the one pollfd given; timeout 0 never blocks.
    let rc = unsafe { libc::poll(&mut p, 1, 0) };
    rc > 0 && p.revents & libc::POLLHUP != 0
}

/// A connected pair of Unix sockets with close-on-exec: a byte stream, or (`messages`) a
/// SOCK_SEQPACKET pair that keeps each write a separate record.
pub fn socketpair(messages: bool) -> std::io::Result<(std::os::fd::OwnedFd, std::os::fd::OwnedFd)> {
    use std::os::fd::FromRawFd;
    let kind = if messages {
        libc::SOCK_SEQPACKET
    } else {
        libc::SOCK_STREAM
    };
    let mut fds = [0i32; 2];
    // SAFETY: socketpair writes two descriptors into the two-element array.
    if unsafe {
        libc::socketpair(
            libc::AF_UNIX,
            kind | libc::SOCK_CLOEXEC,
            0,
            fds.as_mut_ptr(),
        )
    } != 0
    {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: both descriptors are new and owned by nobody else.
    Ok(unsafe {
        (
            std::os::fd::OwnedFd::from_raw_fd(fds[0]),
            std::os::fd::OwnedFd::from_raw_fd(fds[1]),
        )
    })
}

/// dup3(2) with close-on-exec: makes `target` refer to what `source` refers to, atomically
/// closing what `target` referred to before.
pub fn replace_fd(source: i32, target: i32) -> Result<(), Win32Error> {
    // SAFETY: dup3 only takes integers; `target` stays owned by its owner.
    if unsafe { libc::dup3(source, target, libc::O_CLOEXEC) } < 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(())
}

/// recv(2) into guest memory; `peek` leaves the data queued, `nonblocking` fails with
/// ERROR_NO_DATA instead of waiting.
pub fn recv(
    fd: i32,
    addr: u64,
    len: usize,
    peek: bool,
    nonblocking: bool,
) -> Result<usize, Win32Error> {
    let flags =
        if peek { libc::MSG_PEEK } else { 0 } | if nonblocking { libc::MSG_DONTWAIT } else { 0 };
    loop {
        // SAFETY: the kernel writes at most `len` bytes at `addr`, which the API's contract makes
        // writable; a bad address yields EFAULT.
        let n = unsafe { libc::recv(fd, addr as *mut libc::c_void, len, flags) };
        if n >= 0 {
            return Ok(n as usize);
        }
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EAGAIN) => return Err(Win32Error::NO_DATA),
            _ => return Err(Win32Error::last_os_error()),
        }
    }
}

/// The length of the next record of a SOCK_SEQPACKET socket, waiting for one unless
/// `nonblocking` (then ERROR_NO_DATA). 0 is an empty record or, when hung up, the end.
pub fn next_record_len(fd: i32, nonblocking: bool) -> Result<usize, Win32Error> {
    let flags = libc::MSG_PEEK | libc::MSG_TRUNC | if nonblocking { libc::MSG_DONTWAIT } else { 0 };
    loop {
        // SAFETY: a zero-length buffer: recv writes nothing and MSG_TRUNC reports the length.
        let n = unsafe { libc::recv(fd, std::ptr::null_mut(), 0, flags) };
        if n >= 0 {
            return Ok(n as usize);
        }
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EAGAIN) => return Err(Win32Error::NO_DATA),
            _ => return Err(Win32Error::last_os_error()),
        }
    }
}

/// recv(2) of one whole record into host memory.
pub fn recv_record(fd: i32, buf: &mut [u8]) -> Result<usize, Win32Error> {
    loop {
        // SAFETY: `buf` is a valid, exclusively borrowed buffer of `buf.len()` bytes.
        let n = unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) };
        if n >= 0 {
            return Ok(n as usize);
        }
        if std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            return Err(Win32Error::last_os_error());
        }
    }
}

/// A new eventfd (close-on-exec): a descriptor that turns readable once `signal_eventfd` ran.
pub fn eventfd() -> std::io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    // SAFETY: eventfd only takes integers.
    let fd = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: the descriptor is new and owned by nobody else.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
}

/// A new inotify instance (non-blocking, close-on-exec).
pub fn inotify() -> std::io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    // SAFETY: inotify_init1 only takes flags.
    let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: the descriptor is new and owned by nobody else.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
}

/// inotify_add_watch(2): the watch descriptor for `path`.
pub fn inotify_add_watch(fd: i32, path: &std::ffi::CStr, mask: u32) -> std::io::Result<i32> {
    // SAFETY: `path` is a NUL-terminated string that outlives the call.
    let wd = unsafe { libc::inotify_add_watch(fd, path.as_ptr(), mask) };
    if wd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(wd)
}

/// read(2) into a host buffer.
pub fn read_bytes(fd: i32, buf: &mut [u8]) -> std::io::Result<usize> {
    // SAFETY: `buf` is valid for writes of its length.
    let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
    if n < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(n as usize)
}

/// Makes eventfd `fd` readable.
pub fn signal_eventfd(fd: i32) {
    let one: u64 = 1;
    // SAFETY: write reads the eight bytes of `one`.
    unsafe { libc::write(fd, (&one as *const u64).cast(), 8) };
}

/// Waits until `fd` is readable (or writable with `write`), or hung up, or `cancel` is
/// readable: true for `fd`, false for `cancel`.
pub fn wait_ready(fd: i32, write: bool, cancel: i32) -> bool {
    let mut fds = [
        libc::pollfd {
            fd,
            events: if write { libc::POLLOUT } else { libc::POLLIN },
            revents: 0,
        },
        libc::pollfd {
            fd: cancel,
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    loop {
        // SAFETY: poll reads and writes the two pollfds of the array.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), 2, -1) };
        if rc > 0 {
            return fds[1].revents == 0;
        }
        if rc < 0 && std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            return true;
        }
    }
}

/// Where the routed signals go: the write end of a pipe, one byte (the signal number) each.
static SIGNAL_PIPE: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

extern "C" fn signal_to_pipe(sig: libc::c_int) {
    let byte = sig as u8;
    // SAFETY: write(2) is async-signal-safe; `byte` lives across the call. A full pipe drops the
    // signal, as a console drops keystrokes nobody reads.
    unsafe {
        libc::write(
            SIGNAL_PIPE.load(std::sync::atomic::Ordering::Relaxed),
            &byte as *const u8 as *const libc::c_void,
            1,
        )
    };
}

/// Signals noted by `signal_to_flag` and not yet taken, one bit per signal number.
static FLAGGED_SIGNALS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
/// Set once `flag_signals` has installed its handler.
static FLAGGING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

extern "C" fn signal_to_flag(sig: libc::c_int) {
    // An atomic read-modify-write is async-signal-safe.
    FLAGGED_SIGNALS.fetch_or(1 << (sig & 63), std::sync::atomic::Ordering::Relaxed);
}

fn set_handler(sig: i32, handler: usize) {
    // SAFETY: a zeroed sigaction with SIG_IGN, SIG_DFL or one of the handlers above (each only
    // writes to a pipe or an atomic) is valid; SA_RESTART keeps interrupted system calls going.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = handler;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(sig, &action, std::ptr::null_mut());
    }
}

/// From now on `signals` are not acted on by the kernel but noted, for `take_flagged_signals`
/// to collect: no thread or descriptor needed (a thread that runs anyway polls them).
pub fn flag_signals(signals: &[i32]) {
    FLAGGING.store(true, std::sync::atomic::Ordering::Relaxed);
    for &sig in signals {
        set_handler(sig, signal_to_flag as *const () as usize);
    }
}

/// The signals noted since the last call, one bit per signal number.
pub fn take_flagged_signals() -> u64 {
    FLAGGED_SIGNALS.swap(0, std::sync::atomic::Ordering::Relaxed)
}

/// From now on `signals` are not acted on by the kernel but arrive, in order, as bytes on the
/// returned reader (a blocking pipe).
pub fn route_signals(signals: &[i32]) -> std::io::Result<std::io::PipeReader> {
    let (reader, writer) = std::io::pipe()?;
    // The write end stays open for the life of the process.
    SIGNAL_PIPE.store(
        std::os::fd::IntoRawFd::into_raw_fd(writer),
        std::sync::atomic::Ordering::Relaxed,
    );
    for &sig in signals {
        set_handler(sig, signal_to_pipe as *const () as usize);
    }
    Ok(reader)
}

/// Sends `sig` to thread `tid` of this process. False when the thread no longer exists.
pub fn signal_thread(tid: u32, sig: i32) -> bool {
    // SAFETY: tgkill takes plain integers and touches no memory of ours.
    unsafe { libc::syscall(libc::SYS_tgkill, libc::getpid(), tid as libc::pid_t, sig) == 0 }
}

/// The host CPUs thread `tid` (0: the caller) may run on, lowest first.
pub fn allowed_cpus(tid: u32) -> Vec<usize> {
    // SAFETY: a zeroed cpu_set_t is a valid empty set; sched_getaffinity fills at most its size.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is a live cpu_set_t of the size passed.
    let rc = unsafe {
        libc::sched_getaffinity(tid as libc::pid_t, size_of::<libc::cpu_set_t>(), &mut set)
    };
    if rc != 0 {
        return vec![0];
    }
    (0..libc::CPU_SETSIZE as usize)
        // SAFETY: `cpu` is below CPU_SETSIZE, inside the set.
        .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
        .collect()
}

/// Restricts host thread `tid` (0: the caller) to `cpus`.
pub fn set_allowed_cpus(tid: u32, cpus: &[usize]) -> Result<(), Win32Error> {
    // SAFETY: a zeroed cpu_set_t is a valid empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    for &cpu in cpus.iter().filter(|&&c| c < libc::CPU_SETSIZE as usize) {
        // SAFETY: `cpu` is below CPU_SETSIZE, inside the set.
        unsafe { libc::CPU_SET(cpu, &mut set) };
    }
    // SAFETY: `set` is a live cpu_set_t of the size passed; the call reads it only.
    let rc =
        unsafe { libc::sched_setaffinity(tid as libc::pid_t, size_of::<libc::cpu_set_t>(), &set) };
    if rc != 0 {
        return Err(Win32Error::last_os_error());
    }
    Ok(())
}

/// The nice value of host thread `tid` (0: the caller).
pub fn thread_nice(tid: u32) -> i32 {
    // SAFETY: getpriority takes plain integers and touches no memory of ours.
    unsafe { libc::getpriority(libc::PRIO_PROCESS, tid as libc::id_t) }
}

/// Sets the nice value of host thread `tid` (0: the caller). False when Linux refuses (raising
/// a priority needs CAP_SYS_NICE or a RLIMIT_NICE allowance).
pub fn set_thread_nice(tid: u32, nice: i32) -> bool {
    // SAFETY: setpriority takes plain integers and touches no memory of ours.
    unsafe { libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, nice) == 0 }
}

/// The host CPU the calling thread runs on.
pub fn current_cpu() -> usize {
    // SAFETY: sched_getcpu takes no arguments.
    let cpu = unsafe { libc::sched_getcpu() };
    cpu.max(0) as usize
}

/// Starts a host thread running `body` on the stack `low..low + size` (mapped read-write by the
/// caller, who keeps it alive until the thread has been joined). Returns its pthread id.
pub fn spawn_on_stack(
    low: u64,
    size: usize,
    body: Box<dyn FnOnce() + Send>,
) -> Result<u64, Win32Error> {
    extern "C" fn start(arg: *mut libc::c_void) -> *mut libc::c_void {
        // SAFETY: `arg` is the box leaked by `spawn_on_stack` for this thread only.
        let body = unsafe { Box::from_raw(arg as *mut Box<dyn FnOnce() + Send>) };
        body();
        std::ptr::null_mut()
    }
    let arg = Box::into_raw(Box::new(body));
    let mut attr = std::mem::MaybeUninit::<libc::pthread_attr_t>::uninit();
    let mut thread: libc::pthread_t = 0;
    // SAFETY: the attribute object is initialised before use and destroyed after; the stack
    // region is the caller's, writable and unused by anything else; `arg` is handed over to the
    // new thread, or taken back below when none starts.
    let rc = unsafe {
        libc::pthread_attr_init(attr.as_mut_ptr());
        libc::pthread_attr_setstack(attr.as_mut_ptr(), low as *mut libc::c_void, size);
        let rc = libc::pthread_create(&mut thread, attr.as_ptr(), start, arg as *mut libc::c_void);
        libc::pthread_attr_destroy(attr.as_mut_ptr());
        rc
    };
    if rc != 0 {
        // SAFETY: no thread started, so the box is still ours.
        drop(unsafe { Box::from_raw(arg) });
        return Err(Win32Error::NOT_ENOUGH_MEMORY);
    }
    Ok(thread as u64)
}

/// The calling thread's pthread id.
pub fn current_pthread() -> u64 {
    // SAFETY: pthread_self takes no arguments and cannot fail.
    unsafe { libc::pthread_self() as u64 }
}

/// Waits for the thread `spawn_on_stack` returned to end, and releases it.
pub fn join(thread: u64) {
    // SAFETY: `thread` came from `spawn_on_stack` and is joined once (the caller's contract).
    unsafe { libc::pthread_join(thread as libc::pthread_t, std::ptr::null_mut()) };
}

/// The terminal settings of `fd` (tcgetattr(3)), if it is a terminal.
pub fn terminal_settings(fd: i32) -> Option<libc::termios> {
    let mut settings = std::mem::MaybeUninit::<libc::termios>::uninit();
    // SAFETY: tcgetattr writes one termios into `settings` and fills it whole on success.
    unsafe { (libc::tcgetattr(fd, settings.as_mut_ptr()) == 0).then(|| settings.assume_init()) }
}

/// Applies terminal settings to `fd` at once (tcsetattr(3) with TCSANOW).
pub fn set_terminal_settings(fd: i32, settings: &libc::termios) -> bool {
    // SAFETY: tcsetattr only reads the termios it is given.
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, settings) == 0 }
}

/// Discards what was typed on terminal `fd` and not yet read (tcflush(3) of the input queue).
pub fn discard_terminal_input(fd: i32) {
    // SAFETY: tcflush takes plain integers.
    unsafe { libc::tcflush(fd, libc::TCIFLUSH) };
}

/// Waits until `fd` has input or `wake` (if any, -1 for none) becomes readable, for at most
/// `timeout_ms` (negative: no limit). Returns whether `fd` is readable; an interrupting signal
/// counts as no input.
pub fn wait_readable(fd: i32, wake: i32, timeout_ms: i32) -> bool {
    let mut fds = [
        libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: wake,
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    // SAFETY: poll reads and writes the two pollfd entries of `fds`; a negative fd is ignored.
    let rc = unsafe { libc::poll(fds.as_mut_ptr(), 2, timeout_ms) };
    rc > 0 && fds[0].revents & (libc::POLLIN | libc::POLLHUP) != 0
}

/// The read end of the pipe SIGWINCH writes to once `watch_terminal_resize` has run.
static RESIZE_PIPE: std::sync::OnceLock<(i32, i32)> = std::sync::OnceLock::new();

extern "C" fn resize_to_pipe(_sig: libc::c_int) {
    if let Some(&(_, writer)) = RESIZE_PIPE.get() {
        let byte = 0u8;
        // SAFETY: write(2) is async-signal-safe; the pipe is non-blocking, so a full pipe (a
        // resize already pending) drops the byte instead of blocking the handler.
        unsafe { libc::write(writer, &byte as *const u8 as *const libc::c_void, 1) };
    }
}

/// From now on a terminal resize (SIGWINCH) makes the returned descriptor readable; drain it
/// with `drain`. Set up once; later calls return the same descriptor.
pub fn watch_terminal_resize() -> i32 {
    RESIZE_PIPE
        .get_or_init(|| {
            let mut fds = [-1; 2];
            // SAFETY: pipe2 writes two descriptors into `fds`.
            if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC | libc::O_NONBLOCK) } != 0 {
                return (-1, -1);
            }
            // SAFETY: a zeroed sigaction whose handler only calls write(2) is valid; SA_RESTART
            // keeps other threads' system calls going.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = resize_to_pipe as *const () as usize;
                action.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(libc::SIGWINCH, &action, std::ptr::null_mut());
            }
            (fds[0], fds[1])
        })
        .0
}

/// Reads and drops whatever non-blocking `fd` holds; returns whether it held anything.
pub fn drain(fd: i32) -> bool {
    let mut buf = [0u8; 64];
    let mut any = false;
    // SAFETY: read writes at most `buf.len()` bytes into `buf`.
    while unsafe { libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len()) } > 0 {
        any = true;
    }
    any
}

/// Whether `fd` was opened for reading only (fcntl(2) F_GETFL).
pub fn opened_read_only(fd: i32) -> bool {
    // SAFETY: F_GETFL takes no argument and touches no memory.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    flags >= 0 && flags & libc::O_ACCMODE == libc::O_RDONLY
}

/// Whether `sig` is ignored (SIG_IGN), as a parent can leave it for its children.
pub fn signal_ignored(sig: i32) -> bool {
    // SAFETY: a null new action only queries; the old action is written into `old`.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}

/// Ignores `sig` (SIG_IGN, which children inherit across exec), or stops ignoring it: it goes
/// back to `route_signals`' pipe if signals are routed, else to `flag_signals`' flags if those
/// are in use, else to the default action.
pub fn ignore_signal(sig: i32, ignore: bool) {
    let routed = SIGNAL_PIPE.load(std::sync::atomic::Ordering::Relaxed) >= 0;
    let flagging = FLAGGING.load(std::sync::atomic::Ordering::Relaxed);
    let handler = match (ignore, routed, flagging) {
        (true, _, _) => libc::SIG_IGN,
        (false, true, _) => signal_to_pipe as *const () as usize,
        (false, false, true) => signal_to_flag as *const () as usize,
        (false, false, false) => libc::SIG_DFL,
    };
    set_handler(sig, handler);
}

/// Whether this process is in the foreground process group of terminal `fd` (a background
/// process that touches the terminal's settings or reads it is stopped by the kernel).
pub fn in_foreground(fd: i32) -> bool {
    // SAFETY: tcgetpgrp and getpgrp take plain integers and touch no memory.
    unsafe { libc::tcgetpgrp(fd) == libc::getpgrp() }
}

fn xattr_len(rc: isize) -> std::io::Result<usize> {
    if rc < 0 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(rc as usize)
    }
}

/// open(2) of `path` with `flags` (access mode included) and creation `mode`, retried when a
/// signal interrupts it.
pub fn open(path: &std::ffi::CStr, flags: i32, mode: u32) -> std::io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    loop {
        // SAFETY: `path` is NUL-terminated; open only reads it and returns a new descriptor.
        let fd = unsafe { libc::open(path.as_ptr(), flags, mode) };
        if fd >= 0 {
            // SAFETY: open returned a new descriptor that nothing else owns.
            return Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) });
        }
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EINTR) {
            return Err(e);
        }
    }
}

/// getxattr(2) of attribute `name` of the file at `path` (following symlinks) into `buf`;
/// returns the value's length.
pub fn getxattr(
    path: &std::ffi::CStr,
    name: &std::ffi::CStr,
    buf: &mut [u8],
) -> std::io::Result<usize> {
    // SAFETY: both strings are NUL-terminated; the kernel writes at most `buf.len()` bytes
    // into `buf`, which is valid for that many.
    let rc = unsafe {
        libc::getxattr(
            path.as_ptr(),
            name.as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len(),
        )
    };
    xattr_len(rc)
}

/// fgetxattr(2): as `getxattr`, on an open descriptor.
pub fn fgetxattr(fd: i32, name: &std::ffi::CStr, buf: &mut [u8]) -> std::io::Result<usize> {
    // SAFETY: `name` is NUL-terminated; the kernel writes at most `buf.len()` bytes into `buf`.
    let rc = unsafe { libc::fgetxattr(fd, name.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    xattr_len(rc)
}

/// setxattr(2): sets attribute `name` of the file at `path` (following symlinks) to `value`.
pub fn setxattr(path: &std::ffi::CStr, name: &std::ffi::CStr, value: &[u8]) -> std::io::Result<()> {
    // SAFETY: both strings are NUL-terminated; the kernel reads `value.len()` bytes of `value`.
    let rc = unsafe {
        libc::setxattr(
            path.as_ptr(),
            name.as_ptr(),
            value.as_ptr().cast(),
            value.len(),
            0,
        )
    };
    xattr_len(rc as isize).map(drop)
}

/// fsetxattr(2): as `setxattr`, on an open descriptor.
pub fn fsetxattr(fd: i32, name: &std::ffi::CStr, value: &[u8]) -> std::io::Result<()> {
    // SAFETY: `name` is NUL-terminated; the kernel reads `value.len()` bytes of `value`.
    let rc = unsafe { libc::fsetxattr(fd, name.as_ptr(), value.as_ptr().cast(), value.len(), 0) };
    xattr_len(rc as isize).map(drop)
}
