//! The native file information calls (winternl.h / ntifs.h).

use crate::abi::{GuestPtr, Handle};
use crate::dllexport;
use crate::nt::file;
use windows_sys::Win32::Foundation::{
    STATUS_ACCESS_VIOLATION, STATUS_INFO_LENGTH_MISMATCH, STATUS_INVALID_HANDLE,
    STATUS_INVALID_INFO_CLASS, STATUS_SUCCESS,
};
use windows_sys::Win32::Storage::FileSystem::FILE_FLAG_OVERLAPPED;

/// FILE_INFORMATION_CLASS FileModeInformation.
const FILE_MODE_INFORMATION: u32 = 16;
/// FILE_MODE_INFORMATION.Mode of a handle opened without FILE_FLAG_OVERLAPPED.
const FILE_SYNCHRONOUS_IO_NONALERT: u32 = 0x20;

/// FileModeInformation only (whether the handle does synchronous I/O); other classes fail with
/// STATUS_INVALID_INFO_CLASS.
#[dllexport]
pub fn NtQueryInformationFile(
    FileHandle: Handle,
    IoStatusBlock: GuestPtr<[u64; 2]>,
    FileInformation: GuestPtr<u32>,
    Length: u32,
    FileInformationClass: u32,
) -> u32 {
    let Ok(f) = file::get(FileHandle) else {
        return STATUS_INVALID_HANDLE as u32;
    };
    if FileInformationClass != FILE_MODE_INFORMATION {
        return STATUS_INVALID_INFO_CLASS as u32;
    }
    if Length < 4 {
        return STATUS_INFO_LENGTH_MISMATCH as u32;
    }
    let overlapped = f
        .disk
        .as_ref()
        .is_some_and(|d| d.flags & FILE_FLAG_OVERLAPPED != 0);
    let mode = if overlapped {
        0
    } else {
        FILE_SYNCHRONOUS_IO_NONALERT
    };
    if !FileInformation.write(mode) || !IoStatusBlock.write([STATUS_SUCCESS as u64, 4]) {
        return STATUS_ACCESS_VIOLATION as u32;
    }
    STATUS_SUCCESS as u32
}
