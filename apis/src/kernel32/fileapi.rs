//! fileapi.h: files, directories, names and volumes, the NTFS way (names through `nt::path`,
//! opens through `nt::file`).

use crate::abi::handles::{HANDLES, Object};
use crate::abi::{
    CStrPtr, Failure, GuestPtr, Handle, HandleOrInvalid, RelayArg, Ret, WStrPtr, Win32Error,
    Win32Result, host, mem,
};
use crate::dllexport;
use crate::nt::dosattrib::{self, Stored};
use crate::nt::file::{self, CreateRequest, FileObject, FileType, READ_RIGHTS, WRITE_RIGHTS};
use crate::nt::io::{self, Notify, Overlapped};
use crate::nt::path::{self, HostPath, Target};
use crate::nt::pipe;
use crate::nt::{fs, teb, thread};
use std::collections::VecDeque;
use std::os::unix::fs::MetadataExt;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use windows_sys::Win32::Foundation::FILETIME;
use windows_sys::Win32::Storage::FileSystem as fsc;
use windows_sys::Win32::System::SystemServices as ss;

/// A DWORD whose failure value is all ones (INVALID_FILE_SIZE, INVALID_SET_FILE_POINTER,
/// INVALID_FILE_ATTRIBUTES).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dword(pub u32);
impl Failure for Dword {
    const FAILURE: Self = Dword(u32::MAX);
}
impl Ret for Dword {
    type Raw = u32;
    fn into_raw(self) -> u32 {
        self.0
    }
}
impl RelayArg for Dword {
    fn relay(&self, out: &mut String) {
        self.0.relay(out)
    }
}

/// A file name argument; a null pointer names nothing (ERROR_PATH_NOT_FOUND, as
/// RtlDosPathNameToNtPathName fails).
pub fn wide_name(p: WStrPtr) -> Win32Result<String> {
    p.string().ok_or(Win32Error::PATH_NOT_FOUND)
}

pub fn ansi_name(p: CStrPtr) -> Win32Result<String> {
    p.string().ok_or(Win32Error::PATH_NOT_FOUND)
}

/// `f` of the name `wide_name` reads, decoded on the stack (the per-call APIs: no allocation).
pub fn with_wide_name<R>(p: WStrPtr, f: impl FnOnce(&str) -> Win32Result<R>) -> Win32Result<R> {
    p.with_str(f).unwrap_or(Err(Win32Error::PATH_NOT_FOUND))
}

/// `with_wide_name` for an ANSI name.
pub fn with_ansi_name<R>(p: CStrPtr, f: impl FnOnce(&str) -> Win32Result<R>) -> Win32Result<R> {
    p.with_str(f).unwrap_or(Err(Win32Error::PATH_NOT_FOUND))
}

/// Copies `value` plus a NUL into a buffer of `size` elements: the length without NUL when it
/// fits, otherwise the size needed including the NUL (the convention of most path getters).
pub fn copy_out<T: Copy + Default>(value: &[T], buf: GuestPtr<T>, size: u32) -> u32 {
    if (value.len() as u64) < size as u64 && !buf.is_null() {
        buf.write_slice(value);
        buf.offset(value.len()).write(T::default());
        value.len() as u32
    } else {
        value.len() as u32 + 1
    }
}

pub fn copy_out_w(value: &str, buf: GuestPtr<u16>, size: u32) -> u32 {
    copy_out(&value.encode_utf16().collect::<Vec<_>>(), buf, size)
}

pub fn copy_out_a(value: &str, buf: GuestPtr<u8>, size: u32) -> u32 {
    copy_out(value.as_bytes(), buf, size)
}

/// 100-ns intervals between 1601-01-01 and 1970-01-01.
const EPOCH_DIFF: u64 = 116_444_736_000_000_000;

pub fn filetime_of(t: SystemTime) -> u64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => EPOCH_DIFF + d.as_secs() * 10_000_000 + d.subsec_nanos() as u64 / 100,
        Err(e) => EPOCH_DIFF.saturating_sub(e.duration().as_nanos() as u64 / 100),
    }
}

fn ft(v: u64) -> FILETIME {
    FILETIME {
        dwLowDateTime: v as u32,
        dwHighDateTime: (v >> 32) as u32,
    }
}

/// (creation, last access, last write) as FILETIMEs. The creation time is the one a program
/// set, else the host's birth time; where the host keeps none, the last write time.
pub fn times_of(meta: &std::fs::Metadata, stored: Option<Stored>) -> (u64, u64, u64) {
    let write = meta.modified().map(filetime_of).unwrap_or(EPOCH_DIFF);
    let access = meta.accessed().map(filetime_of).unwrap_or(write);
    let created = stored
        .and_then(|s| s.created)
        .or_else(|| meta.created().ok().map(filetime_of))
        .unwrap_or(write);
    (created, access, write)
}

/// The FILE_ATTRIBUTE_* bits a host file shows (see `nt::dosattrib`).
pub fn attributes_of(meta: &std::fs::Metadata, stored: Option<Stored>) -> u32 {
    dosattrib::report(meta, stored)
}

/// The attributes an open file shows: a symbolic link opened itself is a reparse point.
pub fn handle_attributes(f: &FileObject, meta: &std::fs::Metadata, stored: Option<Stored>) -> u32 {
    match f.host_path() {
        Some(p) if f.is_link() => dosattrib::report_symlink(file::link_target_is_dir(&p)),
        _ => attributes_of(meta, stored),
    }
}

/// The size an open file shows: none for a directory, nor for a link (its reparse data is not
/// file data).
pub fn handle_size(f: &FileObject, meta: &std::fs::Metadata) -> u64 {
    if meta.is_dir() || f.is_link() {
        0
    } else {
        meta.size()
    }
}

/// The file `name` names, located case-insensitively; devices are not files here.
pub fn host_file(name: &str) -> Win32Result<HostPath> {
    match path::resolve(name)? {
        Target::File(p) => Ok(path::locate(&p)),
        Target::Device(_) => Err(Win32Error::ACCESS_DENIED),
    }
}

/// The existing file `name` names, found case-insensitively when the exact name is not there.
fn existing_file(name: &str) -> Win32Result<HostPath> {
    let p = host_file(name)?;
    stat_any(&p)?;
    Ok(p)
}

/// lstat of an existing file, with the Windows not-found errors.
pub fn existing(p: &HostPath) -> Win32Result<std::fs::Metadata> {
    fs::symlink_metadata(p).map_err(|e| path::not_found_error(p, e))
}

/// stat following symlinks, falling back to the link itself when it dangles.
fn stat_any(p: &HostPath) -> Win32Result<std::fs::Metadata> {
    fs::metadata(p).or_else(|_| existing(p))
}

pub fn metadata_of(f: &FileObject) -> Win32Result<std::fs::Metadata> {
    Ok(std::fs::File::from(host::dup(f.fd())?).metadata()?)
}

/// The DOS attributes kept with an open file (only files opened by name have any).
pub fn stored_of(f: &FileObject, meta: &std::fs::Metadata) -> Option<Stored> {
    f.disk.as_ref()?;
    dosattrib::of_fd_seen(f.fd(), meta)
}

pub fn open_file(
    name: &str,
    access: u32,
    share: u32,
    disposition: u32,
    flags: u32,
    inherit: bool,
) -> Win32Result<Handle> {
    let req = CreateRequest {
        access: file::map_generic(access),
        share,
        disposition,
        flags,
    };
    if let Some(key) = pipe::pipe_name(name) {
        let object = pipe::open_client(&key, req.access, flags)?;
        teb::set_last_error(0);
        return Ok(HANDLES.insert(Arc::new(object), inherit));
    }
    let (object, existed) = file::create(name, &req)?;
    let h = HANDLES.insert(Arc::new(object), inherit);
    let told = existed && matches!(disposition, fsc::OPEN_ALWAYS | fsc::CREATE_ALWAYS);
    teb::set_last_error(if told {
        Win32Error::ALREADY_EXISTS.0
    } else {
        0
    });
    Ok(h)
}

/// SECURITY_ATTRIBUTES.bInheritHandle (offset 16), false for no attributes.
pub fn inherit_of(sa: GuestPtr<u8>) -> bool {
    !sa.is_null() && GuestPtr::<u32>::new(sa.addr() + 16).read().unwrap_or(0) != 0
}

#[dllexport]
pub fn CreateFileW(
    lpFileName: WStrPtr,
    dwDesiredAccess: u32,
    dwShareMode: u32,
    lpSecurityAttributes: GuestPtr<u8>,
    dwCreationDisposition: u32,
    dwFlagsAndAttributes: u32,
    hTemplateFile: Handle,
) -> Win32Result<HandleOrInvalid> {
    let inherit = inherit_of(lpSecurityAttributes);
    with_wide_name(lpFileName, |name| {
        open_file(
            name,
            dwDesiredAccess,
            dwShareMode,
            dwCreationDisposition,
            dwFlagsAndAttributes,
            inherit,
        )
    })
    .map(HandleOrInvalid)
}

#[dllexport]
pub fn CreateFileA(
    lpFileName: CStrPtr,
    dwDesiredAccess: u32,
    dwShareMode: u32,
    lpSecurityAttributes: GuestPtr<u8>,
    dwCreationDisposition: u32,
    dwFlagsAndAttributes: u32,
    hTemplateFile: Handle,
) -> Win32Result<HandleOrInvalid> {
    let inherit = inherit_of(lpSecurityAttributes);
    with_ansi_name(lpFileName, |name| {
        open_file(
            name,
            dwDesiredAccess,
            dwShareMode,
            dwCreationDisposition,
            dwFlagsAndAttributes,
            inherit,
        )
    })
    .map(HandleOrInvalid)
}

/// The offset an OVERLAPPED names (Offset, OffsetHigh at 16 and 20).
fn overlapped_offset(ov: GuestPtr<u8>) -> Option<u64> {
    if ov.is_null() {
        return None;
    }
    let low = GuestPtr::<u32>::new(ov.addr() + 16).read()?;
    let high = GuestPtr::<u32>::new(ov.addr() + 20).read()?;
    Some((high as u64) << 32 | low as u64)
}

