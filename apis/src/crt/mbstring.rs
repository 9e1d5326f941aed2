//! mbstring.h: the `_mbs*` string functions and `_ismbc*`/`_mbc*` character functions of the
//! multibyte code page (mbctype.rs).
//!
//! None of the code pages winrun has carries DBCS lead bytes, so every character here is one
//! byte and these functions do what their byte twins in string.h do, with two differences the
//! CRT makes: case follows the code page's `_mbctype`/`_mbcasemap` tables (so `_mbsupr` changes
//! 'é' in code page 1252), and in a multibyte code page (UTF-8) the comparisons and searches take
//! the CRT's multibyte path, whose case-insensitive comparisons fold through those tables and
//! whose collation is CompareString's, while in a single-byte code page they are the locale's
//! `_stricmp`/`strcoll`. Every `_l` form takes the multibyte code page of its locale object.

use super::errno::{EILSEQ, EINVAL};
use super::mbctype::{MbInfo, current, for_locale};
use super::stdlib::invalid_parameter;
use super::string;
use crate::abi::{CStrPtr, GuestPtr, mem};
use crate::dllexport;

/// `_NLSCMPERROR`: what the comparisons return for a NULL argument.
const NLSCMPERROR: i32 = 0x7FFF_FFFF;

/// Fails through the invalid parameter handler with EINVAL and returns `value`.
fn invalid<T>(value: T) -> T {
    invalid_parameter(EINVAL);
    value
}

fn byte_at(p: GuestPtr<u8>) -> u8 {
    p.read().unwrap_or(0)
}

/// The CRT's multibyte comparison: the first differing (folded) byte decides, -1 or 1.
fn compare_folded(a: &[u8], b: &[u8], fold: impl Fn(u8) -> u8) -> i32 {
    let (mut x, mut y) = (a.iter().map(|&c| fold(c)), b.iter().map(|&c| fold(c)));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return 0,
            (c1, c2) if c1 != c2 => {
                return if c1.unwrap_or(0) > c2.unwrap_or(0) {
                    1
                } else {
                    -1
                };
            }
            _ => {}
        }
    }
}

/// The first `n` bytes (characters) of a string.
fn prefix(s: CStrPtr, n: usize) -> Vec<u8> {
    let mut bytes = s.bytes().unwrap_or_default();
    bytes.truncate(n);
    bytes
}

fn chr(info: &MbInfo, str: CStrPtr, c: u32) -> GuestPtr<u8> {
    if str.is_null() {
        return invalid(GuestPtr::NULL);
    }
    // The multibyte path compares whole characters: a value above 0xFF is no byte of the string.
    if info.multibyte() && c > 0xFF {
        return GuestPtr::NULL;
    }
    string::strchr(str, c as i32)
}

fn rchr(info: &MbInfo, str: CStrPtr, c: u32) -> GuestPtr<u8> {
    if str.is_null() {
        return invalid(GuestPtr::NULL);
    }
    if info.multibyte() && c > 0xFF {
        return GuestPtr::NULL;
    }
    string::strrchr(str, c as i32)
}

fn find(_: &MbInfo, str: CStrPtr, substr: CStrPtr) -> GuestPtr<u8> {
    if str.is_null() || substr.is_null() {
        return invalid(GuestPtr::NULL);
    }
    string::strstr(str, substr)
}

fn cmp(_: &MbInfo, string1: CStrPtr, string2: CStrPtr) -> i32 {
    if string1.is_null() || string2.is_null() {
        return invalid(NLSCMPERROR);
    }
    string::strcmp(string1, string2)
}

fn ncmp(_: &MbInfo, string1: CStrPtr, string2: CStrPtr, count: usize) -> i32 {
    if count == 0 {
        return 0;
    }
    if string1.is_null() || string2.is_null() {
        return invalid(NLSCMPERROR);
    }
    string::strncmp(string1, string2, count)
}

