//! The terminal behind the console handles. The console input mode becomes terminal settings
//! (the original ones come back when the process ends, however it ends); bytes typed on the
//! terminal become console input records; the cursor position is asked of the terminal.

use super::vt_input::{self, Decoded};
use crate::abi::host;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use windows_sys::Win32::System::Console::{
    ENABLE_ECHO_INPUT, ENABLE_EXTENDED_FLAGS, ENABLE_INSERT_MODE, ENABLE_LINE_INPUT,
    ENABLE_PROCESSED_INPUT, ENABLE_PROCESSED_OUTPUT, ENABLE_QUICK_EDIT_MODE,
    ENABLE_VIRTUAL_TERMINAL_INPUT, ENABLE_WINDOW_INPUT, ENABLE_WRAP_AT_EOL_OUTPUT, INPUT_RECORD,
    INPUT_RECORD_0, WINDOW_BUFFER_SIZE_EVENT, WINDOW_BUFFER_SIZE_RECORD,
};

/// The input mode a new console starts with: processed, line and echo input.
pub static INPUT_MODE: AtomicU32 = AtomicU32::new(
    ENABLE_PROCESSED_INPUT
        | ENABLE_LINE_INPUT
        | ENABLE_ECHO_INPUT
        | ENABLE_INSERT_MODE
        | ENABLE_QUICK_EDIT_MODE
        | ENABLE_EXTENDED_FLAGS,
);
/// Processed output with wrap at end of line.
pub static OUTPUT_MODE: AtomicU32 =
    AtomicU32::new(ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT);

/// The terminal and its settings before winrun changed them.
static ORIGINAL: OnceLock<(i32, libc::termios)> = OnceLock::new();
/// The terminal whose cursor winrun hid (-1: none), shown again at exit.
static HIDDEN_CURSOR: AtomicI32 = AtomicI32::new(-1);
/// The terminal shows its alternate screen (a created screen buffer): switched back at exit.
static ALTERNATE_SCREEN: AtomicBool = AtomicBool::new(false);

fn set_flag(flags: &mut libc::tcflag_t, bits: libc::tcflag_t, on: bool) {
    if on {
        *flags |= bits;
    } else {
        *flags &= !bits;
    }
}

/// The terminal settings for console input `mode`: line input is the terminal's canonical mode
/// (its line editing, Enter read as "\n"), echo needs line input as on Windows, processed input
/// lets the terminal turn Ctrl+C into a signal; otherwise keys arrive as typed, Enter as "\r".
fn settings_for(base: &libc::termios, mode: u32) -> libc::termios {
    let mut t = *base;
    let line = mode & ENABLE_LINE_INPUT != 0;
    let echo = line && mode & ENABLE_ECHO_INPUT != 0;
    set_flag(&mut t.c_lflag, libc::ICANON | libc::IEXTEN, line);
    set_flag(&mut t.c_lflag, libc::ECHO | libc::ECHOE | libc::ECHOK, echo);
    set_flag(
        &mut t.c_lflag,
        libc::ISIG,
        mode & ENABLE_PROCESSED_INPUT != 0,
    );
    set_flag(&mut t.c_iflag, libc::ICRNL | libc::IXON, line);
    t.c_cc[libc::VMIN] = 1;
    t.c_cc[libc::VTIME] = 0;
    t
}

/// Sets terminal `fd` up for console input `mode`, remembering the original settings first.
fn apply(fd: i32, mode: u32) {
    let Some(current) = host::terminal_settings(fd) else {
        return;
    };
    let (_, original) = ORIGINAL.get_or_init(|| (fd, current));
    let wanted = settings_for(original, mode);
    if !same_settings(&wanted, &current) {
        host::set_terminal_settings(fd, &wanted);
    }
}

fn same_settings(a: &libc::termios, b: &libc::termios) -> bool {
    a.c_iflag == b.c_iflag
        && a.c_oflag == b.c_oflag
        && a.c_lflag == b.c_lflag
        && a.c_cflag == b.c_cflag
        && a.c_cc == b.c_cc
}

/// SetConsoleMode on the input handle: the mode takes effect on the terminal at once.
/// With window input, resizes are watched from now on, so none is missed before the next read.
pub fn set_input_mode(fd: i32, mode: u32) {
    INPUT_MODE.store(mode, Ordering::Relaxed);
    apply(fd, mode);
    if mode & ENABLE_WINDOW_INPUT != 0 {
        host::watch_terminal_resize();
    }
}

/// Puts the terminal back as the process found it. Called as the process ends.
pub fn restore_terminal() {
    if ALTERNATE_SCREEN.swap(false, Ordering::Relaxed) {
        // The handle that switched may be closed by now: the controlling terminal is the same.
        if let Ok(tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
            let _ = std::io::Write::write_all(&mut &tty, b"\x1b[?1049l");
        }
    }
    let hidden = HIDDEN_CURSOR.swap(-1, Ordering::Relaxed);
    if hidden >= 0 {
        let show = b"\x1b[?25h";
        let _ = host::write(hidden, show.as_ptr() as u64, show.len());
    }
    if let Some((fd, original)) = ORIGINAL.get() {
        host::set_terminal_settings(*fd, original);
    }
}

