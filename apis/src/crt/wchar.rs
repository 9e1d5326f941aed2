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
    decode_in(bytes, utf8_locale())
}

/// `decode` in a locale that is UTF-8 (`utf8`) or single-byte.
fn decode_in(bytes: &[u8], utf8: bool) -> Option<(u16, usize)> {
    let first = *bytes.first()?;
    if !utf8 || first < 0x80 {
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
    encode_in(c, utf8_locale())
}

fn encode_in(c: u16, utf8: bool) -> Option<Vec<u8>> {
    if !utf8 {
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

/// Whether a `_locale_t`'s LC_CTYPE is UTF-8 (its multibyte info carries the code page); the
/// current locale's for NULL.
fn locale_utf8(locale: GuestPtr<u8>) -> bool {
    if locale.is_null() {
        return utf8_locale();
    }
    super::mbctype::for_locale(locale).codepage == 65001
}

/// Converts the NUL-terminated multibyte string at `src` to at most `limit` wide characters:
/// (units, bytes consumed, whether the NUL was reached), or None for an invalid sequence.
fn to_wide(src: u64, limit: usize, utf8: bool) -> Option<(Vec<u16>, usize, bool)> {
    let bytes = mem::read_cstr(src).unwrap_or_default();
    let (mut out, mut i) = (Vec::new(), 0);
    while out.len() < limit {
        if i == bytes.len() {
            return Some((out, i, true));
        }
        let (c, n) = decode_in(&bytes[i..], utf8)?;
        out.push(c);
        i += n;
    }
    Some((out, i, false))
}

/// Converts the NUL-terminated wide string at `src` to at most `limit` bytes, never cutting a
/// character: (bytes, units consumed, whether the NUL was reached), or None for a character the
/// locale cannot represent.
fn to_multibyte(src: u64, limit: usize, utf8: bool) -> Option<(Vec<u8>, usize, bool)> {
    let units = mem::read_wstr(src).unwrap_or_default();
    let mut out = Vec::new();
    for (i, &c) in units.iter().enumerate() {
        let bytes = encode_in(c, utf8)?;
        if out.len() + bytes.len() > limit {
            return Some((out, i, false));
        }
        out.extend_from_slice(&bytes);
    }
    Some((out, units.len(), true))
}

#[dllexport]
pub fn mbrlen(str: GuestPtr<u8>, count: usize, state: GuestPtr<u32>) -> usize {
    mbrtowc(GuestPtr::NULL, str, count, state)
}

/// `mbsrtowcs(dst, &src, len, state)`: with a destination, at most `len` characters, `*src`
/// then NULL when the NUL was converted (and stored) or where conversion stopped; without one,
/// the count only. (size_t)-1 with EILSEQ for an invalid sequence.
#[dllexport]
pub fn mbsrtowcs(
    wcstr: GuestPtr<u16>,
    mbstr: GuestPtr<u64>,
    count: usize,
    state: GuestPtr<u32>,
) -> usize {
    let Some(src) = mbstr.read().filter(|&s| s != 0) else {
        super::stdlib::invalid_parameter(EINVAL);
        return usize::MAX;
    };
    let limit = if wcstr.is_null() { usize::MAX } else { count };
    let Some((units, used, done)) = to_wide(src, limit, utf8_locale()) else {
        return super::io::fail(EILSEQ, usize::MAX);
    };
    if !wcstr.is_null() {
        wcstr.write_slice(&units);
        if done && units.len() < count {
            wcstr.offset(units.len()).write(0);
            mbstr.write(0);
        } else {
            mbstr.write(src + used as u64);
        }
    }
    units.len()
}

/// `wcsrtombs(dst, &src, len, state)`: the byte twin of mbsrtowcs.
#[dllexport]
pub fn wcsrtombs(
    mbstr: GuestPtr<u8>,
    wcstr: GuestPtr<u64>,
    count: usize,
    state: GuestPtr<u32>,
) -> usize {
    let Some(src) = wcstr.read().filter(|&s| s != 0) else {
        super::stdlib::invalid_parameter(EINVAL);
        return usize::MAX;
    };
    let limit = if mbstr.is_null() { usize::MAX } else { count };
    let Some((bytes, used, done)) = to_multibyte(src, limit, utf8_locale()) else {
        return super::io::fail(EILSEQ, usize::MAX);
    };
    if !mbstr.is_null() {
        mbstr.write_slice(&bytes);
        if done && bytes.len() < count {
            mbstr.offset(bytes.len()).write(0);
            wcstr.write(0);
        } else {
            wcstr.write(src + 2 * used as u64);
        }
    }
    bytes.len()
}

/// `_TRUNCATE` of the `_s` conversions.
const TRUNCATE: usize = usize::MAX;

/// The `_s` conversion rule shared by mbstowcs_s/wcstombs_s (and their `r` forms): `*ret` is
/// the units stored with the NUL. A NULL destination with size 0 asks for the size needed; a
/// destination without a size, or a NULL source, is EINVAL; output that does not fit empties the
/// destination and is ERANGE, or is cut with STRUNCATE for `_TRUNCATE`.
fn convert_s<T: Copy + Default>(
    ret: GuestPtr<usize>,
    dest: GuestPtr<T>,
    size: usize,
    src: u64,
    count: usize,
    convert: impl Fn(usize) -> Option<(Vec<T>, bool)>,
) -> i32 {
    use super::errno::{ERANGE, STRUNCATE};
    if dest.is_null() != (size == 0) {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    dest.write(T::default());
    ret.write(0);
    if src == 0 {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    if dest.is_null() {
        return match convert(usize::MAX) {
            Some((units, _)) => {
                ret.write(units.len() + 1);
                0
            }
            None => super::io::fail(EILSEQ, EILSEQ),
        };
    }
    let Some((mut units, done)) = convert(count.min(size)) else {
        return super::io::fail(EILSEQ, EILSEQ);
    };
    let mut result = 0;
    if units.len() >= size {
        if count != TRUNCATE {
            dest.write(T::default());
            return super::stdlib::invalid_parameter(ERANGE);
        }
        units.truncate(size - 1);
        result = STRUNCATE;
    } else if !done && count == TRUNCATE && units.len() + 1 == size {
        result = STRUNCATE;
    }
    dest.write_slice(&units);
    dest.offset(units.len()).write(T::default());
    ret.write(units.len() + 1);
    result
}

#[dllexport]
pub fn mbstowcs_s(
    pReturnValue: GuestPtr<usize>,
    wcstr: GuestPtr<u16>,
    sizeInWords: usize,
    mbstr: CStrPtr,
    count: usize,
) -> i32 {
    _mbstowcs_s_l(
        pReturnValue,
        wcstr,
        sizeInWords,
        mbstr,
        count,
        GuestPtr::NULL,
    )
}

#[dllexport]
pub fn _mbstowcs_s_l(
    pReturnValue: GuestPtr<usize>,
    wcstr: GuestPtr<u16>,
    sizeInWords: usize,
    mbstr: CStrPtr,
    count: usize,
    locale: GuestPtr<u8>,
) -> i32 {
    let utf8 = locale_utf8(locale);
    convert_s(pReturnValue, wcstr, sizeInWords, mbstr.0, count, |limit| {
        to_wide(mbstr.0, limit, utf8).map(|(units, _, done)| (units, done))
    })
}

#[dllexport]
pub fn wcstombs_s(
    pReturnValue: GuestPtr<usize>,
    mbstr: GuestPtr<u8>,
    sizeInBytes: usize,
    wcstr: GuestPtr<u16>,
    count: usize,
) -> i32 {
    _wcstombs_s_l(
        pReturnValue,
        mbstr,
        sizeInBytes,
        wcstr,
        count,
        GuestPtr::NULL,
    )
}

#[dllexport]
pub fn _wcstombs_s_l(
    pReturnValue: GuestPtr<usize>,
    mbstr: GuestPtr<u8>,
    sizeInBytes: usize,
    wcstr: GuestPtr<u16>,
    count: usize,
    locale: GuestPtr<u8>,
) -> i32 {
    let utf8 = locale_utf8(locale);
    convert_s(
        pReturnValue,
        mbstr,
        sizeInBytes,
        wcstr.addr(),
        count,
        |limit| to_multibyte(wcstr.addr(), limit, utf8).map(|(bytes, _, done)| (bytes, done)),
    )
}

/// `wctomb_s(&ret, dst, size, wc)`: `*ret` the bytes written (-1 for a character the locale
/// lacks, EILSEQ); a NULL destination with size 0 only reports 0 (no shift states); a
/// destination too small is ERANGE.
#[dllexport]
pub fn wctomb_s(
    pRetValue: GuestPtr<i32>,
    mbchar: GuestPtr<u8>,
    sizeInBytes: usize,
    wchar: u16,
) -> i32 {
    _wctomb_s_l(pRetValue, mbchar, sizeInBytes, wchar, GuestPtr::NULL)
}

#[dllexport]
pub fn _wctomb_s_l(
    pRetValue: GuestPtr<i32>,
    mbchar: GuestPtr<u8>,
    sizeInBytes: usize,
    wchar: u16,
    locale: GuestPtr<u8>,
) -> i32 {
    if mbchar.is_null() && sizeInBytes > 0 {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    pRetValue.write(0);
    if mbchar.is_null() {
        return 0;
    }
    let Some(bytes) = encode_in(wchar, locale_utf8(locale)) else {
        pRetValue.write(-1);
        return super::io::fail(EILSEQ, EILSEQ);
    };
    if bytes.len() > sizeInBytes {
        return super::stdlib::invalid_parameter(super::errno::ERANGE);
    }
    mbchar.write_slice(&bytes);
    pRetValue.write(bytes.len() as i32);
    0
}

/// `wcrtomb_s`: as wctomb_s, `*ret` a size_t; a NULL destination stores the NUL's length, 1.
#[dllexport]
pub fn wcrtomb_s(
    pReturnValue: GuestPtr<usize>,
    mbchar: GuestPtr<u8>,
    sizeInBytes: usize,
    wchar: u16,
    state: GuestPtr<u32>,
) -> i32 {
    if mbchar.is_null() && sizeInBytes > 0 {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    if mbchar.is_null() {
        pReturnValue.write(1);
        return 0;
    }
    match encode(wchar) {
        None => {
            pReturnValue.write(usize::MAX);
            super::io::fail(EILSEQ, EILSEQ)
        }
        Some(bytes) if bytes.len() > sizeInBytes => {
            super::stdlib::invalid_parameter(super::errno::ERANGE)
        }
        Some(bytes) => {
            mbchar.write_slice(&bytes);
            pReturnValue.write(bytes.len());
            0
        }
    }
}

#[dllexport]
pub fn _mblen_l(mbstr: GuestPtr<u8>, count: usize, locale: GuestPtr<u8>) -> i32 {
    _mbtowc_l(GuestPtr::NULL, mbstr, count, locale)
}

#[dllexport]
pub fn _mbtowc_l(
    wchar: GuestPtr<u16>,
    mbchar: GuestPtr<u8>,
    count: usize,
    locale: GuestPtr<u8>,
) -> i32 {
    if mbchar.is_null() {
        return 0;
    }
    match decode_in(&mbchar.read_slice(count.min(4)), locale_utf8(locale)) {
        Some((c, n)) => {
            wchar.write(c);
            if c == 0 { 0 } else { n as i32 }
        }
        None => super::io::fail(EILSEQ, -1),
    }
}

#[dllexport]
pub fn _wctomb_l(mbchar: GuestPtr<u8>, wchar: u16, locale: GuestPtr<u8>) -> i32 {
    if mbchar.is_null() {
        return 0;
    }
    match encode_in(wchar, locale_utf8(locale)) {
        Some(bytes) => {
            mbchar.write_slice(&bytes);
            bytes.len() as i32
        }
        None => super::io::fail(EILSEQ, -1),
    }
}

/// `_mbstowcs_l`/`_wcstombs_l`: mbstowcs and wcstombs in a locale object's LC_CTYPE.
#[dllexport]
pub fn _mbstowcs_l(
    wcstr: GuestPtr<u16>,
    mbstr: CStrPtr,
    count: usize,
    locale: GuestPtr<u8>,
) -> usize {
    if mbstr.is_null() {
        super::stdlib::invalid_parameter(EINVAL);
        return usize::MAX;
    }
    let limit = if wcstr.is_null() { usize::MAX } else { count };
    let Some((units, _, done)) = to_wide(mbstr.0, limit, locale_utf8(locale)) else {
        return super::io::fail(EILSEQ, usize::MAX);
    };
    if !wcstr.is_null() {
        wcstr.write_slice(&units);
        if done && units.len() < count {
            wcstr.offset(units.len()).write(0);
        }
    }
    units.len()
}

#[dllexport]
pub fn _wcstombs_l(
    mbstr: GuestPtr<u8>,
    wcstr: GuestPtr<u16>,
    count: usize,
    locale: GuestPtr<u8>,
) -> usize {
    if wcstr.is_null() {
        super::stdlib::invalid_parameter(EINVAL);
        return usize::MAX;
    }
    let limit = if mbstr.is_null() { usize::MAX } else { count };
    let Some((bytes, _, done)) = to_multibyte(wcstr.addr(), limit, locale_utf8(locale)) else {
        return super::io::fail(EILSEQ, usize::MAX);
    };
    if !mbstr.is_null() {
        mbstr.write_slice(&bytes);
        if done && bytes.len() < count {
            mbstr.offset(bytes.len()).write(0);
        }
    }
    bytes.len()
}

/// `isleadbyte`: DBCS lead bytes exist in none of the locales winrun has (the "C" locale,
/// 1252 and UTF-8).
#[dllexport]
pub fn isleadbyte(c: i32) -> i32 {
    let _ = c;
    0
}

#[dllexport]
pub fn _isleadbyte_l(c: i32, locale: GuestPtr<u8>) -> i32 {
    let _ = (c, locale);
    0
}

/// `___mb_cur_max_l_func(locale)`: the locale object's MB_CUR_MAX (the UCRT's locinfo keeps it
/// after the ctype table pointer), the current one for NULL.
#[dllexport]
pub fn ___mb_cur_max_l_func(locale: GuestPtr<u8>) -> i32 {
    if locale.is_null() {
        return super::locale::___mb_cur_max_func();
    }
    mem::read::<u64>(locale.addr())
        .and_then(|locinfo| mem::read::<i32>(locinfo + 8))
        .unwrap_or(1)
}
