//! winver.h: GetFileVersionInfo reads the VS_VERSIONINFO resource of an image file (32- or
//! 64-bit) without loading it; VerQueryValue walks the block. Like Windows, the size asked for is
//! twice the resource plus 4 bytes: VerQueryValueA keeps its narrow copies of string values in
//! the second half, behind the "FE2X" signature.

use crate::abi::{CStrPtr, GuestPtr, WStrPtr, Win32Error, Win32Result, mem};
use crate::dllexport;
use crate::nt::path::{self, Target};
use crate::nt::resources::{self, Directory, ResId};
use std::io::Read;

/// MAKEINTRESOURCE(16) and the one VS_VERSION_INFO name, 1.
const RT_VERSION: u16 = 16;
const VS_VERSION_INFO: u16 = 1;
const SIGNATURE: [u8; 4] = *b"FE2X";

/// The VS_VERSIONINFO resource bytes of the file `name`.
fn version_resource(name: Option<String>) -> Win32Result<Vec<u8>> {
    let name = name.ok_or(Win32Error::INVALID_PARAMETER)?;
    let Target::File(host) = path::resolve(&name)? else {
        return Err(Win32Error::FILE_NOT_FOUND);
    };
    let host = path::locate(&host);
    let fd = crate::nt::fs::open(&host, libc::O_RDONLY | libc::O_CLOEXEC, 0)
        .map_err(|e| path::not_found_error(&host, e))?;
    let mut file = Vec::new();
    std::fs::File::from(fd).read_to_end(&mut file)?;
    let (section, rva) =
        resources::file_resource_section(&file).ok_or(Win32Error::RESOURCE_DATA_NOT_FOUND)?;
    let dir = Directory::from_bytes(section, rva);
    let found = dir.find(&ResId::Id(RT_VERSION), &ResId::Id(VS_VERSION_INFO), 0)?;
    resources::file_data(section, rva, &found)
        .map(<[u8]>::to_vec)
        .ok_or(Win32Error::RESOURCE_DATA_NOT_FOUND)
}

fn info_size(name: Option<String>, handle: GuestPtr<u32>) -> Win32Result<u32> {
    handle.write(0);
    let data = version_resource(name)?;
    Ok(data.len() as u32 * 2 + SIGNATURE.len() as u32)
}

/// Copies as much of the resource as fits, then the signature when the whole doubled size fits.
fn info(name: Option<String>, dwLen: u32, lpData: GuestPtr<u8>) -> Win32Result<()> {
    if lpData.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let data = version_resource(name)?;
    let n = data.len().min(dwLen as usize);
    lpData.write_slice(&data[..n]);
    if dwLen as usize >= data.len() * 2 + SIGNATURE.len() {
        lpData.offset(data.len()).write_slice(&SIGNATURE);
    }
    Ok(())
}

#[dllexport]
pub fn GetFileVersionInfoSizeW(
    lptstrFilename: WStrPtr,
    lpdwHandle: GuestPtr<u32>,
) -> Win32Result<u32> {
    info_size(lptstrFilename.string(), lpdwHandle)
}

#[dllexport]
pub fn GetFileVersionInfoSizeA(
    lptstrFilename: CStrPtr,
    lpdwHandle: GuestPtr<u32>,
) -> Win32Result<u32> {
    info_size(lptstrFilename.string(), lpdwHandle)
}

/// The flags (FILE_VER_GET_LOCALISED, FILE_VER_GET_NEUTRAL, FILE_VER_GET_PREFETCHED) choose
/// among MUI files, which winrun does not have: the file's own resource answers.
#[dllexport]
pub fn GetFileVersionInfoSizeExW(
    dwFlags: u32,
    lpwstrFilename: WStrPtr,
    lpdwHandle: GuestPtr<u32>,
) -> Win32Result<u32> {
    let _ = dwFlags;
    info_size(lpwstrFilename.string(), lpdwHandle)
}

#[dllexport]
pub fn GetFileVersionInfoW(
    lptstrFilename: WStrPtr,
    dwHandle: u32,
    dwLen: u32,
    lpData: GuestPtr<u8>,
) -> Win32Result<()> {
    let _ = dwHandle;
    info(lptstrFilename.string(), dwLen, lpData)
}

#[dllexport]
pub fn GetFileVersionInfoA(
    lptstrFilename: CStrPtr,
    dwHandle: u32,
    dwLen: u32,
    lpData: GuestPtr<u8>,
) -> Win32Result<()> {
    let _ = dwHandle;
    info(lptstrFilename.string(), dwLen, lpData)
}

#[dllexport]
pub fn GetFileVersionInfoExW(
    dwFlags: u32,
    lpwstrFilename: WStrPtr,
    dwHandle: u32,
    dwLen: u32,
    lpData: GuestPtr<u8>,
) -> Win32Result<()> {
    let _ = (dwFlags, dwHandle);
    info(lpwstrFilename.string(), dwLen, lpData)
}

