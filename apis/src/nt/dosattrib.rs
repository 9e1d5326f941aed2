//! DOS attributes and creation times, kept as NTFS keeps them with the file: in the
//! `user.DOSATTRIB` extended attribute, in the text form Samba and Wine use (`0x` and the bits in
//! hex), followed — only once a program set the creation time — by a NUL and that FILETIME in
//! decimal. A file's READONLY is its write permission bits instead (so host tools see it, and
//! an unwritable file reads as read-only without any xattr); a directory's READONLY is kept in
//! the xattr, as on Windows it does not stop anyone creating files in it.
//!
//! A file without the xattr has the attributes Windows gives a new file (ARCHIVE, or DIRECTORY).
//! Where the host file system has no user xattrs, setting the other bits fails quietly and they
//! read back as the defaults.

use super::fs;
use super::path::HostPath;
use crate::abi::{Win32Error, Win32Result, host};
use std::ffi::CStr;
use std::os::unix::fs::MetadataExt;
use std::sync::Mutex;
use windows_sys::Win32::Storage::FileSystem as fsc;

const NAME: &CStr = c"user.DOSATTRIB";

/// The attribute bits a program can set and the xattr keeps.
pub const SETTABLE: u32 = fsc::FILE_ATTRIBUTE_READONLY
    | fsc::FILE_ATTRIBUTE_HIDDEN
    | fsc::FILE_ATTRIBUTE_SYSTEM
    | fsc::FILE_ATTRIBUTE_ARCHIVE
    | fsc::FILE_ATTRIBUTE_TEMPORARY
    | fsc::FILE_ATTRIBUTE_OFFLINE
    | fsc::FILE_ATTRIBUTE_NOT_CONTENT_INDEXED;

/// What the xattr holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stored {
    /// SETTABLE bits (a file's READONLY aside, which its mode carries).
    pub attributes: u32,
    /// The creation time a program set, as a FILETIME.
    pub created: Option<u64>,
}

/// Big enough for `0x` + 8 hex digits, a NUL and a 20-digit FILETIME.
type Buffer = [u8; 40];

fn parse(value: &[u8]) -> Option<Stored> {
    let (bits, rest) = match value.iter().position(|&b| b == 0) {
        Some(i) => (&value[..i], &value[i + 1..]),
        None => (value, &[][..]),
    };
    let hex = std::str::from_utf8(bits.strip_prefix(b"0x")?).ok()?;
    let attributes = u32::from_str_radix(hex, 16).ok()? & SETTABLE;
    let created = std::str::from_utf8(rest)
        .ok()
        .and_then(|t| t.trim_end_matches('\0').parse().ok());
    Some(Stored {
        attributes,
        created,
    })
}

fn encode(s: &Stored) -> String {
    match s.created {
        Some(t) => format!("0x{:x}\0{t}", s.attributes),
        None => format!("0x{:x}", s.attributes),
    }
}

fn parsed(read: std::io::Result<usize>, buf: &Buffer) -> Option<Stored> {
    parse(&buf[..read.ok()?])
}

/// The xattr of an open file, if it has one.
pub fn of_fd(fd: i32) -> Option<Stored> {
    let mut buf: Buffer = [0; 40];
    parsed(host::fgetxattr(fd, NAME, &mut buf), &buf)
}

/// The xattr of the file `p` names (following symlinks), if it has one.
pub fn of_path(p: &HostPath) -> Option<Stored> {
    let mut buf: Buffer = [0; 40];
    parsed(fs::get_xattr(p, NAME, &mut buf), &buf)
}

/// The xattr values of files seen lately, with the change time each had then. Setting an xattr
/// changes a file's ctime (with a fresh fine-grained stamp once the old one was read, on kernels
/// with multigrain timestamps), so a file whose ctime is unchanged still has the value seen, and
/// asking for its attributes again costs no more than the stat. Bounded: cleared when full.
type Seen = fs::FileKeyMap<((i64, i64), Option<Stored>)>;
static SEEN: Mutex<Option<Seen>> = Mutex::new(None);
const SEEN_MAX: usize = 1 << 16;