fn nicmp(info: &MbInfo, string1: CStrPtr, string2: CStrPtr, count: usize) -> i32 {
    if count == 0 {
        return 0;
    }
    if string1.is_null() || string2.is_null() {
        return invalid(NLSCMPERROR);
    }
    if !info.multibyte() {
        return string::_strnicmp(string1, string2, count);
    }
    compare_folded(&prefix(string1, count), &prefix(string2, count), |c| {
        info.to_lower(c)
    })
}

fn icmp(info: &MbInfo, string1: CStrPtr, string2: CStrPtr) -> i32 {
    nicmp(info, string1, string2, usize::MAX)
}

/// Collation: the locale's `strcoll` in a single-byte code page, CompareString of the decoded
/// strings in a multibyte one (`ignore_case` adds NORM_IGNORECASE); `count` bytes at most.
fn ncoll(info: &MbInfo, s1: CStrPtr, s2: CStrPtr, count: usize, ignore_case: bool) -> i32 {
    const NORM_IGNORECASE: u32 = 1;
    const SORT_STRINGSORT: u32 = 0x1000;
    if count == 0 {
        return 0;
    }
    if s1.is_null() || s2.is_null() {
        return invalid(NLSCMPERROR);
    }
    let (a, b) = (prefix(s1, count), prefix(s2, count));
    if !info.multibyte() {
        return if ignore_case {
            compare_folded(&a, &b, |c| c.to_ascii_lowercase())
        } else {
            compare_folded(&a, &b, |c| c)
        };
    }
    use crate::kernel32::stringapiset::{compare_strings, decode};
    let decoded = |s: &[u8]| decode(info.codepage, s, false).unwrap_or_default();
    let flags = SORT_STRINGSORT | if ignore_case { NORM_IGNORECASE } else { 0 };
    match compare_strings(&decoded(&a), &decoded(&b), flags) {
        Ok(result) => result - 2,
        Err(_) => invalid(NLSCMPERROR),
    }
}

fn coll(info: &MbInfo, s1: CStrPtr, s2: CStrPtr) -> i32 {
    ncoll(info, s1, s2, usize::MAX, false)
}

fn icoll(info: &MbInfo, s1: CStrPtr, s2: CStrPtr) -> i32 {
    ncoll(info, s1, s2, usize::MAX, true)
}

fn ncoll_case(info: &MbInfo, s1: CStrPtr, s2: CStrPtr, count: usize) -> i32 {
    ncoll(info, s1, s2, count, false)
}

fn nicoll(info: &MbInfo, s1: CStrPtr, s2: CStrPtr, count: usize) -> i32 {
    ncoll(info, s1, s2, count, true)
}

fn len(_: &MbInfo, str: CStrPtr) -> usize {
    mem::cstr_len(str.0)
}

fn nlen(_: &MbInfo, str: CStrPtr, size: usize) -> usize {
    string::strnlen(str, size)
}

fn inc(_: &MbInfo, current: GuestPtr<u8>) -> GuestPtr<u8> {
    if current.is_null() {
        return invalid(GuestPtr::NULL);
    }
    current.offset(1)
}

/// Bytes in the first `count` characters (both stop at the NUL).
fn nbcnt(_: &MbInfo, str: CStrPtr, count: usize) -> usize {
    if str.is_null() {
        return invalid(0);
    }
    string::strnlen(str, count)
}

fn ninc(info: &MbInfo, str: GuestPtr<u8>, count: usize) -> GuestPtr<u8> {
    if str.is_null() {
        return GuestPtr::NULL;
    }
    str.offset(nbcnt(info, CStrPtr(str.addr()), count))
}

fn dec(_: &MbInfo, start: GuestPtr<u8>, current: GuestPtr<u8>) -> GuestPtr<u8> {
    if start.is_null() || current.is_null() {
        return invalid(GuestPtr::NULL);
    }
    if start.addr() >= current.addr() {
        return GuestPtr::NULL;
    }
    GuestPtr::new(current.addr() - 1)
}

fn nextc(_: &MbInfo, str: GuestPtr<u8>) -> u32 {
    if str.is_null() {
        return invalid(0);
    }
    byte_at(str).into()
}

fn cpy_s(_: &MbInfo, dest: GuestPtr<u8>, size: usize, src: CStrPtr) -> i32 {
    string::strcpy_s(dest, size, src)
}

