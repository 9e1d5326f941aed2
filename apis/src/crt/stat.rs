//! sys/stat.h: `_stat` and `_fstat` in each struct layout the CRTs export, from the host's
//! metadata in Windows terms (the drive number, `_S_IFDIR`/`_S_IFREG`/`_S_IFCHR`/`_S_IFIFO`, read
//! and write permission from the read-only attribute, execute from the file extension), and
//! sys/utime.h's `_utime`/`_futime`, which set what `_stat` reads.

use super::errno::EINVAL;
use super::io::{self, fail, os_error};
use crate::abi::{CStrPtr, GuestPtr, WStrPtr, Win32Error, host, mem};
use crate::dllexport;
use std::os::unix::fs::MetadataExt;

/// What every layout is filled from.
struct Stat {
    mode: u16,
    size: i64,
    atime: i64,
    mtime: i64,
    ctime: i64,
    /// Drive number (C: is 2), or the descriptor for a character device or pipe.
    dev: u32,
}

const S_IFIFO: u16 = 0x1000;
const S_IFCHR: u16 = 0x2000;
const S_IFDIR: u16 = 0x4000;
const S_IFREG: u16 = 0x8000;

fn permissions(read_only: bool, executable: bool) -> u16 {
    let mut user = 0x100; // _S_IREAD
    if !read_only {
        user |= 0x80; // _S_IWRITE
    }
    if executable {
        user |= 0x40; // _S_IEXEC
    }
    user | user >> 3 | user >> 6
}

fn executable_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".exe", ".com", ".bat", ".cmd"]
        .iter()
        .any(|e| lower.ends_with(e))
}

fn from_metadata(m: &std::fs::Metadata, name: &str) -> Stat {
    let dir = m.is_dir();
    let mode = if dir { S_IFDIR } else { S_IFREG }
        | permissions(
            m.permissions().readonly() && !dir,
            dir || executable_name(name),
        );
    Stat {
        mode,
        size: if dir { 0 } else { m.size() as i64 },
        atime: m.atime(),
        mtime: m.mtime(),
        ctime: m.ctime(),
        dev: 2,
    }
}

/// `_stat` on a path; a trailing separator is allowed only on a directory.
fn stat_path(name: Option<String>) -> Result<Stat, i32> {
    let Some(name) = name else {
        return Err(super::stdlib::invalid_parameter(EINVAL));
    };
    if name.is_empty() || name.contains(['*', '?']) {
        return Err(os_error(Win32Error::FILE_NOT_FOUND));
    }
    let m = io::metadata(&name)?;
    if name.ends_with(['\\', '/']) && !m.is_dir() && name.len() > 3 {
        return Err(os_error(Win32Error::FILE_NOT_FOUND));
    }
    Ok(from_metadata(&m, &name))
}

fn stat_fd(fd: i32) -> Result<Stat, i32> {
    let (f, _) = io::file_of(fd)?;
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    let st = host::fstat(f.fd(), &mut st).map_err(os_error)?;
    let kind = st.st_mode & libc::S_IFMT;
    let (mode, dev) = match kind {
        libc::S_IFCHR => (S_IFCHR | 0x1B6, fd as u32),
        libc::S_IFIFO | libc::S_IFSOCK => (S_IFIFO | 0x1B6, fd as u32),
        libc::S_IFDIR => (S_IFDIR | permissions(false, true), 2),
        _ => (S_IFREG | permissions(st.st_mode & 0o222 == 0, false), 2),
    };
    let regular = kind == libc::S_IFREG;
    Ok(Stat {
        mode,
        size: if regular { st.st_size } else { 0 },
        atime: if regular { st.st_atime } else { 0 },
        mtime: if regular { st.st_mtime } else { 0 },
        ctime: if regular { st.st_ctime } else { 0 },
        dev,
    })
}

/// The common head of every layout: st_dev, st_ino, st_mode, st_nlink, st_uid, st_gid, then
/// st_rdev at 16.
fn write_head(p: u64, s: &Stat) {
    mem::write(p, s.dev);
    mem::write(p + 4, 0u16);
    mem::write(p + 6, s.mode);
    mem::write(p + 8, 1i16);
    mem::write(p + 10, 0i16);
    mem::write(p + 12, 0i16);
    mem::write(p + 14, 0u16);
    mem::write(p + 16, s.dev);
}

/// `struct _stat64`: 64-bit size and times (56 bytes).
fn write_stat64(p: u64, s: &Stat) {
    write_head(p, s);
    mem::write(p + 20, 0u32);
    mem::write(p + 24, s.size);
    mem::write(p + 32, s.atime);
    mem::write(p + 40, s.mtime);
    mem::write(p + 48, s.ctime);
}

/// `struct _stat64i32` (msvcrt's x64 `struct _stat`): 32-bit size, 64-bit times (48 bytes).
fn write_stat64i32(p: u64, s: &Stat) {
    write_head(p, s);
    mem::write(p + 20, s.size as i32);
    mem::write(p + 24, s.atime);
    mem::write(p + 32, s.mtime);
    mem::write(p + 40, s.ctime);
}

/// `struct _stat32`: 32-bit size and times (36 bytes).
fn write_stat32(p: u64, s: &Stat) {
    write_head(p, s);
    mem::write(p + 20, s.size as i32);
    mem::write(p + 24, s.atime as i32);
    mem::write(p + 28, s.mtime as i32);
    mem::write(p + 32, s.ctime as i32);
}

