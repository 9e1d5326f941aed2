//! winreg.h: the registry API over `nt::registry`.
//!
//! Registry functions return their error code (LSTATUS) instead of setting the last error.
//! An open key is a handle naming a hive and a path; a key deleted while open makes later calls
//! on its handles fail with ERROR_KEY_DELETED, as on Windows.

use crate::abi::handles::{HANDLES, Object};
use crate::abi::{CStrPtr, GuestPtr, Handle, WStrPtr, Win32Error, mem};
use crate::dllexport;
use crate::nt::registry::{self, Hive, Key};
use std::sync::Arc;
use windows_sys::Win32::Foundation::{ERROR_KEY_DELETED, ERROR_UNSUPPORTED_TYPE, FILETIME};
use windows_sys::Win32::System::Registry::{
    REG_BINARY, REG_CREATED_NEW_KEY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_NONE,
    REG_OPENED_EXISTING_KEY, REG_QWORD, REG_SZ, RRF_NOEXPAND, RRF_RT_ANY, RRF_RT_REG_BINARY,
    RRF_RT_REG_DWORD, RRF_RT_REG_EXPAND_SZ, RRF_RT_REG_MULTI_SZ, RRF_RT_REG_NONE, RRF_RT_REG_QWORD,
    RRF_RT_REG_SZ, RRF_ZEROONFAILURE,
};

type LStatus = u32;

/// The object behind an HKEY returned by RegOpenKeyEx / RegCreateKeyEx.
struct RegKey {
    hive: Hive,
    path: Vec<String>,
}

impl Object for RegKey {
    fn type_name(&self) -> &'static str {
        "Key"
    }
}

/// The hive and path an HKEY names: a predefined key or an open key's handle.
fn resolve(hkey: Handle) -> Result<(Hive, Vec<String>), Win32Error> {
    // Predefined keys are 32-bit values sign-extended to pointer size.
    let predefined =
        (hkey.0 >> 32 == 0xffff_ffff || hkey.0 >> 32 == 0) && hkey.0 as u32 >= 0x8000_0000;
    if predefined {
        return match hkey.0 as u32 {
            // HKEY_CLASSES_ROOT: the machine's classes (winrun keeps no per-user classes).
            0x8000_0000 => Ok((Hive::Machine, vec!["SOFTWARE".into(), "Classes".into()])),
            0x8000_0001 => Ok((Hive::User, Vec::new())),
            0x8000_0002 => Ok((Hive::Machine, Vec::new())),
            _ => Err(Win32Error::INVALID_HANDLE),
        };
    }
    let key = HANDLES.get::<RegKey>(hkey)?;
    Ok((key.hive, key.path.clone()))
}

/// `subkey` split at backslashes, appended to `path`.
fn join(mut path: Vec<String>, subkey: Option<&str>) -> Vec<String> {
    path.extend(
        subkey
            .unwrap_or("")
            .split('\\')
            .filter(|c| !c.is_empty())
            .map(str::to_string),
    );
    path
}

/// Runs `f` on the key `hkey` names (with `subkey` below it); ERROR_KEY_DELETED when an open
/// key has gone, ERROR_FILE_NOT_FOUND when the subkey does not exist.
fn with_key<T>(
    hkey: Handle,
    subkey: Option<&str>,
    f: impl FnOnce(&mut Key) -> Result<T, Win32Error>,
) -> Result<T, Win32Error> {
    let (hive, base) = resolve(hkey)?;
    let mut reg = registry::lock();
    if reg.find(hive, &base).is_none() {
        return Err(Win32Error(ERROR_KEY_DELETED));
    }
    let path = join(base, subkey);
    let key = reg.find(hive, &path).ok_or(Win32Error::FILE_NOT_FOUND)?;
    f(key)
}

/// Like `with_key` for a change: the hive is saved afterwards.
fn modify_key(
    hkey: Handle,
    f: impl FnOnce(&mut Key) -> Result<(), Win32Error>,
) -> Result<(), Win32Error> {
    let (hive, path) = resolve(hkey)?;
    let mut reg = registry::lock();
    let key = reg.find(hive, &path).ok_or(Win32Error(ERROR_KEY_DELETED))?;
    f(key)?;
    reg.save(hive);
    Ok(())
}

