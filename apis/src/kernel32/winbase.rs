//! winbase.h: moving, copying and linking files, file information classes, and the lstr*
//! string helpers (which, like Windows, treat a NULL string as empty).

use super::fileapi::{
    ansi_name, attributes_of, existing, filetime_of, handle_attributes, handle_size, host_file,
    set_times, times_of, wide_name,
};
use crate::abi::{CStrPtr, GuestPtr, Handle, WStrPtr, Win32Error, Win32Result, host, mem};
use crate::dllexport;
use crate::nt::file::{self, CreateRequest, FileObject};
use crate::nt::path::{self, HostPath, Target};
use crate::nt::{dosattrib, fs};
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;
use windows_sys::Win32::Storage::FileSystem as fsc;
use windows_sys::Win32::System::SystemServices as ss;

/// How an existing target of a rename is treated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// It stays, and the rename fails with ERROR_ALREADY_EXISTS.
    Never,
    /// It is replaced unless it is read-only or open.
    Unshared,
    /// POSIX semantics (FILE_RENAME_FLAG_POSIX_SEMANTICS): it is replaced even while open; with
    /// `ignore_readonly` also when read-only.
    Posix { ignore_readonly: bool },
}

/// Renames `from` to the Windows name `to`; a name differing only in case renames the file
/// onto its new case. `via` is the open a rename through a handle comes from (it needs no share
/// check against itself). Returns the new host path.
pub fn rename(
    from: &HostPath,
    to: &str,
    replace: Replace,
    via: Option<&FileObject>,
) -> Win32Result<HostPath> {
    let Target::File(given) = path::resolve(to)? else {
        return Err(Win32Error::ACCESS_DENIED);
    };
    let src = existing(from)?;
    if via.is_none() {
        file::check_share_of(&src, file::DELETE)?;
    }
    let mut target = path::locate(&given);
    if let Ok(dst) = fs::symlink_metadata(&target) {
        if (dst.dev(), dst.ino()) == (src.dev(), src.ino()) {
            // The same file under another case: keep the case asked for.
            if let (Some(parent), Some(name)) = (target.parent(), given.file_name()) {
                target = HostPath {
                    drive: parent.drive,
                    rel: parent.rel.join(name),
                };
            }
        } else if replace == Replace::Never {
            return Err(Win32Error::ALREADY_EXISTS);
        } else {
            let readonly_kept = dst.mode() & 0o222 == 0
                && replace
                    != (Replace::Posix {
                        ignore_readonly: true,
                    });
            let in_use = replace == Replace::Unshared && file::is_open(&dst);
            if dst.is_dir() || src.is_dir() || readonly_kept || in_use {
                return Err(Win32Error::ACCESS_DENIED);
            }
        }
    }
    fs::rename(from, &target).map_err(|e| match e.raw_os_error() {
        Some(libc::ENOENT) | Some(libc::ENOTDIR) => Win32Error::PATH_NOT_FOUND,
        _ => e.into(),
    })?;
    // A file replaced under another case: the entry takes the name as given, as on NTFS.
    if let (Some(parent), Some(name)) = (target.parent(), given.file_name())
        && target.file_name() != Some(name)
    {
        let named = HostPath {
            drive: parent.drive,
            rel: parent.rel.join(name),
        };
        if fs::symlink_metadata(&named).is_err() && fs::rename(&target, &named).is_ok() {
            return Ok(named);
        }
    }
    Ok(target)
}

/// CopyFile: contents, last write time and the DOS attributes; the source is opened
/// sharing read and delete, the target created (or, without `fail_if_exists`, replaced).
pub fn copy_file(from: &str, to: &str, fail_if_exists: bool) -> Win32Result<()> {
    let read = CreateRequest {
        access: fsc::FILE_GENERIC_READ,
        share: fsc::FILE_SHARE_READ | fsc::FILE_SHARE_DELETE,
        disposition: fsc::OPEN_EXISTING,
        flags: 0,
    };
    let (src, _) = file::create(from, &read)?;
    let meta = std::fs::File::from(host::dup(src.fd())?).metadata()?;
    let write = CreateRequest {
        access: fsc::FILE_GENERIC_WRITE,
        share: 0,
        disposition: if fail_if_exists {
            fsc::CREATE_NEW
        } else {
            fsc::CREATE_ALWAYS
        },
        flags: 0,
    };
    let (dst, _) = file::create(to, &write)?;
    let mut input = std::fs::File::from(host::dup(src.fd())?);
    let mut output = std::fs::File::from(host::dup(dst.fd())?);
    std::io::copy(&mut input, &mut output)?;
    set_times(&dst, None, None, meta.modified().ok().map(filetime_of))?;
    if let Some(stored) = dosattrib::of_fd(src.fd()) {
        let attributes = stored.attributes;
        dosattrib::store_fd(
            dst.fd(),
            &dosattrib::Stored {
                attributes,
                created: None,
            },
        )?;
    }
    if meta.mode() & 0o222 == 0
        && let Some(p) = dst.host_path()
    {
        fs::set_readonly(&p, true)?;
    }
    Ok(())
}

pub fn move_file(from: &str, to: Option<String>, flags: u32) -> Win32Result<()> {
    let Some(to) = to else {
        // Deleting at reboot has no meaning for a process that outlives nothing.
        return Err(Win32Error::INVALID_PARAMETER);
    };
    if flags & fsc::MOVEFILE_DELAY_UNTIL_REBOOT != 0 {
        tracing::warn!(target: "kernel32::winbase", "MoveFileEx: MOVEFILE_DELAY_UNTIL_REBOOT moves now");
    }
    let src = host_file(from)?;
    let replace = flags & fsc::MOVEFILE_REPLACE_EXISTING != 0;
    let how = if replace {
        Replace::Unshared
    } else {
        Replace::Never
    };
    match rename(&src, &to, how, None) {
        Err(Win32Error::NOT_SAME_DEVICE) if flags & fsc::MOVEFILE_COPY_ALLOWED != 0 => {
            if existing(&src)?.is_dir() {
                return Err(Win32Error::NOT_SAME_DEVICE);
            }
            copy_file(from, &to, !replace)?;
            Ok(fs::unlink(&src)?)
        }
        other => other.map(drop),
    }
}

#[dllexport]
pub fn MoveFileExW(
    lpExistingFileName: WStrPtr,
    lpNewFileName: WStrPtr,
    dwFlags: u32,
) -> Win32Result<()> {
    move_file(
        &wide_name(lpExistingFileName)?,
        lpNewFileName.string(),
        dwFlags,
    )
}