/// Records that the cursor of terminal `fd` is hidden (`visible` false) or shown again.
pub fn note_cursor_visible(fd: i32, visible: bool) {
    HIDDEN_CURSOR.store(if visible { -1 } else { fd }, Ordering::Relaxed);
}

/// Records that the terminal shows its alternate screen (`on`) or its main one again.
pub fn note_alternate_screen(on: bool) {
    ALTERNATE_SCREEN.store(on, Ordering::Relaxed);
}

/// How long the rest of an escape sequence may take to arrive before a lone ESC is the Esc key.
const ESCAPE_WAIT_MS: i32 = 30;
/// How long a terminal may take to answer a cursor position query.
const REPLY_WAIT_MS: i32 = 300;

/// Console input not yet read by the program.
struct Input {
    events: VecDeque<INPUT_RECORD>,
    /// Bytes read from the terminal that do not make a whole key yet.
    partial: Vec<u8>,
    /// The last cursor position report (row, column, 1-based) seen in the input.
    cursor_report: Option<(u16, u16)>,
    /// winrun is waiting for the answer to its cursor position query.
    cursor_query: bool,
}

static INPUT: Mutex<Input> = Mutex::new(Input {
    events: VecDeque::new(),
    partial: Vec::new(),
    cursor_report: None,
    cursor_query: false,
});
/// Set once a terminal failed to answer a cursor query: it is not asked again.
static NO_CURSOR_REPLY: AtomicBool = AtomicBool::new(false);

fn input() -> MutexGuard<'static, Input> {
    INPUT.lock().unwrap_or_else(|e| e.into_inner())
}

/// The terminal switched to key-at-a-time input without echo while `f` runs (input records are
/// delivered per key even in line mode), then set back to the console mode.
fn with_keys_as_typed<R>(fd: i32, f: impl FnOnce() -> R) -> R {
    let mode = INPUT_MODE.load(Ordering::Relaxed);
    let switch = mode & (ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT) != 0;
    if switch {
        apply(fd, mode & !(ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT));
    }
    let result = f();
    if switch {
        apply(fd, mode);
    }
    result
}

/// What one wait for terminal input brought.
#[derive(PartialEq, Eq)]
enum Arrived {
    Bytes,
    Nothing,
    /// The terminal hung up.
    End,
}

impl Input {
    /// Decodes the whole keys in `partial` into records; `complete`: no more bytes are coming.
    fn decode(&mut self, complete: bool) {
        let literal = INPUT_MODE.load(Ordering::Relaxed) & ENABLE_VIRTUAL_TERMINAL_INPUT != 0;
        while !self.partial.is_empty() {
            // A cursor report is winrun's own query being answered, whatever the mode.
            let report = self.partial.starts_with(b"\x1b[") && self.cursor_query;
            match vt_input::decode(&self.partial, complete, literal && !report) {
                Decoded::Keys(keys, used) => {
                    for k in keys {
                        vt_input::key_records(k, &mut self.events);
                    }
                    self.partial.drain(..used);
                }
                Decoded::CursorReport(row, col, used) => {
                    self.cursor_report = Some((row, col));
                    self.partial.drain(..used);
                }
                Decoded::Incomplete => break,
            }
        }
    }

    /// One wait for input on terminal `fd` of at most `timeout_ms` (negative: no limit), then
    /// what arrived decoded.
    fn read_once(&mut self, fd: i32, timeout_ms: i32) -> Arrived {
        let window_input = INPUT_MODE.load(Ordering::Relaxed) & ENABLE_WINDOW_INPUT != 0;
        let resize = if window_input {
            host::watch_terminal_resize()
        } else {
            -1
        };
        let readable = host::wait_readable(fd, resize, timeout_ms);
        if resize >= 0 && host::drain(resize) {
            let (cols, rows) = host::terminal_size(1)
                .or_else(|| host::terminal_size(fd))
                .unwrap_or((80, 25));
            self.events.push_back(window_size_record(cols, rows));
        }
        if readable {
            let mut buf = [0u8; 256];
            match host::read(fd, buf.as_mut_ptr() as u64, buf.len()) {
                Ok(0) | Err(_) => return Arrived::End,
                Ok(n) => self.partial.extend_from_slice(&buf[..n]),
            }
            self.decode(false);
            Arrived::Bytes
        } else {
            if !self.partial.is_empty() && timeout_ms >= 0 {
                self.decode(true);
            }
            Arrived::Nothing
        }
    }

