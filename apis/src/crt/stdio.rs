//! stdio.h streams over the CRT's low-level file descriptors.
//!
//! A `FILE *` the guest holds is an address: for the standard streams an entry of the `_iob`
//! array (msvcrt's 48-byte FILE layout, also what the UCRT's `__acrt_iob_func` hands out). The
//! stream's state (buffer, mode, flags) lives here, keyed by that address. Like the real
//! runtimes: stderr is unbuffered, a stream on a console writes through at the end of each call,
//! and a stream on a file or pipe is fully buffered until fflush or exit. Text-mode descriptors
//! turn "\n" into "\r\n" on the way out, as Windows programs' output has it.

use super::printf::{Flavor, PrintfArgs, format_narrow};
use crate::abi::{CStrPtr, GuestCell, GuestPtr, Handle, VaList, VarArgs, Win32Error, mem};
use crate::dllexport;
use crate::nt::{file, process};
use std::collections::HashMap;
use std::sync::Mutex;

/// msvcrt's `_iob`: 20 FILE structures of 48 bytes.
pub const FILE_SIZE: u64 = 48;
pub static _iob: GuestCell<[u8; 48 * 20]> = GuestCell::new([0; 48 * 20]);

pub const EOF: i32 = -1;
const BUFSIZ: usize = 4096;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Buffering {
    /// Write through at once (stderr).
    None,
    /// Write through at the end of each call (a console).
    PerCall,
    Full,
}

struct Stream {
    fd: i32,
    buf: Vec<u8>,
    buffering: Buffering,
    error: bool,
}

/// A CRT low-level descriptor: a Win32 handle and its text/binary mode.
#[derive(Clone, Copy, Debug)]
struct Fd {
    handle: Handle,
    text: bool,
}

struct State {
    streams: HashMap<u64, Stream>,
    fds: Vec<Option<Fd>>,
}

static STATE: Mutex<Option<State>> = Mutex::new(None);

fn std_handle(which: process::StdHandle) -> Handle {
    Handle(mem::read::<u64>(process::std_handle_slot(which)).unwrap_or(0))
}

fn with_state<R>(f: impl FnOnce(&mut State) -> R) -> R {
    let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
    let state = guard.get_or_insert_with(|| {
        use process::StdHandle::*;
        let fds = [Input, Output, Error]
            .into_iter()
            .map(|w| {
                Some(Fd {
                    handle: std_handle(w),
                    text: true,
                })
            })
            .collect();
        let mut streams = HashMap::new();
        for fd in 0..3 {
            let console = file::get(std_handle([Input, Output, Error][fd as usize]))
                .map(|f| f.console)
                .unwrap_or(false);
            let buffering = match (fd, console) {
                (2, _) => Buffering::None,
                (_, true) => Buffering::PerCall,
                _ => Buffering::Full,
            };
            streams.insert(
                iob_entry(fd),
                Stream {
                    fd,
                    buf: Vec::new(),
                    buffering,
                    error: false,
                },
            );
            // The FILE's `_file` field (offset 24) holds the descriptor, as fileno() reads it.
            mem::write(iob_entry(fd) + 24, fd);
        }
        State { streams, fds }
    });
    f(state)
}

/// `&_iob[i]`.
pub fn iob_entry(i: i32) -> u64 {
    _iob.addr() + FILE_SIZE * i as u64
}

/// Writes `data` to CRT descriptor `fd`, translating newlines in text mode.
fn write_fd(state: &State, fd: i32, data: &[u8]) -> Result<(), Win32Error> {
    let Some(Some(d)) = state.fds.get(fd as usize) else {
        return Err(Win32Error::INVALID_HANDLE);
    };
    let f = file::get(d.handle)?;
    if d.text && data.contains(&b'\n') {
        let mut out = Vec::with_capacity(data.len() + 16);
        for &b in data {
            if b == b'\n' {
                out.push(b'\r');
            }
            out.push(b);
        }
        f.write_bytes(&out)?;
    } else {
        f.write_bytes(data)?;
    }
    Ok(())
}

fn flush_stream(state: &mut State, file: u64) -> Result<(), Win32Error> {
    let Some(stream) = state.streams.get_mut(&file) else {
        return Err(Win32Error::INVALID_HANDLE);
    };
    if stream.buf.is_empty() {
        return Ok(());
    }
    let data = std::mem::take(&mut stream.buf);
    let fd = stream.fd;
    let r = write_fd(state, fd, &data);
    if r.is_err()
        && let Some(s) = state.streams.get_mut(&file)
    {
        s.error = true;
    }
    r
}

