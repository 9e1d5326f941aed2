//! ioapiset.h, DeviceIoControl: the file system controls programs send to files (reparse
//! points as symbolic links, sparse files, compression); every other control code fails as
//! an unsupported request does on Windows.

use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result, mem};
use crate::dllexport;
use crate::nt::file::{self, FileObject, WRITE_RIGHTS};
use crate::nt::fs;
use crate::nt::io::{Notify, Overlapped};
use crate::nt::path::{self, HostPath};
use std::path::PathBuf;
use std::sync::Arc;
use windows_sys::Win32::Foundation as wf;
use windows_sys::Win32::Storage::FileSystem as fsc;
use windows_sys::Win32::System::Ioctl as ioctl;
use windows_sys::Win32::System::SystemServices as ss;

/// REPARSE_DATA_BUFFER: tag, data length, reserved.
const REPARSE_HEADER: usize = 8;
const NOT_A_REPARSE_POINT: Win32Error = Win32Error(wf::ERROR_NOT_A_REPARSE_POINT);
const INVALID_REPARSE_DATA: Win32Error = Win32Error(wf::ERROR_INVALID_REPARSE_DATA);
/// SYMLINK_FLAG_RELATIVE in a symbolic link's reparse data.
const SYMLINK_FLAG_RELATIVE: u32 = 1;

/// The path of the file a handle was opened by.
fn path_of(f: &FileObject) -> Win32Result<HostPath> {
    let disk = f.disk.as_ref().ok_or(Win32Error::INVALID_FUNCTION)?;
    Ok(disk.path.lock().unwrap_or_else(|e| e.into_inner()).clone())
}