fn cat_s(_: &MbInfo, dest: GuestPtr<u8>, size: usize, src: CStrPtr) -> i32 {
    string::strcat_s(dest, size, src)
}

fn ncpy(_: &MbInfo, dest: GuestPtr<u8>, src: CStrPtr, count: usize) -> GuestPtr<u8> {
    if count == 0 {
        return dest;
    }
    if dest.is_null() || src.is_null() {
        return invalid(GuestPtr::NULL);
    }
    string::strncpy(dest, src, count)
}

fn ncat(_: &MbInfo, dest: GuestPtr<u8>, src: CStrPtr, count: usize) -> GuestPtr<u8> {
    if count == 0 {
        return dest;
    }
    if dest.is_null() || src.is_null() {
        return invalid(GuestPtr::NULL);
    }
    string::strncat(dest, src, count)
}

fn ncpy_s(_: &MbInfo, dest: GuestPtr<u8>, size: usize, src: CStrPtr, count: usize) -> i32 {
    string::strncpy_s(dest, size, src, count)
}

fn ncat_s(_: &MbInfo, dest: GuestPtr<u8>, size: usize, src: CStrPtr, count: usize) -> i32 {
    string::strncat_s(dest, size, src, count)
}

/// Maps the string's characters in place through `map`, over at most `size` bytes.
fn map_case(str: GuestPtr<u8>, size: usize, map: impl Fn(u8) -> u8) {
    let mut i = 0;
    while i < size {
        match byte_at(str.offset(i)) {
            0 => break,
            c => str.offset(i).write(map(c)),
        };
        i += 1;
    }
}

fn lwr(info: &MbInfo, str: GuestPtr<u8>) -> GuestPtr<u8> {
    map_case(str, usize::MAX, |c| info.to_lower(c));
    str
}

fn upr(info: &MbInfo, str: GuestPtr<u8>) -> GuestPtr<u8> {
    map_case(str, usize::MAX, |c| info.to_upper(c));
    str
}

/// `_mbslwr_s`/`_mbsupr_s`: as `_strlwr_s`, except that NULL with size 0 is no error.
fn lwr_s(info: &MbInfo, str: GuestPtr<u8>, size: usize) -> i32 {
    if str.is_null() && size == 0 {
        return 0;
    }
    string::case_s(str, size, |s, n| map_case(s, n, |c| info.to_lower(c)))
}

fn upr_s(info: &MbInfo, str: GuestPtr<u8>, size: usize) -> i32 {
    if str.is_null() && size == 0 {
        return 0;
    }
    string::case_s(str, size, |s, n| map_case(s, n, |c| info.to_upper(c)))
}

fn rev(_: &MbInfo, str: GuestPtr<u8>) -> GuestPtr<u8> {
    if str.is_null() {
        return invalid(GuestPtr::NULL);
    }
    string::_strrev(str)
}

fn set(_: &MbInfo, str: GuestPtr<u8>, c: u32) -> GuestPtr<u8> {
    if str.is_null() {
        return invalid(GuestPtr::NULL);
    }
    string::_strset(str, c as i32)
}

/// `_mbsnset`/`_mbsnbset`: the first `count` characters (bytes) become `c`.
fn nset(_: &MbInfo, str: GuestPtr<u8>, c: u32, count: usize) -> GuestPtr<u8> {
    if count == 0 {
        return str;
    }
    if str.is_null() {
        return invalid(GuestPtr::NULL);
    }
    string::_strnset(str, c as i32, count)
}

fn set_s(_: &MbInfo, str: GuestPtr<u8>, size: usize, c: u32) -> i32 {
    string::_strset_s(str, size, c as i32)
}

fn nset_s(_: &MbInfo, str: GuestPtr<u8>, size: usize, c: u32, count: usize) -> i32 {
    string::_strnset_s(str, size, c as i32, count)
}

fn spn(_: &MbInfo, str: CStrPtr, set: CStrPtr) -> usize {
    if str.is_null() || set.is_null() {
        return invalid(0);
    }
    string::strspn(str, set)
}

