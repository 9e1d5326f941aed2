//! ctype.h and wctype.h for the "C" locale: the `_pctype` classification table programs index
//! directly, the `is*`/`to*` functions over it, and the wide twins.

use crate::abi::{GuestCell, GuestPtr};
use crate::dllexport;

pub const UPPER: u16 = 0x1;
pub const LOWER: u16 = 0x2;
pub const DIGIT: u16 = 0x4;
pub const SPACE: u16 = 0x8;
pub const PUNCT: u16 = 0x10;
pub const CONTROL: u16 = 0x20;
pub const BLANK: u16 = 0x40;
pub const HEX: u16 = 0x80;
pub const ALPHA: u16 = 0x100 | UPPER | LOWER;

/// The class bits of an ASCII character in the "C" locale's static table (0 beyond ASCII).
/// Letters carry only their case bits (C1_ALPHA, 0x100, appears in tables built for other
/// locales) and tab is not marked blank: `isblank` tests it by value.
const fn class_of(c: u32) -> u16 {
    match c {
        0x09..=0x0D => SPACE | CONTROL,
        0x00..=0x1F | 0x7F => CONTROL,
        0x20 => SPACE | BLANK,
        0x30..=0x39 => DIGIT | HEX,
        0x41..=0x46 => UPPER | HEX,
        0x47..=0x5A => UPPER,
        0x61..=0x66 => LOWER | HEX,
        0x67..=0x7A => LOWER,
        0x21..=0x7E => PUNCT,
        _ => 0,
    }
}

const fn table() -> [u16; 257] {
    let mut t = [0u16; 257];
    let mut c = 0;
    while c < 256 {
        t[c + 1] = class_of(c as u32);
        c += 1;
    }
    t
}

/// The table with an entry for EOF (-1) in front, as the CRT lays it out.
static CLASS_TABLE: GuestCell<[u16; 257]> = GuestCell::new(table());

/// The CRT's own classes of a Latin-1 wide character (its `_wctype` table, the same in every
/// locale): letters carry C1_ALPHA, tab is blank, the feminine/masculine ordinals and the micro
/// sign are punctuation, the superscript digits digits.
const fn wide_class_of(c: u32) -> u16 {
    const C1_ALPHA: u16 = 0x100;
    match c {
        0x09 => CONTROL | SPACE | BLANK,
        0xA0 => SPACE | BLANK,
        0x41..=0x5A | 0x61..=0x7A => class_of(c) | C1_ALPHA,
        0x00..=0x7F => class_of(c),
        0x80..=0x9F => CONTROL,
        0xB2 | 0xB3 | 0xB9 => DIGIT | PUNCT,
        0xC0..=0xD6 | 0xD8..=0xDE => UPPER | C1_ALPHA,
        0xDF..=0xF6 | 0xF8..=0xFF => LOWER | C1_ALPHA,
        _ => PUNCT,
    }
}

/// The wide classes of U+0000-U+00FF, EOF entry in front.
const fn wide_table() -> [u16; 257] {
    let mut t = [0u16; 257];
    let mut c = 0;
    while c < 256 {
        t[c + 1] = wide_class_of(c as u32);
        c += 1;
    }
    t
}

const WIDE_CLASSES: [u16; 257] = wide_table();
/// Also exported as `_wctype`, the table `_pwctype` points into.
pub static WIDE_CLASS_TABLE: GuestCell<[u16; 257]> = GuestCell::new(WIDE_CLASSES);

/// `_pctype`: a pointer to the entry for character 0, there before any code runs.
pub static _pctype: GuestCell<*const u16> =
    GuestCell::new((&raw const CLASS_TABLE).cast::<u16>().wrapping_add(1));
/// `_pwctype`: the wide table programs index for characters below 256.
pub static _pwctype: GuestCell<*const u16> =
    GuestCell::new((&raw const WIDE_CLASS_TABLE).cast::<u16>().wrapping_add(1));

fn table_ptr() -> u64 {
    CLASS_TABLE.addr() + 2
}

#[dllexport]
pub fn __pctype_func() -> GuestPtr<u16> {
    GuestPtr::new(table_ptr())
}

#[dllexport]
pub fn __pwctype_func() -> GuestPtr<u16> {
    GuestPtr::new(WIDE_CLASS_TABLE.addr() + 2)
}

/// The classes of `c` (an `int` holding an unsigned char or EOF); other values have none.
fn classes(c: i32) -> u16 {
    if (0..=0x7F).contains(&c) {
        class_of(c as u32)
    } else {
        0
    }
}

#[dllexport]
pub fn _isctype(c: i32, desc: i32) -> i32 {
    (classes(c) & desc as u16) as i32
}

