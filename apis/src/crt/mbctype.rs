//! mbctype.h: the multibyte code page (`_setmbcp`/`_getmbcp`), its `_mbctype` byte-class table
//! and `_mbcasemap`, and the `_ismbb*` byte tests over them.
//!
//! The multibyte code page is separate from the locale: it starts as the ANSI code page and
//! changes only through `_setmbcp`. winrun converts the single-byte code pages and UTF-8, none of
//! which has DBCS lead bytes (UTF-8 is not a DBCS to the CRT: `_ismbblead` is false for every
//! byte), so a character of the `_mbs*` functions is always one byte. What a code page still
//! decides is which bytes are single-byte letters (`_SBUP`/`_SBLOW` in `_mbctype`, with their
//! other case in `_mbcasemap`), and whether it counts as a multibyte code page at all: UTF-8
//! does (`_getmbcp` reports it), the single-byte pages do not (`_getmbcp` is 0).

use super::errno::EINVAL;
use crate::abi::{GuestCell, GuestPtr, mem};
use crate::dllexport;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// `_mbctype` bits (mbctype.h).
const SBUP: u8 = 0x10;
const SBLOW: u8 = 0x20;
const M1: u8 = 0x04;
const M2: u8 = 0x08;
pub const MS: u8 = 0x01;
pub const MP: u8 = 0x02;

const MB_CP_SBCS: i32 = 0;
const MB_CP_OEM: i32 = -2;
const MB_CP_ANSI: i32 = -3;
const MB_CP_LOCALE: i32 = -4;
const CP_UTF8: u32 = 65001;

/// One code page's view for the `_mbs*` functions.
pub struct MbInfo {
    /// The code page number (0 for `_MB_CP_SBCS`).
    pub codepage: u32,
    /// `_mbctype`: an entry for EOF, then one per byte.
    pub ctype: [u8; 257],
    pub casemap: [u8; 256],
}

impl MbInfo {
    fn build(codepage: u32) -> MbInfo {
        use crate::kernel32::stringapiset::{ctype1, decode, encode};
        const C1_UPPER: u16 = 1;
        const C1_LOWER: u16 = 2;
        let mut info = MbInfo {
            codepage,
            ctype: [0; 257],
            casemap: [0; 256],
        };
        for b in 0..=255u8 {
            // The "C" tables of _MB_CP_SBCS know the ASCII letters only.
            let unit = match codepage {
                0 if b.is_ascii() => u16::from(b),
                0 => continue,
                cp => match decode(cp, &[b], true).as_deref() {
                    Ok([u]) => *u,
                    _ => continue,
                },
            };
            let Some(ch) = char::from_u32(u32::from(unit)) else {
                continue;
            };
            let (bit, other) = match ctype1(unit) {
                t if t & C1_UPPER != 0 => (SBUP, only(ch.to_lowercase())),
                t if t & C1_LOWER != 0 => (SBLOW, only(ch.to_uppercase())),
                _ => continue,
            };
            let mut units = [0u16; 2];
            let other = other.map(|c| c.encode_utf16(&mut units).to_vec());
            let mapped = match (codepage, other) {
                (0, Some(u)) if u[0] < 0x80 => Some(u[0] as u8),
                (0, _) => None,
                (cp, Some(u)) => match encode(cp, &u, true).as_deref() {
                    Ok([m]) => Some(*m),
                    _ => None,
                },
                (_, None) => None,
            };
            if let Some(m) = mapped {
                info.ctype[usize::from(b) + 1] = bit;
                info.casemap[usize::from(b)] = m;
            }
        }
        info
    }

    /// Whether the CRT treats this code page as multibyte (`ismbcodepage`): UTF-8 only here.
    pub fn multibyte(&self) -> bool {
        self.codepage == CP_UTF8
    }

    fn bits(&self, c: u32) -> u8 {
        self.ctype[(c & 0xFF) as usize + 1]
    }

    pub fn is_upper(&self, b: u8) -> bool {
        self.bits(b.into()) & SBUP != 0
    }

    pub fn is_lower(&self, b: u8) -> bool {
        self.bits(b.into()) & SBLOW != 0
    }

    /// `_mbbtolower`: a single-byte uppercase letter's lowercase, other bytes unchanged.
    pub fn to_lower(&self, b: u8) -> u8 {
        if self.is_upper(b) {
            self.casemap[usize::from(b)]
        } else {
            b
        }
    }

