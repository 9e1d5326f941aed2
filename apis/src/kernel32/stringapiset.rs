//! stringapiset.h and the code page queries of winnls.h. The ANSI and OEM code pages are UTF-8
//! (65001) by default (DESIGN §6), so conversions are UTF-8 ↔ UTF-16; code page 1252 and
//! 20127 (US-ASCII) are also understood.

use crate::abi::{GuestPtr, Win32Error, Win32Result, mem};
use crate::dllexport;

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

fn resolve(cp: u32) -> u32 {
    match cp {
        CP_ACP | CP_OEMCP | CP_THREAD_ACP => acp(),
        other => other,
    }
}

/// Decodes `bytes` in code page `cp`; `Err` on invalid input when `strict`.
pub fn decode(cp: u32, bytes: &[u8], strict: bool) -> Result<Vec<u16>, Win32Error> {
    match resolve(cp) {
        CP_UTF8 => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.encode_utf16().collect()),
            Err(_) if strict => Err(Win32Error::NO_UNICODE_TRANSLATION),
            Err(_) => Ok(String::from_utf8_lossy(bytes).encode_utf16().collect()),
        },
        // Windows-1252 and US-ASCII: bytes below 0x80 are ASCII; 1252's upper half is mostly
        // Latin-1 (the 0x80-0x9F differences matter rarely; they map to Latin-1 here).
        1252 | 20127 | 28591 => Ok(bytes.iter().map(|&b| b as u16).collect()),
        _ => Err(Win32Error::INVALID_PARAMETER),
    }
}