/// Appends `data` to the stream, writing out as its buffering says. Returns false on error.
fn put(file: u64, data: &[u8]) -> bool {
    with_state(|state| {
        let Some(stream) = state.streams.get_mut(&file) else {
            super::errno::set_errno(super::errno::EINVAL);
            return false;
        };
        stream.buf.extend_from_slice(data);
        let flush = match stream.buffering {
            Buffering::None | Buffering::PerCall => true,
            Buffering::Full => stream.buf.len() >= BUFSIZ,
        };
        !flush || flush_stream(state, file).is_ok()
    })
}

/// Flushes every stream (exit, and msvcrt's process detach).
pub fn flush_all() {
    with_state(|state| {
        let files: Vec<u64> = state.streams.keys().copied().collect();
        for f in files {
            let _ = flush_stream(state, f);
        }
    });
}

/// Writes straight to the standard error handle (runtime error messages).
pub fn write_stderr(data: &[u8]) {
    if let Ok(f) = file::get(std_handle(process::StdHandle::Error)) {
        let _ = f.write_bytes(data);
    }
}

/// printf arguments taken from guest varargs.
pub struct GuestArgs(pub VaList);

impl PrintfArgs for GuestArgs {
    fn next_u64(&mut self) -> u64 {
        self.0.next_slot()
    }
    fn read_cstr(&self, addr: u64) -> Vec<u8> {
        mem::read_cstr(addr).unwrap_or_default()
    }
    fn read_wstr(&self, addr: u64) -> Vec<u16> {
        mem::read_wstr(addr).unwrap_or_default()
    }
    fn store_count(&mut self, addr: u64, count: u64, size: usize) -> bool {
        match size {
            1 => mem::write(addr, count as u8),
            2 => mem::write(addr, count as u16),
            4 => mem::write(addr, count as u32),
            _ => mem::write(addr, count),
        }
    }
}

/// Formats with msvcrt's rules; `None` for an invalid format (errno EINVAL).
pub fn format(flavor: Flavor, fmt: CStrPtr, args: VaList) -> Option<Vec<u8>> {
    let Some(fmt) = fmt.bytes() else {
        super::errno::set_errno(super::errno::EINVAL);
        return None;
    };
    let out = format_narrow(flavor, &fmt, &mut GuestArgs(args));
    if out.is_none() {
        super::errno::set_errno(super::errno::EINVAL);
    }
    out
}

/// Writes formatted output to a stream: the count of bytes, or -1.
pub fn print_to(file: u64, flavor: Flavor, fmt: CStrPtr, args: VaList) -> i32 {
    match format(flavor, fmt, args) {
        Some(out) if put(file, &out) => out.len() as i32,
        _ => -1,
    }
}

#[dllexport]
pub fn printf(format: CStrPtr, args: VarArgs) -> i32 {
    print_to(iob_entry(1), Flavor::Msvcrt, format, args)
}

#[dllexport]
pub fn fprintf(stream: GuestPtr<u8>, format: CStrPtr, args: VarArgs) -> i32 {
    print_to(stream.addr(), Flavor::Msvcrt, format, args)
}

#[dllexport]
pub fn vprintf(format: CStrPtr, args: VaList) -> i32 {
    print_to(iob_entry(1), Flavor::Msvcrt, format, args)
}

#[dllexport]
pub fn vfprintf(stream: GuestPtr<u8>, format: CStrPtr, args: VaList) -> i32 {
    print_to(stream.addr(), Flavor::Msvcrt, format, args)
}

/// Copies formatted output into `buf` of `size` bytes the way each sprintf variant does.
/// Returns (result, bytes produced).
fn print_to_buffer(buf: GuestPtr<u8>, size: usize, out: &[u8], terminate_on_overflow: bool) -> i32 {
    if out.len() < size {
        buf.write_slice(out);
        buf.offset(out.len()).write(0);
        return out.len() as i32;
    }
    if size > 0 {
        buf.write_slice(&out[..size]);
        if terminate_on_overflow {
            buf.offset(size - 1).write(0);
        }
    }
    -1
}

#[dllexport]
pub fn sprintf(buffer: GuestPtr<u8>, format: CStrPtr, args: VarArgs) -> i32 {
    match self::format(Flavor::Msvcrt, format, args) {
        Some(out) => print_to_buffer(buffer, usize::MAX, &out, false),
        None => -1,
    }
}

#[dllexport]
pub fn vsprintf(buffer: GuestPtr<u8>, format: CStrPtr, args: VaList) -> i32 {
    match self::format(Flavor::Msvcrt, format, args) {
        Some(out) => print_to_buffer(buffer, usize::MAX, &out, false),
        None => -1,
    }
}

