//! consoleapi.h: the console as a terminal. A handle is a console when its fd is a terminal;
//! on Windows console APIs fail with ERROR_INVALID_HANDLE for a redirected handle, and so here.

use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::{console, file};
use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use windows_sys::Win32::System::Console::{
    ENABLE_LINE_INPUT, ENABLE_VIRTUAL_TERMINAL_INPUT, INPUT_RECORD, KEY_EVENT_RECORD_0,
};

pub fn console(h: Handle) -> Win32Result<std::sync::Arc<file::FileObject>> {
    let f = file::get(h)?;
    if !f.console {
        return Err(Win32Error::INVALID_HANDLE);
    }
    Ok(f)
}

/// The input handle's mode or the output handle's.
fn mode_of(f: &file::FileObject) -> &'static AtomicU32 {
    if is_input(f) {
        &console::INPUT_MODE
    } else {
        &console::OUTPUT_MODE
    }
}

/// Whether a console handle is the input side (standard input, or CONIN$ opened by name).
pub fn is_input(f: &file::FileObject) -> bool {
    f.fd() == 0 || crate::abi::host::opened_read_only(f.fd())
}

#[dllexport]
pub fn GetConsoleMode(hConsoleHandle: Handle, lpMode: GuestPtr<u32>) -> Win32Result<()> {
    let f = console(hConsoleHandle)?;
    lpMode.write_required(mode_of(&f).load(Ordering::Relaxed))
}

#[dllexport]
pub fn SetConsoleMode(hConsoleHandle: Handle, dwMode: u32) -> Win32Result<()> {
    let f = console(hConsoleHandle)?;
    if is_input(&f) {
        console::set_input_mode(f.fd(), dwMode);
        // The terminal is winrun's to restore now: the signals that end a process (SIGTERM,
        // SIGHUP, a Ctrl+C) go through the control handlers, whose default exits cleanly.
        route_ctrl_signals();
    } else {
        console::OUTPUT_MODE.store(dwMode, Ordering::Relaxed);
    }
    Ok(())
}

/// Writes UTF-16 to the terminal as UTF-8.
#[dllexport]
pub fn WriteConsoleW(
    hConsoleOutput: Handle,
    lpBuffer: GuestPtr<u16>,
    nNumberOfCharsToWrite: u32,
    lpNumberOfCharsWritten: GuestPtr<u32>,
    lpReserved: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = console(hConsoleOutput)?;
    let units = lpBuffer.read_slice(nNumberOfCharsToWrite as usize);
    let text = String::from_utf16_lossy(&units);
    f.write_bytes(text.as_bytes())?;
    lpNumberOfCharsWritten.write(nNumberOfCharsToWrite);
    Ok(())
}

/// The console code page is UTF-8, so the bytes go through unchanged.
#[dllexport]
pub fn WriteConsoleA(
    hConsoleOutput: Handle,
    lpBuffer: GuestPtr<u8>,
    nNumberOfCharsToWrite: u32,
    lpNumberOfCharsWritten: GuestPtr<u32>,
    lpReserved: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = console(hConsoleOutput)?;
    let n = f.write(lpBuffer.addr(), nNumberOfCharsToWrite as usize)?;
    lpNumberOfCharsWritten.write(n as u32);
    Ok(())
}

static INPUT_CP: AtomicU32 = AtomicU32::new(65001);
static OUTPUT_CP: AtomicU32 = AtomicU32::new(65001);

#[dllexport]
pub fn GetConsoleCP() -> u32 {
    INPUT_CP.load(Ordering::Relaxed)
}

#[dllexport]
pub fn GetConsoleOutputCP() -> u32 {
    OUTPUT_CP.load(Ordering::Relaxed)
}

#[dllexport]
pub fn SetConsoleCP(wCodePageID: u32) -> Win32Result<()> {
    INPUT_CP.store(wCodePageID, Ordering::Relaxed);
    Ok(())
}

