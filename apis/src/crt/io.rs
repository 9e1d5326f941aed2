//! io.h: the CRT's low-level file descriptors (`_open`, `_read`, `_write` ...). A descriptor is a
//! Win32 handle plus the CRT's own state: text or binary mode, append, `^Z` seen.
//!
//! Files open through the same NT layer as CreateFileW (`nt::file::create`), so names resolve
//! alike (case-insensitive, `--root` confinement), sharing modes hold between CRT descriptors and
//! Win32 handles, and `_O_TEMPORARY` is FILE_FLAG_DELETE_ON_CLOSE.

use super::errno::{self, EBADF, EINVAL};
use crate::abi::handles::HANDLES;
use crate::abi::{CStrPtr, GuestPtr, Handle, VarArgs, WStrPtr, Win32Error, Win32Result, host, mem};
use crate::dllexport;
use crate::nt::file::{self, CreateRequest, FileObject, FileType};
use crate::nt::path::HostPath;
use crate::nt::{fs, path, process};
use std::sync::atomic::{AtomicU32, Ordering};
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

/// The encoding of a text-mode descriptor: the code page (`_O_TEXT`), or a Unicode mode in
/// which wide output keeps its characters (`_O_U16TEXT`/`_O_WTEXT`: UTF-16LE, `_O_U8TEXT`: UTF-8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Ansi,
    Utf16,
    Utf8,
}

impl Encoding {
    fn of(oflag: i32) -> Self {
        if oflag & (O_WTEXT | O_U16TEXT) != 0 {
            Encoding::Utf16
        } else if oflag & O_U8TEXT != 0 {
            Encoding::Utf8
        } else {
            Encoding::Ansi
        }
    }
}

#[derive(Clone, Debug)]
pub struct Descriptor {
    pub handle: Handle,
    pub text: bool,
    pub encoding: Encoding,
    pub append: bool,
    /// A text-mode read met `^Z`: reads return 0 until the next seek.
    ctrl_z: bool,
    /// In text mode, a byte read ahead after a `\r` on a pipe or device (which cannot seek back).
    lookahead: Option<u8>,
}

impl Descriptor {
    fn new(handle: Handle, text: bool) -> Self {
        Descriptor {
            handle,
            text,
            encoding: Encoding::Ansi,
            append: false,
            ctrl_z: false,
            lookahead: None,
        }
    }
}

/// msvcrt's and the UCRT's descriptor limit (`_NHANDLE_`).
const MAX_FDS: usize = 8192;

static FDS: Mutex<Vec<Option<Descriptor>>> = Mutex::new(Vec::new());

fn std_handle(which: process::StdHandle) -> Handle {
    Handle(mem::read::<u64>(process::std_handle_slot(which)).unwrap_or(0))
}

/// Bumped whenever the table may change, so a stream can keep its descriptor's mode between
/// calls and look it up again only after a change (one atomic load per `fputc`).
static GENERATION: AtomicU32 = AtomicU32::new(0);

/// The descriptor table for a change (see `GENERATION`).
fn fds() -> MutexGuard<'static, Vec<Option<Descriptor>>> {
    let fds = fds_unchanged();
    GENERATION.fetch_add(1, Ordering::Relaxed);
    fds
}

/// The descriptor table, with 0-2 on the standard handles (text mode, or `_fmode`'s) on first use.
fn fds_unchanged() -> MutexGuard<'static, Vec<Option<Descriptor>>> {
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
    fds_unchanged()
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

/// Descriptor `fd`'s text mode and encoding (None: not open), as of `generation`.
pub fn mode(fd: i32) -> (u32, Option<(bool, Encoding)>) {
    let table = fds_unchanged();
    let generation = GENERATION.load(Ordering::Relaxed);
    let mode = usize::try_from(fd)
        .ok()
        .and_then(|i| table.get(i)?.as_ref())
        .map(|d| (d.text, d.encoding));
    (generation, mode)
}

