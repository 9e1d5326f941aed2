//! Process startup and exit as the C runtime sees them: argv and the environment for `main`,
//! `_initterm` tables of constructors, `atexit` functions, `exit`.

use crate::abi::{GuestCell, GuestPtr, call::call, mem};
use crate::dllexport;
use crate::nt::{cmdline, env, modules, process};
use std::sync::{Mutex, Once};

// Data exports (real storage, read by guest code through the import table).
pub static __argc: GuestCell<i32> = GuestCell::new(0);
pub static __argv: GuestCell<u64> = GuestCell::new(0);
pub static __wargv: GuestCell<u64> = GuestCell::new(0);
pub static _environ: GuestCell<u64> = GuestCell::new(0);
pub static _wenviron: GuestCell<u64> = GuestCell::new(0);
pub static __initenv: GuestCell<u64> = GuestCell::new(0);
pub static __winitenv: GuestCell<u64> = GuestCell::new(0);
pub static _acmdln: GuestCell<u64> = GuestCell::new(0);
pub static _wcmdln: GuestCell<u64> = GuestCell::new(0);
pub static _commode: GuestCell<i32> = GuestCell::new(0);
pub static _fmode: GuestCell<i32> = GuestCell::new(0);

/// Copies `strings` into one allocation: a NULL-terminated pointer array then the strings.
fn string_table<T: Copy + Default>(strings: &[Vec<T>]) -> u64 {
    let unit = size_of::<T>();
    let table = (strings.len() + 1) * 8;
    let total: usize = table + strings.iter().map(|s| (s.len() + 1) * unit).sum::<usize>();
    let block = mem::alloc_zeroed(total, 16);
    let mut at = block + table as u64;
    for (i, s) in strings.iter().enumerate() {
        mem::write(block + 8 * i as u64, at);
        mem::write_slice(at, s);
        at += ((s.len() + 1) * unit) as u64;
    }
    block
}

fn command_line_units() -> Vec<u16> {
    mem::read_wstr(process::command_line_w()).unwrap_or_default()
}

/// The arguments as this runtime splits them.
pub fn wide_args(rule: cmdline::QuoteRule) -> Vec<Vec<u16>> {
    cmdline::split(&command_line_units(), rule)
}

/// Fills `__argc`, `__argv`, `__wargv`, `_environ`, `_wenviron`, `_acmdln`, `_wcmdln` once.
pub fn init_args(rule: cmdline::QuoteRule) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        super::time::start_clock();
        super::mbctype::init();
        let wide = wide_args(rule);
        let narrow: Vec<Vec<u8>> = wide
            .iter()
            .map(|a| String::from_utf16_lossy(a).into_bytes())
            .collect();
        __argc.set(wide.len() as i32);
        __argv.set(string_table(&narrow));
        __wargv.set(string_table(&wide));
        refresh_environ();
        __initenv.set(_environ.get());
        __winitenv.set(_wenviron.get());
        _acmdln.set(crate::kernel32::processenv::GetCommandLineA().addr());
        _wcmdln.set(process::command_line_w());
    });
}

/// Rebuilds `_environ` and `_wenviron` from the process environment (startup, `_putenv`).
/// The old tables stay allocated: the program may hold pointers into them.
pub fn refresh_environ() {
    let vars = env::vars();
    let env_n: Vec<Vec<u8>> = vars
        .iter()
        .map(|(k, v)| format!("{k}={v}").into_bytes())
        .collect();
    let env_w: Vec<Vec<u16>> = vars
        .iter()
        .map(|(k, v)| format!("{k}={v}").encode_utf16().collect())
        .collect();
    _environ.set(string_table(&env_n));
    _wenviron.set(string_table(&env_w));
}

/// `__getmainargs(&argc, &argv, &envp, expand_wildcards, &startinfo)`: msvcrt's argv split.
#[dllexport]
pub fn __getmainargs(
    argc: GuestPtr<i32>,
    argv: GuestPtr<u64>,
    envp: GuestPtr<u64>,
    doWildCard: i32,
    startInfo: GuestPtr<i32>,
) -> i32 {
    init_args(cmdline::QuoteRule::Legacy);
    argc.write(__argc.get());
    argv.write(__argv.get());
    envp.write(_environ.get());
    0
}

