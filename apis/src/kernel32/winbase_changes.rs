//! winbase.h, ReadDirectoryChangesW: the changes in a directory (or its tree) reported as
//! FILE_NOTIFY_INFORMATION records, from a watch (`nt::changes`) made by the first call on a
//! directory handle. Changes made between calls are kept for the next call, as Windows keeps
//! them once a directory is being watched.

use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result, host};
use crate::dllexport;
use crate::nt::changes::{self, Watch};
use crate::nt::file::{self, FileObject};
use crate::nt::io::{self, Notify, Overlapped};
use crate::nt::{teb, thread};
use std::os::fd::AsRawFd;
use std::sync::{Arc, Mutex};
use windows_sys::Win32::Foundation as wf;
use windows_sys::Win32::Storage::FileSystem as fsc;

/// Watches by file object. An entry whose object is gone is dropped on the next insertion.
static WATCHES: Mutex<Vec<Arc<Watch>>> = Mutex::new(Vec::new());

/// How a request that took `n` bytes ends: zero bytes means the changes were lost, which the
/// request reports as STATUS_NOTIFY_ENUM_DIR (a success; completion routines see
/// ERROR_NOTIFY_ENUM_DIR).
fn outcome(n: usize) -> Win32Error {
    if n == 0 {
        Win32Error(wf::ERROR_NOTIFY_ENUM_DIR)
    } else {
        Win32Error::SUCCESS
    }
}

/// The watch on directory `f`, made on the first call.
fn watch_of(f: &Arc<FileObject>, subtree: bool, filter: u32) -> Win32Result<Arc<Watch>> {
    let mut watches = WATCHES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(w) = watches.iter().find(|w| w.is_of(f)) {
        return Ok(w.clone());
    }
    watches.retain(|w| w.is_live());
    let watch = Watch::new(f, subtree, filter)?;
    watches.push(watch.clone());
    Ok(watch)
}

/// Synchronous calls wait for a change; with an OVERLAPPED on an overlapped handle (or with a
/// completion routine) the call returns at once and the request completes when a change comes
/// (its event, the handle's completion port or the routine, as for ReadFile). Records that do
/// not fit the buffer are dropped and the call reports zero bytes (ERROR_NOTIFY_ENUM_DIR for
/// a synchronous call), as Windows does.
#[dllexport]
pub fn ReadDirectoryChangesW(
    hDirectory: Handle,
    lpBuffer: GuestPtr<u8>,
    nBufferLength: u32,
    bWatchSubtree: u32,
    dwNotifyFilter: u32,
    lpBytesReturned: GuestPtr<u32>,
    lpOverlapped: GuestPtr<u8>,
    lpCompletionRoutine: u64,
) -> Win32Result<()> {
    let f = file::get(hDirectory)?;
    let disk = f.disk.as_ref().ok_or(Win32Error::INVALID_FUNCTION)?;
    if !disk.is_dir || dwNotifyFilter == 0 || dwNotifyFilter & !changes::VALID_FILTERS != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if !f.has(fsc::FILE_LIST_DIRECTORY) {
        return Err(Win32Error::ACCESS_DENIED);
    }
    let overlapped_handle = disk.flags & fsc::FILE_FLAG_OVERLAPPED != 0;
    let watch = watch_of(&f, bWatchSubtree != 0, dwNotifyFilter)?;
    let (buf, len) = (lpBuffer.addr(), nBufferLength as usize);
    if overlapped_handle && !lpOverlapped.is_null() {
        let notify = if lpCompletionRoutine != 0 {
            Notify::Routine(thread::current(), lpCompletionRoutine)
        } else {
            Notify::Overlapped
        };
        if let Some(n) = watch.take(buf, len) {
            lpBytesReturned.write(n as u32);
            f.io.complete(Overlapped(lpOverlapped), outcome(n), n, true, &notify);
            return Ok(());
        }
        let fd = watch.inotify.as_raw_fd();
        let op = move |_: &FileObject| match watch.take(buf, len) {
            Some(n) => (outcome(n), n),
            None => (Win32Error::NO_DATA, 0),
        };
        // Unlike ReadFile, a queued request is a success.
        return match io::start_pending(f.clone(), Overlapped(lpOverlapped), notify, fd, false, op) {
            Win32Error::IO_PENDING => Ok(()),
            e => Err(e),
        };
    }
    let n = loop {
        if let Some(n) = watch.take(buf, len) {
            break n;
        }
        host::wait_ready(watch.inotify.as_raw_fd(), false, -1);
    };
    lpBytesReturned.write(n as u32);
    if !lpOverlapped.is_null() {
        f.io.complete(
            Overlapped(lpOverlapped),
            outcome(n),
            n,
            true,
            &Notify::Overlapped,
        );
    }
    // Success all the same when the changes were lost: the caller is to list the directory
    // again.
    teb::set_last_error(if n == 0 { wf::ERROR_NOTIFY_ENUM_DIR } else { 0 });
    Ok(())
}
