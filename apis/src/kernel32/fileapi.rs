//! fileapi.h: reading and writing handles (the rest of the file system comes with the file
//! system issue).

use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::file::{self, FileType};

#[dllexport]
pub fn WriteFile(
    hFile: Handle,
    lpBuffer: GuestPtr<u8>,
    nNumberOfBytesToWrite: u32,
    lpNumberOfBytesWritten: GuestPtr<u32>,
    lpOverlapped: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if !lpOverlapped.is_null() {
        tracing::warn!(target: "kernel32::fileapi", "WriteFile: OVERLAPPED not supported yet, writing synchronously");
    }
    lpNumberOfBytesWritten.write(0);
    let n = f.write(lpBuffer.addr(), nNumberOfBytesToWrite as usize)?;
    lpNumberOfBytesWritten.write(n as u32);
    Ok(())
}

#[dllexport]
pub fn ReadFile(
    hFile: Handle,
    lpBuffer: GuestPtr<u8>,
    nNumberOfBytesToRead: u32,
    lpNumberOfBytesRead: GuestPtr<u32>,
    lpOverlapped: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if !lpOverlapped.is_null() {
        tracing::warn!(target: "kernel32::fileapi", "ReadFile: OVERLAPPED not supported yet, reading synchronously");
    }
    lpNumberOfBytesRead.write(0);
    let n = f.read(lpBuffer.addr(), nNumberOfBytesToRead as usize)?;
    lpNumberOfBytesRead.write(n as u32);
    Ok(())
}

/// FILE_TYPE_UNKNOWN (0) with the last error set for a bad handle.
#[dllexport]
pub fn GetFileType(hFile: Handle) -> Win32Result<u32> {
    let f = file::get(hFile)?;
    Ok(match f.file_type {
        FileType::Disk => 1,
        FileType::Char => 2,
        FileType::Pipe => 3,
    })
}

#[dllexport]
pub fn FlushFileBuffers(hFile: Handle) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if f.file_type == FileType::Disk {
        crate::abi::host::fsync(f.fd())?;
    } else if f.console {
        return Err(Win32Error::INVALID_HANDLE);
    }
    Ok(())
}