#[dllexport]
pub fn __wgetmainargs(
    argc: GuestPtr<i32>,
    argv: GuestPtr<u64>,
    envp: GuestPtr<u64>,
    doWildCard: i32,
    startInfo: GuestPtr<i32>,
) -> i32 {
    init_args(cmdline::QuoteRule::Legacy);
    argc.write(__argc.get());
    argv.write(__wargv.get());
    envp.write(_wenviron.get());
    0
}

#[dllexport]
pub fn __p___argc() -> GuestPtr<i32> {
    GuestPtr::new(__argc.addr())
}

#[dllexport]
pub fn __p___argv() -> GuestPtr<u64> {
    GuestPtr::new(__argv.addr())
}

#[dllexport]
pub fn __p___wargv() -> GuestPtr<u64> {
    GuestPtr::new(__wargv.addr())
}

#[dllexport]
pub fn __p__environ() -> GuestPtr<u64> {
    GuestPtr::new(_environ.addr())
}

#[dllexport]
pub fn __p__wenviron() -> GuestPtr<u64> {
    GuestPtr::new(_wenviron.addr())
}

#[dllexport]
pub fn __p__acmdln() -> GuestPtr<u64> {
    GuestPtr::new(_acmdln.addr())
}

#[dllexport]
pub fn __p__wcmdln() -> GuestPtr<u64> {
    GuestPtr::new(_wcmdln.addr())
}

#[dllexport]
pub fn __p__commode() -> GuestPtr<i32> {
    GuestPtr::new(_commode.addr())
}

#[dllexport]
pub fn __p__fmode() -> GuestPtr<i32> {
    GuestPtr::new(_fmode.addr())
}

/// Sets the default translation mode of files opened from now on: text or binary (the wide
/// text modes are for `_setmode` only). Returns 0 or EINVAL.
#[dllexport]
pub fn _set_fmode(mode: i32) -> i32 {
    use super::io::{O_BINARY, O_TEXT};
    if mode != O_TEXT && mode != O_BINARY {
        return super::stdlib::invalid_parameter(super::errno::EINVAL);
    }
    _fmode.set(mode);
    0
}

/// Returns 0 or EINVAL (no place to store the mode).
#[dllexport]
pub fn _get_fmode(pmode: GuestPtr<i32>) -> i32 {
    if pmode.is_null() {
        return super::stdlib::invalid_parameter(super::errno::EINVAL);
    }
    pmode.write(_fmode.get());
    0
}

static APP_TYPE: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

#[dllexport]
pub fn __set_app_type(at: i32) {
    APP_TYPE.store(at, std::sync::atomic::Ordering::Relaxed);
}

/// UCRT's name for `__set_app_type`.
#[dllexport]
pub fn _set_app_type(appType: i32) {
    __set_app_type(appType)
}

/// UCRT `_configure_narrow_argv(mode)`: builds `__argv` (and the wide twin) once. The mode
/// (_crt_argv_unexpanded_arguments or expanded ones) asks for wildcard expansion, which
/// Windows' own UCRT only does when the program links setargv.obj.
#[dllexport]
pub fn _configure_narrow_argv(mode: i32) -> i32 {
    if !(0..=2).contains(&mode) {
        super::errno::set_errno(super::errno::EINVAL);
        return super::errno::EINVAL;
    }
    super::stdlib::UCRT_PROCESS.store(true, std::sync::atomic::Ordering::Relaxed);
    init_args(cmdline::QuoteRule::Ucrt);
    0
}

#[dllexport]
pub fn _configure_wide_argv(mode: i32) -> i32 {
    _configure_narrow_argv(mode)
}

#[dllexport]
pub fn _initialize_narrow_environment() -> i32 {
    super::stdlib::UCRT_PROCESS.store(true, std::sync::atomic::Ordering::Relaxed);
    init_args(cmdline::QuoteRule::Ucrt);
    0
}

#[dllexport]
pub fn _initialize_wide_environment() -> i32 {
    super::stdlib::UCRT_PROCESS.store(true, std::sync::atomic::Ordering::Relaxed);
    init_args(cmdline::QuoteRule::Ucrt);
    0
}

