//! wchar.h and stdlib.h conversions between multibyte and wide characters (mbstowcs, wctomb,
//! mbrtowc ...) in the current LC_CTYPE: the "C" locale, where each byte is the character of
//! the same value, or UTF-8 after `setlocale` chose it.

use super::errno::{EILSEQ, EINVAL};
use super::locale::utf8_locale;
use crate::abi::{CStrPtr, GuestPtr, mem};
use crate::dllexport;

/// Decodes one character from the start of `bytes`: (character, bytes used), None when invalid
/// or incomplete.
fn decode(bytes: &[u8]) -> Option<(u16, usize)> {
    let first = *bytes.first()?;
    if !utf8_locale() || first < 0x80 {
        return Some((first as u16, 1));
    }
    let len = match first {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => return None,
    };
    let s = std::str::from_utf8(bytes.get(..len)?).ok()?;
    let c = s.chars().next()?;
    let mut units = [0u16; 2];
    let encoded = c.encode_utf16(&mut units);
    (encoded.len() == 1).then_some((units[0], len))
}

/// Encodes one wide character; None when the locale cannot represent it.
fn encode(c: u16) -> Option<Vec<u8>> {
    if !utf8_locale() {
        return (c < 0x100).then(|| vec![c as u8]);
    }
    char::from_u32(c as u32).map(|ch| ch.to_string().into_bytes())
}

/// `mbtowc(&wc, s, n)`: bytes used (0 for the NUL), -1 with EILSEQ when invalid.
#[dllexport]
pub fn mbtowc(wchar: GuestPtr<u16>, mbchar: GuestPtr<u8>, count: usize) -> i32 {
    if mbchar.is_null() {
        return 0; // no shift states
    }
    let bytes = mbchar.read_slice(count.min(4));
    match decode(&bytes) {
        Some((0, _)) => {
            wchar.write(0);
            0
        }
        Some((c, n)) => {
            wchar.write(c);
            n as i32
        }
        None => super::io::fail(EILSEQ, -1),
    }
}

#[dllexport]
pub fn mblen(mbstr: GuestPtr<u8>, count: usize) -> i32 {
    mbtowc(GuestPtr::NULL, mbstr, count)
}

/// `mbrtowc`: as mbtowc, returning (size_t)-1 for an invalid sequence and -2 for an incomplete one.
#[dllexport]
pub fn mbrtowc(
    wchar: GuestPtr<u16>,
    mbchar: GuestPtr<u8>,
    count: usize,
    state: GuestPtr<u32>,
) -> usize {
    if mbchar.is_null() {
        return 0;
    }
    let bytes = mbchar.read_slice(count.min(4));
    match decode(&bytes) {
        Some((c, n)) => {
            wchar.write(c);
            if c == 0 { 0 } else { n }
        }
        None if bytes.len() < 4 && utf8_locale() && bytes.first().is_some_and(|&b| b >= 0xC2) => {
            usize::MAX - 1
        }
        None => super::io::fail(EILSEQ, usize::MAX),
    }
}

#[dllexport]
pub fn btowc(c: i32) -> u16 {
    match u8::try_from(c) {
        Ok(b) if b < 0x80 || !utf8_locale() => b as u16,
        _ => 0xFFFF, // WEOF
    }
}

/// `wctomb(s, wc)`: the bytes written, -1 with EILSEQ when the locale has no such character.
#[dllexport]
pub fn wctomb(mbchar: GuestPtr<u8>, wchar: u16) -> i32 {
    if mbchar.is_null() {
        return 0;
    }
    match encode(wchar) {
        Some(bytes) => {
            mbchar.write_slice(&bytes);
            bytes.len() as i32
        }
        None => super::io::fail(EILSEQ, -1),
    }
}

#[dllexport]
pub fn wcrtomb(mbchar: GuestPtr<u8>, wchar: u16, state: GuestPtr<u32>) -> usize {
    match wctomb(mbchar, wchar) {
        -1 => usize::MAX,
        n => n.max(1) as usize,
    }
}

#[dllexport]
pub fn wctob(wchar: u16) -> i32 {
    match encode(wchar) {
        Some(b) if b.len() == 1 => b[0] as i32,
        _ => -1,
    }
}

/// `mbstowcs(dst, src, n)`: the characters converted (without the NUL); with a NULL `dst`, the
/// count needed. (size_t)-1 with EILSEQ for an invalid sequence.
#[dllexport]
pub fn mbstowcs(wcstr: GuestPtr<u16>, mbstr: CStrPtr, count: usize) -> usize {
    let Some(bytes) = mbstr.bytes() else {
        super::stdlib::invalid_parameter(EINVAL);
        return usize::MAX;
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() && (wcstr.is_null() || out.len() < count) {
        match decode(&bytes[i..]) {
            Some((c, n)) => {
                out.push(c);
                i += n;
            }
            None => return super::io::fail(EILSEQ, usize::MAX),
        }
    }
    if !wcstr.is_null() {
        wcstr.write_slice(&out);
        if out.len() < count {
            wcstr.offset(out.len()).write(0);
        }
    }
    out.len()
}

/// `wcstombs(dst, src, n)`: the bytes written (without the NUL), never a partial character;
/// with a NULL `dst`, the count needed.
#[dllexport]
pub fn wcstombs(mbstr: GuestPtr<u8>, wcstr: GuestPtr<u16>, count: usize) -> usize {
    let Some(units) = mem::read_wstr(wcstr.addr()) else {
        super::stdlib::invalid_parameter(EINVAL);
        return usize::MAX;
    };
    let mut out = Vec::new();
    for c in units {
        let Some(bytes) = encode(c) else {
            return super::io::fail(EILSEQ, usize::MAX);
        };
        if !mbstr.is_null() && out.len() + bytes.len() > count {
            break;
        }
        out.extend_from_slice(&bytes);
    }
    if !mbstr.is_null() {
        mbstr.write_slice(&out);
        if out.len() < count {
            mbstr.offset(out.len()).write(0);
        }
    }
    out.len()
}