#[dllexport]
pub fn MoveFileExA(
    lpExistingFileName: CStrPtr,
    lpNewFileName: CStrPtr,
    dwFlags: u32,
) -> Win32Result<()> {
    move_file(
        &ansi_name(lpExistingFileName)?,
        lpNewFileName.string(),
        dwFlags,
    )
}

#[dllexport]
pub fn MoveFileW(lpExistingFileName: WStrPtr, lpNewFileName: WStrPtr) -> Win32Result<()> {
    let to = wide_name(lpNewFileName)?;
    move_file(
        &wide_name(lpExistingFileName)?,
        Some(to),
        fsc::MOVEFILE_COPY_ALLOWED,
    )
}

#[dllexport]
pub fn MoveFileA(lpExistingFileName: CStrPtr, lpNewFileName: CStrPtr) -> Win32Result<()> {
    let to = ansi_name(lpNewFileName)?;
    move_file(
        &ansi_name(lpExistingFileName)?,
        Some(to),
        fsc::MOVEFILE_COPY_ALLOWED,
    )
}

#[dllexport]
pub fn CopyFileW(
    lpExistingFileName: WStrPtr,
    lpNewFileName: WStrPtr,
    bFailIfExists: bool,
) -> Win32Result<()> {
    copy_file(
        &wide_name(lpExistingFileName)?,
        &wide_name(lpNewFileName)?,
        bFailIfExists,
    )
}

#[dllexport]
pub fn CopyFileA(
    lpExistingFileName: CStrPtr,
    lpNewFileName: CStrPtr,
    bFailIfExists: bool,
) -> Win32Result<()> {
    copy_file(
        &ansi_name(lpExistingFileName)?,
        &ansi_name(lpNewFileName)?,
        bFailIfExists,
    )
}

/// The progress routine is not called (a warning says so when one is given).
#[dllexport]
pub fn CopyFileExW(
    lpExistingFileName: WStrPtr,
    lpNewFileName: WStrPtr,
    lpProgressRoutine: GuestPtr<u8>,
    lpData: GuestPtr<u8>,
    pbCancel: GuestPtr<i32>,
    dwCopyFlags: u32,
) -> Win32Result<()> {
    if !lpProgressRoutine.is_null() {
        tracing::warn!(target: "kernel32::winbase", "CopyFileExW: the progress routine is not called");
    }
    let fail = dwCopyFlags & fsc::COPY_FILE_FAIL_IF_EXISTS != 0;
    let (from, to) = (wide_name(lpExistingFileName)?, wide_name(lpNewFileName)?);
    if dwCopyFlags & fsc::COPY_FILE_COPY_SYMLINK != 0 {
        let src = host_file(&from)?;
        if existing(&src)?.is_symlink() {
            return copy_link(&src, &to, fail);
        }
    }
    copy_file(&from, &to, fail)
}

/// COPY_FILE_COPY_SYMLINK of a symbolic link: a new link with the same text at `to`, which
/// replaces a file there unless `fail_if_exists`.
fn copy_link(src: &HostPath, to: &str, fail_if_exists: bool) -> Win32Result<()> {
    let text = fs::read_link(src)?;
    let dst = host_file(to)?;
    if let Ok(old) = fs::symlink_metadata(&dst) {
        if fail_if_exists {
            return Err(Win32Error::FILE_EXISTS);
        }
        if old.is_dir() || old.mode() & 0o222 == 0 && !old.is_symlink() {
            return Err(Win32Error::ACCESS_DENIED);
        }
        file::check_share_of(&old, file::DELETE)?;
        fs::unlink(&dst)?;
    }
    fs::symlink(&text, &dst).map_err(|e| path::not_found_error(&dst, e))
}

/// ReplaceFile: `replacement` takes the place (and the DOS attributes and creation time) of
/// `replaced`, which goes to `backup` when one is named. The errors say which names are left:
/// ERROR_UNABLE_TO_REMOVE_REPLACED and ERROR_UNABLE_TO_MOVE_REPLACEMENT leave both files under
/// their own names; ERROR_UNABLE_TO_MOVE_REPLACEMENT_2 leaves the replaced file under the
/// backup name. The merge is of attributes only (the host has no ACLs or streams to carry), so
/// the REPLACEFILE_IGNORE_* flags have nothing to ignore; WRITE_THROUGH syncs the replacement.
fn replace_file(
    replaced: Option<String>,
    replacement: Option<String>,
    backup: Option<String>,
    flags: u32,
    reserved: [GuestPtr<u8>; 2],
) -> Win32Result<()> {
    let (Some(replaced), Some(replacement)) = (replaced, replacement) else {
        return Err(Win32Error::INVALID_PARAMETER);
    };
    if reserved.iter().any(|p| !p.is_null()) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let (replaced, replacement) = (replaced.as_str(), replacement.as_str());
    use windows_sys::Win32::Foundation as wf;
    let unable_to_remove = Win32Error(wf::ERROR_UNABLE_TO_REMOVE_REPLACED);
    let unable_to_move = Win32Error(wf::ERROR_UNABLE_TO_MOVE_REPLACEMENT);
    let old = host_file(replaced)?;
    let old_meta = fs::metadata(&old).map_err(|e| path::not_found_error(&old, e))?;
    let new = host_file(replacement)?;
    let new_meta = fs::metadata(&new).map_err(|e| path::not_found_error(&new, e))?;
    if old_meta.is_dir() || new_meta.is_dir() {
        return Err(Win32Error::ACCESS_DENIED);
    }
    file::check_share_of(&old_meta, file::DELETE).map_err(|_| unable_to_remove)?;
    file::check_share_of(
        &new_meta,
        fsc::FILE_GENERIC_READ | fsc::FILE_GENERIC_WRITE | file::DELETE,
    )?;

    // The replacement inherits what NTFS keeps with the replaced file.
    let kept = dosattrib::of_path(&old);
    let merged = dosattrib::Stored {
        attributes: attributes_of(&old_meta, kept)
            & dosattrib::SETTABLE
            & !fsc::FILE_ATTRIBUTE_READONLY,
        created: Some(times_of(&old_meta, kept).0),
    };
    dosattrib::store_path(&new, &merged)?;
    if flags & fsc::REPLACEFILE_WRITE_THROUGH != 0 {
        host::fsync(fs::open(&new, libc::O_RDONLY | libc::O_CLOEXEC, 0)?.as_raw_fd())?;
    }

    let Some(backup) = backup else {
        // One rename swaps the names atomically: on failure both are as they were.
        return fs::rename(&new, &old).map_err(|_| unable_to_move);
    };
    let backup = host_file(&backup)?;
    if let Ok(b) = fs::symlink_metadata(&backup) {
        if b.is_dir() {
            return Err(unable_to_remove);
        }
        file::check_share_of(&b, file::DELETE).map_err(|_| unable_to_remove)?;
    }
    fs::rename(&old, &backup).map_err(|_| unable_to_remove)?;
    if fs::rename(&new, &old).is_err() {
        return Err(match fs::rename(&backup, &old) {
            Ok(()) => unable_to_move,
            Err(_) => Win32Error(wf::ERROR_UNABLE_TO_MOVE_REPLACEMENT_2),
        });
    }
    Ok(())
}