/// `struct _stat32i64`: 64-bit size (aligned to 24), 32-bit times (48 bytes).
fn write_stat32i64(p: u64, s: &Stat) {
    write_head(p, s);
    mem::write(p + 20, 0u32);
    mem::write(p + 24, s.size);
    mem::write(p + 32, s.atime as i32);
    mem::write(p + 36, s.mtime as i32);
    mem::write(p + 40, s.ctime as i32);
    mem::write(p + 44, 0u32);
}

fn finish(buffer: u64, result: Result<Stat, i32>, write: fn(u64, &Stat)) -> i32 {
    if buffer == 0 {
        super::stdlib::invalid_parameter(EINVAL);
        return -1;
    }
    match result {
        Ok(s) => {
            write(buffer, &s);
            0
        }
        Err(e) => fail(e, -1),
    }
}

macro_rules! stat_exports {
    ($($path:ident, $wpath:ident, $fd:ident => $write:ident;)*) => {$(
        #[dllexport]
        pub fn $path(path: CStrPtr, buffer: GuestPtr<u8>) -> i32 {
            finish(buffer.addr(), stat_path(path.string()), $write)
        }

        #[dllexport]
        pub fn $wpath(path: WStrPtr, buffer: GuestPtr<u8>) -> i32 {
            finish(buffer.addr(), stat_path(path.string()), $write)
        }

        #[dllexport]
        pub fn $fd(fd: i32, buffer: GuestPtr<u8>) -> i32 {
            finish(buffer.addr(), stat_fd(fd), $write)
        }
    )*};
}

stat_exports! {
    _stat64, _wstat64, _fstat64 => write_stat64;
    _stati64, _wstati64, _fstati64 => write_stat64;
    _stat64i32, _wstat64i32, _fstat64i32 => write_stat64i32;
    _stat, _wstat, _fstat => write_stat64i32;
    _stat32, _wstat32, _fstat32 => write_stat32;
    _stat32i64, _wstat32i64, _fstat32i64 => write_stat32i64;
}

/// The FILETIME of a `time_t`.
fn filetime_of(t: i64) -> u64 {
    (t * 10_000_000 + 116_444_736_000_000_000) as u64
}

/// `_utime`'s `struct _utimbuf` (access then modification time, 64 or 32 bits each), or now
/// for NULL, as the file's access and write times.
fn times_of(times: u64, wide_time: bool) -> (u64, u64) {
    if times == 0 {
        let now = crate::kernel32::sysinfoapi::filetime_now();
        return (now, now);
    }
    let (access, modification) = if wide_time {
        (
            mem::read::<i64>(times).unwrap_or(0),
            mem::read::<i64>(times + 8).unwrap_or(0),
        )
    } else {
        (
            i64::from(mem::read::<i32>(times).unwrap_or(0)),
            i64::from(mem::read::<i32>(times + 4).unwrap_or(0)),
        )
    };
    (filetime_of(access), filetime_of(modification))
}

/// `_futime`: sets the times of the file behind `fd`.
fn futime(fd: i32, times: u64, wide_time: bool) -> i32 {
    let (access, write) = times_of(times, wide_time);
    let result = io::file_of(fd).and_then(|(f, _)| {
        crate::kernel32::fileapi::set_times(&f, None, Some(access), Some(write)).map_err(os_error)
    });
    match result {
        Ok(()) => 0,
        Err(e) => fail(e, -1),
    }
}

/// `_utime`: opens the file for writing its attributes, as the CRT does, and sets its times.
fn utime(name: Option<String>, times: u64, wide_time: bool) -> i32 {
    let Some(name) = name else {
        return fail(super::stdlib::invalid_parameter(EINVAL), -1);
    };
    let fd = match io::open(&name, io::O_RDWR | io::O_BINARY, 0) {
        Ok(fd) => fd,
        Err(e) => return fail(e, -1),
    };
    let r = futime(fd, times, wide_time);
    let _ = io::close(fd);
    r
}

#[dllexport]
pub fn _utime64(filename: CStrPtr, times: GuestPtr<u8>) -> i32 {
    utime(filename.string(), times.addr(), true)
}

/// msvcrt.dll's `_utime` on x64: 64-bit times.
#[dllexport]
pub fn _utime(filename: CStrPtr, times: GuestPtr<u8>) -> i32 {
    utime(filename.string(), times.addr(), true)
}

#[dllexport]
pub fn _utime32(filename: CStrPtr, times: GuestPtr<u8>) -> i32 {
    utime(filename.string(), times.addr(), false)
}

#[dllexport]
pub fn _wutime64(filename: WStrPtr, times: GuestPtr<u8>) -> i32 {
    utime(filename.string(), times.addr(), true)
}

#[dllexport]
pub fn _wutime(filename: WStrPtr, times: GuestPtr<u8>) -> i32 {
    utime(filename.string(), times.addr(), true)
}

#[dllexport]
pub fn _wutime32(filename: WStrPtr, times: GuestPtr<u8>) -> i32 {
    utime(filename.string(), times.addr(), false)
}

#[dllexport]
pub fn _futime64(fd: i32, times: GuestPtr<u8>) -> i32 {
    futime(fd, times.addr(), true)
}

#[dllexport]
pub fn _futime(fd: i32, times: GuestPtr<u8>) -> i32 {
    futime(fd, times.addr(), true)
}

#[dllexport]
pub fn _futime32(fd: i32, times: GuestPtr<u8>) -> i32 {
    futime(fd, times.addr(), false)
}
