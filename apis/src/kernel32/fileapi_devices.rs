//! fileapi.h, the DOS device namespace: QueryDosDevice names the NT device behind each drive
//! letter and device name the path layer understands.

use crate::abi::{CStrPtr, GuestPtr, WStrPtr, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::path;

/// Device names that are not drive letters, with their NT targets as Windows 10 has them.
const DEVICES: &[(&str, &str)] = &[
    ("NUL", r"\Device\Null"),
    ("CON", r"\Device\ConDrv\Console"),
    ("CONIN$", r"\Device\ConDrv\CurrentIn"),
    ("CONOUT$", r"\Device\ConDrv\CurrentOut"),
    ("PIPE", r"\Device\NamedPipe"),
];

/// Every mapped drive as (`"C:"`, its volume device); volumes are numbered in drive order.
fn drives() -> impl Iterator<Item = (String, String)> {
    let mask = path::drive_mask();
    (0..26u8)
        .filter(move |i| mask & 1 << i != 0)
        .enumerate()
        .map(|(n, i)| {
            (
                format!("{}:", (b'A' + i) as char),
                format!(r"\Device\HarddiskVolume{}", n + 1),
            )
        })
}

/// The multi-string QueryDosDevice returns for `name` (its target), or for no name (every
/// device name), each entry NUL-terminated and the whole list closed by one more NUL.
fn dos_devices(name: Option<&str>) -> Win32Result<Vec<String>> {
    let all = drives().chain(DEVICES.iter().map(|(n, t)| (n.to_string(), t.to_string())));
    match name {
        None => Ok(all.map(|(n, _)| n).collect()),
        Some(name) => all
            .into_iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, target)| vec![target])
            .ok_or(Win32Error::FILE_NOT_FOUND),
    }
}

/// Copies the list (each entry and a final NUL) into `buf` of `size` units: the units stored,
/// or ERROR_INSUFFICIENT_BUFFER when it does not fit.
fn copy_list<T: Copy + Default>(list: &[Vec<T>], buf: GuestPtr<T>, size: u32) -> Win32Result<u32> {
    let mut out = Vec::new();
    for entry in list {
        out.extend_from_slice(entry);
        out.push(T::default());
    }
    out.push(T::default());
    if out.len() > size as usize {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    buf.write_slice(&out)
        .then_some(out.len() as u32)
        .ok_or(Win32Error::NOACCESS)
}

#[dllexport]
pub fn QueryDosDeviceW(
    lpDeviceName: WStrPtr,
    lpTargetPath: GuestPtr<u16>,
    ucchMax: u32,
) -> Win32Result<u32> {
    let list = dos_devices(lpDeviceName.string().as_deref())?;
    let wide: Vec<Vec<u16>> = list.iter().map(|s| s.encode_utf16().collect()).collect();
    copy_list(&wide, lpTargetPath, ucchMax)
}

#[dllexport]
pub fn QueryDosDeviceA(
    lpDeviceName: CStrPtr,
    lpTargetPath: GuestPtr<u8>,
    ucchMax: u32,
) -> Win32Result<u32> {
    let list = dos_devices(lpDeviceName.string().as_deref())?;
    let bytes: Vec<Vec<u8>> = list.iter().map(|s| s.as_bytes().to_vec()).collect();
    copy_list(&bytes, lpTargetPath, ucchMax)
}
