//! securitybaseapi.h: access tokens and SIDs.
//!
//! winrun's process has one user, the host user, whose SID is `S-1-5-21-0-0-0-<1000 + uid>`;
//! the token is elevated when the host user is root. No privilege but SeChangeNotifyPrivilege
//! (which every Windows token holds) can be enabled.

use crate::abi::handles::{HANDLES, Object};
use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result};
use crate::dllexport;
use std::sync::Arc;
use windows_sys::Win32::Foundation::{ERROR_INVALID_SID, ERROR_NOT_ALL_ASSIGNED};

/// The object behind a token handle: the process's (only) token.
pub struct Token;

impl Object for Token {
    fn type_name(&self) -> &'static str {
        "Token"
    }
}

pub fn new_token_handle() -> Handle {
    HANDLES.insert(Arc::new(Token), false)
}

/// GetCurrentProcessToken, GetCurrentThreadToken and GetCurrentThreadEffectiveToken: inline
/// functions of the SDK headers returning these constants, which Windows 8 and later accept
/// wherever a token is queried.
const PSEUDO_TOKENS: [Handle; 3] = [
    Handle(-4i64 as u64),
    Handle(-5i64 as u64),
    Handle(-6i64 as u64),
];

/// Checks that `handle` is a token (a real one or a pseudo-handle): ERROR_INVALID_HANDLE if not.
pub fn check_token(handle: Handle) -> Win32Result<()> {
    if !PSEUDO_TOKENS.contains(&handle) {
        HANDLES.get::<Token>(handle)?;
    }
    Ok(())
}

/// A SID in its binary form: revision, count, 48-bit authority, sub-authorities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sid {
    pub authority: u64,
    pub sub_authorities: Vec<u32>,
}

impl Sid {
    pub fn new(authority: u64, sub_authorities: &[u32]) -> Self {
        Sid {
            authority,
            sub_authorities: sub_authorities.to_vec(),
        }
    }

