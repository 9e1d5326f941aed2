//! conio.h: console I/O. It talks to the console itself (CONOUT$ and CONIN$), not to the
//! standard streams, so its output reaches the terminal when stdout is redirected; keys are read
//! one at a time without waiting for Enter (`_getch`), echoed on request (`_getche`), or polled
//! (`_kbhit`); `_cgets` reads an edited, echoed line.

use super::errno::{EINVAL, ERANGE};
use super::printf::Options;
use super::scanf::{Input, ScanOptions, scan};
use super::stdio::EOF;
use super::stdio_printf::{MSVCRT, checked, narrow, positional, ucrt, wide};
use super::stdlib::invalid_parameter;
use crate::abi::{CStrPtr, GuestPtr, VaList, VarArgs, WStrPtr};
use crate::dllexport;
use crate::nt::{console, file};
use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::{Mutex, MutexGuard, OnceLock};
use windows_sys::Win32::Storage::FileSystem::{
    FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_EXISTING,
};
use windows_sys::Win32::System::Console::{
    ENABLE_ECHO_INPUT, ENABLE_LINE_INPUT, ENABLE_PROCESSED_INPUT, ENHANCED_KEY, KEY_EVENT_RECORD,
    LEFT_ALT_PRESSED, LEFT_CTRL_PRESSED, RIGHT_ALT_PRESSED, RIGHT_CTRL_PRESSED, SHIFT_PRESSED,
};

const WEOF: u32 = 0xFFFF;

fn open(name: &str, access: u32) -> Option<file::FileObject> {
    let request = file::CreateRequest {
        access,
        share: FILE_SHARE_READ | FILE_SHARE_WRITE,
        disposition: OPEN_EXISTING,
        flags: 0,
    };
    file::create(name, &request).ok().map(|(f, _)| f)
}

/// CONOUT$, opened on first use as the CRT does; None when the process has no console.
fn output() -> Option<&'static file::FileObject> {
    static OUTPUT: OnceLock<Option<file::FileObject>> = OnceLock::new();
    OUTPUT
        .get_or_init(|| open("CONOUT$", FILE_GENERIC_WRITE))
        .as_ref()
}

fn input() -> Option<&'static file::FileObject> {
    static INPUT: OnceLock<Option<file::FileObject>> = OnceLock::new();
    INPUT
        .get_or_init(|| open("CONIN$", FILE_GENERIC_READ))
        .as_ref()
}

fn write(bytes: &[u8]) -> bool {
    output().is_some_and(|f| f.write_bytes(bytes).is_ok_and(|n| n == bytes.len()))
}

/// The console code page is UTF-8.
fn write_wide(units: &[u16]) -> bool {
    write(String::from_utf16_lossy(units).as_bytes())
}

/// Narrow characters still to be read before the next key: what `_ungetch` gave back, the scan
/// code of an extended key, the other bytes of a character outside ASCII.
static NARROW_PENDING: Mutex<VecDeque<u8>> = Mutex::new(VecDeque::new());
/// The wide counterpart: `_ungetwch`'s character or an extended key's scan code.
static WIDE_PENDING: Mutex<Option<u16>> = Mutex::new(None);

fn narrow_pending() -> MutexGuard<'static, VecDeque<u8>> {
    NARROW_PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

fn wide_pending() -> MutexGuard<'static, Option<u16>> {
    WIDE_PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// A key as `_getch` sees it.
enum Key {
    Char(u16),
    /// A key without a character: the lead code (0xE0 for the gray keys, 0 for the others) and
    /// the code the next read returns.
    Extended(u8, u8),
    /// The console's input has ended.
    End,
}

