//! NtReadFile and NtWriteFile (ntifs.h): synchronous transfers on kernel32's file objects.

use super::winternl::status_from_win32;
use crate::abi::{GuestPtr, Handle, NtStatus, Win32Error};
use crate::dllexport;
use crate::kernel32::fileapi::{ReadFile, WriteFile};
use windows_sys::Win32::Foundation as f;

/// ByteOffset's "use the current file position" value (FILE_USE_FILE_POINTER_POSITION).
const FILE_USE_FILE_POINTER_POSITION: i64 = -2;

/// Stores the IO_STATUS_BLOCK (Status in the low half of the first pointer-sized field,
/// Information after it) and returns the status.
fn complete(io_status: GuestPtr<u64>, status: NtStatus, information: u64) -> u32 {
    io_status.write(u64::from(status.0));
    io_status.offset(1).write(information);
    status.0
}

/// Only synchronous transfers at the current position are supported: no event, APC or
/// explicit offset yet.
fn unsupported(event: Handle, apc: GuestPtr<u8>, offset: GuestPtr<i64>) -> bool {
    event.0 != 0
        || !apc.is_null()
        || offset
            .read()
            .is_some_and(|o| o != FILE_USE_FILE_POINTER_POSITION)
}

#[dllexport]
pub fn NtWriteFile(
    FileHandle: Handle,
    Event: Handle,
    ApcRoutine: GuestPtr<u8>,
    ApcContext: GuestPtr<u8>,
    IoStatusBlock: GuestPtr<u64>,
    Buffer: GuestPtr<u8>,
    Length: u32,
    ByteOffset: GuestPtr<i64>,
    Key: GuestPtr<u32>,
) -> u32 {
    if unsupported(Event, ApcRoutine, ByteOffset) {
        return NtStatus::NOT_IMPLEMENTED.0;
    }
    let written = GuestPtr::<u32>::new(IoStatusBlock.offset(1).addr());
    match WriteFile(FileHandle, Buffer, Length, written, GuestPtr::new(0)) {
        Ok(()) => {
            let n = written.read().unwrap_or(0);
            complete(IoStatusBlock, NtStatus::SUCCESS, u64::from(n))
        }
        Err(e) => status_from_win32(e).0,
    }
}

#[dllexport]
pub fn NtReadFile(
    FileHandle: Handle,
    Event: Handle,
    ApcRoutine: GuestPtr<u8>,
    ApcContext: GuestPtr<u8>,
    IoStatusBlock: GuestPtr<u64>,
    Buffer: GuestPtr<u8>,
    Length: u32,
    ByteOffset: GuestPtr<i64>,
    Key: GuestPtr<u32>,
) -> u32 {
    if unsupported(Event, ApcRoutine, ByteOffset) {
        return NtStatus::NOT_IMPLEMENTED.0;
    }
    let read = GuestPtr::<u32>::new(IoStatusBlock.offset(1).addr());
    match ReadFile(FileHandle, Buffer, Length, read, GuestPtr::new(0)) {
        // ReadFile reports the end of a file as success with nothing read; NtReadFile as
        // STATUS_END_OF_FILE.
        Ok(()) => match read.read().unwrap_or(0) {
            0 if Length > 0 => complete(IoStatusBlock, NtStatus(f::STATUS_END_OF_FILE as u32), 0),
            n => complete(IoStatusBlock, NtStatus::SUCCESS, u64::from(n)),
        },
        Err(Win32Error::HANDLE_EOF) => {
            complete(IoStatusBlock, NtStatus(f::STATUS_END_OF_FILE as u32), 0)
        }
        Err(e) => status_from_win32(e).0,
    }
}
