//! io.h: the CRT's low-level file descriptors (`_open`, `_read`, `_write` ...). A descriptor is a
//! Win32 handle plus the CRT's own state: text or binary mode, append, `^Z` seen.
//!
//! Files are opened on host paths through `nt::path` (exact-case names for now). That seam is
//! `open_host`: when kernel32's CreateFileW lands, it is the one function to switch to it.

use super::errno::{self, EBADF, EINVAL};
use crate::abi::handles::HANDLES;
use crate::abi::{CStrPtr, GuestPtr, Handle, VarArgs, WStrPtr, Win32Error, host, mem};
use crate::dllexport;
use crate::nt::file::{self, FileObject, FileType};
use crate::nt::{path, process};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

pub const O_RDONLY: i32 = 0;
pub const O_WRONLY: i32 = 1;
pub const O_RDWR: i32 = 2;
pub const O_APPEND: i32 = 0x8;
pub const O_RANDOM: i32 = 0x10;
pub const O_SEQUENTIAL: i32 = 0x20;
pub const O_TEMPORARY: i32 = 0x40;
pub const O_NOINHERIT: i32 = 0x80;
pub const O_CREAT: i32 = 0x100;
pub const O_TRUNC: i32 = 0x200;
pub const O_EXCL: i32 = 0x400;
pub const O_SHORT_LIVED: i32 = 0x1000;
pub const O_TEXT: i32 = 0x4000;
pub const O_BINARY: i32 = 0x8000;
pub const O_WTEXT: i32 = 0x10000;
pub const O_U16TEXT: i32 = 0x20000;
pub const O_U8TEXT: i32 = 0x40000;
/// `_S_IWRITE`: a file created without it is read-only.
const S_IWRITE: i32 = 0x80;

/// What a failing CRT call reports: the errno value (already recorded with `_doserrno` when an
/// OS error caused it).
pub type CrtResult<T> = Result<T, i32>;

/// The errno for an OS failure, recording the Win32 error in `_doserrno`.
pub fn os_error(e: Win32Error) -> i32 {
    errno::set_doserrno(e.0);
    errno::errno_from_win32(e)
}

/// Sets errno from a failed call and returns the CRT's failure value.
pub fn fail<T>(e: i32, value: T) -> T {
    errno::set_errno(e);
    value
}

#[derive(Clone, Debug)]
pub struct Descriptor {
    pub handle: Handle,
    pub text: bool,
    pub append: bool,
    /// A text-mode read met `^Z`: reads return 0 until the next seek.
    ctrl_z: bool,
    /// In text mode, a byte read ahead after a `\r` on a pipe or device (which cannot seek back).
    lookahead: Option<u8>,
    /// `_O_TEMPORARY`: the host file to delete when the descriptor closes.
    temporary: Option<Arc<PathBuf>>,
}

impl Descriptor {
    fn new(handle: Handle, text: bool) -> Self {
        Descriptor {
            handle,
            text,
            append: false,
            ctrl_z: false,
            lookahead: None,
            temporary: None,
        }
    }
}

/// msvcrt's and the UCRT's descriptor limit (`_NHANDLE_`).
const MAX_FDS: usize = 8192;

static FDS: Mutex<Vec<Option<Descriptor>>> = Mutex::new(Vec::new());

fn std_handle(which: process::StdHandle) -> Handle {
    Handle(mem::read::<u64>(process::std_handle_slot(which)).unwrap_or(0))
}

/// The descriptor table, with 0-2 on the standard handles (text mode, or `_fmode`'s) on first use.
fn fds() -> MutexGuard<'static, Vec<Option<Descriptor>>> {
    let mut fds = FDS.lock().unwrap_or_else(|e| e.into_inner());
    if fds.is_empty() {
        use process::StdHandle::*;
        let text = default_text_mode();
        for which in [Input, Output, Error] {
            let h = std_handle(which);
            fds.push((h != Handle::NULL && h != Handle::INVALID).then(|| Descriptor::new(h, text)));
        }
    }
    fds
}

/// `_fmode`: 0 or _O_TEXT means text, _O_BINARY binary.
pub fn default_text_mode() -> bool {
    super::startup::_fmode.get() & O_BINARY == 0
}

