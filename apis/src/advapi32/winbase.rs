//! winbase.h (advapi32 half): the user name, account look-ups and privilege names.

use super::securitybaseapi::Sid;
use crate::abi::{CStrPtr, GuestPtr, WStrPtr, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::env;
use windows_sys::Win32::Foundation::{ERROR_NO_SUCH_PRIVILEGE, ERROR_NONE_MAPPED};

fn env_var(name: &str) -> String {
    let name: Vec<u16> = name.encode_utf16().collect();
    env::get(&name)
        .map(|v| String::from_utf16_lossy(&v))
        .unwrap_or_default()
}

/// The host user's name (the USERNAME winrun gives the process).
fn user_name() -> String {
    env_var("USERNAME")
}

/// Copies `text` and a NUL into `*size` elements at `buf`; `*size` becomes the length with the
/// NUL, and a buffer that is too small is ERROR_INSUFFICIENT_BUFFER with `*size` the need.
fn copy_counted<T: Copy + Default>(
    text: &[T],
    buf: GuestPtr<T>,
    size: GuestPtr<u32>,
) -> Win32Result<()> {
    let capacity = size.read().ok_or(Win32Error::INVALID_PARAMETER)?;
    let need = text.len() as u32 + 1;
    size.write(need);
    if capacity < need || buf.is_null() {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    buf.write_slice(text);
    buf.offset(text.len()).write(T::default());
    Ok(())
}

#[dllexport]
pub fn GetUserNameW(lpBuffer: GuestPtr<u16>, pcbBuffer: GuestPtr<u32>) -> Win32Result<()> {
    let name: Vec<u16> = user_name().encode_utf16().collect();
    copy_counted(&name, lpBuffer, pcbBuffer)
}

#[dllexport]
pub fn GetUserNameA(lpBuffer: GuestPtr<u8>, pcbBuffer: GuestPtr<u32>) -> Win32Result<()> {
    copy_counted(user_name().as_bytes(), lpBuffer, pcbBuffer)
}

const SID_TYPE_USER: u32 = 1;
const SID_TYPE_ALIAS: u32 = 4;
const SID_TYPE_WELL_KNOWN_GROUP: u32 = 5;

/// The account name, domain and SID_NAME_USE of the SIDs winrun knows: the user's and a few
/// well-known ones.
fn account_of(sid: &Sid) -> Option<(String, String, u32)> {
    let computer = env_var("COMPUTERNAME");
    let known = |name: &str, domain: &str, kind| Some((name.to_string(), domain.to_string(), kind));
    match (sid.authority, sid.sub_authorities.as_slice()) {
        _ if *sid == Sid::user() => Some((user_name(), computer, SID_TYPE_USER)),
        (1, [0]) => known("Everyone", "", SID_TYPE_WELL_KNOWN_GROUP),
        (5, [18]) => known("SYSTEM", "NT AUTHORITY", SID_TYPE_WELL_KNOWN_GROUP),
        (5, [11]) => known(
            "Authenticated Users",
            "NT AUTHORITY",
            SID_TYPE_WELL_KNOWN_GROUP,
        ),
        (5, [32, 544]) => known("Administrators", "BUILTIN", SID_TYPE_ALIAS),
        (5, [32, 545]) => known("Users", "BUILTIN", SID_TYPE_ALIAS),
        _ => None,
    }
}

fn lookup_account_sid<T: Copy + Default>(
    sid: GuestPtr<u8>,
    name: GuestPtr<T>,
    cch_name: GuestPtr<u32>,
    domain: GuestPtr<T>,
    cch_domain: GuestPtr<u32>,
    pe_use: GuestPtr<u32>,
    encode: impl Fn(&str) -> Vec<T>,
) -> Win32Result<()> {
    let sid = Sid::read(sid)?;
    let (account, domain_name, kind) = account_of(&sid).ok_or(Win32Error(ERROR_NONE_MAPPED))?;
    let name_result = copy_counted(&encode(&account), name, cch_name);
    let domain_result = copy_counted(&encode(&domain_name), domain, cch_domain);
    name_result?;
    domain_result?;
    // On success the counts exclude the NUL.
    cch_name.write(account.encode_utf16().count() as u32);
    cch_domain.write(domain_name.encode_utf16().count() as u32);
    pe_use.write(kind);
    Ok(())
}

#[dllexport]
pub fn LookupAccountSidW(
    lpSystemName: WStrPtr,
    Sid: GuestPtr<u8>,
    Name: GuestPtr<u16>,
    cchName: GuestPtr<u32>,
    ReferencedDomainName: GuestPtr<u16>,
    cchReferencedDomainName: GuestPtr<u32>,
    peUse: GuestPtr<u32>,
) -> Win32Result<()> {
    lookup_account_sid(
        Sid,
        Name,
        cchName,
        ReferencedDomainName,
        cchReferencedDomainName,
        peUse,
        |s| s.encode_utf16().collect(),
    )
}

#[dllexport]
pub fn LookupAccountSidA(
    lpSystemName: CStrPtr,
    Sid: GuestPtr<u8>,
    Name: GuestPtr<u8>,
    cchName: GuestPtr<u32>,
    ReferencedDomainName: GuestPtr<u8>,
    cchReferencedDomainName: GuestPtr<u32>,
    peUse: GuestPtr<u32>,
) -> Win32Result<()> {
    lookup_account_sid(
        Sid,
        Name,
        cchName,
        ReferencedDomainName,
        cchReferencedDomainName,
        peUse,
        |s| s.as_bytes().to_vec(),
    )
}

/// The privileges in LUID order, from SeCreateTokenPrivilege (2).
const PRIVILEGES: &[&str] = &[
    "SeCreateTokenPrivilege",
    "SeAssignPrimaryTokenPrivilege",
    "SeLockMemoryPrivilege",
    "SeIncreaseQuotaPrivilege",
    "SeMachineAccountPrivilege",
    "SeTcbPrivilege",
    "SeSecurityPrivilege",
    "SeTakeOwnershipPrivilege",
    "SeLoadDriverPrivilege",
    "SeSystemProfilePrivilege",
    "SeSystemtimePrivilege",
    "SeProfileSingleProcessPrivilege",
    "SeIncreaseBasePriorityPrivilege",
    "SeCreatePagefilePrivilege",
    "SeCreatePermanentPrivilege",
    "SeBackupPrivilege",
    "SeRestorePrivilege",
    "SeShutdownPrivilege",
    "SeDebugPrivilege",
    "SeAuditPrivilege",
    "SeSystemEnvironmentPrivilege",
    "SeChangeNotifyPrivilege",
    "SeRemoteShutdownPrivilege",
    "SeUndockPrivilege",
    "SeSyncAgentPrivilege",
    "SeEnableDelegationPrivilege",
    "SeManageVolumePrivilege",
    "SeImpersonatePrivilege",
    "SeCreateGlobalPrivilege",
    "SeTrustedCredManAccessPrivilege",
    "SeRelabelPrivilege",
    "SeIncreaseWorkingSetPrivilege",
    "SeTimeZonePrivilege",
    "SeCreateSymbolicLinkPrivilege",
    "SeDelegateSessionUserImpersonatePrivilege",
];

fn lookup_privilege(name: Option<String>, lpLuid: GuestPtr<u64>) -> Win32Result<()> {
    let name = name.ok_or(Win32Error::INVALID_PARAMETER)?;
    let index = PRIVILEGES
        .iter()
        .position(|p| p.eq_ignore_ascii_case(&name))
        .ok_or(Win32Error(ERROR_NO_SUCH_PRIVILEGE))?;
    lpLuid.write_required(index as u64 + 2)
}

#[dllexport]
pub fn LookupPrivilegeValueW(
    lpSystemName: WStrPtr,
    lpName: WStrPtr,
    lpLuid: GuestPtr<u64>,
) -> Win32Result<()> {
    lookup_privilege(lpName.string(), lpLuid)
}

#[dllexport]
pub fn LookupPrivilegeValueA(
    lpSystemName: CStrPtr,
    lpName: CStrPtr,
    lpLuid: GuestPtr<u64>,
) -> Win32Result<()> {
    lookup_privilege(lpName.string(), lpLuid)
}