pub fn encode(cp: u32, units: &[u16], strict: bool) -> Result<Vec<u8>, Win32Error> {
    match resolve(cp) {
        CP_UTF8 => match String::from_utf16(units) {
            Ok(s) => Ok(s.into_bytes()),
            Err(_) if strict => Err(Win32Error::NO_UNICODE_TRANSLATION),
            Err(_) => Ok(String::from_utf16_lossy(units).into_bytes()),
        },
        1252 | 20127 | 28591 => Ok(units
            .iter()
            .map(|&u| if u < 0x100 { u as u8 } else { b'?' })
            .collect()),
        _ => Err(Win32Error::INVALID_PARAMETER),
    }
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
    let bytes = if cbMultiByte < 0 {
        let mut b = mem::read_cstr(lpMultiByteStr.addr()).unwrap_or_default();
        b.push(0);
        b
    } else {
        lpMultiByteStr.read_slice(cbMultiByte as usize)
    };
    let units = decode(CodePage, &bytes, dwFlags & MB_ERR_INVALID_CHARS != 0)?;
    if cchWideChar == 0 {
        return Ok(units.len() as i32);
    }
    if units.len() > cchWideChar as usize {
        lpWideCharStr.write_slice(&units[..cchWideChar as usize]);
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    lpWideCharStr.write_slice(&units);
    Ok(units.len() as i32)
}

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
    let units = if cchWideChar < 0 {
        let mut u = mem::read_wstr(lpWideCharStr.addr()).unwrap_or_default();
        u.push(0);
        u
    } else {
        lpWideCharStr.read_slice(cchWideChar as usize)
    };
    let bytes = encode(CodePage, &units, dwFlags & WC_ERR_INVALID_CHARS != 0)?;
    lpUsedDefaultChar.write(0);
    if cbMultiByte == 0 {
        return Ok(bytes.len() as i32);
    }
    if bytes.len() > cbMultiByte as usize {
        lpMultiByteStr.write_slice(&bytes[..cbMultiByte as usize]);
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    lpMultiByteStr.write_slice(&bytes);
    Ok(bytes.len() as i32)
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
    let max = match resolve(CodePage) {
        CP_UTF8 => 4u32,
        1252 | 20127 | 28591 => 1,
        _ => return Err(Win32Error::INVALID_PARAMETER),
    };
    let mut info = [0u8; 20];
    info[..4].copy_from_slice(&max.to_le_bytes());
    info[4] = b'?';
    lpCPInfo.write_required(info)
}

/// CT_CTYPE1 classes of a UTF-16 code unit (without C1_DEFINED), as Windows' tables have them:
/// by Unicode general category, where symbols, other numbers and marks have no class, with the
/// exceptions below. A lone surrogate or an unassigned code point has no class either.
fn classes_of(c: u16) -> u16 {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    use windows_sys::Win32::Globalization::{
        C1_ALPHA, C1_BLANK, C1_CNTRL, C1_DIGIT, C1_LOWER, C1_PUNCT, C1_SPACE, C1_UPPER, C1_XDIGIT,
    };
    let special = match c {
        0x09 => Some(C1_CNTRL | C1_SPACE | C1_BLANK),
        0x0A..=0x0D | 0x85 => Some(C1_CNTRL | C1_SPACE),
        0x20 | 0xA0 | 0x3000 => Some(C1_SPACE | C1_BLANK),
        0xAA | 0xB5 | 0xBA => Some(C1_LOWER | C1_ALPHA | C1_PUNCT),
        0xAD => Some(C1_CNTRL | C1_PUNCT),
        0xB2 | 0xB3 | 0xB9 => Some(C1_DIGIT | C1_PUNCT),
        0xFEFF => Some(C1_CNTRL | C1_BLANK),
        _ => None,
    };
    if let Some(classes) = special {
        return classes as u16;
    }
    let Some(ch) = char::from_u32(u32::from(c)) else {
        return 0;
    };
    let classes = match ch.general_category() {
        G::UppercaseLetter => C1_UPPER | C1_ALPHA,
        G::LowercaseLetter => C1_LOWER | C1_ALPHA,
        G::TitlecaseLetter => C1_UPPER | C1_LOWER | C1_ALPHA,
        G::ModifierLetter | G::OtherLetter | G::LetterNumber => C1_ALPHA,
        G::DecimalNumber => C1_DIGIT,
        G::SpaceSeparator | G::LineSeparator | G::ParagraphSeparator => C1_SPACE,
        G::Control | G::Format => C1_CNTRL,
        G::ConnectorPunctuation
        | G::DashPunctuation
        | G::OpenPunctuation
        | G::ClosePunctuation
        | G::InitialPunctuation
        | G::FinalPunctuation
        | G::OtherPunctuation => C1_PUNCT,
        // Latin-1 symbols and numbers (`$ + < = > ^ | ~ ¢ © ¼`) are punctuation, as in the
        // C runtime's tables; beyond Latin-1 they have no class.
        G::MathSymbol | G::CurrencySymbol | G::ModifierSymbol | G::OtherSymbol | G::OtherNumber
            if c < 0x100 =>
        {
            C1_PUNCT
        }
        _ => 0,
    };
    // ASCII and fullwidth hex digits and letters.
    let xdigit = matches!(c, 0x30..=0x39 | 0x41..=0x46 | 0x61..=0x66 | 0xFF10..=0xFF19 | 0xFF21..=0xFF26 | 0xFF41..=0xFF46);
    (classes | if xdigit { C1_XDIGIT } else { 0 }) as u16
}

/// CT_CTYPE1 classes of a UTF-16 code unit, as GetStringTypeW reports them.
pub fn ctype1(c: u16) -> u16 {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    // Surrogates are defined code units, though no `char`.
    let assigned =
        char::from_u32(u32::from(c)).is_none_or(|ch| ch.general_category() != G::Unassigned);
    classes_of(c)
        | if assigned {
            windows_sys::Win32::Globalization::C1_DEFINED as u16
        } else {
            0
        }
}

/// GetStringTypeW: CT_CTYPE1 classes of each of `cchSrc` units (-1: up to the terminator).
/// CT_CTYPE2 (bidi) and CT_CTYPE3 (text processing) are not available.
#[dllexport]
pub fn GetStringTypeW(
    dwInfoType: u32,
    lpSrcStr: GuestPtr<u16>,
    cchSrc: i32,
    lpCharType: GuestPtr<u16>,
) -> Win32Result<()> {
    use windows_sys::Win32::Globalization::CT_CTYPE1;
    if lpSrcStr.is_null() || lpCharType.is_null() || cchSrc < -1 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if dwInfoType != CT_CTYPE1 {
        tracing::warn!(target: "kernel32::stringapiset", "GetStringTypeW: only CT_CTYPE1 is available");
        return Err(Win32Error::INVALID_FLAGS);
    }
    let text = if cchSrc == -1 {
        let mut units = mem::read_wstr(lpSrcStr.addr()).unwrap_or_default();
        units.push(0);
        units
    } else {
        mem::read_slice::<u16>(lpSrcStr.addr(), cchSrc as usize)
    };
    let classes: Vec<u16> = text.iter().map(|&c| ctype1(c)).collect();
    if !mem::write_slice(lpCharType.addr(), &classes) {
        return Err(Win32Error::NOACCESS);
    }
    Ok(())
}
