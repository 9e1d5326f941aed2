//! direct.h: directories and the current directory.

use super::errno::{EINVAL, ERANGE};
use super::io::{fail, os_error};
use crate::abi::{CStrPtr, GuestPtr, WStrPtr};
use crate::dllexport;

fn mkdir(path: Option<String>) -> i32 {
    let Some(path) = path else {
        return fail(EINVAL, -1);
    };
    match crate::kernel32::fileapi::create_directory(&path) {
        Ok(()) => 0,
        Err(e) => fail(os_error(e), -1),
    }
}

#[dllexport]
pub fn _mkdir(dirname: CStrPtr) -> i32 {
    mkdir(dirname.string())
}

#[dllexport]
pub fn _wmkdir(dirname: WStrPtr) -> i32 {
    mkdir(dirname.string())
}

/// Removes an empty directory (ENOTEMPTY otherwise); a file fails as RemoveDirectory fails on
/// one, with ERROR_DIRECTORY.
fn rmdir(path: Option<String>) -> i32 {
    let Some(path) = path else {
        return fail(EINVAL, -1);
    };
    match crate::kernel32::fileapi::remove_directory(&path) {
        Ok(()) => 0,
        Err(e) => fail(os_error(e), -1),
    }
}

#[dllexport]
pub fn _rmdir(dirname: CStrPtr) -> i32 {
    rmdir(dirname.string())
}

#[dllexport]
pub fn _wrmdir(dirname: WStrPtr) -> i32 {
    rmdir(dirname.string())
}

/// `_chdir`: the process's (Windows-side) current directory, as SetCurrentDirectory sets it.
fn chdir(path: Option<String>) -> i32 {
    let Some(path) = path else {
        return fail(EINVAL, -1);
    };
    match crate::nt::path::set_current_dir(&path) {
        Ok(()) => 0,
        Err(e) => fail(os_error(e), -1),
    }
}

#[dllexport]
pub fn _chdir(dirname: CStrPtr) -> i32 {
    chdir(dirname.string())
}

#[dllexport]
pub fn _wchdir(dirname: WStrPtr) -> i32 {
    chdir(dirname.string())
}

/// `_getcwd(buffer, maxlen)`: into `buffer`, or a new malloc'ed one (at least `maxlen` long)
/// when it is NULL; ERANGE when the path does not fit.
fn getcwd<T: Copy + Default>(buffer: GuestPtr<T>, maxlen: i32, units: Vec<T>) -> GuestPtr<T> {
    let need = units.len() + 1;
    let buffer = if buffer.is_null() {
        let size = need.max(maxlen.max(0) as usize);
        let p = super::heap::malloc(size * size_of::<T>()).cast::<T>();
        if p.is_null() {
            return p;
        }
        p
    } else {
        if maxlen <= 0 {
            super::stdlib::invalid_parameter(EINVAL);
            return GuestPtr::NULL;
        }
        if need > maxlen as usize {
            return fail(ERANGE, GuestPtr::NULL);
        }
        buffer
    };
    buffer.write_slice(&units);
    buffer.offset(units.len()).write(T::default());
    buffer
}

#[dllexport]
pub fn _getcwd(buffer: GuestPtr<u8>, maxlen: i32) -> GuestPtr<u8> {
    let dir = crate::kernel32::processenv::current_directory();
    getcwd(buffer, maxlen, dir.into_bytes())
}

#[dllexport]
pub fn _wgetcwd(buffer: GuestPtr<u16>, maxlen: i32) -> GuestPtr<u16> {
    let dir = crate::kernel32::processenv::current_directory();
    getcwd(buffer, maxlen, dir.encode_utf16().collect())
}

/// `_getdrive`: the current drive, 1 for A: to 26 for Z: (0 for a UNC current directory).
#[dllexport]
pub fn _getdrive() -> i32 {
    let dir = crate::kernel32::processenv::current_directory();
    match dir.as_bytes() {
        [letter, b':', ..] if letter.is_ascii_alphabetic() => {
            i32::from(letter.to_ascii_uppercase() - b'A' + 1)
        }
        _ => 0,
    }
}

/// `_getdrives`: the drives there are, bit 0 for A:.
#[dllexport]
pub fn _getdrives() -> u32 {
    crate::kernel32::fileapi::GetLogicalDrives()
}