fn status(result: Result<(), Win32Error>) -> LStatus {
    match result {
        Ok(()) => 0,
        Err(e) => e.0,
    }
}

fn open_key(hkey: Handle, subkey: Option<&str>, phkResult: GuestPtr<u64>) -> LStatus {
    if phkResult.is_null() {
        return Win32Error::INVALID_PARAMETER.0;
    }
    status((|| {
        let (hive, base) = resolve(hkey)?;
        let path = join(base, subkey);
        if registry::lock().find(hive, &path).is_none() {
            return Err(Win32Error::FILE_NOT_FOUND);
        }
        let handle = HANDLES.insert(Arc::new(RegKey { hive, path }), false);
        phkResult.write(handle.0);
        Ok(())
    })())
}

#[dllexport]
pub fn RegOpenKeyExW(
    hKey: Handle,
    lpSubKey: WStrPtr,
    ulOptions: u32,
    samDesired: u32,
    phkResult: GuestPtr<u64>,
) -> LStatus {
    open_key(hKey, lpSubKey.string().as_deref(), phkResult)
}

#[dllexport]
pub fn RegOpenKeyExA(
    hKey: Handle,
    lpSubKey: CStrPtr,
    ulOptions: u32,
    samDesired: u32,
    phkResult: GuestPtr<u64>,
) -> LStatus {
    open_key(hKey, lpSubKey.string().as_deref(), phkResult)
}

fn create_key(
    hkey: Handle,
    subkey: Option<&str>,
    phkResult: GuestPtr<u64>,
    lpdwDisposition: GuestPtr<u32>,
) -> LStatus {
    if phkResult.is_null() {
        return Win32Error::INVALID_PARAMETER.0;
    }
    // A subkey path may not start with a backslash.
    if subkey.is_some_and(|s| s.starts_with('\\')) {
        return Win32Error::BAD_PATHNAME.0;
    }
    status((|| {
        let (hive, base) = resolve(hkey)?;
        let mut reg = registry::lock();
        if reg.find(hive, &base).is_none() {
            return Err(Win32Error(ERROR_KEY_DELETED));
        }
        let path = join(base, subkey);
        let created = reg.create(hive, &path);
        if created {
            reg.save(hive);
        }
        drop(reg);
        let handle = HANDLES.insert(Arc::new(RegKey { hive, path }), false);
        phkResult.write(handle.0);
        lpdwDisposition.write(if created {
            REG_CREATED_NEW_KEY
        } else {
            REG_OPENED_EXISTING_KEY
        });
        Ok(())
    })())
}

/// Volatile keys (REG_OPTION_VOLATILE) are kept like the others: winrun's registry lives
/// across runs, not across boots.
#[dllexport]
pub fn RegCreateKeyExW(
    hKey: Handle,
    lpSubKey: WStrPtr,
    Reserved: u32,
    lpClass: WStrPtr,
    dwOptions: u32,
    samDesired: u32,
    lpSecurityAttributes: GuestPtr<u8>,
    phkResult: GuestPtr<u64>,
    lpdwDisposition: GuestPtr<u32>,
) -> LStatus {
    create_key(
        hKey,
        lpSubKey.string().as_deref(),
        phkResult,
        lpdwDisposition,
    )
}

#[dllexport]
pub fn RegCreateKeyExA(
    hKey: Handle,
    lpSubKey: CStrPtr,
    Reserved: u32,
    lpClass: CStrPtr,
    dwOptions: u32,
    samDesired: u32,
    lpSecurityAttributes: GuestPtr<u8>,
    phkResult: GuestPtr<u64>,
    lpdwDisposition: GuestPtr<u32>,
) -> LStatus {
    create_key(
        hKey,
        lpSubKey.string().as_deref(),
        phkResult,
        lpdwDisposition,
    )
}

#[dllexport]
pub fn RegCloseKey(hKey: Handle) -> LStatus {
    if resolve(hKey).is_ok() && HANDLES.get::<RegKey>(hKey).is_err() {
        return 0; // a predefined key: nothing to close
    }
    match HANDLES.get::<RegKey>(hKey) {
        Ok(_) => status(HANDLES.remove(hKey).map(drop)),
        Err(e) => e.0,
    }
}