/// Completes an overlapped request that finished at once (successfully or not): the
/// OVERLAPPED, its event and the handle's completion port learn the result.
fn complete_overlapped(f: &FileObject, ov: GuestPtr<u8>, result: Win32Error, n: usize) {
    if !ov.is_null() {
        f.io.complete(Overlapped(ov), result, n, true, &Notify::Overlapped);
    }
}

/// Reads from a named pipe. On an overlapped handle with an OVERLAPPED, an empty pipe starts
/// a pending request (ERROR_IO_PENDING) that completes through `notify`.
fn read_pipe(
    f: &Arc<FileObject>,
    addr: u64,
    len: usize,
    ov: GuestPtr<u8>,
    notify: Notify,
) -> (Win32Error, usize) {
    let pipe = f.pipe.as_ref().expect("the caller checked for a pipe");
    let asynchronous = pipe.overlapped && !ov.is_null() && !pipe.nowait();
    let outcome = |r: Win32Result<(usize, bool)>| match r {
        Ok((n, false)) => (Win32Error::SUCCESS, n),
        // A message longer than the buffer: the part read, and ERROR_MORE_DATA.
        Ok((n, true)) => (Win32Error::MORE_DATA, n),
        Err(e) => (e, 0),
    };
    match outcome(pipe.read(f.fd(), addr, len, asynchronous)) {
        (Win32Error::NO_DATA, _) if asynchronous => {
            let fd = f.fd();
            let op = move |f: &FileObject| {
                let pipe = f.pipe.as_ref().expect("a pipe stays a pipe");
                outcome(pipe.read(f.fd(), addr, len, true))
            };
            (
                io::start_pending(f.clone(), Overlapped(ov), notify, fd, false, op),
                0,
            )
        }
        (result, n) => {
            if !ov.is_null() {
                f.io.complete(Overlapped(ov), result, n, true, &notify);
            }
            (result, n)
        }
    }
}

/// A synchronous handle's position follows an OVERLAPPED transfer; an asynchronous handle
/// (FILE_FLAG_OVERLAPPED) has no position to move.
fn follow_transfer(f: &FileObject, end: u64) -> Win32Result<()> {
    if f.disk
        .as_ref()
        .is_some_and(|d| d.flags & fsc::FILE_FLAG_OVERLAPPED != 0)
    {
        return Ok(());
    }
    host::lseek(f.fd(), end as i64, libc::SEEK_SET).map(drop)
}

fn data_file(f: &FileObject) -> Win32Result<()> {
    if f.disk.as_ref().is_some_and(|d| d.is_dir) {
        return Err(Win32Error::INVALID_FUNCTION);
    }
    Ok(())
}

#[dllexport]
pub fn WriteFile(
    hFile: Handle,
    lpBuffer: GuestPtr<u8>,
    nNumberOfBytesToWrite: u32,
    lpNumberOfBytesWritten: GuestPtr<u32>,
    lpOverlapped: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if !f.has(WRITE_RIGHTS) {
        return Err(Win32Error::ACCESS_DENIED);
    }
    data_file(&f)?;
    lpNumberOfBytesWritten.write(0);
    let len = nNumberOfBytesToWrite as usize;
    let n = f.keeping_frozen_times(|| match overlapped_offset(lpOverlapped) {
        Some(u64::MAX) => {
            // Offset and OffsetHigh all ones: write at the end of the file.
            host::lseek(f.fd(), 0, libc::SEEK_END)?;
            f.write(lpBuffer.addr(), len)
        }
        Some(offset) if f.file_type == FileType::Disk => {
            f.check_locks(Some(offset), len, true)?;
            let n = host::pwrite(f.fd(), lpBuffer.addr(), len, offset as i64)?;
            follow_transfer(&f, offset + n as u64)?;
            Ok(n)
        }
        _ => f.write(lpBuffer.addr(), len).inspect_err(|&e| {
            complete_overlapped(&f, lpOverlapped, e, 0);
        }),
    })?;
    complete_overlapped(&f, lpOverlapped, Win32Error::SUCCESS, n);
    lpNumberOfBytesWritten.write(n as u32);
    Ok(())
}

#[dllexport]
pub fn ReadFile(
    hFile: Handle,
    lpBuffer: GuestPtr<u8>,
    nNumberOfBytesToRead: u32,
    lpNumberOfBytesRead: GuestPtr<u32>,
    lpOverlapped: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if !f.has(READ_RIGHTS) {
        return Err(Win32Error::ACCESS_DENIED);
    }
    data_file(&f)?;
    lpNumberOfBytesRead.write(0);
    let len = nNumberOfBytesToRead as usize;
    let n = match overlapped_offset(lpOverlapped) {
        Some(offset) if f.file_type == FileType::Disk => {
            f.check_locks(Some(offset), len, false)?;
            let n = f.keeping_frozen_times(|| {
                host::pread(f.fd(), lpBuffer.addr(), len, offset as i64)
            })?;
            follow_transfer(&f, offset + n as u64)?;
            if n == 0 && len > 0 {
                // With an OVERLAPPED, end of file is an error (STATUS_END_OF_FILE).
                complete_overlapped(&f, lpOverlapped, Win32Error::HANDLE_EOF, 0);
                return Err(Win32Error::HANDLE_EOF);
            }
            n
        }
        // A console reads as ReadConsoleA does: line input ends in "\r\n".
        _ if f.console => super::consoleapi::read_console_bytes(&f, lpBuffer, len)?,
        _ if f.pipe.is_some() => {
            let (result, n) = read_pipe(&f, lpBuffer.addr(), len, lpOverlapped, Notify::Overlapped);
            lpNumberOfBytesRead.write(n as u32);
            return if result == Win32Error::SUCCESS {
                Ok(())
            } else {
                Err(result)
            };
        }
        _ => match f.keeping_frozen_times(|| f.read(lpBuffer.addr(), len)) {
            Ok(n) => n,
            Err(e) => {
                complete_overlapped(&f, lpOverlapped, e, 0);
                return Err(e);
            }
        },
    };
    complete_overlapped(&f, lpOverlapped, Win32Error::SUCCESS, n);
    lpNumberOfBytesRead.write(n as u32);
    Ok(())
}

/// FILE_TYPE_UNKNOWN (0) with the last error set for a bad handle.
#[dllexport]
pub fn GetFileType(hFile: Handle) -> Win32Result<u32> {
    let f = file::get(hFile)?;
    Ok(match f.file_type {
        FileType::Disk => 1,
        FileType::Char => 2,
        FileType::Pipe => 3,
    })
}

#[dllexport]
pub fn FlushFileBuffers(hFile: Handle) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if f.file_type == FileType::Disk {
        if !f.has(WRITE_RIGHTS) {
            return Err(Win32Error::ACCESS_DENIED);
        }
        crate::abi::host::fsync(f.fd())?;
    } else if f.console {
        return Err(Win32Error::INVALID_HANDLE);
    }
    Ok(())
}

/// Moves the file pointer; returns the new position.
fn seek(f: &FileObject, distance: i64, method: u32) -> Win32Result<u64> {
    let base = match method {
        fsc::FILE_BEGIN => 0,
        fsc::FILE_CURRENT => host::lseek(f.fd(), 0, libc::SEEK_CUR)? as i64,
        fsc::FILE_END => host::lseek(f.fd(), 0, libc::SEEK_END)? as i64,
        _ => return Err(Win32Error::INVALID_PARAMETER),
    };
    let target = base
        .checked_add(distance)
        .filter(|&t| t >= 0)
        .ok_or(Win32Error::NEGATIVE_SEEK)?;
    host::lseek(f.fd(), target, libc::SEEK_SET)
}

#[dllexport]
pub fn SetFilePointer(
    hFile: Handle,
    lDistanceToMove: i32,
    lpDistanceToMoveHigh: GuestPtr<i32>,
    dwMoveMethod: u32,
) -> Win32Result<Dword> {
    let f = file::get(hFile)?;
    let distance = match lpDistanceToMoveHigh.read() {
        Some(high) => (high as i64) << 32 | lDistanceToMove as u32 as i64,
        None => lDistanceToMove as i64,
    };
    let pos = seek(&f, distance, dwMoveMethod)?;
    lpDistanceToMoveHigh.write((pos >> 32) as i32);
    if pos as u32 == u32::MAX {
        // A position whose low half is INVALID_SET_FILE_POINTER: success says so by the error.
        teb::set_last_error(0);
    }
    Ok(Dword(pos as u32))
}

#[dllexport]
pub fn SetFilePointerEx(
    hFile: Handle,
    liDistanceToMove: i64,
    lpNewFilePointer: GuestPtr<i64>,
    dwMoveMethod: u32,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    let pos = seek(&f, liDistanceToMove, dwMoveMethod)?;
    lpNewFilePointer.write(pos as i64);
    Ok(())
}

#[dllexport]
pub fn SetEndOfFile(hFile: Handle) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if !f.has(fsc::FILE_WRITE_DATA) || f.disk.is_none() {
        return Err(Win32Error::ACCESS_DENIED);
    }
    data_file(&f)?;
    let pos = host::lseek(f.fd(), 0, libc::SEEK_CUR)?;
    f.keeping_frozen_times(|| host::ftruncate(f.fd(), pos))
}

fn size_of_file(f: &FileObject) -> Win32Result<u64> {
    let mut st = std::mem::MaybeUninit::uninit();
    Ok(host::fstat(f.fd(), &mut st)?.st_size as u64)
}

#[dllexport]
pub fn GetFileSize(hFile: Handle, lpFileSizeHigh: GuestPtr<u32>) -> Win32Result<Dword> {
    let f = file::get(hFile)?;
    let size = size_of_file(&f)?;
    lpFileSizeHigh.write((size >> 32) as u32);
    if size as u32 == u32::MAX {
        teb::set_last_error(0);
    }
    Ok(Dword(size as u32))
}

#[dllexport]
pub fn GetFileSizeEx(hFile: Handle, lpFileSize: GuestPtr<i64>) -> Win32Result<()> {
    let f = file::get(hFile)?;
    let size = size_of_file(&f)?;
    lpFileSize.write_required(size as i64)
}

fn join(low: u32, high: u32) -> u64 {
    (high as u64) << 32 | low as u64
}