/// The classes of a wide character: the Latin-1 table below 256, Unicode's categories above
/// (as GetStringTypeW reports them), in every locale.
fn wide_classes(c: u16) -> u16 {
    match WIDE_CLASSES.get(usize::from(c) + 1) {
        Some(&classes) => classes,
        None => crate::kernel32::stringapiset::ctype1(c) & 0x1FF,
    }
}

#[dllexport]
pub fn iswctype(c: u16, desc: u16) -> i32 {
    (wide_classes(c) & desc) as i32
}

macro_rules! class_tests {
    ($($name:ident, $lname:ident, $wname:ident = $mask:expr;)*) => {$(
        #[dllexport]
        pub fn $name(c: i32) -> i32 {
            (classes(c) & ($mask)) as i32
        }

        /// Every locale winrun has classifies as the "C" locale does (see locale.rs).
        #[dllexport]
        pub fn $lname(c: i32, locale: GuestPtr<u8>) -> i32 {
            let _ = locale;
            $name(c)
        }

        #[dllexport]
        pub fn $wname(c: u16) -> i32 {
            (wide_classes(c) & ($mask)) as i32
        }
    )*};
}

class_tests! {
    isalpha, _isalpha_l, iswalpha = ALPHA;
    isupper, _isupper_l, iswupper = UPPER;
    islower, _islower_l, iswlower = LOWER;
    isdigit, _isdigit_l, iswdigit = DIGIT;
    isxdigit, _isxdigit_l, iswxdigit = HEX;
    isspace, _isspace_l, iswspace = SPACE;
    ispunct, _ispunct_l, iswpunct = PUNCT;
    isalnum, _isalnum_l, iswalnum = ALPHA | DIGIT;
    isprint, _isprint_l, iswprint = BLANK | PUNCT | ALPHA | DIGIT;
    isgraph, _isgraph_l, iswgraph = PUNCT | ALPHA | DIGIT;
    iscntrl, _iscntrl_l, iswcntrl = CONTROL;
}

/// `isblank`: space (marked BLANK in the table) and tab.
#[dllexport]
pub fn isblank(c: i32) -> i32 {
    if c == b'\t' as i32 {
        return BLANK as i32;
    }
    (classes(c) & BLANK) as i32
}

#[dllexport]
pub fn iswblank(c: u16) -> i32 {
    (wide_classes(c) & BLANK) as i32
}

#[dllexport]
pub fn __isascii(c: i32) -> i32 {
    ((c as u32) < 0x80) as i32
}

#[dllexport]
pub fn __iscsym(c: i32) -> i32 {
    (classes(c) & (ALPHA | DIGIT) != 0 || c == b'_' as i32) as i32
}

#[dllexport]
pub fn __iscsymf(c: i32) -> i32 {
    (classes(c) & ALPHA != 0 || c == b'_' as i32) as i32
}

#[dllexport]
pub fn __toascii(c: i32) -> i32 {
    c & 0x7F
}

/// `toupper`: only ASCII letters change in the "C" locale; other values come back as they are.
#[dllexport]
pub fn toupper(c: i32) -> i32 {
    if (b'a' as i32..=b'z' as i32).contains(&c) {
        c - 0x20
    } else {
        c
    }
}

#[dllexport]
pub fn tolower(c: i32) -> i32 {
    if (b'A' as i32..=b'Z' as i32).contains(&c) {
        c + 0x20
    } else {
        c
    }
}

/// `_toupper`/`_tolower`: the unchecked forms, which assume a letter of the other case.
#[dllexport]
pub fn _toupper(c: i32) -> i32 {
    c - 0x20
}

#[dllexport]
pub fn _tolower(c: i32) -> i32 {
    c + 0x20
}

/// The one UTF-16 unit `c` maps to with `map`, or `c` when the mapping is longer (ß → SS).
fn simple_case(c: u16, map: impl Fn(char) -> Option<char>) -> u16 {
    char::from_u32(u32::from(c))
        .and_then(map)
        .and_then(|m| u16::try_from(u32::from(m)).ok())
        .unwrap_or(c)
}

fn only<I: Iterator<Item = char>>(mut it: I) -> Option<char> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

/// `towupper`: in the "C" locale only ASCII letters change, as for `toupper`; in any other
/// locale every letter with a one-unit uppercase form (LCMapString's LCMAP_UPPERCASE).
#[dllexport]
pub fn towupper(c: u16) -> u16 {
    if c < 0x80 || super::locale::c_ctype() {
        return toupper(c as i32) as u16;
    }
    simple_case(c, |ch| only(ch.to_uppercase()))
}

#[dllexport]
pub fn towlower(c: u16) -> u16 {
    if c < 0x80 || super::locale::c_ctype() {
        return tolower(c as i32) as u16;
    }
    simple_case(c, |ch| only(ch.to_lowercase()))
}