/// A node of the version block: `{ wLength, wValueLength, wType, szKey, pad, Value, pad,
/// Children }`, everything 32-bit aligned from the block's start.
struct Node {
    at: u64,
    len: u64,
    key: Vec<u16>,
    /// Address and length (bytes for binary values, characters for text) of the value.
    value: u64,
    value_len: u16,
    text: bool,
    children: u64,
}

fn align4(block: u64, at: u64) -> u64 {
    block + (at - block).div_ceil(4) * 4
}

fn node(block: u64, at: u64, end: u64) -> Option<Node> {
    if at + 6 > end {
        return None;
    }
    let len = u64::from(mem::read::<u16>(at)?);
    let value_len = mem::read::<u16>(at + 2)?;
    let text = mem::read::<u16>(at + 4)? == 1;
    if len < 6 || at + len > end {
        return None;
    }
    let mut key = Vec::new();
    let mut p = at + 6;
    while p + 2 <= at + len {
        let c = mem::read::<u16>(p)?;
        p += 2;
        if c == 0 {
            break;
        }
        key.push(c);
    }
    let value = align4(block, p);
    let value_bytes = u64::from(value_len) * if text { 2 } else { 1 };
    let children = align4(block, value + value_bytes).min(at + len);
    Some(Node {
        at,
        len,
        key,
        value,
        value_len,
        text,
        children,
    })
}

/// The node `sub_block` names (`\`, `\VarFileInfo\Translation`, `\StringFileInfo\040904b0\X`),
/// keys compared case-insensitively.
fn query(block: u64, sub_block: &[u16]) -> Option<Node> {
    let root_len = u64::from(mem::read::<u16>(block)?);
    let mut current = node(block, block, block + root_len)?;
    let components = sub_block
        .split(|&c| c == u16::from(b'\\'))
        .filter(|c| !c.is_empty());
    for want in components {
        let want: Vec<u16> = want.iter().map(|&c| crate::nt::case::upper(c)).collect();
        let end = current.at + current.len;
        let mut child = current.children;
        current = loop {
            let n = node(block, child, end)?;
            let key: Vec<u16> = n.key.iter().map(|&c| crate::nt::case::upper(c)).collect();
            if key == want {
                break n;
            }
            child = align4(block, n.at + n.len);
        };
    }
    Some(current)
}

#[dllexport]
pub fn VerQueryValueW(
    pBlock: GuestPtr<u8>,
    lpSubBlock: WStrPtr,
    lplpBuffer: GuestPtr<u64>,
    puLen: GuestPtr<u32>,
) -> bool {
    if pBlock.is_null() {
        return false;
    }
    let sub = lpSubBlock.units().unwrap_or_default();
    let Some(found) = query(pBlock.addr(), &sub) else {
        crate::nt::teb::set_last_error(Win32Error::RESOURCE_TYPE_NOT_FOUND.0);
        return false;
    };
    lplpBuffer.write(found.value);
    puLen.write(u32::from(found.value_len));
    true
}

/// Text values come back in the process code page (UTF-8), copied into the second half of the
/// buffer GetFileVersionInfo filled (at the same offset as the wide value), NUL-terminated and
/// cut at a character boundary if they need more room than the wide form.
#[dllexport]
pub fn VerQueryValueA(
    pBlock: GuestPtr<u8>,
    lpSubBlock: CStrPtr,
    lplpBuffer: GuestPtr<u64>,
    puLen: GuestPtr<u32>,
) -> bool {
    if pBlock.is_null() {
        return false;
    }
    let block = pBlock.addr();
    let sub = lpSubBlock.to_wide().unwrap_or_default();
    let Some(found) = query(block, &sub) else {
        crate::nt::teb::set_last_error(Win32Error::RESOURCE_TYPE_NOT_FOUND.0);
        return false;
    };
    if !found.text {
        lplpBuffer.write(found.value);
        puLen.write(u32::from(found.value_len));
        return true;
    }
    let root_len = u64::from(mem::read::<u16>(block).unwrap_or(0));
    if mem::read::<[u8; 4]>(block + root_len) != Some(SIGNATURE) {
        // No room was provided for narrow copies (a buffer smaller than the size asked for).
        crate::nt::teb::set_last_error(Win32Error::INSUFFICIENT_BUFFER.0);
        return false;
    }
    let units = mem::read_slice::<u16>(found.value, usize::from(found.value_len));
    let units = units.split(|&c| c == 0).next().unwrap_or(&[]);
    let text = String::from_utf16_lossy(units);
    let room = 2 * usize::from(found.value_len).max(1) - 1;
    let mut end = text.len().min(room);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let dest = block + root_len + SIGNATURE.len() as u64 + (found.value - block);
    mem::write_slice(dest, &text.as_bytes()[..end]);
    mem::write(dest + end as u64, 0u8);
    lplpBuffer.write(dest);
    puLen.write(end as u32 + 1);
    true
}