fn key_and_stamp(meta: &std::fs::Metadata) -> ((u64, u64), (i64, i64)) {
    ((meta.dev(), meta.ino()), (meta.ctime(), meta.ctime_nsec()))
}

fn seen(meta: &std::fs::Metadata) -> Option<Option<Stored>> {
    let (key, stamp) = key_and_stamp(meta);
    let seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    let (at, value) = seen.as_ref()?.get(&key)?;
    (*at == stamp).then_some(*value)
}

/// Records what the xattr of the file `meta` describes holds (`None`: it has none).
pub fn remember(meta: &std::fs::Metadata, value: Option<Stored>) {
    let (key, stamp) = key_and_stamp(meta);
    remember_stamped(key, stamp, value);
}

/// `remember` for a file just created without attributes, from its fstat.
pub fn remember_new(st: &libc::stat) {
    let key = (st.st_dev, st.st_ino);
    remember_stamped(key, (st.st_ctime, st.st_ctime_nsec), None);
}

fn remember_stamped(key: (u64, u64), stamp: (i64, i64), value: Option<Stored>) {
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    let seen = seen.get_or_insert_with(Seen::default);
    if seen.len() >= SEEN_MAX {
        seen.clear();
    }
    seen.insert(key, (stamp, value));
}

/// `of_path` for a file whose metadata was just read, answered from what was seen when its
/// ctime has not changed since.
pub fn of_path_seen(p: &HostPath, meta: &std::fs::Metadata) -> Option<Stored> {
    seen_or(meta, || of_path(p))
}

/// `of_fd`, answered as `of_path_seen` is.
pub fn of_fd_seen(fd: i32, meta: &std::fs::Metadata) -> Option<Stored> {
    seen_or(meta, || of_fd(fd))
}

/// What was seen for the file `meta` describes, else what `read` finds (then remembered):
/// a caller builds the file's path only when it has to read the xattr.
pub fn seen_or(meta: &std::fs::Metadata, read: impl FnOnce() -> Option<Stored>) -> Option<Stored> {
    if let Some(value) = seen(meta) {
        return value;
    }
    let value = read();
    remember(meta, value);
    value
}

/// Where xattrs cannot be kept, the bits are dropped with a warning rather than failing the
/// call: the file itself is fine.
fn stored_or_unsupported(r: std::io::Result<()>) -> Win32Result<()> {
    match r {
        Err(e) if e.raw_os_error() == Some(libc::EOPNOTSUPP) => {
            tracing::warn!(target: "kernel32::fileapi", "the host file system keeps no DOS attributes");
            Ok(())
        }
        r => Ok(r?),
    }
}

pub fn store_fd(fd: i32, s: &Stored) -> Win32Result<()> {
    stored_or_unsupported(host::fsetxattr(fd, NAME, encode(s).as_bytes()))
}

pub fn store_path(p: &HostPath, s: &Stored) -> Win32Result<()> {
    stored_or_unsupported(fs::set_xattr(p, NAME, encode(s).as_bytes()))
}

/// What a file (or directory) with this metadata and xattr reports as FILE_ATTRIBUTE_* bits.
pub fn report(meta: &std::fs::Metadata, stored: Option<Stored>) -> u32 {
    let kept = stored.map(|s| s.attributes);
    let mut a = if meta.is_dir() {
        fsc::FILE_ATTRIBUTE_DIRECTORY | kept.unwrap_or(0)
    } else {
        let mut a = kept.unwrap_or(fsc::FILE_ATTRIBUTE_ARCHIVE) & !fsc::FILE_ATTRIBUTE_READONLY;
        if meta.mode() & 0o222 == 0 {
            a |= fsc::FILE_ATTRIBUTE_READONLY;
        }
        a
    };
    if a == 0 {
        a = fsc::FILE_ATTRIBUTE_NORMAL;
    }
    a
}

