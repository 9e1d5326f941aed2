//! securitybaseapi.h (and winbase.h for the A forms), the security of files: a host file's
//! owner, group and permission bits seen as a self-relative SECURITY_DESCRIPTOR, and a
//! descriptor written back as far as POSIX permissions can hold it.
//!
//! The owner is the SID of its uid (`S-1-5-21-0-0-0-<1000 + uid>`, as the process's user);
//! the group is the token's primary group for the process's gid and `S-1-22-2-<gid>` (the
//! Unix group SIDs Samba uses) for others. The DACL has an allow ACE for the owner, the group
//! and Everyone, from the user, group and other permission bits. Writing a DACL sets those
//! bits from the same three ACEs (Everyone's rights also count for owner and group, as its
//! ACE applies to them); deny ACEs, inheritance flags and ACEs for other SIDs cannot be kept
//! in a mode and are ignored. Setting another owner or group is a chown, which the host
//! refuses unless permitted (ERROR_INVALID_OWNER); SACLs need a privilege the process never
//! holds (ERROR_PRIVILEGE_NOT_HELD).

use super::securitybaseapi::Sid;
use crate::abi::{CStrPtr, GuestPtr, WStrPtr, Win32Error, Win32Result, host};
use crate::dllexport;
use crate::kernel32::fileapi::{ansi_name, host_file, wide_name};
use crate::nt::fs;
use crate::nt::path::{self, HostPath};
use std::os::unix::fs::MetadataExt;
use windows_sys::Win32::Foundation as wf;
use windows_sys::Win32::Security as sec;
use windows_sys::Win32::Storage::FileSystem as fsc;

const SE_DACL_PRESENT: u16 = 0x0004;
const SE_SELF_RELATIVE: u16 = 0x8000;
const ACCESS_ALLOWED_ACE_TYPE: u8 = 0;
const ACL_REVISION: u8 = 2;
/// SECURITY_DESCRIPTOR_RELATIVE: revision, pad, control, four offsets.
const SD_HEADER: usize = 20;

const OWNER: u32 = sec::OWNER_SECURITY_INFORMATION;
const GROUP: u32 = sec::GROUP_SECURITY_INFORMATION;
const DACL: u32 = sec::DACL_SECURITY_INFORMATION;
const SACL: u32 = sec::SACL_SECURITY_INFORMATION;

fn owner_sid(uid: u32) -> Sid {
    Sid::new(5, &[21, 0, 0, 0, 1000 + uid])
}

fn group_sid(gid: u32) -> Sid {
    if gid == host::gid() {
        Sid::new(5, &[21, 0, 0, 0, 513])
    } else {
        Sid::new(22, &[2, gid])
    }
}

fn everyone() -> Sid {
    Sid::new(1, &[0])
}

/// The uid an owner SID stands for.
fn uid_of(sid: &Sid) -> Option<u32> {
    match (sid.authority, sid.sub_authorities.as_slice()) {
        (5, [21, 0, 0, 0, rid]) if *rid >= 1000 => Some(rid - 1000),
        _ => None,
    }
}

fn gid_of(sid: &Sid) -> Option<u32> {
    match (sid.authority, sid.sub_authorities.as_slice()) {
        (5, [21, 0, 0, 0, 513]) => Some(host::gid()),
        (22, [2, gid]) => Some(*gid),
        _ => None,
    }
}

/// The rights three permission bits (`rwx`, lowest three bits of `bits`) grant.
fn rights_of(bits: u32, is_dir: bool) -> u32 {
    let mut mask = 0;
    if bits & 4 != 0 {
        mask |= fsc::FILE_GENERIC_READ;
    }
    if bits & 2 != 0 {
        mask |= fsc::FILE_GENERIC_WRITE;
        if is_dir {
            mask |= fsc::FILE_DELETE_CHILD;
        }
    }
    if bits & 1 != 0 {
        mask |= fsc::FILE_GENERIC_EXECUTE;
    }
    mask
}

/// The `rwx` bits an ACE's access mask (generic rights included) stands for.
fn bits_of(mask: u32) -> u32 {
    let mask = crate::nt::file::map_generic(mask);
    let mut bits = 0;
    if mask & fsc::FILE_READ_DATA != 0 {
        bits |= 4;
    }
    if mask & fsc::FILE_WRITE_DATA != 0 {
        bits |= 2;
    }
    if mask & fsc::FILE_EXECUTE != 0 {
        bits |= 1;
    }
    bits
}