/// The codes `_getch` gives a key without a character: function keys, arrows and the editing
/// keys, plain or with Shift. With Ctrl or Alt the CRT has codes of its own that winrun does not
/// produce yet; such keys are skipped.
fn extended_code(key: &KEY_EVENT_RECORD) -> Option<(u8, u8)> {
    const VK_PRIOR: u16 = 0x21;
    const VK_DOWN: u16 = 0x28;
    const VK_INSERT: u16 = 0x2D;
    const VK_DELETE: u16 = 0x2E;
    const VK_F1: u16 = 0x70;
    const VK_F10: u16 = 0x79;
    const VK_F11: u16 = 0x7A;
    const VK_F12: u16 = 0x7B;
    let state = key.dwControlKeyState;
    let vk = key.wVirtualKeyCode;
    let special = matches!(vk, VK_PRIOR..=VK_DOWN | VK_INSERT | VK_DELETE | VK_F1..=VK_F12);
    if !special {
        return None;
    }
    let modified = LEFT_CTRL_PRESSED | RIGHT_CTRL_PRESSED | LEFT_ALT_PRESSED | RIGHT_ALT_PRESSED;
    if state & modified != 0 {
        tracing::warn!(target: "crt::conio", "key {vk:#x} with Ctrl or Alt is not passed to _getch");
        return None;
    }
    let shift = state & SHIFT_PRESSED != 0;
    Some(match vk {
        VK_F1..=VK_F10 => (0, if shift { 0x54 } else { 0x3B } + (vk - VK_F1) as u8),
        VK_F11 | VK_F12 => (0xE0, if shift { 0x87 } else { 0x85 } + (vk - VK_F11) as u8),
        _ => {
            let lead = if state & ENHANCED_KEY != 0 { 0xE0 } else { 0 };
            (lead, key.wVirtualScanCode as u8)
        }
    })
}

/// Waits for the next key press. The console is in raw mode meanwhile, as the CRT sets it: no
/// line editing, no echo, and Ctrl+C is the character 3 rather than a signal.
fn next_key() -> Key {
    let Some(f) = input() else {
        return Key::End;
    };
    let mode = console::INPUT_MODE.load(Ordering::Relaxed);
    console::set_input_mode(f.fd(), 0);
    let key = loop {
        let records = console::input_records(f.fd(), 1, true, true);
        let Some(record) = records.first() else {
            break Key::End;
        };
        let Some(key) = crate::abi::mem::key_event(record) else {
            continue;
        };
        if key.bKeyDown == 0 {
            continue;
        }
        let ch = console::key_char(&key);
        if ch != 0 {
            break Key::Char(ch);
        }
        if let Some((lead, code)) = extended_code(&key) {
            break Key::Extended(lead, code);
        }
    };
    console::set_input_mode(f.fd(), mode);
    key
}

/// `_getch`/`_getche`: a byte of the next character; a character outside ASCII comes as its
/// UTF-8 bytes, one per call. With `echo` a typed character is written back whole (an extended
/// key's codes are not: they are no text).
fn get_narrow(echo: bool) -> i32 {
    let mut pending = narrow_pending();
    if let Some(b) = pending.pop_front() {
        return i32::from(b);
    }
    match next_key() {
        Key::Char(c) => {
            let text = String::from_utf16_lossy(&[c]);
            let bytes = text.as_bytes();
            if echo && !write(bytes) {
                return EOF;
            }
            pending.extend(&bytes[1..]);
            i32::from(bytes[0])
        }
        Key::Extended(lead, code) => {
            pending.push_back(code);
            i32::from(lead)
        }
        Key::End => EOF,
    }
}

fn get_wide(echo: bool) -> u32 {
    let mut pending = wide_pending();
    if let Some(c) = pending.take() {
        return u32::from(c);
    }
    match next_key() {
        Key::Char(c) => {
            if echo && !write_wide(&[c]) {
                return WEOF;
            }
            u32::from(c)
        }
        Key::Extended(lead, code) => {
            *pending = Some(u16::from(code));
            u32::from(lead)
        }
        Key::End => WEOF,
    }
}

#[dllexport]
pub fn _getch() -> i32 {
    get_narrow(false)
}

#[dllexport]
pub fn _getche() -> i32 {
    get_narrow(true)
}

#[dllexport]
pub fn _getwch() -> u32 {
    get_wide(false)
}

#[dllexport]
pub fn _getwche() -> u32 {
    get_wide(true)
}

/// Gives one character back to be read next; a second before it is read fails with EOF.
#[dllexport]
pub fn _ungetch(c: i32) -> i32 {
    let mut pending = narrow_pending();
    if c == EOF || !pending.is_empty() {
        return EOF;
    }
    pending.push_back(c as u8);
    c
}

#[dllexport]
pub fn _ungetwch(c: u32) -> u32 {
    let c = c & 0xFFFF;
    let mut pending = wide_pending();
    if c == WEOF || pending.is_some() {
        return WEOF;
    }
    *pending = Some(c as u16);
    c
}