/// `lpExclude` and `lpReserved` must be NULL.
#[dllexport]
pub fn ReplaceFileW(
    lpReplacedFileName: WStrPtr,
    lpReplacementFileName: WStrPtr,
    lpBackupFileName: WStrPtr,
    dwReplaceFlags: u32,
    lpExclude: GuestPtr<u8>,
    lpReserved: GuestPtr<u8>,
) -> Win32Result<()> {
    replace_file(
        lpReplacedFileName.string(),
        lpReplacementFileName.string(),
        lpBackupFileName.string(),
        dwReplaceFlags,
        [lpExclude, lpReserved],
    )
}

#[dllexport]
pub fn ReplaceFileA(
    lpReplacedFileName: CStrPtr,
    lpReplacementFileName: CStrPtr,
    lpBackupFileName: CStrPtr,
    dwReplaceFlags: u32,
    lpExclude: GuestPtr<u8>,
    lpReserved: GuestPtr<u8>,
) -> Win32Result<()> {
    replace_file(
        lpReplacedFileName.string(),
        lpReplacementFileName.string(),
        lpBackupFileName.string(),
        dwReplaceFlags,
        [lpExclude, lpReserved],
    )
}

fn hard_link(new: &str, existing_name: &str) -> Win32Result<()> {
    let old = host_file(existing_name)?;
    existing(&old)?;
    let new = host_file(new)?;
    fs::hard_link(&old, &new).map_err(|e| match e.raw_os_error() {
        Some(libc::EEXIST) => Win32Error::ALREADY_EXISTS,
        Some(libc::ENOENT) => Win32Error::PATH_NOT_FOUND,
        _ => e.into(),
    })
}

#[dllexport]
pub fn CreateHardLinkW(
    lpFileName: WStrPtr,
    lpExistingFileName: WStrPtr,
    lpSecurityAttributes: GuestPtr<u8>,
) -> Win32Result<()> {
    hard_link(&wide_name(lpFileName)?, &wide_name(lpExistingFileName)?)
}

#[dllexport]
pub fn CreateHardLinkA(
    lpFileName: CStrPtr,
    lpExistingFileName: CStrPtr,
    lpSecurityAttributes: GuestPtr<u8>,
) -> Win32Result<()> {
    hard_link(&ansi_name(lpFileName)?, &ansi_name(lpExistingFileName)?)
}

/// A relative target stays relative (with `/` separators); an absolute one points at the host
/// file it names (under `--root`, at its place inside the root, which is how the kernel reads
/// absolute links there).
#[dllexport]
pub fn CreateSymbolicLinkW(
    lpSymlinkFileName: WStrPtr,
    lpTargetFileName: WStrPtr,
    dwFlags: u32,
) -> Win32Result<()> {
    let link = host_file(&wide_name(lpSymlinkFileName)?)?;
    let target = wide_name(lpTargetFileName)?;
    let relative = !target.starts_with(['\\', '/']) && target.as_bytes().get(1) != Some(&b':');
    let host_target = if relative {
        std::path::PathBuf::from(target.replace('\\', "/"))
    } else {
        let t = host_file(&target)?;
        if path::confined() {
            std::path::Path::new("/").join(&t.rel)
        } else {
            t.full()
        }
    };
    fs::symlink(&host_target, &link).map_err(|e| match e.raw_os_error() {
        Some(libc::EEXIST) => Win32Error::ALREADY_EXISTS,
        Some(libc::ENOENT) => Win32Error::PATH_NOT_FOUND,
        _ => e.into(),
    })
}