#[dllexport]
pub fn LockFile(
    hFile: Handle,
    dwFileOffsetLow: u32,
    dwFileOffsetHigh: u32,
    nNumberOfBytesToLockLow: u32,
    nNumberOfBytesToLockHigh: u32,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    let start = join(dwFileOffsetLow, dwFileOffsetHigh);
    f.lock(
        start,
        join(nNumberOfBytesToLockLow, nNumberOfBytesToLockHigh),
        true,
        false,
    )
}

/// On a FILE_FLAG_OVERLAPPED handle a lock that has to wait returns ERROR_IO_PENDING and
/// completes through the OVERLAPPED (event, completion port) once it is granted.
#[dllexport]
pub fn LockFileEx(
    hFile: Handle,
    dwFlags: u32,
    dwReserved: u32,
    nNumberOfBytesToLockLow: u32,
    nNumberOfBytesToLockHigh: u32,
    lpOverlapped: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if dwReserved != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let start = overlapped_offset(lpOverlapped).ok_or(Win32Error::INVALID_PARAMETER)?;
    let len = join(nNumberOfBytesToLockLow, nNumberOfBytesToLockHigh);
    let exclusive = dwFlags & fsc::LOCKFILE_EXCLUSIVE_LOCK != 0;
    let wait = dwFlags & fsc::LOCKFILE_FAIL_IMMEDIATELY == 0;
    let asynchronous = f
        .disk
        .as_ref()
        .is_some_and(|d| d.flags & fsc::FILE_FLAG_OVERLAPPED != 0);
    if !(wait && asynchronous) {
        f.lock(start, len, exclusive, wait)?;
        complete_overlapped(&f, lpOverlapped, Win32Error::SUCCESS, 0);
        return Ok(());
    }
    match f.lock(start, len, exclusive, false) {
        Err(Win32Error::LOCK_VIOLATION) => {}
        granted => {
            granted?;
            complete_overlapped(&f, lpOverlapped, Win32Error::SUCCESS, 0);
            return Ok(());
        }
    }
    // A weak reference: the request's worker holds the file while it waits, and a strong one
    // here would keep the last CloseHandle from cancelling it.
    let waiters = Arc::downgrade(&f);
    let wake = move || {
        if let Some(f) = waiters.upgrade() {
            f.wake_lock_waiters();
        }
    };
    let op = move |f: &FileObject, cancelled: &dyn Fn() -> bool| match f
        .lock_unless(start, len, exclusive, cancelled)
    {
        Ok(()) => (Win32Error::SUCCESS, 0),
        Err(e) => (e, 0),
    };
    Err(io::start_blocking(
        f,
        Overlapped(lpOverlapped),
        Notify::Overlapped,
        wake,
        op,
    ))
}

#[dllexport]
pub fn UnlockFile(
    hFile: Handle,
    dwFileOffsetLow: u32,
    dwFileOffsetHigh: u32,
    nNumberOfBytesToUnlockLow: u32,
    nNumberOfBytesToUnlockHigh: u32,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    let start = join(dwFileOffsetLow, dwFileOffsetHigh);
    f.unlock(
        start,
        join(nNumberOfBytesToUnlockLow, nNumberOfBytesToUnlockHigh),
    )
}

#[dllexport]
pub fn UnlockFileEx(
    hFile: Handle,
    dwReserved: u32,
    nNumberOfBytesToUnlockLow: u32,
    nNumberOfBytesToUnlockHigh: u32,
    lpOverlapped: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if dwReserved != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let start = overlapped_offset(lpOverlapped).ok_or(Win32Error::INVALID_PARAMETER)?;
    f.unlock(
        start,
        join(nNumberOfBytesToUnlockLow, nNumberOfBytesToUnlockHigh),
    )
}

#[dllexport]
pub fn GetFileInformationByHandle(
    hFile: Handle,
    lpFileInformation: GuestPtr<fsc::BY_HANDLE_FILE_INFORMATION>,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    let meta = metadata_of(&f)?;
    let stored = stored_of(&f, &meta);
    let (c, a, w) = times_of(&meta, stored);
    let size = handle_size(&f, &meta);
    lpFileInformation.write_required(fsc::BY_HANDLE_FILE_INFORMATION {
        dwFileAttributes: handle_attributes(&f, &meta, stored),
        ftCreationTime: ft(c),
        ftLastAccessTime: ft(a),
        ftLastWriteTime: ft(w),
        dwVolumeSerialNumber: meta.dev() as u32,
        nFileSizeHigh: (size >> 32) as u32,
        nFileSizeLow: size as u32,
        nNumberOfLinks: meta.nlink() as u32,
        nFileIndexHigh: (meta.ino() >> 32) as u32,
        nFileIndexLow: meta.ino() as u32,
    })
}

#[dllexport]
pub fn GetFileTime(
    hFile: Handle,
    lpCreationTime: GuestPtr<u64>,
    lpLastAccessTime: GuestPtr<u64>,
    lpLastWriteTime: GuestPtr<u64>,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    let meta = metadata_of(&f)?;
    let (c, a, w) = times_of(&meta, stored_of(&f, &meta));
    lpCreationTime.write(c);
    lpLastAccessTime.write(a);
    lpLastWriteTime.write(w);
    Ok(())
}

/// What a FILETIME given to SetFileTime or FileBasicInfo asks of one time (MS-FSCC 2.4.7).
#[derive(Clone, Copy, PartialEq, Eq)]
enum TimeChange {
    /// 0 (or no time at all): leave it.
    Leave,
    /// -1: leave it, and keep I/O through this handle from moving it.
    Freeze,
    /// -2: let I/O through this handle move it again.
    Resume,
    /// A time to set; I/O through this handle then leaves it, as NTFS does.
    Set(u64),
}

fn time_change(v: Option<u64>) -> Win32Result<TimeChange> {
    Ok(match v.map_or(0, |v| v as i64) {
        0 => TimeChange::Leave,
        -1 => TimeChange::Freeze,
        -2 => TimeChange::Resume,
        v if v < 0 => return Err(Win32Error::INVALID_PARAMETER),
        v => TimeChange::Set(v as u64),
    })
}

/// A FILETIME as a host time.
fn timespec_of(v: u64) -> libc::timespec {
    let rel = v as i128 - EPOCH_DIFF as i128;
    libc::timespec {
        tv_sec: rel.div_euclid(10_000_000) as i64,
        tv_nsec: (rel.rem_euclid(10_000_000) * 100) as i64,
    }
}

/// Sets the creation, last access and last write times of an open file (`None`, 0 and the
/// special values -1 and -2 as `TimeChange` says). The host cannot set a birth time, so a
/// creation time is kept with the DOS attributes; I/O never moves it.
pub fn set_times(
    f: &FileObject,
    created: Option<u64>,
    access: Option<u64>,
    write: Option<u64>,
) -> Win32Result<()> {
    let disk = f.disk.as_ref().ok_or(Win32Error::INVALID_HANDLE)?;
    if !f.has(fsc::FILE_WRITE_ATTRIBUTES) {
        return Err(Win32Error::ACCESS_DENIED);
    }
    let (created, access, write) = (
        time_change(created)?,
        time_change(access)?,
        time_change(write)?,
    );
    let value = |c| match c {
        TimeChange::Set(v) => Some(v),
        _ => None,
    };
    if value(access).is_some() || value(write).is_some() {
        host::futimens(
            f.fd(),
            value(access).map(timespec_of),
            value(write).map(timespec_of),
        )?;
    }
    if let Some(c) = value(created) {
        dosattrib::set_created(f.fd(), &metadata_of(f)?, c)?;
    }
    for (change, bit) in [(access, file::FROZEN_ACCESS), (write, file::FROZEN_WRITE)] {
        match change {
            TimeChange::Leave => {}
            TimeChange::Resume => {
                disk.frozen_times.fetch_and(!bit, Ordering::Relaxed);
            }
            TimeChange::Freeze | TimeChange::Set(_) => {
                disk.frozen_times.fetch_or(bit, Ordering::Relaxed);
            }
        }
    }
    Ok(())
}

/// NULL or 0 leaves a time as it is; all ones (-1) keeps later I/O through the handle from
/// changing it, -2 lets it again; a time set stays through later I/O on the handle.
#[dllexport]
pub fn SetFileTime(
    hFile: Handle,
    lpCreationTime: GuestPtr<u64>,
    lpLastAccessTime: GuestPtr<u64>,
    lpLastWriteTime: GuestPtr<u64>,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    set_times(
        &f,
        lpCreationTime.read(),
        lpLastAccessTime.read(),
        lpLastWriteTime.read(),
    )
}

/// The Windows path of an open file, from the host's view of its descriptor (so it follows
/// renames made by anyone).
pub fn final_path(f: &FileObject) -> Win32Result<String> {
    if f.disk.is_none() {
        return Err(Win32Error::INVALID_HANDLE);
    }
    let host = std::fs::read_link(format!("/proc/self/fd/{}", f.fd()))?;
    Ok(path::host_to_windows(&host))
}

#[dllexport]
pub fn GetFinalPathNameByHandleW(
    hFile: Handle,
    lpszFilePath: GuestPtr<u16>,
    cchFilePath: u32,
    dwFlags: u32,
) -> Win32Result<u32> {
    let f = file::get(hFile)?;
    let dos = final_path(&f)?;
    let text = match dwFlags & 0xF {
        fsc::VOLUME_NAME_NONE => dos[2..].to_string(),
        fsc::VOLUME_NAME_NT => format!(
            r"\Device\HarddiskVolume{}{}",
            dos.as_bytes()[0] - b'A' + 1,
            &dos[2..]
        ),
        fsc::VOLUME_NAME_DOS => format!(r"\\?\{dos}"),
        _ => return Err(Win32Error::INVALID_PARAMETER),
    };
    Ok(copy_out_w(&text, lpszFilePath, cchFilePath))
}

/// Where the file part of a full path starts (None when it ends with a separator).
fn file_part_index(full: &[u16]) -> Option<usize> {
    let device: Vec<u16> = r"\\.\".encode_utf16().collect();
    if full.starts_with(&device) && !full[4..].contains(&(b'\\' as u16)) {
        // A DOS device (`\\.\NUL`) has no file part.
        return None;
    }
    let at = full.iter().rposition(|&c| c == b'\\' as u16)? + 1;
    (at < full.len()).then_some(at)
}