/// Whether a key is waiting to be read (it is left there).
#[dllexport]
pub fn _kbhit() -> i32 {
    if !narrow_pending().is_empty() || wide_pending().is_some() {
        return 1;
    }
    let Some(f) = input() else {
        return 0;
    };
    let waiting = console::input_records(f.fd(), usize::MAX, false, false)
        .iter()
        .filter_map(crate::abi::mem::key_event)
        .filter(|k| k.bKeyDown != 0)
        .any(|k| console::key_char(&k) != 0 || extended_code(&k).is_some());
    i32::from(waiting)
}

#[dllexport]
pub fn _putch(c: i32) -> i32 {
    if write(&[c as u8]) { c } else { EOF }
}

#[dllexport]
pub fn _putwch(c: u16) -> u32 {
    if write_wide(&[c]) { u32::from(c) } else { WEOF }
}

/// 0, or -1 when the console cannot be written.
#[dllexport]
pub fn _cputs(str: CStrPtr) -> i32 {
    let Some(text) = str.bytes() else {
        invalid_parameter(EINVAL);
        return -1;
    };
    if write(&text) { 0 } else { -1 }
}

#[dllexport]
pub fn _cputws(str: WStrPtr) -> i32 {
    let Some(text) = str.units() else {
        invalid_parameter(EINVAL);
        return -1;
    };
    if write_wide(&text) { 0 } else { -1 }
}

// Line input: the console's line editing and echo, whatever mode the program set.

/// Runs `read` on the console input in line mode with echo, then restores the program's mode.
fn in_line_mode<R>(read: impl FnOnce(&file::FileObject) -> Option<R>) -> Option<R> {
    let f = input()?;
    let mode = console::INPUT_MODE.load(Ordering::Relaxed);
    console::set_input_mode(
        f.fd(),
        ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_PROCESSED_INPUT,
    );
    let result = read(f);
    console::set_input_mode(f.fd(), mode);
    result
}

/// How much of a line read is text: without its CR-LF. A read that ended between the CR and
/// the LF takes the LF too, so the next read starts on the next line.
fn line_length<T: Copy + Into<u32>>(f: &file::FileObject, read: &[T]) -> usize {
    let code = |k: usize| read.get(k).map(|&u| u.into());
    let n = read.len();
    if n >= 2 && code(n - 2) == Some(13) && code(n - 1) == Some(10) {
        return n - 2;
    }
    if n >= 1 && code(n - 1) == Some(13) {
        let _ = crate::kernel32::consoleapi::read_console(f, 1);
        return n - 1;
    }
    n
}

/// Reads a line of at most `max` wide characters.
fn read_wide_line(max: usize) -> Option<Vec<u16>> {
    in_line_mode(|f| {
        let mut units = crate::kernel32::consoleapi::read_console(f, max).ok()?;
        let len = line_length(f, &units);
        units.truncate(len);
        Some(units)
    })
}

/// Reads a line of at most `max` bytes into `buffer` and terminates it; returns its length.
fn read_narrow_line(buffer: GuestPtr<u8>, max: usize) -> Option<usize> {
    in_line_mode(|f| {
        let n = crate::kernel32::consoleapi::read_console_bytes(f, buffer, max).ok()?;
        let len = line_length(f, &buffer.read_slice(n));
        buffer.offset(len).write(0);
        Some(len)
    })
}

/// `_cgets(buffer)`: `buffer[0]` holds the most characters to read; the length read goes to
/// `buffer[1]` and the text from `buffer[2]`, which is returned.
#[dllexport]
pub fn _cgets(buffer: GuestPtr<u8>) -> GuestPtr<u8> {
    let Some(max) = buffer.read() else {
        invalid_parameter(EINVAL);
        return GuestPtr::NULL;
    };
    let text = buffer.offset(2);
    match read_narrow_line(text, usize::from(max)) {
        Some(len) => {
            buffer.offset(1).write(len as u8);
            text
        }
        None => GuestPtr::NULL,
    }
}

#[dllexport]
pub fn _cgetws(buffer: GuestPtr<u16>) -> GuestPtr<u16> {
    let Some(max) = buffer.read() else {
        invalid_parameter(EINVAL);
        return GuestPtr::NULL;
    };
    let text = buffer.offset(2);
    match read_wide_line(usize::from(max)) {
        Some(units) => {
            text.write_slice(&units);
            text.offset(units.len()).write(0);
            buffer.offset(1).write(units.len() as u16);
            text
        }
        None => GuestPtr::NULL,
    }
}