/// The classes programs query: basic, standard, name, attribute tag and id information.
#[dllexport]
pub fn GetFileInformationByHandleEx(
    hFile: Handle,
    FileInformationClass: i32,
    lpFileInformation: GuestPtr<u8>,
    dwBufferSize: u32,
) -> Win32Result<()> {
    let f = file::get(hFile)?;
    let disk = f.disk.as_ref().ok_or(Win32Error::INVALID_HANDLE)?;
    let meta = std::fs::File::from(host::dup(f.fd())?).metadata()?;
    let size = dwBufferSize as usize;
    let out = lpFileInformation;
    let need = |n: usize| {
        if size < n || out.is_null() {
            Err(Win32Error::BAD_LENGTH)
        } else {
            Ok(())
        }
    };
    let stored = super::fileapi::stored_of(&f, &meta);
    let (c, a, w) = times_of(&meta, stored);
    let attrs = handle_attributes(&f, &meta, stored);
    match FileInformationClass {
        fsc::FileBasicInfo => {
            need(40)?;
            let change = meta.ctime() as i128 * 10_000_000
                + meta.ctime_nsec() as i128 / 100
                + 116_444_736_000_000_000;
            out.cast::<fsc::FILE_BASIC_INFO>()
                .write_required(fsc::FILE_BASIC_INFO {
                    CreationTime: c as i64,
                    LastAccessTime: a as i64,
                    LastWriteTime: w as i64,
                    ChangeTime: change as i64,
                    FileAttributes: attrs,
                })
        }
        fsc::FileStandardInfo => {
            need(24)?;
            let len = handle_size(&f, &meta);
            let allocated = if f.is_link() { 0 } else { meta.blocks() * 512 };
            GuestPtr::<u64>::new(out.addr()).write(allocated);
            GuestPtr::<u64>::new(out.addr() + 8).write(len);
            GuestPtr::<u32>::new(out.addr() + 16).write(meta.nlink() as u32);
            let pending = f.delete_pending();
            GuestPtr::<u8>::new(out.addr() + 20).write(pending as u8);
            let is_dir = attrs & fsc::FILE_ATTRIBUTE_DIRECTORY != 0;
            GuestPtr::<u8>::new(out.addr() + 21).write(is_dir as u8);
            Ok(())
        }
        fsc::FileNameInfo => {
            need(4)?;
            let dos = super::fileapi::final_path(&f)?;
            let name: Vec<u16> = dos[2..].encode_utf16().collect();
            GuestPtr::<u32>::new(out.addr()).write(name.len() as u32 * 2);
            let room = (size - 4) / 2;
            GuestPtr::<u16>::new(out.addr() + 4).write_slice(&name[..name.len().min(room)]);
            if room < name.len() {
                return Err(Win32Error::MORE_DATA);
            }
            Ok(())
        }
        fsc::FileAttributeTagInfo => {
            need(8)?;
            GuestPtr::<u32>::new(out.addr()).write(attrs);
            let tag = if f.is_link() {
                ss::IO_REPARSE_TAG_SYMLINK
            } else {
                0
            };
            GuestPtr::<u32>::new(out.addr() + 4).write(tag);
            Ok(())
        }
        fsc::FileIdInfo => {
            need(24)?;
            GuestPtr::<u64>::new(out.addr()).write(meta.dev());
            GuestPtr::<u64>::new(out.addr() + 8).write(meta.ino());
            GuestPtr::<u64>::new(out.addr() + 16).write(0);
            Ok(())
        }
        fsc::FileFullDirectoryInfo
        | fsc::FileFullDirectoryRestartInfo
        | fsc::FileIdBothDirectoryInfo
        | fsc::FileIdBothDirectoryRestartInfo => {
            if !disk.is_dir {
                return Err(Win32Error::INVALID_PARAMETER);
            }
            let restart = matches!(
                FileInformationClass,
                fsc::FileFullDirectoryRestartInfo | fsc::FileIdBothDirectoryRestartInfo
            );
            let both = matches!(
                FileInformationClass,
                fsc::FileIdBothDirectoryInfo | fsc::FileIdBothDirectoryRestartInfo
            );
            list_directory(disk, restart, both, out, size)
        }
        _ => Err(Win32Error::INVALID_PARAMETER),
    }
}

/// Writes the next entries of an open directory as FILE_FULL_DIR_INFO or FILE_ID_BOTH_DIR_INFO
/// records, as many as fit, chained by NextEntryOffset (8-byte aligned); ERROR_NO_MORE_FILES
/// once all were listed. The directory is read when the listing starts (or restarts); later
/// calls continue from the handle's cursor.
fn list_directory(
    disk: &file::DiskFile,
    restart: bool,
    both: bool,
    out: GuestPtr<u8>,
    size: usize,
) -> Win32Result<()> {
    // The fixed part of each record, up to FileName.
    let fixed = if both { 104 } else { 68 };
    if out.is_null() || size < fixed {
        return Err(Win32Error::BAD_LENGTH);
    }
    let mut listing = disk.listing.lock().unwrap_or_else(|e| e.into_inner());
    if restart || listing.is_none() {
        let dir = disk.path.lock().unwrap_or_else(|e| e.into_inner()).clone();
        *listing = Some(super::fileapi::dir_entries(&dir, "*")?);
    }
    let entries = listing.as_mut().expect("filled above");
    let (mut at, mut previous, mut written) = (0usize, None::<usize>, 0usize);
    while let Some(e) = entries.front() {
        let name: Vec<u16> = e.name.encode_utf16().collect();
        let len = fixed + name.len() * 2;
        if at + len > size {
            if written == 0 {
                return Err(Win32Error::MORE_DATA);
            }
            break;
        }
        if let Some(p) = previous {
            GuestPtr::<u32>::new(out.addr() + p as u64).write((at - p) as u32);
        }
        let rec = out.addr() + at as u64;
        mem::fill(rec, 0, fixed);
        let (c, a, w) = e.times;
        for (offset, v) in [
            (8, c),
            (16, a),
            (24, w),
            (32, w),
            (40, e.size),
            (48, e.size.next_multiple_of(4096)),
        ] {
            GuestPtr::<u64>::new(rec + offset).write(v);
        }
        GuestPtr::<u32>::new(rec + 56).write(e.attributes);
        GuestPtr::<u32>::new(rec + 60).write(name.len() as u32 * 2);
        // EaSize: NTFS reports a reparse point's tag there instead (it has no EAs).
        GuestPtr::<u32>::new(rec + 64).write(e.reparse_tag);
        if both {
            GuestPtr::<u64>::new(rec + 96).write(e.id);
        }
        GuestPtr::<u16>::new(rec + fixed as u64).write_slice(&name);
        previous = Some(at);
        at = (at + len).next_multiple_of(8);
        written += 1;
        entries.pop_front();
    }
    if written == 0 {
        return Err(Win32Error::NO_MORE_FILES);
    }
    Ok(())
}

#[dllexport]
pub fn lstrlenA(lpString: CStrPtr) -> i32 {
    mem::cstr_len(lpString.0) as i32
}

#[dllexport]
pub fn lstrlenW(lpString: WStrPtr) -> i32 {
    mem::wstr_len(lpString.0) as i32
}

#[dllexport]
pub fn lstrcpyA(lpString1: GuestPtr<u8>, lpString2: CStrPtr) -> GuestPtr<u8> {
    let s = lpString2.bytes().unwrap_or_default();
    lpString1.write_slice(&s);
    lpString1.offset(s.len()).write(0);
    lpString1
}

#[dllexport]
pub fn lstrcpyW(lpString1: GuestPtr<u16>, lpString2: WStrPtr) -> GuestPtr<u16> {
    let s = lpString2.units().unwrap_or_default();
    lpString1.write_slice(&s);
    lpString1.offset(s.len()).write(0);
    lpString1
}

#[dllexport]
pub fn lstrcatA(lpString1: GuestPtr<u8>, lpString2: CStrPtr) -> GuestPtr<u8> {
    let end = mem::cstr_len(lpString1.addr());
    lstrcpyA(lpString1.offset(end), lpString2);
    lpString1
}

#[dllexport]
pub fn lstrcatW(lpString1: GuestPtr<u16>, lpString2: WStrPtr) -> GuestPtr<u16> {
    let end = mem::wstr_len(lpString1.addr());
    lstrcpyW(lpString1.offset(end), lpString2);
    lpString1
}

