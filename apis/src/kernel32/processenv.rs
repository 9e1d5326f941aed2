//! processenv.h: command line, environment variables, std handles, current directory.

use crate::abi::{
    CStrPtr, GuestPtr, Handle, HandleOrInvalid, WStrPtr, Win32Error, Win32Result, mem,
};
use crate::dllexport;
use crate::nt::process::{self, StdHandle};
use crate::nt::{env, path};
use std::sync::OnceLock;

#[dllexport]
pub fn GetCommandLineW() -> GuestPtr<u16> {
    GuestPtr::new(process::command_line_w())
}

#[dllexport]
pub fn GetCommandLineA() -> GuestPtr<u8> {
    // The ANSI copy must stay at one address for the life of the process.
    static LINE: OnceLock<u64> = OnceLock::new();
    let addr = *LINE.get_or_init(|| {
        let bytes = process::command_line_a();
        let addr = mem::alloc_zeroed(bytes.len(), 8);
        mem::write_slice(addr, bytes);
        addr
    });
    GuestPtr::new(addr)
}

/// Copies `value` plus a NUL into a buffer of `size` elements: the length without NUL when it
/// fits, otherwise the size needed including the NUL (the GetEnvironmentVariable convention).
fn copy_out<T: Copy + Default>(value: &[T], buf: GuestPtr<T>, size: u32) -> u32 {
    if (value.len() as u64) < size as u64 && !buf.is_null() {
        buf.write_slice(value);
        buf.offset(value.len()).write(T::default());
        value.len() as u32
    } else {
        value.len() as u32 + 1
    }
}

#[dllexport]
pub fn GetEnvironmentVariableW(
    lpName: WStrPtr,
    lpBuffer: GuestPtr<u16>,
    nSize: u32,
) -> Win32Result<u32> {
    let name = lpName.units().ok_or(Win32Error::INVALID_PARAMETER)?;
    let value = env::get(&name).ok_or(Win32Error::ENVVAR_NOT_FOUND)?;
    Ok(copy_out(&value, lpBuffer, nSize))
}

#[dllexport]
pub fn GetEnvironmentVariableA(
    lpName: CStrPtr,
    lpBuffer: GuestPtr<u8>,
    nSize: u32,
) -> Win32Result<u32> {
    let name = lpName.to_wide().ok_or(Win32Error::INVALID_PARAMETER)?;
    let value = env::get(&name).ok_or(Win32Error::ENVVAR_NOT_FOUND)?;
    let bytes = String::from_utf16_lossy(&value).into_bytes();
    Ok(copy_out(&bytes, lpBuffer, nSize))
}

#[dllexport]
pub fn SetEnvironmentVariableW(lpName: WStrPtr, lpValue: WStrPtr) -> Win32Result<()> {
    let name = lpName.units().ok_or(Win32Error::INVALID_PARAMETER)?;
    if name.is_empty() || name[1..].contains(&(b'=' as u16)) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    env::set(&name, lpValue.units().as_deref());
    Ok(())
}

#[dllexport]
pub fn SetEnvironmentVariableA(lpName: CStrPtr, lpValue: CStrPtr) -> Win32Result<()> {
    let name = lpName.to_wide().ok_or(Win32Error::INVALID_PARAMETER)?;
    if name.is_empty() || name[1..].contains(&(b'=' as u16)) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    env::set(&name, lpValue.to_wide().as_deref());
    Ok(())
}

/// A fresh copy of the environment block, freed by FreeEnvironmentStrings.
#[dllexport]
pub fn GetEnvironmentStringsW() -> GuestPtr<u16> {
    let block = env::block();
    let addr = crate::kernel32::heapapi::process_heap_alloc(block.len() * 2, false);
    mem::write_slice(addr, &block);
    GuestPtr::new(addr)
}

#[dllexport]
pub fn GetEnvironmentStringsA() -> GuestPtr<u8> {
    let block: Vec<u8> = env::block()
        .split(|&u| u == 0)
        .filter(|e| !e.is_empty())
        .flat_map(|e| {
            String::from_utf16_lossy(e)
                .into_bytes()
                .into_iter()
                .chain(Some(0))
        })
        .chain([0, 0])
        .collect();
    // A block always ends with two NULs, even when empty.
    let block = if block.len() > 2 {
        &block[..block.len() - 1]
    } else {
        &block[..]
    };
    let addr = crate::kernel32::heapapi::process_heap_alloc(block.len(), false);
    mem::write_slice(addr, block);
    GuestPtr::new(addr)
}

