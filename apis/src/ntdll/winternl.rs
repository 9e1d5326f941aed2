//! RtlNtStatusToDosError (winternl.h) and the NTSTATUS <-> Win32 error pairs it knows.

use crate::abi::{NtStatus, Win32Error};
use crate::dllexport;
use windows_sys::Win32::Foundation as f;

/// NTSTATUS values and the Win32 errors Windows maps them to (partial: the statuses the
/// file functions return).
const PAIRS: &[(i32, u32)] = &[
    (f::STATUS_SUCCESS, f::ERROR_SUCCESS),
    (f::STATUS_PENDING, f::ERROR_IO_PENDING),
    (f::STATUS_INVALID_HANDLE, f::ERROR_INVALID_HANDLE),
    (f::STATUS_ACCESS_DENIED, f::ERROR_ACCESS_DENIED),
    (f::STATUS_INVALID_PARAMETER, f::ERROR_INVALID_PARAMETER),
    (f::STATUS_NOT_IMPLEMENTED, f::ERROR_INVALID_FUNCTION),
    (f::STATUS_END_OF_FILE, f::ERROR_HANDLE_EOF),
    (f::STATUS_PIPE_BROKEN, f::ERROR_BROKEN_PIPE),
    (f::STATUS_DISK_FULL, f::ERROR_DISK_FULL),
    (f::STATUS_NO_MEMORY, f::ERROR_NOT_ENOUGH_MEMORY),
    (f::STATUS_OBJECT_NAME_NOT_FOUND, f::ERROR_FILE_NOT_FOUND),
    (f::STATUS_OBJECT_PATH_NOT_FOUND, f::ERROR_PATH_NOT_FOUND),
    (f::STATUS_LOCK_NOT_GRANTED, f::ERROR_LOCK_VIOLATION),
    (f::STATUS_OBJECT_NAME_COLLISION, f::ERROR_ALREADY_EXISTS),
    (f::STATUS_OBJECT_NAME_COLLISION, f::ERROR_FILE_EXISTS),
    (f::STATUS_OBJECT_NAME_INVALID, f::ERROR_INVALID_NAME),
    (f::STATUS_OBJECT_PATH_SYNTAX_BAD, f::ERROR_BAD_PATHNAME),
    (f::STATUS_SHARING_VIOLATION, f::ERROR_SHARING_VIOLATION),
    (f::STATUS_NOT_A_DIRECTORY, f::ERROR_DIRECTORY),
    (f::STATUS_FILE_IS_A_DIRECTORY, f::ERROR_ACCESS_DENIED),
    (f::STATUS_DIRECTORY_NOT_EMPTY, f::ERROR_DIR_NOT_EMPTY),
    (f::STATUS_PIPE_NOT_AVAILABLE, f::ERROR_PIPE_BUSY),
    (f::STATUS_INSTANCE_NOT_AVAILABLE, f::ERROR_PIPE_BUSY),
    (f::STATUS_BUFFER_TOO_SMALL, f::ERROR_INSUFFICIENT_BUFFER),
    (f::STATUS_INFO_LENGTH_MISMATCH, f::ERROR_BAD_LENGTH),
    (f::STATUS_INVALID_DEVICE_REQUEST, f::ERROR_INVALID_FUNCTION),
    (f::STATUS_NOT_SUPPORTED, f::ERROR_NOT_SUPPORTED),
    (f::STATUS_NOT_A_REPARSE_POINT, f::ERROR_NOT_A_REPARSE_POINT),
    (f::STATUS_ACCESS_VIOLATION, f::ERROR_NOACCESS),
];

/// The NTSTATUS an NT function returns where kernel32 fails with `error`.
pub(crate) fn status_from_win32(error: Win32Error) -> NtStatus {
    PAIRS
        .iter()
        .find(|&&(_, e)| e == error.0)
        .map_or(NtStatus(f::STATUS_UNSUCCESSFUL as u32), |&(s, _)| {
            NtStatus(s as u32)
        })
}

/// The Win32 error for an NTSTATUS; ERROR_MR_MID_NOT_FOUND for one without a mapping, as on
/// Windows.
#[dllexport]
pub fn RtlNtStatusToDosError(Status: u32) -> u32 {
    PAIRS
        .iter()
        .find(|&&(s, _)| s as u32 == Status)
        .map_or(f::ERROR_MR_MID_NOT_FOUND, |&(_, e)| e)
}
