//! Capturing and restoring a thread's whole register state as an x64 `CONTEXT`: the two machine
//! routines structured exception handling rests on (RtlCaptureContext and RtlRestoreContext), and
//! the entry thunk of exports that need their caller's registers (`CallerContext` parameters).
//!
//! CONTEXT offsets are Windows' (winnt.h, AMD64); `tests::offsets_match_windows_sys` checks them
//! against windows-sys.

use std::arch::naked_asm;
use windows_sys::Win32::System::Diagnostics::Debug::{CONTEXT, M128A};

/// The size of an x64 CONTEXT.
pub const CONTEXT_SIZE: usize = 0x4D0;

/// CONTEXT_AMD64 | CONTROL | INTEGER | SEGMENTS | FLOATING_POINT: what a capture fills in.
pub const CAPTURED_FLAGS: u32 = 0x0010_000F;

/// Byte offsets of CONTEXT fields.
pub mod offset {
    pub const CONTEXT_FLAGS: usize = 0x30;
    pub const MXCSR: usize = 0x34;
    pub const SEG_CS: usize = 0x38;
    pub const EFLAGS: usize = 0x44;
    pub const RAX: usize = 0x78;
    pub const RCX: usize = 0x80;
    pub const RSP: usize = 0x98;
    pub const RIP: usize = 0xF8;
    pub const FLT_SAVE: usize = 0x100;
    pub const XMM0: usize = 0x1A0;
}

/// The register state of the caller of an export, captured by its entry thunk as it would be
/// right after the call returns (Rip = the return address, Rsp = the caller's stack pointer, the
/// non-volatile registers the caller's own). The last parameter of a `#[dllexport]` function that
/// needs it (RaiseException, RtlUnwindEx ...): the address of a CONTEXT on the thunk's frame,
/// valid until the export returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(transparent)]
pub struct CallerContext(pub u64);

impl super::RelayArg for CallerContext {
    fn relay(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = write!(out, "caller context {:#x}", self.0);
    }
}

/// Sets XMM register `n` (0..16) of a CONTEXT.
pub fn set_xmm(context: &mut CONTEXT, n: usize, value: M128A) {
    // SAFETY: both variants of the union are plain integers over the same bytes (the legacy
    // save area's XmmRegisters are Xmm0..Xmm15), so every bit pattern is valid in either.
    unsafe { context.Anonymous.FltSave.XmmRegisters[n] = value };
}

/// RtlCaptureContext: stores the caller's registers into the CONTEXT at rcx, as they are after
/// this call returns. Every register keeps its value.
#[unsafe(naked)]
pub extern "win64" fn capture(_context: u64) {
    // SAFETY: the caller passes a writable CONTEXT; only that memory and the stack slot of the
    // pushed flags are written. fxsave needs 16-byte alignment, so a misaligned CONTEXT gets the
    // XMM registers and MXCSR only (what the unwinder and handlers use).
    naked_asm!(
        "pushfq",
        "mov [rcx+0x78], rax",
        "mov [rcx+0x80], rcx",
        "mov [rcx+0x88], rdx",
        "mov [rcx+0x90], rbx",
        "mov [rcx+0xA0], rbp",
        "mov [rcx+0xA8], rsi",
        "mov [rcx+0xB0], rdi",
        "mov [rcx+0xB8], r8",
        "mov [rcx+0xC0], r9",
        "mov [rcx+0xC8], r10",
        "mov [rcx+0xD0], r11",
        "mov [rcx+0xD8], r12",
        "mov [rcx+0xE0], r13",
        "mov [rcx+0xE8], r14",
        "mov [rcx+0xF0], r15",
        "mov word ptr [rcx+0x38], cs",
        "mov word ptr [rcx+0x3A], ds",
        "mov word ptr [rcx+0x3C], es",
        "mov word ptr [rcx+0x3E], fs",
        "mov word ptr [rcx+0x40], gs",
        "mov word ptr [rcx+0x42], ss",
        "stmxcsr [rcx+0x34]",
        "test cl, 15",
        "jnz 2f",
        "fxsave [rcx+0x100]",
        "2:",
        "movdqu [rcx+0x1A0], xmm0",
        "movdqu [rcx+0x1B0], xmm1",
        "movdqu [rcx+0x1C0], xmm2",
        "movdqu [rcx+0x1D0], xmm3",
        "movdqu [rcx+0x1E0], xmm4",
        "movdqu [rcx+0x1F0], xmm5",
        "movdqu [rcx+0x200], xmm6",
        "movdqu [rcx+0x210], xmm7",
        "movdqu [rcx+0x220], xmm8",
        "movdqu [rcx+0x230], xmm9",
        "movdqu [rcx+0x240], xmm10",
        "movdqu [rcx+0x250], xmm11",
        "movdqu [rcx+0x260], xmm12",
        "movdqu [rcx+0x270], xmm13",
        "movdqu [rcx+0x280], xmm14",
        "movdqu [rcx+0x290], xmm15",
        "pop rax",
        "mov [rcx+0x44], eax",
        "lea rax, [rsp+8]",
        "mov [rcx+0x98], rax",
        "mov rax, [rsp]",
        "mov [rcx+0xF8], rax",
        "mov rax, [rcx+0x78]",
        "mov dword ptr [rcx+0x30], 0x10000F",
        "ret",
    )
}

