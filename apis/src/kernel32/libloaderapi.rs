//! libloaderapi.h: modules, through the same loader and binder that bound the program's imports.

use crate::abi::{CStrPtr, GuestPtr, Handle, WStrPtr, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::modules::{ProcName, loader};

const GET_MODULE_HANDLE_EX_FLAG_PIN: u32 = 1;
const GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT: u32 = 2;
const GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS: u32 = 4;

/// LoadLibrary(Ex) of a decoded name. The search-path flags (LOAD_LIBRARY_SEARCH_*) all reach
/// the same places here: the application directory and the builtin DLLs. Data-file loads
/// (LOAD_LIBRARY_AS_DATAFILE*) are not supported yet: the module is loaded normally.
fn load(name: Option<String>, flags: u32) -> Win32Result<Handle> {
    let name = name.ok_or(Win32Error::INVALID_PARAMETER)?;
    if flags & 0x22 != 0 {
        tracing::warn!(target: "kernel32::libloaderapi", "LoadLibraryEx({name}): LOAD_LIBRARY_AS_DATAFILE loads the module normally");
    }
    loader().load_library(&name).map(Handle)
}

#[dllexport]
pub fn LoadLibraryW(lpLibFileName: WStrPtr) -> Win32Result<Handle> {
    load(lpLibFileName.string(), 0)
}

#[dllexport]
pub fn LoadLibraryA(lpLibFileName: CStrPtr) -> Win32Result<Handle> {
    load(lpLibFileName.string(), 0)
}

#[dllexport]
pub fn LoadLibraryExW(lpLibFileName: WStrPtr, hFile: Handle, dwFlags: u32) -> Win32Result<Handle> {
    load(lpLibFileName.string(), dwFlags)
}

#[dllexport]
pub fn LoadLibraryExA(lpLibFileName: CStrPtr, hFile: Handle, dwFlags: u32) -> Win32Result<Handle> {
    load(lpLibFileName.string(), dwFlags)
}

#[dllexport]
pub fn FreeLibrary(hLibModule: Handle) -> Win32Result<()> {
    loader().free_library(hLibModule.0)
}

/// `lpProcName` is a name, or an ordinal in its low word when the high bits are zero.
#[dllexport]
pub fn GetProcAddress(hModule: Handle, lpProcName: CStrPtr) -> Win32Result<GuestPtr<u8>> {
    let proc = if lpProcName.0 >> 16 == 0 {
        ProcName::Ordinal(lpProcName.0 as u16)
    } else {
        ProcName::Name(lpProcName.string().ok_or(Win32Error::INVALID_PARAMETER)?)
    };
    loader().proc_address(hModule.0, &proc).map(GuestPtr::new)
}

#[dllexport]
pub fn GetModuleHandleW(lpModuleName: WStrPtr) -> Win32Result<Handle> {
    loader()
        .module_handle(lpModuleName.string().as_deref())
        .map(Handle)
}

#[dllexport]
pub fn GetModuleHandleA(lpModuleName: CStrPtr) -> Win32Result<Handle> {
    loader()
        .module_handle(lpModuleName.string().as_deref())
        .map(Handle)
}

fn module_handle_ex(
    flags: u32,
    name: Option<String>,
    address: u64,
    out: GuestPtr<u64>,
) -> Win32Result<()> {
    if out.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    out.write(0);
    let module = if flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS != 0 {
        loader().module_from_address(address)?
    } else {
        loader().module_handle(name.as_deref())?
    };
    if flags & (GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT) == 0
        && name.is_some()
    {
        // Takes a reference, like LoadLibrary of a loaded module.
        loader().load_library(name.as_deref().unwrap_or_default())?;
    }
    out.write(module);
    Ok(())
}

#[dllexport]
pub fn GetModuleHandleExW(
    dwFlags: u32,
    lpModuleName: WStrPtr,
    phModule: GuestPtr<u64>,
) -> Win32Result<()> {
    let name = (dwFlags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS == 0)
        .then(|| lpModuleName.string())
        .flatten();
    module_handle_ex(dwFlags, name, lpModuleName.0, phModule)
}

#[dllexport]
pub fn GetModuleHandleExA(
    dwFlags: u32,
    lpModuleName: CStrPtr,
    phModule: GuestPtr<u64>,
) -> Win32Result<()> {
    let name = (dwFlags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS == 0)
        .then(|| lpModuleName.string())
        .flatten();
    module_handle_ex(dwFlags, name, lpModuleName.0, phModule)
}

/// Copies the path, truncated to fit with a NUL; on truncation returns nSize and sets
/// ERROR_INSUFFICIENT_BUFFER (Windows XP and later).
fn copy_truncated<T: Copy + Default>(value: &[T], buf: GuestPtr<T>, size: u32) -> Win32Result<u32> {
    let size = size as usize;
    if size == 0 {
        crate::nt::teb::set_last_error(Win32Error::INSUFFICIENT_BUFFER.0);
        return Ok(0);
    }
    if value.len() < size {
        buf.write_slice(value);
        buf.offset(value.len()).write(T::default());
        return Ok(value.len() as u32);
    }
    buf.write_slice(&value[..size - 1]);
    buf.offset(size - 1).write(T::default());
    crate::nt::teb::set_last_error(Win32Error::INSUFFICIENT_BUFFER.0);
    Ok(size as u32)
}

#[dllexport]
pub fn GetModuleFileNameW(
    hModule: Handle,
    lpFilename: GuestPtr<u16>,
    nSize: u32,
) -> Win32Result<u32> {
    let path: Vec<u16> = loader()
        .module_file_name(hModule.0)?
        .encode_utf16()
        .collect();
    copy_truncated(&path, lpFilename, nSize)
}

#[dllexport]
pub fn GetModuleFileNameA(
    hModule: Handle,
    lpFilename: GuestPtr<u8>,
    nSize: u32,
) -> Win32Result<u32> {
    let path = loader().module_file_name(hModule.0)?;
    copy_truncated(path.as_bytes(), lpFilename, nSize)
}

/// Stops DLL_THREAD_ATTACH/DETACH notifications (DllMain and TLS callbacks) for the module.
#[dllexport]
pub fn DisableThreadLibraryCalls(hLibModule: Handle) -> Win32Result<()> {
    loader().disable_thread_calls(hLibModule.0)
}