/// What a symbolic link reports: NTFS shows it as a reparse point, and as a directory when it
/// links to one. The link keeps no DOS attributes of its own (Linux allows no user xattrs on
/// symlinks), so it shows those a new link gets: ARCHIVE for a file link.
pub fn report_symlink(to_dir: bool) -> u32 {
    fsc::FILE_ATTRIBUTE_REPARSE_POINT
        | if to_dir {
            fsc::FILE_ATTRIBUTE_DIRECTORY
        } else {
            fsc::FILE_ATTRIBUTE_ARCHIVE
        }
}

/// The attributes SetFileAttributes or CreateFile asks for, reduced to what is kept: NORMAL
/// (alone or not) and bits that cannot be set (DIRECTORY, COMPRESSED ...) are left out.
pub fn requested(attributes: u32) -> u32 {
    attributes & SETTABLE
}

/// Keeps `attributes` (SETTABLE bits) for the file `p` names, keeping its stored creation time;
/// READONLY of a file goes to its mode. The xattr is written while the file is writable, since
/// user xattrs need write permission.
pub fn set_path(p: &HostPath, meta: &std::fs::Metadata, attributes: u32) -> Win32Result<()> {
    let old = of_path(p);
    let stored = Stored {
        attributes,
        created: old.and_then(|s| s.created),
    };
    let readonly = attributes & fsc::FILE_ATTRIBUTE_READONLY != 0;
    let same_bits = report(meta, old) & SETTABLE == attributes;
    if meta.is_dir() {
        return if same_bits && old.is_some() {
            Ok(())
        } else {
            store_path(p, &stored)
        };
    }
    let was_readonly = meta.mode() & 0o222 == 0;
    if was_readonly {
        fs::set_readonly(p, false)?;
    }
    let kept = if old.is_none()
        && attributes & !fsc::FILE_ATTRIBUTE_READONLY == fsc::FILE_ATTRIBUTE_ARCHIVE
    {
        // The default needs no xattr.
        Ok(())
    } else {
        store_path(p, &stored)
    };
    if readonly {
        fs::set_readonly(p, true)?;
    }
    kept
}

/// Keeps a creation time for an open file (the host cannot set its birth time).
pub fn set_created(fd: i32, meta: &std::fs::Metadata, created: u64) -> Win32Result<()> {
    let old = of_fd(fd);
    let attributes = old.map_or(report(meta, None) & SETTABLE, |s| s.attributes);
    let stored = Stored {
        attributes: attributes & !fsc::FILE_ATTRIBUTE_READONLY
            | if meta.is_dir() {
                attributes & fsc::FILE_ATTRIBUTE_READONLY
            } else {
                0
            },
        created: Some(created),
    };
    store_fd(fd, &stored).or_else(|e| {
        if e == Win32Error::ACCESS_DENIED {
            // A read-only file of another owner: nothing more can be kept.
            tracing::warn!(target: "kernel32::fileapi", "creation time not kept: {e:?}");
            Ok(())
        } else {
            Err(e)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_attributes_and_creation_time() {
        let s = Stored {
            attributes: fsc::FILE_ATTRIBUTE_HIDDEN | fsc::FILE_ATTRIBUTE_ARCHIVE,
            created: None,
        };
        assert_eq!(encode(&s), "0x22");
        assert_eq!(parse(encode(&s).as_bytes()), Some(s));
        let t = Stored {
            attributes: 0,
            created: Some(132_000_000_000_000_000),
        };
        assert_eq!(parse(encode(&t).as_bytes()), Some(t));
        // Samba writes the text with its NUL.
        assert_eq!(parse(b"0x2\0").map(|s| s.attributes), Some(2));
        assert_eq!(parse(b"junk"), None);
    }
}
