//! winuser.h: the Char* case and navigation helpers and the IsChar* tests. The A forms work on
//! the process code page, UTF-8: a character changes case only where its new form has the same
//! length, so strings are converted in place as on Windows.

use crate::abi::{GuestPtr, mem};
use crate::dllexport;
use crate::kernel32::stringapiset;
use crate::nt::case;
use windows_sys::Win32::Globalization::CP_UTF8;

/// `lpsz` is a pointer, or a single character in its low word when the high bits are zero.
fn is_char_arg(addr: u64) -> bool {
    addr >> 16 == 0
}

fn convert_wide(addr: u64, len: usize, f: fn(u16) -> u16) {
    let units: Vec<u16> = mem::read_slice::<u16>(addr, len)
        .into_iter()
        .map(f)
        .collect();
    mem::write_slice(addr, &units);
}

fn convert_narrow(addr: u64, len: usize, f: fn(u16) -> u16) {
    let bytes = mem::read_slice::<u8>(addr, len);
    mem::write_slice(addr, &convert_bytes(&bytes, f));
}

/// Case-maps UTF-8 text character by character, keeping each character's byte length.
fn convert_bytes(bytes: &[u8], f: fn(u16) -> u16) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            let mapped = u16::try_from(c as u32)
                .ok()
                .and_then(|u| char::from_u32(u32::from(f(u))))
                .filter(|m| m.len_utf8() == c.len_utf8())
                .unwrap_or(c);
            let mut buf = [0u8; 4];
            out.extend_from_slice(mapped.encode_utf8(&mut buf).as_bytes());
        }
        out.extend_from_slice(chunk.invalid());
    }
    out
}

fn char_wide(lpsz: GuestPtr<u16>, f: fn(u16) -> u16) -> GuestPtr<u16> {
    if is_char_arg(lpsz.addr()) {
        return GuestPtr::new(u64::from(f(lpsz.addr() as u16)));
    }
    convert_wide(lpsz.addr(), mem::wstr_len(lpsz.addr()), f);
    lpsz
}

fn char_narrow(lpsz: GuestPtr<u8>, f: fn(u16) -> u16) -> GuestPtr<u8> {
    if is_char_arg(lpsz.addr()) {
        let byte = lpsz.addr() as u8;
        let mapped = if byte.is_ascii() {
            f(u16::from(byte)) as u8
        } else {
            byte
        };
        return GuestPtr::new(u64::from(mapped));
    }
    convert_narrow(lpsz.addr(), mem::cstr_len(lpsz.addr()), f);
    lpsz
}

#[dllexport]
pub fn CharUpperW(lpsz: GuestPtr<u16>) -> GuestPtr<u16> {
    char_wide(lpsz, case::upper)
}

#[dllexport]
pub fn CharLowerW(lpsz: GuestPtr<u16>) -> GuestPtr<u16> {
    char_wide(lpsz, case::lower)
}

#[dllexport]
pub fn CharUpperA(lpsz: GuestPtr<u8>) -> GuestPtr<u8> {
    char_narrow(lpsz, case::upper)
}

#[dllexport]
pub fn CharLowerA(lpsz: GuestPtr<u8>) -> GuestPtr<u8> {
    char_narrow(lpsz, case::lower)
}

#[dllexport]
pub fn CharUpperBuffW(lpsz: GuestPtr<u16>, cchLength: u32) -> u32 {
    convert_wide(lpsz.addr(), cchLength as usize, case::upper);
    if lpsz.is_null() { 0 } else { cchLength }
}

#[dllexport]
pub fn CharLowerBuffW(lpsz: GuestPtr<u16>, cchLength: u32) -> u32 {
    convert_wide(lpsz.addr(), cchLength as usize, case::lower);
    if lpsz.is_null() { 0 } else { cchLength }
}

#[dllexport]
pub fn CharUpperBuffA(lpsz: GuestPtr<u8>, cchLength: u32) -> u32 {
    convert_narrow(lpsz.addr(), cchLength as usize, case::upper);
    if lpsz.is_null() { 0 } else { cchLength }
}

#[dllexport]
pub fn CharLowerBuffA(lpsz: GuestPtr<u8>, cchLength: u32) -> u32 {
    convert_narrow(lpsz.addr(), cchLength as usize, case::lower);
    if lpsz.is_null() { 0 } else { cchLength }
}