/// The table's current generation: a cached `mode` is still right while it is unchanged.
pub fn generation() -> u32 {
    GENERATION.load(Ordering::Relaxed)
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

/// The host file a CRT path argument names, located case-insensitively as NTFS would (a name
/// about to be created keeps its case). Devices (`NUL`, `CON`) are not files here.
pub fn host_file(name: &str) -> CrtResult<HostPath> {
    crate::kernel32::fileapi::host_file(name).map_err(os_error)
}

/// `_sopen`'s sharing argument (`_SH_DENYRW` ...).
pub const SH_DENYRW: i32 = 0x10;
pub const SH_DENYWR: i32 = 0x20;
pub const SH_DENYRD: i32 = 0x30;
pub const SH_DENYNO: i32 = 0x40;
pub const SH_SECURE: i32 = 0x80;

/// What CreateFileW is asked for by `_sopen(name, oflag, shflag, pmode)`, as the CRT decodes it.
fn create_request(oflag: i32, shflag: i32, pmode: i32) -> CrtResult<CreateRequest> {
    use windows_sys::Win32::Storage::FileSystem as fsc;
    const GENERIC_READ: u32 = 0x8000_0000;
    const GENERIC_WRITE: u32 = 0x4000_0000;
    let mut access = match oflag & 3 {
        O_RDONLY => GENERIC_READ,
        // Appending in a Unicode mode reads the BOM first.
        O_WRONLY if oflag & O_APPEND != 0 && oflag & (O_WTEXT | O_U16TEXT | O_U8TEXT) != 0 => {
            GENERIC_READ | GENERIC_WRITE
        }
        O_WRONLY => GENERIC_WRITE,
        O_RDWR => GENERIC_READ | GENERIC_WRITE,
        _ => return Err(EINVAL),
    };
    let mut share = match shflag {
        SH_DENYRW => 0,
        SH_DENYWR => fsc::FILE_SHARE_READ,
        SH_DENYRD => fsc::FILE_SHARE_WRITE,
        SH_DENYNO => fsc::FILE_SHARE_READ | fsc::FILE_SHARE_WRITE,
        SH_SECURE if access == GENERIC_READ => fsc::FILE_SHARE_READ,
        SH_SECURE => 0,
        _ => return Err(EINVAL),
    };
    let disposition = match oflag & (O_CREAT | O_EXCL | O_TRUNC) {
        0 | O_EXCL => fsc::OPEN_EXISTING,
        O_CREAT => fsc::OPEN_ALWAYS,
        x if x == O_CREAT | O_EXCL || x == O_CREAT | O_EXCL | O_TRUNC => fsc::CREATE_NEW,
        x if x == O_CREAT | O_TRUNC => fsc::CREATE_ALWAYS,
        _ => fsc::TRUNCATE_EXISTING,
    };
    let mut flags = fsc::FILE_ATTRIBUTE_NORMAL;
    if oflag & O_CREAT != 0 && pmode & S_IWRITE == 0 {
        flags = fsc::FILE_ATTRIBUTE_READONLY;
    }
    if oflag & O_TEMPORARY != 0 {
        flags |= fsc::FILE_FLAG_DELETE_ON_CLOSE;
        access |= file::DELETE;
        share |= fsc::FILE_SHARE_DELETE;
    }
    if oflag & O_SHORT_LIVED != 0 {
        flags |= fsc::FILE_ATTRIBUTE_TEMPORARY;
    }
    if oflag & O_SEQUENTIAL != 0 {
        flags |= fsc::FILE_FLAG_SEQUENTIAL_SCAN;
    } else if oflag & O_RANDOM != 0 {
        flags |= fsc::FILE_FLAG_RANDOM_ACCESS;
    }
    Ok(CreateRequest {
        access: file::map_generic(access),
        share,
        disposition,
        flags,
    })
}

/// stat(2) of what a CRT path names, following a final symlink; `NUL` and the console names
/// are the host's devices.
pub fn metadata(name: &str) -> CrtResult<std::fs::Metadata> {
    let result = match path::resolve(name).map_err(os_error)? {
        path::Target::File(p) => {
            let p = path::locate(&p);
            fs::metadata(&p).map_err(|e| path::not_found_error(&p, e))
        }
        path::Target::Device(path::Device::Nul) => {
            std::fs::metadata("/dev/null").map_err(Win32Error::from)
        }
        path::Target::Device(path::Device::Absent) => Err(Win32Error::FILE_NOT_FOUND),
        path::Target::Device(_) => std::fs::metadata("/dev/tty").map_err(Win32Error::from),
    };
    result.map_err(os_error)
}

/// Opens `name` as CreateFileW would for `_sopen`'s arguments, returning a new handle.
fn open_handle(name: &str, oflag: i32, shflag: i32, pmode: i32) -> CrtResult<Handle> {
    use windows_sys::Win32::Storage::FileSystem as fsc;
    let mut req = create_request(oflag, shflag, pmode)?;
    // CreateFile refuses TRUNCATE_EXISTING without write access; `_open(_O_RDONLY | _O_TRUNC)`
    // still empties the file on Windows.
    let truncate_after =
        req.disposition == fsc::TRUNCATE_EXISTING && req.access & fsc::FILE_WRITE_DATA == 0;
    if truncate_after {
        req.disposition = fsc::OPEN_EXISTING;
    }
    let (object, _) = file::create(name, &req).map_err(os_error)?;
    if truncate_after && let Some(p) = object.host_path() {
        drop(
            fs::open(&p, libc::O_WRONLY | libc::O_TRUNC | libc::O_CLOEXEC, 0)
                .map_err(|e| os_error(e.into()))?,
        );
    }
    Ok(HANDLES.insert(Arc::new(object), oflag & O_NOINHERIT == 0))
}

/// `_sopen` on a path: a new descriptor, or the errno.
pub fn sopen(name: &str, oflag: i32, shflag: i32, pmode: i32) -> CrtResult<i32> {
    if name.is_empty() {
        return Err(os_error(Win32Error::FILE_NOT_FOUND));
    }
    let pmode = pmode & !UMASK.load(std::sync::atomic::Ordering::Acquire);
    let handle = open_handle(name, oflag, shflag, pmode)?;
    let text = if oflag & (O_TEXT | O_WTEXT | O_U16TEXT | O_U8TEXT) != 0 {
        true
    } else if oflag & O_BINARY != 0 {
        false
    } else {
        default_text_mode()
    };
    let mut d = Descriptor::new(handle, text);
    d.append = oflag & O_APPEND != 0;
    d.encoding = Encoding::of(oflag);
    if text && d.encoding != Encoding::Ansi {
        d.encoding = byte_order_mark(handle, oflag, d.encoding)
            .inspect_err(|_| drop(HANDLES.remove(handle)))?;
    }
    allocate(d).inspect_err(|_| {
        let _ = HANDLES.remove(handle);
    })
}

/// A Unicode-mode open's byte order mark: an empty file opened for writing gets one; an existing
/// one is read and skipped (appends stay at the end), and with `_O_WTEXT` it decides the
/// encoding (none: the code page). Returns the encoding.
fn byte_order_mark(handle: Handle, oflag: i32, encoding: Encoding) -> CrtResult<Encoding> {
    const UTF16_BOM: &[u8] = &[0xFF, 0xFE];
    const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
    let f = file::get(handle).map_err(os_error)?;
    if f.file_type != FileType::Disk {
        return Ok(encoding);
    }
    let size = host::lseek(f.fd(), 0, libc::SEEK_END).map_err(os_error)?;
    host::lseek(f.fd(), 0, libc::SEEK_SET).map_err(os_error)?;
    let access = oflag & 3;
    if size == 0 {
        if access != O_RDONLY {
            let bom = if encoding == Encoding::Utf16 {
                UTF16_BOM
            } else {
                UTF8_BOM
            };
            write_raw(&f, bom)?;
        }
        return Ok(encoding);
    }
    if access == O_WRONLY {
        host::lseek(f.fd(), 0, libc::SEEK_END).map_err(os_error)?;
        return Ok(encoding);
    }
    let mut head = [0u8; 3];
    let n = read_raw(&f, &mut head)?;
    let (found, skip) = if head[..n].starts_with(UTF8_BOM) {
        (Some(Encoding::Utf8), 3)
    } else if head[..n].starts_with(UTF16_BOM) {
        (Some(Encoding::Utf16), 2)
    } else {
        (None, 0)
    };
    let end = if oflag & O_APPEND != 0 { size } else { skip };
    host::lseek(f.fd(), end as i64, libc::SEEK_SET).map_err(os_error)?;
    Ok(match found {
        Some(e) if oflag & O_WTEXT != 0 => e,
        None if oflag & O_WTEXT != 0 => Encoding::Ansi,
        _ => encoding,
    })
}

/// `_open` on a path (sharing everything but delete, as `_open` does).
pub fn open(name: &str, oflag: i32, pmode: i32) -> CrtResult<i32> {
    sopen(name, oflag, SH_DENYNO, pmode)
}

/// The mode argument that follows `oflag` in `_open(path, oflag, ...)`: read only with _O_CREAT.
fn pmode_arg(oflag: i32, mut args: VarArgs) -> i32 {
    if oflag & O_CREAT != 0 {
        args.next_slot() as i32
    } else {
        0
    }
}

fn open_export(name: Option<String>, oflag: i32, shflag: i32, pmode: i32) -> i32 {
    let Some(name) = name else {
        super::stdlib::invalid_parameter(EINVAL);
        return -1;
    };
    sopen(&name, oflag, shflag, pmode).unwrap_or_else(|e| fail(e, -1))
}

#[dllexport]
pub fn _open(filename: CStrPtr, oflag: i32, args: VarArgs) -> i32 {
    open_export(filename.string(), oflag, SH_DENYNO, pmode_arg(oflag, args))
}

#[dllexport]
pub fn _wopen(filename: WStrPtr, oflag: i32, args: VarArgs) -> i32 {
    open_export(filename.string(), oflag, SH_DENYNO, pmode_arg(oflag, args))
}

#[dllexport]
pub fn _sopen(filename: CStrPtr, oflag: i32, shflag: i32, args: VarArgs) -> i32 {
    open_export(filename.string(), oflag, shflag, pmode_arg(oflag, args))
}

#[dllexport]
pub fn _wsopen(filename: WStrPtr, oflag: i32, shflag: i32, args: VarArgs) -> i32 {
    open_export(filename.string(), oflag, shflag, pmode_arg(oflag, args))
}

fn sopen_s(pfh: GuestPtr<i32>, name: Option<String>, oflag: i32, shflag: i32, pmode: i32) -> i32 {
    if pfh.is_null() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    pfh.write(-1);
    let Some(name) = name else {
        return super::stdlib::invalid_parameter(EINVAL);
    };
    match sopen(&name, oflag, shflag, pmode) {
        Ok(fd) => {
            pfh.write(fd);
            0
        }
        Err(e) => fail(e, e),
    }
}

#[dllexport]
pub fn _sopen_s(pfh: GuestPtr<i32>, filename: CStrPtr, oflag: i32, shflag: i32, pmode: i32) -> i32 {
    sopen_s(pfh, filename.string(), oflag, shflag, pmode)
}

#[dllexport]
pub fn _wsopen_s(
    pfh: GuestPtr<i32>,
    filename: WStrPtr,
    oflag: i32,
    shflag: i32,
    pmode: i32,
) -> i32 {
    sopen_s(pfh, filename.string(), oflag, shflag, pmode)
}

#[dllexport]
pub fn _creat(filename: CStrPtr, pmode: i32) -> i32 {
    open_export(
        filename.string(),
        O_CREAT | O_TRUNC | O_RDWR,
        SH_DENYNO,
        pmode,
    )
}

#[dllexport]
pub fn _wcreat(filename: WStrPtr, pmode: i32) -> i32 {
    open_export(
        filename.string(),
        O_CREAT | O_TRUNC | O_RDWR,
        SH_DENYNO,
        pmode,
    )
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

/// `_write` in `_O_U16TEXT` mode: `data` holds UTF-16 characters (an even count of bytes);
/// each `\n` goes out as `\r\n`, on the console as the characters themselves.
fn write_utf16(f: &FileObject, data: &[u8]) -> CrtResult<usize> {
    if !data.len().is_multiple_of(2) {
        return Err(EINVAL);
    }
    let units = data
        .chunks_exact(2)
        .map(|u| u16::from_le_bytes([u[0], u[1]]));
    let out: Vec<u8> = if f.console {
        String::from_utf16_lossy(&units.collect::<Vec<_>>())
            .replace('\n', "\r\n")
            .into_bytes()
    } else {
        units
            .flat_map(|u| {
                let cr = (u == u16::from(b'\n')).then_some([b'\r', 0]);
                cr.into_iter().flatten().chain(u.to_le_bytes())
            })
            .collect()
    };
    write_raw(f, &out)?;
    Ok(data.len())
}

/// `_write`: in text mode each `\n` goes out as `\r\n`; returns the count of `data` written.
pub fn write(fd: i32, data: &[u8]) -> CrtResult<usize> {
    let (f, d) = file_of(fd)?;
    if d.append {
        host::lseek(f.fd(), 0, libc::SEEK_END).map_err(os_error)?;
    }
    if d.text && d.encoding == Encoding::Utf16 {
        return write_utf16(&f, data);
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
    // A console program's descriptors 0-2 are its standard handles: the runtimes make the new
    // handle the process's, so child processes started with them inherit the redirection.
    if (0..=2).contains(&fd2) {
        let std_handle = (-10 - fd2) as u32; // STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE
        let _ = crate::kernel32::processenv::SetStdHandle(std_handle, handle);
    }
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
            let old = match (d.text, d.encoding) {
                (false, _) => O_BINARY,
                (true, Encoding::Ansi) => O_TEXT,
                (true, Encoding::Utf8) => O_U8TEXT,
                // _O_WTEXT and _O_U16TEXT are one mode; it reports itself as _O_WTEXT.
                (true, Encoding::Utf16) => O_WTEXT,
            };
            d.text = mode != O_BINARY;
            d.encoding = Encoding::of(mode);
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
    match metadata(&name) {
        Ok(m) if mode & 2 != 0 && !m.is_dir() && m.permissions().readonly() => {
            os_error(Win32Error::ACCESS_DENIED)
        }
        Ok(_) => 0,
        Err(e) => e,
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
    match crate::kernel32::fileapi::delete_file(&name) {
        Ok(()) => 0,
        Err(e) => fail(os_error(e), -1),
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

/// `_umask_s(mode, &old)`: like `_umask`, but a mode with bits other than `_S_IREAD` and
/// `_S_IWRITE`, or no place for the old mode, is an invalid parameter.
#[dllexport]
pub fn _umask_s(mode: i32, pOldMode: GuestPtr<i32>) -> i32 {
    if pOldMode.is_null() || mode & !0x180 != 0 {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    pOldMode.write(_umask(mode));
    0
}

/// `_locking(fd, mode, nbytes)`: locks or unlocks `nbytes` from the current position, as
/// LockFile does (every lock is exclusive). `_LK_LOCK`/`_LK_RLCK` try ten times a second apart
/// and then fail with EDEADLOCK; `_LK_NBLCK` (2) and `_LK_NBRLCK` try once (EACCES).
#[dllexport]
pub fn _locking(fd: i32, mode: i32, nbytes: i32) -> i32 {
    const LK_UNLCK: i32 = 0;
    const LK_LOCK: i32 = 1;
    const LK_RLCK: i32 = 3;
    const LK_NBRLCK: i32 = 4;
    if nbytes < 0 || !(LK_UNLCK..=LK_NBRLCK).contains(&mode) {
        return fail(super::stdlib::invalid_parameter(EINVAL), -1);
    }
    let (f, _) = match file_of(fd) {
        Ok(x) => x,
        Err(e) => return fail(e, -1),
    };
    let start = match host::lseek(f.fd(), 0, libc::SEEK_CUR) {
        Ok(p) => p,
        Err(e) => return fail(os_error(e), -1),
    };
    let len = nbytes as u64;
    if mode == LK_UNLCK {
        return match f.unlock(start, len) {
            Ok(()) => 0,
            Err(e) => fail(os_error(e), -1),
        };
    }
    let tries = if mode == LK_LOCK || mode == LK_RLCK {
        10
    } else {
        1
    };
    for attempt in 0..tries {
        match f.lock(start, len, true, false) {
            Ok(()) => return 0,
            Err(_) if attempt + 1 < tries => std::thread::sleep(std::time::Duration::from_secs(1)),
            Err(e) if tries == 1 => return fail(os_error(e), -1),
            Err(_) => {}
        }
    }
    fail(errno::EDEADLOCK, -1)
}

/// `_chmod`: only `_S_IWRITE` means something on Windows: without it the file becomes read-only.
fn chmod(name: Option<String>, mode: i32) -> i32 {
    let Some(name) = name else {
        return super::stdlib::invalid_parameter(EINVAL);
    };
    let set = || -> Win32Result<()> {
        let p = crate::kernel32::fileapi::host_file(&name)?;
        crate::kernel32::fileapi::existing(&p)?;
        Ok(fs::set_readonly(&p, mode & S_IWRITE == 0)?)
    };
    match set() {
        Ok(()) => 0,
        Err(e) => fail(os_error(e), -1),
    }
}

#[dllexport]
pub fn _chmod(filename: CStrPtr, pmode: i32) -> i32 {
    chmod(filename.string(), pmode)
}

#[dllexport]
pub fn _wchmod(filename: WStrPtr, pmode: i32) -> i32 {
    chmod(filename.string(), pmode)
}

/// One directory entry as `_findfirst` reports it.
struct Found {
    name: String,
    attrib: u32,
    size: u64,
    atime: i64,
    mtime: i64,
    ctime: i64,
}

/// The open `_findfirst` searches: the entries still to hand out, by handle number.
static SEARCHES: Mutex<Vec<Option<std::vec::IntoIter<Found>>>> = Mutex::new(Vec::new());

/// Whether `name` matches the wildcard `pattern` (`*`, `?`), ignoring ASCII case as NTFS does.
fn wildcard_match(pattern: &[u8], name: &[u8]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some((b'*', rest)) => (0..=name.len()).any(|i| wildcard_match(rest, &name[i..])),
        Some((b'?', rest)) => !name.is_empty() && wildcard_match(rest, &name[1..]),
        Some((&c, rest)) => {
            name.first().is_some_and(|n| n.eq_ignore_ascii_case(&c))
                && wildcard_match(rest, &name[1..])
        }
    }
}

fn found(name: String, m: &std::fs::Metadata) -> Found {
    use std::os::unix::fs::MetadataExt;
    let mut attrib = if m.is_dir() { 0x10 } else { 0x20 }; // _A_SUBDIR, _A_ARCH
    if m.permissions().readonly() && !m.is_dir() {
        attrib |= 0x1; // _A_RDONLY
    }
    Found {
        name,
        attrib,
        size: if m.is_dir() { 0 } else { m.len() },
        atime: m.atime(),
        mtime: m.mtime(),
        ctime: m.ctime(),
    }
}

/// The entries of the directory in `spec` whose names match its last component, with "." and
/// ".." first as Windows lists them (except at a drive's root).
fn search(spec: &str) -> CrtResult<Vec<Found>> {
    let split = spec.rfind(['\\', '/']).map_or(0, |i| i + 1);
    let (dir, pattern) = spec.split_at(split);
    let dir_host = host_file(if dir.is_empty() { "." } else { dir })?;
    let entries = fs::read_dir_names(&dir_host).map_err(|e| os_error(e.into()))?;
    let mut list = Vec::new();
    // A drive's root has no "." and "..".
    if !dir_host.rel.as_os_str().is_empty() {
        let parent = dir_host.parent().unwrap_or_else(|| dir_host.clone());
        for (special, p) in [(".", &dir_host), ("..", &parent)] {
            if wildcard_match(pattern.as_bytes(), special.as_bytes())
                && let Ok(m) = fs::metadata(p)
            {
                list.push(found(special.to_string(), &m));
            }
        }
    }
    let mut names: Vec<Found> = entries
        .into_iter()
        .filter_map(|name| {
            let name = name.to_string_lossy().into_owned();
            if !wildcard_match(pattern.as_bytes(), name.as_bytes()) {
                return None;
            }
            let entry = HostPath {
                drive: dir_host.drive,
                rel: dir_host.rel.join(&name),
            };
            let m = fs::metadata(&entry)
                .or_else(|_| fs::symlink_metadata(&entry))
                .ok()?;
            Some(found(name, &m))
        })
        .collect();
    names.sort_by(|a, b| a.name.cmp(&b.name));
    list.extend(names);
    if list.is_empty() {
        return Err(os_error(Win32Error::FILE_NOT_FOUND));
    }
    Ok(list)
}

/// Writes one entry in a `_finddata*_t` layout: attrib, then times of `time_size` bytes, the
/// size (`size_size` bytes), then the name (narrow or wide, 260 units).
fn write_found(p: u64, f: &Found, time_size: u64, size_size: u64, wide: bool) {
    let mut at = 0;
    mem::write(p, f.attrib);
    at += if time_size == 8 { 8 } else { 4 };
    for t in [f.ctime, f.atime, f.mtime] {
        if time_size == 8 {
            mem::write(p + at, t);
        } else {
            mem::write(p + at, t as i32);
        }
        at += time_size;
    }
    if size_size == 8 {
        mem::write(p + at, f.size);
    } else {
        mem::write(p + at, f.size.min(u32::MAX as u64) as u32);
    }
    at += size_size;
    if wide {
        let mut units: Vec<u16> = f.name.encode_utf16().take(259).collect();
        units.push(0);
        mem::write_slice(p + at, &units);
    } else {
        let mut bytes: Vec<u8> = f.name.as_bytes().iter().copied().take(259).collect();
        bytes.push(0);
        mem::write_slice(p + at, &bytes);
    }
}

fn find_first(spec: Option<String>, data: u64, time_size: u64, size_size: u64, wide: bool) -> i64 {
    let (Some(spec), true) = (spec, data != 0) else {
        super::stdlib::invalid_parameter(EINVAL);
        return -1;
    };
    let list = match search(&spec) {
        Ok(l) => l,
        Err(e) => return fail(e, -1),
    };
    let mut entries = list.into_iter();
    if let Some(first) = entries.next() {
        write_found(data, &first, time_size, size_size, wide);
    }
    let mut searches = SEARCHES.lock().unwrap_or_else(|e| e.into_inner());
    let slot = searches
        .iter()
        .position(Option::is_none)
        .unwrap_or_else(|| {
            searches.push(None);
            searches.len() - 1
        });
    searches[slot] = Some(entries);
    // Handles are small positive numbers, never -1.
    slot as i64 + 1
}

fn find_next(handle: i64, data: u64, time_size: u64, size_size: u64, wide: bool) -> i32 {
    let mut searches = SEARCHES.lock().unwrap_or_else(|e| e.into_inner());
    let Some(Some(entries)) = usize::try_from(handle - 1)
        .ok()
        .and_then(|i| searches.get_mut(i))
    else {
        drop(searches);
        super::stdlib::invalid_parameter(EINVAL);
        return -1;
    };
    match entries.next() {
        Some(f) => {
            write_found(data, &f, time_size, size_size, wide);
            0
        }
        None => {
            errno::set_doserrno(Win32Error::NO_MORE_FILES.0);
            fail(errno::ENOENT, -1)
        }
    }
}

#[dllexport]
pub fn _findclose(handle: i64) -> i32 {
    let mut searches = SEARCHES.lock().unwrap_or_else(|e| e.into_inner());
    match usize::try_from(handle - 1)
        .ok()
        .and_then(|i| searches.get_mut(i))
    {
        Some(slot @ Some(_)) => {
            *slot = None;
            0
        }
        _ => fail(EINVAL, -1),
    }
}

macro_rules! find_exports {
    ($($first:ident, $next:ident, $str:ty, $time:expr, $size:expr, $wide:expr;)*) => {$(
        #[dllexport]
        pub fn $first(filespec: $str, fileinfo: GuestPtr<u8>) -> i64 {
            find_first(filespec.string(), fileinfo.addr(), $time, $size, $wide)
        }

        #[dllexport]
        pub fn $next(handle: i64, fileinfo: GuestPtr<u8>) -> i32 {
            find_next(handle, fileinfo.addr(), $time, $size, $wide)
        }
    )*};
}

find_exports! {
    _findfirst64, _findnext64, CStrPtr, 8, 8, false;
    _findfirst64i32, _findnext64i32, CStrPtr, 8, 4, false;
    _findfirst, _findnext, CStrPtr, 8, 4, false;
    _findfirsti64, _findnexti64, CStrPtr, 8, 8, false;
    _findfirst32, _findnext32, CStrPtr, 4, 4, false;
    _wfindfirst64, _wfindnext64, WStrPtr, 8, 8, true;
    _wfindfirst64i32, _wfindnext64i32, WStrPtr, 8, 4, true;
    _wfindfirst, _wfindnext, WStrPtr, 8, 4, true;
    _findfirst32i64, _findnext32i64, CStrPtr, 4, 8, false;
    _wfindfirst32, _wfindnext32, WStrPtr, 4, 4, true;
    _wfindfirst32i64, _wfindnext32i64, WStrPtr, 4, 8, true;
    _wfindfirsti64, _wfindnexti64, WStrPtr, 8, 8, true;
}
