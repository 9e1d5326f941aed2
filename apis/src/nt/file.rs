//! File objects: what a file, pipe or console handle refers to. They wrap a host file descriptor
//! and carry the Windows-side facts (file type, console or not) and, for files opened by name,
//! what NTFS keeps per open: access granted, sharing allowed, byte-range locks, delete on close.
//!
//! Sharing and locks are per file (device + inode), kept in a `Node` that every open of the file
//! in this process shares, as the file control block does on Windows.

use super::dosattrib::{self, Stored};
use super::fs;
use super::io::IoBinding;
use super::path::{self, Device, HostPath, Target};
use super::pipe::PipeEnd;
use crate::abi::handles::{HANDLES, Object};
use crate::abi::{Handle, Win32Error, Win32Result, host};
use std::collections::VecDeque;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::unix::fs::MetadataExt;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak};
use windows_sys::Win32::Storage::FileSystem as fsc;

/// What GetFileType reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Disk,
    /// A character device: the console, NUL, a serial line.
    Char,
    Pipe,
}

pub struct FileObject {
    fd: Fd,
    pub file_type: FileType,
    /// The handle is a console (its fd is a terminal): console APIs accept it.
    pub console: bool,
    /// Set for files and directories opened by name.
    pub disk: Option<DiskFile>,
    /// Set for the ends of named pipes.
    pub pipe: Option<PipeEnd>,
    /// For a console screen buffer made by CreateConsoleScreenBuffer: that buffer (other
    /// console output handles write to the main one).
    pub screen: Option<Arc<super::screen::ScreenBuffer>>,
    /// Where its overlapped requests complete.
    pub io: IoBinding,
}

/// Std handles borrow winrun's own fds 0-2 (they outlive every guest handle); others own theirs.
enum Fd {
    Borrowed(RawFd),
    Owned(OwnedFd),
}

/// An open of a named file or directory.
pub struct DiskFile {
    /// Specific rights granted (generic rights already mapped).
    pub access: u32,
    pub share: u32,
    /// The FILE_FLAG_* bits it was opened with.
    pub flags: u32,
    /// A directory opened as one (a directory symlink opened as a reparse point is not: it goes
    /// with unlink, and cannot be listed).
    pub is_dir: bool,
    /// A symbolic link opened itself (FILE_FLAG_OPEN_REPARSE_POINT): the fd is an O_PATH
    /// descriptor of the link, which NTFS would show as a reparse point.
    pub link: bool,
    /// Its current name (a rename through the handle changes it).
    pub path: Mutex<HostPath>,
    /// Closing this handle makes the file delete-pending (FILE_FLAG_DELETE_ON_CLOSE,
    /// FILE_DISPOSITION_FLAG_ON_CLOSE).
    pub delete_on_close: AtomicBool,
    /// Closing this handle removes the name at once, whoever else has the file open (a POSIX
    /// delete, FILE_DISPOSITION_FLAG_POSIX_SEMANTICS).
    pub posix_delete: AtomicBool,
    /// The times I/O through this handle must leave as they are (`FROZEN_ACCESS`,
    /// `FROZEN_WRITE`): a program set them, or froze them with all ones.
    pub frozen_times: AtomicU8,
    /// The entries of this directory GetFileInformationByHandleEx has still to list: read once
    /// when the listing starts (or restarts), then handed out call by call.
    pub listing: Mutex<Option<VecDeque<DirEntry>>>,
    node: Arc<Node>,
    /// Identifies this open in its node's share and lock lists.
    id: u64,
}

/// One directory entry as the listing functions report it.
pub struct DirEntry {
    pub name: String,
    pub attributes: u32,
    /// (creation, last access, last write) FILETIMEs.
    pub times: (u64, u64, u64),
    pub size: u64,
    /// The file id (inode number).
    pub id: u64,
    /// IO_REPARSE_TAG_SYMLINK for a symbolic link, else 0.
    pub reparse_tag: u32,
}

pub const READ_RIGHTS: u32 = fsc::FILE_READ_DATA | fsc::FILE_EXECUTE;
pub const WRITE_RIGHTS: u32 = fsc::FILE_WRITE_DATA | fsc::FILE_APPEND_DATA;
pub const DELETE: u32 = fsc::DELETE;

/// Bits of `DiskFile::frozen_times`.
pub const FROZEN_ACCESS: u8 = 1;
pub const FROZEN_WRITE: u8 = 2;