    pub fn to_upper(&self, b: u8) -> u8 {
        if self.is_lower(b) {
            self.casemap[usize::from(b)]
        } else {
            b
        }
    }
}

fn only<I: Iterator<Item = char>>(mut it: I) -> Option<char> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

/// The code pages `_setmbcp` accepts: what kernel32 converts (GetCPInfo succeeds), plus 0.
const CODE_PAGES: [u32; 7] = [0, 1252, 437, 850, 28591, 20127, CP_UTF8];

/// The tables of a code page in `CODE_PAGES`, built once.
pub fn info_for(codepage: u32) -> Option<&'static MbInfo> {
    static TABLES: [OnceLock<MbInfo>; CODE_PAGES.len()] = [const { OnceLock::new() }; 7];
    let i = CODE_PAGES.iter().position(|&cp| cp == codepage)?;
    Some(TABLES[i].get_or_init(|| MbInfo::build(codepage)))
}

/// The current multibyte code page; `u32::MAX` until the runtime set it up.
static CURRENT: AtomicU32 = AtomicU32::new(u32::MAX);

/// `_mbctype` and `_mbcasemap`: the current code page's tables, which programs read directly.
pub static _mbctype: GuestCell<[u8; 257]> = GuestCell::new([0; 257]);
pub static _mbcasemap: GuestCell<[u8; 256]> = GuestCell::new([0; 256]);

fn select(info: &'static MbInfo) {
    _mbctype.set(info.ctype);
    _mbcasemap.set(info.casemap);
    CURRENT.store(info.codepage, Ordering::Release);
}

/// The process's multibyte code page: the ANSI code page at startup.
pub fn current() -> &'static MbInfo {
    let cp = CURRENT.load(Ordering::Acquire);
    if let Some(info) = info_for(cp) {
        return info;
    }
    static START: std::sync::Once = std::sync::Once::new();
    START.call_once(|| select(ansi_info()));
    info_for(CURRENT.load(Ordering::Acquire)).unwrap_or_else(ansi_info)
}

/// The ANSI code page's tables (a WINRUN_ACP that kernel32 cannot convert falls back to UTF-8).
fn ansi_info() -> &'static MbInfo {
    info_for(crate::kernel32::stringapiset::acp())
        .or_else(|| info_for(CP_UTF8))
        .expect("UTF-8 is always available")
}

/// Called at CRT startup so that `_mbctype` holds the ANSI code page's table before the
/// program's own code reads it.
pub fn init() {
    current();
}

/// The tables an `_l` function works with: those of `locale`'s multibyte code page (the
/// `mbcinfo` of a `_locale_t`: refcount, then the code page), or the current ones for NULL.
pub fn for_locale(locale: GuestPtr<u8>) -> &'static MbInfo {
    if locale.is_null() {
        return current();
    }
    mem::read::<u64>(locale.addr() + 8)
        .and_then(|mbcinfo| mem::read::<u32>(mbcinfo + 4))
        .and_then(info_for)
        .unwrap_or_else(current)
}

/// `_setmbcp(codepage)`: 0 on success; -1 (code page unchanged, errno EINVAL) for a code page
/// winrun cannot decode, which includes the DBCS pages 932, 936, 949 and 950.
#[dllexport]
pub fn _setmbcp(codepage: i32) -> i32 {
    current();
    let acp = crate::kernel32::stringapiset::acp();
    let cp = match codepage {
        MB_CP_ANSI | MB_CP_OEM => acp,
        MB_CP_LOCALE => super::locale::ctype_codepage(),
        MB_CP_SBCS => 0,
        cp => cp as u32,
    };
    match info_for(cp) {
        Some(info) => {
            select(info);
            0
        }
        None => super::io::fail(EINVAL, -1),
    }
}

/// `_getmbcp()`: the multibyte code page, or 0 when it is a single-byte one (Microsoft's
/// documented rule; Wine reports the single-byte page's number).
#[dllexport]
pub fn _getmbcp() -> i32 {
    let info = current();
    if info.multibyte() {
        info.codepage as i32
    } else {
        0
    }
}

#[dllexport]
pub fn __p__mbctype() -> GuestPtr<u8> {
    current();
    GuestPtr::new(_mbctype.addr())
}