#[dllexport]
pub fn SetConsoleOutputCP(wCodePageID: u32) -> Win32Result<()> {
    OUTPUT_CP.store(wCodePageID, Ordering::Relaxed);
    Ok(())
}

/// Input read from the terminal but not yet handed out (a line is read whole, as the console's
/// line input does, and may be taken in pieces).
static PENDING_INPUT: Mutex<VecDeque<u16>> = Mutex::new(VecDeque::new());

/// Reads up to `max` UTF-16 units of console input: what is pending, else the characters of
/// queued input records, else one read of the terminal. With line input that is a line, edited
/// and echoed by the terminal, with "\n" turned into "\r\n" as Windows gives it; without, the
/// keys as typed (Enter as "\r"), or with virtual terminal input the bytes the terminal sent.
pub fn read_console(f: &file::FileObject, max: usize) -> Win32Result<Vec<u16>> {
    let mut pending = PENDING_INPUT.lock().unwrap_or_else(|e| e.into_inner());
    if pending.is_empty() {
        let mode = console::INPUT_MODE.load(Ordering::Relaxed);
        let line_input = mode & ENABLE_LINE_INPUT != 0;
        // Queued records without a character (key releases) give nothing to read: the read
        // then waits for the terminal, as ReadConsole waits for a key.
        if let Some(chars) = console::queued_chars(line_input)
            && !chars.is_empty()
        {
            pending.extend(chars);
        } else if line_input || mode & ENABLE_VIRTUAL_TERMINAL_INPUT != 0 {
            let mut buf = vec![0u8; 4096];
            let n = f.read(buf.as_mut_ptr() as u64, buf.len())?;
            let text = String::from_utf8_lossy(&buf[..n]);
            for c in text.chars() {
                if c == '\n' && line_input {
                    pending.push_back(b'\r' as u16);
                }
                let mut units = [0u16; 2];
                pending.extend(c.encode_utf16(&mut units).iter());
            }
        } else {
            pending.extend(console::typed_chars(f.fd()));
        }
    }
    let take = max.min(pending.len());
    Ok(pending.drain(..take).collect())
}

#[dllexport]
pub fn ReadConsoleW(
    hConsoleInput: Handle,
    lpBuffer: GuestPtr<u16>,
    nNumberOfCharsToRead: u32,
    lpNumberOfCharsRead: GuestPtr<u32>,
    pInputControl: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = console(hConsoleInput)?;
    let units = read_console(&f, nNumberOfCharsToRead as usize)?;
    lpBuffer.write_slice(&units);
    lpNumberOfCharsRead.write(units.len() as u32);
    Ok(())
}

/// In the console code page, UTF-8: a character is handed out whole or not at all.
#[dllexport]
pub fn ReadConsoleA(
    hConsoleInput: Handle,
    lpBuffer: GuestPtr<u8>,
    nNumberOfCharsToRead: u32,
    lpNumberOfCharsRead: GuestPtr<u32>,
    pInputControl: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = console(hConsoleInput)?;
    let n = read_console_bytes(&f, lpBuffer, nNumberOfCharsToRead as usize)?;
    lpNumberOfCharsRead.write(n as u32);
    Ok(())
}

/// Console input as UTF-8 bytes, what ReadConsoleA and ReadFile on a console give.
pub fn read_console_bytes(
    f: &file::FileObject,
    buffer: GuestPtr<u8>,
    room: usize,
) -> Win32Result<usize> {
    let units = read_console(f, room)?;
    let mut out = Vec::with_capacity(room);
    let mut used = 0;
    for c in char::decode_utf16(units.iter().copied()) {
        let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut bytes = [0u8; 4];
        let encoded = c.encode_utf8(&mut bytes).as_bytes();
        if out.len() + encoded.len() > room {
            break;
        }
        out.extend_from_slice(encoded);
        used += c.len_utf16();
    }
    if used < units.len() {
        let mut pending = PENDING_INPUT.lock().unwrap_or_else(|e| e.into_inner());
        for &u in units[used..].iter().rev() {
            pending.push_front(u);
        }
    }
    buffer.write_slice(&out);
    Ok(out.len())
}

