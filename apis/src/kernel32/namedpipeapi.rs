//! namedpipeapi.h: anonymous pipes (host pipes) and named pipes (`nt::pipe`).

use crate::abi::handles::HANDLES;
use crate::abi::{GuestPtr, Handle, HandleOrInvalid, WStrPtr, Win32Error, Win32Result, host};
use crate::dllexport;
use crate::nt::file::{self, FileObject, FileType};
use crate::nt::io::Overlapped;
use crate::nt::pipe::{self, PipeEnd, ServerRequest};
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

/// The body of CreateNamedPipeW and CreateNamedPipeA.
pub fn create_named_pipe(
    name: &str,
    req: &ServerRequest,
    security: GuestPtr<u8>,
) -> Win32Result<HandleOrInvalid> {
    let key = pipe::pipe_name(name).ok_or(Win32Error::INVALID_NAME)?;
    let object = pipe::create_server(&key, req)?;
    let inherit = super::synchapi::inherit(security);
    Ok(HandleOrInvalid(HANDLES.insert(Arc::new(object), inherit)))
}

#[dllexport]
pub fn CreateNamedPipeW(
    lpName: WStrPtr,
    dwOpenMode: u32,
    dwPipeMode: u32,
    nMaxInstances: u32,
    nOutBufferSize: u32,
    nInBufferSize: u32,
    nDefaultTimeOut: u32,
    lpSecurityAttributes: GuestPtr<u8>,
) -> Win32Result<HandleOrInvalid> {
    let name = lpName.string().ok_or(Win32Error::PATH_NOT_FOUND)?;
    let req = ServerRequest {
        open_mode: dwOpenMode,
        pipe_mode: dwPipeMode,
        max_instances: nMaxInstances,
        out_size: nOutBufferSize,
        in_size: nInBufferSize,
        default_timeout: nDefaultTimeOut,
    };
    create_named_pipe(&name, &req, lpSecurityAttributes)
}

/// The pipe end behind `handle`: ERROR_INVALID_HANDLE for no handle, ERROR_INVALID_FUNCTION
/// for a handle that is no named pipe.
fn pipe_end(handle: Handle) -> Win32Result<Arc<FileObject>> {
    let f = file::get(handle)?;
    if f.pipe.is_none() {
        return Err(Win32Error::INVALID_FUNCTION);
    }
    Ok(f)
}

fn end(f: &FileObject) -> &PipeEnd {
    f.pipe.as_ref().expect("pipe_end checked it")
}

/// A client connected before the call: FALSE with ERROR_PIPE_CONNECTED (a good connection).
#[dllexport]
pub fn ConnectNamedPipe(hNamedPipe: Handle, lpOverlapped: GuestPtr<u8>) -> Win32Result<()> {
    let f = pipe_end(hNamedPipe)?;
    let ov = (!lpOverlapped.is_null()).then_some(Overlapped(lpOverlapped));
    end(&f).connect(&f, ov)
}

#[dllexport]
pub fn DisconnectNamedPipe(hNamedPipe: Handle) -> Win32Result<()> {
    let f = pipe_end(hNamedPipe)?;
    end(&f).disconnect(f.fd())
}

/// Waits until an instance of the pipe listens; ERROR_SEM_TIMEOUT when the time runs out.
#[dllexport]
pub fn WaitNamedPipeW(lpNamedPipeName: WStrPtr, nTimeOut: u32) -> Win32Result<()> {
    let name = lpNamedPipeName.string().ok_or(Win32Error::INVALID_NAME)?;
    wait_named_pipe(&name, nTimeOut)
}

pub fn wait_named_pipe(name: &str, timeout: u32) -> Win32Result<()> {
    let key = pipe::pipe_name(name).ok_or(Win32Error::BAD_PATHNAME)?;
    pipe::wait_listening(&key, timeout)
}

#[dllexport]
pub fn GetNamedPipeInfo(
    hNamedPipe: Handle,
    lpFlags: GuestPtr<u32>,
    lpOutBufferSize: GuestPtr<u32>,
    lpInBufferSize: GuestPtr<u32>,
    lpMaxInstances: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = pipe_end(hNamedPipe)?;
    let (flags, out_size, in_size, max) = end(&f).info();
    lpFlags.write(flags);
    lpOutBufferSize.write(out_size);
    lpInBufferSize.write(in_size);
    lpMaxInstances.write(max);
    Ok(())
}

/// Sets the read mode and wait mode; the collection settings apply to remote pipes only and
/// are ignored.
#[dllexport]
pub fn SetNamedPipeHandleState(
    hNamedPipe: Handle,
    lpMode: GuestPtr<u32>,
    lpMaxCollectionCount: GuestPtr<u32>,
    lpCollectDataTimeout: GuestPtr<u32>,
) -> Win32Result<()> {
    let _ = (lpMaxCollectionCount, lpCollectDataTimeout);
    let f = pipe_end(hNamedPipe)?;
    if lpMode.is_null() {
        return Ok(());
    }
    let mode = lpMode.read().ok_or(Win32Error::NOACCESS)?;
    end(&f).set_mode(mode)
}

/// How many bytes wait in the pipe, copying up to `nBufferSize` of them without taking them.
/// Anonymous (host) pipes are copied with tee(2), which leaves the data in the pipe.
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
    let len = if lpBuffer.is_null() {
        0
    } else {
        nBufferSize as usize
    };
    if let Some(p) = &f.pipe {
        let (copied, waiting, this_message) = p.peek(f.fd(), lpBuffer.addr(), len)?;
        lpBytesRead.write(copied);
        lpTotalBytesAvail.write(waiting);
        lpBytesLeftThisMessage.write(this_message);
        return Ok(());
    }
    let available = host::bytes_readable(f.fd())?;
    if available == 0 && host::hung_up(f.fd()) {
        return Err(Win32Error::BROKEN_PIPE);
    }
    let copied = if len > 0 && available > 0 {
        host::peek_pipe(f.fd(), lpBuffer.addr(), len)?
    } else {
        0
    };
    lpBytesRead.write(copied as u32);
    lpTotalBytesAvail.write(available);
    lpBytesLeftThisMessage.write(0);
    Ok(())
}