/// A copy of descriptor `fd`'s state.
pub fn descriptor(fd: i32) -> CrtResult<Descriptor> {
    fds()
        .get(usize::try_from(fd).map_err(|_| EBADF)?)
        .cloned()
        .flatten()
        .ok_or(EBADF)
}

fn update(fd: i32, f: impl FnOnce(&mut Descriptor)) {
    if let Some(Some(d)) = fds().get_mut(fd as usize) {
        f(d);
    }
}

/// The file object and state behind `fd`.
pub fn file_of(fd: i32) -> CrtResult<(Arc<FileObject>, Descriptor)> {
    let d = descriptor(fd)?;
    let f = file::get(d.handle).map_err(|_| EBADF)?;
    Ok((f, d))
}

/// Puts `handle` in the lowest free slot.
fn allocate(d: Descriptor) -> CrtResult<i32> {
    let mut fds = fds();
    if let Some(i) = fds.iter().position(Option::is_none) {
        fds[i] = Some(d);
        return Ok(i as i32);
    }
    if fds.len() >= MAX_FDS {
        return Err(errno::EMFILE);
    }
    fds.push(Some(d));
    Ok(fds.len() as i32 - 1)
}

/// The host path for a CRT path argument.
pub fn host_path(name: &str) -> PathBuf {
    path::windows_to_host(name)
}

/// Opens a host file with `_open`'s flags, returning a new handle.
fn open_host(host: &std::path::Path, oflag: i32, pmode: i32) -> CrtResult<Handle> {
    use std::os::unix::fs::OpenOptionsExt;
    let access = oflag & 3;
    if access == 3 {
        return Err(EINVAL);
    }
    let mut options = std::fs::OpenOptions::new();
    options
        .read(access == O_RDONLY || access == O_RDWR)
        .write(access != O_RDONLY)
        .mode(if pmode & S_IWRITE != 0 { 0o666 } else { 0o444 });
    if oflag & O_CREAT != 0 {
        if oflag & O_EXCL != 0 {
            options.create_new(true);
        } else {
            options.create(true);
        }
    }
    if oflag & O_TRUNC != 0 {
        if access == O_RDONLY {
            // Windows truncates even a read-only open (CREATE_ALWAYS/TRUNCATE_EXISTING need
            // write access on Linux): open for writing too.
            options.write(true);
        }
        options.truncate(true);
    }
    if oflag & O_APPEND != 0 && access != O_RDONLY {
        options.append(true);
    }
    // Windows cannot open a directory as a file.
    if std::fs::metadata(host).is_ok_and(|m| m.is_dir()) {
        return Err(os_error(Win32Error::ACCESS_DENIED));
    }
    let f = options
        .open(host)
        .map_err(|e| os_error(Win32Error::from(e)))?;
    let object = FileObject::owned(std::os::fd::OwnedFd::from(f));
    Ok(HANDLES.insert(Arc::new(object), oflag & O_NOINHERIT == 0))
}

/// `_open`/`_sopen` on a path: a new descriptor, or the errno.
pub fn open(name: &str, oflag: i32, pmode: i32) -> CrtResult<i32> {
    if name.is_empty() {
        return Err(os_error(Win32Error::FILE_NOT_FOUND));
    }
    let host = host_path(name);
    let pmode = pmode & !UMASK.load(std::sync::atomic::Ordering::Acquire);
    let handle = open_host(&host, oflag, pmode)?;
    let text = if oflag & (O_TEXT | O_WTEXT | O_U16TEXT | O_U8TEXT) != 0 {
        true
    } else if oflag & O_BINARY != 0 {
        false
    } else {
        default_text_mode()
    };
    let mut d = Descriptor::new(handle, text);
    d.append = oflag & O_APPEND != 0;
    if oflag & O_TEMPORARY != 0 {
        d.temporary = Some(Arc::new(host));
    }
    allocate(d).inspect_err(|_| {
        let _ = HANDLES.remove(handle);
    })
}

/// The mode argument that follows `oflag` in `_open(path, oflag, ...)`: read only with _O_CREAT.
fn pmode_arg(oflag: i32, mut args: VarArgs) -> i32 {
    if oflag & O_CREAT != 0 {
        args.next_slot() as i32
    } else {
        0
    }
}

