//! dbghelp.h: the symbol handler's session and options. winrun reads no PDB or DWARF symbols,
//! so a session holds no modules and address look-ups find nothing.

use crate::abi::{CStrPtr, GuestPtr, Handle, WStrPtr, Win32Error, Win32Result};
use crate::dllexport;
use std::sync::atomic::{AtomicU32, Ordering};

/// SYMOPT_* flags; Windows starts with SYMOPT_UNDNAME | SYMOPT_DEFERRED_LOADS | SYMOPT_LOAD_LINES.
static OPTIONS: AtomicU32 = AtomicU32::new(0x2 | 0x4 | 0x10);

#[dllexport]
pub fn SymInitialize(
    hProcess: Handle,
    UserSearchPath: CStrPtr,
    fInvadeProcess: bool,
) -> Win32Result<()> {
    Ok(())
}

#[dllexport]
pub fn SymInitializeW(
    hProcess: Handle,
    UserSearchPath: WStrPtr,
    fInvadeProcess: bool,
) -> Win32Result<()> {
    Ok(())
}

#[dllexport]
pub fn SymCleanup(hProcess: Handle) -> Win32Result<()> {
    Ok(())
}

/// Returns the options now in effect.
#[dllexport]
pub fn SymSetOptions(SymOptions: u32) -> u32 {
    OPTIONS.store(SymOptions, Ordering::Relaxed);
    SymOptions
}

#[dllexport]
pub fn SymGetOptions() -> u32 {
    OPTIONS.load(Ordering::Relaxed)
}

/// No module has symbols loaded, so every address fails as one outside any module does
/// (ERROR_MOD_NOT_FOUND); callers print the bare address instead.
#[dllexport]
pub fn SymFromAddr(
    hProcess: Handle,
    Address: u64,
    Displacement: GuestPtr<u64>,
    Symbol: GuestPtr<u8>,
) -> Win32Result<()> {
    Err(Win32Error::MOD_NOT_FOUND)
}
