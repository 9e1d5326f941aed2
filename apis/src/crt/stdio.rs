//! stdio.h streams over the CRT's low-level descriptors (`io.rs`).
//!
//! A `FILE *` is the address of a 48-byte FILE in one guest array whose first 20 entries are
//! msvcrt's `_iob` (the UCRT's `__acrt_iob_func` hands out the same entries): the stream's index
//! is its offset in that array, so no lookup is needed. The guest FILE keeps msvcrt's layout with
//! `_cnt` always 0 (old inline `getc`/`putc` macros then call `_filbuf`/`_flsbuf`), `_file` set
//! and the `_IOEOF`/`_IOERR` bits of `_flag` mirrored for old `feof`/`ferror` macros; the real
//! state lives here, one lock per stream as the CRT locks each FILE.
//!
//! Read buffers hold the file's raw bytes and text mode translates as bytes are taken (`\r\n`
//! becomes `\n`, `^Z` ends the file), so `ftell` is the descriptor's position less what is left
//! in the buffer. Write buffers hold bytes already translated (`\n` → `\r\n`). Like the real
//! runtimes: stderr is unbuffered, a stream on a console writes through at the end of each call,
//! and a stream on a file or pipe is fully buffered until it fills, `fflush`, `fclose` or exit.

use super::errno::{EBADF, EINVAL};
use super::io::{self, CrtResult, fail};
use super::mtdll::RecursiveLock;
use crate::abi::{CStrPtr, GuestCell, GuestPtr, WStrPtr, mem};
use crate::dllexport;
use crate::nt::file::{self, FileType};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};

/// msvcrt's FILE: `_ptr`, `_cnt`, `_base`, `_flag`, `_file`, `_charbuf`, `_bufsiz`, `_tmpfname`.
pub const FILE_SIZE: u64 = 48;
const PTR_OFFSET: u64 = 0;
const CNT_OFFSET: u64 = 8;
const BASE_OFFSET: u64 = 16;
const FLAG_OFFSET: u64 = 24;
const FILE_OFFSET: u64 = 28;
const IOREAD: i32 = 0x1;
const IOWRT: i32 = 0x2;
const IOEOF: i32 = 0x10;
const IOERR: i32 = 0x20;
const IORW: i32 = 0x80;

/// The CRT's default limit of open streams (`_getmaxstdio`).
const MAX_STREAMS: usize = 512;
/// `_iob` proper is the first 20 FILEs; the rest of the array serves fopen.
pub static _iob: GuestCell<[u8; FILE_SIZE as usize * MAX_STREAMS]> =
    GuestCell::new([0; FILE_SIZE as usize * MAX_STREAMS]);

