//! Guest faults until structured exception handling arrives: a fault in guest code ends the
//! process the way an unhandled exception ends it on Windows, with the exception code, the
//! faulting address as module+offset, and the NTSTATUS as exit status, instead of a bare
//! "Segmentation fault" from the shell.

use std::sync::atomic::{AtomicBool, Ordering};

const STATUS_ACCESS_VIOLATION: u32 = 0xC000_0005;
const STATUS_ILLEGAL_INSTRUCTION: u32 = 0xC000_001D;
const STATUS_INTEGER_DIVIDE_BY_ZERO: u32 = 0xC000_0094;
const STATUS_BREAKPOINT: u32 = 0x8000_0003;
const STATUS_FLOAT_INVALID_OPERATION: u32 = 0xC000_0090;

/// The signal stack size: the handler formats a message and looks up modules.
const ALT_STACK_SIZE: usize = 64 * 1024;

/// Installs the handlers (once per process).
pub fn install() {
    for sig in [
        libc::SIGSEGV,
        libc::SIGBUS,
        libc::SIGILL,
        libc::SIGFPE,
        libc::SIGTRAP,
    ] {
        // SAFETY: a zeroed sigaction with our handler and SA_SIGINFO|SA_ONSTACK is a valid
        // action; the handler only reads the siginfo/ucontext the kernel passes.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = handler as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

thread_local! {
    /// The calling thread's alternate signal stack, freed when a guest thread ends.
    static ALT_STACK: std::cell::RefCell<Option<Box<[u8]>>> = const { std::cell::RefCell::new(None) };
}

/// Gives the calling thread an alternate signal stack, so a stack overflow can be reported.
pub fn install_thread_stack() {
    let mut stack = vec![0u8; ALT_STACK_SIZE].into_boxed_slice();
    let ss = libc::stack_t {
        ss_sp: stack.as_mut_ptr() as *mut libc::c_void,
        ss_flags: 0,
        ss_size: ALT_STACK_SIZE,
    };
    // SAFETY: `ss` describes a buffer kept alive in ALT_STACK until `remove_thread_stack`
    // disables it (or the thread ends, after which no signal is delivered to it).
    unsafe { libc::sigaltstack(&ss, std::ptr::null_mut()) };
    ALT_STACK.with(|s| *s.borrow_mut() = Some(stack));
}

/// Disables and frees the calling thread's alternate signal stack (a guest thread that ends).
pub fn remove_thread_stack() {
    let ss = libc::stack_t {
        ss_sp: std::ptr::null_mut(),
        ss_flags: libc::SS_DISABLE,
        ss_size: 0,
    };
    // SAFETY: SS_DISABLE only turns the alternate stack off; the buffer is freed afterwards.
    unsafe { libc::sigaltstack(&ss, std::ptr::null_mut()) };
    ALT_STACK.with(|s| s.borrow_mut().take());
}

fn describe(sig: i32, code: i32, addr: u64) -> (u32, String) {
    match sig {
        libc::SIGSEGV | libc::SIGBUS => (
            STATUS_ACCESS_VIOLATION,
            format!("access violation at address {addr:#x}"),
        ),
        libc::SIGILL => (STATUS_ILLEGAL_INSTRUCTION, "illegal instruction".into()),
        // FPE_INTDIV (1) from <signal.h>; the libc crate does not export it.
        libc::SIGFPE if code == 1 => (
            STATUS_INTEGER_DIVIDE_BY_ZERO,
            "integer division by zero".into(),
        ),
        libc::SIGFPE => (
            STATUS_FLOAT_INVALID_OPERATION,
            "floating-point exception".into(),
        ),
        _ => (STATUS_BREAKPOINT, "breakpoint".into()),
    }
}

extern "C" fn handler(sig: i32, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    static REPORTED: AtomicBool = AtomicBool::new(false);
    if REPORTED.swap(true, Ordering::SeqCst) {
        // A second fault while reporting: give up quietly.
        // SAFETY: _exit is async-signal-safe.
        unsafe { libc::_exit(crate::exit::INTERNAL) };
    }
    // SAFETY: the kernel passes a valid siginfo and ucontext for an SA_SIGINFO handler.
    let (code, addr, rip) = unsafe {
        let uc = &*(context as *const libc::ucontext_t);
        (
            (*info).si_code,
            (*info).si_addr() as u64,
            uc.uc_mcontext.gregs[libc::REG_RIP as usize] as u64,
        )
    };
    let (status, what) = describe(sig, code, addr);
    let place = crate::modules::describe_address(rip);
    apis::crt::stdio::flush_all();
    eprintln!("winrun: unhandled exception {status:#010x} ({what}) at {place}");
    // SAFETY: _exit is async-signal-safe; the NTSTATUS is the process's exit status, as on
    // Windows (the shell sees its low 8 bits).
    unsafe { libc::_exit(status as i32) };
}