/// The environment as it was at startup (`envp` of `main`).
#[dllexport]
pub fn _get_initial_narrow_environment() -> u64 {
    init_args(cmdline::QuoteRule::Ucrt);
    __initenv.get()
}

#[dllexport]
pub fn _get_initial_wide_environment() -> u64 {
    init_args(cmdline::QuoteRule::Ucrt);
    __winitenv.get()
}

/// `_pgmptr`/`_wpgmptr`: the program's full path.
pub static _pgmptr: GuestCell<u64> = GuestCell::new(0);
pub static _wpgmptr: GuestCell<u64> = GuestCell::new(0);

fn init_pgmptr() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let path = process::image_path();
        let mut narrow = path.as_bytes().to_vec();
        narrow.push(0);
        let mut wide: Vec<u16> = path.encode_utf16().collect();
        wide.push(0);
        let n = mem::alloc_zeroed(narrow.len(), 8);
        mem::write_slice(n, &narrow);
        let w = mem::alloc_zeroed(wide.len() * 2, 8);
        mem::write_slice(w, &wide);
        _pgmptr.set(n);
        _wpgmptr.set(w);
    });
}

#[dllexport]
pub fn __p__pgmptr() -> GuestPtr<u64> {
    init_pgmptr();
    GuestPtr::new(_pgmptr.addr())
}

#[dllexport]
pub fn __p__wpgmptr() -> GuestPtr<u64> {
    init_pgmptr();
    GuestPtr::new(_wpgmptr.addr())
}

#[dllexport]
pub fn _get_pgmptr(pValue: GuestPtr<u64>) -> i32 {
    init_pgmptr();
    if !pValue.write(_pgmptr.get()) {
        return super::stdlib::invalid_parameter(super::errno::EINVAL);
    }
    0
}

#[dllexport]
pub fn _get_wpgmptr(pValue: GuestPtr<u64>) -> i32 {
    init_pgmptr();
    if !pValue.write(_wpgmptr.get()) {
        return super::stdlib::invalid_parameter(super::errno::EINVAL);
    }
    0
}

/// `_onexit_table_t`: three pointers (first, last, end) into a guest array of functions.
#[dllexport]
pub fn _initialize_onexit_table(table: GuestPtr<[u64; 3]>) -> i32 {
    if table.is_null() {
        return -1;
    }
    // An already initialised table keeps its functions.
    if table.read().is_some_and(|t| t[0] != 0) {
        return 0;
    }
    table.write([0; 3]);
    0
}

/// Appends `function` to the table, growing its array on the CRT heap as the UCRT does.
#[dllexport]
pub fn _register_onexit_function(table: GuestPtr<[u64; 3]>, function: u64) -> i32 {
    let Some([first, last, end]) = table.read() else {
        return -1;
    };
    let (mut first, mut last, mut end) = (first, last, end);
    if last == end {
        let count = ((end - first) / 8) as usize;
        let grown = (count * 2).max(32);
        let block = super::heap::realloc(GuestPtr::new(first), grown * 8);
        if block.is_null() {
            return -1;
        }
        last = block.addr() + (last - first);
        first = block.addr();
        end = first + grown as u64 * 8;
    }
    mem::write(last, function);
    table.write([first, last + 8, end]);
    0
}

/// Runs the table's functions newest first, then empties it.
#[dllexport]
pub fn _execute_onexit_table(table: GuestPtr<[u64; 3]>) -> i32 {
    let Some([first, last, _]) = table.read() else {
        return -1;
    };
    table.write([0; 3]);
    let mut p = last;
    while p > first {
        p -= 8;
        if let Some(f) = mem::read::<u64>(p).filter(|&f| f != 0) {
            call(f, &[]);
        }
    }
    super::heap::free(GuestPtr::new(first));
    0
}

/// `_initterm(begin, end)`: calls each non-null function pointer in `[begin, end)`.
#[dllexport]
pub fn _initterm(pfbegin: GuestPtr<u64>, pfend: GuestPtr<u64>) {
    let mut p = pfbegin.addr();
    while p < pfend.addr() {
        if let Some(f) = mem::read::<u64>(p).filter(|&f| f != 0) {
            call(f, &[]);
        }
        p += 8;
    }
}

