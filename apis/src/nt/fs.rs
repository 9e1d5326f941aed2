//! File system operations on `HostPath`s, confined or not.
//!
//! Unconfined, a `HostPath` is just its host path and these are the std calls on it. Under
//! `--root`, every name is resolved by the kernel inside its drive's root directory with
//! `openat2(RESOLVE_IN_ROOT)`: `..`, absolute and relative symlinks all stay inside. Operations
//! that need a path afterwards use the resolved descriptor's `/proc/self/fd/N` name; operations
//! on a name itself (unlink, mkdir, rename, link) resolve the parent that way and never follow
//! the last component.

use super::path::HostPath;
use crate::abi::host;
use std::ffi::{CString, OsString};
use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// A file's identity: (device, inode).
pub type FileKey = (u64, u64);

/// Hashes `FileKey`s for the per-file tables that every open and attribute query consults: the
/// kernel picks the numbers, not an adversary, so one multiply per word does (SipHash, the
/// default, costs several times more).
#[derive(Default)]
pub struct FileKeyHasher(u64);

impl std::hash::Hasher for FileKeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(26) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by `FileKey`.
pub type FileKeyMap<V> =
    std::collections::HashMap<FileKey, V, std::hash::BuildHasherDefault<FileKeyHasher>>;

/// Opens a drive's root for confinement.
pub fn open_root(dir: &Path) -> io::Result<OwnedFd> {
    let f = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_PATH | libc::O_DIRECTORY)
        .open(dir)?;
    Ok(f.into())
}

fn cstring(p: &Path) -> io::Result<CString> {
    CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
}

/// `p` opened inside its confined root with `flags`.
fn open_confined(root: &OwnedFd, p: &HostPath, flags: i32, mode: u32) -> io::Result<OwnedFd> {
    let rel = if p.rel.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &p.rel
    };
    host::openat2_in_root(root.as_fd(), &cstring(rel)?, flags, mode)
}

/// A path through which std calls reach what `p` names: the host path, or (confined) the
/// resolved descriptor's `/proc/self/fd` name, valid while the returned fd lives.
fn reach(p: &HostPath, follow: bool) -> io::Result<(Option<OwnedFd>, PathBuf)> {
    match &p.drive().confined {
        None => Ok((None, p.full())),
        Some(root) => {
            let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
            let fd = open_confined(root, p, libc::O_PATH | nofollow, 0)?;
            let path = PathBuf::from(format!("/proc/self/fd/{}", fd.as_raw_fd()));
            Ok((Some(fd), path))
        }
    }
}

/// The parent directory of `p` reached as by `reach`, and `p`'s last component.
fn reach_parent(p: &HostPath) -> io::Result<(Option<OwnedFd>, PathBuf)> {
    let (Some(parent), Some(name)) = (p.parent(), p.file_name()) else {
        // The root of a drive has no name to operate on.
        return Err(io::Error::from_raw_os_error(libc::EACCES));
    };
    let (fd, dir) = reach(&parent, true)?;
    Ok((fd, dir.join(name)))
}

/// Opens `p` with open(2) `flags` (access mode included) and creation `mode`, close-on-exec.
pub fn open(p: &HostPath, flags: i32, mode: u32) -> io::Result<OwnedFd> {
    match &p.drive().confined {
        Some(root) => open_confined(root, p, flags, mode),
        None => p.with_c_path(|path| host::open(path, flags | libc::O_CLOEXEC, mode)),
    }
}

/// stat(2), following a final symlink.
pub fn metadata(p: &HostPath) -> io::Result<Metadata> {
    match &p.drive().confined {
        None => p.with_full(|path| std::fs::metadata(path)),
        Some(root) => File::from(open_confined(root, p, libc::O_PATH, 0)?).metadata(),
    }
}

/// lstat(2): a final symlink itself.
pub fn symlink_metadata(p: &HostPath) -> io::Result<Metadata> {
    match &p.drive().confined {
        None => p.with_full(|path| std::fs::symlink_metadata(path)),
        Some(root) => {
            File::from(open_confined(root, p, libc::O_PATH | libc::O_NOFOLLOW, 0)?).metadata()
        }
    }
}

