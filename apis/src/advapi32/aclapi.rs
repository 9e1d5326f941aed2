//! aclapi.h, GetNamedSecurityInfo and GetSecurityInfo for files: the descriptor GetFileSecurity
//! builds (owner and group from the host uid and gid, the DACL from the permission bits), in a
//! block from LocalAlloc that the caller frees with LocalFree, with the owner, group and DACL
//! pointers aimed into it. Other object types (registry keys, services ...) are not supported.
//! These functions return the error rather than setting it.

use super::securitybaseapi_file::file_descriptor;
use crate::abi::{CStrPtr, GuestPtr, Handle, WStrPtr, Win32Error, Win32Result};
use crate::dllexport;
use crate::kernel32::fileapi::{ansi_name, host_file, metadata_of, wide_name};
use crate::kernel32::heapapi::LocalAlloc;
use crate::nt::{file, fs, path};
use windows_sys::Win32::Security::Authorization::SE_FILE_OBJECT;
use windows_sys::Win32::Security::{
    DACL_SECURITY_INFORMATION, GROUP_SECURITY_INFORMATION, OWNER_SECURITY_INFORMATION,
};

/// Where the caller wants the parts of the descriptor.
struct Outputs {
    owner: GuestPtr<u64>,
    group: GuestPtr<u64>,
    dacl: GuestPtr<u64>,
    descriptor: GuestPtr<u64>,
}

/// Copies the self-relative descriptor `bytes` into a LocalAlloc block and points the outputs
/// at it and into it.
fn hand_out(bytes: &[u8], info: u32, out: &Outputs) -> Win32Result<()> {
    let block = LocalAlloc(0, bytes.len())?;
    block.write_slice(bytes);
    // SECURITY_DESCRIPTOR_RELATIVE: the owner, group and DACL offsets at 4, 8 and 16.
    let part = |field: usize| {
        let at = u32::from_le_bytes(bytes[field..field + 4].try_into().unwrap_or_default());
        if at == 0 { 0 } else { block.addr() + at as u64 }
    };
    if info & OWNER_SECURITY_INFORMATION != 0 {
        out.owner.write(part(4));
    }
    if info & GROUP_SECURITY_INFORMATION != 0 {
        out.group.write(part(8));
    }
    if info & DACL_SECURITY_INFORMATION != 0 {
        out.dacl.write(part(16));
    }
    out.descriptor.write(block.addr());
    Ok(())
}

/// The checks both functions make before looking at the object.
fn check(object_type: i32, info: u32, out: &Outputs) -> Win32Result<()> {
    if object_type != SE_FILE_OBJECT {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    // Without the descriptor, each part asked for needs its own pointer (the block they point
    // into is then never freed, as on Windows).
    let unplaced = |bit: u32, p: GuestPtr<u64>| info & bit != 0 && p.is_null();
    if out.descriptor.is_null()
        && (unplaced(OWNER_SECURITY_INFORMATION, out.owner)
            || unplaced(GROUP_SECURITY_INFORMATION, out.group)
            || unplaced(DACL_SECURITY_INFORMATION, out.dacl))
    {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    Ok(())
}

/// The Win32 error code of a result, as these functions return it.
fn code(r: Win32Result<()>) -> u32 {
    match r {
        Ok(()) => 0,
        Err(e) => e.0,
    }
}

fn named(name: Option<String>, object_type: i32, info: u32, out: Outputs) -> u32 {
    code((|| {
        check(object_type, info, &out)?;
        let p = host_file(&name.ok_or(Win32Error::INVALID_PARAMETER)?)?;
        let meta = fs::metadata(&p).map_err(|e| path::not_found_error(&p, e))?;
        hand_out(&file_descriptor(&meta, info)?, info, &out)
    })())
}

#[dllexport]
#[allow(clippy::too_many_arguments)]
pub fn GetNamedSecurityInfoW(
    pObjectName: WStrPtr,
    ObjectType: i32,
    SecurityInfo: u32,
    ppsidOwner: GuestPtr<u64>,
    ppsidGroup: GuestPtr<u64>,
    ppDacl: GuestPtr<u64>,
    ppSacl: GuestPtr<u64>,
    ppSecurityDescriptor: GuestPtr<u64>,
) -> u32 {
    let out = Outputs {
        owner: ppsidOwner,
        group: ppsidGroup,
        dacl: ppDacl,
        descriptor: ppSecurityDescriptor,
    };
    named(wide_name(pObjectName).ok(), ObjectType, SecurityInfo, out)
}

#[dllexport]
#[allow(clippy::too_many_arguments)]
pub fn GetNamedSecurityInfoA(
    pObjectName: CStrPtr,
    ObjectType: i32,
    SecurityInfo: u32,
    ppsidOwner: GuestPtr<u64>,
    ppsidGroup: GuestPtr<u64>,
    ppDacl: GuestPtr<u64>,
    ppSacl: GuestPtr<u64>,
    ppSecurityDescriptor: GuestPtr<u64>,
) -> u32 {
    let out = Outputs {
        owner: ppsidOwner,
        group: ppsidGroup,
        dacl: ppDacl,
        descriptor: ppSecurityDescriptor,
    };
    named(ansi_name(pObjectName).ok(), ObjectType, SecurityInfo, out)
}

#[dllexport]
#[allow(clippy::too_many_arguments)]
pub fn GetSecurityInfo(
    handle: Handle,
    ObjectType: i32,
    SecurityInfo: u32,
    ppsidOwner: GuestPtr<u64>,
    ppsidGroup: GuestPtr<u64>,
    ppDacl: GuestPtr<u64>,
    ppSacl: GuestPtr<u64>,
    ppSecurityDescriptor: GuestPtr<u64>,
) -> u32 {
    let out = Outputs {
        owner: ppsidOwner,
        group: ppsidGroup,
        dacl: ppDacl,
        descriptor: ppSecurityDescriptor,
    };
    code((|| {
        check(ObjectType, SecurityInfo, &out)?;
        let f = file::get(handle)?;
        if f.disk.is_none() {
            return Err(Win32Error::INVALID_HANDLE);
        }
        let meta = metadata_of(&f)?;
        hand_out(&file_descriptor(&meta, SecurityInfo)?, SecurityInfo, &out)
    })())
}