#[dllexport]
pub fn FlushConsoleInputBuffer(hConsoleInput: Handle) -> Win32Result<()> {
    let f = console(hConsoleInput)?;
    PENDING_INPUT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
    console::discard_input(f.fd());
    Ok(())
}

/// The input handle of a console, else ERROR_INVALID_HANDLE (an output handle is not one).
fn console_input(h: Handle) -> Win32Result<std::sync::Arc<file::FileObject>> {
    let f = console(h)?;
    if !is_input(&f) {
        return Err(Win32Error::INVALID_HANDLE);
    }
    Ok(f)
}

/// Input records as the A functions give them: characters in the console code page (UTF-8, so
/// a character outside ASCII has no single-byte form and reads as 0).
fn to_ansi(records: &mut [INPUT_RECORD]) {
    for r in records {
        if let Some(mut key) = crate::abi::mem::key_event(r) {
            let ch = console::key_char(&key);
            key.uChar = KEY_EVENT_RECORD_0 {
                AsciiChar: if ch < 0x80 { ch as i8 } else { 0 },
            };
            r.Event.KeyEvent = key;
        }
    }
}

/// Reads (`remove`) or peeks at up to `length` records into the guest buffer.
fn input_records(
    h: Handle,
    buffer: GuestPtr<INPUT_RECORD>,
    length: u32,
    read: GuestPtr<u32>,
    remove: bool,
    ansi: bool,
) -> Win32Result<()> {
    let f = console_input(h)?;
    if length == 0 {
        read.write_required(0)?;
        return Ok(());
    }
    let mut records = console::input_records(f.fd(), length as usize, remove, remove);
    if ansi {
        to_ansi(&mut records);
    }
    if !buffer.write_slice(&records) {
        return Err(Win32Error::NOACCESS);
    }
    read.write_required(records.len() as u32)
}

/// Waits for at least one record (a key typed on the terminal, a resize with window input on).
#[dllexport]
pub fn ReadConsoleInputW(
    hConsoleInput: Handle,
    lpBuffer: GuestPtr<INPUT_RECORD>,
    nLength: u32,
    lpNumberOfEventsRead: GuestPtr<u32>,
) -> Win32Result<()> {
    input_records(
        hConsoleInput,
        lpBuffer,
        nLength,
        lpNumberOfEventsRead,
        true,
        false,
    )
}

#[dllexport]
pub fn ReadConsoleInputA(
    hConsoleInput: Handle,
    lpBuffer: GuestPtr<INPUT_RECORD>,
    nLength: u32,
    lpNumberOfEventsRead: GuestPtr<u32>,
) -> Win32Result<()> {
    input_records(
        hConsoleInput,
        lpBuffer,
        nLength,
        lpNumberOfEventsRead,
        true,
        true,
    )
}

/// Returns at once, with no records when nothing was typed.
#[dllexport]
pub fn PeekConsoleInputW(
    hConsoleInput: Handle,
    lpBuffer: GuestPtr<INPUT_RECORD>,
    nLength: u32,
    lpNumberOfEventsRead: GuestPtr<u32>,
) -> Win32Result<()> {
    input_records(
        hConsoleInput,
        lpBuffer,
        nLength,
        lpNumberOfEventsRead,
        false,
        false,
    )
}

#[dllexport]
pub fn PeekConsoleInputA(
    hConsoleInput: Handle,
    lpBuffer: GuestPtr<INPUT_RECORD>,
    nLength: u32,
    lpNumberOfEventsRead: GuestPtr<u32>,
) -> Win32Result<()> {
    input_records(
        hConsoleInput,
        lpBuffer,
        nLength,
        lpNumberOfEventsRead,
        false,
        true,
    )
}

