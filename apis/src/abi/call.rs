//! Calls from winrun into guest code (TLS callbacks, DllMain, entry points, atexit functions,
//! qsort comparators ...) through `extern "win64"` function pointers.

/// Calls the guest function at `addr` with up to four integer arguments; returns rax.
pub fn call(addr: u64, args: &[u64]) -> u64 {
    assert!(addr != 0, "call to a null guest function");
    let a = |i: usize| args.get(i).copied().unwrap_or(0);
    // SAFETY: `addr` is a guest function (the caller got it from the guest or a PE image) that
    // follows the Win64 convention; passing unused argument registers is harmless under it.
    unsafe {
        let f: extern "win64" fn(u64, u64, u64, u64) -> u64 = std::mem::transmute(addr);
        f(a(0), a(1), a(2), a(3))
    }
}

// Guest threads start through `winrun_thread_call`, which records where their host frame is;
// ExitThread (and _endthreadex) leave through `winrun_thread_leave`, which drops every guest
// frame above that point and returns the exit code from `winrun_thread_call`, the way Windows
// discards a thread's stack. Callee-saved registers of the Win64 convention (including
// xmm6-15) are saved on entry and restored on both ways out.
std::arch::global_asm!(
    ".globl winrun_thread_call",
    "winrun_thread_call:",
    "push rbp",
    "push rbx",
    "push rsi",
    "push rdi",
    "push r12",
    "push r13",
    "push r14",
    "push r15",
    "sub rsp, 168",
    "movdqu [rsp], xmm6",
    "movdqu [rsp+16], xmm7",
    "movdqu [rsp+32], xmm8",
    "movdqu [rsp+48], xmm9",
    "movdqu [rsp+64], xmm10",
    "movdqu [rsp+80], xmm11",
    "movdqu [rsp+96], xmm12",
    "movdqu [rsp+112], xmm13",
    "movdqu [rsp+128], xmm14",
    "movdqu [rsp+144], xmm15",
    "mov [r8], rsp",
    "mov rax, rcx",
    "mov rcx, rdx",
    "sub rsp, 32",
    "call rax",
    "add rsp, 32",
    "2:",
    "movdqu xmm6, [rsp]",
    "movdqu xmm7, [rsp+16]",
    "movdqu xmm8, [rsp+32]",
    "movdqu xmm9, [rsp+48]",
    "movdqu xmm10, [rsp+64]",
    "movdqu xmm11, [rsp+80]",
    "movdqu xmm12, [rsp+96]",
    "movdqu xmm13, [rsp+112]",
    "movdqu xmm14, [rsp+128]",
    "movdqu xmm15, [rsp+144]",
    "add rsp, 168",
    "pop r15",
    "pop r14",
    "pop r13",
    "pop r12",
    "pop rdi",
    "pop rsi",
    "pop rbx",
    "pop rbp",
    "ret",
    ".globl winrun_thread_leave",
    "winrun_thread_leave:",
    "mov rsp, rcx",
    "mov rax, rdx",
    "jmp 2b",
);

unsafe extern "win64" {
    fn winrun_thread_call(start: u64, param: u64, resume: *mut u64) -> u64;
    fn winrun_thread_leave(resume: u64, code: u64) -> !;
}

thread_local! {
    /// The stack pointer `winrun_thread_call` saved for this thread; 0 outside a thread start.
    static RESUME: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Runs a guest thread's start routine `start(param)`; returns its result, or the code passed to
/// `leave_thread` if the guest ends the thread early.
pub fn run_thread(start: u64, param: u64) -> u32 {
    assert!(start != 0, "thread start at a null address");
    let resume = RESUME.with(|r| r.as_ptr());
    // SAFETY: `start` is a guest function following the Win64 convention (CreateThread's
    // contract); `resume` points at this thread's own slot, which outlives the call.
    let code = unsafe { winrun_thread_call(start, param, resume) } as u32;
    RESUME.with(|r| r.set(0));
    code
}

/// Whether the calling thread runs a start routine through `run_thread` (and so can leave it).
pub fn can_leave_thread() -> bool {
    RESUME.with(|r| r.get()) != 0
}

/// Abandons the guest frames of the calling thread: `run_thread` returns `code`. The frames
/// between must own nothing (no destructors run for them); callers check `can_leave_thread`.
pub fn leave_thread(code: u32) -> ! {
    let resume = RESUME.with(|r| r.get());
    assert!(resume != 0, "leave_thread outside run_thread");
    // SAFETY: `resume` is the stack pointer saved by this thread's `winrun_thread_call`, whose
    // frame is still live below the current one; the frames above it are guest frames and
    // export entries that hold no resources.
    unsafe { winrun_thread_leave(resume, code as u64) }
}