#[dllexport]
pub fn __p__mbcasemap() -> GuestPtr<u8> {
    current();
    GuestPtr::new(_mbcasemap.addr())
}

/// The `_ismbb*` rule: true (1) when the byte has one of the `_mbctype` bits `kanji`, or one of
/// the ctype classes `classes` in the locale.
pub fn byte_type(info: &MbInfo, c: u32, classes: u16, kanji: u8) -> i32 {
    let b = (c & 0xFF) as i32;
    (info.bits(c) & kanji != 0 || (classes != 0 && super::ctype::_isctype(b, classes as i32) != 0))
        as i32
}

macro_rules! byte_tests {
    ($($name:ident, $lname:ident = $classes:expr, $kanji:expr;)*) => {$(
        #[dllexport]
        pub fn $name(c: u32) -> i32 {
            byte_type(current(), c, $classes, $kanji)
        }

        #[dllexport]
        pub fn $lname(c: u32, locale: GuestPtr<u8>) -> i32 {
            byte_type(for_locale(locale), c, $classes, $kanji)
        }
    )*};
}

use super::ctype::{ALPHA, BLANK, DIGIT, PUNCT};

byte_tests! {
    _ismbbalnum, _ismbbalnum_l = ALPHA | DIGIT, MS;
    _ismbbalpha, _ismbbalpha_l = ALPHA, MS;
    _ismbbgraph, _ismbbgraph_l = PUNCT | ALPHA | DIGIT, MS | MP;
    _ismbbprint, _ismbbprint_l = BLANK | PUNCT | ALPHA | DIGIT, MS | MP;
    _ismbbpunct, _ismbbpunct_l = PUNCT, MP;
    _ismbbkalnum, _ismbbkalnum_l = 0, MS;
    _ismbbkprint, _ismbbkprint_l = 0, MS | MP;
    _ismbbkpunct, _ismbbkpunct_l = 0, MP;
    _ismbblead, _ismbblead_l = 0, M1;
    _ismbbtrail, _ismbbtrail_l = 0, M2;
}

/// `_ismbbblank`: tab and the locale's blanks (tab is not marked blank in the ctype table).
pub fn blank(info: &MbInfo, c: u32) -> i32 {
    if c & 0xFF == u32::from(b'\t') {
        return 1;
    }
    byte_type(info, c, BLANK, MP)
}

#[dllexport]
pub fn _ismbbblank(c: u32) -> i32 {
    blank(current(), c)
}

#[dllexport]
pub fn _ismbbblank_l(c: u32, locale: GuestPtr<u8>) -> i32 {
    blank(for_locale(locale), c)
}

/// `_ismbbkana`: single-byte katakana exist only in code page 932, which winrun does not have.
#[dllexport]
pub fn _ismbbkana(c: u32) -> i32 {
    let _ = c;
    0
}

#[dllexport]
pub fn _ismbbkana_l(c: u32, locale: GuestPtr<u8>) -> i32 {
    let _ = (c, locale);
    0
}

const MBC_SINGLE: i32 = 0;
const MBC_LEAD: i32 = 1;
const MBC_TRAIL: i32 = 2;
const MBC_ILLEGAL: i32 = -1;

/// `_mbbtype(c, type)`: what byte `c` is, given what the byte before it was (`type`).
pub fn byte_kind(info: &MbInfo, c: u8, previous: i32) -> i32 {
    let c = u32::from(c);
    if previous == MBC_LEAD {
        return if byte_type(info, c, 0, M2) != 0 {
            MBC_TRAIL
        } else {
            MBC_ILLEGAL
        };
    }
    if byte_type(info, c, 0, M1) != 0 {
        MBC_LEAD
    } else if byte_type(info, c, BLANK | PUNCT | ALPHA | DIGIT, MS | MP) != 0 {
        MBC_SINGLE
    } else {
        MBC_ILLEGAL
    }
}

#[dllexport]
pub fn _mbbtype(c: u8, r#type: i32) -> i32 {
    byte_kind(current(), c, r#type)
}

#[dllexport]
pub fn _mbbtype_l(c: u8, r#type: i32, locale: GuestPtr<u8>) -> i32 {
    byte_kind(for_locale(locale), c, r#type)
}
