//! stringapiset.h and the code page queries of winnls.h. The ANSI and OEM code pages are UTF-8
//! (65001) by default (DESIGN §6), so conversions are UTF-8 ↔ UTF-16; the single-byte code
//! pages 1252, 437, 850, 28591 and 20127 (US-ASCII) are also understood.

use super::winnls::source_units;
use crate::abi::{GuestPtr, WStrPtr, Win32Error, Win32Result, mem};
use crate::dllexport;
use crate::nt::char_types::RUNS;
use crate::nt::code_pages;
use crate::nt::{locale, sort};

const CP_ACP: u32 = 0;
const CP_OEMCP: u32 = 1;
const CP_THREAD_ACP: u32 = 3;
const CP_UTF8: u32 = 65001;
const MB_ERR_INVALID_CHARS: u32 = 8;
const WC_ERR_INVALID_CHARS: u32 = 0x80;

/// The process ANSI code page (WINRUN_ACP or UTF-8).
pub fn acp() -> u32 {
    static ACP: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *ACP.get_or_init(|| {
        std::env::var("WINRUN_ACP")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(CP_UTF8)
    })
}

/// The code page `cp` stands for (CP_ACP, CP_OEMCP and CP_THREAD_ACP are the ANSI one).
pub fn resolve(cp: u32) -> u32 {
    match cp {
        CP_ACP | CP_OEMCP | CP_THREAD_ACP => acp(),
        other => other,
    }
}

/// The upper half of a single-byte code page (below 0x80 every one is ASCII); `None` for UTF-8
/// and code pages not converted here.
fn single_byte_table(cp: u32) -> Option<&'static [u16; 128]> {
    static LATIN1: [u16; 128] = {
        let mut t = [0u16; 128];
        let mut i = 0;
        while i < 128 {
            t[i] = 0x80 + i as u16;
            i += 1;
        }
        t
    };
    match cp {
        1252 => Some(&code_pages::CP1252),
        437 => Some(&code_pages::CP437),
        850 => Some(&code_pages::CP850),
        28591 => Some(&LATIN1),
        _ => None,
    }
}

/// Decodes `bytes` in code page `cp`; `Err` on invalid input when `strict`.
pub fn decode(cp: u32, bytes: &[u8], strict: bool) -> Result<Vec<u16>, Win32Error> {
    let cp = resolve(cp);
    if cp == CP_UTF8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.encode_utf16().collect()),
            Err(_) if strict => Err(Win32Error::NO_UNICODE_TRANSLATION),
            Err(_) => Ok(String::from_utf8_lossy(bytes).encode_utf16().collect()),
        };
    }
    if cp == 20127 {
        // US-ASCII: the high bit is dropped, as Windows' 20127 table does.
        return Ok(bytes.iter().map(|&b| u16::from(b & 0x7f)).collect());
    }
    let table = single_byte_table(cp).ok_or(Win32Error::INVALID_PARAMETER)?;
    Ok(bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                u16::from(b)
            } else {
                table[usize::from(b - 0x80)]
            }
        })
        .collect())
}

/// Encodes `units` in code page `cp`. Characters a single-byte code page lacks become
/// `default` and set the returned flag; for UTF-8 an unpaired surrogate fails when `strict`
/// and becomes U+FFFD otherwise.
pub fn encode_with_default(
    cp: u32,
    units: &[u16],
    strict: bool,
    default: u8,
) -> Result<(Vec<u8>, bool), Win32Error> {
    let cp = resolve(cp);
    if cp == CP_UTF8 {
        return match String::from_utf16(units) {
            Ok(s) => Ok((s.into_bytes(), false)),
            Err(_) if strict => Err(Win32Error::NO_UNICODE_TRANSLATION),
            Err(_) => Ok((String::from_utf16_lossy(units).into_bytes(), false)),
        };
    }
    let table = match cp {
        20127 => None,
        _ => Some(single_byte_table(cp).ok_or(Win32Error::INVALID_PARAMETER)?),
    };
    let mut used_default = false;
    let bytes = units
        .iter()
        .map(|&u| {
            if u < 0x80 {
                return u as u8;
            }
            let found = table.and_then(|t| t.iter().position(|&c| c == u));
            found.map_or_else(
                || {
                    used_default = true;
                    default
                },
                |i| 0x80 + i as u8,
            )
        })
        .collect();
    Ok((bytes, used_default))
}