#[dllexport]
pub fn GetFullPathNameW(
    lpFileName: WStrPtr,
    nBufferLength: u32,
    lpBuffer: GuestPtr<u16>,
    lpFilePart: GuestPtr<u64>,
) -> Win32Result<u32> {
    let name = lpFileName.string().ok_or(Win32Error::INVALID_PARAMETER)?;
    let full: Vec<u16> = path::full_path(&name)?.encode_utf16().collect();
    let n = copy_out(&full, lpBuffer, nBufferLength);
    if n as usize == full.len() {
        let part = file_part_index(&full).map_or(0, |i| lpBuffer.offset(i).addr());
        lpFilePart.write(part);
    }
    Ok(n)
}

#[dllexport]
pub fn GetFullPathNameA(
    lpFileName: CStrPtr,
    nBufferLength: u32,
    lpBuffer: GuestPtr<u8>,
    lpFilePart: GuestPtr<u64>,
) -> Win32Result<u32> {
    let name = lpFileName.string().ok_or(Win32Error::INVALID_PARAMETER)?;
    let full = path::full_path(&name)?;
    let n = copy_out_a(&full, lpBuffer, nBufferLength);
    if n as usize == full.len() {
        let units: Vec<u16> = full.encode_utf16().collect();
        // The same place counted in bytes of the ANSI (UTF-8) string.
        let part = file_part_index(&units).map_or(0, |i| {
            let bytes = String::from_utf16_lossy(&units[..i]).len();
            lpBuffer.offset(bytes).addr()
        });
        lpFilePart.write(part);
    }
    Ok(n)
}

pub fn delete_file(name: &str) -> Win32Result<()> {
    let p = host_file(name)?;
    let meta = existing(&p)?;
    // A link to a directory is a directory on NTFS: RemoveDirectory removes it.
    let dir_link = meta.is_symlink() && file::link_target_is_dir(&p);
    if meta.is_dir() || dir_link || (!meta.is_symlink() && meta.mode() & 0o222 == 0) {
        return Err(Win32Error::ACCESS_DENIED);
    }
    file::check_share_of(&meta, file::DELETE)?;
    Ok(fs::unlink(&p)?)
}

#[dllexport]
pub fn DeleteFileW(lpFileName: WStrPtr) -> Win32Result<()> {
    delete_file(&wide_name(lpFileName)?)
}

#[dllexport]
pub fn DeleteFileA(lpFileName: CStrPtr) -> Win32Result<()> {
    delete_file(&ansi_name(lpFileName)?)
}

pub fn create_directory(name: &str) -> Win32Result<()> {
    let p = host_file(name)?;
    if fs::symlink_metadata(&p).is_ok() {
        return Err(Win32Error::ALREADY_EXISTS);
    }
    fs::mkdir(&p).map_err(|e| match e.raw_os_error() {
        Some(libc::EEXIST) => Win32Error::ALREADY_EXISTS,
        Some(libc::ENOENT) | Some(libc::ENOTDIR) => Win32Error::PATH_NOT_FOUND,
        _ => e.into(),
    })?;
    path::note_created(&p);
    Ok(())
}

#[dllexport]
pub fn CreateDirectoryW(
    lpPathName: WStrPtr,
    lpSecurityAttributes: GuestPtr<u8>,
) -> Win32Result<()> {
    create_directory(&wide_name(lpPathName)?)
}

#[dllexport]
pub fn CreateDirectoryA(
    lpPathName: CStrPtr,
    lpSecurityAttributes: GuestPtr<u8>,
) -> Win32Result<()> {
    create_directory(&ansi_name(lpPathName)?)
}

pub fn remove_directory(name: &str) -> Win32Result<()> {
    let p = host_file(name)?;
    let meta = existing(&p)?;
    if meta.is_symlink() && file::link_target_is_dir(&p) {
        // The link goes, never what it points at.
        file::check_share_of(&meta, file::DELETE)?;
        return Ok(fs::unlink(&p)?);
    }
    if !meta.is_dir() {
        return Err(Win32Error::DIRECTORY);
    }
    // The current directory is held open without delete sharing on Windows.
    let full = path::full_path(name)?;
    if path::fold(full.trim_end_matches('\\')) == path::fold(&path::current_dir()) {
        return Err(Win32Error::SHARING_VIOLATION);
    }
    file::check_share_of(&meta, file::DELETE)?;
    Ok(fs::rmdir(&p)?)
}

#[dllexport]
pub fn RemoveDirectoryW(lpPathName: WStrPtr) -> Win32Result<()> {
    remove_directory(&wide_name(lpPathName)?)
}

#[dllexport]
pub fn RemoveDirectoryA(lpPathName: CStrPtr) -> Win32Result<()> {
    remove_directory(&ansi_name(lpPathName)?)
}

/// What the file `name` names shows of itself (a symbolic link itself, not its target): the
/// exact name costs one lstat, only a miss pays for the case-insensitive lookup.
fn stat_name(name: &str) -> Win32Result<FoundEntry> {
    let p = match path::resolve(name)? {
        Target::File(p) => p,
        Target::Device(_) => return Err(Win32Error::ACCESS_DENIED),
    };
    let (p, meta) = match fs::symlink_metadata(&p) {
        Ok(meta) => (p, meta),
        Err(_) => {
            let p = path::locate(&p);
            let meta = existing(&p)?;
            (p, meta)
        }
    };
    Ok(describe(String::new(), &p, &meta))
}

/// The directory entry `name` for the file `p` with lstat metadata `meta`. A symbolic link is
/// shown as NTFS shows one: a reparse point tagged IO_REPARSE_TAG_SYMLINK, without data, with
/// the link's own times.
fn describe(name: String, p: &HostPath, meta: &std::fs::Metadata) -> FoundEntry {
    if meta.is_symlink() {
        return FoundEntry {
            name,
            attributes: dosattrib::report_symlink(file::link_target_is_dir(p)),
            times: times_of(meta, None),
            size: 0,
            id: meta.ino(),
            reparse_tag: ss::IO_REPARSE_TAG_SYMLINK,
        };
    }
    let stored = dosattrib::of_path_seen(p, meta);
    found_entry(name, meta, stored)
}

fn file_attributes(name: &str) -> Win32Result<Dword> {
    Ok(Dword(stat_name(name)?.attributes))
}

#[dllexport]
pub fn GetFileAttributesW(lpFileName: WStrPtr) -> Win32Result<Dword> {
    with_wide_name(lpFileName, file_attributes)
}

#[dllexport]
pub fn GetFileAttributesA(lpFileName: CStrPtr) -> Win32Result<Dword> {
    with_ansi_name(lpFileName, file_attributes)
}