/// The reparse data of the symbolic link `p` (opened with FILE_FLAG_OPEN_REPARSE_POINT):
/// the substitute name (`\??\C:\x` or a relative `..\x`) and the print name (`C:\x`).
fn symlink_reparse_data(p: &HostPath) -> Win32Result<Vec<u8>> {
    let target = fs::read_link(p).map_err(|_| NOT_A_REPARSE_POINT)?;
    let (substitute, print, flags) = if target.is_absolute() {
        let windows = if path::confined() {
            // Confined links hold paths inside the root, which is C:.
            HostPath {
                drive: b'C',
                rel: target.strip_prefix("/").unwrap_or(&target).to_path_buf(),
            }
            .windows()
        } else {
            path::host_to_windows(&target)
        };
        (format!(r"\??\{windows}"), windows, 0)
    } else {
        let relative = target.to_string_lossy().replace('/', "\\");
        (relative.clone(), relative, SYMLINK_FLAG_RELATIVE)
    };
    let substitute: Vec<u16> = substitute.encode_utf16().collect();
    let print: Vec<u16> = print.encode_utf16().collect();
    let (sub_bytes, print_bytes) = (substitute.len() * 2, print.len() * 2);
    let data_len = 12 + sub_bytes + print_bytes;
    let mut out = Vec::with_capacity(REPARSE_HEADER + data_len);
    out.extend(ss::IO_REPARSE_TAG_SYMLINK.to_le_bytes());
    out.extend((data_len as u16).to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend((sub_bytes as u16).to_le_bytes());
    out.extend((sub_bytes as u16).to_le_bytes());
    out.extend((print_bytes as u16).to_le_bytes());
    out.extend(flags.to_le_bytes());
    out.extend(
        substitute
            .iter()
            .chain(&print)
            .flat_map(|u| u.to_le_bytes()),
    );
    Ok(out)
}

/// FSCTL_SET_REPARSE_POINT with a symbolic link or mount point: the empty file or directory
/// the handle names becomes a host symbolic link to the substitute name.
fn set_reparse_point(f: &FileObject, input: &[u8]) -> Win32Result<()> {
    let u16_at = |at: usize| -> Win32Result<usize> {
        input
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
            .ok_or(INVALID_REPARSE_DATA)
    };
    if input.len() < REPARSE_HEADER {
        return Err(INVALID_REPARSE_DATA);
    }
    let tag = u32::from_le_bytes([input[0], input[1], input[2], input[3]]);
    let data_len = u16_at(4)?;
    if input.len() != REPARSE_HEADER + data_len {
        return Err(INVALID_REPARSE_DATA);
    }
    // Symbolic links carry a flags field before their names; mount points do not.
    let (names_at, relative) = match tag {
        ss::IO_REPARSE_TAG_SYMLINK => {
            let flags = input.get(16..20).ok_or(INVALID_REPARSE_DATA)?;
            let flags = u32::from_le_bytes([flags[0], flags[1], flags[2], flags[3]]);
            (20, flags & SYMLINK_FLAG_RELATIVE != 0)
        }
        ss::IO_REPARSE_TAG_MOUNT_POINT => (16, false),
        _ => {
            tracing::warn!(target: "kernel32::ioapiset", tag, "reparse tag not supported");
            return Err(Win32Error::NOT_SUPPORTED);
        }
    };
    let (offset, len) = (u16_at(8)?, u16_at(10)?);
    let start = names_at + offset;
    let bytes = input.get(start..start + len).ok_or(INVALID_REPARSE_DATA)?;
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let substitute = String::from_utf16_lossy(&units);
    if !f.has(WRITE_RIGHTS) {
        return Err(Win32Error::ACCESS_DENIED);
    }
    let host_target = if relative {
        PathBuf::from(substitute.replace('\\', "/"))
    } else {
        let windows = substitute
            .strip_prefix(r"\??\")
            .ok_or(INVALID_REPARSE_DATA)?;
        let Ok(path::Target::File(t)) = path::resolve(windows) else {
            return Err(INVALID_REPARSE_DATA);
        };
        if path::confined() {
            std::path::Path::new("/").join(&t.rel)
        } else {
            t.full()
        }
    };
    let p = path_of(f)?;
    let meta = fs::symlink_metadata(&p)?;
    if meta.is_dir() {
        fs::rmdir(&p).map_err(|e| match e.raw_os_error() {
            Some(libc::ENOTEMPTY) => Win32Error::DIR_NOT_EMPTY,
            _ => e.into(),
        })?;
    } else if meta.len() != 0 {
        // The link would replace the file's data, which NTFS keeps; refuse rather than lose it.
        return Err(Win32Error::NOT_SUPPORTED);
    } else {
        fs::unlink(&p)?;
    }
    fs::symlink(&host_target, &p)?;
    Ok(())
}

/// Carries out one control code; the bytes written to the output buffer on success.
fn control(
    f: &FileObject,
    code: u32,
    input: GuestPtr<u8>,
    in_size: u32,
    out: GuestPtr<u8>,
    out_size: u32,
) -> Win32Result<u32> {
    match code {
        ioctl::FSCTL_GET_REPARSE_POINT => {
            let p = path_of(f)?;
            if !f.is_link() {
                return Err(NOT_A_REPARSE_POINT);
            }
            let data = symlink_reparse_data(&p)?;
            if (out_size as usize) < REPARSE_HEADER {
                return Err(Win32Error::INSUFFICIENT_BUFFER);
            }
            let n = data.len().min(out_size as usize);
            if !mem::write_slice(out.addr(), &data[..n]) {
                return Err(Win32Error::NOACCESS);
            }
            if n < data.len() {
                return Err(Win32Error::MORE_DATA);
            }
            Ok(n as u32)
        }
        ioctl::FSCTL_SET_REPARSE_POINT => {
            let bytes = input.read_slice(in_size as usize);
            if bytes.len() != in_size as usize {
                return Err(Win32Error::NOACCESS);
            }
            set_reparse_point(f, &bytes)?;
            Ok(0)
        }
        // Host files are sparse already (unwritten ranges are holes): nothing to change.
        ioctl::FSCTL_SET_SPARSE => {
            path_of(f)?;
            if !f.has(WRITE_RIGHTS) {
                return Err(Win32Error::ACCESS_DENIED);
            }
            Ok(0)
        }
        ioctl::FSCTL_GET_COMPRESSION => {
            path_of(f)?;
            if out_size < 2 {
                return Err(Win32Error::INSUFFICIENT_BUFFER);
            }
            let none = fsc::COMPRESSION_FORMAT_NONE;
            if !out.cast::<u16>().write(none) {
                return Err(Win32Error::NOACCESS);
            }
            Ok(2)
        }
        _ => {
            tracing::warn!(
                target: "kernel32::ioapiset",
                "DeviceIoControl: control code {code:#x} is not supported"
            );
            Err(Win32Error::INVALID_FUNCTION)
        }
    }
}

/// Controls complete at once; with an OVERLAPPED the result also goes to its event and the
/// handle's completion port, as a request that finished synchronously does.
#[dllexport]
pub fn DeviceIoControl(
    hDevice: Handle,
    dwIoControlCode: u32,
    lpInBuffer: GuestPtr<u8>,
    nInBufferSize: u32,
    lpOutBuffer: GuestPtr<u8>,
    nOutBufferSize: u32,
    lpBytesReturned: GuestPtr<u32>,
    lpOverlapped: GuestPtr<u8>,
) -> Win32Result<()> {
    let f: Arc<FileObject> = file::get(hDevice)?;
    let result = control(
        &f,
        dwIoControlCode,
        lpInBuffer,
        nInBufferSize,
        lpOutBuffer,
        nOutBufferSize,
    );
    let n = match result {
        Ok(n) => n,
        // A partial reparse buffer still reports the bytes it holds.
        Err(Win32Error::MORE_DATA) => nOutBufferSize,
        Err(_) => 0,
    };
    lpBytesReturned.write(n);
    if !lpOverlapped.is_null() {
        let status = result.err().unwrap_or(Win32Error::SUCCESS);
        f.io.complete(
            Overlapped(lpOverlapped),
            status,
            n as usize,
            true,
            &Notify::Overlapped,
        );
    }
    result.map(|_| ())
}