/// Generic rights (GENERIC_READ ...) as the specific file rights they stand for.
pub fn map_generic(access: u32) -> u32 {
    const GENERIC_READ: u32 = 0x8000_0000;
    const GENERIC_WRITE: u32 = 0x4000_0000;
    const GENERIC_EXECUTE: u32 = 0x2000_0000;
    const GENERIC_ALL: u32 = 0x1000_0000;
    const MAXIMUM_ALLOWED: u32 = 0x0200_0000;
    let mut out = access & 0x01FF_FFFF & !MAXIMUM_ALLOWED;
    if access & GENERIC_READ != 0 {
        out |= fsc::FILE_GENERIC_READ;
    }
    if access & GENERIC_WRITE != 0 {
        out |= fsc::FILE_GENERIC_WRITE;
    }
    if access & GENERIC_EXECUTE != 0 {
        out |= fsc::FILE_GENERIC_EXECUTE;
    }
    if access & (GENERIC_ALL | MAXIMUM_ALLOWED) != 0 {
        out |= fsc::FILE_ALL_ACCESS;
    }
    out
}

use super::fs::FileKey;

/// What the opens of one file share.
struct Node {
    key: FileKey,
    state: Mutex<NodeState>,
    unlocked: Condvar,
    /// How many byte-range locks are held: reads and writes look at the lock list only when
    /// there is one.
    locks_held: AtomicUsize,
}

#[derive(Default)]
struct NodeState {
    opens: Vec<OpenEntry>,
    locks: Vec<RangeLock>,
    /// The file goes when its last open closes; until then nobody may open it
    /// (STATUS_DELETE_PENDING).
    delete_pending: bool,
}

struct OpenEntry {
    id: u64,
    access: u32,
    share: u32,
}

struct RangeLock {
    owner: u64,
    start: u64,
    len: u64,
    exclusive: bool,
}

impl RangeLock {
    fn overlaps(&self, start: u64, len: u64) -> bool {
        len > 0
            && self.len > 0
            && start < self.start.saturating_add(self.len)
            && self.start < start.saturating_add(len)
    }
}

static NODES: Mutex<Option<fs::FileKeyMap<Weak<Node>>>> = Mutex::new(None);
static NEXT_OPEN_ID: AtomicU64 = AtomicU64::new(1);

fn node_for(key: FileKey) -> Arc<Node> {
    let mut nodes = NODES.lock().unwrap_or_else(|e| e.into_inner());
    let nodes = nodes.get_or_insert_with(Default::default);
    if let Some(n) = nodes.get(&key).and_then(Weak::upgrade) {
        return n;
    }
    let n = Arc::new(Node {
        key,
        state: Mutex::new(NodeState::default()),
        unlocked: Condvar::new(),
        locks_held: AtomicUsize::new(0),
    });
    nodes.insert(key, Arc::downgrade(&n));
    n
}

/// The node of an open file, if any open of it exists.
fn existing_node(key: FileKey) -> Option<Arc<Node>> {
    let nodes = NODES.lock().unwrap_or_else(|e| e.into_inner());
    nodes.as_ref()?.get(&key)?.upgrade()
}

fn wants(access: u32) -> (bool, bool, bool) {
    (
        access & READ_RIGHTS != 0,
        access & WRITE_RIGHTS != 0,
        access & DELETE != 0,
    )
}

/// Whether an open with `access` and `share` may coexist with `opens` (IoCheckShareAccess:
/// opens that ask for no data or delete access never conflict).
fn share_ok(opens: &[OpenEntry], access: u32, share: u32) -> bool {
    let (r, w, d) = wants(access);
    let sr = share & fsc::FILE_SHARE_READ != 0;
    let sw = share & fsc::FILE_SHARE_WRITE != 0;
    let sd = share & fsc::FILE_SHARE_DELETE != 0;
    if !(r || w || d) {
        return true;
    }
    opens.iter().all(|e| {
        let (er, ew, ed) = wants(e.access);
        if !(er || ew || ed) {
            return true;
        }
        let esr = e.share & fsc::FILE_SHARE_READ != 0;
        let esw = e.share & fsc::FILE_SHARE_WRITE != 0;
        let esd = e.share & fsc::FILE_SHARE_DELETE != 0;
        !(r && !esr || w && !esw || d && !esd || er && !sr || ew && !sw || ed && !sd)
    })
}

fn key_of(meta: &std::fs::Metadata) -> FileKey {
    (meta.dev(), meta.ino())
}

impl super::io::IoObject for FileObject {
    fn io(&self) -> &IoBinding {
        &self.io
    }
}

impl Object for FileObject {
    fn type_name(&self) -> &'static str {
        "File"
    }
}