fn cspn(_: &MbInfo, str: CStrPtr, set: CStrPtr) -> usize {
    if str.is_null() || set.is_null() {
        return invalid(0);
    }
    string::strcspn(str, set)
}

/// `_mbsspnp`: the first character not in `set`, NULL when the string has none.
fn spnp(info: &MbInfo, str: CStrPtr, set: CStrPtr) -> GuestPtr<u8> {
    if str.is_null() || set.is_null() {
        return invalid(GuestPtr::NULL);
    }
    let at = GuestPtr::new(str.0).offset(spn(info, str, set));
    if byte_at(at) == 0 { GuestPtr::NULL } else { at }
}

fn pbrk(_: &MbInfo, str: CStrPtr, set: CStrPtr) -> GuestPtr<u8> {
    if str.is_null() || set.is_null() {
        return invalid(GuestPtr::NULL);
    }
    string::strpbrk(str, set)
}

std::thread_local! {
    /// Where `_mbstok(NULL, ...)` continues: its own per-thread position, apart from strtok's.
    static MBSTOK_NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn tok(_: &MbInfo, str: GuestPtr<u8>, delimiters: CStrPtr) -> GuestPtr<u8> {
    let Some(delimiters) = delimiters.bytes() else {
        return invalid(GuestPtr::NULL);
    };
    let start = if str.is_null() {
        MBSTOK_NEXT.with(|n| n.get())
    } else {
        str.addr()
    };
    let (token, next) = string::next_token(start, &delimiters);
    MBSTOK_NEXT.with(|n| n.set(next));
    GuestPtr::new(token)
}

fn tok_s(
    _: &MbInfo,
    str: GuestPtr<u8>,
    delimiters: CStrPtr,
    context: GuestPtr<u64>,
) -> GuestPtr<u8> {
    string::strtok_s(str, delimiters, context)
}

/// `_mbsbtype(str, count)`: the type of byte `count` of `str`, reading from the start. In a
/// single-byte code page every byte is `_MBC_SINGLE`; a NUL on the way is `_MBC_ILLEGAL`.
fn btype(info: &MbInfo, str: GuestPtr<u8>, count: usize) -> i32 {
    const MBC_SINGLE: i32 = 0;
    const MBC_ILLEGAL: i32 = -1;
    if str.is_null() {
        return invalid(MBC_ILLEGAL);
    }
    if !info.multibyte() {
        return MBC_SINGLE;
    }
    let mut kind = MBC_ILLEGAL;
    for i in 0..=count {
        match byte_at(str.offset(i)) {
            0 => return MBC_ILLEGAL,
            b => kind = super::mbctype::byte_kind(info, b, kind),
        }
    }
    kind
}

/// `_ismbslead`/`_ismbstrail`: -1 when `current` is a lead (trail) byte of the string that
/// starts at `str`, walking from the start; 0 otherwise.
fn lead_or_trail(info: &MbInfo, str: GuestPtr<u8>, current: GuestPtr<u8>, trail: bool) -> i32 {
    if str.is_null() || current.is_null() {
        return invalid(0);
    }
    if !info.multibyte() {
        return 0;
    }
    let mut p = str.addr();
    while p <= current.addr() {
        let b = byte_at(GuestPtr::new(p));
        if b == 0 {
            break;
        }
        if super::mbctype::byte_kind(info, b, 0) == 1 {
            if !trail && p == current.addr() || trail && p + 1 == current.addr() {
                return -1;
            }
            p += 1;
            if byte_at(GuestPtr::new(p)) == 0 {
                return 0;
            }
        }
        p += 1;
    }
    0
}

fn slead(info: &MbInfo, str: GuestPtr<u8>, current: GuestPtr<u8>) -> i32 {
    lead_or_trail(info, str, current, false)
}

fn strail(info: &MbInfo, str: GuestPtr<u8>, current: GuestPtr<u8>) -> i32 {
    lead_or_trail(info, str, current, true)
}

/// `_mbclen`: bytes in the character at `c` (2 only for a lead byte).
fn clen(info: &MbInfo, c: GuestPtr<u8>) -> usize {
    if super::mbctype::byte_kind(info, byte_at(c), 0) == 1 {
        2
    } else {
        1
    }
}

/// `_mbccpy`: one character (always one byte here).
#[dllexport]
pub fn _mbccpy(dest: GuestPtr<u8>, src: GuestPtr<u8>) {
    dest.write(byte_at(src));
}

#[dllexport]
pub fn _mbccpy_l(dest: GuestPtr<u8>, src: GuestPtr<u8>, locale: GuestPtr<u8>) {
    let _ = locale;
    _mbccpy(dest, src);
}

/// `_mbccpy_s(dest, size, copied, src)`: one character; `*copied` the bytes copied.
fn ccpy_s(
    _: &MbInfo,
    dest: GuestPtr<u8>,
    size: usize,
    copied: GuestPtr<i32>,
    src: GuestPtr<u8>,
) -> i32 {
    copied.write(0);
    if dest.is_null() || size == 0 {
        return invalid_parameter(EINVAL);
    }
    let Some(c) = src.read() else {
        dest.write(0);
        return invalid_parameter(EINVAL);
    };
    dest.write(c);
    copied.write(1);
    0
}

/// `_mbctolower`/`_mbctoupper`: single-byte letters through the code page's case map; a value
/// above 0xFF is no character of these code pages and comes back unchanged.
fn ctolower(info: &MbInfo, c: u32) -> u32 {
    match u8::try_from(c) {
        Ok(b) => info.to_lower(b).into(),
        Err(_) => c,
    }
}

fn ctoupper(info: &MbInfo, c: u32) -> u32 {
    match u8::try_from(c) {
        Ok(b) => info.to_upper(b).into(),
        Err(_) => c,
    }
}

/// `_mbbtombc`/`_mbctombb` convert between single-byte and double-byte forms of the same
/// character in code page 932 only; in every other code page the value comes back unchanged.
fn btombc(_: &MbInfo, c: u32) -> u32 {
    c
}

fn ctombb(_: &MbInfo, c: u32) -> u32 {
    c
}

/// The `_ismbc*` tests of a character value: single bytes take the `_ismbb*` rules (or the
/// locale's ctype, or the `_mbctype` case bits), and no value above 0xFF is a character here.
fn char_test(info: &MbInfo, c: u32, test: fn(&MbInfo, u8) -> i32) -> i32 {
    match u8::try_from(c) {
        Ok(b) => test(info, b),
        Err(_) => 0,
    }
}

fn ctype_of(b: u8, classes: u16) -> i32 {
    super::ctype::_isctype(b.into(), classes.into())
}

use super::ctype::{ALPHA, BLANK, DIGIT, PUNCT};
use super::mbctype::{MP, MS, byte_type};

fn calnum(info: &MbInfo, c: u32) -> i32 {
    char_test(info, c, |i, b| byte_type(i, b.into(), ALPHA | DIGIT, MS))
}

fn calpha(info: &MbInfo, c: u32) -> i32 {
    char_test(info, c, |i, b| byte_type(i, b.into(), ALPHA, MS))
}

fn cgraph(info: &MbInfo, c: u32) -> i32 {
    char_test(info, c, |i, b| {
        byte_type(i, b.into(), PUNCT | ALPHA | DIGIT, MS | MP)
    })
}

fn cprint(info: &MbInfo, c: u32) -> i32 {
    char_test(info, c, |i, b| {
        byte_type(i, b.into(), BLANK | PUNCT | ALPHA | DIGIT, MS | MP)
    })
}

fn cpunct(info: &MbInfo, c: u32) -> i32 {
    char_test(info, c, |i, b| byte_type(i, b.into(), PUNCT, MP))
}

fn cblank(info: &MbInfo, c: u32) -> i32 {
    char_test(info, c, |i, b| super::mbctype::blank(i, b.into()))
}

fn cdigit(info: &MbInfo, c: u32) -> i32 {
    char_test(info, c, |_, b| ctype_of(b, super::ctype::DIGIT))
}

fn cspace(info: &MbInfo, c: u32) -> i32 {
    char_test(info, c, |_, b| ctype_of(b, super::ctype::SPACE))
}

fn clower(info: &MbInfo, c: u32) -> i32 {
    char_test(info, c, |i, b| i.is_lower(b) as i32)
}

fn cupper(info: &MbInfo, c: u32) -> i32 {
    char_test(info, c, |i, b| i.is_upper(b) as i32)
}

/// `_ismbcsymbol`: only double-byte characters can be symbols.
fn csymbol(_: &MbInfo, c: u32) -> i32 {
    let _ = c;
    0
}

/// `_mbstrlen`/`_mbstrnlen` count characters of the locale's LC_CTYPE (not the multibyte code
/// page): UTF-8 characters in a UTF-8 locale, bytes otherwise. (size_t)-1 with EILSEQ for an
/// invalid sequence.
fn locale_chars(bytes: &[u8], utf8: bool) -> usize {
    if !utf8 {
        return bytes.len();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.chars().count(),
        Err(_) => super::io::fail(EILSEQ, usize::MAX),
    }
}

fn locale_is_utf8(locale: GuestPtr<u8>) -> bool {
    if locale.is_null() {
        super::locale::utf8_locale()
    } else {
        for_locale(locale).codepage == 65001
    }
}

#[dllexport]
pub fn _mbstrlen(str: CStrPtr) -> usize {
    _mbstrlen_l(str, GuestPtr::NULL)
}

#[dllexport]
pub fn _mbstrlen_l(str: CStrPtr, locale: GuestPtr<u8>) -> usize {
    locale_chars(&str.bytes().unwrap_or_default(), locale_is_utf8(locale))
}

#[dllexport]
pub fn _mbstrnlen(str: CStrPtr, maxsize: usize) -> usize {
    _mbstrnlen_l(str, maxsize, GuestPtr::NULL)
}

/// `_mbstrnlen`: characters in at most `maxsize` bytes; (size_t)-1 with EINVAL for NULL or a
/// size beyond INT_MAX.
#[dllexport]
pub fn _mbstrnlen_l(str: CStrPtr, maxsize: usize, locale: GuestPtr<u8>) -> usize {
    if str.is_null() || maxsize > i32::MAX as usize {
        return invalid(usize::MAX);
    }
    locale_chars(&prefix(str, maxsize), locale_is_utf8(locale))
}

/// Exports each function twice: with the current multibyte code page, and as the `_l` form
/// with its locale's.
macro_rules! mb_exports {
    ($($name:ident, $lname:ident = $core:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {$(
        #[dllexport]
        pub fn $name($($arg: $ty),*) -> $ret {
            $core(current(), $($arg),*)
        }

        #[dllexport]
        pub fn $lname($($arg: $ty,)* locale: GuestPtr<u8>) -> $ret {
            $core(for_locale(locale), $($arg),*)
        }
    )*};
}

mb_exports! {
    _mbschr, _mbschr_l = chr(str: CStrPtr, c: u32) -> GuestPtr<u8>;
    _mbsrchr, _mbsrchr_l = rchr(str: CStrPtr, c: u32) -> GuestPtr<u8>;
    _mbsstr, _mbsstr_l = find(str: CStrPtr, strSearch: CStrPtr) -> GuestPtr<u8>;
    _mbscmp, _mbscmp_l = cmp(string1: CStrPtr, string2: CStrPtr) -> i32;
    _mbsicmp, _mbsicmp_l = icmp(string1: CStrPtr, string2: CStrPtr) -> i32;
    _mbsncmp, _mbsncmp_l = ncmp(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32;
    _mbsnbcmp, _mbsnbcmp_l = ncmp(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32;
    _mbsnicmp, _mbsnicmp_l = nicmp(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32;
    _mbsnbicmp, _mbsnbicmp_l = nicmp(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32;
    _mbscoll, _mbscoll_l = coll(string1: CStrPtr, string2: CStrPtr) -> i32;
    _mbsicoll, _mbsicoll_l = icoll(string1: CStrPtr, string2: CStrPtr) -> i32;
    _mbsncoll, _mbsncoll_l = ncoll_case(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32;
    _mbsnbcoll, _mbsnbcoll_l = ncoll_case(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32;
    _mbsnicoll, _mbsnicoll_l = nicoll(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32;
    _mbsnbicoll, _mbsnbicoll_l = nicoll(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32;
    _mbslen, _mbslen_l = len(str: CStrPtr) -> usize;
    _mbsnlen, _mbsnlen_l = nlen(str: CStrPtr, numberOfElements: usize) -> usize;
    _mbsinc, _mbsinc_l = inc(current: GuestPtr<u8>) -> GuestPtr<u8>;
    _mbsninc, _mbsninc_l = ninc(str: GuestPtr<u8>, count: usize) -> GuestPtr<u8>;
    _mbsdec, _mbsdec_l = dec(start: GuestPtr<u8>, current: GuestPtr<u8>) -> GuestPtr<u8>;
    _mbsnextc, _mbsnextc_l = nextc(str: GuestPtr<u8>) -> u32;
    _mbsnccnt, _mbsnccnt_l = nbcnt(str: CStrPtr, number: usize) -> usize;
    _mbsnbcnt, _mbsnbcnt_l = nbcnt(str: CStrPtr, number: usize) -> usize;
    _mbscpy_s, _mbscpy_s_l = cpy_s(strDestination: GuestPtr<u8>, numberOfElements: usize, strSource: CStrPtr) -> i32;
    _mbscat_s, _mbscat_s_l = cat_s(strDestination: GuestPtr<u8>, numberOfElements: usize, strSource: CStrPtr) -> i32;
    _mbsncpy, _mbsncpy_l = ncpy(strDest: GuestPtr<u8>, strSource: CStrPtr, count: usize) -> GuestPtr<u8>;
    _mbsnbcpy, _mbsnbcpy_l = ncpy(strDest: GuestPtr<u8>, strSource: CStrPtr, count: usize) -> GuestPtr<u8>;
    _mbsncat, _mbsncat_l = ncat(strDest: GuestPtr<u8>, strSource: CStrPtr, count: usize) -> GuestPtr<u8>;
    _mbsnbcat, _mbsnbcat_l = ncat(strDest: GuestPtr<u8>, strSource: CStrPtr, count: usize) -> GuestPtr<u8>;
    _mbsncpy_s, _mbsncpy_s_l = ncpy_s(strDest: GuestPtr<u8>, numberOfElements: usize, strSource: CStrPtr, count: usize) -> i32;
    _mbsnbcpy_s, _mbsnbcpy_s_l = ncpy_s(strDest: GuestPtr<u8>, numberOfElements: usize, strSource: CStrPtr, count: usize) -> i32;
    _mbsncat_s, _mbsncat_s_l = ncat_s(strDest: GuestPtr<u8>, numberOfElements: usize, strSource: CStrPtr, count: usize) -> i32;
    _mbsnbcat_s, _mbsnbcat_s_l = ncat_s(strDest: GuestPtr<u8>, numberOfElements: usize, strSource: CStrPtr, count: usize) -> i32;
    _mbslwr, _mbslwr_l = lwr(str: GuestPtr<u8>) -> GuestPtr<u8>;
    _mbsupr, _mbsupr_l = upr(str: GuestPtr<u8>) -> GuestPtr<u8>;
    _mbslwr_s, _mbslwr_s_l = lwr_s(str: GuestPtr<u8>, sizeInBytes: usize) -> i32;
    _mbsupr_s, _mbsupr_s_l = upr_s(str: GuestPtr<u8>, sizeInBytes: usize) -> i32;
    _mbsrev, _mbsrev_l = rev(str: GuestPtr<u8>) -> GuestPtr<u8>;
    _mbsset, _mbsset_l = set(str: GuestPtr<u8>, c: u32) -> GuestPtr<u8>;
    _mbsnset, _mbsnset_l = nset(str: GuestPtr<u8>, c: u32, count: usize) -> GuestPtr<u8>;
    _mbsnbset, _mbsnbset_l = nset(str: GuestPtr<u8>, c: u32, count: usize) -> GuestPtr<u8>;
    _mbsset_s, _mbsset_s_l = set_s(str: GuestPtr<u8>, size: usize, c: u32) -> i32;
    _mbsnset_s, _mbsnset_s_l = nset_s(str: GuestPtr<u8>, size: usize, c: u32, count: usize) -> i32;
    _mbsnbset_s, _mbsnbset_s_l = nset_s(str: GuestPtr<u8>, size: usize, c: u32, count: usize) -> i32;
    _mbsspn, _mbsspn_l = spn(str: CStrPtr, strCharSet: CStrPtr) -> usize;
    _mbscspn, _mbscspn_l = cspn(str: CStrPtr, strCharSet: CStrPtr) -> usize;
    _mbsspnp, _mbsspnp_l = spnp(str: CStrPtr, strCharSet: CStrPtr) -> GuestPtr<u8>;
    _mbspbrk, _mbspbrk_l = pbrk(str: CStrPtr, strCharSet: CStrPtr) -> GuestPtr<u8>;
    _mbstok, _mbstok_l = tok(strToken: GuestPtr<u8>, strDelimit: CStrPtr) -> GuestPtr<u8>;
    _mbstok_s, _mbstok_s_l = tok_s(str: GuestPtr<u8>, delimiters: CStrPtr, context: GuestPtr<u64>) -> GuestPtr<u8>;
    _mbsbtype, _mbsbtype_l = btype(mbstr: GuestPtr<u8>, count: usize) -> i32;
    _ismbslead, _ismbslead_l = slead(str: GuestPtr<u8>, current: GuestPtr<u8>) -> i32;
    _ismbstrail, _ismbstrail_l = strail(str: GuestPtr<u8>, current: GuestPtr<u8>) -> i32;
    _mbclen, _mbclen_l = clen(c: GuestPtr<u8>) -> usize;
    _mbccpy_s, _mbccpy_s_l = ccpy_s(dest: GuestPtr<u8>, buffSizeInBytes: usize, pCopied: GuestPtr<i32>, src: GuestPtr<u8>) -> i32;
    _mbctolower, _mbctolower_l = ctolower(c: u32) -> u32;
    _mbctoupper, _mbctoupper_l = ctoupper(c: u32) -> u32;
    _mbbtombc, _mbbtombc_l = btombc(c: u32) -> u32;
    _mbctombb, _mbctombb_l = ctombb(c: u32) -> u32;
    _ismbcalnum, _ismbcalnum_l = calnum(c: u32) -> i32;
    _ismbcalpha, _ismbcalpha_l = calpha(c: u32) -> i32;
    _ismbcdigit, _ismbcdigit_l = cdigit(c: u32) -> i32;
    _ismbcgraph, _ismbcgraph_l = cgraph(c: u32) -> i32;
    _ismbclower, _ismbclower_l = clower(c: u32) -> i32;
    _ismbcupper, _ismbcupper_l = cupper(c: u32) -> i32;
    _ismbcprint, _ismbcprint_l = cprint(c: u32) -> i32;
    _ismbcpunct, _ismbcpunct_l = cpunct(c: u32) -> i32;
    _ismbcblank, _ismbcblank_l = cblank(c: u32) -> i32;
    _ismbcspace, _ismbcspace_l = cspace(c: u32) -> i32;
    _ismbcsymbol, _ismbcsymbol_l = csymbol(c: u32) -> i32;
}

/// `_mbsdup`: a copy on the CRT heap.
#[dllexport]
pub fn _mbsdup(strSource: CStrPtr) -> GuestPtr<u8> {
    string::_strdup(strSource)
}

/// msvcrt's `_mbscpy`/`_mbscat`: no lead bytes to respect, so the byte copies.
#[dllexport]
pub fn _mbscpy(strDestination: GuestPtr<u8>, strSource: CStrPtr) -> GuestPtr<u8> {
    string::strcpy(strDestination, strSource)
}

#[dllexport]
pub fn _mbscat(strDestination: GuestPtr<u8>, strSource: CStrPtr) -> GuestPtr<u8> {
    string::strcat(strDestination, strSource)
}