/// `_cgets_s(buffer, size, read)`: at most `size - 1` characters and a terminator.
#[dllexport]
pub fn _cgets_s(buffer: GuestPtr<u8>, numberOfElements: usize, pSizeRead: GuestPtr<usize>) -> i32 {
    if buffer.is_null() || numberOfElements == 0 || pSizeRead.is_null() {
        invalid_parameter(EINVAL);
        return EINVAL;
    }
    match read_narrow_line(buffer, numberOfElements - 1) {
        Some(len) => {
            pSizeRead.write(len);
            0
        }
        None => {
            buffer.write(0);
            pSizeRead.write(0);
            ERANGE
        }
    }
}

#[dllexport]
pub fn _cgetws_s(
    buffer: GuestPtr<u16>,
    numberOfElements: usize,
    pSizeRead: GuestPtr<usize>,
) -> i32 {
    if buffer.is_null() || numberOfElements == 0 || pSizeRead.is_null() {
        invalid_parameter(EINVAL);
        return EINVAL;
    }
    match read_wide_line(numberOfElements - 1) {
        Some(units) => {
            buffer.write_slice(&units);
            buffer.offset(units.len()).write(0);
            pSizeRead.write(units.len());
            0
        }
        None => {
            buffer.write(0);
            pSizeRead.write(0);
            ERANGE
        }
    }
}

// Formatted output: printf's formatting, written to the console.

fn cprint(options: Options, format: CStrPtr, args: VaList) -> i32 {
    match narrow(options, format, args) {
        Some(out) if write(&out) => out.len() as i32,
        _ => -1,
    }
}

fn cwprint(options: Options, format: WStrPtr, args: VaList) -> i32 {
    match wide(options, format, args) {
        Some(out) if write_wide(&out) => out.len() as i32,
        _ => -1,
    }
}

#[dllexport]
pub fn _cprintf(format: CStrPtr, args: VarArgs) -> i32 {
    cprint(MSVCRT, format, args)
}

#[dllexport]
pub fn _cprintf_l(format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    cprint(MSVCRT, format, args)
}

#[dllexport]
pub fn _cprintf_p(format: CStrPtr, args: VarArgs) -> i32 {
    cprint(positional(MSVCRT), format, args)
}

#[dllexport]
pub fn _cprintf_p_l(format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    cprint(positional(MSVCRT), format, args)
}

#[dllexport]
pub fn _vcprintf(format: CStrPtr, args: VaList) -> i32 {
    cprint(MSVCRT, format, args)
}

#[dllexport]
pub fn _vcprintf_l(format: CStrPtr, locale: u64, args: VaList) -> i32 {
    cprint(MSVCRT, format, args)
}

#[dllexport]
pub fn _vcprintf_p(format: CStrPtr, args: VaList) -> i32 {
    cprint(positional(MSVCRT), format, args)
}

#[dllexport]
pub fn _vcprintf_p_l(format: CStrPtr, locale: u64, args: VaList) -> i32 {
    cprint(positional(MSVCRT), format, args)
}

#[dllexport]
pub fn _cwprintf(format: WStrPtr, args: VarArgs) -> i32 {
    cwprint(MSVCRT, format, args)
}

#[dllexport]
pub fn _cwprintf_l(format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    cwprint(MSVCRT, format, args)
}

#[dllexport]
pub fn _cwprintf_p(format: WStrPtr, args: VarArgs) -> i32 {
    cwprint(positional(MSVCRT), format, args)
}

#[dllexport]
pub fn _cwprintf_p_l(format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    cwprint(positional(MSVCRT), format, args)
}

#[dllexport]
pub fn _vcwprintf(format: WStrPtr, args: VaList) -> i32 {
    cwprint(MSVCRT, format, args)
}

#[dllexport]
pub fn _vcwprintf_l(format: WStrPtr, locale: u64, args: VaList) -> i32 {
    cwprint(MSVCRT, format, args)
}

#[dllexport]
pub fn _vcwprintf_p(format: WStrPtr, args: VaList) -> i32 {
    cwprint(positional(MSVCRT), format, args)
}

#[dllexport]
pub fn _vcwprintf_p_l(format: WStrPtr, locale: u64, args: VaList) -> i32 {
    cwprint(positional(MSVCRT), format, args)
}