/// RtlRestoreContext / NtContinue: loads the CONTEXT at rcx into the registers and continues at
/// its Rip on its Rsp. Never returns.
///
/// The last values (Rip, Rcx, EFlags, Rax, R8) travel through the 40 bytes just below the target
/// Rsp, which on Win64 belong to no one (there is no red zone), so the switch is a plain
/// `pop`/`popfq`/`ret` sequence and the CONTEXT is never read after the stack pointer moves.
#[unsafe(naked)]
pub extern "win64" fn restore(_context: u64) -> ! {
    // SAFETY: the caller passes a CONTEXT describing a state to continue in (captured, or built
    // from a fault, and possibly edited by an exception handler); its stack is the target's.
    naked_asm!(
        "test cl, 15",
        "jnz 2f",
        "fxrstor [rcx+0x100]",
        "2:",
        "movdqu xmm0, [rcx+0x1A0]",
        "movdqu xmm1, [rcx+0x1B0]",
        "movdqu xmm2, [rcx+0x1C0]",
        "movdqu xmm3, [rcx+0x1D0]",
        "movdqu xmm4, [rcx+0x1E0]",
        "movdqu xmm5, [rcx+0x1F0]",
        "movdqu xmm6, [rcx+0x200]",
        "movdqu xmm7, [rcx+0x210]",
        "movdqu xmm8, [rcx+0x220]",
        "movdqu xmm9, [rcx+0x230]",
        "movdqu xmm10, [rcx+0x240]",
        "movdqu xmm11, [rcx+0x250]",
        "movdqu xmm12, [rcx+0x260]",
        "movdqu xmm13, [rcx+0x270]",
        "movdqu xmm14, [rcx+0x280]",
        "movdqu xmm15, [rcx+0x290]",
        "ldmxcsr [rcx+0x34]",
        "mov r8, [rcx+0x98]",
        "mov rax, [rcx+0xF8]",
        "mov [r8-8], rax",
        "mov rax, [rcx+0x80]",
        "mov [r8-16], rax",
        "mov eax, [rcx+0x44]",
        "mov [r8-24], rax",
        "mov rax, [rcx+0x78]",
        "mov [r8-32], rax",
        "mov rax, [rcx+0xB8]",
        "mov [r8-40], rax",
        "mov rdx, [rcx+0x88]",
        "mov rbx, [rcx+0x90]",
        "mov rbp, [rcx+0xA0]",
        "mov rsi, [rcx+0xA8]",
        "mov rdi, [rcx+0xB0]",
        "mov r9, [rcx+0xC0]",
        "mov r10, [rcx+0xC8]",
        "mov r11, [rcx+0xD0]",
        "mov r12, [rcx+0xD8]",
        "mov r13, [rcx+0xE0]",
        "mov r14, [rcx+0xE8]",
        "mov r15, [rcx+0xF0]",
        "lea rsp, [r8-40]",
        "pop r8",
        "pop rax",
        "popfq",
        "pop rcx",
        "ret",
    )
}

