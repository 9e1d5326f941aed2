//! handleapi.h: closing and inspecting handles.

use crate::abi::handles::HANDLES;
use crate::abi::{Handle, Win32Error, Win32Result};
use crate::dllexport;

#[dllexport]
pub fn CloseHandle(hObject: Handle) -> Win32Result<()> {
    if hObject == Handle::CURRENT_PROCESS || hObject == Handle::CURRENT_THREAD {
        // Closing a pseudo-handle is a documented no-op that succeeds.
        return Ok(());
    }
    HANDLES
        .remove(hObject)
        .map(drop)
        .map_err(|_| Win32Error::INVALID_HANDLE)
}