#[dllexport]
pub fn GetNumberOfConsoleInputEvents(
    hConsoleInput: Handle,
    lpNumberOfEvents: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = console_input(hConsoleInput)?;
    lpNumberOfEvents.write_required(console::pending_records(f.fd()) as u32)
}

// ---------------------------------------------------------------------------------------------
// Console control events

use windows_sys::Win32::System::Console::{CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_CLOSE_EVENT};

/// The registered HandlerRoutines, oldest first (the newest is called first).
static CTRL_HANDLERS: Mutex<Vec<u64>> = Mutex::new(Vec::new());
/// SetConsoleCtrlHandler(NULL, TRUE): CTRL+C is ignored. Children inherit it as Windows' do:
/// SIGINT is then ignored (SIG_IGN survives exec), and a process that starts with SIGINT
/// ignored starts ignoring CTRL+C.
fn ignoring_ctrl_c() -> &'static std::sync::atomic::AtomicBool {
    static IGNORE: std::sync::OnceLock<std::sync::atomic::AtomicBool> = std::sync::OnceLock::new();
    IGNORE.get_or_init(|| {
        std::sync::atomic::AtomicBool::new(crate::abi::host::signal_ignored(libc::SIGINT))
    })
}
static ROUTE_SIGNALS: std::sync::Once = std::sync::Once::new();

/// The terminal's interrupt keys arrive as signals: SIGINT is CTRL+C and SIGQUIT (Ctrl+\\) is
/// CTRL+BREAK. They go through the control handlers from the start of the process, so a Ctrl+C
/// before the program touches the console ends it as the default handler does, with
/// STATUS_CONTROL_C_EXIT (a child started by CreateProcess, in the same process group, gets the
/// same event, as the processes of a console do). Until `route_ctrl_signals` gives them a
/// thread of their own, the signals are only noted, and the thread that keeps the shared user
/// data current (it wakes every millisecond anyway) delivers them: start-up pays two
/// sigaction calls, no thread.
pub fn route_ctrl_keys() {
    if !crate::nt::shared_data::ticking() {
        route_ctrl_signals();
        return;
    }
    let ignoring = ignoring_ctrl_c().load(Ordering::Relaxed);
    crate::abi::host::flag_signals(&[libc::SIGINT, libc::SIGQUIT]);
    if ignoring {
        crate::abi::host::ignore_signal(libc::SIGINT, true);
    }
}

/// Delivers the control events whose signals arrived since the last call (see
/// `route_ctrl_keys`).
pub fn deliver_noted_ctrl_keys() {
    let noted = crate::abi::host::take_flagged_signals();
    if noted & 1 << libc::SIGINT != 0 {
        raise_ctrl_event(CTRL_C_EVENT);
    }
    if noted & 1 << libc::SIGQUIT != 0 {
        raise_ctrl_event(CTRL_BREAK_EVENT);
    }
}

/// Once the program registers a handler or sets the console mode (the terminal is then
/// winrun's to restore), the console signals get a thread that delivers them at once, and
/// SIGTERM/SIGHUP (the session or terminal going away) become CTRL_CLOSE_EVENT; until then
/// those two act as on any Linux program.
fn route_ctrl_signals() {
    ROUTE_SIGNALS.call_once(|| {
        let ignoring = ignoring_ctrl_c().load(Ordering::Relaxed);
        let signals = [libc::SIGINT, libc::SIGQUIT, libc::SIGTERM, libc::SIGHUP];
        let Ok(mut reader) = crate::abi::host::route_signals(&signals) else {
            tracing::warn!(target: "kernel32::consoleapi", "cannot route console signals");
            return;
        };
        if ignoring {
            crate::abi::host::ignore_signal(libc::SIGINT, true);
        }
        // A key noted just before the switch is still delivered.
        deliver_noted_ctrl_keys();
        let spawned = std::thread::Builder::new()
            .name("console-ctrl".into())
            .spawn(move || {
                let mut sig = [0u8];
                while std::io::Read::read_exact(&mut reader, &mut sig).is_ok() {
                    let event = match sig[0] as i32 {
                        libc::SIGINT => CTRL_C_EVENT,
                        libc::SIGQUIT => CTRL_BREAK_EVENT,
                        _ => CTRL_CLOSE_EVENT,
                    };
                    raise_ctrl_event(event);
                    if event == CTRL_CLOSE_EVENT {
                        // Windows gives the handlers 5 seconds to clean up, then ends the process.
                        std::thread::sleep(std::time::Duration::from_secs(5));
                        crate::nt::process::flush_and_exit(
                            windows_sys::Win32::Foundation::STATUS_CONTROL_C_EXIT as u32,
                        );
                    }
                }
            });
        if spawned.is_err() {
            tracing::warn!(target: "kernel32::consoleapi", "cannot start the console-signal thread");
        }
    });
}