/// DebugBreak: an `int3` followed by `ret`, as kernelbase's. The breakpoint exception's address
/// is the `int3`; a handler that continues one byte further returns to the caller.
#[allow(non_snake_case)]
pub mod DebugBreak {
    use std::arch::naked_asm;

    #[unsafe(naked)]
    pub extern "win64" fn entry() {
        // SAFETY: a breakpoint then a return; the fault handler turns the breakpoint into
        // EXCEPTION_BREAKPOINT for the guest.
        naked_asm!("int3", "ret")
    }

    /// The relay form: a call without arguments that raises has nothing more to show.
    #[unsafe(naked)]
    pub extern "win64" fn relay<const DLL: u8>() {
        // SAFETY: as for `entry`.
        naked_asm!("int3", "ret")
    }

    /// Whether `pc` is one of the breakpoints above (guest breakpoints inside winrun's code).
    pub fn contains(pc: u64) -> bool {
        pc == entry as *const () as u64
            || crate::registry::DLLS.iter().any(|dll| {
                dll.exports.iter().any(|e| {
                    e.name == "DebugBreak"
                        && matches!(e.kind, crate::registry::ExportKind::Function { relay, .. }
                            if relay.get() == pc)
                })
            })
    }
}

/// The stack the entry thunk of a `CallerContext` export reserves: the CONTEXT (16-aligned, at
/// rsp+0x20 above the callee's home area) and padding that keeps rsp 16-aligned.
pub const THUNK_FRAME: usize = 0x4F8;

/// The body of a `CallerContext` export's entry (emitted by `#[dllexport]` as a naked function):
/// spills the register arguments into the caller's home area, captures the caller's registers
/// into a CONTEXT on its own frame, then calls `imp(slots, context)` where `slots` points at the
/// caller's argument slots. Written as a macro so each export gets its own symbol.
#[macro_export]
macro_rules! caller_context_thunk {
    ($imp:path) => {
        core::arch::naked_asm!(
            "mov [rsp+8], rcx",
            "mov [rsp+16], rdx",
            "mov [rsp+24], r8",
            "mov [rsp+32], r9",
            "sub rsp, 0x4F8",
            "lea rcx, [rsp+0x20]",
            "call {capture}",
            // The caller's view: Rip = the return address, Rsp = just above it, Rcx as passed.
            "mov rax, [rsp+0x4F8]",
            "mov [rsp+0x20+0xF8], rax",
            "lea rax, [rsp+0x4F8+8]",
            "mov [rsp+0x20+0x98], rax",
            "mov rax, [rsp+0x4F8+8]",
            "mov [rsp+0x20+0x80], rax",
            "mov rax, [rsp+0x20+0x78]",
            "lea rcx, [rsp+0x4F8+8]",
            "lea rdx, [rsp+0x20]",
            "call {imp}",
            "add rsp, 0x4F8",
            "ret",
            capture = sym $crate::abi::context::capture,
            imp = sym $imp,
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::offset_of;
    use windows_sys::Win32::System::Diagnostics::Debug::CONTEXT;

    #[test]
    fn offsets_match_windows_sys() {
        assert_eq!(size_of::<CONTEXT>(), CONTEXT_SIZE);
        assert_eq!(offset_of!(CONTEXT, ContextFlags), offset::CONTEXT_FLAGS);
        assert_eq!(offset_of!(CONTEXT, MxCsr), offset::MXCSR);
        assert_eq!(offset_of!(CONTEXT, SegCs), offset::SEG_CS);
        assert_eq!(offset_of!(CONTEXT, EFlags), offset::EFLAGS);
        assert_eq!(offset_of!(CONTEXT, Rax), offset::RAX);
        assert_eq!(offset_of!(CONTEXT, Rcx), offset::RCX);
        assert_eq!(offset_of!(CONTEXT, Rsp), offset::RSP);
        assert_eq!(offset_of!(CONTEXT, Rip), offset::RIP);
        assert_eq!(offset_of!(CONTEXT, Anonymous), offset::FLT_SAVE);
        assert_eq!(THUNK_FRAME, 0x20 + CONTEXT_SIZE + 8);
    }
}
