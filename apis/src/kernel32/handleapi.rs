//! handleapi.h: closing and inspecting handles.

use crate::abi::handles::HANDLES;
use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result};
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

const DUPLICATE_CLOSE_SOURCE: u32 = 1;

/// Within this process only (the one process there is): the new handle refers to the same
/// object, so a file's position and locks are shared, as on Windows.
#[dllexport]
pub fn DuplicateHandle(
    hSourceProcessHandle: Handle,
    hSourceHandle: Handle,
    hTargetProcessHandle: Handle,
    lpTargetHandle: GuestPtr<u64>,
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    dwOptions: u32,
) -> Win32Result<()> {
    if hSourceProcessHandle != Handle::CURRENT_PROCESS
        || hTargetProcessHandle != Handle::CURRENT_PROCESS
    {
        return Err(Win32Error::INVALID_HANDLE);
    }
    // The current-thread pseudo-handle duplicates into a real handle to the calling thread.
    let object: std::sync::Arc<dyn crate::abi::handles::Object> =
        if hSourceHandle == Handle::CURRENT_THREAD {
            crate::nt::thread::current()
        } else {
            HANDLES.get_any(hSourceHandle)?
        };
    if dwOptions & DUPLICATE_CLOSE_SOURCE != 0 {
        HANDLES.remove(hSourceHandle)?;
    }
    let h = HANDLES.insert(object, bInheritHandle);
    lpTargetHandle.write(h.0);
    Ok(())
}