/// Hands `data` out through the `lpData`/`lpcbData` pair every query function takes: the size
/// always, the bytes when they fit, ERROR_MORE_DATA with the size needed when they do not.
fn copy_data(data: &[u8], lpData: GuestPtr<u8>, lpcbData: GuestPtr<u32>) -> Result<(), Win32Error> {
    let Some(capacity) = lpcbData.read() else {
        return if lpData.is_null() {
            Ok(())
        } else {
            Err(Win32Error::INVALID_PARAMETER)
        };
    };
    lpcbData.write(data.len() as u32);
    if lpData.is_null() {
        return Ok(());
    }
    if (capacity as usize) < data.len() {
        return Err(Win32Error::MORE_DATA);
    }
    lpData.write_slice(data);
    Ok(())
}

fn is_string(kind: u32) -> bool {
    matches!(kind, REG_SZ | REG_EXPAND_SZ | REG_MULTI_SZ)
}

/// A string value's UTF-16 data in the ANSI code page, NULs included (for the A functions).
fn to_ansi(data: &[u8]) -> Vec<u8> {
    let units: Vec<u16> = data
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units).into_bytes()
}

fn query_value(
    hkey: Handle,
    name: &str,
    lpType: GuestPtr<u32>,
    lpData: GuestPtr<u8>,
    lpcbData: GuestPtr<u32>,
    ansi: bool,
) -> LStatus {
    status(with_key(hkey, None, |key| {
        let value = key.value(name).ok_or(Win32Error::FILE_NOT_FOUND)?;
        lpType.write(value.kind);
        if ansi && is_string(value.kind) {
            copy_data(&to_ansi(&value.data), lpData, lpcbData)
        } else {
            copy_data(&value.data, lpData, lpcbData)
        }
    }))
}

#[dllexport]
pub fn RegQueryValueExW(
    hKey: Handle,
    lpValueName: WStrPtr,
    lpReserved: GuestPtr<u32>,
    lpType: GuestPtr<u32>,
    lpData: GuestPtr<u8>,
    lpcbData: GuestPtr<u32>,
) -> LStatus {
    let name = lpValueName.string().unwrap_or_default();
    query_value(hKey, &name, lpType, lpData, lpcbData, false)
}

#[dllexport]
pub fn RegQueryValueExA(
    hKey: Handle,
    lpValueName: CStrPtr,
    lpReserved: GuestPtr<u32>,
    lpType: GuestPtr<u32>,
    lpData: GuestPtr<u8>,
    lpcbData: GuestPtr<u32>,
) -> LStatus {
    let name = lpValueName.string().unwrap_or_default();
    query_value(hKey, &name, lpType, lpData, lpcbData, true)
}

fn set_value(hkey: Handle, name: &str, kind: u32, data: Vec<u8>) -> LStatus {
    status(modify_key(hkey, |key| {
        key.set_value(name, kind, data);
        Ok(())
    }))
}

#[dllexport]
pub fn RegSetValueExW(
    hKey: Handle,
    lpValueName: WStrPtr,
    Reserved: u32,
    dwType: u32,
    lpData: GuestPtr<u8>,
    cbData: u32,
) -> LStatus {
    if lpData.is_null() && cbData != 0 {
        return Win32Error::NOACCESS.0;
    }
    let name = lpValueName.string().unwrap_or_default();
    set_value(hKey, &name, dwType, lpData.read_slice(cbData as usize))
}

/// String data is converted from the ANSI code page to UTF-16 before it is stored.
#[dllexport]
pub fn RegSetValueExA(
    hKey: Handle,
    lpValueName: CStrPtr,
    Reserved: u32,
    dwType: u32,
    lpData: GuestPtr<u8>,
    cbData: u32,
) -> LStatus {
    if lpData.is_null() && cbData != 0 {
        return Win32Error::NOACCESS.0;
    }
    let name = lpValueName.string().unwrap_or_default();
    let mut data = lpData.read_slice(cbData as usize);
    if is_string(dwType) {
        data = String::from_utf8_lossy(&data)
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
    }
    set_value(hKey, &name, dwType, data)
}

#[dllexport]
pub fn RegDeleteValueW(hKey: Handle, lpValueName: WStrPtr) -> LStatus {
    let name = lpValueName.string().unwrap_or_default();
    status(modify_key(hKey, |key| {
        key.delete_value(&name)
            .then_some(())
            .ok_or(Win32Error::FILE_NOT_FOUND)
    }))
}