/// The next character; at the terminating NUL, the NUL itself.
#[dllexport]
pub fn CharNextW(lpsz: GuestPtr<u16>) -> GuestPtr<u16> {
    match lpsz.read() {
        Some(c) if c != 0 => lpsz.offset(1),
        _ => lpsz,
    }
}

/// The next character of UTF-8 text: past a whole multi-byte sequence.
#[dllexport]
pub fn CharNextA(lpsz: GuestPtr<u8>) -> GuestPtr<u8> {
    let Some(lead) = lpsz.read().filter(|&b| b != 0) else {
        return lpsz;
    };
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 1,
    };
    let mut step = 1;
    while step < len && lpsz.offset(step).read().is_some_and(|b| b & 0xC0 == 0x80) {
        step += 1;
    }
    lpsz.offset(step)
}

/// The previous character, never before `lpszStart`.
#[dllexport]
pub fn CharPrevW(lpszStart: GuestPtr<u16>, lpszCurrent: GuestPtr<u16>) -> GuestPtr<u16> {
    if lpszCurrent.addr() > lpszStart.addr() {
        GuestPtr::new(lpszCurrent.addr() - 2)
    } else {
        lpszStart
    }
}

/// The previous character of UTF-8 text: back over continuation bytes to the lead byte.
#[dllexport]
pub fn CharPrevA(lpszStart: GuestPtr<u8>, lpszCurrent: GuestPtr<u8>) -> GuestPtr<u8> {
    let start = lpszStart.addr();
    let mut at = lpszCurrent.addr();
    if at <= start {
        return lpszStart;
    }
    at -= 1;
    while at > start && mem::read::<u8>(at).is_some_and(|b| b & 0xC0 == 0x80) {
        at -= 1;
    }
    GuestPtr::new(at)
}

/// CharPrevA in a given code page: UTF-8 text steps back over whole sequences, the single-byte
/// code pages (UTF-8 and they have no DBCS lead bytes) one byte. `dwFlags` is reserved.
#[dllexport]
pub fn CharPrevExA(
    CodePage: u16,
    lpStart: GuestPtr<u8>,
    lpCurrentChar: GuestPtr<u8>,
    dwFlags: u32,
) -> GuestPtr<u8> {
    if stringapiset::resolve(u32::from(CodePage)) == CP_UTF8 {
        return CharPrevA(lpStart, lpCurrentChar);
    }
    if lpCurrentChar.addr() > lpStart.addr() {
        GuestPtr::new(lpCurrentChar.addr() - 1)
    } else {
        lpStart
    }
}

fn test_wide(ch: u16, f: fn(char) -> bool) -> bool {
    char::from_u32(u32::from(ch)).is_some_and(f)
}

/// An ANSI character: bytes of the UTF-8 code page above 0x7F are parts of sequences, not
/// characters of their own.
fn test_narrow(ch: u8, f: fn(char) -> bool) -> bool {
    ch.is_ascii() && f(char::from(ch))
}

#[dllexport]
pub fn IsCharAlphaW(ch: u16) -> bool {
    test_wide(ch, char::is_alphabetic)
}

#[dllexport]
pub fn IsCharAlphaA(ch: u8) -> bool {
    test_narrow(ch, char::is_alphabetic)
}

#[dllexport]
pub fn IsCharAlphaNumericW(ch: u16) -> bool {
    test_wide(ch, char::is_alphanumeric)
}

#[dllexport]
pub fn IsCharAlphaNumericA(ch: u8) -> bool {
    test_narrow(ch, char::is_alphanumeric)
}

#[dllexport]
pub fn IsCharUpperW(ch: u16) -> bool {
    test_wide(ch, char::is_uppercase)
}

#[dllexport]
pub fn IsCharUpperA(ch: u8) -> bool {
    test_narrow(ch, char::is_uppercase)
}

#[dllexport]
pub fn IsCharLowerW(ch: u16) -> bool {
    test_wide(ch, char::is_lowercase)
}

#[dllexport]
pub fn IsCharLowerA(ch: u8) -> bool {
    test_narrow(ch, char::is_lowercase)
}