pub const EOF: i32 = -1;
const BUFSIZ: usize = 4096;
const CTRL_Z: u8 = 0x1A;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Buffering {
    /// Write through at once (stderr, `_IONBF`).
    None,
    /// Write through at the end of each call (a console).
    PerCall,
    Full,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Direction {
    Idle,
    Reading,
    Writing,
}

struct Stream {
    fd: i32,
    can_read: bool,
    can_write: bool,
    buffering: Buffering,
    bufsize: usize,
    direction: Direction,
    /// Reading: raw bytes from the file, consumed up to `pos`. Writing: bytes to write.
    buf: Vec<u8>,
    pos: usize,
    /// `ungetc`'s characters, the next one last.
    pushback: Vec<u8>,
    eof: bool,
    error: bool,
    /// A text-mode read reached `^Z`: the stream reads as ended until it is repositioned.
    ctrl_z: bool,
    /// The descriptor's mode as of a descriptor-table generation (`io::mode`).
    mode: (u32, Option<(bool, io::Encoding)>),
}

impl Stream {
    fn new(fd: i32, can_read: bool, can_write: bool) -> Self {
        let buffering = match io::file_of(fd) {
            Ok((_, _)) if fd == 2 => Buffering::None,
            Ok((f, _)) if f.console => Buffering::PerCall,
            _ => Buffering::Full,
        };
        Stream {
            fd,
            can_read,
            can_write,
            buffering,
            bufsize: BUFSIZ,
            direction: Direction::Idle,
            buf: Vec::new(),
            pos: 0,
            pushback: Vec::new(),
            eof: false,
            error: false,
            ctrl_z: false,
            mode: io::mode(fd),
        }
    }

    /// The descriptor's text mode and encoding, looked up again only after the table changed.
    fn mode(&mut self) -> Option<(bool, io::Encoding)> {
        if self.mode.0 != io::generation() {
            self.mode = io::mode(self.fd);
        }
        self.mode.1
    }

    fn text(&mut self) -> bool {
        self.mode().is_some_and(|(text, _)| text)
    }

    /// Writes the pending output.
    fn flush(&mut self) -> CrtResult<()> {
        if self.direction != Direction::Writing || self.buf.is_empty() {
            return Ok(());
        }
        // The buffer's memory stays for the next output.
        let mut data = std::mem::take(&mut self.buf);
        let result = self.write_through(&data);
        data.clear();
        self.buf = data;
        result
    }

    /// Writes `data` to the descriptor unbuffered: at the end of the file in append mode,
    /// whatever the position reads left.
    fn write_through(&mut self, data: &[u8]) -> CrtResult<()> {
        self.write_through_from(data.as_ptr() as u64, data.len())
    }

    /// [`Stream::write_through`] of `len` bytes at `addr`, host or guest memory.
    fn write_through_from(&mut self, addr: u64, len: usize) -> CrtResult<()> {
        let result = io::file_of(self.fd).and_then(|(f, d)| {
            if d.append {
                crate::abi::host::lseek(f.fd(), 0, libc::SEEK_END).map_err(io::os_error)?;
            }
            let n = f.write(addr, len).map_err(io::os_error)?;
            if n < len {
                return Err(super::errno::ENOSPC);
            }
            Ok(())
        });
        if result.is_err() {
            self.error = true;
        }
        result
    }

    /// Gives back unread buffered input: moves the descriptor back to the logical position.
    fn drop_input(&mut self) -> CrtResult<()> {
        if self.direction == Direction::Reading {
            let unread = (self.buf.len() - self.pos) as i64;
            if unread > 0 {
                let (f, _) = io::file_of(self.fd)?;
                if f.file_type == FileType::Disk {
                    io::seek(self.fd, -unread, 1)?;
                }
            }
            self.buf.clear();
            self.pos = 0;
            self.pushback.clear();
        }
        Ok(())
    }

    /// Prepares for output (after reading, the descriptor goes back to the logical position).
    fn start_writing(&mut self) -> CrtResult<()> {
        if !self.can_write {
            self.error = true;
            return Err(EBADF);
        }
        if self.direction == Direction::Reading {
            self.drop_input()?;
        }
        self.direction = Direction::Writing;
        Ok(())
    }

    /// Wide output: in a Unicode mode, UTF-16LE (or UTF-8) with `\n` as `\r\n` on a file or pipe
    /// and the characters themselves on the console (WriteConsoleW's work); otherwise the text in
    /// the process code page (UTF-8).
    fn write_wide(&mut self, units: &[u16]) -> CrtResult<()> {
        let (f, d) = io::file_of(self.fd)?;
        if !d.text || d.encoding != io::Encoding::Utf16 || f.console {
            return self.write(String::from_utf16_lossy(units).as_bytes());
        }
        let mut bytes = Vec::with_capacity(units.len() * 2 + 8);
        for &u in units {
            if u == u16::from(b'\n') {
                bytes.extend_from_slice(&[b'\r', 0]);
            }
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        self.write_translated(&bytes, false)
    }

    fn write(&mut self, data: &[u8]) -> CrtResult<()> {
        let text = self.text();
        self.write_translated(data, text)
    }

    /// fwrite of `len` guest bytes at `addr`: a large binary write with nothing buffered goes
    /// from the guest's memory to the file without a copy, as `write_translated` would send it.
    fn write_guest(&mut self, addr: u64, len: usize) -> CrtResult<()> {
        if !self.text() && len >= self.bufsize {
            self.start_writing()?;
            if self.buf.is_empty() {
                return self.write_through_from(addr, len);
            }
        }
        self.write(&mem::read_slice(addr, len))
    }

    /// Appends `data`, with `\n` as `\r\n` when `translate`.
    fn write_translated(&mut self, data: &[u8], translate: bool) -> CrtResult<()> {
        self.start_writing()?;
        if translate {
            let mut rest = data;
            while let Some(k) = rest.iter().position(|&b| b == b'\n') {
                self.buf.extend_from_slice(&rest[..k]);
                self.buf.extend_from_slice(b"\r\n");
                rest = &rest[k + 1..];
            }
            self.buf.extend_from_slice(rest);
        } else if self.buf.is_empty() && data.len() >= self.bufsize {
            // A large binary write goes straight to the file.
            return self.write_through(data);
        } else {
            self.buf.extend_from_slice(data);
        }
        match self.buffering {
            Buffering::None => self.flush(),
            Buffering::Full if self.buf.len() >= self.bufsize => self.flush(),
            _ => Ok(()),
        }
    }

    /// Prepares for input (after writing, the output goes out first).
    fn start_reading(&mut self) -> CrtResult<()> {
        if !self.can_read {
            self.error = true;
            return Err(EBADF);
        }
        if self.direction == Direction::Writing {
            self.flush()?;
        }
        if self.direction != Direction::Reading {
            // Output to the console goes out before a program waits for input there.
            if self.fd == 0 {
                flush_console_output();
            }
            self.direction = Direction::Reading;
            self.buf.clear();
            self.pos = 0;
        }
        Ok(())
    }

    /// Refills the read buffer; false at the end of the file.
    fn fill(&mut self) -> CrtResult<bool> {
        let (f, _) = io::file_of(self.fd)?;
        self.buf.resize(self.bufsize.max(1), 0);
        self.pos = 0;
        let n = match io::read_raw(&f, &mut self.buf) {
            Ok(n) => n,
            Err(e) => {
                self.buf.clear();
                self.error = true;
                return Err(e);
            }
        };
        self.buf.truncate(n);
        Ok(n > 0)
    }

    /// The next raw byte, refilling as needed.
    fn next_raw(&mut self) -> CrtResult<Option<u8>> {
        if self.pos == self.buf.len() && !self.fill()? {
            return Ok(None);
        }
        self.pos += 1;
        Ok(Some(self.buf[self.pos - 1]))
    }

    /// The next character as the program sees it.
    fn getc(&mut self) -> Option<u8> {
        if let Some(c) = self.pushback.pop() {
            return Some(c);
        }
        if self.start_reading().is_err() || self.ctrl_z {
            self.eof |= self.ctrl_z;
            return None;
        }
        let text = self.text();
        let c = match self.next_raw() {
            Ok(Some(c)) => c,
            Ok(None) => {
                self.eof = true;
                return None;
            }
            Err(_) => return None,
        };
        if !text {
            return Some(c);
        }
        match c {
            CTRL_Z => {
                self.pos -= 1;
                self.ctrl_z = true;
                self.eof = true;
                None
            }
            b'\r' => match self.next_raw() {
                Ok(Some(b'\n')) => Some(b'\n'),
                Ok(Some(_)) => {
                    self.pos -= 1;
                    Some(b'\r')
                }
                _ => Some(b'\r'),
            },
            c => Some(c),
        }
    }

    /// Reads up to `count` bytes to guest memory at `dst`; returns the count read.
    fn read_to(&mut self, dst: u64, count: usize) -> usize {
        let mut done = 0;
        while done < count
            && let Some(c) = self.pushback.pop()
        {
            mem::write(dst + done as u64, c);
            done += 1;
        }
        if done == count {
            return done;
        }
        if self.text() {
            let mut chunk = Vec::with_capacity((count - done).min(1 << 16));
            while done + chunk.len() < count {
                match self.getc() {
                    Some(c) => chunk.push(c),
                    None => break,
                }
                if chunk.len() == 1 << 16 {
                    mem::write_slice(dst + done as u64, &chunk);
                    done += chunk.len();
                    chunk.clear();
                }
            }
            mem::write_slice(dst + done as u64, &chunk);
            return done + chunk.len();
        }
        if self.start_reading().is_err() {
            return done;
        }
        while done < count {
            let avail = self.buf.len() - self.pos;
            if avail > 0 {
                let n = avail.min(count - done);
                mem::write_slice(dst + done as u64, &self.buf[self.pos..self.pos + n]);
                self.pos += n;
                done += n;
                continue;
            }
            if count - done >= self.bufsize {
                // A large read goes straight into the caller's memory.
                let Ok((f, _)) = io::file_of(self.fd) else {
                    self.error = true;
                    break;
                };
                match f.read(dst + done as u64, count - done) {
                    Ok(0) | Err(crate::abi::Win32Error::BROKEN_PIPE) => {
                        self.eof = true;
                        break;
                    }
                    Ok(n) => done += n,
                    Err(e) => {
                        io::os_error(e);
                        self.error = true;
                        break;
                    }
                }
                continue;
            }
            match self.fill() {
                Ok(true) => {}
                Ok(false) => {
                    self.eof = true;
                    break;
                }
                Err(_) => break,
            }
        }
        done
    }

    /// The logical position: the descriptor's less unread input, plus pending output.
    fn tell(&mut self) -> CrtResult<i64> {
        let pos = io::seek(self.fd, 0, 1)? as i64;
        Ok(match self.direction {
            Direction::Reading => {
                (pos - (self.buf.len() - self.pos) as i64 - self.pushback.len() as i64).max(0)
            }
            Direction::Writing => pos + self.buf.len() as i64,
            Direction::Idle => pos,
        })
    }

    fn seek(&mut self, offset: i64, origin: i32) -> CrtResult<()> {
        if !(0..=2).contains(&origin) {
            return Err(EINVAL);
        }
        let mut offset = offset;
        if origin == 1 && self.direction == Direction::Reading {
            offset -= (self.buf.len() - self.pos + self.pushback.len()) as i64;
        }
        self.flush()?;
        self.buf.clear();
        self.pos = 0;
        self.pushback.clear();
        io::seek(self.fd, offset, origin)?;
        // A stream opened for update may switch direction after a seek.
        self.direction = Direction::Idle;
        self.eof = false;
        self.ctrl_z = false;
        Ok(())
    }
}

static STREAMS: [Mutex<Option<Stream>>; MAX_STREAMS] = [const { Mutex::new(None) }; MAX_STREAMS];

/// `&_iob[i]`.
pub fn iob_entry(i: i32) -> u64 {
    _iob.addr() + FILE_SIZE * i as u64
}

/// The stream index of a `FILE *`, if it is one of ours.
fn index_of(file: u64) -> Option<usize> {
    let offset = file.checked_sub(_iob.addr())?;
    let i = (offset / FILE_SIZE) as usize;
    (offset % FILE_SIZE == 0 && i < MAX_STREAMS).then_some(i)
}

/// Sets up stdin, stdout and stderr on descriptors 0-2 once.
fn init_std_streams() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        for fd in 0..3 {
            let mut slot = STREAMS[fd as usize]
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if io::descriptor(fd).is_ok() {
                *slot = Some(Stream::new(fd, fd == 0, fd != 0));
            }
            mem::write(iob_entry(fd) + FILE_OFFSET, fd);
            mem::write(
                iob_entry(fd) + FLAG_OFFSET,
                if fd == 0 { IOREAD } else { IOWRT },
            );
        }
    });
}

/// The locks `_lock_file` takes, one per stream: while a thread holds one, the stream's
/// functions wait in the other threads.
static FILE_LOCKS: [RecursiveLock; MAX_STREAMS] = [const { RecursiveLock::new() }; MAX_STREAMS];

/// The locked stream behind `file` (EINVAL-style failure for NULL or an unknown pointer).
fn lock(file: u64) -> Option<MutexGuard<'static, Option<Stream>>> {
    init_std_streams();
    let i = index_of(file)?;
    FILE_LOCKS[i].wait_for_others();
    let guard = STREAMS[i].lock().unwrap_or_else(|e| e.into_inner());
    guard.is_some().then_some(guard)
}

/// Locks the stream for this thread until `_unlock_file`, across calls.
#[dllexport]
pub fn _lock_file(stream: GuestPtr<u8>) {
    if let Some(i) = index_of(stream.addr()) {
        FILE_LOCKS[i].lock();
    }
}

