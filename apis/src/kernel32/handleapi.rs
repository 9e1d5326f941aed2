//! handleapi.h: closing and inspecting handles.

use crate::abi::handles::HANDLES;
use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::file::FileObject;
use std::sync::Arc;

#[dllexport]
pub fn CloseHandle(hObject: Handle) -> Win32Result<()> {
    if hObject == Handle::CURRENT_PROCESS || hObject == Handle::CURRENT_THREAD {
        // Closing a pseudo-handle is a documented no-op that succeeds.
        return Ok(());
    }
    let object = HANDLES
        .remove(hObject)
        .map_err(|_| Win32Error::INVALID_HANDLE)?;
    let object: Arc<dyn std::any::Any + Send + Sync> = object;
    if let Ok(file) = object.downcast::<FileObject>() {
        let reason = if file.pipe.is_some() {
            Win32Error::BROKEN_PIPE
        } else {
            Win32Error::OPERATION_ABORTED
        };
        let last = file.io.handle_closed(Arc::strong_count(&file) - 1, reason);
        // The workers still hold the object; the pipe instance goes now, as on Windows.
        if last && let Some(p) = &file.pipe {
            p.close();
        }
    }
    Ok(())
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

const HANDLE_FLAG_INHERIT: u32 = 1;
const HANDLE_FLAG_PROTECT_FROM_CLOSE: u32 = 2;

/// Of the flags, HANDLE_FLAG_INHERIT is kept (it decides what CreateProcess passes on);
/// HANDLE_FLAG_PROTECT_FROM_CLOSE is accepted and not enforced.
#[dllexport]
pub fn SetHandleInformation(hObject: Handle, dwMask: u32, dwFlags: u32) -> Win32Result<()> {
    if dwMask & !(HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if dwMask & HANDLE_FLAG_INHERIT != 0 {
        HANDLES.set_inheritable(hObject, dwFlags & HANDLE_FLAG_INHERIT != 0)?;
    } else {
        HANDLES.get_any(hObject)?;
    }
    Ok(())
}

#[dllexport]
pub fn GetHandleInformation(hObject: Handle, lpdwFlags: GuestPtr<u32>) -> Win32Result<()> {
    let inherit = HANDLES.inheritable(hObject)?;
    lpdwFlags.write_required(if inherit { HANDLE_FLAG_INHERIT } else { 0 })
}