/// `_initterm_e`: like `_initterm` for functions returning int; stops at the first non-zero.
#[dllexport]
pub fn _initterm_e(pfbegin: GuestPtr<u64>, pfend: GuestPtr<u64>) -> i32 {
    let mut p = pfbegin.addr();
    while p < pfend.addr() {
        if let Some(f) = mem::read::<u64>(p).filter(|&f| f != 0) {
            let r = call(f, &[]) as i32;
            if r != 0 {
                return r;
            }
        }
        p += 8;
    }
    0
}

/// Functions registered with atexit/_onexit, run last-in first-out by exit.
static AT_EXIT: Mutex<Vec<u64>> = Mutex::new(Vec::new());

fn register_exit(f: u64) {
    AT_EXIT.lock().unwrap_or_else(|e| e.into_inner()).push(f);
}

#[dllexport]
pub fn atexit(func: u64) -> i32 {
    register_exit(func);
    0
}

/// Returns the function on success, NULL on failure.
#[dllexport]
pub fn _onexit(func: u64) -> u64 {
    register_exit(func);
    func
}

#[dllexport]
pub fn _crt_atexit(func: u64) -> i32 {
    register_exit(func);
    0
}

/// Runs the atexit functions (each at most once, newest first) and flushes all streams.
pub fn run_exit_handlers() {
    loop {
        let next = AT_EXIT.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match next {
            Some(f) => {
                call(f, &[]);
            }
            None => break,
        }
    }
    super::stdio::flush_all();
}

/// The TLS destructor callback `_register_thread_local_exe_atexit_callback` registered.
static TLS_EXIT_CALLBACK: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// UCRT: a callback (PIMAGE_TLS_CALLBACK) that `exit` calls first, with DLL_PROCESS_DETACH, to
/// destroy the main thread's `thread_local` objects. A second registration is a fatal error.
#[dllexport]
pub fn _register_thread_local_exe_atexit_callback(callback: u64) {
    use std::sync::atomic::Ordering;
    if TLS_EXIT_CALLBACK
        .compare_exchange(0, callback, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        abort();
    }
}

#[dllexport]
pub fn exit(status: i32) -> ! {
    let tls_callback = TLS_EXIT_CALLBACK.swap(0, std::sync::atomic::Ordering::AcqRel);
    if tls_callback != 0 {
        call(tls_callback, &[0, 0, 0]);
    }
    run_exit_handlers();
    modules::loader().exit_process(status as u32)
}

/// Ends the process without atexit functions or stream flushing.
#[dllexport]
pub fn _exit(status: i32) -> ! {
    process::flush_and_exit(status as u32)
}

/// Functions registered with at_quick_exit, run last-in first-out by quick_exit.
static AT_QUICK_EXIT: Mutex<Vec<u64>> = Mutex::new(Vec::new());

#[dllexport]
pub fn _crt_at_quick_exit(func: u64) -> i32 {
    AT_QUICK_EXIT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(func);
    0
}

#[dllexport]
pub fn at_quick_exit(func: u64) -> i32 {
    _crt_at_quick_exit(func)
}

/// `quick_exit`: the at_quick_exit functions, then `_exit` (no atexit functions, no flushing).
#[dllexport]
pub fn quick_exit(status: i32) -> ! {
    loop {
        let next = AT_QUICK_EXIT
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop();
        match next {
            Some(f) => {
                call(f, &[]);
            }
            None => break,
        }
    }
    process::flush_and_exit(status as u32)
}

#[dllexport]
pub fn _cexit() {
    run_exit_handlers();
}

#[dllexport]
pub fn _c_exit() {}

/// abort: the message Windows' CRT prints for a console program, then exit code 3.
#[dllexport]
pub fn abort() -> ! {
    super::stdio::flush_all();
    let msg = b"\r\nThis application has requested the Runtime to terminate it in an unusual way.\r\nPlease contact the application's support team for more information.\r\n";
    super::stdio::write_stderr(msg);
    process::flush_and_exit(3)
}

/// A failed `assert`: the message on stderr (a text stream, so the line ends in `\r\n`), then
/// abort.
fn assert_failed(message: Option<String>, file: Option<String>, line: u32) -> ! {
    let text = format!(
        "Assertion failed: {}, file {}, line {line}\n",
        message.unwrap_or_default(),
        file.unwrap_or_default()
    );
    super::stdio::put(super::stdio::iob_entry(2), text.as_bytes());
    abort()
}