fn file_attribute_data(
    name: &str,
    level: i32,
    out: GuestPtr<fsc::WIN32_FILE_ATTRIBUTE_DATA>,
) -> Win32Result<()> {
    if level != fsc::GetFileExInfoStandard {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let e = stat_name(name)?;
    let (c, a, w) = e.times;
    let size = e.size;
    out.write_required(fsc::WIN32_FILE_ATTRIBUTE_DATA {
        dwFileAttributes: e.attributes,
        ftCreationTime: ft(c),
        ftLastAccessTime: ft(a),
        ftLastWriteTime: ft(w),
        nFileSizeHigh: (size >> 32) as u32,
        nFileSizeLow: size as u32,
    })
}

#[dllexport]
pub fn GetFileAttributesExW(
    lpFileName: WStrPtr,
    fInfoLevelId: i32,
    lpFileInformation: GuestPtr<fsc::WIN32_FILE_ATTRIBUTE_DATA>,
) -> Win32Result<()> {
    with_wide_name(lpFileName, |name| {
        file_attribute_data(name, fInfoLevelId, lpFileInformation)
    })
}

#[dllexport]
pub fn GetFileAttributesExA(
    lpFileName: CStrPtr,
    fInfoLevelId: i32,
    lpFileInformation: GuestPtr<fsc::WIN32_FILE_ATTRIBUTE_DATA>,
) -> Win32Result<()> {
    with_ansi_name(lpFileName, |name| {
        file_attribute_data(name, fInfoLevelId, lpFileInformation)
    })
}

/// Sets the DOS attributes (FILE_BASIC_INFORMATION rules, MS-FSA 2.1.5.15.2): DIRECTORY on a
/// file and TEMPORARY on a directory are refused, bits that cannot be set are ignored, and a
/// drive's root keeps its hidden and system bits.
pub fn set_attributes(p: &HostPath, attrs: u32) -> Win32Result<()> {
    let meta = stat_any(p)?;
    if (!meta.is_dir() && attrs & fsc::FILE_ATTRIBUTE_DIRECTORY != 0)
        || (meta.is_dir() && attrs & fsc::FILE_ATTRIBUTE_TEMPORARY != 0)
    {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let mut wanted = dosattrib::requested(attrs);
    if p.parent().is_none() {
        let fixed = fsc::FILE_ATTRIBUTE_HIDDEN | fsc::FILE_ATTRIBUTE_SYSTEM;
        let now = attributes_of(&meta, dosattrib::of_path(p));
        wanted = wanted & !fixed | now & fixed;
    }
    dosattrib::set_path(p, &meta, wanted)
}

#[dllexport]
pub fn SetFileAttributesW(lpFileName: WStrPtr, dwFileAttributes: u32) -> Win32Result<()> {
    set_attributes(&existing_file(&wide_name(lpFileName)?)?, dwFileAttributes)
}

#[dllexport]
pub fn SetFileAttributesA(lpFileName: CStrPtr, dwFileAttributes: u32) -> Win32Result<()> {
    set_attributes(&existing_file(&ansi_name(lpFileName)?)?, dwFileAttributes)
}

pub(crate) use crate::nt::file::DirEntry as FoundEntry;

/// A search in progress: the matching entries not yet returned.
struct FindObject {
    entries: Mutex<VecDeque<FoundEntry>>,
}

impl Object for FindObject {
    fn type_name(&self) -> &'static str {
        "Find"
    }
}

fn found_entry(name: String, meta: &std::fs::Metadata, stored: Option<Stored>) -> FoundEntry {
    FoundEntry {
        name,
        attributes: attributes_of(meta, stored),
        times: times_of(meta, stored),
        size: if meta.is_dir() { 0 } else { meta.size() },
        id: meta.ino(),
        reparse_tag: 0,
    }
}

/// How FindFirstFileEx narrows a search.
#[derive(Clone, Copy, Default)]
struct SearchOptions {
    /// FIND_FIRST_EX_CASE_SENSITIVE: the pattern's case must match.
    case_sensitive: bool,
    /// FindExSearchLimitToDirectories.
    directories_only: bool,
}

/// Lists the entries of the directory in `spec` (`dir\pattern`) that match its pattern, in
/// NTFS order (case-insensitive by name), `.` and `..` first below a drive's root.
fn find_entries(spec: &str, options: SearchOptions) -> Win32Result<VecDeque<FoundEntry>> {
    let cut = spec.rfind(['\\', '/']).map(|i| i + 1).or_else(|| {
        let b = spec.as_bytes();
        (b.len() >= 2 && b[1] == b':').then_some(2)
    });
    let (dir, pattern) = match cut {
        Some(i) => (&spec[..i], &spec[i..]),
        None => ("", spec),
    };
    let pattern = pattern.trim_end_matches(' ');
    if pattern.is_empty() {
        return Err(Win32Error::FILE_NOT_FOUND);
    }
    let dir_path = match path::resolve(if dir.is_empty() { "." } else { dir })? {
        Target::File(p) => path::locate(&p),
        Target::Device(_) => return Err(Win32Error::PATH_NOT_FOUND),
    };
    let mut out = if options.case_sensitive {
        let mut all = dir_entries(&dir_path, "*")?;
        all.retain(|e| path::wildcard_match_case(pattern, &e.name, true));
        all
    } else {
        dir_entries(&dir_path, pattern)?
    };
    if options.directories_only {
        out.retain(|e| e.attributes & fsc::FILE_ATTRIBUTE_DIRECTORY != 0);
    }
    if out.is_empty() {
        return Err(Win32Error::FILE_NOT_FOUND);
    }
    Ok(out)
}

/// The entries of directory `dir_path` whose names match `pattern`, in NTFS order
/// (case-insensitive by name), `.` and `..` first below a drive's root.
pub(crate) fn dir_entries(dir_path: &HostPath, pattern: &str) -> Win32Result<VecDeque<FoundEntry>> {
    let entries = fs::read_dir_with_metadata(dir_path).map_err(|e| match e.raw_os_error() {
        Some(libc::ENOENT) | Some(libc::ENOTDIR) => Win32Error::PATH_NOT_FOUND,
        _ => e.into(),
    })?;
    // Names are moved, not copied; the compact entries are sorted, not the listing with its
    // metadata, and compared folded character by character: no allocation per entry beyond the
    // one read_dir made.
    let entry_path = |name: &str| HostPath {
        drive: dir_path.drive,
        rel: dir_path.rel.join(name),
    };
    let mut found: Vec<FoundEntry> = Vec::with_capacity(entries.len());
    for (name, meta) in entries {
        let name = name
            .into_string()
            .unwrap_or_else(|n| n.to_string_lossy().into_owned());
        if !path::wildcard_match(pattern, &name) {
            continue;
        }
        match meta {
            Some(meta) if !meta.is_symlink() => {
                let stored = dosattrib::seen_or(&meta, || dosattrib::of_path(&entry_path(&name)));
                found.push(found_entry(name, &meta, stored));
            }
            // A symbolic link is listed as itself, a reparse point.
            _ => {
                let p = entry_path(&name);
                if let Ok(meta) = fs::symlink_metadata(&p) {
                    found.push(describe(name, &p, &meta));
                }
            }
        }
    }
    // Sorted by small keys, not the entries themselves; most comparisons end within the keys.
    let mut order: Vec<(u64, u32, u32)> = found
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (key, known) = path::fold_prefix(&e.name);
            (key, known, i as u32)
        })
        .collect();
    order.sort_unstable_by(|&(ka, na, a), &(kb, nb, b)| {
        let at = (ka ^ kb).leading_zeros() / 8;
        if at < na.min(nb) {
            return ka.cmp(&kb);
        }
        let (a, b) = (&found[a as usize].name, &found[b as usize].name);
        path::fold_cmp(a, b).then_with(|| a.cmp(b))
    });
    let mut found: Vec<Option<FoundEntry>> = found.into_iter().map(Some).collect();
    let mut out = VecDeque::with_capacity(found.len() + 2);
    if let Some(parent) = dir_path.parent() {
        for (dot, p) in [(".", dir_path), ("..", &parent)] {
            if path::wildcard_match(pattern, dot)
                && let Ok(meta) = fs::metadata(p)
            {
                out.push_back(found_entry(
                    dot.to_string(),
                    &meta,
                    dosattrib::of_path_seen(p, &meta),
                ));
            }
        }
    }
    out.extend(
        order
            .into_iter()
            .filter_map(|(_, _, i)| found[i as usize].take()),
    );
    Ok(out)
}

fn write_find_data_w(e: &FoundEntry, out: GuestPtr<fsc::WIN32_FIND_DATAW>) -> Win32Result<()> {
    let mut d: fsc::WIN32_FIND_DATAW = mem::zeroed();
    d.dwFileAttributes = e.attributes;
    d.ftCreationTime = ft(e.times.0);
    d.ftLastAccessTime = ft(e.times.1);
    d.ftLastWriteTime = ft(e.times.2);
    d.nFileSizeHigh = (e.size >> 32) as u32;
    d.nFileSizeLow = e.size as u32;
    d.dwReserved0 = e.reparse_tag;
    for (slot, u) in d.cFileName.iter_mut().take(259).zip(e.name.encode_utf16()) {
        *slot = u;
    }
    out.write_required(d)
}

fn write_find_data_a(e: &FoundEntry, out: GuestPtr<fsc::WIN32_FIND_DATAA>) -> Win32Result<()> {
    let mut d: fsc::WIN32_FIND_DATAA = mem::zeroed();
    d.dwFileAttributes = e.attributes;
    d.ftCreationTime = ft(e.times.0);
    d.ftLastAccessTime = ft(e.times.1);
    d.ftLastWriteTime = ft(e.times.2);
    d.nFileSizeHigh = (e.size >> 32) as u32;
    d.nFileSizeLow = e.size as u32;
    d.dwReserved0 = e.reparse_tag;
    for (slot, b) in d.cFileName.iter_mut().take(259).zip(e.name.bytes()) {
        *slot = b as _;
    }
    out.write_required(d)
}

fn find_first(spec: &str, options: SearchOptions) -> Win32Result<(Handle, FoundEntry)> {
    let mut entries = find_entries(spec, options)?;
    let first = entries
        .pop_front()
        .expect("find_entries returns at least one");
    let h = HANDLES.insert(
        Arc::new(FindObject {
            entries: Mutex::new(entries),
        }),
        false,
    );
    Ok((h, first))
}

fn find_next(h: Handle) -> Win32Result<FoundEntry> {
    let find = HANDLES.get::<FindObject>(h)?;
    let mut entries = find.entries.lock().unwrap_or_else(|e| e.into_inner());
    entries.pop_front().ok_or(Win32Error::NO_MORE_FILES)
}

#[dllexport]
pub fn FindFirstFileW(
    lpFileName: WStrPtr,
    lpFindFileData: GuestPtr<fsc::WIN32_FIND_DATAW>,
) -> Win32Result<HandleOrInvalid> {
    let (h, first) = with_wide_name(lpFileName, |name| {
        find_first(name, SearchOptions::default())
    })?;
    write_find_data_w(&first, lpFindFileData)?;
    Ok(HandleOrInvalid(h))
}

#[dllexport]
pub fn FindFirstFileA(
    lpFileName: CStrPtr,
    lpFindFileData: GuestPtr<fsc::WIN32_FIND_DATAA>,
) -> Win32Result<HandleOrInvalid> {
    let (h, first) = with_ansi_name(lpFileName, |name| {
        find_first(name, SearchOptions::default())
    })?;
    write_find_data_a(&first, lpFindFileData)?;
    Ok(HandleOrInvalid(h))
}