fn acl(aces: &[(Sid, u32)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (sid, mask) in aces {
        let sid = sid.to_bytes();
        body.push(ACCESS_ALLOWED_ACE_TYPE);
        body.push(0);
        body.extend(((8 + sid.len()) as u16).to_le_bytes());
        body.extend(mask.to_le_bytes());
        body.extend(sid);
    }
    let mut out = vec![ACL_REVISION, 0];
    out.extend(((8 + body.len()) as u16).to_le_bytes());
    out.extend((aces.len() as u16).to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(body);
    out
}

/// The self-relative descriptor of the parts `info` asks for.
pub fn file_descriptor(meta: &std::fs::Metadata, info: u32) -> Win32Result<Vec<u8>> {
    if info & SACL != 0 {
        return Err(Win32Error(wf::ERROR_PRIVILEGE_NOT_HELD));
    }
    let mode = meta.mode();
    let mut out = vec![0u8; SD_HEADER];
    out[0] = 1;
    let mut control = SE_SELF_RELATIVE;
    let place = |out: &mut Vec<u8>, field: usize, bytes: Vec<u8>| {
        let at = out.len() as u32;
        out[field..field + 4].copy_from_slice(&at.to_le_bytes());
        out.extend(bytes);
    };
    if info & OWNER != 0 {
        place(&mut out, 4, owner_sid(meta.uid()).to_bytes());
    }
    if info & GROUP != 0 {
        place(&mut out, 8, group_sid(meta.gid()).to_bytes());
    }
    if info & DACL != 0 {
        let is_dir = meta.is_dir();
        // The owner may always read and change the permissions, as chmod allows it.
        let owner_extra = fsc::READ_CONTROL | fsc::WRITE_DAC | fsc::WRITE_OWNER | fsc::DELETE;
        let aces = [
            (
                owner_sid(meta.uid()),
                rights_of(mode >> 6, is_dir) | owner_extra,
            ),
            (group_sid(meta.gid()), rights_of(mode >> 3, is_dir)),
            (everyone(), rights_of(mode, is_dir)),
        ];
        place(&mut out, 16, acl(&aces));
        control |= SE_DACL_PRESENT;
    }
    out[2..4].copy_from_slice(&control.to_le_bytes());
    Ok(out)
}

/// The parts of a descriptor in guest memory (absolute or self-relative): owner, group and
/// whether a DACL is present with its ACCESS_ALLOWED ACEs (None for a NULL DACL).
struct Parsed {
    owner: Option<Sid>,
    group: Option<Sid>,
    dacl: Option<Option<Vec<(Sid, u32)>>>,
}

fn parse_descriptor(sd: GuestPtr<u8>) -> Win32Result<Parsed> {
    let invalid = Win32Error(wf::ERROR_INVALID_SECURITY_DESCR);
    let head = sd.read_slice(8);
    if head.len() != 8 || head[0] != 1 {
        return Err(invalid);
    }
    let control = u16::from_le_bytes([head[2], head[3]]);
    // Self-relative: 32-bit offsets from the start; absolute: 64-bit pointers after padding.
    let locate = |index: u64| -> Option<u64> {
        if control & SE_SELF_RELATIVE != 0 {
            let off = GuestPtr::<u32>::new(sd.addr() + 4 + 4 * index).read()?;
            (off != 0).then(|| sd.addr() + off as u64)
        } else {
            let ptr = GuestPtr::<u64>::new(sd.addr() + 8 + 8 * index).read()?;
            (ptr != 0).then_some(ptr)
        }
    };
    let sid_at = |addr: Option<u64>| -> Win32Result<Option<Sid>> {
        addr.map(|a| Sid::read(GuestPtr::new(a))).transpose()
    };
    let owner = sid_at(locate(0))?;
    let group = sid_at(locate(1))?;
    let dacl = if control & SE_DACL_PRESENT == 0 {
        None
    } else {
        match locate(3) {
            None => Some(None),
            Some(addr) => Some(Some(
                read_acl(addr).ok_or(Win32Error(wf::ERROR_INVALID_ACL))?,
            )),
        }
    };
    Ok(Parsed { owner, group, dacl })
}

/// The ACCESS_ALLOWED ACEs of the ACL at `addr` (other ACE types are skipped).
fn read_acl(addr: u64) -> Option<Vec<(Sid, u32)>> {
    let head = GuestPtr::<u8>::new(addr).read_slice(8);
    if head.len() != 8 || !(2..=4).contains(&head[0]) {
        return None;
    }
    let size = u16::from_le_bytes([head[2], head[3]]) as u64;
    let count = u16::from_le_bytes([head[4], head[5]]);
    let mut aces = Vec::new();
    let mut at = addr + 8;
    for _ in 0..count {
        let ace = GuestPtr::<u8>::new(at).read_slice(8);
        if ace.len() != 8 {
            return None;
        }
        let ace_size = u16::from_le_bytes([ace[2], ace[3]]) as u64;
        if ace_size < 8 || at + ace_size > addr + size {
            return None;
        }
        if ace[0] == ACCESS_ALLOWED_ACE_TYPE {
            let mask = u32::from_le_bytes([ace[4], ace[5], ace[6], ace[7]]);
            let sid = Sid::read(GuestPtr::new(at + 8)).ok()?;
            aces.push((sid, mask));
        }
        at += ace_size;
    }
    Some(aces)
}

/// Applies the parts `info` names from descriptor `sd` to file `p`.
pub fn set_file_descriptor(p: &HostPath, info: u32, sd: GuestPtr<u8>) -> Win32Result<()> {
    if info & SACL != 0 {
        return Err(Win32Error(wf::ERROR_PRIVILEGE_NOT_HELD));
    }
    let parsed = parse_descriptor(sd)?;
    let meta = fs::metadata(p).map_err(|e| path::not_found_error(p, e))?;
    let invalid_owner = Win32Error(wf::ERROR_INVALID_OWNER);
    let uid = match (&parsed.owner, info & OWNER != 0) {
        (Some(sid), true) => Some(uid_of(sid).ok_or(invalid_owner)?),
        (None, true) => return Err(invalid_owner),
        _ => None,
    };
    let gid = match (&parsed.group, info & GROUP != 0) {
        (Some(sid), true) => Some(gid_of(sid).ok_or(Win32Error(wf::ERROR_INVALID_PRIMARY_GROUP))?),
        (None, true) => return Err(Win32Error(wf::ERROR_INVALID_PRIMARY_GROUP)),
        _ => None,
    };
    let uid = uid.filter(|&u| u != meta.uid());
    let gid = gid.filter(|&g| g != meta.gid());
    if uid.is_some() || gid.is_some() {
        fs::chown(p, uid, gid).map_err(|e| match e.raw_os_error() {
            Some(libc::EPERM) => invalid_owner,
            _ => e.into(),
        })?;
    }
    if info & DACL != 0 {
        let file_uid = uid.unwrap_or(meta.uid());
        let file_gid = gid.unwrap_or(meta.gid());
        let mode = match &parsed.dacl {
            // No DACL present in a descriptor given for DACL_SECURITY_INFORMATION, or a NULL
            // DACL: everyone has every right.
            None | Some(None) => 0o777,
            Some(Some(aces)) => {
                let (mut user, mut group, mut other) = (0, 0, 0);
                for (sid, mask) in aces {
                    let bits = bits_of(*mask);
                    if *sid == everyone() {
                        other |= bits;
                    } else if uid_of(sid) == Some(file_uid) {
                        user |= bits;
                    } else if gid_of(sid) == Some(file_gid) {
                        group |= bits;
                    }
                }
                (user | other) << 6 | (group | other) << 3 | other
            }
        };
        fs::set_mode(p, meta.mode() & 0o7000 | mode)?;
    }
    Ok(())
}

fn get_file_security(
    name: &str,
    info: u32,
    sd: GuestPtr<u8>,
    length: u32,
    needed: GuestPtr<u32>,
) -> Win32Result<()> {
    let p = host_file(name)?;
    let meta = fs::metadata(&p).map_err(|e| path::not_found_error(&p, e))?;
    let bytes = file_descriptor(&meta, info)?;
    needed.write_required(bytes.len() as u32)?;
    if (length as usize) < bytes.len() {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    if !sd.write_slice(&bytes) {
        return Err(Win32Error::NOACCESS);
    }
    Ok(())
}

#[dllexport]
pub fn GetFileSecurityW(
    lpFileName: WStrPtr,
    RequestedInformation: u32,
    pSecurityDescriptor: GuestPtr<u8>,
    nLength: u32,
    lpnLengthNeeded: GuestPtr<u32>,
) -> Win32Result<()> {
    let name = wide_name(lpFileName)?;
    get_file_security(
        &name,
        RequestedInformation,
        pSecurityDescriptor,
        nLength,
        lpnLengthNeeded,
    )
}

#[dllexport]
pub fn GetFileSecurityA(
    lpFileName: CStrPtr,
    RequestedInformation: u32,
    pSecurityDescriptor: GuestPtr<u8>,
    nLength: u32,
    lpnLengthNeeded: GuestPtr<u32>,
) -> Win32Result<()> {
    let name = ansi_name(lpFileName)?;
    get_file_security(
        &name,
        RequestedInformation,
        pSecurityDescriptor,
        nLength,
        lpnLengthNeeded,
    )
}

#[dllexport]
pub fn SetFileSecurityW(
    lpFileName: WStrPtr,
    SecurityInformation: u32,
    pSecurityDescriptor: GuestPtr<u8>,
) -> Win32Result<()> {
    let p = host_file(&wide_name(lpFileName)?)?;
    set_file_descriptor(&p, SecurityInformation, pSecurityDescriptor)
}

#[dllexport]
pub fn SetFileSecurityA(
    lpFileName: CStrPtr,
    SecurityInformation: u32,
    pSecurityDescriptor: GuestPtr<u8>,
) -> Win32Result<()> {
    let p = host_file(&ansi_name(lpFileName)?)?;
    set_file_descriptor(&p, SecurityInformation, pSecurityDescriptor)
}