/// Files opened with FILE_FLAG_DELETE_ON_CLOSE that are still open (by open id): the process's
/// end closes every handle, so they go then (`delete_open_temporaries`).
static DELETE_AT_EXIT: Mutex<Vec<(u64, HostPath)>> = Mutex::new(Vec::new());

fn lock_delete_at_exit() -> std::sync::MutexGuard<'static, Vec<(u64, HostPath)>> {
    DELETE_AT_EXIT.lock().unwrap_or_else(|e| e.into_inner())
}

/// At process exit: removes the delete-on-close files still open, as closing their last
/// handles would.
pub fn delete_open_temporaries() {
    for (_, p) in lock_delete_at_exit().drain(..) {
        let _ = fs::unlink(&p);
    }
}

impl Drop for FileObject {
    fn drop(&mut self) {
        let Some(disk) = &self.disk else { return };
        let posix = disk.posix_delete.load(Ordering::Relaxed);
        let remove = {
            let mut state = disk.node.state.lock().unwrap_or_else(|e| e.into_inner());
            state.opens.retain(|e| e.id != disk.id);
            let before = state.locks.len();
            state.locks.retain(|l| l.owner != disk.id);
            let released = before - state.locks.len();
            if released > 0 {
                disk.node.locks_held.fetch_sub(released, Ordering::Relaxed);
                disk.node.unlocked.notify_all();
            }
            if disk.delete_on_close.load(Ordering::Relaxed) {
                state.delete_pending = true;
            }
            posix || (state.delete_pending && state.opens.is_empty())
        };
        if disk.flags & fsc::FILE_FLAG_DELETE_ON_CLOSE != 0 {
            lock_delete_at_exit().retain(|(id, _)| *id != disk.id);
        }
        if remove {
            let p = self.object_name().expect("disk file");
            let _ = if disk.is_dir {
                fs::rmdir(&p)
            } else {
                fs::unlink(&p)
            };
        }
        let mut nodes = NODES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(nodes) = nodes.as_mut()
            && Arc::strong_count(&disk.node) == 1
        {
            nodes.remove(&disk.node.key);
        }
    }
}

impl FileObject {
    fn classify(fd: RawFd) -> (FileType, bool) {
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        let ft = match host::fstat(fd, &mut st) {
            Ok(st) => match st.st_mode & libc::S_IFMT {
                libc::S_IFIFO | libc::S_IFSOCK => FileType::Pipe,
                libc::S_IFCHR => FileType::Char,
                _ => FileType::Disk,
            },
            Err(_) => FileType::Disk,
        };
        (ft, host::isatty(fd))
    }

    /// A file object for one of winrun's own standard fds.
    pub fn std(fd: RawFd) -> Self {
        let (file_type, console) = Self::classify(fd);
        FileObject {
            fd: Fd::Borrowed(fd),
            file_type,
            console,
            disk: None,
            pipe: None,
            screen: None,
            io: IoBinding::default(),
        }
    }

    pub fn owned(fd: OwnedFd) -> Self {
        let (file_type, console) = Self::classify(fd.as_raw_fd());
        FileObject {
            fd: Fd::Owned(fd),
            file_type,
            console,
            disk: None,
            pipe: None,
            screen: None,
            io: IoBinding::default(),
        }
    }

    /// A handle to a screen buffer made by CreateConsoleScreenBuffer, drawn on the controlling
    /// terminal when it is shown (on nothing without one: the buffer still works).
    pub fn screen_buffer(buffer: Arc<super::screen::ScreenBuffer>) -> Win32Result<Self> {
        let terminal = std::fs::OpenOptions::new().write(true).open("/dev/tty");
        let fd = match terminal {
            Ok(t) => t.into(),
            Err(_) => std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/null")?
                .into(),
        };
        Ok(FileObject {
            fd: Fd::Owned(fd),
            file_type: FileType::Char,
            console: true,
            disk: None,
            pipe: None,
            screen: Some(buffer),
            io: IoBinding::default(),
        })
    }

    /// An end of a named pipe.
    pub fn pipe(fd: OwnedFd, end: PipeEnd) -> Self {
        FileObject {
            fd: Fd::Owned(fd),
            file_type: FileType::Pipe,
            console: false,
            disk: None,
            pipe: Some(end),
            screen: None,
            io: IoBinding::default(),
        }
    }

    pub fn fd(&self) -> RawFd {
        match &self.fd {
            Fd::Borrowed(fd) => *fd,
            Fd::Owned(fd) => fd.as_raw_fd(),
        }
    }