#[dllexport]
pub fn RegDeleteValueA(hKey: Handle, lpValueName: CStrPtr) -> LStatus {
    let name = lpValueName.string().unwrap_or_default();
    status(modify_key(hKey, |key| {
        key.delete_value(&name)
            .then_some(())
            .ok_or(Win32Error::FILE_NOT_FOUND)
    }))
}

fn delete_key(hkey: Handle, subkey: Option<&str>) -> LStatus {
    status((|| {
        let (hive, base) = resolve(hkey)?;
        let mut reg = registry::lock();
        if reg.find(hive, &base).is_none() {
            return Err(Win32Error(ERROR_KEY_DELETED));
        }
        reg.delete(hive, &join(base, subkey))?;
        reg.save(hive);
        Ok(())
    })())
}

/// Deletes a key without subkeys; an empty `lpSubKey` deletes `hKey` itself.
#[dllexport]
pub fn RegDeleteKeyW(hKey: Handle, lpSubKey: WStrPtr) -> LStatus {
    if lpSubKey.is_null() {
        return Win32Error::INVALID_PARAMETER.0;
    }
    delete_key(hKey, lpSubKey.string().as_deref())
}

#[dllexport]
pub fn RegDeleteKeyA(hKey: Handle, lpSubKey: CStrPtr) -> LStatus {
    if lpSubKey.is_null() {
        return Win32Error::INVALID_PARAMETER.0;
    }
    delete_key(hKey, lpSubKey.string().as_deref())
}

/// Writes `name` into a buffer of `*lpcch` characters: on success `*lpcch` becomes the length
/// without the NUL; a name that does not fit is ERROR_MORE_DATA.
fn copy_name(name: &str, lpName: GuestPtr<u16>, lpcch: GuestPtr<u32>) -> Result<(), Win32Error> {
    let capacity = lpcch.read().ok_or(Win32Error::INVALID_PARAMETER)?;
    let len = copy_name_to(name, lpName, capacity)?;
    lpcch.write(len);
    Ok(())
}

/// Writes `name` and its NUL into `capacity` characters at `lpName`; returns the length.
fn copy_name_to(name: &str, lpName: GuestPtr<u16>, capacity: u32) -> Result<u32, Win32Error> {
    let units: Vec<u16> = name.encode_utf16().collect();
    if units.len() >= capacity as usize {
        return Err(Win32Error::MORE_DATA);
    }
    if lpName.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    lpName.write_slice(&units);
    lpName.offset(units.len()).write(0);
    Ok(units.len() as u32)
}

fn filetime(ticks: u64) -> FILETIME {
    FILETIME {
        dwLowDateTime: ticks as u32,
        dwHighDateTime: (ticks >> 32) as u32,
    }
}

/// Key classes are not kept: the class is always empty.
#[dllexport]
pub fn RegEnumKeyExW(
    hKey: Handle,
    dwIndex: u32,
    lpName: GuestPtr<u16>,
    lpcchName: GuestPtr<u32>,
    lpReserved: GuestPtr<u32>,
    lpClass: GuestPtr<u16>,
    lpcchClass: GuestPtr<u32>,
    lpftLastWriteTime: GuestPtr<FILETIME>,
) -> LStatus {
    status(with_key(hKey, None, |key| {
        let sub = key
            .subkeys
            .get(dwIndex as usize)
            .ok_or(Win32Error::NO_MORE_ITEMS)?;
        copy_name(&sub.name, lpName, lpcchName)?;
        if !lpcchClass.is_null() {
            copy_name("", lpClass, lpcchClass)?;
        }
        lpftLastWriteTime.write(filetime(sub.last_write));
        Ok(())
    }))
}

#[dllexport]
pub fn RegEnumKeyW(hKey: Handle, dwIndex: u32, lpName: GuestPtr<u16>, cchName: u32) -> LStatus {
    status(with_key(hKey, None, |key| {
        let sub = key
            .subkeys
            .get(dwIndex as usize)
            .ok_or(Win32Error::NO_MORE_ITEMS)?;
        copy_name_to(&sub.name, lpName, cchName).map(drop)
    }))
}