    /// Takes in what the terminal holds; with `wait`, until there is at least one record.
    fn gather(&mut self, fd: i32, wait: bool) {
        with_keys_as_typed(fd, || {
            loop {
                let timeout = if !self.partial.is_empty() {
                    ESCAPE_WAIT_MS
                } else if wait && self.events.is_empty() {
                    -1
                } else {
                    0
                };
                if self.read_once(fd, timeout) == Arrived::End {
                    self.decode(true);
                    break;
                }
                if (!wait || !self.events.is_empty()) && self.partial.is_empty() {
                    break;
                }
            }
        })
    }
}

fn window_size_record(cols: u16, rows: u16) -> INPUT_RECORD {
    INPUT_RECORD {
        EventType: WINDOW_BUFFER_SIZE_EVENT as u16,
        Event: INPUT_RECORD_0 {
            WindowBufferSizeEvent: WINDOW_BUFFER_SIZE_RECORD {
                dwSize: windows_sys::Win32::System::Console::COORD {
                    X: cols as i16,
                    Y: rows as i16,
                },
            },
        },
    }
}

/// Up to `max` input records of terminal `fd`, taken out of the queue (`remove`) or left there;
/// `wait`: block until there is at least one.
pub fn input_records(fd: i32, max: usize, remove: bool, wait: bool) -> Vec<INPUT_RECORD> {
    let mut input = input();
    input.gather(fd, wait);
    let take = max.min(input.events.len());
    if remove {
        input.events.drain(..take).collect()
    } else {
        input.events.iter().take(take).copied().collect()
    }
}

/// How many input records terminal `fd` has ready.
pub fn pending_records(fd: i32) -> usize {
    let mut input = input();
    input.gather(fd, false);
    input.events.len()
}

/// WriteConsoleInput: records placed at the end of the queue, read like typed ones.
pub fn push_records(records: &[INPUT_RECORD]) {
    input().events.extend(records.iter().copied());
}

/// FlushConsoleInputBuffer: drops queued records and whatever the terminal holds unread.
pub fn discard_input(fd: i32) {
    let mut input = input();
    input.events.clear();
    input.partial.clear();
    host::discard_terminal_input(fd);
}

/// The characters of queued key-down records (records without one are dropped), taken for a
/// character read; `None` when nothing is queued. The read ends after Enter when `line`.
pub fn queued_chars(line: bool) -> Option<Vec<u16>> {
    let mut input = input();
    if input.events.is_empty() {
        return None;
    }
    let mut chars = Vec::new();
    while let Some(record) = input.events.pop_front() {
        let Some(key) = crate::abi::mem::key_event(&record) else {
            continue;
        };
        let ch = key_char(&key);
        if key.bKeyDown == 0 || ch == 0 {
            continue;
        }
        chars.push(ch);
        if line && ch == u16::from(b'\r') {
            chars.push(u16::from(b'\n'));
            break;
        }
    }
    Some(chars)
}

/// The UTF-16 character of a key event.
pub fn key_char(key: &windows_sys::Win32::System::Console::KEY_EVENT_RECORD) -> u16 {
    crate::abi::mem::key_char(key)
}

/// Keys typed on terminal `fd` as characters, for a character read without line input: blocks
/// for the first, then takes what else is ready. Keys without a character are dropped, as the
/// console does.
pub fn typed_chars(fd: i32) -> Vec<u16> {
    loop {
        let records = input_records(fd, usize::MAX, true, true);
        if records.is_empty() {
            return Vec::new();
        }
        let chars: Vec<u16> = records
            .iter()
            .filter_map(crate::abi::mem::key_event)
            .filter(|k| k.bKeyDown != 0)
            .map(|k| key_char(&k))
            .filter(|&c| c != 0)
            .collect();
        if !chars.is_empty() {
            return chars;
        }
    }
}

/// The cursor position (column, row, 0-based) of the terminal `out` shows, asked of it with a
/// device status report on `out`, the answer read from input terminal `input_fd`. `None` when
/// the terminal does not answer (it is then not asked again) or the process runs in the
/// background.
pub fn cursor_position(input_fd: i32, out: &super::file::FileObject) -> Option<(u16, u16)> {
    // A program in the background must not read the terminal (the kernel would stop it).
    if NO_CURSOR_REPLY.load(Ordering::Relaxed) || !host::in_foreground(input_fd) {
        return None;
    }
    let mut input = input();
    input.cursor_report = None;
    input.cursor_query = true;
    let report = with_keys_as_typed(input_fd, || {
        // Straight to the terminal: the query is no text of the program's screen buffer.
        let query = b"\x1b[6n";
        host::write(out.fd(), query.as_ptr() as u64, query.len()).ok()?;
        while input.cursor_report.is_none() {
            if input.read_once(input_fd, REPLY_WAIT_MS) != Arrived::Bytes {
                break;
            }
        }
        input.cursor_report.take()
    });
    input.cursor_query = false;
    if report.is_none() {
        NO_CURSOR_REPLY.store(true, Ordering::Relaxed);
    }
    report.map(|(row, col)| (col.saturating_sub(1), row.saturating_sub(1)))
}