/// The search FindFirstFileEx asks for; ERROR_INVALID_PARAMETER for an information level,
/// search operation or flag it does not define (or a search filter, which none takes).
fn search_options(
    level: i32,
    op: i32,
    filter: GuestPtr<u8>,
    flags: u32,
) -> Win32Result<SearchOptions> {
    let known = fsc::FIND_FIRST_EX_CASE_SENSITIVE
        | fsc::FIND_FIRST_EX_LARGE_FETCH
        | fsc::FIND_FIRST_EX_ON_DISK_ENTRIES_ONLY;
    if !matches!(level, fsc::FindExInfoStandard | fsc::FindExInfoBasic)
        || !matches!(
            op,
            fsc::FindExSearchNameMatch | fsc::FindExSearchLimitToDirectories
        )
        || !filter.is_null()
        || flags & !known != 0
    {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    Ok(SearchOptions {
        case_sensitive: flags & fsc::FIND_FIRST_EX_CASE_SENSITIVE != 0,
        directories_only: op == fsc::FindExSearchLimitToDirectories,
    })
}

/// There are no 8.3 names, so FindExInfoBasic and FindExInfoStandard both leave
/// cAlternateFileName empty; LARGE_FETCH changes nothing (the directory is read in one go).
/// FindExSearchLimitToDirectories returns directories only, as a file system that filters
/// does (NTFS treats it as a hint and may return files too).
#[dllexport]
pub fn FindFirstFileExW(
    lpFileName: WStrPtr,
    fInfoLevelId: i32,
    lpFindFileData: GuestPtr<fsc::WIN32_FIND_DATAW>,
    fSearchOp: i32,
    lpSearchFilter: GuestPtr<u8>,
    dwAdditionalFlags: u32,
) -> Win32Result<HandleOrInvalid> {
    let options = search_options(fInfoLevelId, fSearchOp, lpSearchFilter, dwAdditionalFlags)?;
    let (h, first) = with_wide_name(lpFileName, |name| find_first(name, options))?;
    write_find_data_w(&first, lpFindFileData)?;
    Ok(HandleOrInvalid(h))
}

#[dllexport]
pub fn FindNextFileW(
    hFindFile: Handle,
    lpFindFileData: GuestPtr<fsc::WIN32_FIND_DATAW>,
) -> Win32Result<()> {
    write_find_data_w(&find_next(hFindFile)?, lpFindFileData)
}

#[dllexport]
pub fn FindNextFileA(
    hFindFile: Handle,
    lpFindFileData: GuestPtr<fsc::WIN32_FIND_DATAA>,
) -> Win32Result<()> {
    write_find_data_a(&find_next(hFindFile)?, lpFindFileData)
}

#[dllexport]
pub fn FindClose(hFindFile: Handle) -> Win32Result<()> {
    HANDLES.get::<FindObject>(hFindFile)?;
    HANDLES.remove(hFindFile).map(drop)
}

/// TMP, TEMP, USERPROFILE or the Windows directory, as a full path with a trailing backslash.
pub fn temp_path() -> String {
    let var = |n: &str| {
        let name: Vec<u16> = n.encode_utf16().collect();
        crate::nt::env::get(&name).map(|v| String::from_utf16_lossy(&v))
    };
    let dir = var("TMP")
        .or_else(|| var("TEMP"))
        .or_else(|| var("USERPROFILE"))
        .unwrap_or_else(|| crate::kernel32::sysinfoapi::WINDOWS_DIRECTORY.to_string());
    let mut full = path::full_path(&dir).unwrap_or(dir);
    if !full.ends_with('\\') {
        full.push('\\');
    }
    full
}

#[dllexport]
pub fn GetTempPathW(nBufferLength: u32, lpBuffer: GuestPtr<u16>) -> u32 {
    copy_out_w(&temp_path(), lpBuffer, nBufferLength)
}

#[dllexport]
pub fn GetTempPathA(nBufferLength: u32, lpBuffer: GuestPtr<u8>) -> u32 {
    copy_out_a(&temp_path(), lpBuffer, nBufferLength)
}

/// `dir\<prefix up to 3><hex>.tmp`; with `unique` 0, the first free number is taken and the
/// file created.
fn temp_file_name(dir: &str, prefix: &str, unique: u32) -> Win32Result<(String, u32)> {
    let mut base = dir.to_string();
    if !base.ends_with(['\\', '/']) {
        base.push('\\');
    }
    base.extend(prefix.chars().take(3));
    let name = |n: u32| format!("{base}{:X}.tmp", n & 0xFFFF);
    if unique != 0 {
        return Ok((name(unique), unique & 0xFFFF));
    }
    let start = (std::process::id()
        ^ SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .subsec_micros())
        & 0xFFFF;
    for i in 0..0x10000u32 {
        let n = ((start + i) & 0xFFFF).max(1);
        let candidate = name(n);
        let req = CreateRequest {
            access: fsc::FILE_GENERIC_WRITE,
            share: 0,
            disposition: fsc::CREATE_NEW,
            flags: fsc::FILE_ATTRIBUTE_NORMAL,
        };
        match file::create(&candidate, &req) {
            Ok(_) => return Ok((candidate, n)),
            Err(Win32Error::FILE_EXISTS) | Err(Win32Error::ACCESS_DENIED) => continue,
            Err(Win32Error::PATH_NOT_FOUND) => return Err(Win32Error::DIRECTORY),
            Err(e) => return Err(e),
        }
    }
    Err(Win32Error::FILE_EXISTS)
}

#[dllexport]
pub fn GetTempFileNameW(
    lpPathName: WStrPtr,
    lpPrefixString: WStrPtr,
    uUnique: u32,
    lpTempFileName: GuestPtr<u16>,
) -> Win32Result<u32> {
    let dir = lpPathName.string().ok_or(Win32Error::INVALID_PARAMETER)?;
    let prefix = lpPrefixString.string().unwrap_or_default();
    let (name, n) = temp_file_name(&dir, &prefix, uUnique)?;
    copy_out_w(&name, lpTempFileName, 260);
    Ok(n)
}

#[dllexport]
pub fn GetTempFileNameA(
    lpPathName: CStrPtr,
    lpPrefixString: CStrPtr,
    uUnique: u32,
    lpTempFileName: GuestPtr<u8>,
) -> Win32Result<u32> {
    let dir = lpPathName.string().ok_or(Win32Error::INVALID_PARAMETER)?;
    let prefix = lpPrefixString.string().unwrap_or_default();
    let (name, n) = temp_file_name(&dir, &prefix, uUnique)?;
    copy_out_a(&name, lpTempFileName, 260);
    Ok(n)
}

/// Long and short names are the same here (no 8.3 names): the name comes back as given, once
/// the file is known to exist.
fn same_name_if_exists(name: &str) -> Win32Result<()> {
    stat_any(&host_file(name)?).map(drop)
}

#[dllexport]
pub fn GetLongPathNameW(
    lpszShortPath: WStrPtr,
    lpszLongPath: GuestPtr<u16>,
    cchBuffer: u32,
) -> Win32Result<u32> {
    let name = lpszShortPath
        .string()
        .ok_or(Win32Error::INVALID_PARAMETER)?;
    same_name_if_exists(&name)?;
    Ok(copy_out_w(&name, lpszLongPath, cchBuffer))
}

#[dllexport]
pub fn GetLongPathNameA(
    lpszShortPath: CStrPtr,
    lpszLongPath: GuestPtr<u8>,
    cchBuffer: u32,
) -> Win32Result<u32> {
    let name = lpszShortPath
        .string()
        .ok_or(Win32Error::INVALID_PARAMETER)?;
    same_name_if_exists(&name)?;
    Ok(copy_out_a(&name, lpszLongPath, cchBuffer))
}

#[dllexport]
pub fn GetShortPathNameW(
    lpszLongPath: WStrPtr,
    lpszShortPath: GuestPtr<u16>,
    cchBuffer: u32,
) -> Win32Result<u32> {
    let name = lpszLongPath.string().ok_or(Win32Error::INVALID_PARAMETER)?;
    same_name_if_exists(&name)?;
    Ok(copy_out_w(&name, lpszShortPath, cchBuffer))
}

/// The drive a root-ish name (`C:`, `C:\`, NULL for the current drive) designates.
fn drive_of(root: Option<String>) -> Option<u8> {
    let root = root.unwrap_or_else(|| path::current_dir()[..2].to_string());
    let b = root.as_bytes();
    let rooted = b.len() == 2 || (b.len() == 3 && (b[2] == b'\\' || b[2] == b'/'));
    (b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic() && rooted)
        .then(|| b[0].to_ascii_uppercase())
}

fn disk_space(dir: Option<String>) -> Win32Result<(u64, u64, u64, u64)> {
    let dir = dir.unwrap_or_else(path::current_dir);
    let p = host_file(&dir)?;
    stat_any(&p)?;
    Ok(fs::statvfs(&p)?)
}

#[dllexport]
pub fn GetDiskFreeSpaceExW(
    lpDirectoryName: WStrPtr,
    lpFreeBytesAvailableToCaller: GuestPtr<u64>,
    lpTotalNumberOfBytes: GuestPtr<u64>,
    lpTotalNumberOfFreeBytes: GuestPtr<u64>,
) -> Win32Result<()> {
    let (bsize, total, free, avail) = disk_space(lpDirectoryName.string())?;
    lpFreeBytesAvailableToCaller.write(avail * bsize);
    lpTotalNumberOfBytes.write(total * bsize);
    lpTotalNumberOfFreeBytes.write(free * bsize);
    Ok(())
}

#[dllexport]
pub fn GetDiskFreeSpaceExA(
    lpDirectoryName: CStrPtr,
    lpFreeBytesAvailableToCaller: GuestPtr<u64>,
    lpTotalNumberOfBytes: GuestPtr<u64>,
    lpTotalNumberOfFreeBytes: GuestPtr<u64>,
) -> Win32Result<()> {
    let (bsize, total, free, avail) = disk_space(lpDirectoryName.string())?;
    lpFreeBytesAvailableToCaller.write(avail * bsize);
    lpTotalNumberOfBytes.write(total * bsize);
    lpTotalNumberOfFreeBytes.write(free * bsize);
    Ok(())
}

/// Clusters of 8 sectors of 512 bytes, counts capped at 32 bits as Windows caps them.
#[dllexport]
pub fn GetDiskFreeSpaceW(
    lpRootPathName: WStrPtr,
    lpSectorsPerCluster: GuestPtr<u32>,
    lpBytesPerSector: GuestPtr<u32>,
    lpNumberOfFreeClusters: GuestPtr<u32>,
    lpTotalNumberOfClusters: GuestPtr<u32>,
) -> Win32Result<()> {
    let (bsize, total, _free, avail) = disk_space(lpRootPathName.string())?;
    let cluster = 4096u64;
    lpSectorsPerCluster.write((cluster / 512) as u32);
    lpBytesPerSector.write(512);
    lpNumberOfFreeClusters.write((avail * bsize / cluster).min(u32::MAX as u64) as u32);
    lpTotalNumberOfClusters.write((total * bsize / cluster).min(u32::MAX as u64) as u32);
    Ok(())
}

fn drive_type(root: Option<String>) -> u32 {
    match drive_of(root) {
        Some(letter) if path::drive(letter).is_some() => 3, // DRIVE_FIXED
        _ => 1,                                             // DRIVE_NO_ROOT_DIR
    }
}

#[dllexport]
pub fn GetDriveTypeW(lpRootPathName: WStrPtr) -> u32 {
    drive_type(lpRootPathName.string())
}

#[dllexport]
pub fn GetDriveTypeA(lpRootPathName: CStrPtr) -> u32 {
    drive_type(lpRootPathName.string())
}

#[dllexport]
pub fn GetLogicalDrives() -> u32 {
    path::drive_mask()
}

/// `C:\<NUL>Z:\<NUL><NUL>`: the length without the final NUL when it fits, else the size needed.
#[dllexport]
pub fn GetLogicalDriveStringsW(nBufferLength: u32, lpBuffer: GuestPtr<u16>) -> u32 {
    let mask = path::drive_mask();
    let mut text: Vec<u16> = Vec::new();
    for i in (0..26).filter(|i| mask & 1 << i != 0) {
        text.extend([b'A' as u16 + i as u16, b':' as u16, b'\\' as u16, 0]);
    }
    copy_out(&text, lpBuffer, nBufferLength)
}

/// What GetVolumeInformation reports for the drive `root` names: (serial, file system flags).
fn volume_information(
    root: Option<String>,
    label_size: u32,
    label: bool,
    fs_size: u32,
    fs_name: bool,
) -> Win32Result<(u32, u32)> {
    let letter = drive_of(root).ok_or(Win32Error::DIR_NOT_ROOT)?;
    let drive = path::drive(letter).ok_or(Win32Error::PATH_NOT_FOUND)?;
    let meta = std::fs::metadata(&drive.host)?;
    if (label && label_size < 1) || (fs_name && fs_size < 5) {
        return Err(Win32Error::BAD_LENGTH);
    }
    let flags =
        ss::FILE_CASE_PRESERVED_NAMES | ss::FILE_UNICODE_ON_DISK | ss::FILE_SUPPORTS_HARD_LINKS;
    Ok((meta.dev() as u32, flags))
}

/// Volumes have no label; the file system calls itself NTFS (case-preserving, not
/// case-sensitive, hard links), as programs that check for NTFS features expect.
#[dllexport]
pub fn GetVolumeInformationW(
    lpRootPathName: WStrPtr,
    lpVolumeNameBuffer: GuestPtr<u16>,
    nVolumeNameSize: u32,
    lpVolumeSerialNumber: GuestPtr<u32>,
    lpMaximumComponentLength: GuestPtr<u32>,
    lpFileSystemFlags: GuestPtr<u32>,
    lpFileSystemNameBuffer: GuestPtr<u16>,
    nFileSystemNameSize: u32,
) -> Win32Result<()> {
    let (serial, flags) = volume_information(
        lpRootPathName.string(),
        nVolumeNameSize,
        !lpVolumeNameBuffer.is_null(),
        nFileSystemNameSize,
        !lpFileSystemNameBuffer.is_null(),
    )?;
    copy_out_w("", lpVolumeNameBuffer, nVolumeNameSize);
    copy_out_w("NTFS", lpFileSystemNameBuffer, nFileSystemNameSize);
    lpVolumeSerialNumber.write(serial);
    lpMaximumComponentLength.write(255);
    lpFileSystemFlags.write(flags);
    Ok(())
}

#[dllexport]
pub fn GetVolumeInformationA(
    lpRootPathName: CStrPtr,
    lpVolumeNameBuffer: GuestPtr<u8>,
    nVolumeNameSize: u32,
    lpVolumeSerialNumber: GuestPtr<u32>,
    lpMaximumComponentLength: GuestPtr<u32>,
    lpFileSystemFlags: GuestPtr<u32>,
    lpFileSystemNameBuffer: GuestPtr<u8>,
    nFileSystemNameSize: u32,
) -> Win32Result<()> {
    let (serial, flags) = volume_information(
        lpRootPathName.string(),
        nVolumeNameSize,
        !lpVolumeNameBuffer.is_null(),
        nFileSystemNameSize,
        !lpFileSystemNameBuffer.is_null(),
    )?;
    copy_out_a("", lpVolumeNameBuffer, nVolumeNameSize);
    copy_out_a("NTFS", lpFileSystemNameBuffer, nFileSystemNameSize);
    lpVolumeSerialNumber.write(serial);
    lpMaximumComponentLength.write(255);
    lpFileSystemFlags.write(flags);
    Ok(())
}

/// GetVolumeInformationW for the volume (drive) an open file is on.
#[dllexport]
pub fn GetVolumeInformationByHandleW(
    hFile: Handle,
    lpVolumeNameBuffer: GuestPtr<u16>,
    nVolumeNameSize: u32,
    lpVolumeSerialNumber: GuestPtr<u32>,
    lpMaximumComponentLength: GuestPtr<u32>,
    lpFileSystemFlags: GuestPtr<u32>,
    lpFileSystemNameBuffer: GuestPtr<u16>,
    nFileSystemNameSize: u32,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    let disk = f.disk.as_ref().ok_or(Win32Error::INVALID_HANDLE)?;
    let letter = disk.path.lock().unwrap_or_else(|e| e.into_inner()).drive;
    let (serial, flags) = volume_information(
        Some(format!("{}:\\", letter as char)),
        nVolumeNameSize,
        !lpVolumeNameBuffer.is_null(),
        nFileSystemNameSize,
        !lpFileSystemNameBuffer.is_null(),
    )?;
    copy_out_w("", lpVolumeNameBuffer, nVolumeNameSize);
    copy_out_w("NTFS", lpFileSystemNameBuffer, nFileSystemNameSize);
    lpVolumeSerialNumber.write(serial);
    lpMaximumComponentLength.write(255);
    lpFileSystemFlags.write(flags);
    Ok(())
}

/// How FILE_RENAME_INFO names its target: kernel32 takes Win32 paths, ntdll NT paths.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NameForm {
    Win32,
    Nt,
}

