//! winnls.h: locales (identifiers, names, enumeration, GetLocaleInfo), code page queries,
//! LCMapString and the A forms of the string functions of stringapiset.h.

use super::stringapiset::{self, GetStringTypeW};
use crate::abi::{GuestPtr, WStrPtr, Win32Error, Win32Result, call, mem};
use crate::dllexport;
use crate::nt::locale::{self, LocaleData};
use crate::nt::sort;

const LOCALE_NOUSEROVERRIDE: u32 = 0x8000_0000;
const LOCALE_USE_CP_ACP: u32 = 0x4000_0000;
const LOCALE_RETURN_NUMBER: u32 = 0x2000_0000;
const LOCALE_RETURN_GENITIVE_NAMES: u32 = 0x1000_0000;
const LOCALE_ALLOW_NEUTRAL_NAMES: u32 = 0x0800_0000;
const LOCALE_FLAGS: u32 = LOCALE_NOUSEROVERRIDE
    | LOCALE_USE_CP_ACP
    | LOCALE_RETURN_NUMBER
    | LOCALE_RETURN_GENITIVE_NAMES
    | LOCALE_ALLOW_NEUTRAL_NAMES;
const LOCALE_ILANGUAGE: u32 = 0x1;
const LOCALE_IDEFAULTLANGUAGE: u32 = 0x9;
const LOCALE_FONTSIGNATURE: u32 = 0x58;
const LOCALE_NAME_MAX_LENGTH: usize = 85;

const LCID_INSTALLED: u32 = 1;
const LCID_SUPPORTED: u32 = 2;
const LCID_ALTERNATE_SORTS: u32 = 4;
const LOCALE_WINDOWS: u32 = 1;
const LOCALE_SUPPLEMENTAL: u32 = 2;
const LOCALE_ALTERNATE_SORTS: u32 = 4;
const LOCALE_NEUTRALDATA: u32 = 0x10;
const LOCALE_SPECIFICDATA: u32 = 0x20;

const LCMAP_LOWERCASE: u32 = 0x0000_0100;
const LCMAP_UPPERCASE: u32 = 0x0000_0200;
const LCMAP_TITLECASE: u32 = 0x0000_0300;
const LCMAP_SORTKEY: u32 = 0x0000_0400;
const LCMAP_BYTEREV: u32 = 0x0000_0800;
const LCMAP_LINGUISTIC_CASING: u32 = 0x0100_0000;