    /// Whether the handle was opened with any of `rights` (handles not opened by name — std
    /// handles, pipes, devices — have every right their fd allows).
    pub fn has(&self, rights: u32) -> bool {
        if let Some(p) = &self.pipe {
            return p.access & rights != 0;
        }
        self.disk.as_ref().is_none_or(|d| d.access & rights != 0)
    }

    /// Fails with ERROR_LOCK_VIOLATION when another open's byte-range lock covers
    /// `len` bytes at `offset` (`None`: the current file position).
    pub fn check_locks(&self, offset: Option<u64>, len: usize, write: bool) -> Win32Result<()> {
        let Some(disk) = &self.disk else {
            return Ok(());
        };
        if disk.node.locks_held.load(Ordering::Relaxed) == 0 {
            return Ok(());
        }
        let start = match offset {
            Some(o) => o,
            None => host::lseek(self.fd(), 0, libc::SEEK_CUR)?,
        };
        let state = disk.node.state.lock().unwrap_or_else(|e| e.into_inner());
        for l in state.locks.iter().filter(|l| l.overlaps(start, len as u64)) {
            let own = l.owner == disk.id;
            let allowed = if write {
                own && l.exclusive
            } else {
                own || !l.exclusive
            };
            if !allowed {
                return Err(Win32Error::LOCK_VIOLATION);
            }
        }
        Ok(())
    }

    /// Locks `len` bytes at `start` for this open; with `wait`, blocks until no other lock is in
    /// the way, otherwise fails with ERROR_LOCK_VIOLATION.
    pub fn lock(&self, start: u64, len: u64, exclusive: bool, wait: bool) -> Win32Result<()> {
        if wait {
            self.lock_unless(start, len, exclusive, &|| false)
        } else {
            self.lock_unless(start, len, exclusive, &|| true)
        }
    }

    /// Locks `len` bytes at `start` for this open, waiting while another lock is in the way
    /// until `give_up` says to stop (ERROR_LOCK_VIOLATION). `wake_lock_waiters` makes a waiter
    /// ask `give_up` again.
    pub fn lock_unless(
        &self,
        start: u64,
        len: u64,
        exclusive: bool,
        give_up: &dyn Fn() -> bool,
    ) -> Win32Result<()> {
        let disk = self.disk.as_ref().ok_or(Win32Error::INVALID_HANDLE)?;
        let mut state = disk.node.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let blocked = state
                .locks
                .iter()
                .any(|l| l.overlaps(start, len) && (exclusive || l.exclusive));
            if !blocked {
                break;
            }
            if give_up() {
                return Err(Win32Error::LOCK_VIOLATION);
            }
            state = disk
                .node
                .unlocked
                .wait(state)
                .unwrap_or_else(|e| e.into_inner());
        }
        state.locks.push(RangeLock {
            owner: disk.id,
            start,
            len,
            exclusive,
        });
        disk.node.locks_held.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Wakes every open of this file waiting in `lock_unless`.
    pub fn wake_lock_waiters(&self) {
        if let Some(disk) = &self.disk {
            // Taking the state lock orders this after a waiter's last look at `give_up`.
            drop(disk.node.state.lock().unwrap_or_else(|e| e.into_inner()));
            disk.node.unlocked.notify_all();
        }
    }

    /// Releases the lock this open holds on exactly `len` bytes at `start`.
    pub fn unlock(&self, start: u64, len: u64) -> Win32Result<()> {
        let disk = self.disk.as_ref().ok_or(Win32Error::INVALID_HANDLE)?;
        let mut state = disk.node.state.lock().unwrap_or_else(|e| e.into_inner());
        let i = state
            .locks
            .iter()
            .position(|l| l.owner == disk.id && l.start == start && l.len == len)
            .ok_or(Win32Error::NOT_LOCKED)?;
        state.locks.remove(i);
        disk.node.locks_held.fetch_sub(1, Ordering::Relaxed);
        disk.node.unlocked.notify_all();
        Ok(())
    }

