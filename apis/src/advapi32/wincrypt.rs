//! wincrypt.h: the CryptoAPI calls programs make for random numbers. A provider context gives
//! access to the system generator; no keys or hashes are kept.

use crate::abi::handles::{HANDLES, Object};
use crate::abi::{CStrPtr, GuestPtr, Handle, WStrPtr, Win32Error, Win32Result, host};
use crate::dllexport;
use std::sync::Arc;
use windows_sys::Win32::Foundation::NTE_BAD_UID;

struct CryptProvider;

impl Object for CryptProvider {
    fn type_name(&self) -> &'static str {
        "CryptProvider"
    }
}

fn provider(hProv: u64) -> Win32Result<()> {
    HANDLES
        .get::<CryptProvider>(Handle(hProv))
        .map(drop)
        .map_err(|_| Win32Error(NTE_BAD_UID as u32))
}

fn acquire(phProv: GuestPtr<u64>) -> Win32Result<()> {
    if phProv.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    phProv.write(HANDLES.insert(Arc::new(CryptProvider), false).0);
    Ok(())
}

/// Any provider name and type open the one provider winrun has.
#[dllexport]
pub fn CryptAcquireContextW(
    phProv: GuestPtr<u64>,
    szContainer: WStrPtr,
    szProvider: WStrPtr,
    dwProvType: u32,
    dwFlags: u32,
) -> Win32Result<()> {
    acquire(phProv)
}

#[dllexport]
pub fn CryptAcquireContextA(
    phProv: GuestPtr<u64>,
    szContainer: CStrPtr,
    szProvider: CStrPtr,
    dwProvType: u32,
    dwFlags: u32,
) -> Win32Result<()> {
    acquire(phProv)
}

#[dllexport]
pub fn CryptGenRandom(hProv: u64, dwLen: u32, pbBuffer: GuestPtr<u8>) -> Win32Result<()> {
    provider(hProv)?;
    if pbBuffer.is_null() && dwLen != 0 {
        return Err(Win32Error::NOACCESS);
    }
    host::fill_random(pbBuffer.addr(), dwLen as usize)
}

#[dllexport]
pub fn CryptReleaseContext(hProv: u64, dwFlags: u32) -> Win32Result<()> {
    provider(hProv)?;
    HANDLES.remove(Handle(hProv)).map(drop)
}
