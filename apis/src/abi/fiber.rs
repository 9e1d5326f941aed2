//! The fiber context switch. A fiber that is not running is its stack pointer: everything the
//! Win64 convention makes callee-saved (rbx, rbp, rdi, rsi, r12-r15, xmm6-xmm15) plus MXCSR's
//! control bits and the x87 control word sits on its stack, pushed by `winrun_fiber_switch`,
//! with the address to go on at above them. A new fiber gets that frame from `initial_frame`,
//! made so that the first switch to it "returns" into `winrun_fiber_start`.

/// Bytes `winrun_fiber_switch` keeps below the eight pushed registers: xmm6-xmm15, then MXCSR
/// and the x87 control word (168 keeps the stack 16-byte aligned as the convention requires).
const VECTOR_AREA: u64 = 168;
/// The whole saved frame: vector area, eight registers, the return address.
const FRAME: u64 = VECTOR_AREA + 8 * 8 + 8;

// rcx: where to store the stack pointer of the fiber being left; rdx: the stack pointer of the
// fiber to run. Returns (on the other fiber's stack) to wherever that fiber last switched away.
std::arch::global_asm!(
    ".globl winrun_fiber_switch",
    "winrun_fiber_switch:",
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
    "stmxcsr [rsp+160]",
    "fnstcw [rsp+164]",
    "mov [rcx], rsp",
    "mov rsp, rdx",
    "ldmxcsr [rsp+160]",
    "fldcw [rsp+164]",
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
    // The first switch to a new fiber lands here with r12 = entry, r13 = its argument; the
    // entry never returns.
    ".globl winrun_fiber_start",
    "winrun_fiber_start:",
    "and rsp, -16",
    "sub rsp, 32",
    "mov rcx, r13",
    "call r12",
    "ud2",
);

unsafe extern "win64" {
    fn winrun_fiber_switch(save_to: *mut u64, load: u64);
    fn winrun_fiber_start();
}

/// Writes the frame of a fiber that has not run yet below `stack_top` (16-byte aligned, the top
/// of a fresh writable stack) and returns its saved stack pointer: the first switch to it calls
/// `entry(arg)` on that stack with Windows' floating-point defaults.
pub fn initial_frame(stack_top: u64, entry: extern "win64" fn(u64) -> !, arg: u64) -> u64 {
    let rsp = stack_top - FRAME - 8;
    super::mem::fill(rsp, 0, FRAME as usize);
    super::mem::write(rsp + 160, 0x1F80u32);
    super::mem::write(rsp + 164, 0x27Fu16);
    // Pushed last, popped first: r15, r14, r13, r12 ...
    super::mem::write(rsp + VECTOR_AREA + 16, arg);
    super::mem::write(rsp + VECTOR_AREA + 24, entry as *const () as u64);
    super::mem::write(
        rsp + VECTOR_AREA + 64,
        winrun_fiber_start as *const () as u64,
    );
    rsp
}

/// Saves the running fiber's registers on its stack, stores its stack pointer at `save_to` and
/// goes on in the fiber whose saved stack pointer is `load`. Returns when some thread switches
/// back to the saved fiber.
pub fn switch(save_to: u64, load: u64) {
    // SAFETY: `load` is a stack pointer saved by `winrun_fiber_switch` or made by
    // `initial_frame` for a fiber that is not running (the caller, SwitchToFiber, owns that
    // guarantee as Windows' callers do); `save_to` is the saved-stack slot of the fiber
    // structure of the running fiber. All callee-saved state is preserved across the call.
    unsafe { winrun_fiber_switch(save_to as *mut u64, load) }
}