#[dllexport]
pub fn _unlock_file(stream: GuestPtr<u8>) {
    if let Some(i) = index_of(stream.addr()) {
        FILE_LOCKS[i].unlock();
    }
}

/// `_get_stream_buffer_pointers(stream, &base, &ptr, &count)`: where the FILE keeps its buffer
/// base, position and count, which the C++ library's filebuf reads and writes directly. winrun's
/// buffers live outside the FILE, so the count there is 0 and the filebuf goes through the
/// stdio functions.
#[dllexport]
pub fn _get_stream_buffer_pointers(
    stream: GuestPtr<u8>,
    base: GuestPtr<u64>,
    ptr: GuestPtr<u64>,
    count: GuestPtr<u64>,
) -> i32 {
    if lock(stream.addr()).is_none() {
        super::stdlib::invalid_parameter(EINVAL);
        return EINVAL;
    }
    let file = stream.addr();
    for (out, field) in [(base, BASE_OFFSET), (ptr, PTR_OFFSET), (count, CNT_OFFSET)] {
        if !out.is_null() {
            out.write(file + field);
        }
    }
    0
}

/// Mirrors the end-of-file and error bits into the guest FILE's `_flag`.
fn mirror_flags(file: u64, s: &Stream) {
    let old = mem::read::<i32>(file + FLAG_OFFSET).unwrap_or(0);
    let mut flag = old & !(IOEOF | IOERR);
    if s.eof {
        flag |= IOEOF;
    }
    if s.error {
        flag |= IOERR;
    }
    // Most calls change nothing: the FILE's cache line stays clean.
    if flag != old {
        mem::write(file + FLAG_OFFSET, flag);
    }
}

/// Runs `f` on the stream behind `file`, with `failure` for a stream that does not exist; a
/// console stream writes through afterwards.
fn with_stream<R>(file: u64, failure: R, f: impl FnOnce(&mut Stream) -> R) -> R {
    let Some(mut guard) = lock(file) else {
        super::stdlib::invalid_parameter(EINVAL);
        return failure;
    };
    let s = guard.as_mut().expect("lock checked the stream exists");
    let r = f(s);
    finish_call(file, s);
    r
}

/// The end of every stream call: a console stream writes through, the guest FILE's flags follow.
fn finish_call(file: u64, s: &mut Stream) {
    if s.buffering == Buffering::PerCall && s.direction == Direction::Writing {
        let _ = s.flush();
    }
    mirror_flags(file, s);
}

/// Appends `data` to the stream (fwrite: bytes as they are); false on error.
pub fn put(file: u64, data: &[u8]) -> bool {
    with_stream(file, false, |s| s.write(data).is_ok())
}

/// Appends narrow text (fputc, fputs, puts, printf ...). A stream whose descriptor is in a
/// Unicode mode (`_O_U16TEXT`, `_O_U8TEXT`, `_O_WTEXT`) takes only wide text: narrow text there
/// is an invalid parameter (EINVAL, nothing written), as the CRT's stream validation has it.
pub fn put_text(file: u64, data: &[u8]) -> bool {
    let Some(mut guard) = lock(file) else {
        super::stdlib::invalid_parameter(EINVAL);
        return false;
    };
    let s = guard.as_mut().expect("lock checked the stream exists");
    let text = match s.mode() {
        Some((true, encoding)) if encoding != io::Encoding::Ansi => {
            drop(guard);
            super::stdlib::invalid_parameter(EINVAL);
            return false;
        }
        mode => mode.is_some_and(|(text, _)| text),
    };
    let written = s.write_translated(data, text).is_ok();
    finish_call(file, s);
    written
}

/// Appends wide characters to the stream in its encoding; false on error.
pub fn put_wide(file: u64, units: &[u16]) -> bool {
    with_stream(file, false, |s| s.write_wide(units).is_ok())
}

/// Flushes every stream (exit, and msvcrt's process detach).
pub fn flush_all() {
    init_std_streams();
    for slot in &STREAMS {
        if let Some(s) = slot.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            let _ = s.flush();
        }
    }
}

/// stdout's pending output, before the program reads the console.
fn flush_console_output() {
    if let Some(s) = STREAMS[1].try_lock().ok().as_mut().and_then(|g| g.as_mut()) {
        let _ = s.flush();
    }
}

/// Writes straight to the standard error handle (runtime error messages).
pub fn write_stderr(data: &[u8]) {
    let h = mem::read::<u64>(crate::nt::process::std_handle_slot(
        crate::nt::process::StdHandle::Error,
    ))
    .unwrap_or(0);
    if let Ok(f) = file::get(crate::abi::Handle(h)) {
        let _ = f.write_bytes(data);
    }
}

/// A parsed `fopen` mode string.
struct Mode {
    oflag: i32,
    can_read: bool,
    can_write: bool,
}

/// `r w a` then any of `+ t b c n S R T D N` (and the UCRT's `x` after `w`), then optionally
/// `, ccs=ENCODING`. The UCRT rejects anything else as an invalid parameter; msvcrt.dll stops
/// reading the mode at the first letter it does not know.
fn parse_mode(mode: &[u8]) -> Option<Mode> {
    let mut chars = mode.iter().copied().skip_while(|&c| c == b' ');
    let (mut oflag, mut can_read, mut can_write) = match chars.next()? {
        b'r' => (io::O_RDONLY, true, false),
        b'w' => (io::O_WRONLY | io::O_CREAT | io::O_TRUNC, false, true),
        b'a' => (io::O_WRONLY | io::O_CREAT | io::O_APPEND, false, true),
        _ => return None,
    };
    let (mut plus, mut translation, mut commit, mut access, mut temp) =
        (false, false, false, false, false);
    let mut seen_temporary = false;
    let mut seen_noinherit = false;
    while let Some(c) = chars.next() {
        match c {
            b'+' if !plus => {
                plus = true;
                oflag = (oflag & !(io::O_WRONLY)) | io::O_RDWR;
                can_read = true;
                can_write = true;
            }
            b't' if !translation => {
                translation = true;
                oflag |= io::O_TEXT;
            }
            b'b' if !translation => {
                translation = true;
                oflag |= io::O_BINARY;
            }
            b'c' | b'n' if !commit => commit = true,
            b'S' | b'R' if !access => {
                access = true;
                oflag |= if c == b'S' {
                    io::O_SEQUENTIAL
                } else {
                    io::O_RANDOM
                };
            }
            b'T' if !temp => {
                temp = true;
                oflag |= io::O_SHORT_LIVED;
            }
            b'D' if !seen_temporary => {
                seen_temporary = true;
                oflag |= io::O_TEMPORARY;
            }
            b'N' if !seen_noinherit => {
                seen_noinherit = true;
                oflag |= io::O_NOINHERIT;
            }
            b'x' if oflag & io::O_TRUNC != 0 => oflag |= io::O_EXCL,
            _ if !super::stdlib::UCRT_PROCESS.load(std::sync::atomic::Ordering::Relaxed) => break,
            b' ' => {}
            b',' => {
                // ", ccs=UTF-8 | UTF-16LE | UNICODE": a text stream in that encoding.
                let rest: Vec<u8> = chars.by_ref().filter(|&c| c != b' ').collect();
                let enc = rest.strip_prefix(b"ccs=")?;
                let unicode = if enc.eq_ignore_ascii_case(b"UTF-8") {
                    io::O_U8TEXT
                } else if enc.eq_ignore_ascii_case(b"UTF-16LE") {
                    io::O_U16TEXT
                } else if enc.eq_ignore_ascii_case(b"UNICODE") {
                    io::O_WTEXT
                } else {
                    return None;
                };
                if oflag & io::O_BINARY != 0 {
                    return None;
                }
                oflag |= unicode;
                oflag |= io::O_TEXT;
                break;
            }
            _ => return None,
        }
    }
    Some(Mode {
        oflag,
        can_read,
        can_write,
    })
}

