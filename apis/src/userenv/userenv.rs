//! userenv.h: the user's profile directory, the one USERPROFILE names at startup and shell32's
//! FOLDERID_Profile / CSIDL_PROFILE give (the host home directory).

use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result};
use crate::advapi32::securitybaseapi::check_token;
use crate::dllexport;
use crate::kernel32::stringapiset;
use crate::nt::env;

/// Copies `path` and its NUL into `buf` when `*size` elements hold them; `*size` receives the
/// count including the NUL either way (ERROR_INSUFFICIENT_BUFFER when it did not fit).
fn copy_profile<T: Copy + Default>(
    path: &[T],
    buf: GuestPtr<T>,
    size: GuestPtr<u32>,
) -> Win32Result<()> {
    let capacity = size.read().ok_or(Win32Error::INVALID_PARAMETER)?;
    let needed = path.len() as u32 + 1;
    size.write(needed);
    if buf.is_null() || capacity < needed {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    buf.write_slice(path);
    buf.offset(path.len()).write(T::default());
    Ok(())
}

#[dllexport]
pub fn GetUserProfileDirectoryW(
    hToken: Handle,
    lpProfileDir: GuestPtr<u16>,
    lpcchSize: GuestPtr<u32>,
) -> Win32Result<()> {
    check_token(hToken)?;
    let path: Vec<u16> = env::profile_directory().encode_utf16().collect();
    copy_profile(&path, lpProfileDir, lpcchSize)
}

#[dllexport]
pub fn GetUserProfileDirectoryA(
    hToken: Handle,
    lpProfileDir: GuestPtr<u8>,
    lpcchSize: GuestPtr<u32>,
) -> Win32Result<()> {
    check_token(hToken)?;
    let wide: Vec<u16> = env::profile_directory().encode_utf16().collect();
    let path = stringapiset::encode(0, &wide, false)?;
    copy_profile(&path, lpProfileDir, lpcchSize)
}
