//! setjmp/longjmp on the x64 `_JUMP_BUFFER`: machine code that saves and restores the
//! callee-saved registers, so it lives here with the other code that needs `unsafe`.
//!
//! Layout (setjmp.h): Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12-R15, Rip (8 bytes each, 0-87), MxCsr
//! (88, 4 bytes), FpCsr (92, 2 bytes), Spare (94), Xmm6-Xmm15 (96-255, 16 bytes each).
//!
//! `longjmp` restores the registers directly. Windows' longjmp with a non-zero Frame unwinds the
//! frames in between (running `__finally` blocks and C++ destructors); that unwinding comes
//! with the exceptions work, and without such frames the two are the same.
//!
//! Each export is naked machine code that returns twice (setjmp) or never returns (longjmp), so
//! its relay entry is the same code, without a trace line.

macro_rules! naked_export {
    ($name:ident, $($asm:literal),* $(,)?) => {
        pub mod $name {
            /// The export's Win64 entry.
            #[unsafe(naked)]
            pub extern "win64" fn entry() {
                core::arch::naked_asm!($($asm),*)
            }
            /// The relay entry: the same code (a wrapper frame would break setjmp's return).
            #[unsafe(naked)]
            pub extern "win64" fn relay<const DLL: u8>() {
                core::arch::naked_asm!($($asm),*)
            }
        }
    };
}

// _setjmp(jmp_buf rcx, frame rdx): save, return 0. [rsp] is the return address; the caller's
// stack pointer after the return is rsp + 8.
naked_export!(
    _setjmp,
    "mov [rcx], rdx",
    "mov [rcx + 8], rbx",
    "lea rax, [rsp + 8]",
    "mov [rcx + 16], rax",
    "mov [rcx + 24], rbp",
    "mov [rcx + 32], rsi",
    "mov [rcx + 40], rdi",
    "mov [rcx + 48], r12",
    "mov [rcx + 56], r13",
    "mov [rcx + 64], r14",
    "mov [rcx + 72], r15",
    "mov rax, [rsp]",
    "mov [rcx + 80], rax",
    "stmxcsr [rcx + 88]",
    "fnstcw [rcx + 92]",
    "movdqu [rcx + 96], xmm6",
    "movdqu [rcx + 112], xmm7",
    "movdqu [rcx + 128], xmm8",
    "movdqu [rcx + 144], xmm9",
    "movdqu [rcx + 160], xmm10",
    "movdqu [rcx + 176], xmm11",
    "movdqu [rcx + 192], xmm12",
    "movdqu [rcx + 208], xmm13",
    "movdqu [rcx + 224], xmm14",
    "movdqu [rcx + 240], xmm15",
    "xor eax, eax",
    "ret",
);

// longjmp(jmp_buf rcx, value edx): restore everything and return `value` (1 for 0) from the
// setjmp call.
naked_export!(
    longjmp,
    "mov eax, edx",
    "test eax, eax",
    "jnz 2f",
    "mov eax, 1",
    "2:",
    "mov rbx, [rcx + 8]",
    "mov rbp, [rcx + 24]",
    "mov rsi, [rcx + 32]",
    "mov rdi, [rcx + 40]",
    "mov r12, [rcx + 48]",
    "mov r13, [rcx + 56]",
    "mov r14, [rcx + 64]",
    "mov r15, [rcx + 72]",
    "ldmxcsr [rcx + 88]",
    "fnclex",
    "fldcw [rcx + 92]",
    "movdqu xmm6, [rcx + 96]",
    "movdqu xmm7, [rcx + 112]",
    "movdqu xmm8, [rcx + 128]",
    "movdqu xmm9, [rcx + 144]",
    "movdqu xmm10, [rcx + 160]",
    "movdqu xmm11, [rcx + 176]",
    "movdqu xmm12, [rcx + 192]",
    "movdqu xmm13, [rcx + 208]",
    "movdqu xmm14, [rcx + 224]",
    "movdqu xmm15, [rcx + 240]",
    "mov rsp, [rcx + 16]",
    "jmp qword ptr [rcx + 80]",
);

pub use _setjmp as _setjmpex;
pub use _setjmp as __intrinsic_setjmp;
pub use _setjmp as __intrinsic_setjmpex;