/// Puts a stream on `fd` into a free FILE (or into `reuse`, for freopen).
fn install(fd: i32, mode: &Mode, reuse: Option<usize>) -> CrtResult<u64> {
    init_std_streams();
    let place = |i: usize, slot: &mut Option<Stream>| {
        *slot = Some(Stream::new(fd, mode.can_read, mode.can_write));
        let file = iob_entry(i as i32);
        let access = match (mode.can_read, mode.can_write) {
            (true, true) => IORW,
            (false, true) => IOWRT,
            _ => IOREAD,
        };
        mem::write_slice(file, &[0u8; FILE_SIZE as usize]);
        mem::write(file + FLAG_OFFSET, access);
        mem::write(file + FILE_OFFSET, fd);
        file
    };
    if let Some(i) = reuse {
        let mut slot = STREAMS[i].lock().unwrap_or_else(|e| e.into_inner());
        return Ok(place(i, &mut slot));
    }
    for (i, slot) in STREAMS.iter().enumerate().skip(3) {
        let Ok(mut slot) = slot.try_lock() else {
            continue;
        };
        if slot.is_none() {
            return Ok(place(i, &mut slot));
        }
    }
    Err(super::errno::EMFILE)
}

/// fopen and its twins: opens `name` with `mode` into a new FILE (or `reuse`).
fn open_stream(
    name: Option<String>,
    mode: Option<Vec<u8>>,
    shflag: i32,
    reuse: Option<usize>,
) -> CrtResult<u64> {
    let (Some(name), Some(mode)) = (name, mode) else {
        return Err(super::stdlib::invalid_parameter(EINVAL));
    };
    let Some(mode) = parse_mode(&mode) else {
        return Err(super::stdlib::invalid_parameter(EINVAL));
    };
    let fd = io::sopen(&name, mode.oflag, shflag, 0x180)?;
    install(fd, &mode, reuse).inspect_err(|_| {
        let _ = io::close(fd);
    })
}

#[dllexport]
pub fn fopen(filename: CStrPtr, mode: CStrPtr) -> GuestPtr<u8> {
    open_stream(filename.string(), mode.bytes(), io::SH_DENYNO, None)
        .map_or_else(|e| fail(e, GuestPtr::NULL), GuestPtr::new)
}

fn wide_mode(mode: WStrPtr) -> Option<Vec<u8>> {
    mode.string().map(String::into_bytes)
}

#[dllexport]
pub fn _wfopen(filename: WStrPtr, mode: WStrPtr) -> GuestPtr<u8> {
    open_stream(filename.string(), wide_mode(mode), io::SH_DENYNO, None)
        .map_or_else(|e| fail(e, GuestPtr::NULL), GuestPtr::new)
}

/// `_fsopen`: fopen with a sharing mode (`_SH_DENYWR` ...).
#[dllexport]
pub fn _fsopen(filename: CStrPtr, mode: CStrPtr, shflag: i32) -> GuestPtr<u8> {
    open_stream(filename.string(), mode.bytes(), shflag, None)
        .map_or_else(|e| fail(e, GuestPtr::NULL), GuestPtr::new)
}

#[dllexport]
pub fn _wfsopen(filename: WStrPtr, mode: WStrPtr, shflag: i32) -> GuestPtr<u8> {
    open_stream(filename.string(), wide_mode(mode), shflag, None)
        .map_or_else(|e| fail(e, GuestPtr::NULL), GuestPtr::new)
}

fn fopen_s_common(out: GuestPtr<u64>, result: CrtResult<u64>) -> i32 {
    match result {
        Ok(f) => {
            out.write(f);
            0
        }
        Err(e) => {
            out.write(0);
            fail(e, e)
        }
    }
}

#[dllexport]
pub fn fopen_s(pFile: GuestPtr<u64>, filename: CStrPtr, mode: CStrPtr) -> i32 {
    if pFile.is_null() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    fopen_s_common(
        pFile,
        open_stream(filename.string(), mode.bytes(), io::SH_DENYNO, None),
    )
}

#[dllexport]
pub fn _wfopen_s(pFile: GuestPtr<u64>, filename: WStrPtr, mode: WStrPtr) -> i32 {
    if pFile.is_null() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    fopen_s_common(
        pFile,
        open_stream(filename.string(), wide_mode(mode), io::SH_DENYNO, None),
    )
}

/// Closes the stream in slot `i`: flushes, closes its descriptor, frees the FILE.
fn close_stream(i: usize) -> CrtResult<()> {
    let mut slot = STREAMS[i].lock().unwrap_or_else(|e| e.into_inner());
    let Some(mut s) = slot.take() else {
        return Err(EINVAL);
    };
    let flushed = s.flush();
    let closed = io::close(s.fd);
    mem::write(iob_entry(i as i32) + FLAG_OFFSET, 0i32);
    flushed.and(closed)
}

#[dllexport]
pub fn fclose(stream: GuestPtr<u8>) -> i32 {
    init_std_streams();
    let Some(i) = index_of(stream.addr()) else {
        super::stdlib::invalid_parameter(EINVAL);
        return EOF;
    };
    match close_stream(i) {
        Ok(()) => 0,
        Err(EINVAL) => {
            super::stdlib::invalid_parameter(EINVAL);
            EOF
        }
        Err(e) => fail(e, EOF),
    }
}

/// Closes every stream but stdin, stdout and stderr; returns how many.
#[dllexport]
pub fn _fcloseall() -> i32 {
    init_std_streams();
    (3..MAX_STREAMS)
        .filter(|&i| {
            STREAMS[i]
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_some()
        })
        .filter(|&i| close_stream(i).is_ok())
        .count() as i32
}

fn reopen(name: Option<String>, mode: Option<Vec<u8>>, stream: u64) -> CrtResult<u64> {
    init_std_streams();
    let Some(i) = index_of(stream) else {
        return Err(super::stdlib::invalid_parameter(EINVAL));
    };
    let _ = close_stream(i);
    open_stream(name, mode, io::SH_DENYNO, Some(i))
}

#[dllexport]
pub fn freopen(filename: CStrPtr, mode: CStrPtr, stream: GuestPtr<u8>) -> GuestPtr<u8> {
    reopen(filename.string(), mode.bytes(), stream.addr())
        .map_or_else(|e| fail(e, GuestPtr::NULL), GuestPtr::new)
}

#[dllexport]
pub fn _wfreopen(filename: WStrPtr, mode: WStrPtr, stream: GuestPtr<u8>) -> GuestPtr<u8> {
    reopen(filename.string(), wide_mode(mode), stream.addr())
        .map_or_else(|e| fail(e, GuestPtr::NULL), GuestPtr::new)
}

#[dllexport]
pub fn freopen_s(
    pFile: GuestPtr<u64>,
    filename: CStrPtr,
    mode: CStrPtr,
    stream: GuestPtr<u8>,
) -> i32 {
    if pFile.is_null() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    fopen_s_common(
        pFile,
        reopen(filename.string(), mode.bytes(), stream.addr()),
    )
}

/// `_fdopen(fd, mode)`: a stream on an open descriptor (the mode's creation letters are moot).
#[dllexport]
pub fn _fdopen(fd: i32, mode: CStrPtr) -> GuestPtr<u8> {
    let Some(m) = mode.bytes().as_deref().and_then(parse_mode) else {
        super::stdlib::invalid_parameter(EINVAL);
        return GuestPtr::NULL;
    };
    if let Err(e) = io::descriptor(fd) {
        return fail(e, GuestPtr::NULL);
    }
    install(fd, &m, None).map_or_else(|e| fail(e, GuestPtr::NULL), GuestPtr::new)
}

#[dllexport]
pub fn _wfdopen(fd: i32, mode: WStrPtr) -> GuestPtr<u8> {
    let Some(m) = wide_mode(mode).as_deref().and_then(parse_mode) else {
        super::stdlib::invalid_parameter(EINVAL);
        return GuestPtr::NULL;
    };
    if let Err(e) = io::descriptor(fd) {
        return fail(e, GuestPtr::NULL);
    }
    install(fd, &m, None).map_or_else(|e| fail(e, GuestPtr::NULL), GuestPtr::new)
}

// Temporary names. `tmpnam` and `tmpnam_s` return `s<pid>.<n>` (base 32, the first name with an
// empty extension; each function family counts on its own) naming no existing file: msvcrt's as `\\s...` in the current drive's root
// directory, the UCRT's in the temporary directory (GetTempPathW). `_tempnam` names
// `<dir>\\<prefix><n>` in TMP, else `dir`, else the current directory, allocated with malloc.