// The UCRT's entry points, which its inline `_cprintf` family calls with option bits.

#[dllexport]
pub fn __conio_common_vcprintf(options: u64, format: CStrPtr, locale: u64, args: VaList) -> i32 {
    cprint(ucrt(options), format, args)
}

#[dllexport]
pub fn __conio_common_vcprintf_s(options: u64, format: CStrPtr, locale: u64, args: VaList) -> i32 {
    cprint(checked(ucrt(options)), format, args)
}

#[dllexport]
pub fn __conio_common_vcprintf_p(options: u64, format: CStrPtr, locale: u64, args: VaList) -> i32 {
    cprint(positional(ucrt(options)), format, args)
}

#[dllexport]
pub fn __conio_common_vcwprintf(options: u64, format: WStrPtr, locale: u64, args: VaList) -> i32 {
    cwprint(ucrt(options), format, args)
}

#[dllexport]
pub fn __conio_common_vcwprintf_s(options: u64, format: WStrPtr, locale: u64, args: VaList) -> i32 {
    cwprint(checked(ucrt(options)), format, args)
}

#[dllexport]
pub fn __conio_common_vcwprintf_p(options: u64, format: WStrPtr, locale: u64, args: VaList) -> i32 {
    cwprint(positional(ucrt(options)), format, args)
}

// Formatted input: scanf over keys read with echo, as `_getche` reads them.

struct ConsoleInput {
    wide: bool,
}

impl Input for ConsoleInput {
    fn next(&mut self) -> Option<u32> {
        if self.wide {
            Some(get_wide(true)).filter(|&c| c != WEOF)
        } else {
            u32::try_from(get_narrow(true)).ok()
        }
    }
    fn unget(&mut self, c: u32) {
        if self.wide {
            *wide_pending() = Some(c as u16);
        } else {
            narrow_pending().push_front(c as u8);
        }
    }
}

fn cscan(format: CStrPtr, args: VaList, secure: bool) -> i32 {
    let Some(fmt) = format.bytes() else {
        invalid_parameter(EINVAL);
        return EOF;
    };
    let fmt: Vec<u32> = fmt.iter().map(|&b| u32::from(b)).collect();
    let options = ScanOptions {
        wide_format: false,
        secure,
    };
    scan(&fmt, &mut ConsoleInput { wide: false }, args, options)
}

fn cwscan(format: WStrPtr, args: VaList, secure: bool) -> i32 {
    let Some(fmt) = format.units() else {
        invalid_parameter(EINVAL);
        return EOF;
    };
    let fmt: Vec<u32> = fmt.iter().map(|&u| u32::from(u)).collect();
    let options = ScanOptions {
        wide_format: true,
        secure,
    };
    scan(&fmt, &mut ConsoleInput { wide: true }, args, options)
}

#[dllexport]
pub fn _cscanf(format: CStrPtr, args: VarArgs) -> i32 {
    cscan(format, args, false)
}

#[dllexport]
pub fn _cscanf_l(format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    cscan(format, args, false)
}

#[dllexport]
pub fn _cscanf_s(format: CStrPtr, args: VarArgs) -> i32 {
    cscan(format, args, true)
}

#[dllexport]
pub fn _cscanf_s_l(format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    cscan(format, args, true)
}

#[dllexport]
pub fn _cwscanf(format: WStrPtr, args: VarArgs) -> i32 {
    cwscan(format, args, false)
}

#[dllexport]
pub fn _cwscanf_l(format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    cwscan(format, args, false)
}

#[dllexport]
pub fn _cwscanf_s(format: WStrPtr, args: VarArgs) -> i32 {
    cwscan(format, args, true)
}

#[dllexport]
pub fn _cwscanf_s_l(format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    cwscan(format, args, true)
}

/// `_CRT_INTERNAL_SCANF_SECURECRT`: the `_s` forms' buffer sizes.
const UCRT_SCANF_SECURECRT: u64 = 1;

#[dllexport]
pub fn __conio_common_vcscanf(options: u64, format: CStrPtr, locale: u64, args: VaList) -> i32 {
    cscan(format, args, options & UCRT_SCANF_SECURECRT != 0)
}

#[dllexport]
pub fn __conio_common_vcwscanf(options: u64, format: WStrPtr, locale: u64, args: VaList) -> i32 {
    cwscan(format, args, options & UCRT_SCANF_SECURECRT != 0)
}