fn open_export(name: Option<String>, oflag: i32, pmode: i32) -> i32 {
    let Some(name) = name else {
        super::stdlib::invalid_parameter(EINVAL);
        return -1;
    };
    open(&name, oflag, pmode).unwrap_or_else(|e| fail(e, -1))
}

#[dllexport]
pub fn _open(filename: CStrPtr, oflag: i32, args: VarArgs) -> i32 {
    open_export(filename.string(), oflag, pmode_arg(oflag, args))
}

#[dllexport]
pub fn _wopen(filename: WStrPtr, oflag: i32, args: VarArgs) -> i32 {
    open_export(filename.string(), oflag, pmode_arg(oflag, args))
}

/// Sharing modes (`shflag`) are not enforced: Linux has no share locks.
#[dllexport]
pub fn _sopen(filename: CStrPtr, oflag: i32, shflag: i32, args: VarArgs) -> i32 {
    open_export(filename.string(), oflag, pmode_arg(oflag, args))
}

#[dllexport]
pub fn _wsopen(filename: WStrPtr, oflag: i32, shflag: i32, args: VarArgs) -> i32 {
    open_export(filename.string(), oflag, pmode_arg(oflag, args))
}

fn sopen_s(pfh: GuestPtr<i32>, name: Option<String>, oflag: i32, pmode: i32) -> i32 {
    if pfh.is_null() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    pfh.write(-1);
    let Some(name) = name else {
        return super::stdlib::invalid_parameter(EINVAL);
    };
    match open(&name, oflag, pmode) {
        Ok(fd) => {
            pfh.write(fd);
            0
        }
        Err(e) => fail(e, e),
    }
}

#[dllexport]
pub fn _sopen_s(pfh: GuestPtr<i32>, filename: CStrPtr, oflag: i32, shflag: i32, pmode: i32) -> i32 {
    sopen_s(pfh, filename.string(), oflag, pmode)
}

#[dllexport]
pub fn _wsopen_s(
    pfh: GuestPtr<i32>,
    filename: WStrPtr,
    oflag: i32,
    shflag: i32,
    pmode: i32,
) -> i32 {
    sopen_s(pfh, filename.string(), oflag, pmode)
}

#[dllexport]
pub fn _creat(filename: CStrPtr, pmode: i32) -> i32 {
    open_export(filename.string(), O_CREAT | O_TRUNC | O_RDWR, pmode)
}

#[dllexport]
pub fn _wcreat(filename: WStrPtr, pmode: i32) -> i32 {
    open_export(filename.string(), O_CREAT | O_TRUNC | O_RDWR, pmode)
}

/// Reads raw bytes from `fd` into host memory: 0 at end of file (a broken pipe is an end too).
pub fn read_raw(f: &FileObject, buf: &mut [u8]) -> CrtResult<usize> {
    match f.read(buf.as_mut_ptr() as u64, buf.len()) {
        Ok(n) => Ok(n),
        Err(Win32Error::BROKEN_PIPE) => Ok(0),
        Err(e) => Err(os_error(e)),
    }
}

/// Writes all of `data` to `fd`'s file.
pub fn write_raw(f: &FileObject, data: &[u8]) -> CrtResult<usize> {
    f.write_bytes(data).map_err(os_error)
}

/// `_read`: in text mode `\r\n` becomes `\n` and `^Z` ends the file.
pub fn read(fd: i32, buf: &mut [u8]) -> CrtResult<usize> {
    let (f, d) = file_of(fd)?;
    if buf.is_empty() {
        return Ok(0);
    }
    if !d.text {
        return read_raw(&f, buf);
    }
    if d.ctrl_z {
        return Ok(0);
    }
    let mut raw = vec![0u8; buf.len()];
    let mut got = 0;
    if let Some(b) = d.lookahead {
        raw[0] = b;
        got = 1;
        update(fd, |d| d.lookahead = None);
    }
    got += read_raw(&f, &mut raw[got..])?;
    raw.truncate(got);
    let mut out = 0;
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            0x1A => {
                update(fd, |d| d.ctrl_z = true);
                break;
            }
            b'\r' if i + 1 < raw.len() => {
                if raw[i + 1] == b'\n' {
                    i += 1;
                    buf[out] = b'\n';
                } else {
                    buf[out] = b'\r';
                }
            }
            b'\r' => {
                // A `\r` at the end of what was read: the next byte decides.
                let mut next = [0u8];
                let n = read_raw(&f, &mut next)?;
                if n == 1 && next[0] == b'\n' {
                    buf[out] = b'\n';
                } else {
                    buf[out] = b'\r';
                    if n == 1 {
                        if f.file_type == FileType::Disk {
                            host::lseek(f.fd(), -1, libc::SEEK_CUR).map_err(os_error)?;
                        } else {
                            update(fd, |d| d.lookahead = Some(next[0]));
                        }
                    }
                }
            }
            b => buf[out] = b,
        }
        out += 1;
        i += 1;
    }
    Ok(out)
}