/// `TMP_MAX` of msvcrt: how many names the sequence has.
const TMP_MAX: u32 = 32767;
/// tmpnam's sequence, and tmpnam_s's own.
static TMPNAM_COUNTER: AtomicU32 = AtomicU32::new(0);
static TMPNAM_S_COUNTER: AtomicU32 = AtomicU32::new(0);
static TEMPNAM_COUNTER: AtomicU32 = AtomicU32::new(1);
/// tmpnam(NULL)'s and _wtmpnam(NULL)'s static buffers.
static TMPNAM_BUFFER: GuestCell<[u8; 260]> = GuestCell::new([0; 260]);
static WTMPNAM_BUFFER: GuestCell<[u16; 260]> = GuestCell::new([0; 260]);

/// `n` in the CRT's base 32 (digits 0-9 then a-v).
fn base32(mut n: u32) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuv"[(n % 32) as usize]);
        n /= 32;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).expect("base 32 digits are ASCII")
}

/// The next name of the tmpnam sequence that names no existing file (None past TMP_MAX).
fn next_tmpnam(in_temp_dir: bool, counter: &AtomicU32) -> Option<String> {
    let dir = if in_temp_dir {
        crate::kernel32::fileapi::temp_path()
    } else {
        "\\".to_string()
    };
    let stem = format!(
        "{dir}s{}.",
        base32(crate::nt::process::current_process_id())
    );
    loop {
        let n = counter.fetch_add(1, Ordering::Relaxed);
        if n >= TMP_MAX {
            return None;
        }
        let name = if n == 0 {
            stem.clone()
        } else {
            format!("{stem}{}", base32(n))
        };
        if io::metadata(&name).is_err() {
            return Some(name);
        }
    }
}

/// Stores `name` at `str` (the caller vouches for the room), or in the static buffer for NULL.
fn store_tmpnam<T: Copy + Default>(str: GuestPtr<T>, fallback: u64, name: &[T]) -> GuestPtr<T> {
    let out = if str.is_null() {
        GuestPtr::new(fallback)
    } else {
        str
    };
    out.write_slice(name);
    out.offset(name.len()).write(T::default());
    out
}

/// tmpnam_s: the name at `str` if it fits in `size` elements with its terminator.
fn store_tmpnam_s<T: Copy + Default>(str: GuestPtr<T>, size: usize, name: Option<Vec<T>>) -> i32 {
    if str.is_null() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    let Some(name) = name else {
        return fail(super::errno::EEXIST, super::errno::EEXIST);
    };
    if name.len() >= size {
        return fail(super::errno::ERANGE, super::errno::ERANGE);
    }
    store_tmpnam(str, 0, &name);
    0
}

fn tmpnam_of(in_temp_dir: bool, str: GuestPtr<u8>) -> GuestPtr<u8> {
    match next_tmpnam(in_temp_dir, &TMPNAM_COUNTER) {
        Some(name) => store_tmpnam(str, TMPNAM_BUFFER.addr(), name.as_bytes()),
        None => fail(super::errno::EEXIST, GuestPtr::NULL),
    }
}

fn wtmpnam_of(in_temp_dir: bool, str: GuestPtr<u16>) -> GuestPtr<u16> {
    match next_tmpnam(in_temp_dir, &TMPNAM_COUNTER) {
        Some(name) => {
            let units: Vec<u16> = name.encode_utf16().collect();
            store_tmpnam(str, WTMPNAM_BUFFER.addr(), &units)
        }
        None => fail(super::errno::EEXIST, GuestPtr::NULL),
    }
}

/// The UCRT's tmpnam: a name in the temporary directory.
#[dllexport]
pub fn tmpnam(str: GuestPtr<u8>) -> GuestPtr<u8> {
    tmpnam_of(true, str)
}

#[dllexport]
pub fn _wtmpnam(str: GuestPtr<u16>) -> GuestPtr<u16> {
    wtmpnam_of(true, str)
}

#[dllexport]
pub fn tmpnam_s(str: GuestPtr<u8>, sizeInChars: usize) -> i32 {
    let name = next_tmpnam(true, &TMPNAM_S_COUNTER).map(String::into_bytes);
    store_tmpnam_s(str, sizeInChars, name)
}

#[dllexport]
pub fn _wtmpnam_s(str: GuestPtr<u16>, sizeInChars: usize) -> i32 {
    let name = next_tmpnam(true, &TMPNAM_S_COUNTER).map(|n| n.encode_utf16().collect());
    store_tmpnam_s(str, sizeInChars, name)
}

/// msvcrt's tmpnam: `\\s<pid>.<n>`, in the root directory of the current drive.
#[dllexport]
pub fn msvcrt_tmpnam(str: GuestPtr<u8>) -> GuestPtr<u8> {
    tmpnam_of(false, str)
}

#[dllexport]
pub fn msvcrt_wtmpnam(str: GuestPtr<u16>) -> GuestPtr<u16> {
    wtmpnam_of(false, str)
}

#[dllexport]
pub fn msvcrt_tmpnam_s(str: GuestPtr<u8>, sizeInChars: usize) -> i32 {
    let name = next_tmpnam(false, &TMPNAM_S_COUNTER).map(String::into_bytes);
    store_tmpnam_s(str, sizeInChars, name)
}

#[dllexport]
pub fn msvcrt_wtmpnam_s(str: GuestPtr<u16>, sizeInChars: usize) -> i32 {
    let name = next_tmpnam(false, &TMPNAM_S_COUNTER).map(|n| n.encode_utf16().collect());
    store_tmpnam_s(str, sizeInChars, name)
}

/// `_tempnam`'s directory: TMP if it names a directory, else `dir` if it does, else the current
/// directory.
fn tempnam_dir(dir: Option<String>) -> String {
    let is_dir = |d: &str| io::metadata(d).is_ok_and(|m| m.is_dir());
    let tmp = crate::nt::env::get(&"TMP".encode_utf16().collect::<Vec<u16>>())
        .map(|v| String::from_utf16_lossy(&v));
    tmp.filter(|d| is_dir(d))
        .or_else(|| dir.filter(|d| is_dir(d)))
        .unwrap_or_else(crate::nt::path::current_dir)
}

/// The next `_tempnam` name for `dir` and `prefix` that names no existing file.
fn next_tempnam(dir: Option<String>, prefix: Option<String>) -> Option<String> {
    let mut dir = tempnam_dir(dir);
    if !dir.ends_with(['\\', '/']) {
        dir.push('\\');
    }
    let prefix = prefix.unwrap_or_default();
    for _ in 0..TMP_MAX {
        let n = TEMPNAM_COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("{dir}{prefix}{}", base32(n));
        if io::metadata(&name).is_err() {
            return Some(name);
        }
    }
    None
}

/// Returns a malloc'd name the caller frees, or NULL.
#[dllexport]
pub fn _tempnam(dir: CStrPtr, prefix: CStrPtr) -> GuestPtr<u8> {
    let Some(name) = next_tempnam(dir.string(), prefix.string()) else {
        return fail(super::errno::EEXIST, GuestPtr::NULL);
    };
    let out = super::heap::malloc(name.len() + 1);
    if !out.is_null() {
        store_tmpnam(out, 0, name.as_bytes());
    }
    out
}

#[dllexport]
pub fn _wtempnam(dir: WStrPtr, prefix: WStrPtr) -> GuestPtr<u16> {
    let Some(name) = next_tempnam(dir.string(), prefix.string()) else {
        return fail(super::errno::EEXIST, GuestPtr::NULL);
    };
    let units: Vec<u16> = name.encode_utf16().collect();
    let out = GuestPtr::new(super::heap::malloc(units.len() * 2 + 2).addr());
    if !out.is_null() {
        store_tmpnam(out, 0, &units);
    }
    out
}

/// `tmpfile`: a new file in the temporary directory, "w+b", deleted when closed.
#[dllexport]
pub fn tmpfile() -> GuestPtr<u8> {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let dir = crate::kernel32::fileapi::temp_path();
    let mode = Mode {
        oflag: io::O_RDWR | io::O_CREAT | io::O_EXCL | io::O_BINARY | io::O_TEMPORARY,
        can_read: true,
        can_write: true,
    };
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("{dir}t{:x}.{n}", crate::nt::process::current_process_id());
        match io::open(&name, mode.oflag, 0x180) {
            Ok(fd) => {
                return install(fd, &mode, None).map_or_else(
                    |e| {
                        let _ = io::close(fd);
                        fail(e, GuestPtr::NULL)
                    },
                    GuestPtr::new,
                );
            }
            Err(super::errno::EEXIST) => continue,
            Err(e) => return fail(e, GuestPtr::NULL),
        }
    }
    fail(super::errno::EEXIST, GuestPtr::NULL)
}