const FORMAT_MESSAGE_ALLOCATE_BUFFER: u32 = 0x0100;
const FORMAT_MESSAGE_IGNORE_INSERTS: u32 = 0x0200;
const FORMAT_MESSAGE_FROM_STRING: u32 = 0x0400;
const FORMAT_MESSAGE_FROM_HMODULE: u32 = 0x0800;
const FORMAT_MESSAGE_FROM_SYSTEM: u32 = 0x1000;
const FORMAT_MESSAGE_ARGUMENT_ARRAY: u32 = 0x2000;
const FORMAT_MESSAGE_MAX_WIDTH_MASK: u32 = 0x00ff;
const ERROR_MR_MID_NOT_FOUND: u32 = 317;
const ERROR_RESOURCE_LANG_NOT_FOUND: u32 = 1815;
/// The primary language ids FormatMessage accepts for its English texts: neutral, English.
const LANG_NEUTRAL: u32 = 0x00;
const LANG_ENGLISH: u32 = 0x09;

/// Where the inserts %1..%99 come from: an array of DWORD_PTR or the caller's va_list.
struct Inserts {
    base: u64,
}

impl Inserts {
    fn new(flags: u32, arguments: u64) -> Option<Inserts> {
        if arguments == 0 {
            return None;
        }
        let base = if flags & FORMAT_MESSAGE_ARGUMENT_ARRAY != 0 {
            arguments
        } else {
            // `Arguments` is a `va_list *`; a Win64 va_list points at consecutive 8-byte slots.
            mem::read::<u64>(arguments)?
        };
        Some(Inserts { base })
    }

    fn get(&self, index: usize) -> u64 {
        mem::read::<u64>(self.base + 8 * index as u64).unwrap_or(0)
    }
}

/// The printf arguments of one insert: its own value, then the following ones for `*` widths.
struct InsertArgs<'a> {
    inserts: &'a Inserts,
    next: usize,
}

impl crate::crt::printf::PrintfArgs for InsertArgs<'_> {
    fn next_u64(&mut self) -> u64 {
        let v = self.inserts.get(self.next);
        self.next += 1;
        v
    }
    fn slot(&mut self, index: usize) -> u64 {
        self.inserts.get(index)
    }
    fn read_cstr(&self, addr: u64) -> Vec<u8> {
        mem::read_cstr(addr).unwrap_or_default()
    }
    fn read_wstr(&self, addr: u64) -> Vec<u16> {
        mem::read_wstr(addr).unwrap_or_default()
    }
    fn store_count(&mut self, _addr: u64, _count: u64, _size: usize) -> bool {
        false
    }
}

/// Expands a message: escapes (%0 %n %% %r %t %b %. %! %space), inserts %1..%99 with an
/// optional !printf format! (default !s!), and the line-width rule of MAX_WIDTH_MASK (0xFF:
/// the message's own line breaks become spaces). `wide` chooses how %s arguments are read.
fn expand_message(
    source: &[u16],
    flags: u32,
    inserts: Option<&Inserts>,
    wide: bool,
) -> Win32Result<Vec<u16>> {
    let unit = |c: char| c as u16;
    let max_width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
    let mut out = Vec::with_capacity(source.len() + 16);
    let mut i = 0;
    while i < source.len() {
        let c = source[i];
        i += 1;
        if c == unit('\r') || c == unit('\n') {
            if max_width == FORMAT_MESSAGE_MAX_WIDTH_MASK {
                if !(c == unit('\n') && i >= 2 && source[i - 2] == unit('\r')) {
                    out.push(unit(' '));
                }
            } else {
                out.push(c);
            }
            continue;
        }
        if c != unit('%') {
            out.push(c);
            continue;
        }
        let Some(&next) = source.get(i) else {
            break;
        };
        i += 1;
        match char::from_u32(u32::from(next)).unwrap_or('\u{fffd}') {
            '0' => return Ok(out),
            'n' => out.extend_from_slice(&[unit('\r'), unit('\n')]),
            'r' => out.push(unit('\r')),
            't' => out.push(unit('\t')),
            'b' => out.push(unit(' ')),
            d @ '1'..='9' => {
                let mut number = d as usize - '0' as usize;
                let digits_start = i - 1;
                if let Some(&d2) = source.get(i)
                    && (unit('0')..=unit('9')).contains(&d2)
                {
                    number = number * 10 + (d2 - unit('0')) as usize;
                    i += 1;
                }
                let mut format: Vec<u16> = vec![unit('%')];
                let mut spec_end = i;
                if source.get(i) == Some(&unit('!')) {
                    match source[i + 1..].iter().position(|&u| u == unit('!')) {
                        Some(len) => {
                            format.extend_from_slice(&source[i + 1..i + 1 + len]);
                            spec_end = i + 2 + len;
                        }
                        None => return Err(Win32Error::INVALID_PARAMETER),
                    }
                } else {
                    format.push(unit('s'));
                }
                if flags & FORMAT_MESSAGE_IGNORE_INSERTS != 0 {
                    out.push(unit('%'));
                    out.extend_from_slice(&source[digits_start..spec_end]);
                    i = spec_end;
                    continue;
                }
                i = spec_end;
                let inserts = inserts.ok_or(Win32Error::INVALID_PARAMETER)?;
                let mut args = InsertArgs {
                    inserts,
                    next: number - 1,
                };
                use crate::crt::printf::{Flavor, format_narrow, format_wide};
                let text = if wide {
                    format_wide(Flavor::Msvcrt, &format, &mut args)
                } else {
                    let narrow = String::from_utf16_lossy(&format).into_bytes();
                    format_narrow(Flavor::Msvcrt, &narrow, &mut args)
                        .map(|b| String::from_utf8_lossy(&b).encode_utf16().collect())
                };
                out.extend(text.ok_or(Win32Error::INVALID_PARAMETER)?);
            }
            _ => out.push(next),
        }
    }
    Ok(out)
}