    /// The host user's SID.
    pub fn user() -> Self {
        let uid = crate::abi::host::uid();
        Sid::new(5, &[21, 0, 0, 0, 1000 + uid])
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![1, self.sub_authorities.len() as u8];
        out.extend_from_slice(&self.authority.to_be_bytes()[2..]);
        for s in &self.sub_authorities {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out
    }

    /// The SID at `addr`; ERROR_INVALID_SID when it is not a valid revision-1 SID.
    pub fn read(addr: GuestPtr<u8>) -> Win32Result<Self> {
        let head = addr.read_slice(8);
        if head.len() != 8 || head[0] != 1 || head[1] > 15 {
            return Err(Win32Error(ERROR_INVALID_SID));
        }
        let mut authority = [0u8; 8];
        authority[2..].copy_from_slice(&head[2..8]);
        let subs = addr.offset(8).cast::<u32>().read_slice(head[1] as usize);
        Ok(Sid::new(u64::from_be_bytes(authority), &subs))
    }

    /// "S-1-5-21-..."
    pub fn to_string_form(&self) -> String {
        let mut s = format!("S-1-{}", self.authority);
        for sub in &self.sub_authorities {
            s.push_str(&format!("-{sub}"));
        }
        s
    }
}

const TOKEN_USER: u32 = 1;
const TOKEN_OWNER: u32 = 4;
const TOKEN_PRIMARY_GROUP: u32 = 5;
const TOKEN_TYPE: u32 = 8;
const TOKEN_ELEVATION_TYPE: u32 = 18;
const TOKEN_ELEVATION: u32 = 20;

/// TokenUser, TokenOwner, TokenPrimaryGroup, TokenType, TokenElevationType and TokenElevation;
/// other classes fail with ERROR_INVALID_PARAMETER.
#[dllexport]
pub fn GetTokenInformation(
    TokenHandle: Handle,
    TokenInformationClass: u32,
    TokenInformation: GuestPtr<u8>,
    TokenInformationLength: u32,
    ReturnLength: GuestPtr<u32>,
) -> Win32Result<()> {
    check_token(TokenHandle)?;
    let elevated = crate::abi::host::uid() == 0;
    let sid_struct = |sid: Sid, with_attributes: bool| {
        // SID_AND_ATTRIBUTES / TOKEN_OWNER: a pointer (and attributes), the SID after them.
        let header = if with_attributes { 16 } else { 8 };
        let mut out = vec![0u8; header];
        let sid_at = TokenInformation.addr() + header as u64;
        out[..8].copy_from_slice(&sid_at.to_le_bytes());
        out.extend(sid.to_bytes());
        out
    };
    let data: Vec<u8> = match TokenInformationClass {
        TOKEN_USER => sid_struct(Sid::user(), true),
        TOKEN_OWNER => sid_struct(Sid::user(), false),
        TOKEN_PRIMARY_GROUP => sid_struct(Sid::new(5, &[21, 0, 0, 0, 513]), false),
        TOKEN_TYPE => 1u32.to_le_bytes().to_vec(), // TokenPrimary
        // TokenElevationTypeDefault: no split (UAC-filtered) token.
        TOKEN_ELEVATION_TYPE => 1u32.to_le_bytes().to_vec(),
        TOKEN_ELEVATION => (elevated as u32).to_le_bytes().to_vec(),
        other => {
            tracing::warn!(target: "advapi32::securitybaseapi", "GetTokenInformation class {other} is not supported");
            return Err(Win32Error::INVALID_PARAMETER);
        }
    };
    ReturnLength.write_required(data.len() as u32)?;
    if (TokenInformationLength as usize) < data.len() || TokenInformation.is_null() {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    TokenInformation.write_slice(&data);
    Ok(())
}

const SE_PRIVILEGE_ENABLED: u32 = 2;
const SE_CHANGE_NOTIFY_PRIVILEGE: u32 = 23;

/// Enabling any privilege other than SeChangeNotifyPrivilege succeeds with
/// ERROR_NOT_ALL_ASSIGNED, as on Windows for a privilege the token does not hold.
#[dllexport]
pub fn AdjustTokenPrivileges(
    TokenHandle: Handle,
    DisableAllPrivileges: bool,
    NewState: GuestPtr<u32>,
    BufferLength: u32,
    PreviousState: GuestPtr<u32>,
    ReturnLength: GuestPtr<u32>,
) -> Win32Result<()> {
    HANDLES.get::<Token>(TokenHandle)?;
    let mut all_assigned = true;
    if !DisableAllPrivileges {
        let count = NewState.read().ok_or(Win32Error::INVALID_PARAMETER)?;
        // TOKEN_PRIVILEGES: a count, then LUID_AND_ATTRIBUTES of 12 bytes each.
        for i in 0..count as usize {
            let entry = NewState.offset(1 + 3 * i);
            let luid = entry.read().unwrap_or(0);
            let attributes = entry.offset(2).read().unwrap_or(0);
            if attributes & SE_PRIVILEGE_ENABLED != 0 && luid != SE_CHANGE_NOTIFY_PRIVILEGE {
                all_assigned = false;
            }
        }
    }
    if !PreviousState.is_null() {
        if BufferLength < 4 {
            ReturnLength.write(4);
            return Err(Win32Error::INSUFFICIENT_BUFFER);
        }
        // Nothing changed, so there is no previous state to report.
        PreviousState.write(0);
        ReturnLength.write(4);
    }
    crate::nt::teb::set_last_error(if all_assigned {
        0
    } else {
        ERROR_NOT_ALL_ASSIGNED
    });
    Ok(())
}

#[dllexport]
pub fn IsValidSid(pSid: GuestPtr<u8>) -> bool {
    Sid::read(pSid).is_ok()
}

#[dllexport]
pub fn GetLengthSid(pSid: GuestPtr<u8>) -> u32 {
    Sid::read(pSid).map_or(0, |s| s.to_bytes().len() as u32)
}

#[dllexport]
pub fn EqualSid(pSid1: GuestPtr<u8>, pSid2: GuestPtr<u8>) -> Win32Result<bool> {
    let (a, b) = (Sid::read(pSid1)?, Sid::read(pSid2)?);
    crate::nt::teb::set_last_error(0);
    Ok(a == b)
}

#[dllexport]
pub fn CopySid(
    nDestinationSidLength: u32,
    pDestinationSid: GuestPtr<u8>,
    pSourceSid: GuestPtr<u8>,
) -> Win32Result<()> {
    let bytes = Sid::read(pSourceSid)?.to_bytes();
    if (nDestinationSidLength as usize) < bytes.len() {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    pDestinationSid.write_slice(&bytes);
    Ok(())
}