#[dllexport]
pub fn tmpfile_s(pFilePtr: GuestPtr<u64>) -> i32 {
    if pFilePtr.is_null() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    let f = tmpfile();
    pFilePtr.write(f.addr());
    if f.is_null() {
        super::errno::errno()
    } else {
        0
    }
}

#[dllexport]
pub fn fwrite(buffer: GuestPtr<u8>, size: usize, count: usize, stream: GuestPtr<u8>) -> usize {
    let Some(total) = size.checked_mul(count) else {
        return 0;
    };
    if total == 0 {
        return 0;
    }
    if with_stream(stream.addr(), false, |s| {
        s.write_guest(buffer.addr(), total).is_ok()
    }) {
        count
    } else {
        0
    }
}

/// `fread`: whole elements only; a partial element at the end is read but not counted.
#[dllexport]
pub fn fread(buffer: GuestPtr<u8>, size: usize, count: usize, stream: GuestPtr<u8>) -> usize {
    let Some(total) = size.checked_mul(count) else {
        return 0;
    };
    if total == 0 {
        return 0;
    }
    if buffer.is_null() {
        super::stdlib::invalid_parameter(EINVAL);
        return 0;
    }
    with_stream(stream.addr(), 0, |s| s.read_to(buffer.addr(), total) / size)
}

#[dllexport]
pub fn fputc(c: i32, stream: GuestPtr<u8>) -> i32 {
    if put_text(stream.addr(), &[c as u8]) {
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
pub fn _fputc_nolock(c: i32, stream: GuestPtr<u8>) -> i32 {
    fputc(c, stream)
}

#[dllexport]
pub fn _putc_nolock(c: i32, stream: GuestPtr<u8>) -> i32 {
    fputc(c, stream)
}

#[dllexport]
pub fn putchar(c: i32) -> i32 {
    fputc(c, GuestPtr::new(iob_entry(1)))
}

#[dllexport]
pub fn _fputchar(c: i32) -> i32 {
    putchar(c)
}

/// `_flsbuf(c, stream)`: what old inline `putc` macros call when `_cnt` runs out (always here).
#[dllexport]
pub fn _flsbuf(ch: i32, stream: GuestPtr<u8>) -> i32 {
    fputc(ch, stream)
}

#[dllexport]
pub fn fputs(str: CStrPtr, stream: GuestPtr<u8>) -> i32 {
    let Some(s) = str.bytes() else {
        super::stdlib::invalid_parameter(EINVAL);
        return EOF;
    };
    if put_text(stream.addr(), &s) { 0 } else { EOF }
}

/// puts appends a newline.
#[dllexport]
pub fn puts(str: CStrPtr) -> i32 {
    let Some(mut s) = str.bytes() else {
        super::stdlib::invalid_parameter(EINVAL);
        return EOF;
    };
    s.push(b'\n');
    if put_text(iob_entry(1), &s) { 0 } else { EOF }
}

#[dllexport]
pub fn fgetc(stream: GuestPtr<u8>) -> i32 {
    with_stream(stream.addr(), EOF, |s| s.getc().map_or(EOF, i32::from))
}

#[dllexport]
pub fn getc(stream: GuestPtr<u8>) -> i32 {
    fgetc(stream)
}

#[dllexport]
pub fn _fgetc_nolock(stream: GuestPtr<u8>) -> i32 {
    fgetc(stream)
}

#[dllexport]
pub fn _getc_nolock(stream: GuestPtr<u8>) -> i32 {
    fgetc(stream)
}

#[dllexport]
pub fn getchar() -> i32 {
    fgetc(GuestPtr::new(iob_entry(0)))
}

#[dllexport]
pub fn _fgetchar() -> i32 {
    getchar()
}

/// `_filbuf(stream)`: what old inline `getc` macros call when `_cnt` runs out (always here).
#[dllexport]
pub fn _filbuf(stream: GuestPtr<u8>) -> i32 {
    fgetc(stream)
}

/// `ungetc`: pushes `c` back (EOF is refused) and clears the end-of-file state.
#[dllexport]
pub fn ungetc(c: i32, stream: GuestPtr<u8>) -> i32 {
    if c == EOF {
        return EOF;
    }
    with_stream(stream.addr(), EOF, |s| {
        if !s.can_read {
            return EOF;
        }
        if s.direction == Direction::Writing && s.flush().is_err() {
            return EOF;
        }
        if s.direction != Direction::Reading {
            s.direction = Direction::Reading;
            s.buf.clear();
            s.pos = 0;
        }
        s.pushback.push(c as u8);
        s.eof = false;
        c & 0xFF
    })
}

#[dllexport]
pub fn _ungetc_nolock(c: i32, stream: GuestPtr<u8>) -> i32 {
    ungetc(c, stream)
}

/// `fgets(buf, n, stream)`: up to n-1 characters, through the first newline; NULL when the
/// stream ends before any character.
#[dllexport]
pub fn fgets(str: GuestPtr<u8>, numChars: i32, stream: GuestPtr<u8>) -> GuestPtr<u8> {
    if (str.is_null() && numChars != 0) || numChars < 0 {
        super::stdlib::invalid_parameter(EINVAL);
        return GuestPtr::NULL;
    }
    if numChars == 0 {
        return GuestPtr::NULL;
    }
    with_stream(stream.addr(), GuestPtr::NULL, |s| {
        let mut line = Vec::new();
        while line.len() + 1 < numChars as usize {
            match s.getc() {
                Some(c) => {
                    line.push(c);
                    if c == b'\n' {
                        break;
                    }
                }
                None => break,
            }
        }
        if line.is_empty() && numChars > 1 || s.error {
            return GuestPtr::NULL;
        }
        line.push(0);
        str.write_slice(&line);
        str
    })
}

/// fflush(NULL) flushes every stream.
#[dllexport]
pub fn fflush(stream: GuestPtr<u8>) -> i32 {
    if stream.is_null() {
        flush_all();
        return 0;
    }
    with_stream(stream.addr(), EOF, |s| match s.flush() {
        Ok(()) => 0,
        Err(_) => EOF,
    })
}

#[dllexport]
pub fn _flushall() -> i32 {
    flush_all();
    STREAMS
        .iter()
        .filter(|s| s.lock().unwrap_or_else(|e| e.into_inner()).is_some())
        .count() as i32
}

#[dllexport]
pub fn feof(stream: GuestPtr<u8>) -> i32 {
    with_stream(stream.addr(), 0, |s| if s.eof { IOEOF } else { 0 })
}

#[dllexport]
pub fn ferror(stream: GuestPtr<u8>) -> i32 {
    with_stream(stream.addr(), 0, |s| if s.error { IOERR } else { 0 })
}

#[dllexport]
pub fn clearerr(stream: GuestPtr<u8>) {
    with_stream(stream.addr(), (), |s| {
        s.eof = false;
        s.error = false;
    })
}

#[dllexport]
pub fn clearerr_s(stream: GuestPtr<u8>) -> i32 {
    if lock(stream.addr()).is_none() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    clearerr(stream);
    0
}

fn seek_stream(stream: GuestPtr<u8>, offset: i64, origin: i32) -> i32 {
    if !(0..=2).contains(&origin) {
        super::stdlib::invalid_parameter(EINVAL);
        return -1;
    }
    with_stream(stream.addr(), -1, |s| match s.seek(offset, origin) {
        Ok(()) => 0,
        Err(e) => fail(e, -1),
    })
}

#[dllexport]
pub fn fseek(stream: GuestPtr<u8>, offset: i32, origin: i32) -> i32 {
    seek_stream(stream, offset as i64, origin)
}

#[dllexport]
pub fn _fseeki64(stream: GuestPtr<u8>, offset: i64, origin: i32) -> i32 {
    seek_stream(stream, offset, origin)
}

fn tell_stream(stream: GuestPtr<u8>) -> i64 {
    with_stream(stream.addr(), -1, |s| {
        s.tell().unwrap_or_else(|e| fail(e, -1))
    })
}

#[dllexport]
pub fn ftell(stream: GuestPtr<u8>) -> i32 {
    match tell_stream(stream) {
        p if p > i32::MAX as i64 => fail(EINVAL, -1),
        p => p as i32,
    }
}

#[dllexport]
pub fn _ftelli64(stream: GuestPtr<u8>) -> i64 {
    tell_stream(stream)
}

/// `fgetpos`: the position as an `fpos_t` (a 64-bit offset).
#[dllexport]
pub fn fgetpos(stream: GuestPtr<u8>, pos: GuestPtr<i64>) -> i32 {
    if pos.is_null() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    match tell_stream(stream) {
        -1 => -1,
        p => {
            pos.write(p);
            0
        }
    }
}

#[dllexport]
pub fn fsetpos(stream: GuestPtr<u8>, pos: GuestPtr<i64>) -> i32 {
    let Some(p) = pos.read() else {
        return super::stdlib::invalid_parameter(EINVAL);
    };
    seek_stream(stream, p, 0)
}

/// `rewind`: to the start, clearing the error and end-of-file indicators.
#[dllexport]
pub fn rewind(stream: GuestPtr<u8>) {
    with_stream(stream.addr(), (), |s| {
        let _ = s.seek(0, 0);
        s.error = false;
    })
}

/// `setvbuf(stream, buf, mode, size)`: _IOFBF (0) and _IOLBF (0x40, full buffering on Windows)
/// with 2 <= size <= INT_MAX, or _IONBF (4). The buffer is the runtime's own, of that size.
#[dllexport]
pub fn setvbuf(stream: GuestPtr<u8>, buffer: GuestPtr<u8>, mode: i32, size: usize) -> i32 {
    let buffering = match mode {
        0 | 0x40 if (2..=i32::MAX as usize).contains(&size) => Buffering::Full,
        4 => Buffering::None,
        _ => {
            super::stdlib::invalid_parameter(EINVAL);
            return -1;
        }
    };
    with_stream(stream.addr(), -1, |s| {
        if s.flush().is_err() {
            return -1;
        }
        s.buffering = buffering;
        s.bufsize = if buffering == Buffering::None {
            1
        } else {
            size & !1
        };
        0
    })
}

#[dllexport]
pub fn setbuf(stream: GuestPtr<u8>, buffer: GuestPtr<u8>) {
    if buffer.is_null() {
        setvbuf(stream, buffer, 4, 0);
    } else {
        setvbuf(stream, buffer, 0, 512);
    }
}

#[dllexport]
pub fn __iob_func() -> GuestPtr<u8> {
    init_std_streams();
    GuestPtr::new(_iob.addr())
}

/// UCRT: `__acrt_iob_func(0|1|2)` is stdin, stdout, stderr.
#[dllexport]
pub fn __acrt_iob_func(index: u32) -> GuestPtr<u8> {
    init_std_streams();
    GuestPtr::new(iob_entry(index.min(MAX_STREAMS as u32 - 1) as i32))
}

#[dllexport]
pub fn _fileno(stream: GuestPtr<u8>) -> i32 {
    with_stream(stream.addr(), -1, |s| s.fd)
}

#[dllexport]
pub fn _getmaxstdio() -> i32 {
    MAX_STREAMS as i32
}

/// `remove`: deletes a file.
#[dllexport]
pub fn remove(path: CStrPtr) -> i32 {
    io::unlink(path.string())
}

#[dllexport]
pub fn _wremove(path: WStrPtr) -> i32 {
    io::unlink(path.string())
}

/// `rename(old, new)`: MoveFileEx without replacing, so EEXIST (or EACCES) when `new` exists and
/// ENOENT when `old` does not.
fn rename_path(old: Option<String>, new: Option<String>) -> i32 {
    let (Some(old), Some(new)) = (old, new) else {
        return fail(EINVAL, -1);
    };
    let copy_allowed = windows_sys::Win32::Storage::FileSystem::MOVEFILE_COPY_ALLOWED;
    match crate::kernel32::winbase::move_file(&old, Some(new), copy_allowed) {
        Ok(()) => 0,
        Err(e) => fail(io::os_error(e), -1),
    }
}

#[dllexport]
pub fn rename(oldname: CStrPtr, newname: CStrPtr) -> i32 {
    rename_path(oldname.string(), newname.string())
}

#[dllexport]
pub fn _wrename(oldname: WStrPtr, newname: WStrPtr) -> i32 {
    rename_path(oldname.string(), newname.string())
}

/// scanf's view of a stream: characters through `getc`, given back through the pushback.
struct StreamInput<'a>(&'a mut Stream);

impl super::scanf::Input for StreamInput<'_> {
    fn next(&mut self) -> Option<u32> {
        self.0.getc().map(u32::from)
    }
    fn unget(&mut self, c: u32) {
        self.0.pushback.push(c as u8);
        self.0.eof = false;
    }
}