/// `_snprintf`: no terminator when the output fills the buffer exactly or overflows; -1 on
/// overflow.
#[dllexport]
pub fn _snprintf(buffer: GuestPtr<u8>, count: usize, format: CStrPtr, args: VarArgs) -> i32 {
    _vsnprintf(buffer, count, format, args)
}

#[dllexport]
pub fn _vsnprintf(buffer: GuestPtr<u8>, count: usize, format: CStrPtr, args: VaList) -> i32 {
    let Some(out) = self::format(Flavor::Msvcrt, format, args) else {
        return -1;
    };
    if out.len() == count {
        buffer.write_slice(&out);
        return out.len() as i32;
    }
    print_to_buffer(buffer, count, &out, false)
}

/// C99 `snprintf` (msvcrt.dll exports it on Windows 10): always terminates, returns the length
/// the full output would have.
#[dllexport]
pub fn snprintf(buffer: GuestPtr<u8>, count: usize, format: CStrPtr, args: VarArgs) -> i32 {
    vsnprintf(buffer, count, format, args)
}

#[dllexport]
pub fn vsnprintf(buffer: GuestPtr<u8>, count: usize, format: CStrPtr, args: VaList) -> i32 {
    let Some(out) = self::format(Flavor::Msvcrt, format, args) else {
        return -1;
    };
    if count > 0 {
        let n = out.len().min(count - 1);
        buffer.write_slice(&out[..n]);
        buffer.offset(n).write(0);
    }
    out.len() as i32
}

#[dllexport]
pub fn _scprintf(format: CStrPtr, args: VarArgs) -> i32 {
    _vscprintf(format, args)
}

#[dllexport]
pub fn _vscprintf(format: CStrPtr, args: VaList) -> i32 {
    self::format(Flavor::Msvcrt, format, args).map_or(-1, |o| o.len() as i32)
}

#[dllexport]
pub fn fwrite(buffer: GuestPtr<u8>, size: usize, count: usize, stream: GuestPtr<u8>) -> usize {
    let Some(total) = size.checked_mul(count) else {
        return 0;
    };
    if total == 0 {
        return 0;
    }
    if put(stream.addr(), &buffer.read_slice(total)) {
        count
    } else {
        0
    }
}

#[dllexport]
pub fn fputc(c: i32, stream: GuestPtr<u8>) -> i32 {
    if put(stream.addr(), &[c as u8]) {
        c & 0xFF
    } else {
        EOF
    }
}

#[dllexport]
pub fn putc(c: i32, stream: GuestPtr<u8>) -> i32 {
    fputc(c, stream)
}

#[dllexport]
pub fn putchar(c: i32) -> i32 {
    fputc(c, GuestPtr::new(iob_entry(1)))
}

#[dllexport]
pub fn fputs(str: CStrPtr, stream: GuestPtr<u8>) -> i32 {
    let s = str.bytes().unwrap_or_default();
    if put(stream.addr(), &s) { 0 } else { EOF }
}

/// puts appends a newline.
#[dllexport]
pub fn puts(str: CStrPtr) -> i32 {
    let mut s = str.bytes().unwrap_or_default();
    s.push(b'\n');
    if put(iob_entry(1), &s) { 0 } else { EOF }
}

/// fflush(NULL) flushes every stream.
#[dllexport]
pub fn fflush(stream: GuestPtr<u8>) -> i32 {
    if stream.is_null() {
        flush_all();
        return 0;
    }
    match with_state(|state| flush_stream(state, stream.addr())) {
        Ok(()) => 0,
        Err(_) => EOF,
    }
}

#[dllexport]
pub fn __iob_func() -> GuestPtr<u8> {
    with_state(|_| ());
    GuestPtr::new(_iob.addr())
}

#[dllexport]
pub fn _fileno(stream: GuestPtr<u8>) -> i32 {
    with_state(|state| {
        state.streams.get(&stream.addr()).map_or_else(
            || {
                super::errno::set_errno(super::errno::EINVAL);
                -1
            },
            |s| s.fd,
        )
    })
}

/// `_setmode(fd, mode)`: _O_TEXT (0x4000) or _O_BINARY (0x8000); returns the previous mode.
#[dllexport]
pub fn _setmode(fd: i32, mode: i32) -> i32 {
    with_state(|state| match state.fds.get_mut(fd as usize) {
        Some(Some(d)) if mode == 0x4000 || mode == 0x8000 || mode == 0x20000 || mode == 0x40000 => {
            let old = if d.text { 0x4000 } else { 0x8000 };
            d.text = mode != 0x8000;
            old
        }
        Some(Some(_)) => {
            super::errno::set_errno(super::errno::EINVAL);
            -1
        }
        _ => {
            super::errno::set_errno(super::errno::EBADF);
            -1
        }
    })
}