/// Delivers a control event as Windows does: on a new thread of the process, which calls the
/// handlers newest first until one returns TRUE.
fn raise_ctrl_event(event: u32) {
    if event == CTRL_C_EVENT && ignoring_ctrl_c().load(Ordering::Relaxed) {
        return;
    }
    let stack = crate::nt::thread::stack_size(0, false);
    if crate::nt::thread::spawn(ctrl_routine as *const () as u64, event as u64, stack, false)
        .is_err()
    {
        tracing::warn!(target: "kernel32::consoleapi", "no thread for console event {event}");
    }
}

/// The control thread's start routine. Unhandled (and CTRL_CLOSE_EVENT in any case) ends the
/// process with STATUS_CONTROL_C_EXIT, as the default handler does.
extern "win64" fn ctrl_routine(event: u64) -> u32 {
    let handlers = CTRL_HANDLERS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let handled = handlers
        .iter()
        .rev()
        .any(|&h| crate::abi::call::call(h, &[event]) as u32 != 0);
    if !handled || event == CTRL_CLOSE_EVENT as u64 {
        crate::nt::modules::loader()
            .exit_process(windows_sys::Win32::Foundation::STATUS_CONTROL_C_EXIT as u32);
    }
    0
}

/// With no routine, TRUE makes the process ignore CTRL+C and FALSE restores it. Removing a
/// routine that was never added fails with ERROR_INVALID_PARAMETER.
#[dllexport]
pub fn SetConsoleCtrlHandler(HandlerRoutine: u64, Add: bool) -> Win32Result<()> {
    if HandlerRoutine == 0 {
        ignoring_ctrl_c().store(Add, Ordering::Relaxed);
        crate::abi::host::ignore_signal(libc::SIGINT, Add);
        return Ok(());
    }
    let mut handlers = CTRL_HANDLERS.lock().unwrap_or_else(|e| e.into_inner());
    if Add {
        handlers.push(HandlerRoutine);
    } else {
        let at = handlers
            .iter()
            .rposition(|&h| h == HandlerRoutine)
            .ok_or(Win32Error::INVALID_PARAMETER)?;
        handlers.remove(at);
    }
    drop(handlers);
    route_ctrl_signals();
    Ok(())
}

/// Group 0 is every process of the console winrun can reach: this one and its children (as
/// the signals the terminal sends for the keys, so a child reacts as to a key); the process's
/// own id is this process alone. Other processes of the terminal are not winrun's to signal.
#[dllexport]
pub fn GenerateConsoleCtrlEvent(dwCtrlEvent: u32, dwProcessGroupId: u32) -> Win32Result<()> {
    if !matches!(dwCtrlEvent, CTRL_C_EVENT | CTRL_BREAK_EVENT)
        || (dwProcessGroupId != 0 && dwProcessGroupId != crate::nt::process::current_process_id())
    {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if dwProcessGroupId == 0 {
        let sig = if dwCtrlEvent == CTRL_C_EVENT {
            libc::SIGINT
        } else {
            libc::SIGQUIT
        };
        crate::nt::child::signal_children(sig);
    }
    raise_ctrl_event(dwCtrlEvent);
    Ok(())
}