/// fscanf and friends: the scanf engine reading from `file`.
pub fn scan_stream(
    file: u64,
    fmt: &[u32],
    args: crate::abi::VaList,
    options: super::scanf::ScanOptions,
) -> i32 {
    with_stream(file, EOF, |s| {
        super::scanf::scan(fmt, &mut StreamInput(s), args, options)
    })
}

/// WEOF.
const WEOF: u16 = 0xFFFF;

/// Wide character output: in the stream's Unicode mode, or the process code page (UTF-8), as
/// the wprintf family writes it.
#[dllexport]
pub fn fputwc(c: u16, stream: GuestPtr<u8>) -> u16 {
    if put_wide(stream.addr(), &[c]) {
        c
    } else {
        WEOF
    }
}

#[dllexport]
pub fn putwc(c: u16, stream: GuestPtr<u8>) -> u16 {
    fputwc(c, stream)
}

#[dllexport]
pub fn putwchar(c: u16) -> u16 {
    fputwc(c, GuestPtr::new(iob_entry(1)))
}

#[dllexport]
pub fn fputws(str: WStrPtr, stream: GuestPtr<u8>) -> i32 {
    let Some(s) = str.units() else {
        super::stdlib::invalid_parameter(EINVAL);
        return EOF;
    };
    if put_wide(stream.addr(), &s) { 0 } else { EOF }
}

/// `_putws`: the string and a newline on stdout.
#[dllexport]
pub fn _putws(str: WStrPtr) -> i32 {
    let Some(mut s) = str.units() else {
        super::stdlib::invalid_parameter(EINVAL);
        return EOF;
    };
    s.push(u16::from(b'\n'));
    if put_wide(iob_entry(1), &s) { 0 } else { EOF }
}

/// Reads one UTF-16LE unit from a stream in `_O_U16TEXT` mode: `\r\n` reads as `\n` in text.
fn get_utf16(s: &mut Stream) -> Option<u16> {
    let unit = |s: &mut Stream| -> Option<[u8; 2]> {
        let lo = s.getc()?;
        match s.getc() {
            Some(hi) => Some([lo, hi]),
            None => {
                s.pushback.push(lo);
                None
            }
        }
    };
    let u = u16::from_le_bytes(unit(s)?);
    if u == u16::from(b'\r') && s.text() {
        match unit(s) {
            Some([b'\n', 0]) => return Some(u16::from(b'\n')),
            Some([lo, hi]) => {
                s.pushback.push(hi);
                s.pushback.push(lo);
            }
            None => {}
        }
    }
    Some(u)
}

/// Reads one wide character from the stream: UTF-16LE in `_O_U16TEXT` mode, otherwise UTF-8
/// (a malformed sequence gives its first byte's value).
fn get_wide(s: &mut Stream) -> Option<u16> {
    if io::descriptor(s.fd).is_ok_and(|d| d.encoding == io::Encoding::Utf16) {
        return get_utf16(s);
    }
    let first = s.getc()?;
    let len = match first {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => return Some(first as u16),
    };
    let mut bytes = vec![first];
    for _ in 1..len {
        match s.getc() {
            Some(b) if b & 0xC0 == 0x80 => bytes.push(b),
            Some(b) => {
                s.pushback.push(b);
                break;
            }
            None => break,
        }
    }
    match std::str::from_utf8(&bytes)
        .ok()
        .and_then(|t| t.chars().next())
    {
        Some(ch) if (ch as u32) < 0x10000 => Some(ch as u32 as u16),
        _ => {
            // Give back all but the first byte.
            for &b in bytes[1..].iter().rev() {
                s.pushback.push(b);
            }
            Some(first as u16)
        }
    }
}