/// The Windows path FILE_RENAME_INFO(RMATION) at `info` (`size` bytes) renames a file to.
fn rename_target(
    f: &FileObject,
    info: GuestPtr<u8>,
    size: u32,
    form: NameForm,
) -> Win32Result<String> {
    let root = Handle(GuestPtr::<u64>::new(info.addr() + 8).read().unwrap_or(0));
    let len = GuestPtr::<u32>::new(info.addr() + 16).read().unwrap_or(0) as usize;
    if !len.is_multiple_of(2) || 20 + len > size as usize {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let name =
        String::from_utf16_lossy(&GuestPtr::<u16>::new(info.addr() + 20).read_slice(len / 2));
    let absolute = name.starts_with(['\\', '/']) || name.as_bytes().get(1) == Some(&b':');
    if name.is_empty() || name.starts_with(':') {
        // No file name, or a stream name: the host keeps no alternate data streams.
        return Err(Win32Error::INVALID_NAME);
    }
    if root != Handle::NULL {
        // Relative to the directory RootDirectory is open on.
        let dir = file::get(root)?;
        if !dir.disk.as_ref().is_some_and(|d| d.is_dir) {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        if absolute {
            return Err(Win32Error::INVALID_NAME);
        }
        return Ok(format!(
            "{}\\{name}",
            final_path(&dir)?.trim_end_matches('\\')
        ));
    }
    match form {
        NameForm::Win32 => Ok(name),
        NameForm::Nt => {
            if let Some(dos) = name.strip_prefix(r"\??\") {
                Ok(dos.to_string())
            } else if !name.contains(['\\', '/']) {
                // A bare name renames the file within its directory.
                let own = final_path(f)?;
                let dir = own.rfind('\\').map_or(own.as_str(), |at| &own[..at]);
                Ok(format!("{dir}\\{name}"))
            } else {
                Err(Win32Error::INVALID_NAME)
            }
        }
    }
}

/// NtSetInformationFile's classes, shared by SetFileInformationByHandle: basic (times,
/// attributes), rename and rename Ex, disposition and disposition Ex, allocation, end of file
/// and the I/O priority hint. `class` is the FILE_INFORMATION_CLASS and must be one of those.
pub fn set_information(
    f: &FileObject,
    class: i32,
    info: GuestPtr<u8>,
    size: u32,
    form: NameForm,
) -> Win32Result<()> {
    use windows_sys::Wdk::Storage::FileSystem as wdk;
    let disk = f.disk.as_ref().ok_or(Win32Error::INVALID_HANDLE)?;
    let at = |off: u64| info.addr() + off;
    let need = |n: usize| {
        if (size as usize) < n || info.is_null() {
            Err(Win32Error::BAD_LENGTH)
        } else {
            Ok(())
        }
    };
    // Whether deleting the file must be refused: a read-only file (STATUS_CANNOT_DELETE), a
    // directory with entries.
    let check_delete = |ignore_readonly: bool| -> Win32Result<()> {
        let p = f.object_name().expect("disk file");
        if disk.is_dir {
            if fs::read_dir_names(&p).is_ok_and(|n| !n.is_empty()) {
                return Err(Win32Error::DIR_NOT_EMPTY);
            }
        } else if !ignore_readonly && metadata_of(f)?.mode() & 0o222 == 0 {
            return Err(Win32Error::ACCESS_DENIED);
        }
        Ok(())
    };
    match class {
        wdk::FileBasicInformation => {
            need(size_of::<fsc::FILE_BASIC_INFO>())?;
            let read = |off| GuestPtr::<u64>::new(at(off)).read();
            // ChangeTime (at 24) is the host's ctime, which nobody can set.
            set_times(f, read(0), read(8), read(16))?;
            let attrs = GuestPtr::<u32>::new(at(32)).read().unwrap_or(0);
            if attrs != 0 {
                set_attributes(&f.host_path().expect("disk file"), attrs)?;
            }
            Ok(())
        }
        wdk::FileRenameInformation | wdk::FileRenameInformationEx => {
            use crate::kernel32::winbase::{Replace, rename};
            need(24)?;
            if !f.has(file::DELETE) {
                return Err(Win32Error::ACCESS_DENIED);
            }
            // FILE_RENAME_INFORMATION starts with ReplaceIfExists (a BOOLEAN), or in the Ex
            // class with Flags.
            let replace = if class == wdk::FileRenameInformation {
                match GuestPtr::<u8>::new(at(0)).read().unwrap_or(0) {
                    0 => Replace::Never,
                    _ => Replace::Unshared,
                }
            } else {
                // The storage-reserve and pinning flags have nothing to act on here.
                let flags = GuestPtr::<u32>::new(at(0)).read().unwrap_or(0);
                if flags & wdk::FILE_RENAME_REPLACE_IF_EXISTS == 0 {
                    Replace::Never
                } else if flags & wdk::FILE_RENAME_POSIX_SEMANTICS != 0 {
                    Replace::Posix {
                        ignore_readonly: flags & wdk::FILE_RENAME_IGNORE_READONLY_ATTRIBUTE != 0,
                    }
                } else {
                    Replace::Unshared
                }
            };
            let name = rename_target(f, info, size, form)?;
            let from = f.object_name().expect("disk file");
            let to = rename(&from, &name, replace, Some(f))?;
            *disk.path.lock().unwrap_or_else(|e| e.into_inner()) = to;
            Ok(())
        }
        wdk::FileDispositionInformation => {
            need(1)?;
            if !f.has(file::DELETE) {
                return Err(Win32Error::ACCESS_DENIED);
            }
            let delete = GuestPtr::<u8>::new(at(0)).read().unwrap_or(0) != 0;
            if delete {
                check_delete(false)?;
            }
            f.set_delete_pending(delete);
            Ok(())
        }
        wdk::FileDispositionInformationEx => {
            need(4)?;
            let flags = GuestPtr::<u32>::new(at(0)).read().unwrap_or(0);
            let known = fsc::FILE_DISPOSITION_FLAG_DELETE
                | fsc::FILE_DISPOSITION_FLAG_POSIX_SEMANTICS
                | fsc::FILE_DISPOSITION_FLAG_FORCE_IMAGE_SECTION_CHECK
                | fsc::FILE_DISPOSITION_FLAG_ON_CLOSE
                | fsc::FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE;
            if flags & !known != 0 {
                return Err(Win32Error::INVALID_PARAMETER);
            }
            if !f.has(file::DELETE) {
                return Err(Win32Error::ACCESS_DENIED);
            }
            let delete = flags & fsc::FILE_DISPOSITION_FLAG_DELETE != 0;
            if delete {
                check_delete(flags & fsc::FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE != 0)?;
            }
            if flags & fsc::FILE_DISPOSITION_FLAG_ON_CLOSE != 0 {
                // Sets or clears this handle's delete-on-close, as FILE_FLAG_DELETE_ON_CLOSE.
                disk.delete_on_close.store(delete, Ordering::Relaxed);
            } else if flags & fsc::FILE_DISPOSITION_FLAG_POSIX_SEMANTICS != 0 && delete {
                disk.posix_delete.store(true, Ordering::Relaxed);
            } else {
                disk.posix_delete.store(false, Ordering::Relaxed);
                f.set_delete_pending(delete);
            }
            Ok(())
        }
        wdk::FileEndOfFileInformation | wdk::FileAllocationInformation => {
            need(8)?;
            if !f.has(fsc::FILE_WRITE_DATA) {
                return Err(Win32Error::ACCESS_DENIED);
            }
            let len = GuestPtr::<i64>::new(at(0)).read().unwrap_or(0);
            if len < 0 || disk.is_dir {
                return Err(Win32Error::INVALID_PARAMETER);
            }
            if class == wdk::FileAllocationInformation {
                // Allocation only ever shrinks what is there (the file size follows it down).
                if (len as u64) < size_of_file(f)? {
                    f.keeping_frozen_times(|| host::ftruncate(f.fd(), len as u64))?;
                }
                return Ok(());
            }
            f.keeping_frozen_times(|| host::ftruncate(f.fd(), len as u64))
        }
        wdk::FileIoPriorityHintInformation => {
            need(size_of::<fsc::FILE_IO_PRIORITY_HINT_INFO>())?;
            // A hint: the host schedules I/O per thread, not per handle, so a valid one is
            // taken and has no further effect. Above normal is not for programs (the Win32
            // PRIORITY_HINT stops at normal).
            let hint = GuestPtr::<i32>::new(at(0)).read().unwrap_or(-1);
            if !(fsc::IoPriorityHintVeryLow..fsc::MaximumIoPriorityHintType).contains(&hint) {
                return Err(Win32Error::INVALID_PARAMETER);
            }
            Ok(())
        }
        _ => Err(Win32Error::INVALID_PARAMETER),
    }
}

/// The FILE_INFORMATION_CLASS of a class SetFileInformationByHandle sets; None for the
/// others (ERROR_INVALID_PARAMETER, as the query-only classes are).
fn nt_class_of(class: i32) -> Option<i32> {
    use windows_sys::Wdk::Storage::FileSystem as wdk;
    Some(match class {
        fsc::FileBasicInfo => wdk::FileBasicInformation,
        fsc::FileRenameInfo => wdk::FileRenameInformation,
        fsc::FileRenameInfoEx => wdk::FileRenameInformationEx,
        fsc::FileDispositionInfo => wdk::FileDispositionInformation,
        fsc::FileDispositionInfoEx => wdk::FileDispositionInformationEx,
        fsc::FileAllocationInfo => wdk::FileAllocationInformation,
        fsc::FileEndOfFileInfo => wdk::FileEndOfFileInformation,
        fsc::FileIoPriorityHintInfo => wdk::FileIoPriorityHintInformation,
        _ => return None,
    })
}

/// Rename targets are Win32 paths (relative ones to the current directory, or to
/// RootDirectory when it is given); the other classes as NtSetInformationFile has them.
#[dllexport]
pub fn SetFileInformationByHandle(
    hFile: Handle,
    FileInformationClass: i32,
    lpFileInformation: GuestPtr<u8>,
    dwBufferSize: u32,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    let class = nt_class_of(FileInformationClass).ok_or(Win32Error::INVALID_PARAMETER)?;
    set_information(&f, class, lpFileInformation, dwBufferSize, NameForm::Win32)
}

#[dllexport]
pub fn CompareFileTime(lpFileTime1: GuestPtr<u64>, lpFileTime2: GuestPtr<u64>) -> i32 {
    let a = lpFileTime1.read().unwrap_or(0);
    let b = lpFileTime2.read().unwrap_or(0);
    a.cmp(&b) as i32
}

#[dllexport]
pub fn FindFirstFileExA(
    lpFileName: CStrPtr,
    fInfoLevelId: i32,
    lpFindFileData: GuestPtr<fsc::WIN32_FIND_DATAA>,
    fSearchOp: i32,
    lpSearchFilter: GuestPtr<u8>,
    dwAdditionalFlags: u32,
) -> Win32Result<HandleOrInvalid> {
    let options = search_options(fInfoLevelId, fSearchOp, lpSearchFilter, dwAdditionalFlags)?;
    let (h, first) = find_first(&ansi_name(lpFileName)?, options)?;
    write_find_data_a(&first, lpFindFileData)?;
    Ok(HandleOrInvalid(h))
}

#[dllexport]
pub fn GetShortPathNameA(
    lpszLongPath: CStrPtr,
    lpszShortPath: GuestPtr<u8>,
    cchBuffer: u32,
) -> Win32Result<u32> {
    let name = lpszLongPath.string().ok_or(Win32Error::INVALID_PARAMETER)?;
    same_name_if_exists(&name)?;
    Ok(copy_out_a(&name, lpszShortPath, cchBuffer))
}

#[dllexport]
pub fn GetFinalPathNameByHandleA(
    hFile: Handle,
    lpszFilePath: GuestPtr<u8>,
    cchFilePath: u32,
    dwFlags: u32,
) -> Win32Result<u32> {
    let f = file::get(hFile)?;
    let dos = final_path(&f)?;
    let text = match dwFlags & 0xF {
        fsc::VOLUME_NAME_NONE => dos[2..].to_string(),
        fsc::VOLUME_NAME_DOS => format!(r"\\?\{dos}"),
        _ => return Err(Win32Error::INVALID_PARAMETER),
    };
    Ok(copy_out_a(&text, lpszFilePath, cchFilePath))
}

/// File names in the A functions are always in the ANSI code page here.
#[dllexport]
pub fn AreFileApisANSI() -> bool {
    true
}

#[dllexport]
pub fn SetFileApisToANSI() {}

/// The OEM code page is the ANSI one (UTF-8) here, so nothing changes.
#[dllexport]
pub fn SetFileApisToOEM() {}

/// ReadFile whose completion runs `lpCompletionRoutine` as an APC on the calling thread, when
/// it next waits alertably (also when the read finished at once).
#[dllexport]
pub fn ReadFileEx(
    hFile: Handle,
    lpBuffer: GuestPtr<u8>,
    nNumberOfBytesToRead: u32,
    lpOverlapped: GuestPtr<u8>,
    lpCompletionRoutine: u64,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if lpOverlapped.is_null() || lpCompletionRoutine == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if !f.has(READ_RIGHTS) {
        return Err(Win32Error::ACCESS_DENIED);
    }
    data_file(&f)?;
    let notify = Notify::Routine(thread::current(), lpCompletionRoutine);
    let len = nNumberOfBytesToRead as usize;
    let result = if f.pipe.is_some() {
        read_pipe(&f, lpBuffer.addr(), len, lpOverlapped, notify).0
    } else {
        let offset = overlapped_offset(lpOverlapped).unwrap_or(0);
        let read = f.check_locks(Some(offset), len, false).and_then(|()| {
            f.keeping_frozen_times(|| host::pread(f.fd(), lpBuffer.addr(), len, offset as i64))
        });
        let (result, n) = match read {
            Ok(0) if len > 0 && f.file_type == FileType::Disk => (Win32Error::HANDLE_EOF, 0),
            Ok(n) => (Win32Error::SUCCESS, n),
            Err(e) => (e, 0),
        };
        f.io.complete(Overlapped(lpOverlapped), result, n, true, &notify);
        result
    };
    match result {
        // Pending, or finished with the routine queued: both are success here.
        Win32Error::SUCCESS | Win32Error::IO_PENDING | Win32Error::MORE_DATA => Ok(()),
        e => Err(e),
    }
}

/// WriteFile whose completion runs `lpCompletionRoutine` as an APC on the calling thread.
/// Writes finish at once (pipes buffer them).
#[dllexport]
pub fn WriteFileEx(
    hFile: Handle,
    lpBuffer: GuestPtr<u8>,
    nNumberOfBytesToWrite: u32,
    lpOverlapped: GuestPtr<u8>,
    lpCompletionRoutine: u64,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if lpOverlapped.is_null() || lpCompletionRoutine == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if !f.has(WRITE_RIGHTS) {
        return Err(Win32Error::ACCESS_DENIED);
    }
    data_file(&f)?;
    let len = nNumberOfBytesToWrite as usize;
    let n = f.keeping_frozen_times(|| match (f.file_type, overlapped_offset(lpOverlapped)) {
        (FileType::Disk, Some(offset)) => {
            f.check_locks(Some(offset), len, true)?;
            host::pwrite(f.fd(), lpBuffer.addr(), len, offset as i64)
        }
        _ => f.write(lpBuffer.addr(), len),
    })?;
    let notify = Notify::Routine(thread::current(), lpCompletionRoutine);
    f.io.complete(
        Overlapped(lpOverlapped),
        Win32Error::SUCCESS,
        n,
        true,
        &notify,
    );
    Ok(())
}
