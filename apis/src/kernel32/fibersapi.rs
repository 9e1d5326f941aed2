//! fibersapi.h: fiber-local storage (per thread, as winrun has no fibers).

use crate::abi::{GuestPtr, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::{fls, teb};

/// FLS_OUT_OF_INDEXES with ERROR_NO_MORE_ITEMS when every index is taken.
#[dllexport]
pub fn FlsAlloc(lpCallback: u64) -> u32 {
    fls::alloc(lpCallback).unwrap_or_else(|| {
        teb::set_last_error(Win32Error::NO_MORE_ITEMS.0);
        windows_sys::Win32::System::Threading::FLS_OUT_OF_INDEXES
    })
}

#[dllexport]
pub fn FlsFree(dwFlsIndex: u32) -> Win32Result<()> {
    fls::free(dwFlsIndex)
}

/// Clears the last error on success, so a stored NULL can be told from a failure.
#[dllexport]
pub fn FlsGetValue(dwFlsIndex: u32) -> Win32Result<GuestPtr<u8>> {
    let value = fls::get(dwFlsIndex)?;
    teb::set_last_error(0);
    Ok(GuestPtr::new(value))
}

#[dllexport]
pub fn FlsSetValue(dwFlsIndex: u32, lpFlsData: GuestPtr<u8>) -> Win32Result<()> {
    fls::set(dwFlsIndex, lpFlsData.addr())
}

/// ConvertThreadToFiber is not implemented, so no thread is ever a fiber.
#[dllexport]
pub fn IsThreadAFiber() -> bool {
    false
}
