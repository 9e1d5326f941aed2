//! errno and its per-thread storage.

use crate::abi::{GuestPtr, Win32Error, mem};
use crate::dllexport;
use crate::nt::teb;

/// The per-thread errno lives in the TEB's ReservedForNtRpc field (0x1698), which only the RPC
/// runtime uses: each thread has its own int without any allocation or lookup.
const ERRNO_OFFSET: u64 = 0x1698;

/// The per-thread `_doserrno` (the Win32 error behind the last errno) shares that field: its
/// upper four bytes.
const DOSERRNO_OFFSET: u64 = 0x169C;

pub const EPERM: i32 = 1;
pub const ENOENT: i32 = 2;
pub const E2BIG: i32 = 7;
pub const ENOEXEC: i32 = 8;
pub const EBADF: i32 = 9;
pub const EAGAIN: i32 = 11;
pub const ENOMEM: i32 = 12;
pub const EACCES: i32 = 13;
pub const EEXIST: i32 = 17;
pub const EXDEV: i32 = 18;
pub const ENOTDIR: i32 = 20;
pub const EISDIR: i32 = 21;
pub const EINVAL: i32 = 22;
pub const EMFILE: i32 = 24;
pub const ENOSPC: i32 = 28;
pub const EPIPE: i32 = 32;
pub const EDOM: i32 = 33;
pub const ERANGE: i32 = 34;
pub const EDEADLOCK: i32 = 36;
pub const ENOTEMPTY: i32 = 41;
pub const EILSEQ: i32 = 42;
pub const STRUNCATE: i32 = 80;

pub fn errno_addr() -> u64 {
    teb::current() + ERRNO_OFFSET
}

pub fn set_errno(value: i32) {
    mem::write(errno_addr(), value);
}

pub fn errno() -> i32 {
    mem::read(errno_addr()).unwrap_or(0)
}

#[dllexport]
pub fn _errno() -> GuestPtr<i32> {
    GuestPtr::new(errno_addr())
}

pub fn set_doserrno(value: u32) {
    mem::write(teb::current() + DOSERRNO_OFFSET, value);
}

#[dllexport]
pub fn __doserrno() -> GuestPtr<u32> {
    GuestPtr::new(teb::current() + DOSERRNO_OFFSET)
}

#[dllexport]
pub fn _get_errno(pValue: GuestPtr<i32>) -> i32 {
    if !pValue.write(errno()) {
        return EINVAL;
    }
    0
}

#[dllexport]
pub fn _set_errno(value: i32) -> i32 {
    set_errno(value);
    0
}

#[dllexport]
pub fn _get_doserrno(pValue: GuestPtr<u32>) -> i32 {
    match mem::read::<u32>(teb::current() + DOSERRNO_OFFSET) {
        Some(v) if pValue.write(v) => 0,
        _ => EINVAL,
    }
}

#[dllexport]
pub fn _set_doserrno(error_value: u32) -> i32 {
    set_doserrno(error_value);
    0
}

/// The errno for a Win32 error, as the CRT's `_dosmaperr` table has it.
pub fn errno_from_win32(error: Win32Error) -> i32 {
    use windows_sys::Win32::Foundation as f;
    match error.0 {
        f::ERROR_FILE_NOT_FOUND
        | f::ERROR_PATH_NOT_FOUND
        | f::ERROR_INVALID_DRIVE
        | f::ERROR_NO_MORE_FILES
        | f::ERROR_BAD_NETPATH
        | f::ERROR_BAD_NET_NAME
        | f::ERROR_BAD_PATHNAME
        | f::ERROR_FILENAME_EXCED_RANGE => ENOENT,
        f::ERROR_TOO_MANY_OPEN_FILES => EMFILE,
        f::ERROR_ACCESS_DENIED
        | f::ERROR_CURRENT_DIRECTORY
        | f::ERROR_NETWORK_ACCESS_DENIED
        | f::ERROR_CANNOT_MAKE
        | f::ERROR_FAIL_I24
        | f::ERROR_DRIVE_LOCKED
        | f::ERROR_SEEK_ON_DEVICE
        | f::ERROR_NOT_LOCKED
        | f::ERROR_LOCK_FAILED => EACCES,
        e if (f::ERROR_WRITE_PROTECT..=f::ERROR_SHARING_BUFFER_EXCEEDED).contains(&e) => EACCES,
        f::ERROR_INVALID_HANDLE
        | f::ERROR_INVALID_TARGET_HANDLE
        | f::ERROR_DIRECT_ACCESS_HANDLE => EBADF,
        f::ERROR_ARENA_TRASHED
        | f::ERROR_NOT_ENOUGH_MEMORY
        | f::ERROR_INVALID_BLOCK
        | f::ERROR_NOT_ENOUGH_QUOTA => ENOMEM,
        f::ERROR_BAD_ENVIRONMENT => E2BIG,
        f::ERROR_BAD_FORMAT => ENOEXEC,
        f::ERROR_NOT_SAME_DEVICE => EXDEV,
        f::ERROR_FILE_EXISTS | f::ERROR_ALREADY_EXISTS => EEXIST,
        f::ERROR_BROKEN_PIPE => EPIPE,
        f::ERROR_DISK_FULL => ENOSPC,
        f::ERROR_DIR_NOT_EMPTY => ENOTEMPTY,
        _ => EINVAL,
    }
}

/// Records a failed OS call the CRT way: `_doserrno` gets the Win32 error, `errno` its mapping.
pub fn set_from_win32(error: Win32Error) {
    set_doserrno(error.0);
    set_errno(errno_from_win32(error));
}
