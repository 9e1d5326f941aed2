//! winbase.h: moving, copying and linking files, file information classes, and the lstr*
//! string helpers (which, like Windows, treat a NULL string as empty).

use super::fileapi::{
    ansi_name, attributes_of, existing, filetime_of, host_file, set_times, times_of, wide_name,
};
use crate::abi::{CStrPtr, GuestPtr, Handle, WStrPtr, Win32Error, Win32Result, host, mem};
use crate::dllexport;
use crate::nt::file::{self, CreateRequest, FileObject};
use crate::nt::fs;
use crate::nt::path::{self, HostPath, Target};
use std::os::unix::fs::MetadataExt;
use windows_sys::Win32::Storage::FileSystem as fsc;

/// Renames `from` to the Windows name `to`. Without `replace` an existing target fails with
/// ERROR_ALREADY_EXISTS; a name differing only in case renames the file onto its new case.
/// `via` is the open a rename through a handle comes from (it needs no share check against
/// itself). Returns the new host path.
pub fn rename(
    from: &HostPath,
    to: &str,
    replace: bool,
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
        } else if !replace {
            return Err(Win32Error::ALREADY_EXISTS);
        } else if dst.is_dir() || src.is_dir() || dst.mode() & 0o222 == 0 {
            return Err(Win32Error::ACCESS_DENIED);
        } else {
            file::check_share_of(&dst, file::DELETE)?;
        }
    }
    fs::rename(from, &target).map_err(|e| match e.raw_os_error() {
        Some(libc::ENOENT) | Some(libc::ENOTDIR) => Win32Error::PATH_NOT_FOUND,
        _ => e.into(),
    })?;
    Ok(target)
}

/// CopyFile: contents, last write time and the read-only attribute; the source is opened
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
    set_times(&dst, None, meta.modified().ok().map(filetime_of))?;
    if meta.mode() & 0o222 == 0
        && let Some(p) = dst.host_path()
    {
        fs::set_readonly(&p, true)?;
    }
    Ok(())
}

fn move_file(from: &str, to: Option<String>, flags: u32) -> Win32Result<()> {
    let Some(to) = to else {
        // Deleting at reboot has no meaning for a process that outlives nothing.
        return Err(Win32Error::INVALID_PARAMETER);
    };
    if flags & fsc::MOVEFILE_DELAY_UNTIL_REBOOT != 0 {
        tracing::warn!(target: "kernel32::winbase", "MoveFileEx: MOVEFILE_DELAY_UNTIL_REBOOT moves now");
    }
    let src = host_file(from)?;
    let replace = flags & fsc::MOVEFILE_REPLACE_EXISTING != 0;
    match rename(&src, &to, replace, None) {
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
    copy_file(
        &wide_name(lpExistingFileName)?,
        &wide_name(lpNewFileName)?,
        fail,
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
    let (c, a, w) = times_of(&meta);
    let attrs = attributes_of(&meta);
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
            let len = if meta.is_dir() { 0 } else { meta.size() };
            GuestPtr::<u64>::new(out.addr()).write(meta.blocks() * 512);
            GuestPtr::<u64>::new(out.addr() + 8).write(len);
            GuestPtr::<u32>::new(out.addr() + 16).write(meta.nlink() as u32);
            let pending = disk
                .delete_on_close
                .load(std::sync::atomic::Ordering::Relaxed);
            GuestPtr::<u8>::new(out.addr() + 20).write(pending as u8);
            GuestPtr::<u8>::new(out.addr() + 21).write(meta.is_dir() as u8);
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
            GuestPtr::<u32>::new(out.addr() + 4).write(0);
            Ok(())
        }
        fsc::FileIdInfo => {
            need(24)?;
            GuestPtr::<u64>::new(out.addr()).write(meta.dev());
            GuestPtr::<u64>::new(out.addr() + 8).write(meta.ino());
            GuestPtr::<u64>::new(out.addr() + 16).write(0);
            Ok(())
        }
        _ => Err(Win32Error::INVALID_PARAMETER),
    }
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