    /// Writes all of `len` guest bytes at `addr` at the file position; returns the count
    /// written. A range another open locked is refused (ERROR_LOCK_VIOLATION).
    pub fn write(&self, addr: u64, len: usize) -> Win32Result<usize> {
        if let Some(p) = &self.pipe {
            return p.write(self.fd(), addr, len);
        }
        if self.is_link() {
            // NTFS would give the link a data stream; the host keeps none with a symlink.
            return Err(Win32Error::ACCESS_DENIED);
        }
        if self.console
            && let Some(written) = super::screen::write(self, addr, len)
        {
            return written;
        }
        self.check_locks(None, len, true)?;
        let mut done = 0;
        while done < len {
            match host::write(self.fd(), addr + done as u64, len - done) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if done == 0 => return Err(e),
                Err(_) => break,
            }
        }
        Ok(done)
    }

    /// Writes host bytes (converted text) to the file.
    pub fn write_bytes(&self, bytes: &[u8]) -> Win32Result<usize> {
        self.write(bytes.as_ptr() as u64, bytes.len())
    }

    /// Reads up to `len` bytes into guest memory at `addr` from the file position; 0 at end of
    /// file. A range another open locked exclusively is refused (ERROR_LOCK_VIOLATION).
    pub fn read(&self, addr: u64, len: usize) -> Win32Result<usize> {
        if let Some(p) = &self.pipe {
            return p.read(self.fd(), addr, len, false).map(|(n, _)| n);
        }
        if self.is_link() {
            // A link's data stream is empty on NTFS.
            return Ok(0);
        }
        self.check_locks(None, len, false)?;
        match host::read(self.fd(), addr, len) {
            // A pipe whose writers are gone reads as ERROR_BROKEN_PIPE on Windows; a file as 0.
            Ok(0) if self.file_type == FileType::Pipe && len > 0 => Err(Win32Error::BROKEN_PIPE),
            other => other,
        }
    }

    /// Whether this is a symbolic link opened itself (FILE_FLAG_OPEN_REPARSE_POINT).
    pub fn is_link(&self) -> bool {
        self.disk.as_ref().is_some_and(|d| d.link)
    }

    /// The name of the file this handle is (for files opened by name): the name it was opened
    /// by, unless that is a symbolic link it was opened through, then the file the descriptor
    /// really is. Deleting or renaming the file through the handle acts on it.
    pub fn object_name(&self) -> Option<HostPath> {
        let name = self.host_path()?;
        if self.is_link() || !fs::symlink_metadata(&name).is_ok_and(|m| m.is_symlink()) {
            return Some(name);
        }
        let real = std::fs::read_link(format!("/proc/self/fd/{}", self.fd()));
        match real.map(|r| path::resolve_full(&path::host_to_windows(&r))) {
            Ok(Ok(Target::File(p))) => Some(p),
            _ => Some(name),
        }
    }

    /// Runs `op`, I/O through this handle, so that the times frozen for the handle keep the
    /// values they had before it (the host moves them on every read and write).
    pub fn keeping_frozen_times<T>(&self, op: impl FnOnce() -> T) -> T {
        let frozen = self
            .disk
            .as_ref()
            .map_or(0, |d| d.frozen_times.load(Ordering::Relaxed));
        if frozen == 0 {
            return op();
        }
        let mut st = std::mem::MaybeUninit::uninit();
        let before = host::fstat(self.fd(), &mut st).ok().map(|st| {
            let at = |sec, nsec| libc::timespec {
                tv_sec: sec,
                tv_nsec: nsec,
            };
            (
                at(st.st_atime, st.st_atime_nsec),
                at(st.st_mtime, st.st_mtime_nsec),
            )
        });
        let out = op();
        if let Some((access, write)) = before {
            // Best effort: the I/O itself succeeded or failed on its own.
            let _ = host::futimens(
                self.fd(),
                (frozen & FROZEN_ACCESS != 0).then_some(access),
                (frozen & FROZEN_WRITE != 0).then_some(write),
            );
        }
        out
    }

    /// Marks the file delete-pending or not (FileDispositionInfo): it goes when its last
    /// open closes.
    pub fn set_delete_pending(&self, delete: bool) {
        if let Some(disk) = &self.disk {
            let mut state = disk.node.state.lock().unwrap_or_else(|e| e.into_inner());
            state.delete_pending = delete;
        }
    }

    /// Whether the file goes when its last open closes (FILE_STANDARD_INFO.DeletePending).
    pub fn delete_pending(&self) -> bool {
        self.disk.as_ref().is_some_and(|disk| {
            disk.posix_delete.load(Ordering::Relaxed)
                || disk
                    .node
                    .state
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .delete_pending
        })
    }

    /// The file's current host path (for files opened by name).
    pub fn host_path(&self) -> Option<HostPath> {
        let d = self.disk.as_ref()?;
        Some(d.path.lock().unwrap_or_else(|e| e.into_inner()).clone())
    }
}

/// The file object behind `handle` (for a socket, its descriptor's: ReadFile and WriteFile work
/// on sockets).
pub fn get(handle: Handle) -> Win32Result<Arc<FileObject>> {
    HANDLES
        .get::<FileObject>(handle)
        .or_else(|e| super::socket::get(handle).map(|s| s.file.clone()).ok_or(e))
}

