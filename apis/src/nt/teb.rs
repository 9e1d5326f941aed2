//! The Thread Environment Block: one per guest thread, found through GS.
//!
//! Guest code reads TEB fields directly (`gs:[0x30]` self, `0x60` PEB, `0x68` last error ...), so
//! the offsets are Windows' own (x64 TEB, Windows 10).

use crate::abi::{cpu, mem};

pub const TEB_SIZE: usize = 0x2000;
pub mod offset {
    pub const EXCEPTION_LIST: u64 = 0x00;
    pub const STACK_BASE: u64 = 0x08;
    pub const STACK_LIMIT: u64 = 0x10;
    pub const SELF: u64 = 0x30;
    pub const CLIENT_ID_PROCESS: u64 = 0x40;
    pub const CLIENT_ID_THREAD: u64 = 0x48;
    pub const TLS_POINTER: u64 = 0x58;
    pub const PEB: u64 = 0x60;
    pub const LAST_ERROR: u64 = 0x68;
    pub const TLS_SLOTS: u64 = 0x1480;
    pub const TLS_EXPANSION_SLOTS: u64 = 0x1780;
    pub const DEALLOCATION_STACK: u64 = 0x1478;
}

/// Stack kept below the guard page of each guest thread, where a stack overflow is handled.
pub const STACK_OVERFLOW_RESERVE: u64 = 64 * 1024;

/// Allocates and fills a TEB for a thread whose stack spans `stack_limit..stack_base`.
/// `tls_pointer` is the static-TLS array of the thread (0 when no image has a .tls section).
pub fn create(stack_base: u64, stack_limit: u64, tls_pointer: u64) -> u64 {
    let teb = mem::alloc_zeroed(TEB_SIZE, 4096);
    mem::write(teb + offset::STACK_BASE, stack_base);
    mem::write(teb + offset::STACK_LIMIT, stack_limit);
    mem::write(teb + offset::DEALLOCATION_STACK, stack_limit);
    mem::write(teb + offset::SELF, teb);
    mem::write(
        teb + offset::CLIENT_ID_PROCESS,
        super::process::current_process_id() as u64,
    );
    mem::write(teb + offset::CLIENT_ID_THREAD, cpu::gettid() as u64);
    mem::write(teb + offset::TLS_POINTER, tls_pointer);
    mem::write(teb + offset::PEB, super::process::peb());
    // No SEH frame chain on x64; the field stays as Windows leaves it for x64 threads.
    mem::write(teb + offset::EXCEPTION_LIST, 0u64);
    teb
}

/// Makes `teb` the calling thread's TEB (GS base, verified) and loads Windows' FPU defaults.
pub fn enter(teb: u64) -> Result<(), String> {
    cpu::set_gs_base(teb)?;
    cpu::set_windows_fpu_defaults();
    Ok(())
}

/// Frees a TEB from `create` once its thread has ended.
pub fn destroy(teb: u64) {
    mem::free_zeroed(teb, TEB_SIZE, 4096);
}

/// The calling guest thread's TEB.
#[inline]
pub fn current() -> u64 {
    cpu::read_u64(offset::SELF)
}

#[inline]
pub fn last_error() -> u32 {
    cpu::read_u32(offset::LAST_ERROR)
}

#[inline]
pub fn set_last_error(code: u32) {
    cpu::write_u32(offset::LAST_ERROR, code)
}