/// The names in directory `p` (without `.` and `..`).
pub fn read_dir_names(p: &HostPath) -> io::Result<Vec<OsString>> {
    let (_fd, path) = reach(p, true)?;
    std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.file_name()))
        .collect()
}

/// The entries of directory `p` (without `.` and `..`), each with its lstat(2) metadata when it
/// could be read. The metadata comes from the directory's descriptor and the entry's name
/// (fstatat), so listing a large directory walks no full path per entry.
pub fn read_dir_with_metadata(p: &HostPath) -> io::Result<Vec<(OsString, Option<Metadata>)>> {
    let (_fd, path) = reach(p, true)?;
    std::fs::read_dir(path)?
        .map(|e| e.map(|e| (e.file_name(), e.metadata().ok())))
        .collect()
}

pub fn unlink(p: &HostPath) -> io::Result<()> {
    let (_fd, path) = reach_parent(p)?;
    std::fs::remove_file(path)
}

pub fn rmdir(p: &HostPath) -> io::Result<()> {
    let (_fd, path) = reach_parent(p)?;
    std::fs::remove_dir(path)
}

pub fn mkdir(p: &HostPath) -> io::Result<()> {
    let (_fd, path) = reach_parent(p)?;
    std::fs::create_dir(path)
}

/// rename(2): an existing file at `to` is replaced.
pub fn rename(from: &HostPath, to: &HostPath) -> io::Result<()> {
    let (_f1, a) = reach_parent(from)?;
    let (_f2, b) = reach_parent(to)?;
    std::fs::rename(a, b)
}

pub fn hard_link(existing: &HostPath, new: &HostPath) -> io::Result<()> {
    let (_f1, a) = reach_parent(existing)?;
    let (_f2, b) = reach_parent(new)?;
    std::fs::hard_link(a, b)
}

/// A symbolic link at `link` whose contents are `target` (a host path text).
pub fn symlink(target: &Path, link: &HostPath) -> io::Result<()> {
    let (_fd, path) = reach_parent(link)?;
    std::os::unix::fs::symlink(target, path)
}

/// The contents of the symbolic link `link`.
pub fn read_link(link: &HostPath) -> io::Result<PathBuf> {
    let (_fd, path) = reach_parent(link)?;
    std::fs::read_link(path)
}

/// chmod(2) of the permission bits (the rest of `mode` is ignored).
pub fn set_mode(p: &HostPath, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let (_fd, path) = reach(p, true)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o7777))
}

/// chown(2): `None` leaves that id unchanged.
pub fn chown(p: &HostPath, uid: Option<u32>, gid: Option<u32>) -> io::Result<()> {
    let (_fd, path) = reach(p, true)?;
    std::os::unix::fs::chown(path, uid, gid)
}

/// Sets or clears the write permission bits (FILE_ATTRIBUTE_READONLY).
pub fn set_readonly(p: &HostPath, readonly: bool) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let (_fd, path) = reach(p, true)?;
    let mode = std::fs::metadata(&path)?.permissions().mode();
    let mode = if readonly {
        mode & !0o222
    } else {
        mode | 0o200
    };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

/// The file system's (block size, total, free, available to the caller) blocks.
pub fn statvfs(p: &HostPath) -> io::Result<(u64, u64, u64, u64)> {
    let (_fd, path) = reach(p, true)?;
    host::statvfs(&cstring(&path)?)
}

/// getxattr(2) of `name` on the file `p` names (following symlinks): the value's length.
pub fn get_xattr(p: &HostPath, name: &std::ffi::CStr, buf: &mut [u8]) -> io::Result<usize> {
    if p.drive().confined.is_none() {
        return p.with_c_path(|path| host::getxattr(path, name, buf));
    }
    let (_fd, path) = reach(p, true)?;
    host::getxattr(&cstring(&path)?, name, buf)
}

/// setxattr(2) of `name` on the file `p` names (following symlinks).
pub fn set_xattr(p: &HostPath, name: &std::ffi::CStr, value: &[u8]) -> io::Result<()> {
    let (_fd, path) = reach(p, true)?;
    host::setxattr(&cstring(&path)?, name, value)
}