/// The message text FormatMessage starts from.
fn message_source(
    flags: u32,
    lpSource: u64,
    dwMessageId: u32,
    dwLanguageId: u32,
    wide: bool,
) -> Win32Result<Vec<u16>> {
    if flags & FORMAT_MESSAGE_FROM_STRING != 0 {
        if lpSource == 0 {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        return Ok(if wide {
            mem::read_wstr(lpSource).unwrap_or_default()
        } else {
            CStrPtr(lpSource).to_wide().unwrap_or_default()
        });
    }
    if !matches!(dwLanguageId & 0x3ff, LANG_NEUTRAL | LANG_ENGLISH) {
        return Err(Win32Error(ERROR_RESOURCE_LANG_NOT_FOUND));
    }
    if flags & FORMAT_MESSAGE_FROM_HMODULE != 0 {
        tracing::warn!(target: "kernel32::winbase", "FormatMessage: module message tables are not read");
    }
    if flags & FORMAT_MESSAGE_FROM_SYSTEM != 0
        && let Some(text) = crate::nt::messages::system_message(dwMessageId)
    {
        return Ok(text.encode_utf16().collect());
    }
    Err(Win32Error(ERROR_MR_MID_NOT_FOUND))
}

/// Stores the message: into `lpBuffer` of `nSize` elements, or, with ALLOCATE_BUFFER, into a
/// LocalAlloc block whose address goes to `*lpBuffer`. Returns the length without the NUL.
fn store_message<T: Copy + Default>(
    flags: u32,
    message: &[T],
    lpBuffer: GuestPtr<T>,
    nSize: u32,
) -> Win32Result<u32> {
    if flags & FORMAT_MESSAGE_ALLOCATE_BUFFER != 0 {
        let units = (message.len() + 1).max(nSize as usize);
        let block = super::heapapi::LocalAlloc(0, units * size_of::<T>())?.cast::<T>();
        block.write_slice(message);
        block.offset(message.len()).write(T::default());
        lpBuffer.cast::<u64>().write_required(block.addr())?;
        return Ok(message.len() as u32);
    }
    if lpBuffer.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if message.len() >= nSize as usize {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    lpBuffer.write_slice(message);
    lpBuffer.offset(message.len()).write(T::default());
    Ok(message.len() as u32)
}

#[dllexport]
pub fn FormatMessageW(
    dwFlags: u32,
    lpSource: u64,
    dwMessageId: u32,
    dwLanguageId: u32,
    lpBuffer: GuestPtr<u16>,
    nSize: u32,
    Arguments: u64,
) -> Win32Result<u32> {
    let source = message_source(dwFlags, lpSource, dwMessageId, dwLanguageId, true)?;
    let inserts = Inserts::new(dwFlags, Arguments);
    let message = expand_message(&source, dwFlags, inserts.as_ref(), true)?;
    store_message(dwFlags, &message, lpBuffer, nSize)
}

/// The message in the process code page; `nSize` counts bytes.
#[dllexport]
pub fn FormatMessageA(
    dwFlags: u32,
    lpSource: u64,
    dwMessageId: u32,
    dwLanguageId: u32,
    lpBuffer: GuestPtr<u8>,
    nSize: u32,
    Arguments: u64,
) -> Win32Result<u32> {
    let source = message_source(dwFlags, lpSource, dwMessageId, dwLanguageId, false)?;
    let inserts = Inserts::new(dwFlags, Arguments);
    let message = expand_message(&source, dwFlags, inserts.as_ref(), false)?;
    let bytes = super::stringapiset::encode(0, &message, false)?;
    store_message(dwFlags, &bytes, lpBuffer, nSize)
}

const VER_MINORVERSION: u32 = 0x01;
const VER_MAJORVERSION: u32 = 0x02;
const VER_BUILDNUMBER: u32 = 0x04;
const VER_PLATFORMID: u32 = 0x08;
const VER_SERVICEPACKMINOR: u32 = 0x10;
const VER_SERVICEPACKMAJOR: u32 = 0x20;
const VER_SUITENAME: u32 = 0x40;
const VER_PRODUCT_TYPE: u32 = 0x80;
const VER_EQUAL: u8 = 1;
const VER_GREATER: u8 = 2;
const VER_GREATER_EQUAL: u8 = 3;
const VER_LESS: u8 = 4;
const VER_LESS_EQUAL: u8 = 5;
const VER_AND: u8 = 6;
const VER_OR: u8 = 7;
const ERROR_OLD_WIN_VERSION: u32 = 1150;
/// The version fields in the order VerSetConditionMask gives them their three-bit slots.
const VERSION_FIELDS: [u32; 8] = [
    VER_MINORVERSION,
    VER_MAJORVERSION,
    VER_BUILDNUMBER,
    VER_PLATFORMID,
    VER_SERVICEPACKMINOR,
    VER_SERVICEPACKMAJOR,
    VER_SUITENAME,
    VER_PRODUCT_TYPE,
];

fn condition_of(mask: u64, field: u32) -> u8 {
    let slot = VERSION_FIELDS.iter().position(|&f| f == field).unwrap_or(0);
    ((mask >> (3 * slot)) & 7) as u8
}

/// winnt.h: sets the condition of one field (the first of TypeMask in Windows' order of
/// precedence) in a VerifyVersionInfo condition mask.
#[dllexport]
pub fn VerSetConditionMask(ConditionMask: u64, TypeMask: u32, Condition: u8) -> u64 {
    let precedence = [
        VER_PRODUCT_TYPE,
        VER_SUITENAME,
        VER_PLATFORMID,
        VER_BUILDNUMBER,
        VER_MAJORVERSION,
        VER_MINORVERSION,
        VER_SERVICEPACKMAJOR,
        VER_SERVICEPACKMINOR,
    ];
    let Some(&field) = precedence.iter().find(|&&f| TypeMask & f != 0) else {
        return ConditionMask;
    };
    if Condition == 0 {
        return ConditionMask;
    }
    let slot = VERSION_FIELDS.iter().position(|&f| f == field).unwrap_or(0);
    ConditionMask | (u64::from(Condition & 7) << (3 * slot))
}

fn version_holds(have: &[u32], want: &[u32], condition: u8) -> bool {
    use std::cmp::Ordering::*;
    let order = have.cmp(want);
    match condition {
        VER_EQUAL => order == Equal,
        VER_GREATER => order == Greater,
        VER_GREATER_EQUAL => order != Less,
        VER_LESS => order == Less,
        VER_LESS_EQUAL => order != Greater,
        _ => false,
    }
}

/// The requested fields of an OSVERSIONINFOEX (W or A: only the CSD string's size differs).
struct RequestedVersion {
    major: u32,
    minor: u32,
    build: u32,
    platform: u32,
    service_pack: (u32, u32),
    suite: u32,
    product: u32,
}

/// Compares against the version GetVersionEx reports (no compatibility manifest: Windows 8),
/// as VerifyVersionInfo does for such a program.
fn verify_version(info: &RequestedVersion, type_mask: u32, mask: u64) -> Win32Result<()> {
    if type_mask == 0 || mask == 0 {
        return Err(Win32Error::BAD_ARGUMENTS);
    }
    let (major, minor, build) = super::sysinfoapi::MANIFESTLESS_VERSION;
    let mut ok = true;
    // Major, minor and service pack compare as one version, under the first one's condition.
    let numbered = [
        (VER_MAJORVERSION, major, info.major),
        (VER_MINORVERSION, minor, info.minor),
        (VER_SERVICEPACKMAJOR, 0, info.service_pack.0),
        (VER_SERVICEPACKMINOR, 0, info.service_pack.1),
    ];
    let present: Vec<_> = numbered
        .iter()
        .filter(|(f, ..)| type_mask & f != 0)
        .collect();
    if let Some(&&(first, ..)) = present.first() {
        let have: Vec<u32> = present.iter().map(|p| p.1).collect();
        let want: Vec<u32> = present.iter().map(|p| p.2).collect();
        ok &= version_holds(&have, &want, condition_of(mask, first));
    }
    if type_mask & VER_BUILDNUMBER != 0 {
        ok &= version_holds(&[build], &[info.build], condition_of(mask, VER_BUILDNUMBER));
    }
    if type_mask & VER_PLATFORMID != 0 {
        ok &= version_holds(&[2], &[info.platform], condition_of(mask, VER_PLATFORMID));
    }
    if type_mask & VER_PRODUCT_TYPE != 0 {
        ok &= version_holds(&[1], &[info.product], condition_of(mask, VER_PRODUCT_TYPE));
    }
    if type_mask & VER_SUITENAME != 0 {
        let suite = 0x100; // VER_SUITE_SINGLEUSERTS
        ok &= match condition_of(mask, VER_SUITENAME) {
            VER_AND => suite & info.suite == info.suite,
            VER_OR => suite & info.suite != 0,
            _ => false,
        };
    }
    if ok {
        Ok(())
    } else {
        Err(Win32Error(ERROR_OLD_WIN_VERSION))
    }
}

fn requested_version(addr: u64, csd_bytes: u64) -> Win32Result<RequestedVersion> {
    let read = |offset: u64| mem::read::<u32>(addr + offset).ok_or(Win32Error::NOACCESS);
    let tail = 20 + csd_bytes;
    let word = |offset: u64| mem::read::<u16>(addr + tail + offset).map_or(0, u32::from);
    Ok(RequestedVersion {
        major: read(4)?,
        minor: read(8)?,
        build: read(12)?,
        platform: read(16)?,
        service_pack: (word(0), word(2)),
        suite: word(4),
        product: mem::read::<u8>(addr + tail + 6).map_or(0, u32::from),
    })
}

#[dllexport]
pub fn VerifyVersionInfoW(
    lpVersionInformation: GuestPtr<u8>,
    dwTypeMask: u32,
    dwlConditionMask: u64,
) -> Win32Result<()> {
    let info = requested_version(lpVersionInformation.addr(), 256)?;
    verify_version(&info, dwTypeMask, dwlConditionMask)
}

#[dllexport]
pub fn VerifyVersionInfoA(
    lpVersionInformation: GuestPtr<u8>,
    dwTypeMask: u32,
    dwlConditionMask: u64,
) -> Win32Result<()> {
    let info = requested_version(lpVersionInformation.addr(), 128)?;
    verify_version(&info, dwTypeMask, dwlConditionMask)
}

#[dllexport]
pub fn CreateNamedPipeA(
    lpName: CStrPtr,
    dwOpenMode: u32,
    dwPipeMode: u32,
    nMaxInstances: u32,
    nOutBufferSize: u32,
    nInBufferSize: u32,
    nDefaultTimeOut: u32,
    lpSecurityAttributes: GuestPtr<u8>,
) -> Win32Result<crate::abi::HandleOrInvalid> {
    let name = lpName.string().ok_or(Win32Error::PATH_NOT_FOUND)?;
    let req = crate::nt::pipe::ServerRequest {
        open_mode: dwOpenMode,
        pipe_mode: dwPipeMode,
        max_instances: nMaxInstances,
        out_size: nOutBufferSize,
        in_size: nInBufferSize,
        default_timeout: nDefaultTimeOut,
    };
    super::namedpipeapi::create_named_pipe(&name, &req, lpSecurityAttributes)
}

#[dllexport]
pub fn WaitNamedPipeA(lpNamedPipeName: CStrPtr, nTimeOut: u32) -> Win32Result<()> {
    let name = lpNamedPipeName.string().ok_or(Win32Error::INVALID_NAME)?;
    super::namedpipeapi::wait_named_pipe(&name, nTimeOut)
}

/// FILE_SKIP_COMPLETION_PORT_ON_SUCCESS and FILE_SKIP_SET_EVENT_ON_HANDLE for a file's
/// requests that succeed at once.
#[dllexport]
pub fn SetFileCompletionNotificationModes(FileHandle: Handle, Flags: u8) -> Win32Result<()> {
    let f = file::get(FileHandle)?;
    if Flags & !3 != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    f.io.set_modes(Flags);
    Ok(())
}

/// Whether a string of `unit`-byte characters at `addr` is readable up to its NUL or `max`
/// characters, read a page at a time so a string that ends just before an unmapped page is good.
fn string_readable(addr: u64, max: usize, unit: usize) -> bool {
    const PAGE: u64 = 4096;
    let mut left = max.saturating_mul(unit);
    let mut at = addr;
    let mut buf = [0u8; PAGE as usize];
    while left > 0 {
        // Whole characters up to the page end (one that straddles it is read on its own).
        let to_page_end = (left as u64).min(PAGE - at % PAGE) as usize;
        let chunk = (to_page_end - to_page_end % unit).max(unit);
        if !mem::try_read_bytes(at, &mut buf[..chunk]) {
            return false;
        }
        if buf[..chunk].chunks(unit).any(|c| c.iter().all(|&b| b == 0)) {
            return true;
        }
        left -= chunk.min(left);
        at += chunk as u64;
    }
    true
}

/// TRUE when the string cannot be read up to its NUL or `ucchMax` characters.
#[dllexport]
pub fn IsBadStringPtrW(lpsz: GuestPtr<u16>, ucchMax: usize) -> bool {
    ucchMax != 0 && (lpsz.is_null() || !string_readable(lpsz.addr(), ucchMax, 2))
}

#[dllexport]
pub fn IsBadStringPtrA(lpsz: GuestPtr<u8>, ucchMax: usize) -> bool {
    ucchMax != 0 && (lpsz.is_null() || !string_readable(lpsz.addr(), ucchMax, 1))
}

/// TRUE when any of the `ucb` bytes at `lp` cannot be read.
#[dllexport]
pub fn IsBadReadPtr(lp: GuestPtr<u8>, ucb: usize) -> bool {
    if ucb == 0 {
        return false;
    }
    if lp.is_null() {
        return true;
    }
    let mut buf = [0u8; 4096];
    let mut at = lp.addr();
    let mut left = ucb;
    while left > 0 {
        let chunk = left.min(buf.len());
        if !mem::try_read_bytes(at, &mut buf[..chunk]) {
            return true;
        }
        left -= chunk;
        at += chunk as u64;
    }
    false
}

/// Copies at most `iMaxLength - 1` characters and always terminates (when `iMaxLength` > 0).
#[dllexport]
pub fn lstrcpynW(lpString1: GuestPtr<u16>, lpString2: WStrPtr, iMaxLength: i32) -> GuestPtr<u16> {
    if iMaxLength <= 0 || lpString1.is_null() {
        return lpString1;
    }
    let s = lpString2.units().unwrap_or_default();
    let n = s.len().min(iMaxLength as usize - 1);
    lpString1.write_slice(&s[..n]);
    lpString1.offset(n).write(0);
    lpString1
}

#[dllexport]
pub fn lstrcpynA(lpString1: GuestPtr<u8>, lpString2: CStrPtr, iMaxLength: i32) -> GuestPtr<u8> {
    if iMaxLength <= 0 || lpString1.is_null() {
        return lpString1;
    }
    let s = lpString2.bytes().unwrap_or_default();
    let n = s.len().min(iMaxLength as usize - 1);
    lpString1.write_slice(&s[..n]);
    lpString1.offset(n).write(0);
    lpString1
}

/// What kind of executable the file `name` is (GetBinaryType): PE images by machine, other MZ
/// programs as DOS (NE ones as Win16 or OS/2), `.com` and `.pif` files by their extension.
/// DLLs and files that are no program fail with ERROR_BAD_EXE_FORMAT.
fn binary_type(name: &str) -> Win32Result<u32> {
    use std::os::unix::fs::FileExt;
    use windows_sys::Win32::System::Diagnostics::Debug::{self as dbg, IMAGE_FILE_DLL};
    use windows_sys::Win32::System::SystemInformation as si;
    use windows_sys::Win32::System::WindowsProgramming as wp;
    let p = host_file(name)?;
    let fd = fs::open(&p, libc::O_RDONLY, 0).map_err(|e| path::not_found_error(&p, e))?;
    let f = std::fs::File::from(fd);
    if f.metadata()?.is_dir() {
        return Err(Win32Error::ACCESS_DENIED);
    }
    let ext = name
        .rsplit(['\\', '/'])
        .next()
        .and_then(|n| n.rsplit_once('.'));
    let ext = ext.map(|(_, e)| e.to_ascii_lowercase());
    if ext.as_deref() == Some("pif") {
        return Ok(wp::SCS_PIF_BINARY);
    }
    let mut dos = [0u8; 64];
    let read = f.read_at(&mut dos, 0).unwrap_or(0);
    if read < 2 || &dos[..2] != b"MZ" {
        // A .com program is raw code with no header.
        return match ext.as_deref() {
            Some("com") if read > 0 => Ok(wp::SCS_DOS_BINARY),
            _ => Err(Win32Error::BAD_EXE_FORMAT),
        };
    }
    let new_header = u32::from_le_bytes([dos[60], dos[61], dos[62], dos[63]]) as u64;
    // Signature, then for PE the COFF header (machine at +4, characteristics at +22) and the
    // optional header's magic (+24); for NE the target OS byte at +0x36.
    let mut head = [0u8; 0x38];
    if read < 64 || f.read_at(&mut head, new_header).unwrap_or(0) < head.len() {
        return Ok(wp::SCS_DOS_BINARY);
    }
    match &head[..2] {
        b"PE" if head[2..4] == [0, 0] => {
            let machine = u16::from_le_bytes([head[4], head[5]]);
            let characteristics = u16::from_le_bytes([head[22], head[23]]);
            let magic = u16::from_le_bytes([head[24], head[25]]);
            if characteristics & IMAGE_FILE_DLL != 0 {
                return Err(Win32Error::BAD_EXE_FORMAT);
            }
            // The optional header's format must agree with the machine, as the image
            // section check on Windows requires.
            match (magic, machine) {
                (
                    dbg::IMAGE_NT_OPTIONAL_HDR32_MAGIC,
                    si::IMAGE_FILE_MACHINE_I386 | si::IMAGE_FILE_MACHINE_ARMNT,
                ) => Ok(wp::SCS_32BIT_BINARY),
                (
                    dbg::IMAGE_NT_OPTIONAL_HDR64_MAGIC,
                    si::IMAGE_FILE_MACHINE_AMD64 | si::IMAGE_FILE_MACHINE_ARM64,
                ) => Ok(wp::SCS_64BIT_BINARY),
                _ => Err(Win32Error::BAD_EXE_FORMAT),
            }
        }
        // NE target OS 1 is OS/2, anything else Windows.
        b"NE" if head[0x36] == 1 => Ok(wp::SCS_OS216_BINARY),
        b"NE" => Ok(wp::SCS_WOW_BINARY),
        _ => Ok(wp::SCS_DOS_BINARY),
    }
}

#[dllexport]
pub fn GetBinaryTypeW(lpApplicationName: WStrPtr, lpBinaryType: GuestPtr<u32>) -> Win32Result<()> {
    let kind = binary_type(&wide_name(lpApplicationName)?)?;
    lpBinaryType.write_required(kind)
}

#[dllexport]
pub fn GetBinaryTypeA(lpApplicationName: CStrPtr, lpBinaryType: GuestPtr<u32>) -> Win32Result<()> {
    let kind = binary_type(&ansi_name(lpApplicationName)?)?;
    lpBinaryType.write_required(kind)
}
