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

static APP_TYPE: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

#[dllexport]
pub fn __set_app_type(at: i32) {
    APP_TYPE.store(at, std::sync::atomic::Ordering::Relaxed);
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

#[dllexport]
pub fn exit(status: i32) -> ! {
    run_exit_handlers();
    modules::loader().exit_process(status as u32)
}

/// Ends the process without atexit functions or stream flushing.
#[dllexport]
pub fn _exit(status: i32) -> ! {
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

/// `_amsg_exit(n)`: a runtime error, R60nn; exit code 255.
#[dllexport]
pub fn _amsg_exit(rterrnum: i32) -> ! {
    let msg = format!("\r\nruntime error R60{rterrnum:02}\r\n");
    super::stdio::write_stderr(msg.as_bytes());
    process::flush_and_exit(255)
}

#[dllexport]
pub fn __setusermatherr(pf: u64) {}

/// `signal`: handlers are recorded and returned (SIG_DFL before); delivery comes with the
/// exceptions work (SIGSEGV, SIGFPE ...). Returns the previous handler.
#[dllexport]
pub fn signal(sig: i32, func: u64) -> u64 {
    static HANDLERS: Mutex<[u64; 32]> = Mutex::new([0; 32]);
    let mut h = HANDLERS.lock().unwrap_or_else(|e| e.into_inner());
    match h.get_mut(sig as usize) {
        Some(slot) => std::mem::replace(slot, func),
        None => {
            super::errno::set_errno(super::errno::EINVAL);
            u64::MAX // SIG_ERR
        }
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