#[dllexport]
pub fn _assert(message: crate::abi::CStrPtr, filename: crate::abi::CStrPtr, line: u32) -> ! {
    assert_failed(message.string(), filename.string(), line)
}

#[dllexport]
pub fn _wassert(message: crate::abi::WStrPtr, filename: crate::abi::WStrPtr, line: u32) -> ! {
    assert_failed(message.string(), filename.string(), line)
}

/// `_amsg_exit(n)`: a runtime error, R60nn; exit code 255.
#[dllexport]
pub fn _amsg_exit(rterrnum: i32) -> ! {
    let msg = format!("\r\nruntime error R60{rterrnum:02}\r\n");
    super::stdio::write_stderr(msg.as_bytes());
    process::flush_and_exit(255)
}

#[dllexport]
pub fn __setusermatherr(pf: u64) {}

pub const SIGINT: i32 = 2;
pub const SIGILL: i32 = 4;
pub const SIGFPE: i32 = 8;
pub const SIGSEGV: i32 = 11;
pub const SIGTERM: i32 = 15;
pub const SIGBREAK: i32 = 21;
pub const SIGABRT: i32 = 22;
/// The old SIGABRT number, still accepted.
pub const SIGABRT_COMPAT: i32 = 6;
const SIG_DFL: u64 = 0;
const SIG_IGN: u64 = 1;
const SIG_ERR: u64 = u64::MAX;

/// The handlers `signal` installed, by signal number (only the eight Windows knows are valid).
static SIGNAL_HANDLERS: Mutex<[u64; 23]> = Mutex::new([SIG_DFL; 23]);

fn valid_signal(sig: i32) -> bool {
    matches!(
        sig,
        SIGINT | SIGILL | SIGABRT_COMPAT | SIGFPE | SIGSEGV | SIGTERM | SIGBREAK | SIGABRT
    )
}

/// `signal`: records the handler and returns the previous one (a signal Windows does not have is
/// an invalid parameter: SIG_ERR and EINVAL). Faults reach the handlers through
/// `_seh_filter_exe`/`_XcptFilter`, `raise` calls them directly.
#[dllexport]
pub fn signal(sig: i32, func: u64) -> u64 {
    if !valid_signal(sig) {
        super::stdlib::invalid_parameter(super::errno::EINVAL);
        return SIG_ERR;
    }
    let mut h = SIGNAL_HANDLERS.lock().unwrap_or_else(|e| e.into_inner());
    std::mem::replace(&mut h[sig as usize], func)
}

/// Takes the handler for `sig` out of the table, resetting it to SIG_DFL as the CRT does before
/// calling a handler (SIG_DFL and SIG_IGN stay in place).
fn take_handler(sig: i32) -> u64 {
    let mut h = SIGNAL_HANDLERS.lock().unwrap_or_else(|e| e.into_inner());
    let f = h[sig as usize];
    if f != SIG_DFL && f != SIG_IGN {
        h[sig as usize] = SIG_DFL;
    }
    f
}

/// `raise`: runs the handler, or the default action (SIGINT/SIGBREAK end the process as a
/// Ctrl+C does; the others as abort does, with exit code 3).
#[dllexport]
pub fn raise(sig: i32) -> i32 {
    if !valid_signal(sig) {
        super::stdlib::invalid_parameter(super::errno::EINVAL);
        return -1;
    }
    match take_handler(sig) {
        SIG_IGN => {}
        SIG_DFL => match sig {
            SIGINT | SIGBREAK => process::flush_and_exit(0xC000_013A),
            _ => process::flush_and_exit(3),
        },
        f => {
            call(f, &[sig as u64]);
        }
    }
    0
}

/// `_fpecode` values the SIGFPE handler receives for each floating-point exception.
fn fpe_code(exception: u32) -> Option<u64> {
    Some(match exception {
        0xC000_008D => 0x82, // _FPE_DENORMAL
        0xC000_008E => 0x83, // _FPE_ZERODIVIDE
        0xC000_008F => 0x86, // _FPE_INEXACT
        0xC000_0090 => 0x81, // _FPE_INVALID
        0xC000_0091 => 0x84, // _FPE_OVERFLOW
        0xC000_0092 => 0x8A, // _FPE_STACKOVERFLOW
        0xC000_0093 => 0x85, // _FPE_UNDERFLOW
        0xC000_02B4 => 0x8D, // _FPE_MULTIPLE_FAULTS
        0xC000_02B5 => 0x8E, // _FPE_MULTIPLE_TRAPS
        _ => return None,
    })
}