#[dllexport]
pub fn _toupper_l(c: i32, locale: GuestPtr<u8>) -> i32 {
    let _ = locale;
    toupper(c)
}

#[dllexport]
pub fn _tolower_l(c: i32, locale: GuestPtr<u8>) -> i32 {
    let _ = locale;
    tolower(c)
}

#[dllexport]
pub fn _towupper_l(c: u16, locale: GuestPtr<u8>) -> u16 {
    let _ = locale;
    towupper(c)
}

#[dllexport]
pub fn _towlower_l(c: u16, locale: GuestPtr<u8>) -> u16 {
    let _ = locale;
    towlower(c)
}

// The wide `_l` forms and the wctype.h names: every locale classifies wide characters alike.

macro_rules! wide_locale_tests {
    ($($lname:ident = $wname:ident;)*) => {$(
        #[dllexport]
        pub fn $lname(c: u16, locale: GuestPtr<u8>) -> i32 {
            let _ = locale;
            $wname(c)
        }
    )*};
}

wide_locale_tests! {
    _iswalpha_l = iswalpha;
    _iswupper_l = iswupper;
    _iswlower_l = iswlower;
    _iswdigit_l = iswdigit;
    _iswxdigit_l = iswxdigit;
    _iswspace_l = iswspace;
    _iswpunct_l = iswpunct;
    _iswalnum_l = iswalnum;
    _iswprint_l = iswprint;
    _iswgraph_l = iswgraph;
    _iswcntrl_l = iswcntrl;
    _iswblank_l = iswblank;
}

/// `__iswcsym`: a letter, a digit or the underscore.
#[dllexport]
pub fn __iswcsym(c: u16) -> i32 {
    (wide_classes(c) & (ALPHA | DIGIT) != 0 || c == u16::from(b'_')) as i32
}

/// `__iswcsymf`: a letter or the underscore (what may start an identifier).
#[dllexport]
pub fn __iswcsymf(c: u16) -> i32 {
    (wide_classes(c) & ALPHA != 0 || c == u16::from(b'_')) as i32
}

#[dllexport]
pub fn _iswcsym_l(c: u16, locale: GuestPtr<u8>) -> i32 {
    let _ = locale;
    __iswcsym(c)
}

#[dllexport]
pub fn _iswcsymf_l(c: u16, locale: GuestPtr<u8>) -> i32 {
    let _ = locale;
    __iswcsymf(c)
}

#[dllexport]
pub fn _iswctype_l(c: u16, desc: u16, locale: GuestPtr<u8>) -> i32 {
    let _ = locale;
    iswctype(c, desc)
}

#[dllexport]
pub fn _isctype_l(c: i32, desc: i32, locale: GuestPtr<u8>) -> i32 {
    let _ = locale;
    _isctype(c, desc)
}

#[dllexport]
pub fn _isblank_l(c: i32, locale: GuestPtr<u8>) -> i32 {
    let _ = locale;
    isblank(c)
}

/// `is_wctype`: the old name of iswctype.
#[dllexport]
pub fn is_wctype(c: u16, desc: u16) -> i32 {
    iswctype(c, desc)
}

/// `wctype(name)`: the class mask `iswctype` takes for a class name; 0 for an unknown name.
#[dllexport]
pub fn wctype(property: crate::abi::CStrPtr) -> u16 {
    match property.bytes().as_deref() {
        Some(b"alnum") => ALPHA | DIGIT,
        Some(b"alpha") => ALPHA,
        Some(b"blank") => BLANK,
        Some(b"cntrl") => CONTROL,
        Some(b"digit") => DIGIT,
        Some(b"graph") => PUNCT | ALPHA | DIGIT,
        Some(b"lower") => LOWER,
        Some(b"print") => BLANK | PUNCT | ALPHA | DIGIT,
        Some(b"punct") => PUNCT,
        Some(b"space") => SPACE,
        Some(b"upper") => UPPER,
        Some(b"xdigit") => HEX,
        _ => 0,
    }
}

const TRANS_TOUPPER: u16 = 1;
const TRANS_TOLOWER: u16 = 2;

/// `wctrans(name)`: "toupper" or "tolower" for `towctrans`; 0 for other names.
#[dllexport]
pub fn wctrans(property: crate::abi::CStrPtr) -> u16 {
    match property.bytes().as_deref() {
        Some(b"toupper") => TRANS_TOUPPER,
        Some(b"tolower") => TRANS_TOLOWER,
        _ => 0,
    }
}

#[dllexport]
pub fn towctrans(c: u16, category: u16) -> u16 {
    if category == TRANS_TOUPPER {
        towupper(c)
    } else {
        towlower(c)
    }
}