#[dllexport]
pub fn RegEnumValueW(
    hKey: Handle,
    dwIndex: u32,
    lpValueName: GuestPtr<u16>,
    lpcchValueName: GuestPtr<u32>,
    lpReserved: GuestPtr<u32>,
    lpType: GuestPtr<u32>,
    lpData: GuestPtr<u8>,
    lpcbData: GuestPtr<u32>,
) -> LStatus {
    status(with_key(hKey, None, |key| {
        let value = key
            .values
            .get(dwIndex as usize)
            .ok_or(Win32Error::NO_MORE_ITEMS)?;
        copy_name(&value.name, lpValueName, lpcchValueName)?;
        lpType.write(value.kind);
        copy_data(&value.data, lpData, lpcbData)
    }))
}

#[dllexport]
pub fn RegQueryInfoKeyW(
    hKey: Handle,
    lpClass: GuestPtr<u16>,
    lpcchClass: GuestPtr<u32>,
    lpReserved: GuestPtr<u32>,
    lpcSubKeys: GuestPtr<u32>,
    lpcbMaxSubKeyLen: GuestPtr<u32>,
    lpcbMaxClassLen: GuestPtr<u32>,
    lpcValues: GuestPtr<u32>,
    lpcbMaxValueNameLen: GuestPtr<u32>,
    lpcbMaxValueLen: GuestPtr<u32>,
    lpcbSecurityDescriptor: GuestPtr<u32>,
    lpftLastWriteTime: GuestPtr<FILETIME>,
) -> LStatus {
    let wide_len = |s: &str| s.encode_utf16().count() as u32;
    status(with_key(hKey, None, |key| {
        if !lpcchClass.is_null() {
            copy_name("", lpClass, lpcchClass)?;
        }
        lpcSubKeys.write(key.subkeys.len() as u32);
        lpcbMaxSubKeyLen.write(
            key.subkeys
                .iter()
                .map(|k| wide_len(&k.name))
                .max()
                .unwrap_or(0),
        );
        lpcbMaxClassLen.write(0);
        lpcValues.write(key.values.len() as u32);
        lpcbMaxValueNameLen.write(
            key.values
                .iter()
                .map(|v| wide_len(&v.name))
                .max()
                .unwrap_or(0),
        );
        lpcbMaxValueLen.write(
            key.values
                .iter()
                .map(|v| v.data.len() as u32)
                .max()
                .unwrap_or(0),
        );
        // The size of the default security descriptor GetFileSecurity-style callers allocate.
        lpcbSecurityDescriptor.write(0);
        lpftLastWriteTime.write(filetime(key.last_write));
        Ok(())
    }))
}

/// The RRF_RT_* bit that admits values of type `kind`.
fn type_bit(kind: u32) -> u32 {
    match kind {
        REG_NONE => RRF_RT_REG_NONE,
        REG_SZ => RRF_RT_REG_SZ,
        REG_EXPAND_SZ => RRF_RT_REG_EXPAND_SZ,
        REG_BINARY => RRF_RT_REG_BINARY,
        REG_DWORD => RRF_RT_REG_DWORD,
        REG_MULTI_SZ => RRF_RT_REG_MULTI_SZ,
        REG_QWORD => RRF_RT_REG_QWORD,
        _ => 0,
    }
}

fn type_allowed(flags: u32, kind: u32, len: usize) -> bool {
    let restriction = flags & RRF_RT_ANY;
    if restriction == RRF_RT_ANY {
        return true;
    }
    match kind {
        REG_NONE | REG_SZ | REG_EXPAND_SZ | REG_MULTI_SZ | REG_DWORD | REG_QWORD => {
            restriction & type_bit(kind) != 0
        }
        // REG_BINARY passes RRF_RT_DWORD / RRF_RT_QWORD when it has exactly that size.
        REG_BINARY => {
            restriction & RRF_RT_REG_BINARY != 0
                && (restriction & !RRF_RT_REG_BINARY == 0
                    || (restriction & RRF_RT_REG_DWORD != 0 && len == 4)
                    || (restriction & RRF_RT_REG_QWORD != 0 && len == 8)
                    || restriction & (RRF_RT_REG_DWORD | RRF_RT_REG_QWORD) == 0)
        }
        _ => false,
    }
}

