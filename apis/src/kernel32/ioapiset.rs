//! ioapiset.h: I/O completion ports — queues of completion packets that threads wait on.
//! Packets come from PostQueuedCompletionStatus; I/O on associated files does not post
//! completions yet (overlapped file I/O is not implemented).

use crate::abi::handles::{HANDLES, Object};
use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::{sync, thread};
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;
use windows_sys::Win32::Foundation::{WAIT_IO_COMPLETION, WAIT_TIMEOUT};

#[derive(Clone, Copy)]
struct Packet {
    key: u64,
    overlapped: u64,
    bytes: u32,
}

struct CompletionPort {
    packets: Mutex<VecDeque<Packet>>,
    posted: Condvar,
}

impl Object for CompletionPort {
    fn type_name(&self) -> &'static str {
        "IoCompletion"
    }
}

impl CompletionPort {
    fn post(&self, packet: Packet) {
        self.packets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(packet);
        self.posted.notify_one();
    }

    /// Up to `max` packets, waiting until `deadline` for the first; an alertable wait gives up
    /// with WAIT_IO_COMPLETION after running APCs that were queued before it started.
    fn take(
        &self,
        max: usize,
        deadline: Option<Instant>,
        alertable: bool,
    ) -> Win32Result<Vec<Packet>> {
        if alertable {
            let me = thread::current();
            if me.has_apcs() {
                me.run_apcs();
                return Err(Win32Error(WAIT_IO_COMPLETION));
            }
        }
        let mut packets = self.packets.lock().unwrap_or_else(|e| e.into_inner());
        while packets.is_empty() {
            match deadline {
                None => packets = self.posted.wait(packets).unwrap_or_else(|e| e.into_inner()),
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        return Err(Win32Error(WAIT_TIMEOUT));
                    }
                    packets = self
                        .posted
                        .wait_timeout(packets, d - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
            }
        }
        let n = packets.len().min(max);
        Ok(packets.drain(..n).collect())
    }
}

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
    if FileHandle != Handle::INVALID {
        HANDLES.get_any(FileHandle)?;
        tracing::warn!(target: "kernel32::ioapiset", "file I/O does not post completion packets yet");
    }
    if ExistingCompletionPort != Handle::NULL {
        if FileHandle == Handle::INVALID {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        port(ExistingCompletionPort)?;
        return Ok(ExistingCompletionPort);
    }
    let port = Arc::new(CompletionPort {
        packets: Mutex::new(VecDeque::new()),
        posted: Condvar::new(),
    });
    Ok(HANDLES.insert(port, false))
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
        bytes: dwNumberOfBytesTransferred,
    });
    Ok(())
}

/// A timeout fails with WAIT_TIMEOUT as the last error and *lpOverlapped NULL.
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
            Ok(())
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
                lpCompletionPortEntries
                    .offset(i)
                    .write([p.key, p.overlapped, 0, p.bytes as u64]);
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
