//! namedpipeapi.h: anonymous pipes (host pipes) and the pipe queries that work on them.

use crate::abi::handles::HANDLES;
use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result, host};
use crate::dllexport;
use crate::nt::file::{self, FileObject, FileType};
use std::sync::Arc;

/// The buffer size is left to the host (64 KiB on Linux). Both ends are inheritable when the
/// security attributes say so.
#[dllexport]
pub fn CreatePipe(
    hReadPipe: GuestPtr<u64>,
    hWritePipe: GuestPtr<u64>,
    lpPipeAttributes: GuestPtr<u8>,
    nSize: u32,
) -> Win32Result<()> {
    let _ = nSize;
    let inherit = super::synchapi::inherit(lpPipeAttributes);
    let (r, w) = host::pipe()?;
    let r = HANDLES.insert(Arc::new(FileObject::owned(r)), inherit);
    let w = HANDLES.insert(Arc::new(FileObject::owned(w)), inherit);
    hReadPipe.write(r.0);
    hWritePipe.write(w.0);
    Ok(())
}

/// How many bytes wait in the pipe, without taking them. Copying them out (`lpBuffer`) needs
/// a non-consuming read the host pipe has not got: only NULL buffers are supported.
#[dllexport]
pub fn PeekNamedPipe(
    hNamedPipe: Handle,
    lpBuffer: GuestPtr<u8>,
    nBufferSize: u32,
    lpBytesRead: GuestPtr<u32>,
    lpTotalBytesAvail: GuestPtr<u32>,
    lpBytesLeftThisMessage: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = file::get(hNamedPipe)?;
    if f.file_type != FileType::Pipe {
        return Err(Win32Error::INVALID_FUNCTION);
    }
    let available = host::bytes_readable(f.fd())?;
    if available == 0 && host::hung_up(f.fd()) {
        return Err(Win32Error::BROKEN_PIPE);
    }
    if !lpBuffer.is_null() && nBufferSize > 0 && available > 0 {
        tracing::warn!(target: "kernel32::namedpipeapi", "PeekNamedPipe cannot copy pipe data yet");
        return Err(Win32Error::NOT_SUPPORTED);
    }
    lpBytesRead.write(0);
    lpTotalBytesAvail.write(available);
    lpBytesLeftThisMessage.write(0);
    Ok(())
}
