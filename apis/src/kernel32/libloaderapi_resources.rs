//! libloaderapi.h (and winbase.h's A forms): a module's resources. An HRSRC is the address of
//! the resource's IMAGE_RESOURCE_DATA_ENTRY and an HGLOBAL from LoadResource the address of its
//! data, as on Windows, so programs that peek at either keep working.

use crate::abi::{CStrPtr, GuestPtr, Handle, WStrPtr, Win32Error, Win32Result, call, mem};
use crate::dllexport;
use crate::nt::modules::loader;
use crate::nt::resources::{Directory, ResId};

/// The module an HMODULE names; NULL is the program itself.
pub fn module_base(hModule: Handle) -> Win32Result<u64> {
    if hModule.0 == 0 {
        loader().module_handle(None)
    } else {
        Ok(hModule.0)
    }
}

fn find(hModule: Handle, kind: Option<ResId>, name: Option<ResId>, lang: u16) -> Win32Result<u64> {
    let base = module_base(hModule)?;
    let dir = Directory::of_module(base)?;
    let kind = kind.ok_or(Win32Error::RESOURCE_TYPE_NOT_FOUND)?;
    let name = name.ok_or(Win32Error::RESOURCE_NAME_NOT_FOUND)?;
    let found = dir.find(&kind, &name, lang)?;
    Ok(base + u64::from(dir.rva) + u64::from(found.entry))
}

#[dllexport]
pub fn FindResourceExW(
    hModule: Handle,
    lpType: WStrPtr,
    lpName: WStrPtr,
    wLanguage: u16,
) -> Win32Result<GuestPtr<u8>> {
    let kind = ResId::from_wide_arg(lpType.0);
    let name = ResId::from_wide_arg(lpName.0);
    find(hModule, kind, name, wLanguage).map(GuestPtr::new)
}

#[dllexport]
pub fn FindResourceExA(
    hModule: Handle,
    lpType: CStrPtr,
    lpName: CStrPtr,
    wLanguage: u16,
) -> Win32Result<GuestPtr<u8>> {
    let kind = ResId::from_narrow_arg(lpType.0);
    let name = ResId::from_narrow_arg(lpName.0);
    find(hModule, kind, name, wLanguage).map(GuestPtr::new)
}

/// Note the argument order: name before type, unlike FindResourceEx.
#[dllexport]
pub fn FindResourceW(
    hModule: Handle,
    lpName: WStrPtr,
    lpType: WStrPtr,
) -> Win32Result<GuestPtr<u8>> {
    FindResourceExW(hModule, lpType, lpName, 0)
}

#[dllexport]
pub fn FindResourceA(
    hModule: Handle,
    lpName: CStrPtr,
    lpType: CStrPtr,
) -> Win32Result<GuestPtr<u8>> {
    FindResourceExA(hModule, lpType, lpName, 0)
}

/// (module base, data RVA, size) of an HRSRC, which must be a data entry of that module's
/// resource directory.
fn resource_entry(hModule: Handle, hResInfo: GuestPtr<u8>) -> Win32Result<(u64, u32, u32)> {
    let base = module_base(hModule)?;
    let dir = Directory::of_module(base)?;
    let start = base + u64::from(dir.rva);
    let offset = hResInfo
        .addr()
        .checked_sub(start)
        .and_then(|o| u32::try_from(o).ok())
        .ok_or(Win32Error::RESOURCE_DATA_NOT_FOUND)?;
    let (rva, size) = dir
        .data_entry(offset)
        .ok_or(Win32Error::RESOURCE_DATA_NOT_FOUND)?;
    Ok((base, rva, size))
}

#[dllexport]
pub fn LoadResource(hModule: Handle, hResInfo: GuestPtr<u8>) -> Win32Result<GuestPtr<u8>> {
    if hResInfo.is_null() {
        return Err(Win32Error::INVALID_HANDLE);
    }
    let (base, rva, _) = resource_entry(hModule, hResInfo)?;
    Ok(GuestPtr::new(base + u64::from(rva)))
}

/// Resources are part of the mapped image: the HGLOBAL already is the data's address.
#[dllexport]
pub fn LockResource(hResData: GuestPtr<u8>) -> GuestPtr<u8> {
    hResData
}

#[dllexport]
pub fn SizeofResource(hModule: Handle, hResInfo: GuestPtr<u8>) -> Win32Result<u32> {
    if hResInfo.is_null() {
        return Err(Win32Error::INVALID_HANDLE);
    }
    resource_entry(hModule, hResInfo).map(|(_, _, size)| size)
}

/// Obsolete on Win32: resources live as long as their module. Returns FALSE, as documented.
#[dllexport]
pub fn FreeResource(hResData: GuestPtr<u8>) -> bool {
    let _ = hResData;
    false
}

/// Calls `lpEnumFunc(hModule, lpType, lpName, lParam)` for each resource name of the type, a
/// string name as a NUL-terminated copy that lives for the call. The callback returning FALSE
/// stops the enumeration with ERROR_RESOURCE_ENUM_USER_STOP.
fn enum_names(
    hModule: Handle,
    kind: Option<ResId>,
    type_arg: u64,
    callback: u64,
    lParam: isize,
    wide: bool,
) -> Win32Result<()> {
    if callback == 0 {
        return Err(Win32Error::NOACCESS);
    }
    let base = module_base(hModule)?;
    let kind = kind.ok_or(Win32Error::RESOURCE_TYPE_NOT_FOUND)?;
    let names = Directory::of_module(base)?.names(&kind)?;
    for name in names {
        let (arg, block) = match name {
            ResId::Id(id) => (u64::from(id), None),
            ResId::Name(units) => {
                let bytes: Vec<u8> = if wide {
                    units
                        .iter()
                        .chain(&[0])
                        .flat_map(|u| u.to_le_bytes())
                        .collect()
                } else {
                    let mut s = String::from_utf16_lossy(&units).into_bytes();
                    s.push(0);
                    s
                };
                let at = crate::kernel32::heapapi::process_heap_alloc(bytes.len(), false);
                if at == 0 {
                    return Err(Win32Error::NOT_ENOUGH_MEMORY);
                }
                mem::write_slice(at, &bytes);
                (at, Some(at))
            }
        };
        let go_on = call::call(callback, &[base, type_arg, arg, lParam as u64]) as u32 != 0;
        if let Some(at) = block {
            let _ = crate::kernel32::heapapi::process_heap_free(at);
        }
        if !go_on {
            return Err(Win32Error::RESOURCE_ENUM_USER_STOP);
        }
    }
    Ok(())
}

#[dllexport]
pub fn EnumResourceNamesW(
    hModule: Handle,
    lpType: WStrPtr,
    lpEnumFunc: GuestPtr<u8>,
    lParam: isize,
) -> Win32Result<()> {
    let kind = ResId::from_wide_arg(lpType.0);
    enum_names(hModule, kind, lpType.0, lpEnumFunc.addr(), lParam, true)
}

#[dllexport]
pub fn EnumResourceNamesA(
    hModule: Handle,
    lpType: CStrPtr,
    lpEnumFunc: GuestPtr<u8>,
    lParam: isize,
) -> Win32Result<()> {
    let kind = ResId::from_narrow_arg(lpType.0);
    enum_names(hModule, kind, lpType.0, lpEnumFunc.addr(), lParam, false)
}
