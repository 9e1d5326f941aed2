//! ioapiset.h: I/O completion ports (queues of completion packets that threads wait on) and
//! the results of overlapped requests.

use crate::abi::handles::HANDLES;
use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::file;
use crate::nt::io::{CompletionPort, Overlapped, Packet, STATUS_PENDING, error_of};
use crate::nt::sync::{self, WaitResult};
use std::sync::Arc;

fn port(handle: Handle) -> Win32Result<Arc<CompletionPort>> {
    HANDLES.get::<CompletionPort>(handle)
}

/// With INVALID_HANDLE_VALUE and no port: a new port. With a file handle: the file is
/// associated with the port (a new one or `ExistingCompletionPort`), which is returned.
#[dllexport]
pub fn CreateIoCompletionPort(
    FileHandle: Handle,
    ExistingCompletionPort: Handle,
    CompletionKey: u64,
    NumberOfConcurrentThreads: u32,
) -> Win32Result<Handle> {
    if FileHandle == Handle::INVALID {
        if ExistingCompletionPort != Handle::NULL {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        return Ok(HANDLES.insert(Arc::new(CompletionPort::new()), false));
    }
    let f = file::get(FileHandle)?;
    let (port, handle) = if ExistingCompletionPort != Handle::NULL {
        (port(ExistingCompletionPort)?, ExistingCompletionPort)
    } else {
        let port = Arc::new(CompletionPort::new());
        (port.clone(), HANDLES.insert(port, false))
    };
    if let Err(e) = f.io.bind(port, CompletionKey) {
        if ExistingCompletionPort == Handle::NULL {
            let _ = HANDLES.remove(handle);
        }
        return Err(e);
    }
    Ok(handle)
}

#[dllexport]
pub fn PostQueuedCompletionStatus(
    CompletionPort: Handle,
    dwNumberOfBytesTransferred: u32,
    dwCompletionKey: u64,
    lpOverlapped: u64,
) -> Win32Result<()> {
    port(CompletionPort)?.post(Packet {
        key: dwCompletionKey,
        overlapped: lpOverlapped,
        status: 0,
        bytes: dwNumberOfBytesTransferred,
    });
    Ok(())
}

/// A timeout fails with WAIT_TIMEOUT as the last error and *lpOverlapped NULL; a packet of a
/// failed request is returned with the request's error as the result.
#[dllexport]
pub fn GetQueuedCompletionStatus(
    CompletionPort: Handle,
    lpNumberOfBytesTransferred: GuestPtr<u32>,
    lpCompletionKey: GuestPtr<u64>,
    lpOverlapped: GuestPtr<u64>,
    dwMilliseconds: u32,
) -> Win32Result<()> {
    let port = port(CompletionPort)?;
    match port.take(1, sync::deadline(dwMilliseconds), false) {
        Ok(packets) => {
            let p = packets[0];
            lpNumberOfBytesTransferred.write(p.bytes);
            lpCompletionKey.write(p.key);
            lpOverlapped.write(p.overlapped);
            error_of(p.status).map_or(Ok(()), Err)
        }
        Err(e) => {
            lpOverlapped.write(0);
            Err(e)
        }
    }
}

/// OVERLAPPED_ENTRY: lpCompletionKey, lpOverlapped, Internal, dwNumberOfBytesTransferred.
type OverlappedEntry = [u64; 4];

#[dllexport]
pub fn GetQueuedCompletionStatusEx(
    CompletionPort: Handle,
    lpCompletionPortEntries: GuestPtr<OverlappedEntry>,
    ulCount: u32,
    ulNumEntriesRemoved: GuestPtr<u32>,
    dwMilliseconds: u32,
    fAlertable: bool,
) -> Win32Result<()> {
    let port = port(CompletionPort)?;
    if ulCount == 0 || lpCompletionPortEntries.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    match port.take(ulCount as usize, sync::deadline(dwMilliseconds), fAlertable) {
        Ok(packets) => {
            for (i, p) in packets.iter().enumerate() {
                lpCompletionPortEntries.offset(i).write([
                    p.key,
                    p.overlapped,
                    p.status as u64,
                    p.bytes as u64,
                ]);
            }
            ulNumEntriesRemoved.write(packets.len() as u32);
            Ok(())
        }
        Err(e) => {
            ulNumEntriesRemoved.write(0);
            Err(e)
        }
    }
}

/// With `bWait`, waits for the request's event (or the file itself when it has none) to be
/// signalled; the result is the request's status in Internal.
#[dllexport]
pub fn GetOverlappedResult(
    hFile: Handle,
    lpOverlapped: GuestPtr<u8>,
    lpNumberOfBytesTransferred: GuestPtr<u32>,
    bWait: bool,
) -> Win32Result<()> {
    GetOverlappedResultEx(
        hFile,
        lpOverlapped,
        lpNumberOfBytesTransferred,
        if bWait { u32::MAX } else { 0 },
        false,
    )
}

#[dllexport]
pub fn GetOverlappedResultEx(
    hFile: Handle,
    lpOverlapped: GuestPtr<u8>,
    lpNumberOfBytesTransferred: GuestPtr<u32>,
    dwMilliseconds: u32,
    bAlertable: bool,
) -> Win32Result<()> {
    let ov = Overlapped(lpOverlapped);
    let status = ov.status().ok_or(Win32Error::NOACCESS)?;
    if status == STATUS_PENDING as u64 {
        if dwMilliseconds == 0 {
            return Err(Win32Error::IO_INCOMPLETE);
        }
        file::get(hFile)?;
        let deadline = sync::deadline(dwMilliseconds);
        let h = ov.event_handle() & !1;
        if h != 0 {
            let event = HANDLES.get_any(Handle(h))?;
            match sync::wait(std::slice::from_ref(&event), false, deadline, bAlertable) {
                WaitResult::Object(_) | WaitResult::Abandoned(_) => {}
                other => return Err(Win32Error(other.code())),
            }
        } else {
            // Without an event the file handle is what Windows waits on; files are not
            // waitable objects here, so the request's status is polled instead.
            while ov.status() == Some(STATUS_PENDING as u64) {
                if deadline.is_some_and(|d| d <= std::time::Instant::now()) {
                    return Err(Win32Error(WaitResult::Timeout.code()));
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
    }
    lpNumberOfBytesTransferred.write(ov.bytes() as u32);
    error_of(ov.status().unwrap_or(0) as u32).map_or(Ok(()), Err)
}

/// Cancels the calling thread's requests in flight on the handle.
#[dllexport]
pub fn CancelIo(hFile: Handle) -> Win32Result<()> {
    let f = file::get(hFile)?;
    if let Some(p) = &f.pipe {
        p.cancel_connect(None);
    }
    // Finding nothing to cancel is no error for CancelIo.
    match f.io.cancel(None, true) {
        Err(Win32Error::NOT_FOUND) => Ok(()),
        other => other,
    }
}

/// Cancels the handle's requests on `lpOverlapped` (every request with NULL), whichever thread
/// issued them; ERROR_NOT_FOUND when there is none.
#[dllexport]
pub fn CancelIoEx(hFile: Handle, lpOverlapped: GuestPtr<u8>) -> Win32Result<()> {
    let f = file::get(hFile)?;
    let ov = (!lpOverlapped.is_null()).then_some(lpOverlapped.addr());
    if f.pipe.as_ref().is_some_and(|p| p.cancel_connect(ov)) {
        // Other requests on the handle are cancelled too when no OVERLAPPED was named.
        let _ = f.io.cancel(ov, false);
        return Ok(());
    }
    f.io.cancel(ov, false)
}
