//! The native file information calls (winternl.h / ntifs.h).

use super::winternl::status_from_win32;
use crate::abi::{GuestPtr, Handle};
use crate::dllexport;
use crate::kernel32::fileapi::{NameForm, set_information};
use crate::nt::file;
use windows_sys::Wdk::Storage::FileSystem as wdk;
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

/// The classes SetFileInformationByHandle shares (basic, rename and rename Ex, disposition and
/// disposition Ex, allocation, end of file, I/O priority hint); others fail with
/// STATUS_INVALID_INFO_CLASS. Rename targets are NT paths (`\??\C:\dir\name`), names
/// relative to RootDirectory, or a bare name for a rename within the file's directory.
#[dllexport]
pub fn NtSetInformationFile(
    FileHandle: Handle,
    IoStatusBlock: GuestPtr<[u64; 2]>,
    FileInformation: GuestPtr<u8>,
    Length: u32,
    FileInformationClass: i32,
) -> u32 {
    let Ok(f) = file::get(FileHandle) else {
        return STATUS_INVALID_HANDLE as u32;
    };
    if !matches!(
        FileInformationClass,
        wdk::FileBasicInformation
            | wdk::FileRenameInformation
            | wdk::FileRenameInformationEx
            | wdk::FileDispositionInformation
            | wdk::FileDispositionInformationEx
            | wdk::FileAllocationInformation
            | wdk::FileEndOfFileInformation
            | wdk::FileIoPriorityHintInformation
    ) {
        return STATUS_INVALID_INFO_CLASS as u32;
    }
    match set_information(
        &f,
        FileInformationClass,
        FileInformation,
        Length,
        NameForm::Nt,
    ) {
        Ok(()) => {
            IoStatusBlock.write([STATUS_SUCCESS as u64, 0]);
            STATUS_SUCCESS as u32
        }
        Err(e) => status_from_win32(e).0,
    }
}
