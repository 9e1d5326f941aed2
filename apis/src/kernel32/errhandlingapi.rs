//! errhandlingapi.h: the thread's last error and process error modes.

use crate::abi::GuestPtr;
use crate::dllexport;
use crate::nt::teb;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

#[dllexport]
pub fn GetLastError() -> u32 {
    teb::last_error()
}

#[dllexport]
pub fn SetLastError(dwErrCode: u32) {
    teb::set_last_error(dwErrCode)
}

static ERROR_MODE: AtomicU32 = AtomicU32::new(0);

#[dllexport]
pub fn SetErrorMode(uMode: u32) -> u32 {
    ERROR_MODE.swap(uMode, Ordering::Relaxed)
}

#[dllexport]
pub fn GetErrorMode() -> u32 {
    ERROR_MODE.load(Ordering::Relaxed)
}

static UNHANDLED_FILTER: AtomicU64 = AtomicU64::new(0);

/// Records the top-level filter; the exception dispatcher calls it for unhandled exceptions.
#[dllexport]
pub fn SetUnhandledExceptionFilter(lpTopLevelExceptionFilter: GuestPtr<u8>) -> GuestPtr<u8> {
    GuestPtr::new(UNHANDLED_FILTER.swap(lpTopLevelExceptionFilter.addr(), Ordering::AcqRel))
}

/// The filter set by SetUnhandledExceptionFilter (0 when none).
pub fn unhandled_exception_filter() -> u64 {
    UNHANDLED_FILTER.load(Ordering::Acquire)
}
