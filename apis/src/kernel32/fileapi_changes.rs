//! fileapi.h, change notification handles: FindFirstChangeNotificationW opens a directory and
//! asks to be told of the next change its filter selects (in the directory, or its tree); the
//! handle is signaled when one comes, and stays so until FindNextChangeNotification asks for
//! the next one. Changes that come while nobody asks are recorded, and satisfy the next
//! request at once, as Windows does. The directory is watched through `nt::changes` (inotify),
//! by a thread per handle that ends when the handle is closed.

use super::fileapi::{ansi_name, wide_name};
use crate::abi::handles::{HANDLES, Object};
use crate::abi::{CStrPtr, Handle, HandleOrInvalid, WStrPtr, Win32Error, Win32Result, host};
use crate::dllexport;
use crate::nt::changes::{self, Watch};
use crate::nt::file::{self, CreateRequest, FileObject};
use crate::nt::sync::{self, Locked, WaitQueue, Waitable};
use crate::nt::thread::ThreadObject;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use windows_sys::Win32::Storage::FileSystem as fsc;

pub struct ChangeNotification {
    /// The directory, held open: the watch reaches it through its descriptor.
    _dir: Arc<FileObject>,
    watch: Arc<Watch>,
    /// A change answered the last request: waits are satisfied.
    signaled: AtomicBool,
    /// A request is outstanding: the next change signals the handle.
    armed: AtomicBool,
    /// A change came while no request was outstanding.
    recorded: AtomicBool,
    queue: WaitQueue,
    /// Dropped with the object, which tells the watching thread to end.
    _stop: OwnedFd,
}

impl Object for ChangeNotification {
    fn type_name(&self) -> &'static str {
        "File"
    }
    fn waitable(&self) -> Option<&dyn Waitable> {
        Some(self)
    }
}

impl Waitable for ChangeNotification {
    fn queue(&self) -> &WaitQueue {
        &self.queue
    }
    fn is_signaled(&self, _: &Locked, _: &ThreadObject) -> bool {
        self.signaled.load(Ordering::Relaxed)
    }
    /// A wait takes nothing: the handle stays signaled until the next request.
    fn acquire(&self, _: &Locked, _: &Arc<dyn Object>, _: &Arc<ThreadObject>) -> bool {
        false
    }
}

impl ChangeNotification {
    /// Takes the changes inotify has queued: they answer the outstanding request, or are
    /// recorded for the next.
    fn collect(&self) {
        if !self.watch.take_any() {
            return;
        }
        let locked = sync::lock();
        if self.armed.swap(false, Ordering::Relaxed) {
            self.signaled.store(true, Ordering::Relaxed);
            sync::wake_waiters(&locked, self);
        } else {
            self.recorded.store(true, Ordering::Relaxed);
        }
    }

    /// FindNextChangeNotification: unsignaled, waiting for the next change (or signaled at
    /// once by one already recorded).
    fn rearm(&self) {
        let changed = self.watch.take_any();
        let locked = sync::lock();
        if changed || self.recorded.swap(false, Ordering::Relaxed) {
            self.signaled.store(true, Ordering::Relaxed);
            sync::wake_waiters(&locked, self);
        } else {
            self.signaled.store(false, Ordering::Relaxed);
            self.armed.store(true, Ordering::Relaxed);
        }
    }
}

/// Collects the changes of `watch` for the notification until it is closed (its `stop` pipe
/// hangs up).
fn watch_changes(watch: Arc<Watch>, notification: Weak<ChangeNotification>, stop: OwnedFd) {
    while host::wait_ready(watch.inotify.as_raw_fd(), false, stop.as_raw_fd()) {
        match notification.upgrade() {
            Some(n) => n.collect(),
            None => break,
        }
    }
}

fn find_first(name: &str, subtree: bool, filter: u32) -> Win32Result<Handle> {
    if filter == 0 || filter & !changes::VALID_FILTERS != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let request = CreateRequest {
        access: fsc::FILE_LIST_DIRECTORY | fsc::SYNCHRONIZE,
        share: fsc::FILE_SHARE_READ | fsc::FILE_SHARE_WRITE | fsc::FILE_SHARE_DELETE,
        disposition: fsc::OPEN_EXISTING,
        flags: fsc::FILE_FLAG_BACKUP_SEMANTICS,
    };
    let dir = Arc::new(file::create(name, &request)?.0);
    if !dir.disk.as_ref().is_some_and(|d| d.is_dir) {
        // STATUS_NOT_A_DIRECTORY.
        return Err(Win32Error::DIRECTORY);
    }
    let watch = Watch::new(&dir, subtree, filter)?;
    let (stop_rx, stop_tx) = host::pipe()?;
    let notification = Arc::new(ChangeNotification {
        _dir: dir,
        watch: watch.clone(),
        signaled: AtomicBool::new(false),
        armed: AtomicBool::new(true),
        recorded: AtomicBool::new(false),
        queue: WaitQueue::default(),
        _stop: stop_tx,
    });
    let weak = Arc::downgrade(&notification);
    std::thread::Builder::new()
        .name("winrun-changes".into())
        .spawn(move || watch_changes(watch, weak, stop_rx))
        .map_err(|_| Win32Error::NOT_ENOUGH_MEMORY)?;
    Ok(HANDLES.insert(notification, false))
}

#[dllexport]
pub fn FindFirstChangeNotificationW(
    lpPathName: WStrPtr,
    bWatchSubtree: u32,
    dwNotifyFilter: u32,
) -> Win32Result<HandleOrInvalid> {
    let name = wide_name(lpPathName)?;
    find_first(&name, bWatchSubtree != 0, dwNotifyFilter).map(HandleOrInvalid)
}

#[dllexport]
pub fn FindFirstChangeNotificationA(
    lpPathName: CStrPtr,
    bWatchSubtree: u32,
    dwNotifyFilter: u32,
) -> Win32Result<HandleOrInvalid> {
    let name = ansi_name(lpPathName)?;
    find_first(&name, bWatchSubtree != 0, dwNotifyFilter).map(HandleOrInvalid)
}

#[dllexport]
pub fn FindNextChangeNotification(hChangeHandle: Handle) -> Win32Result<()> {
    HANDLES.get::<ChangeNotification>(hChangeHandle)?.rearm();
    Ok(())
}

#[dllexport]
pub fn FindCloseChangeNotification(hChangeHandle: Handle) -> Win32Result<()> {
    HANDLES.get::<ChangeNotification>(hChangeHandle)?;
    HANDLES.remove(hChangeHandle).map(drop)
}