const EXCEPTION_CONTINUE_SEARCH: i32 = 0;
const EXCEPTION_CONTINUE_EXECUTION: i32 = -1;

/// The CRT's exception filter around `main`: an exception that maps to a signal with a handler
/// installed runs that handler (reset to SIG_DFL first) and resumes; SIG_IGN resumes at once;
/// anything else continues the search (and ends as an unhandled exception).
fn exception_filter(code: u32) -> i32 {
    let sig = match code {
        0xC000_0005 => SIGSEGV,
        0xC000_001D | 0xC000_0096 => SIGILL,
        c if fpe_code(c).is_some() => SIGFPE,
        _ => return EXCEPTION_CONTINUE_SEARCH,
    };
    match take_handler(sig) {
        SIG_DFL => EXCEPTION_CONTINUE_SEARCH,
        SIG_IGN => EXCEPTION_CONTINUE_EXECUTION,
        f => {
            match fpe_code(code) {
                Some(fpe) => call(f, &[sig as u64, fpe]),
                None => call(f, &[sig as u64]),
            };
            EXCEPTION_CONTINUE_EXECUTION
        }
    }
}

/// UCRT: the filter of the `__try` around `main` in the startup code.
#[dllexport]
pub fn _seh_filter_exe(ExceptionNum: u32, ExceptionPtr: GuestPtr<u8>) -> i32 {
    exception_filter(ExceptionNum)
}

/// msvcrt's filter around main: the same signal mapping, and for an exception no `signal`
/// handler takes, the top-level filter's verdict (UnhandledExceptionFilter), as msvcrt.dll does.
#[dllexport]
pub fn _XcptFilter(ExceptionNum: u32, ExceptionPtr: GuestPtr<[u64; 2]>) -> i32 {
    match exception_filter(ExceptionNum) {
        EXCEPTION_CONTINUE_SEARCH => {
            crate::kernel32::errhandlingapi::UnhandledExceptionFilter(ExceptionPtr)
        }
        verdict => verdict,
    }
}

/// The runtime's internal locks (`_lock(n)`), recursive like the CRT's: critical sections.
static LOCKS: GuestCell<[[u64; 5]; 64]> = GuestCell::new([[0; 5]; 64]);

fn runtime_lock(n: i32) -> crate::kernel32::synchapi::CriticalSection {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        for i in 0..64u64 {
            crate::kernel32::synchapi::InitializeCriticalSection(GuestPtr::new(
                LOCKS.addr() + 40 * i,
            ));
        }
    });
    GuestPtr::new(LOCKS.addr() + 40 * (n.clamp(0, 63) as u64))
}

#[dllexport]
pub fn _lock(locknum: i32) {
    crate::kernel32::synchapi::EnterCriticalSection(runtime_lock(locknum));
}

#[dllexport]
pub fn _unlock(locknum: i32) {
    crate::kernel32::synchapi::LeaveCriticalSection(runtime_lock(locknum));
}

/// The DLL form of `_onexit` older MSVC DLLs link against: appends `func` to the table
/// `[*pbegin, *pend)` (grown on the CRT heap), run when the DLL's CRT ends. Returns `func`, or
/// NULL when the table cannot grow.
#[dllexport]
pub fn __dllonexit(func: u64, pbegin: GuestPtr<u64>, pend: GuestPtr<u64>) -> u64 {
    let (Some(begin), Some(end)) = (pbegin.read(), pend.read()) else {
        return 0;
    };
    let used = end.saturating_sub(begin) as usize;
    let grown = super::heap::realloc(GuestPtr::new(begin), used + 8);
    if grown.is_null() {
        return 0;
    }
    GuestPtr::<u64>::new(grown.addr() + used as u64).write(func);
    pbegin.write(grown.addr());
    pend.write(grown.addr() + used as u64 + 8);
    func
}
