//! sddl.h: SIDs as strings.

use super::securitybaseapi::Sid;
use crate::abi::{GuestPtr, Win32Error, Win32Result};
use crate::dllexport;

/// Allocates `text` and a NUL with LocalAlloc (the caller frees it with LocalFree).
fn local_string<T: Copy + Default>(text: &[T]) -> Win32Result<u64> {
    let size = (text.len() + 1) * size_of::<T>();
    let block = crate::kernel32::heapapi::process_heap_alloc(size, true);
    if block == 0 {
        return Err(Win32Error::NOT_ENOUGH_MEMORY);
    }
    GuestPtr::<T>::new(block).write_slice(text);
    Ok(block)
}

#[dllexport]
pub fn ConvertSidToStringSidW(Sid: GuestPtr<u8>, StringSid: GuestPtr<u64>) -> Win32Result<()> {
    if StringSid.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let text: Vec<u16> = Sid::read(Sid)?.to_string_form().encode_utf16().collect();
    StringSid.write(local_string(&text)?);
    Ok(())
}

#[dllexport]
pub fn ConvertSidToStringSidA(Sid: GuestPtr<u8>, StringSid: GuestPtr<u64>) -> Win32Result<()> {
    if StringSid.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let text = Sid::read(Sid)?.to_string_form();
    StringSid.write(local_string(text.as_bytes())?);
    Ok(())
}