/// Reads a value with type checks: RRF_RT_* restricts the types accepted (ERROR_UNSUPPORTED_TYPE
/// otherwise); REG_EXPAND_SZ comes back expanded, as REG_SZ, unless RRF_NOEXPAND; strings come
/// back NUL-terminated even when stored without the NUL.
#[dllexport]
pub fn RegGetValueW(
    hkey: Handle,
    lpSubKey: WStrPtr,
    lpValue: WStrPtr,
    dwFlags: u32,
    pdwType: GuestPtr<u32>,
    pvData: GuestPtr<u8>,
    pcbData: GuestPtr<u32>,
) -> LStatus {
    let (subkey, name) = (lpSubKey.string(), lpValue.string().unwrap_or_default());
    get_value(
        hkey,
        subkey.as_deref(),
        &name,
        dwFlags,
        pdwType,
        pvData,
        pcbData,
        false,
    )
}

/// Strings come back in the ANSI code page.
#[dllexport]
pub fn RegGetValueA(
    hkey: Handle,
    lpSubKey: CStrPtr,
    lpValue: CStrPtr,
    dwFlags: u32,
    pdwType: GuestPtr<u32>,
    pvData: GuestPtr<u8>,
    pcbData: GuestPtr<u32>,
) -> LStatus {
    let (subkey, name) = (lpSubKey.string(), lpValue.string().unwrap_or_default());
    get_value(
        hkey,
        subkey.as_deref(),
        &name,
        dwFlags,
        pdwType,
        pvData,
        pcbData,
        true,
    )
}

fn get_value(
    hkey: Handle,
    subkey: Option<&str>,
    name: &str,
    flags: u32,
    pdwType: GuestPtr<u32>,
    pvData: GuestPtr<u8>,
    pcbData: GuestPtr<u32>,
    ansi: bool,
) -> LStatus {
    let restriction = flags & RRF_RT_ANY;
    if (!pvData.is_null() && pcbData.is_null())
        || (restriction != RRF_RT_ANY
            && restriction & RRF_RT_REG_EXPAND_SZ != 0
            && flags & RRF_NOEXPAND == 0)
    {
        return Win32Error::INVALID_PARAMETER.0;
    }
    let capacity = pcbData.read().unwrap_or(0);
    let result = with_key(hkey, subkey, |key| {
        let value = key.value(name).ok_or(Win32Error::FILE_NOT_FOUND)?;
        let (mut kind, mut data) = (value.kind, value.data.clone());
        if kind == REG_EXPAND_SZ && flags & RRF_NOEXPAND == 0 {
            let units: Vec<u16> = data
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
            let mut expanded = crate::kernel32::processenv::expand(&units[..end]);
            expanded.push(0);
            data = expanded.iter().flat_map(|u| u.to_le_bytes()).collect();
            kind = REG_SZ;
        }
        if !type_allowed(flags, kind, data.len()) {
            return Err(Win32Error(ERROR_UNSUPPORTED_TYPE));
        }
        if is_string(kind) {
            let terminator: &[u8] = if kind == REG_MULTI_SZ {
                &[0; 4]
            } else {
                &[0; 2]
            };
            if data.len() % 2 == 1 {
                data.push(0);
            }
            while !data.ends_with(terminator) {
                data.extend_from_slice(&[0, 0]);
            }
            if ansi {
                data = to_ansi(&data);
            }
        }
        pdwType.write(kind);
        copy_data(&data, pvData, pcbData)
    });
    if result.is_err() && flags & RRF_ZEROONFAILURE != 0 {
        mem::fill(pvData.addr(), 0, capacity as usize);
    }
    status(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_restrictions_follow_rrf_rules() {
        use windows_sys::Win32::System::Registry::{RRF_RT_DWORD, RRF_RT_REG_SZ};
        assert!(type_allowed(RRF_RT_REG_SZ, REG_SZ, 4));
        assert!(!type_allowed(RRF_RT_REG_SZ, REG_DWORD, 4));
        assert!(type_allowed(RRF_RT_DWORD, REG_DWORD, 4));
        assert!(type_allowed(RRF_RT_DWORD, REG_BINARY, 4));
        assert!(!type_allowed(RRF_RT_DWORD, REG_BINARY, 5));
        assert!(type_allowed(RRF_RT_REG_BINARY, REG_BINARY, 5));
        assert!(type_allowed(RRF_RT_ANY, 42, 0));
        assert!(type_allowed(RRF_RT_REG_QWORD, REG_QWORD, 8));
    }
}
