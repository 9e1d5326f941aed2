//! processthreadsapi.h (advapi32 half): opening the process and thread tokens.

use super::securitybaseapi::new_token_handle;
use crate::abi::handles::HANDLES;
use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result};
use crate::dllexport;
use windows_sys::Win32::Foundation::ERROR_NO_TOKEN;

#[dllexport]
pub fn OpenProcessToken(
    ProcessHandle: Handle,
    DesiredAccess: u32,
    TokenHandle: GuestPtr<u64>,
) -> Win32Result<()> {
    if ProcessHandle != Handle::CURRENT_PROCESS {
        HANDLES.get_any(ProcessHandle)?;
    }
    if TokenHandle.is_null() {
        return Err(Win32Error::NOACCESS);
    }
    TokenHandle.write(new_token_handle().0);
    Ok(())
}

/// Threads never impersonate in winrun, so they have no token of their own.
#[dllexport]
pub fn OpenThreadToken(
    ThreadHandle: Handle,
    DesiredAccess: u32,
    OpenAsSelf: bool,
    TokenHandle: GuestPtr<u64>,
) -> Win32Result<()> {
    if ThreadHandle != Handle::CURRENT_THREAD {
        HANDLES.get_any(ThreadHandle)?;
    }
    Err(Win32Error(ERROR_NO_TOKEN))
}