#[dllexport]
pub fn FreeEnvironmentStringsW(penv: GuestPtr<u16>) -> Win32Result<()> {
    crate::kernel32::heapapi::process_heap_free(penv.addr())
}

#[dllexport]
pub fn FreeEnvironmentStringsA(penv: GuestPtr<u8>) -> Win32Result<()> {
    crate::kernel32::heapapi::process_heap_free(penv.addr())
}

/// Expands `%NAME%` references; unknown names and lone `%` stay as they are.
pub(crate) fn expand(src: &[u16]) -> Vec<u16> {
    let pct = b'%' as u16;
    let mut out = Vec::with_capacity(src.len());
    let mut i = 0;
    while i < src.len() {
        if src[i] == pct
            && let Some(len) = src[i + 1..].iter().position(|&c| c == pct)
        {
            let name = &src[i + 1..i + 1 + len];
            if let Some(v) = (!name.is_empty()).then(|| env::get(name)).flatten() {
                out.extend_from_slice(&v);
                i += len + 2;
                continue;
            }
            // Keep the unknown reference's leading '%' and rescan from the closing one.
            out.extend_from_slice(&src[i..i + 1 + len]);
            i += len + 1;
            continue;
        }
        out.push(src[i]);
        i += 1;
    }
    out
}

/// Returns the size of the expansion in characters including the NUL, whether or not it fit.
#[dllexport]
pub fn ExpandEnvironmentStringsW(
    lpSrc: WStrPtr,
    lpDst: GuestPtr<u16>,
    nSize: u32,
) -> Win32Result<u32> {
    let src = lpSrc.units().ok_or(Win32Error::INVALID_PARAMETER)?;
    let out = expand(&src);
    if (out.len() as u64) < nSize as u64 {
        lpDst.write_slice(&out);
        lpDst.offset(out.len()).write(0);
    }
    Ok(out.len() as u32 + 1)
}

#[dllexport]
pub fn ExpandEnvironmentStringsA(
    lpSrc: CStrPtr,
    lpDst: GuestPtr<u8>,
    nSize: u32,
) -> Win32Result<u32> {
    let src = lpSrc.to_wide().ok_or(Win32Error::INVALID_PARAMETER)?;
    let out = String::from_utf16_lossy(&expand(&src)).into_bytes();
    if (out.len() as u64) < nSize as u64 {
        lpDst.write_slice(&out);
        lpDst.offset(out.len()).write(0);
    }
    Ok(out.len() as u32 + 1)
}

fn std_kind(nStdHandle: u32) -> Option<StdHandle> {
    match nStdHandle as i32 {
        -10 => Some(StdHandle::Input),
        -11 => Some(StdHandle::Output),
        -12 => Some(StdHandle::Error),
        _ => None,
    }
}

#[dllexport]
pub fn GetStdHandle(nStdHandle: u32) -> Win32Result<HandleOrInvalid> {
    let which = std_kind(nStdHandle).ok_or(Win32Error::INVALID_HANDLE)?;
    let h = mem::read::<u64>(process::std_handle_slot(which)).unwrap_or(0);
    Ok(HandleOrInvalid(Handle(h)))
}

#[dllexport]
pub fn SetStdHandle(nStdHandle: u32, hHandle: Handle) -> Win32Result<()> {
    let which = std_kind(nStdHandle).ok_or(Win32Error::INVALID_HANDLE)?;
    mem::write(process::std_handle_slot(which), hHandle.0);
    Ok(())
}

/// The current directory in Windows form (`C:\dir`).
pub fn current_directory() -> String {
    path::current_dir()
}

#[dllexport]
pub fn GetCurrentDirectoryW(nBufferLength: u32, lpBuffer: GuestPtr<u16>) -> Win32Result<u32> {
    let dir: Vec<u16> = current_directory().encode_utf16().collect();
    Ok(copy_out(&dir, lpBuffer, nBufferLength))
}

#[dllexport]
pub fn GetCurrentDirectoryA(nBufferLength: u32, lpBuffer: GuestPtr<u8>) -> Win32Result<u32> {
    Ok(copy_out(
        current_directory().as_bytes(),
        lpBuffer,
        nBufferLength,
    ))
}

