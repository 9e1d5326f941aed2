//! Per-thread CPU state a guest expects. The GS segment base: on Win64 it points at the running thread's TEB, and guest code reads TEB
//! fields as `gs:[offset]`. Linux's x86-64 ABI leaves GS unused (TLS lives in FS), so each guest
//! thread can own it.

use std::arch::asm;

const ARCH_SET_GS: libc::c_int = 0x1001;

/// Points GS at `teb` for the calling thread and checks that it took: reading `gs:[0x30]` (the
/// TEB's self pointer, which the caller has already stored) must give `teb` back. Some sandboxes
/// (gVisor) accept the call without honouring it; running on with a wrong GS would corrupt
/// memory, so the caller must stop on `Err`.
pub fn set_gs_base(teb: u64) -> Result<(), String> {
    // SAFETY: arch_prctl(ARCH_SET_GS) changes only this thread's GS base, which no Rust or libc
    // code on x86-64 Linux uses.
    let rc = unsafe { libc::syscall(libc::SYS_arch_prctl, ARCH_SET_GS, teb) };
    if rc != 0 {
        return Err(format!(
            "arch_prctl(ARCH_SET_GS) failed: {}",
            std::io::Error::last_os_error()
        ));
    }
    let seen = read_u64(0x30);
    if seen != teb {
        return Err(format!(
            "GS base does not hold (set {teb:#x}, read back {seen:#x}): this kernel or sandbox \
             ignores arch_prctl(ARCH_SET_GS)"
        ));
    }
    Ok(())
}

/// Reads the u64 at `gs:[offset]`.
#[inline(always)]
pub fn read_u64(offset: u64) -> u64 {
    let v: u64;
    // SAFETY: only called on guest threads, whose GS base was set to a live TEB allocation by
    // `set_gs_base`; `offset` is within the TEB.
    unsafe {
        asm!("mov {}, gs:[{}]", out(reg) v, in(reg) offset, options(nostack, readonly, preserves_flags))
    };
    v
}

/// Reads the u32 at `gs:[offset]`.
#[inline(always)]
pub fn read_u32(offset: u64) -> u32 {
    let v: u32;
    // SAFETY: as for `read_u64`.
    unsafe {
        asm!("mov {:e}, gs:[{}]", out(reg) v, in(reg) offset, options(nostack, readonly, preserves_flags))
    };
    v
}

/// Writes the u32 at `gs:[offset]`.
#[inline(always)]
pub fn write_u32(offset: u64, value: u32) {
    // SAFETY: as for `read_u64`; the TEB is writable and owned by this thread.
    unsafe {
        asm!("mov gs:[{}], {:e}", in(reg) offset, in(reg) value, options(nostack, preserves_flags))
    };
}

/// Loads Windows' floating-point defaults for a new guest thread: x87 control word 0x27F (all
/// exceptions masked, 53-bit precision, round to nearest) and MXCSR 0x1F80, so results are
/// bit-identical to Windows.
pub fn set_windows_fpu_defaults() {
    let fcw: u16 = 0x27F;
    let mxcsr: u32 = 0x1F80;
    // SAFETY: loading the control registers from local variables changes only this thread's
    // floating-point modes, which is the intent.
    unsafe {
        asm!("fldcw [{}]", in(reg) &fcw, options(nostack, readonly));
        asm!("ldmxcsr [{}]", in(reg) &mxcsr, options(nostack, readonly));
    }
}

/// Reads the current x87 control word and MXCSR (for tests and diagnostics).
pub fn fpu_control() -> (u16, u32) {
    let mut fcw: u16 = 0;
    let mut mxcsr: u32 = 0;
    // SAFETY: storing the control registers into local variables has no other effect.
    unsafe {
        asm!("fnstcw [{}]", in(reg) &mut fcw, options(nostack));
        asm!("stmxcsr [{}]", in(reg) &mut mxcsr, options(nostack));
    }
    (fcw, mxcsr)
}

/// Sets MXCSR (the CRT's `_controlfp`, `_clearfp`): this thread's SSE modes and flags.
pub fn set_mxcsr(mxcsr: u32) {
    // SAFETY: loading MXCSR from a local changes only this thread's floating-point modes; the
    // reserved bits are cleared so the load cannot fault.
    unsafe { asm!("ldmxcsr [{}]", in(reg) &(mxcsr & 0xFFFF), options(nostack, readonly)) };
}

/// Sets the x87 control word (`_control87`) and clears its pending exceptions.
pub fn set_x87_control(fcw: u16) {
    // SAFETY: fnclex then fldcw from a local change only this thread's x87 modes; clearing the
    // exceptions first keeps an unmasking load from trapping.
    unsafe {
        asm!("fnclex", options(nostack, nomem));
        asm!("fldcw [{}]", in(reg) &fcw, options(nostack, readonly));
    }
}

/// The Linux thread id of the calling thread.
pub fn gettid() -> u32 {
    // SAFETY: gettid(2) takes no arguments and cannot fail.
    unsafe { libc::gettid() as u32 }
}