/// What CreateFileW was asked for.
pub struct CreateRequest {
    /// Generic rights already mapped.
    pub access: u32,
    pub share: u32,
    pub disposition: u32,
    /// FILE_ATTRIBUTE_* | FILE_FLAG_*.
    pub flags: u32,
}

/// A console device opened by name: the controlling terminal, or the std descriptor.
fn open_console(output: bool) -> Win32Result<FileObject> {
    let tty = std::fs::OpenOptions::new()
        .read(!output)
        .write(output)
        .open("/dev/tty");
    let fd = match tty {
        Ok(f) => f.into(),
        Err(_) => host::dup(if output { 1 } else { 0 })?,
    };
    Ok(FileObject::owned(fd))
}

fn open_device(dev: Device, access: u32) -> Win32Result<FileObject> {
    match dev {
        Device::Nul => {
            let f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/null")?;
            Ok(FileObject::owned(f.into()))
        }
        Device::ConIn => open_console(false),
        Device::ConOut => open_console(true),
        Device::Con => open_console(access & WRITE_RIGHTS != 0),
        Device::Absent => Err(Win32Error::FILE_NOT_FOUND),
    }
}

/// NtCreateFile as CreateFileW uses it: opens or creates `name`; returns the object and
/// whether the file existed before.
pub fn create(name: &str, req: &CreateRequest) -> Win32Result<(FileObject, bool)> {
    use fsc::{CREATE_ALWAYS, CREATE_NEW, OPEN_EXISTING, TRUNCATE_EXISTING};
    if !(CREATE_NEW..=TRUNCATE_EXISTING).contains(&req.disposition)
        || req.share & !(fsc::FILE_SHARE_READ | fsc::FILE_SHARE_WRITE | fsc::FILE_SHARE_DELETE) != 0
        || (req.disposition == TRUNCATE_EXISTING && req.access & fsc::FILE_WRITE_DATA == 0)
    {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let mut access = req.access;
    if req.flags & fsc::FILE_FLAG_DELETE_ON_CLOSE != 0 {
        access |= DELETE;
    }
    // The console names are devices only as a whole name (`CONIN$`, not `C:\x\CONIN$`).
    let target = if name.eq_ignore_ascii_case("CONIN$") {
        Target::Device(Device::ConIn)
    } else if name.eq_ignore_ascii_case("CONOUT$") {
        Target::Device(Device::ConOut)
    } else {
        path::resolve(name)?
    };
    let p = match target {
        Target::Device(dev) => return Ok((open_device(dev, access)?, true)),
        Target::File(p) => p,
    };
    let backup = req.flags & fsc::FILE_FLAG_BACKUP_SEMANTICS != 0;
    let (r, w, _) = wants(access);
    let mut flags = libc::O_CLOEXEC
        | match (r, w) {
            (_, false) => libc::O_RDONLY,
            (false, true) => libc::O_WRONLY,
            (true, true) => libc::O_RDWR,
        };
    if access & fsc::FILE_APPEND_DATA != 0 && access & fsc::FILE_WRITE_DATA == 0 {
        flags |= libc::O_APPEND;
    }

    // What a new file keeps in its xattr: the attributes asked for and ARCHIVE, unless that is
    // just the default.
    let asked = dosattrib::requested(req.flags) | fsc::FILE_ATTRIBUTE_ARCHIVE;
    let new_attributes = match asked & !fsc::FILE_ATTRIBUTE_READONLY {
        fsc::FILE_ATTRIBUTE_ARCHIVE => 0,
        a => a,
    };

    if req.flags & fsc::FILE_FLAG_OPEN_REPARSE_POINT != 0
        && let Some(opened) = open_link(&path::locate(&p), req, access)?
    {
        return Ok(opened);
    }

    let mut p = p;
    let mut opened = fs::open(&p, flags, 0);
    if matches!(&opened, Err(e) if e.raw_os_error() == Some(libc::ENOENT)) {
        let found = path::locate(&p);
        if found != p {
            p = found;
            opened = fs::open(&p, flags, 0);
        }
    }
    if matches!(&opened, Err(e) if e.raw_os_error() == Some(libc::EISDIR)) {
        // A directory asked for with write access: Windows opens it (with backup semantics).
        if !backup {
            return Err(Win32Error::ACCESS_DENIED);
        }
        opened = fs::open(&p, libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC, 0);
    }
    let (fd, existed) = match opened {
        Ok(fd) => (fd, true),
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => {
            if matches!(req.disposition, OPEN_EXISTING | TRUNCATE_EXISTING) {
                return Err(path::not_found_error(&p, e));
            }
            // A read-only file that needs the xattr too is made unwritable once it has it.
            let readonly = req.flags & fsc::FILE_ATTRIBUTE_READONLY != 0;
            let mode = if readonly && new_attributes == 0 {
                0o444
            } else {
                0o666
            };
            match fs::open(&p, flags | libc::O_CREAT | libc::O_EXCL, mode) {
                Ok(fd) => {
                    path::note_created(&p);
                    if new_attributes != 0 {
                        let stored = Stored {
                            attributes: new_attributes,
                            created: None,
                        };
                        dosattrib::store_fd(fd.as_raw_fd(), &stored)?;
                        if readonly {
                            fs::set_readonly(&p, true)?;
                        }
                    }
                    (fd, false)
                }
                Err(e) if e.raw_os_error() == Some(libc::ENOENT) => {
                    return Err(Win32Error::PATH_NOT_FOUND);
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => return Err(path::not_found_error(&p, e)),
    };

    let mut st = std::mem::MaybeUninit::uninit();
    let st = host::fstat(fd.as_raw_fd(), &mut st)?;
    let is_dir = st.st_mode & libc::S_IFMT == libc::S_IFDIR;
    if !existed && new_attributes == 0 {
        dosattrib::remember_new(&st);
    }
    if existed {
        if req.disposition == CREATE_NEW {
            return Err(Win32Error::FILE_EXISTS);
        }
        if is_dir {
            if !backup || matches!(req.disposition, CREATE_ALWAYS | TRUNCATE_EXISTING) {
                return Err(Win32Error::ACCESS_DENIED);
            }
        } else if st.st_mode & 0o222 == 0
            && (w
                || req.flags & fsc::FILE_FLAG_DELETE_ON_CLOSE != 0
                || matches!(req.disposition, CREATE_ALWAYS | TRUNCATE_EXISTING))
        {
            // FILE_ATTRIBUTE_READONLY is the absence of write permission; root would be let
            // through by the host, Windows refuses everyone. DELETE access alone is granted:
            // deleting is what fails (STATUS_CANNOT_DELETE) unless told to ignore the attribute.
            return Err(Win32Error::ACCESS_DENIED);
        }
    }
    let overwrite_attributes = if existed && !is_dir && req.disposition == CREATE_ALWAYS {
        overwritten_attributes(fd.as_raw_fd(), asked)?
    } else {
        None
    };

    let object = disk_object(fd, &st, &p, req, access, is_dir, false)?;
    if let Some(attributes) = overwrite_attributes {
        let stored = Stored {
            attributes,
            created: None,
        };
        dosattrib::store_fd(object.fd(), &stored)?;
    }
    if existed && matches!(req.disposition, CREATE_ALWAYS | TRUNCATE_EXISTING) {
        if w {
            host::ftruncate(object.fd(), 0)?;
        } else {
            drop(fs::open(
                &p,
                libc::O_WRONLY | libc::O_TRUNC | libc::O_CLOEXEC,
                0,
            )?);
        }
    }
    Ok((object, existed))
}

/// Opens the symbolic link `p` itself, as NTFS opens a reparse point asked for with
/// FILE_FLAG_OPEN_REPARSE_POINT; `None` when `p` is no symbolic link (the open goes on as usual).
/// A link to a directory is a directory on NTFS: it needs backup semantics. The link holds no
/// data, so dispositions that would create or truncate it are refused.
fn open_link(
    p: &HostPath,
    req: &CreateRequest,
    access: u32,
) -> Win32Result<Option<(FileObject, bool)>> {
    if !fs::symlink_metadata(p).is_ok_and(|m| m.is_symlink()) {
        return Ok(None);
    }
    match req.disposition {
        fsc::CREATE_NEW => return Err(Win32Error::FILE_EXISTS),
        fsc::OPEN_EXISTING | fsc::OPEN_ALWAYS => {}
        _ => return Err(Win32Error::ACCESS_DENIED),
    }
    if req.flags & fsc::FILE_FLAG_BACKUP_SEMANTICS == 0 && link_target_is_dir(p) {
        return Err(Win32Error::ACCESS_DENIED);
    }
    let fd = fs::open(p, libc::O_PATH | libc::O_NOFOLLOW | libc::O_CLOEXEC, 0)
        .map_err(|e| path::not_found_error(p, e))?;
    let mut st = std::mem::MaybeUninit::uninit();
    let st = host::fstat(fd.as_raw_fd(), &mut st)?;
    if st.st_mode & libc::S_IFMT != libc::S_IFLNK {
        // Replaced by a file between the two looks: open that as usual.
        return Ok(None);
    }
    let object = disk_object(fd, &st, p, req, access, false, true)?;
    Ok(Some((object, true)))
}

/// The file object of a new open of the file `st` describes, once its share access is checked
/// against the other opens (ERROR_SHARING_VIOLATION) and recorded.
fn disk_object(
    fd: OwnedFd,
    st: &libc::stat,
    p: &HostPath,
    req: &CreateRequest,
    access: u32,
    is_dir: bool,
    link: bool,
) -> Win32Result<FileObject> {
    let node = node_for((st.st_dev, st.st_ino));
    let id = NEXT_OPEN_ID.fetch_add(1, Ordering::Relaxed);
    {
        let mut state = node.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.delete_pending {
            // STATUS_DELETE_PENDING.
            return Err(Win32Error::ACCESS_DENIED);
        }
        if !share_ok(&state.opens, access, req.share) {
            return Err(Win32Error::SHARING_VIOLATION);
        }
        state.opens.push(OpenEntry {
            id,
            access,
            share: req.share,
        });
    }
    let object = FileObject {
        fd: Fd::Owned(fd),
        file_type: FileType::Disk,
        console: false,
        disk: Some(DiskFile {
            access,
            share: req.share,
            flags: req.flags,
            is_dir,
            link,
            path: Mutex::new(p.clone()),
            delete_on_close: AtomicBool::new(req.flags & fsc::FILE_FLAG_DELETE_ON_CLOSE != 0),
            posix_delete: AtomicBool::new(false),
            frozen_times: AtomicU8::new(0),
            listing: Mutex::new(None),
            node,
            id,
        }),
        pipe: None,
        screen: None,
        io: IoBinding::default(),
    };
    if req.flags & fsc::FILE_FLAG_DELETE_ON_CLOSE != 0 {
        let name = object.object_name().expect("disk file");
        lock_delete_at_exit().push((id, name));
    }
    Ok(object)
}

/// Whether the symbolic link `p` counts as a directory link: NTFS records that when the link is
/// made, the host knows only the target, so a link whose target is a directory is one and a
/// dangling link counts as a file link.
pub fn link_target_is_dir(p: &HostPath) -> bool {
    fs::metadata(p).is_ok_and(|m| m.is_dir())
}

/// The attributes a file overwritten by CREATE_ALWAYS keeps: its own combined with those asked
/// for (`asked`, ARCHIVE included). A hidden or system file must be asked for with those bits
/// (ERROR_ACCESS_DENIED otherwise, as CreateFileW documents).
/// `None` when that is the default and the file has no xattr to change.
fn overwritten_attributes(fd: RawFd, asked: u32) -> Win32Result<Option<u32>> {
    let old = dosattrib::of_fd(fd);
    let old_bits = old.map_or(fsc::FILE_ATTRIBUTE_ARCHIVE, |s| s.attributes);
    let guarded = fsc::FILE_ATTRIBUTE_HIDDEN | fsc::FILE_ATTRIBUTE_SYSTEM;
    if old_bits & guarded & !asked != 0 {
        return Err(Win32Error::ACCESS_DENIED);
    }
    let new = (old_bits | asked) & !fsc::FILE_ATTRIBUTE_READONLY;
    Ok((old.is_some() || new != fsc::FILE_ATTRIBUTE_ARCHIVE).then_some(new))
}

/// Fails with ERROR_SHARING_VIOLATION when the file `meta` describes has opens that would refuse
/// an open for `access`, and with ERROR_ACCESS_DENIED when it is delete-pending (DeleteFile,
/// MoveFile and the like open the file themselves on Windows).
pub fn check_share_of(meta: &std::fs::Metadata, access: u32) -> Win32Result<()> {
    if let Some(node) = existing_node(key_of(meta)) {
        let state = node.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.delete_pending {
            return Err(Win32Error::ACCESS_DENIED);
        }
        let all = fsc::FILE_SHARE_READ | fsc::FILE_SHARE_WRITE | fsc::FILE_SHARE_DELETE;
        if !share_ok(&state.opens, access, all) {
            return Err(Win32Error::SHARING_VIOLATION);
        }
    }
    Ok(())
}

/// Whether this process has the file `meta` describes open (NTFS refuses to rename another file
/// over an open one, whatever its sharing, unless POSIX semantics are asked for).
pub fn is_open(meta: &std::fs::Metadata) -> bool {
    existing_node(key_of(meta)).is_some_and(|node| {
        !node
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .opens
            .is_empty()
    })
}