/// Copies `value` plus a NUL into `buf` of `cch` elements (0: only measure); the count written
/// including the NUL, ERROR_INSUFFICIENT_BUFFER when it does not fit.
pub(crate) fn copy_with_nul<T: Copy + Default>(
    value: &[T],
    buf: GuestPtr<T>,
    cch: i32,
) -> Win32Result<i32> {
    let needed = value.len() + 1;
    if cch == 0 {
        return Ok(needed as i32);
    }
    if (cch as usize) < needed {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    buf.write_slice(value);
    buf.offset(value.len()).write(T::default());
    Ok(needed as i32)
}

/// The value of a GetLocaleInfo item: a string, or a number for LOCALE_RETURN_NUMBER.
enum LocaleValue {
    Text(Vec<u16>),
    Number(u32),
}

fn locale_value(locale: &LocaleData, LCType: u32) -> Win32Result<LocaleValue> {
    if LCType & LOCALE_ALLOW_NEUTRAL_NAMES != 0 && LCType & !LOCALE_FLAGS != 0x5c {
        return Err(Win32Error::INVALID_FLAGS);
    }
    let item = LCType & !LOCALE_FLAGS;
    let text = locale.item(item).ok_or(Win32Error::INVALID_FLAGS)?;
    if LCType & LOCALE_RETURN_NUMBER == 0 {
        return Ok(LocaleValue::Text(text.encode_utf16().collect()));
    }
    // Language ids are hexadecimal ("0409"); every other number item is decimal.
    let radix = if matches!(item, LOCALE_ILANGUAGE | LOCALE_IDEFAULTLANGUAGE) {
        16
    } else {
        10
    };
    u32::from_str_radix(text, radix)
        .map(LocaleValue::Number)
        .map_err(|_| Win32Error::INVALID_FLAGS)
}

fn get_locale_info(
    locale: Option<&LocaleData>,
    LCType: u32,
    lpLCData: GuestPtr<u16>,
    cchData: i32,
) -> Win32Result<i32> {
    if cchData < 0 || (cchData > 0 && lpLCData.is_null()) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let locale = locale.ok_or(Win32Error::INVALID_PARAMETER)?;
    if LCType & !LOCALE_FLAGS == LOCALE_FONTSIGNATURE {
        tracing::warn!(target: "kernel32::winnls", "LOCALE_FONTSIGNATURE is not available");
        return Err(Win32Error::INVALID_FLAGS);
    }
    match locale_value(locale, LCType)? {
        LocaleValue::Text(text) => copy_with_nul(&text, lpLCData, cchData),
        // The number takes the room of two WCHARs.
        LocaleValue::Number(n) => {
            if cchData == 0 {
                return Ok(2);
            }
            if cchData < 2 {
                return Err(Win32Error::INSUFFICIENT_BUFFER);
            }
            lpLCData.cast::<u32>().write(n);
            Ok(2)
        }
    }
}

#[dllexport]
pub fn GetLocaleInfoEx(
    lpLocaleName: WStrPtr,
    LCType: u32,
    lpLCData: GuestPtr<u16>,
    cchData: i32,
) -> Win32Result<i32> {
    get_locale_info(
        locale::by_wide_name(lpLocaleName.units().as_deref()),
        LCType,
        lpLCData,
        cchData,
    )
}

#[dllexport]
pub fn GetLocaleInfoW(
    Locale: u32,
    LCType: u32,
    lpLCData: GuestPtr<u16>,
    cchData: i32,
) -> Win32Result<i32> {
    get_locale_info(locale::by_lcid(Locale), LCType, lpLCData, cchData)
}

/// The text is converted to the locale's ANSI code page (the process's with LOCALE_USE_CP_ACP);
/// a number keeps its four bytes.
#[dllexport]
pub fn GetLocaleInfoA(
    Locale: u32,
    LCType: u32,
    lpLCData: GuestPtr<u8>,
    cchData: i32,
) -> Win32Result<i32> {
    if cchData < 0 || (cchData > 0 && lpLCData.is_null()) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let locale = locale::by_lcid(Locale).ok_or(Win32Error::INVALID_PARAMETER)?;
    if LCType & !LOCALE_FLAGS == LOCALE_FONTSIGNATURE {
        return Err(Win32Error::INVALID_FLAGS);
    }
    match locale_value(locale, LCType)? {
        LocaleValue::Text(text) => {
            let cp = if LCType & LOCALE_USE_CP_ACP != 0 {
                0
            } else {
                locale.ansi_code_page()
            };
            let bytes = stringapiset::encode(cp, &text, false)
                .or_else(|_| stringapiset::encode(0, &text, false))?;
            copy_with_nul(&bytes, lpLCData, cchData)
        }
        LocaleValue::Number(n) => {
            if cchData == 0 {
                return Ok(4);
            }
            if cchData < 4 {
                return Err(Win32Error::INSUFFICIENT_BUFFER);
            }
            lpLCData.cast::<u32>().write(n);
            Ok(4)
        }
    }
}

#[dllexport]
pub fn GetUserDefaultLCID() -> u32 {
    locale::user_default().lcid
}

#[dllexport]
pub fn GetSystemDefaultLCID() -> u32 {
    locale::system_default().lcid
}

#[dllexport]
pub fn GetUserDefaultLangID() -> u16 {
    locale::user_default().lcid as u16
}

#[dllexport]
pub fn GetSystemDefaultLangID() -> u16 {
    locale::system_default().lcid as u16
}

#[dllexport]
pub fn GetUserDefaultUILanguage() -> u16 {
    locale::user_default().lcid as u16
}

#[dllexport]
pub fn GetSystemDefaultUILanguage() -> u16 {
    locale::system_default().lcid as u16
}

#[dllexport]
pub fn GetThreadLocale() -> u32 {
    locale::thread_locale()
}

#[dllexport]
pub fn SetThreadLocale(Locale: u32) -> Win32Result<()> {
    let found = locale::by_lcid(Locale).ok_or(Win32Error::INVALID_PARAMETER)?;
    locale::set_thread_locale(found.lcid);
    Ok(())
}

fn locale_name_out(name: &str, lpLocaleName: GuestPtr<u16>, cch: i32) -> Win32Result<i32> {
    if cch < 0 || (cch > 0 && lpLocaleName.is_null()) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    copy_with_nul(&name.encode_utf16().collect::<Vec<_>>(), lpLocaleName, cch)
}

#[dllexport]
pub fn GetUserDefaultLocaleName(
    lpLocaleName: GuestPtr<u16>,
    cchLocaleName: i32,
) -> Win32Result<i32> {
    locale_name_out(locale::user_default().name, lpLocaleName, cchLocaleName)
}

#[dllexport]
pub fn GetSystemDefaultLocaleName(
    lpLocaleName: GuestPtr<u16>,
    cchLocaleName: i32,
) -> Win32Result<i32> {
    locale_name_out(locale::system_default().name, lpLocaleName, cchLocaleName)
}

#[dllexport]
pub fn LCIDToLocaleName(
    Locale: u32,
    lpName: GuestPtr<u16>,
    cchName: i32,
    dwFlags: u32,
) -> Win32Result<i32> {
    let found = locale::by_lcid(Locale).ok_or(Win32Error::INVALID_PARAMETER)?;
    locale_name_out(found.name, lpName, cchName)
}

/// Unknown names give 0 (Windows sets ERROR_INVALID_PARAMETER).
#[dllexport]
pub fn LocaleNameToLCID(lpName: WStrPtr, dwFlags: u32) -> Win32Result<u32> {
    locale::by_wide_name(lpName.units().as_deref())
        .map(|l| l.lcid)
        .ok_or(Win32Error::INVALID_PARAMETER)
}

/// Every known locale is installed and supported.
#[dllexport]
pub fn IsValidLocale(Locale: u32, dwFlags: u32) -> bool {
    matches!(dwFlags, LCID_INSTALLED | LCID_SUPPORTED)
        && locale::by_lcid(Locale).is_some_and(|l| l.lcid == Locale & 0xffff)
}

#[dllexport]
pub fn IsValidLocaleName(lpLocaleName: WStrPtr) -> bool {
    lpLocaleName
        .units()
        .is_some_and(|n| locale::by_wide_name(Some(&n)).is_some())
}

/// Calls `callback` with each known locale (not the invariant one) until it returns FALSE.
fn enum_locales(mut callback: impl FnMut(&LocaleData) -> bool) {
    for l in locale::all()
        .iter()
        .filter(|l| l.lcid != locale::LOCALE_INVARIANT)
    {
        if !callback(l) {
            break;
        }
    }
}

/// The callback gets the LCID as eight hex digits ("00000409").
#[dllexport]
pub fn EnumSystemLocalesW(lpLocaleEnumProc: u64, dwFlags: u32) -> Win32Result<()> {
    if lpLocaleEnumProc == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if dwFlags & LCID_ALTERNATE_SORTS != 0 {
        return Ok(());
    }
    enum_locales(|l| {
        let text: Vec<u16> = format!("{:08x}\0", l.lcid).encode_utf16().collect();
        call::call(lpLocaleEnumProc, &[text.as_ptr() as u64]) as u32 != 0
    });
    Ok(())
}

#[dllexport]
pub fn EnumSystemLocalesA(lpLocaleEnumProc: u64, dwFlags: u32) -> Win32Result<()> {
    if lpLocaleEnumProc == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if dwFlags & LCID_ALTERNATE_SORTS != 0 {
        return Ok(());
    }
    enum_locales(|l| {
        let text = format!("{:08x}\0", l.lcid);
        call::call(lpLocaleEnumProc, &[text.as_ptr() as u64]) as u32 != 0
    });
    Ok(())
}

/// The callback gets the name, LOCALE_WINDOWS | LOCALE_SPECIFICDATA and `lParam`.
#[dllexport]
pub fn EnumSystemLocalesEx(
    lpLocaleEnumProcEx: u64,
    dwFlags: u32,
    lParam: u64,
    lpReserved: u64,
) -> Win32Result<()> {
    if lpLocaleEnumProcEx == 0 || lpReserved != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let wanted = if dwFlags == 0 {
        LOCALE_WINDOWS | LOCALE_SUPPLEMENTAL
    } else {
        dwFlags
    };
    if wanted & (LOCALE_WINDOWS | LOCALE_SPECIFICDATA) == 0
        || wanted & (LOCALE_ALTERNATE_SORTS | LOCALE_NEUTRALDATA) == wanted
    {
        return Ok(());
    }
    enum_locales(|l| {
        let mut name: Vec<u16> = l.name.encode_utf16().collect();
        debug_assert!(name.len() < LOCALE_NAME_MAX_LENGTH);
        name.push(0);
        let info = u64::from(LOCALE_WINDOWS | LOCALE_SPECIFICDATA);
        call::call(lpLocaleEnumProcEx, &[name.as_ptr() as u64, info, lParam]) as u32 != 0
    });
    Ok(())
}

/// The code pages MultiByteToWideChar and WideCharToMultiByte convert.
#[dllexport]
pub fn IsValidCodePage(CodePage: u32) -> bool {
    stringapiset::max_char_size(CodePage).is_some() && !matches!(CodePage, 0..=3)
}

/// CPINFOEXW: the CPINFO fields, UnicodeDefaultChar, CodePage and `CodePageName[260]`.
#[dllexport]
pub fn GetCPInfoExW(CodePage: u32, dwFlags: u32, lpCPInfoEx: GuestPtr<u8>) -> Win32Result<()> {
    let (number, max, name) = stringapiset::code_page_info(CodePage)?;
    if lpCPInfoEx.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    // MaxCharSize, DefaultChar[2], LeadByte[12], UnicodeDefaultChar, CodePage, CodePageName.
    let mut info = [0u8; 24 + 520];
    info[..4].copy_from_slice(&max.to_le_bytes());
    info[4] = b'?';
    let unicode_default: u16 = if max == 4 { 0xfffd } else { b'?' as u16 };
    info[18..20].copy_from_slice(&unicode_default.to_le_bytes());
    info[20..24].copy_from_slice(&number.to_le_bytes());
    for (i, unit) in name.encode_utf16().take(259).enumerate() {
        info[24 + 2 * i..26 + 2 * i].copy_from_slice(&unit.to_le_bytes());
    }
    lpCPInfoEx.write_slice(&info);
    Ok(())
}

/// Maps `src` per LCMapString's flags; `None` for a flag combination Windows refuses.
fn map_string(src: &[u16], dwMapFlags: u32) -> Option<Vec<u16>> {
    let case = dwMapFlags & (LCMAP_LOWERCASE | LCMAP_UPPERCASE);
    let rest = dwMapFlags & !(case | LCMAP_BYTEREV | LCMAP_LINGUISTIC_CASING);
    if rest != 0 || dwMapFlags == 0 {
        return None;
    }
    let mut out: Vec<u16> = match case {
        LCMAP_LOWERCASE => src.iter().map(|&u| sort::to_lower(u)).collect(),
        LCMAP_UPPERCASE => src.iter().map(|&u| sort::to_upper(u)).collect(),
        LCMAP_TITLECASE => {
            let mut start = true;
            src.iter()
                .map(|&u| {
                    let mapped = if start {
                        sort::to_upper(u)
                    } else {
                        sort::to_lower(u)
                    };
                    start = !char::from_u32(u32::from(u)).is_some_and(char::is_alphanumeric);
                    mapped
                })
                .collect()
        }
        _ => src.to_vec(),
    };
    if dwMapFlags & LCMAP_BYTEREV != 0 {
        out.iter_mut().for_each(|u| *u = u.swap_bytes());
    }
    Some(out)
}

/// The source string of a string function: `count` units, or up to the NUL when -1 (then the
/// NUL is part of the string, as Windows counts it).
pub(crate) fn source_units(src: GuestPtr<u16>, count: i32) -> Option<Vec<u16>> {
    if src.is_null() || count == 0 || count < -1 {
        return None;
    }
    Some(if count == -1 {
        let mut units = mem::read_wstr(src.addr()).unwrap_or_default();
        units.push(0);
        units
    } else {
        src.read_slice(count as usize)
    })
}

fn lc_map_string(
    locale: Option<&LocaleData>,
    dwMapFlags: u32,
    lpSrcStr: GuestPtr<u16>,
    cchSrc: i32,
    lpDestStr: GuestPtr<u16>,
    cchDest: i32,
) -> Win32Result<i32> {
    locale.ok_or(Win32Error::INVALID_PARAMETER)?;
    let src = source_units(lpSrcStr, cchSrc).ok_or(Win32Error::INVALID_PARAMETER)?;
    if cchDest < 0 || (cchDest > 0 && lpDestStr.is_null()) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let out = if dwMapFlags & LCMAP_SORTKEY != 0 {
        if dwMapFlags & !(LCMAP_SORTKEY | sort::SORT_FLAGS) != 0 {
            return Err(Win32Error::INVALID_FLAGS);
        }
        // The sort key is bytes; cchDest counts bytes. A counted NUL adds nothing to the key.
        let key = sort::sort_key(&src, dwMapFlags & sort::SORT_FLAGS);
        let dest = lpDestStr.cast::<u8>();
        if cchDest == 0 {
            return Ok(key.len() as i32);
        }
        if (cchDest as usize) < key.len() {
            return Err(Win32Error::INSUFFICIENT_BUFFER);
        }
        dest.write_slice(&key);
        return Ok(key.len() as i32);
    } else {
        map_string(&src, dwMapFlags & !sort::SORT_FLAGS).ok_or(Win32Error::INVALID_FLAGS)?
    };
    if cchDest == 0 {
        return Ok(out.len() as i32);
    }
    if (cchDest as usize) < out.len() {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    lpDestStr.write_slice(&out);
    Ok(out.len() as i32)
}

#[dllexport]
pub fn LCMapStringEx(
    lpLocaleName: WStrPtr,
    dwMapFlags: u32,
    lpSrcStr: GuestPtr<u16>,
    cchSrc: i32,
    lpDestStr: GuestPtr<u16>,
    cchDest: i32,
    lpVersionInformation: u64,
    lpReserved: u64,
    sortHandle: u64,
) -> Win32Result<i32> {
    let locale = locale::by_wide_name(lpLocaleName.units().as_deref());
    lc_map_string(locale, dwMapFlags, lpSrcStr, cchSrc, lpDestStr, cchDest)
}

#[dllexport]
pub fn LCMapStringW(
    Locale: u32,
    dwMapFlags: u32,
    lpSrcStr: GuestPtr<u16>,
    cchSrc: i32,
    lpDestStr: GuestPtr<u16>,
    cchDest: i32,
) -> Win32Result<i32> {
    lc_map_string(
        locale::by_lcid(Locale),
        dwMapFlags,
        lpSrcStr,
        cchSrc,
        lpDestStr,
        cchDest,
    )
}

/// The narrow string of an A function as UTF-16 (in the process code page), with the NUL when
/// `count` is -1.
fn narrow_source(src: GuestPtr<u8>, count: i32) -> Option<Vec<u16>> {
    if src.is_null() || count == 0 || count < -1 {
        return None;
    }
    let bytes = if count == -1 {
        let mut b = mem::read_cstr(src.addr()).unwrap_or_default();
        b.push(0);
        b
    } else {
        src.read_slice(count as usize)
    };
    stringapiset::decode(0, &bytes, false).ok()
}

#[dllexport]
pub fn LCMapStringA(
    Locale: u32,
    dwMapFlags: u32,
    lpSrcStr: GuestPtr<u8>,
    cchSrc: i32,
    lpDestStr: GuestPtr<u8>,
    cchDest: i32,
) -> Win32Result<i32> {
    locale::by_lcid(Locale).ok_or(Win32Error::INVALID_PARAMETER)?;
    let src = narrow_source(lpSrcStr, cchSrc).ok_or(Win32Error::INVALID_PARAMETER)?;
    if cchDest < 0 || (cchDest > 0 && lpDestStr.is_null()) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let out = if dwMapFlags & LCMAP_SORTKEY != 0 {
        if dwMapFlags & !(LCMAP_SORTKEY | sort::SORT_FLAGS) != 0 {
            return Err(Win32Error::INVALID_FLAGS);
        }
        sort::sort_key(&src, dwMapFlags & sort::SORT_FLAGS)
    } else {
        let mapped = map_string(&src, dwMapFlags & !sort::SORT_FLAGS & !LOCALE_USE_CP_ACP)
            .ok_or(Win32Error::INVALID_FLAGS)?;
        stringapiset::encode(0, &mapped, false)?
    };
    if cchDest == 0 {
        return Ok(out.len() as i32);
    }
    if (cchDest as usize) < out.len() {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    lpDestStr.write_slice(&out);
    Ok(out.len() as i32)
}

/// Converts both strings and compares them as CompareStringW does.
#[dllexport]
pub fn CompareStringA(
    Locale: u32,
    dwCmpFlags: u32,
    lpString1: GuestPtr<u8>,
    cchCount1: i32,
    lpString2: GuestPtr<u8>,
    cchCount2: i32,
) -> Win32Result<i32> {
    let (Some(a), Some(b)) = (
        narrow_string(lpString1, cchCount1),
        narrow_string(lpString2, cchCount2),
    ) else {
        return Err(Win32Error::INVALID_PARAMETER);
    };
    let flags = dwCmpFlags & !LOCALE_USE_CP_ACP;
    locale::by_lcid(Locale).ok_or(Win32Error::INVALID_PARAMETER)?;
    stringapiset::compare_strings(&a, &b, flags)
}

/// The string of CompareStringA: `count` bytes (stopping at a NUL) or NUL-terminated when
/// negative, without the NUL.
fn narrow_string(src: GuestPtr<u8>, count: i32) -> Option<Vec<u16>> {
    if src.is_null() {
        return None;
    }
    let mut bytes = if count < 0 {
        mem::read_cstr(src.addr()).unwrap_or_default()
    } else {
        src.read_slice(count as usize)
    };
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        bytes.truncate(nul);
    }
    stringapiset::decode(0, &bytes, false).ok()
}

/// CT_CTYPE types of a narrow string, converted through the process code page (one result per
/// byte of a single-byte code page; per character for UTF-8).
#[dllexport]
pub fn GetStringTypeA(
    Locale: u32,
    dwInfoType: u32,
    lpSrcStr: GuestPtr<u8>,
    cchSrc: i32,
    lpCharType: GuestPtr<u16>,
) -> Win32Result<()> {
    let src = narrow_source(lpSrcStr, cchSrc).ok_or(Win32Error::INVALID_PARAMETER)?;
    stringapiset::string_types(dwInfoType, &src, lpCharType)
}

#[dllexport]
pub fn GetStringTypeExA(
    Locale: u32,
    dwInfoType: u32,
    lpSrcStr: GuestPtr<u8>,
    cchSrc: i32,
    lpCharType: GuestPtr<u16>,
) -> Win32Result<()> {
    GetStringTypeA(Locale, dwInfoType, lpSrcStr, cchSrc, lpCharType)
}

/// Ignores the locale, as Windows does for the Unicode character types.
#[dllexport]
pub fn GetStringTypeExW(
    Locale: u32,
    dwInfoType: u32,
    lpSrcStr: GuestPtr<u16>,
    cchSrc: i32,
    lpCharType: GuestPtr<u16>,
) -> Win32Result<()> {
    GetStringTypeW(dwInfoType, lpSrcStr, cchSrc, lpCharType)
}

/// How GetNumberFormat lays a number out: from the locale or a NUMBERFMTW.
struct NumberLayout {
    digits: usize,
    leading_zero: bool,
    /// Group sizes from the decimal point leftwards; the last one repeats when `repeat`.
    groups: Vec<usize>,
    repeat: bool,
    decimal: Vec<u16>,
    thousand: Vec<u16>,
    negative_order: u32,
}

fn locale_layout(locale: &LocaleData) -> NumberLayout {
    let text = |t: u32| locale.item(t).unwrap_or("");
    let number = |t: u32| text(t).parse::<u32>().unwrap_or(0);
    // "3;0": groups of three, repeating; "3;2;0": three, then twos; "3": one group of three.
    let parts: Vec<usize> = text(0x10)
        .split(';')
        .filter_map(|p| p.parse().ok())
        .collect();
    let repeat = parts.last() == Some(&0);
    NumberLayout {
        digits: number(0x11) as usize,
        leading_zero: number(0x12) != 0,
        groups: parts.into_iter().filter(|&g| g != 0).collect(),
        repeat,
        decimal: text(0x0e).encode_utf16().collect(),
        thousand: text(0x0f).encode_utf16().collect(),
        negative_order: number(0x1010),
    }
}

/// NUMBERFMTW: NumDigits, LeadingZero, Grouping (3 → "3;0", 32 → "3;2;0"), lpDecimalSep,
/// lpThousandSep, NegativeOrder.
fn given_layout(format: GuestPtr<u8>) -> Win32Result<NumberLayout> {
    let read = |offset: u64| mem::read::<u32>(format.addr() + offset).unwrap_or(0);
    let string = |offset: u64| {
        mem::read::<u64>(format.addr() + offset)
            .and_then(mem::read_wstr)
            .ok_or(Win32Error::INVALID_PARAMETER)
    };
    let grouping = read(8);
    let groups: Vec<usize> = grouping
        .to_string()
        .bytes()
        .map(|b| usize::from(b - b'0'))
        .filter(|&g| g != 0)
        .collect();
    Ok(NumberLayout {
        digits: read(0) as usize,
        leading_zero: read(4) != 0,
        repeat: grouping % 10 != 0 || grouping == 0 || groups.len() == 1,
        groups,
        decimal: string(16)?,
        thousand: string(24)?,
        negative_order: read(32),
    })
}

/// Formats the decimal number `value` ("-1234.5"): rounded half up to the layout's digits.
fn format_number(value: &[u16], layout: &NumberLayout) -> Option<Vec<u16>> {
    let text = String::from_utf16(value).ok()?;
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (int_part, frac_part) = body.split_once('.').unwrap_or((body, ""));
    if (int_part.is_empty() && frac_part.is_empty())
        || !int_part
            .bytes()
            .chain(frac_part.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // Round: the digits as one integer, scaled by the layout's fraction digits.
    let mut digits: Vec<u8> = int_part.bytes().map(|b| b - b'0').collect();
    let mut frac: Vec<u8> = frac_part.bytes().map(|b| b - b'0').collect();
    let round_up = frac.get(layout.digits).is_some_and(|&d| d >= 5);
    frac.resize(layout.digits, 0);
    digits.extend_from_slice(&frac);
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, 1);
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let (int_digits, frac_digits) = digits.split_at(digits.len() - layout.digits);
    let first_nonzero = int_digits
        .iter()
        .position(|&d| d != 0)
        .unwrap_or(int_digits.len());
    let int_digits = &int_digits[first_nonzero..];

    let mut int_text: Vec<u16> = Vec::new();
    let mut group_sizes = layout.groups.iter().copied();
    let mut size = group_sizes.next().unwrap_or(0);
    let mut in_group = 0;
    for (i, &d) in int_digits.iter().rev().enumerate() {
        if size != 0 && in_group == size && i > 0 {
            int_text.extend(layout.thousand.iter().rev());
            in_group = 0;
            size = match group_sizes.next() {
                Some(next) => next,
                None if layout.repeat => size,
                None => 0,
            };
        }
        int_text.push(u16::from(b'0' + d));
        in_group += 1;
    }
    if int_text.is_empty() && (layout.leading_zero || layout.digits == 0) {
        int_text.push(u16::from(b'0'));
    }
    int_text.reverse();
    let mut number = int_text;
    if layout.digits > 0 {
        number.extend(&layout.decimal);
        number.extend(frac_digits.iter().map(|&d| u16::from(b'0' + d)));
    }
    let is_zero = digits.iter().all(|&d| d == 0);
    if !negative || is_zero {
        return Some(number);
    }
    let wide = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
    Some(match layout.negative_order {
        0 => [wide("("), number, wide(")")].concat(),
        2 => [wide("- "), number].concat(),
        3 => [number, wide("-")].concat(),
        4 => [number, wide(" -")].concat(),
        _ => [wide("-"), number].concat(),
    })
}

fn get_number_format(
    locale: Option<&LocaleData>,
    dwFlags: u32,
    lpValue: WStrPtr,
    lpFormat: GuestPtr<u8>,
    lpNumberStr: GuestPtr<u16>,
    cchNumber: i32,
) -> Win32Result<i32> {
    let locale = locale.ok_or(Win32Error::INVALID_PARAMETER)?;
    if cchNumber < 0 || (cchNumber > 0 && lpNumberStr.is_null()) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let layout = if lpFormat.is_null() {
        if dwFlags & !LOCALE_NOUSEROVERRIDE != 0 {
            return Err(Win32Error::INVALID_FLAGS);
        }
        locale_layout(locale)
    } else {
        if dwFlags != 0 {
            return Err(Win32Error::INVALID_FLAGS);
        }
        given_layout(lpFormat)?
    };
    let value = lpValue.units().ok_or(Win32Error::INVALID_PARAMETER)?;
    let text = format_number(&value, &layout).ok_or(Win32Error::INVALID_PARAMETER)?;
    copy_with_nul(&text, lpNumberStr, cchNumber)
}

#[dllexport]
pub fn GetNumberFormatEx(
    lpLocaleName: WStrPtr,
    dwFlags: u32,
    lpValue: WStrPtr,
    lpFormat: GuestPtr<u8>,
    lpNumberStr: GuestPtr<u16>,
    cchNumber: i32,
) -> Win32Result<i32> {
    let locale = locale::by_wide_name(lpLocaleName.units().as_deref());
    get_number_format(locale, dwFlags, lpValue, lpFormat, lpNumberStr, cchNumber)
}

#[dllexport]
pub fn GetNumberFormatW(
    Locale: u32,
    dwFlags: u32,
    lpValue: WStrPtr,
    lpFormat: GuestPtr<u8>,
    lpNumberStr: GuestPtr<u16>,
    cchNumber: i32,
) -> Win32Result<i32> {
    get_number_format(
        locale::by_lcid(Locale),
        dwFlags,
        lpValue,
        lpFormat,
        lpNumberStr,
        cchNumber,
    )
}