pub fn encode(cp: u32, units: &[u16], strict: bool) -> Result<Vec<u8>, Win32Error> {
    encode_with_default(cp, units, strict, b'?').map(|(bytes, _)| bytes)
}

/// Strings up to this many bytes or units convert through stack buffers when the code page is
/// UTF-8: C runtimes convert a line or a character at a time, so these calls are hot and take no
/// allocation. Longer or invalid input takes the general path.
const STACK_UNITS: usize = 256;

/// Writes a conversion's result the way both functions do: the length when `capacity` is 0
/// (a size query), ERROR_INSUFFICIENT_BUFFER (after filling the buffer) when it does not fit.
fn deliver<T: Copy>(out: &[T], dest: GuestPtr<T>, capacity: i32) -> Win32Result<i32> {
    if capacity == 0 {
        return Ok(out.len() as i32);
    }
    if out.len() > capacity as usize {
        dest.write_slice(&out[..capacity as usize]);
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    dest.write_slice(out);
    Ok(out.len() as i32)
}

/// `cbMultiByte == -1` means NUL-terminated (the NUL is converted and counted).
#[dllexport]
pub fn MultiByteToWideChar(
    CodePage: u32,
    dwFlags: u32,
    lpMultiByteStr: GuestPtr<u8>,
    cbMultiByte: i32,
    lpWideCharStr: GuestPtr<u16>,
    cchWideChar: i32,
) -> Win32Result<i32> {
    if lpMultiByteStr.is_null() || cbMultiByte == 0 || cchWideChar < 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let len = if cbMultiByte < 0 {
        mem::cstr_len(lpMultiByteStr.addr()) + 1
    } else {
        cbMultiByte as usize
    };
    if len <= STACK_UNITS && resolve(CodePage) == CP_UTF8 {
        let mut bytes = [0u8; STACK_UNITS];
        mem::read_into(lpMultiByteStr.addr(), &mut bytes[..len]);
        if let Ok(text) = std::str::from_utf8(&bytes[..len]) {
            if cchWideChar == 0 {
                return Ok(text.encode_utf16().count() as i32);
            }
            // UTF-16 never takes more units than UTF-8 takes bytes.
            let mut units = [0u16; STACK_UNITS];
            let mut n = 0;
            for unit in text.encode_utf16() {
                units[n] = unit;
                n += 1;
            }
            return deliver(&units[..n], lpWideCharStr, cchWideChar);
        }
    }
    let bytes = lpMultiByteStr.read_slice(len);
    let units = decode(CodePage, &bytes, dwFlags & MB_ERR_INVALID_CHARS != 0)?;
    deliver(&units, lpWideCharStr, cchWideChar)
}

/// Characters the code page lacks become `*lpDefaultChar` (or '?') and set
/// `*lpUsedDefaultChar`; no best-fit mapping is made (as with WC_NO_BEST_FIT_CHARS). Windows
/// refuses both pointers for UTF-8, but there UTF-8 is never the ANSI code page, while here it
/// is: C runtimes (mingw-w64's wcrtomb) pass them for the ANSI code page, so, as Wine does, they
/// are accepted and no default character is ever used.
#[dllexport]
pub fn WideCharToMultiByte(
    CodePage: u32,
    dwFlags: u32,
    lpWideCharStr: GuestPtr<u16>,
    cchWideChar: i32,
    lpMultiByteStr: GuestPtr<u8>,
    cbMultiByte: i32,
    lpDefaultChar: GuestPtr<u8>,
    lpUsedDefaultChar: GuestPtr<i32>,
) -> Win32Result<i32> {
    if lpWideCharStr.is_null() || cchWideChar == 0 || cbMultiByte < 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let len = if cchWideChar < 0 {
        mem::wstr_len(lpWideCharStr.addr()) + 1
    } else {
        cchWideChar as usize
    };
    if len <= STACK_UNITS && resolve(CodePage) == CP_UTF8 {
        let mut units = [0u16; STACK_UNITS];
        mem::read_into(lpWideCharStr.addr(), &mut units[..len]);
        let chars = || char::decode_utf16(units[..len].iter().copied());
        if chars().all(|c| c.is_ok()) {
            lpUsedDefaultChar.write(0);
            if cbMultiByte == 0 {
                return Ok(chars().flatten().map(char::len_utf8).sum::<usize>() as i32);
            }
            // A UTF-16 unit becomes at most 3 UTF-8 bytes (a surrogate pair, 2 units, becomes 4).
            let mut bytes = [0u8; 3 * STACK_UNITS];
            let mut n = 0;
            for c in chars().flatten() {
                n += c.encode_utf8(&mut bytes[n..]).len();
            }
            return deliver(&bytes[..n], lpMultiByteStr, cbMultiByte);
        }
    }
    let units = lpWideCharStr.read_slice(len);
    let default = lpDefaultChar.read().unwrap_or(b'?');
    let (bytes, used_default) = encode_with_default(
        CodePage,
        &units,
        dwFlags & WC_ERR_INVALID_CHARS != 0,
        default,
    )?;
    lpUsedDefaultChar.write(i32::from(used_default));
    deliver(&bytes, lpMultiByteStr, cbMultiByte)
}

#[dllexport]
pub fn GetACP() -> u32 {
    acp()
}

#[dllexport]
pub fn GetOEMCP() -> u32 {
    acp()
}

/// UTF-8 and the single-byte code pages have no DBCS lead bytes.
#[dllexport]
pub fn IsDBCSLeadByteEx(CodePage: u32, TestChar: u8) -> bool {
    false
}

#[dllexport]
pub fn IsDBCSLeadByte(TestChar: u8) -> bool {
    false
}

/// CPINFO: `MaxCharSize`, `DefaultChar[2]`, `LeadByte[12]`.
#[dllexport]
pub fn GetCPInfo(CodePage: u32, lpCPInfo: GuestPtr<[u8; 20]>) -> Win32Result<()> {
    let max = max_char_size(CodePage).ok_or(Win32Error::INVALID_PARAMETER)?;
    let mut info = [0u8; 20];
    info[..4].copy_from_slice(&max.to_le_bytes());
    info[4] = b'?';
    lpCPInfo.write_required(info)
}

/// The longest character of a code page in bytes; `None` for a code page not converted here.
pub fn max_char_size(cp: u32) -> Option<u32> {
    match resolve(cp) {
        CP_UTF8 => Some(4),
        20127 => Some(1),
        other => single_byte_table(other).map(|_| 1),
    }
}

/// The number, longest character and display name of a code page (GetCPInfoExW).
pub fn code_page_info(cp: u32) -> Result<(u32, u32, &'static str), Win32Error> {
    let number = resolve(cp);
    let max = max_char_size(number).ok_or(Win32Error::INVALID_PARAMETER)?;
    // Windows' names (Wine's differ: "ANSI Latin 1" ...).
    let name = match number {
        CP_UTF8 => "65001 (UTF-8)",
        1252 => "1252  (ANSI - Latin I)",
        437 => "437   (OEM - United States)",
        850 => "850   (OEM - Multilingual Latin I)",
        20127 => "20127 (US-ASCII)",
        _ => "28591 (ISO 8859-1 Latin I)",
    };
    Ok((number, max, name))
}

const CSTR_LESS_THAN: i32 = 1;
const CSTR_EQUAL: i32 = 2;
const CSTR_GREATER_THAN: i32 = 3;

fn cstr(order: std::cmp::Ordering) -> i32 {
    match order {
        std::cmp::Ordering::Less => CSTR_LESS_THAN,
        std::cmp::Ordering::Equal => CSTR_EQUAL,
        std::cmp::Ordering::Greater => CSTR_GREATER_THAN,
    }
}

/// CompareString's comparison of two strings (without terminators) under `flags`.
pub fn compare_strings(a: &[u16], b: &[u16], flags: u32) -> Win32Result<i32> {
    if flags & !sort::SORT_FLAGS != 0 {
        return Err(Win32Error::INVALID_FLAGS);
    }
    Ok(cstr(sort::compare(a, b, flags)))
}

/// A string argument of CompareString: `count` units (stopping at a NUL), or NUL-terminated
/// when negative; without the NUL.
fn compared_units(s: GuestPtr<u16>, count: i32) -> Option<Vec<u16>> {
    if s.is_null() {
        return None;
    }
    let mut units = if count < 0 {
        mem::read_wstr(s.addr()).unwrap_or_default()
    } else {
        s.read_slice(count as usize)
    };
    if let Some(nul) = units.iter().position(|&u| u == 0) {
        units.truncate(nul);
    }
    Some(units)
}

#[dllexport]
pub fn CompareStringEx(
    lpLocaleName: WStrPtr,
    dwCmpFlags: u32,
    lpString1: GuestPtr<u16>,
    cchCount1: i32,
    lpString2: GuestPtr<u16>,
    cchCount2: i32,
    lpVersionInformation: u64,
    lpReserved: u64,
    lParam: u64,
) -> Win32Result<i32> {
    locale::by_wide_name(lpLocaleName.units().as_deref()).ok_or(Win32Error::INVALID_PARAMETER)?;
    let (Some(a), Some(b)) = (
        compared_units(lpString1, cchCount1),
        compared_units(lpString2, cchCount2),
    ) else {
        return Err(Win32Error::INVALID_PARAMETER);
    };
    compare_strings(&a, &b, dwCmpFlags)
}

#[dllexport]
pub fn CompareStringW(
    Locale: u32,
    dwCmpFlags: u32,
    lpString1: GuestPtr<u16>,
    cchCount1: i32,
    lpString2: GuestPtr<u16>,
    cchCount2: i32,
) -> Win32Result<i32> {
    locale::by_lcid(Locale).ok_or(Win32Error::INVALID_PARAMETER)?;
    let (Some(a), Some(b)) = (
        compared_units(lpString1, cchCount1),
        compared_units(lpString2, cchCount2),
    ) else {
        return Err(Win32Error::INVALID_PARAMETER);
    };
    compare_strings(&a, &b, dwCmpFlags)
}

/// Code-unit order, optionally after uppercasing each unit; counted strings may hold NULs.
#[dllexport]
pub fn CompareStringOrdinal(
    lpString1: GuestPtr<u16>,
    cchCount1: i32,
    lpString2: GuestPtr<u16>,
    cchCount2: i32,
    bIgnoreCase: bool,
) -> Win32Result<i32> {
    let read = |s: GuestPtr<u16>, count: i32| -> Option<Vec<u16>> {
        if s.is_null() {
            return None;
        }
        Some(if count < 0 {
            mem::read_wstr(s.addr()).unwrap_or_default()
        } else {
            s.read_slice(count as usize)
        })
    };
    let (Some(a), Some(b)) = (read(lpString1, cchCount1), read(lpString2, cchCount2)) else {
        return Err(Win32Error::INVALID_PARAMETER);
    };
    let order = if bIgnoreCase {
        a.iter()
            .map(|&u| sort::fold_case(u))
            .cmp(b.iter().map(|&u| sort::fold_case(u)))
    } else {
        a.cmp(&b)
    };
    Ok(cstr(order))
}

const CT_CTYPE1: u32 = 1;
const CT_CTYPE2: u32 = 2;
const CT_CTYPE3: u32 = 4;

/// The CT_CTYPE1, CT_CTYPE2 and CT_CTYPE3 types of a UTF-16 unit.
fn char_types(unit: u16) -> (u16, u16, u16) {
    let i = RUNS.partition_point(|&(start, ..)| start <= unit) - 1;
    let (_, t1, t2, t3) = RUNS[i];
    (t1, t2, t3)
}

/// The CT_CTYPE1 type of a UTF-16 unit (the CRT's wide classification uses it).
pub fn ctype1(unit: u16) -> u16 {
    char_types(unit).0
}

/// Writes the types `dwInfoType` asks for, one per unit of `src`.
pub fn string_types(dwInfoType: u32, src: &[u16], out: GuestPtr<u16>) -> Win32Result<()> {
    if out.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let pick: fn((u16, u16, u16)) -> u16 = match dwInfoType {
        CT_CTYPE1 => |t| t.0,
        CT_CTYPE2 => |t| t.1,
        CT_CTYPE3 => |t| t.2,
        _ => return Err(Win32Error::INVALID_PARAMETER),
    };
    let types: Vec<u16> = src.iter().map(|&u| pick(char_types(u))).collect();
    out.write_slice(&types);
    Ok(())
}

/// `cchSrc == -1` classifies the string and its NUL.
#[dllexport]
pub fn GetStringTypeW(
    dwInfoType: u32,
    lpSrcStr: GuestPtr<u16>,
    cchSrc: i32,
    lpCharType: GuestPtr<u16>,
) -> Win32Result<()> {
    // Unlike LCMapString, an empty string is no error, and any negative length means
    // NUL-terminated (as documented and as Windows and Wine answer).
    if cchSrc == 0 && !lpSrcStr.is_null() {
        return string_types(dwInfoType, &[], lpCharType);
    }
    let src = source_units(lpSrcStr, cchSrc.max(-1)).ok_or(Win32Error::INVALID_PARAMETER)?;
    string_types(dwInfoType, &src, lpCharType)
}