#[dllexport]
pub fn fgetwc(stream: GuestPtr<u8>) -> u16 {
    with_stream(stream.addr(), WEOF, |s| get_wide(s).unwrap_or(WEOF))
}

#[dllexport]
pub fn getwc(stream: GuestPtr<u8>) -> u16 {
    fgetwc(stream)
}

#[dllexport]
pub fn getwchar() -> u16 {
    fgetwc(GuestPtr::new(iob_entry(0)))
}

/// `ungetwc`: pushes back the character's encoding.
#[dllexport]
pub fn ungetwc(c: u16, stream: GuestPtr<u8>) -> u16 {
    if c == WEOF {
        return WEOF;
    }
    let bytes = String::from_utf16_lossy(&[c]).into_bytes();
    with_stream(stream.addr(), WEOF, |s| {
        if !s.can_read {
            return WEOF;
        }
        if s.direction == Direction::Writing && s.flush().is_err() {
            return WEOF;
        }
        if s.direction != Direction::Reading {
            s.direction = Direction::Reading;
            s.buf.clear();
            s.pos = 0;
        }
        for &b in bytes.iter().rev() {
            s.pushback.push(b);
        }
        s.eof = false;
        c
    })
}

/// `fgetws(buf, n, stream)`: up to n-1 characters, through the first newline.
#[dllexport]
pub fn fgetws(str: GuestPtr<u16>, numChars: i32, stream: GuestPtr<u8>) -> GuestPtr<u16> {
    if (str.is_null() && numChars != 0) || numChars < 0 {
        super::stdlib::invalid_parameter(EINVAL);
        return GuestPtr::NULL;
    }
    if numChars == 0 {
        return GuestPtr::NULL;
    }
    with_stream(stream.addr(), GuestPtr::NULL, |s| {
        let mut line = Vec::new();
        while line.len() + 1 < numChars as usize {
            match get_wide(s) {
                Some(c) => {
                    line.push(c);
                    if c == b'\n' as u16 {
                        break;
                    }
                }
                None => break,
            }
        }
        if line.is_empty() && numChars > 1 || s.error {
            return GuestPtr::NULL;
        }
        line.push(0);
        str.write_slice(&line);
        str
    })
}

// Binary ints, whole lines from stdin, fread with a buffer size, the wide perror and
// freopen_s.

/// `_getw(stream)`: the next `int`, as its four bytes; EOF when they are not all there (EOF is
/// also a valid value: callers tell them apart with feof and ferror).
#[dllexport]
pub fn _getw(stream: GuestPtr<u8>) -> i32 {
    with_stream(stream.addr(), EOF, |s| {
        let mut bytes = [0u8; 4];
        for b in &mut bytes {
            match s.getc() {
                Some(c) => *b = c,
                None => return EOF,
            }
        }
        i32::from_le_bytes(bytes)
    })
}

/// `_putw(word, stream)`: writes the `int`'s four bytes; returns it, or EOF on a write error.
#[dllexport]
pub fn _putw(word: i32, stream: GuestPtr<u8>) -> i32 {
    with_stream(stream.addr(), EOF, |s| match s.write(&word.to_le_bytes()) {
        Ok(()) => word,
        Err(_) => EOF,
    })
}

/// One line of stdin without its newline; None when stdin ends before any character.
fn stdin_line<T: Copy>(
    next: impl Fn(&mut Stream) -> Option<T>,
    newline: impl Fn(T) -> bool,
) -> Option<Vec<T>> {
    with_stream(iob_entry(0), None, |s| {
        let mut line = Vec::new();
        loop {
            match next(s) {
                Some(c) if newline(c) => return Some(line),
                Some(c) => line.push(c),
                None if line.is_empty() || s.error => return None,
                None => return Some(line),
            }
        }
    })
}

fn narrow_line() -> Option<Vec<u8>> {
    stdin_line(Stream::getc, |c| c == b'\n')
}

fn wide_line() -> Option<Vec<u16>> {
    stdin_line(get_wide, |c| c == u16::from(b'\n'))
}

/// Copies a line and its terminator to `buffer`, the caller vouching for the room.
fn store_line<T: Copy + Default>(buffer: GuestPtr<T>, line: Option<Vec<T>>) -> GuestPtr<T> {
    let Some(line) = line else {
        return GuestPtr::NULL;
    };
    buffer.write_slice(&line);
    buffer.offset(line.len()).write(T::default());
    buffer
}

/// `gets_s(buffer, size)`: a line that does not fit with its terminator empties the buffer,
/// is an invalid parameter (ERANGE) and is consumed all the same.
fn store_line_s<T: Copy + Default>(
    buffer: GuestPtr<T>,
    size: usize,
    line: impl FnOnce() -> Option<Vec<T>>,
) -> GuestPtr<T> {
    if buffer.is_null() || size == 0 {
        super::stdlib::invalid_parameter(EINVAL);
        return GuestPtr::NULL;
    }
    match line() {
        Some(line) if line.len() < size => store_line(buffer, Some(line)),
        Some(_) => {
            buffer.write(T::default());
            super::stdlib::invalid_parameter(super::errno::ERANGE);
            GuestPtr::NULL
        }
        None => {
            buffer.write(T::default());
            GuestPtr::NULL
        }
    }
}

#[dllexport]
pub fn gets(buffer: GuestPtr<u8>) -> GuestPtr<u8> {
    if buffer.is_null() {
        super::stdlib::invalid_parameter(EINVAL);
        return GuestPtr::NULL;
    }
    store_line(buffer, narrow_line())
}

#[dllexport]
pub fn _getws(buffer: GuestPtr<u16>) -> GuestPtr<u16> {
    if buffer.is_null() {
        super::stdlib::invalid_parameter(EINVAL);
        return GuestPtr::NULL;
    }
    store_line(buffer, wide_line())
}

#[dllexport]
pub fn gets_s(buffer: GuestPtr<u8>, sizeInCharacters: usize) -> GuestPtr<u8> {
    store_line_s(buffer, sizeInCharacters, narrow_line)
}

#[dllexport]
pub fn _getws_s(buffer: GuestPtr<u16>, sizeInCharacters: usize) -> GuestPtr<u16> {
    store_line_s(buffer, sizeInCharacters, wide_line)
}

/// `fread_s(buffer, size, element, count, stream)`: fread into a buffer of `size` bytes. When
/// the stream holds more than fits, that is an invalid parameter (ERANGE) and 0 is returned.
#[dllexport]
pub fn fread_s(
    buffer: GuestPtr<u8>,
    bufferSize: usize,
    elementSize: usize,
    count: usize,
    stream: GuestPtr<u8>,
) -> usize {
    let Some(total) = elementSize.checked_mul(count) else {
        return 0;
    };
    if total == 0 {
        return 0;
    }
    if buffer.is_null() || stream.is_null() {
        super::stdlib::invalid_parameter(EINVAL);
        return 0;
    }
    if total <= bufferSize {
        return fread(buffer, elementSize, count, stream);
    }
    let fits = bufferSize / elementSize;
    let read = fread(buffer, elementSize, fits, stream);
    let more = with_stream(stream.addr(), false, |s| match s.getc() {
        Some(c) => {
            s.pushback.push(c);
            true
        }
        None => false,
    });
    if more {
        super::stdlib::invalid_parameter(super::errno::ERANGE);
        return 0;
    }
    read
}

#[dllexport]
pub fn _wperror(message: WStrPtr) {
    let message = message.string().unwrap_or_default();
    let text = super::string::error_message(super::errno::errno());
    let line = if message.is_empty() {
        format!("{text}\n")
    } else {
        format!("{message}: {text}\n")
    };
    put(iob_entry(2), line.as_bytes());
}

#[dllexport]
pub fn _wfreopen_s(
    pFile: GuestPtr<u64>,
    filename: WStrPtr,
    mode: WStrPtr,
    stream: GuestPtr<u8>,
) -> i32 {
    if pFile.is_null() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    fopen_s_common(
        pFile,
        reopen(filename.string(), wide_mode(mode), stream.addr()),
    )
}