/// `_write`: in text mode each `\n` goes out as `\r\n`; returns the count of `data` written.
pub fn write(fd: i32, data: &[u8]) -> CrtResult<usize> {
    let (f, d) = file_of(fd)?;
    if d.append {
        host::lseek(f.fd(), 0, libc::SEEK_END).map_err(os_error)?;
    }
    if !d.text || !data.contains(&b'\n') {
        return write_raw(&f, data);
    }
    let mut out = Vec::with_capacity(data.len() + data.len() / 8 + 1);
    for &b in data {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    let n = write_raw(&f, &out)?;
    if n == out.len() {
        Ok(data.len())
    } else {
        // A short write (disk full): count the source bytes that made it.
        Ok(out[..n].iter().filter(|&&b| b != b'\r').count())
    }
}

/// `_lseeki64`: clears the `^Z` state.
pub fn seek(fd: i32, offset: i64, origin: i32) -> CrtResult<u64> {
    let (f, _) = file_of(fd)?;
    let whence = match origin {
        0 => libc::SEEK_SET,
        1 => libc::SEEK_CUR,
        2 => libc::SEEK_END,
        _ => return Err(EINVAL),
    };
    let pos = host::lseek(f.fd(), offset, whence).map_err(os_error)?;
    update(fd, |d| {
        d.ctrl_z = false;
        d.lookahead = None;
    });
    Ok(pos)
}

/// `_close`: frees the descriptor and closes its handle.
pub fn close(fd: i32) -> CrtResult<()> {
    let d = {
        let mut fds = fds();
        let slot = fds.get_mut(usize::try_from(fd).map_err(|_| EBADF)?);
        slot.and_then(Option::take).ok_or(EBADF)?
    };
    HANDLES.remove(d.handle).map_err(os_error)?;
    if let Some(path) = d.temporary
        && Arc::strong_count(&path) == 1
    {
        let _ = std::fs::remove_file(&*path);
    }
    Ok(())
}

#[dllexport]
pub fn _read(fd: i32, buffer: GuestPtr<u8>, buffer_size: u32) -> i32 {
    if buffer.is_null() && buffer_size > 0 {
        super::stdlib::invalid_parameter(EINVAL);
        return -1;
    }
    let size = (buffer_size as usize).min(i32::MAX as usize);
    let mut buf = vec![0u8; size];
    match read(fd, &mut buf) {
        Ok(n) => {
            buffer.write_slice(&buf[..n]);
            n as i32
        }
        Err(e) => fail(e, -1),
    }
}

#[dllexport]
pub fn _write(fd: i32, buffer: GuestPtr<u8>, count: u32) -> i32 {
    if buffer.is_null() && count > 0 {
        super::stdlib::invalid_parameter(EINVAL);
        return -1;
    }
    match write(fd, &buffer.read_slice(count as usize)) {
        Ok(n) => n as i32,
        Err(e) => fail(e, -1),
    }
}

#[dllexport]
pub fn _close(fd: i32) -> i32 {
    match close(fd) {
        Ok(()) => 0,
        Err(e) => fail(e, -1),
    }
}

/// `_lseek` returns a 32-bit offset: beyond that it fails with EINVAL.
#[dllexport]
pub fn _lseek(fd: i32, offset: i32, origin: i32) -> i32 {
    match seek(fd, offset as i64, origin) {
        Ok(pos) if pos <= i32::MAX as u64 => pos as i32,
        Ok(_) => fail(EINVAL, -1),
        Err(e) => fail(e, -1),
    }
}

#[dllexport]
pub fn _lseeki64(fd: i32, offset: i64, origin: i32) -> i64 {
    match seek(fd, offset, origin) {
        Ok(pos) => pos as i64,
        Err(e) => fail(e, -1),
    }
}

#[dllexport]
pub fn _tell(fd: i32) -> i32 {
    _lseek(fd, 0, 1)
}

#[dllexport]
pub fn _telli64(fd: i32) -> i64 {
    _lseeki64(fd, 0, 1)
}

/// The file's size: its end, found by seeking there and back.
fn length(fd: i32) -> CrtResult<u64> {
    let (f, _) = file_of(fd)?;
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    let st = host::fstat(f.fd(), &mut st).map_err(os_error)?;
    Ok(st.st_size as u64)
}

#[dllexport]
pub fn _filelength(fd: i32) -> i32 {
    match length(fd) {
        Ok(n) => n.min(i32::MAX as u64) as i32,
        Err(e) => fail(e, -1),
    }
}

#[dllexport]
pub fn _filelengthi64(fd: i32) -> i64 {
    match length(fd) {
        Ok(n) => n as i64,
        Err(e) => fail(e, -1),
    }
}

/// `_eof`: 1 at the end of the file, 0 before it.
#[dllexport]
pub fn _eof(fd: i32) -> i32 {
    let here = match seek(fd, 0, 1) {
        Ok(p) => p,
        Err(e) => return fail(e, -1),
    };
    match length(fd) {
        Ok(len) => (here >= len) as i32,
        Err(e) => fail(e, -1),
    }
}

fn chsize(fd: i32, size: i64) -> i32 {
    if size < 0 {
        return fail(EINVAL, EINVAL);
    }
    match file_of(fd) {
        Ok((f, _)) => match host::ftruncate(f.fd(), size as u64) {
            Ok(()) => 0,
            Err(e) => {
                let e = os_error(e);
                fail(e, e)
            }
        },
        Err(e) => fail(e, e),
    }
}

#[dllexport]
pub fn _chsize(fd: i32, size: i32) -> i32 {
    if chsize(fd, size as i64) == 0 { 0 } else { -1 }
}

#[dllexport]
pub fn _chsize_s(fd: i32, size: i64) -> i32 {
    chsize(fd, size)
}

/// `_dup`: a new descriptor on the same file (shared position, like DuplicateHandle).
#[dllexport]
pub fn _dup(fd: i32) -> i32 {
    let d = match descriptor(fd) {
        Ok(d) => d,
        Err(e) => return fail(e, -1),
    };
    let Ok(object) = HANDLES.get_any(d.handle) else {
        return fail(EBADF, -1);
    };
    let handle = HANDLES.insert(object, true);
    let dup = Descriptor {
        handle,
        lookahead: None,
        ..d
    };
    allocate(dup).unwrap_or_else(|e| {
        let _ = HANDLES.remove(handle);
        fail(e, -1)
    })
}

/// `_dup2(fd1, fd2)`: fd2 becomes a copy of fd1, closing what fd2 was first.
#[dllexport]
pub fn _dup2(fd1: i32, fd2: i32) -> i32 {
    let d = match descriptor(fd1) {
        Ok(d) => d,
        Err(e) => return fail(e, -1),
    };
    if !(0..MAX_FDS as i32).contains(&fd2) {
        return fail(EBADF, -1);
    }
    if fd1 == fd2 {
        return 0;
    }
    let Ok(object) = HANDLES.get_any(d.handle) else {
        return fail(EBADF, -1);
    };
    let _ = close(fd2);
    let handle = HANDLES.insert(object, true);
    let mut fds = fds();
    if fds.len() <= fd2 as usize {
        fds.resize(fd2 as usize + 1, None);
    }
    fds[fd2 as usize] = Some(Descriptor {
        handle,
        lookahead: None,
        ..d
    });
    0
}

#[dllexport]
pub fn _commit(fd: i32) -> i32 {
    match file_of(fd) {
        Ok((f, _)) => match f.file_type {
            FileType::Disk => host::fsync(f.fd()).map_or_else(|e| fail(os_error(e), -1), |_| 0),
            _ => fail(os_error(Win32Error::INVALID_HANDLE), -1),
        },
        Err(e) => fail(e, -1),
    }
}

/// Non-zero for a character device (console, NUL).
#[dllexport]
pub fn _isatty(fd: i32) -> i32 {
    match file_of(fd) {
        Ok((f, _)) if f.file_type == FileType::Char => 0x40,
        Ok(_) => 0,
        Err(e) => fail(e, 0),
    }
}

#[dllexport]
pub fn _get_osfhandle(fd: i32) -> u64 {
    match descriptor(fd) {
        Ok(d) => d.handle.0,
        Err(e) => fail(e, u64::MAX),
    }
}

/// `_open_osfhandle(handle, flags)`: a descriptor that owns `handle` (_O_APPEND, _O_RDONLY,
/// _O_TEXT, _O_BINARY ... as for `_open`).
#[dllexport]
pub fn _open_osfhandle(osfhandle: u64, flags: i32) -> i32 {
    let handle = Handle(osfhandle);
    if file::get(handle).is_err() {
        return fail(os_error(Win32Error::INVALID_HANDLE), -1);
    }
    let text = if flags & O_BINARY != 0 {
        false
    } else {
        flags & O_TEXT != 0 || default_text_mode()
    };
    let mut d = Descriptor::new(handle, text);
    d.append = flags & O_APPEND != 0;
    allocate(d).unwrap_or_else(|e| fail(e, -1))
}

/// `_setmode(fd, mode)`: _O_TEXT, _O_BINARY or the Unicode text modes; returns the previous mode.
#[dllexport]
pub fn _setmode(fd: i32, mode: i32) -> i32 {
    if ![O_TEXT, O_BINARY, O_WTEXT, O_U16TEXT, O_U8TEXT].contains(&mode) {
        return fail(EINVAL, -1);
    }
    let mut fds = fds();
    match usize::try_from(fd).ok().and_then(|i| fds.get_mut(i)) {
        Some(Some(d)) => {
            let old = if d.text { O_TEXT } else { O_BINARY };
            d.text = mode != O_BINARY;
            old
        }
        _ => fail(EBADF, -1),
    }
}

/// `_access(path, mode)`: 0 exists, 2 writable, 4 readable, 6 both. Windows knows only the
/// read-only attribute, so "readable" always holds for an existing file.
fn access(name: Option<String>, mode: i32) -> i32 {
    let Some(name) = name else {
        return EINVAL;
    };
    if mode & !6 != 0 {
        return EINVAL;
    }
    match std::fs::metadata(host_path(&name)) {
        Ok(m) if mode & 2 != 0 && !m.is_dir() && m.permissions().readonly() => {
            os_error(Win32Error::ACCESS_DENIED)
        }
        Ok(_) => 0,
        Err(e) => os_error(Win32Error::from(e)),
    }
}

#[dllexport]
pub fn _access(path: CStrPtr, mode: i32) -> i32 {
    match access(path.string(), mode) {
        0 => 0,
        e => fail(e, -1),
    }
}

#[dllexport]
pub fn _waccess(path: WStrPtr, mode: i32) -> i32 {
    match access(path.string(), mode) {
        0 => 0,
        e => fail(e, -1),
    }
}

#[dllexport]
pub fn _access_s(path: CStrPtr, mode: i32) -> i32 {
    match access(path.string(), mode) {
        0 => 0,
        e => fail(e, e),
    }
}

/// Deletes a file (not a directory: that is EACCES, as DeleteFile's ERROR_ACCESS_DENIED).
pub fn unlink(name: Option<String>) -> i32 {
    let Some(name) = name else {
        return fail(EINVAL, -1);
    };
    let host = host_path(&name);
    if std::fs::symlink_metadata(&host).is_ok_and(|m| m.is_dir()) {
        return fail(os_error(Win32Error::ACCESS_DENIED), -1);
    }
    match std::fs::remove_file(host) {
        Ok(()) => 0,
        Err(e) => fail(os_error(Win32Error::from(e)), -1),
    }
}

#[dllexport]
pub fn _unlink(filename: CStrPtr) -> i32 {
    unlink(filename.string())
}

#[dllexport]
pub fn _wunlink(filename: WStrPtr) -> i32 {
    unlink(filename.string())
}

static UMASK: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// `_umask`: recorded and returned; Windows only honours its _S_IWRITE bit.
#[dllexport]
pub fn _umask(pmode: i32) -> i32 {
    UMASK.swap(pmode & 0x180, std::sync::atomic::Ordering::AcqRel)
}
