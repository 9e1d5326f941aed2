//! winbase.h: the lstr* string helpers. Like Windows, they treat a NULL string as empty.

use crate::abi::{CStrPtr, GuestPtr, WStrPtr, mem};
use crate::dllexport;

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