#[dllexport]
pub fn SetCurrentDirectoryW(lpPathName: WStrPtr) -> Win32Result<()> {
    let name = lpPathName.string().ok_or(Win32Error::INVALID_PARAMETER)?;
    path::set_current_dir(&name)
}

#[dllexport]
pub fn SetCurrentDirectoryA(lpPathName: CStrPtr) -> Win32Result<()> {
    let name = lpPathName.string().ok_or(Win32Error::INVALID_PARAMETER)?;
    path::set_current_dir(&name)
}

/// Finds `file` (with `ext` appended when it has no extension) in `search` (`;`-separated), or
/// by default in the program's directory, the current directory, the system and Windows
/// directories and PATH. A name with a directory part is only looked up as it is.
fn search_path(search: Option<String>, file: &str, ext: Option<String>) -> Option<String> {
    let mut name = file.to_string();
    let base = name.rsplit(['\\', '/']).next().unwrap_or(&name);
    if let Some(ext) = ext
        && !base.contains('.')
    {
        name.push_str(&ext);
    }
    let exists = |candidate: &str| {
        matches!(path::resolve(candidate), Ok(path::Target::File(p))
            if crate::nt::fs::metadata(&path::locate(&p)).is_ok_and(|m| m.is_file()))
    };
    if name.contains(['\\', '/']) || name.as_bytes().get(1) == Some(&b':') {
        return exists(&name).then(|| path::full_path(&name).ok()).flatten();
    }
    let dirs: Vec<String> = match search {
        Some(list) => list.split(';').map(str::to_string).collect(),
        None => {
            let image = process::image_path();
            let app_dir = image.rsplit_once('\\').map_or(".", |(d, _)| d).to_string();
            let path_var: Vec<u16> = "PATH".encode_utf16().collect();
            let path_list = env::get(&path_var)
                .map(|v| String::from_utf16_lossy(&v))
                .unwrap_or_default();
            [
                app_dir,
                path::current_dir(),
                crate::kernel32::sysinfoapi::SYSTEM_DIRECTORY.to_string(),
                crate::kernel32::sysinfoapi::WINDOWS_DIRECTORY.to_string(),
            ]
            .into_iter()
            .chain(path_list.split(';').map(str::to_string))
            .collect()
        }
    };
    dirs.iter()
        .filter(|d| !d.is_empty())
        .map(|d| format!("{}\\{name}", d.trim_end_matches(['\\', '/'])))
        .find(|c| exists(c))
        .and_then(|c| path::full_path(&c).ok())
}

#[dllexport]
pub fn SearchPathW(
    lpPath: WStrPtr,
    lpFileName: WStrPtr,
    lpExtension: WStrPtr,
    nBufferLength: u32,
    lpBuffer: GuestPtr<u16>,
    lpFilePart: GuestPtr<u64>,
) -> Win32Result<u32> {
    let file = lpFileName.string().ok_or(Win32Error::INVALID_PARAMETER)?;
    let found = search_path(lpPath.string(), &file, lpExtension.string())
        .ok_or(Win32Error::FILE_NOT_FOUND)?;
    let units: Vec<u16> = found.encode_utf16().collect();
    let n = copy_out(&units, lpBuffer, nBufferLength);
    if n as usize == units.len() {
        let at = units
            .iter()
            .rposition(|&c| c == b'\\' as u16)
            .map_or(0, |i| i + 1);
        lpFilePart.write(lpBuffer.offset(at).addr());
    }
    Ok(n)
}

#[dllexport]
pub fn SearchPathA(
    lpPath: CStrPtr,
    lpFileName: CStrPtr,
    lpExtension: CStrPtr,
    nBufferLength: u32,
    lpBuffer: GuestPtr<u8>,
    lpFilePart: GuestPtr<u64>,
) -> Win32Result<u32> {
    let file = lpFileName.string().ok_or(Win32Error::INVALID_PARAMETER)?;
    let found = search_path(lpPath.string(), &file, lpExtension.string())
        .ok_or(Win32Error::FILE_NOT_FOUND)?;
    let n = copy_out(found.as_bytes(), lpBuffer, nBufferLength);
    if n as usize == found.len() {
        let at = found.rfind('\\').map_or(0, |i| i + 1);
        lpFilePart.write(lpBuffer.offset(at).addr());
    }
    Ok(n)
}
