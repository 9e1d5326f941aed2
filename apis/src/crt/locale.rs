//! locale.h: the "C" locale, which is all a console program gets until it calls setlocale.

use crate::abi::{GuestCell, GuestPtr};
use crate::dllexport;
use std::sync::Once;

/// `MB_CUR_MAX` of the "C" locale.
pub static __mb_cur_max: GuestCell<i32> = GuestCell::new(1);

#[dllexport]
pub fn ___mb_cur_max_func() -> i32 {
    __mb_cur_max.get()
}

/// The code page of the current locale's LC_CTYPE: the ANSI code page.
#[dllexport]
pub fn ___lc_codepage_func() -> u32 {
    crate::kernel32::stringapiset::acp()
}

/// struct lconv: ten `char *` fields, eight `char` fields, then the UCRT's six `wchar_t *`.
static LCONV: GuestCell<[u64; 17]> = GuestCell::new([0; 17]);
static STRINGS: GuestCell<[u8; 8]> = GuestCell::new(*b".\0\0\0\0\0\0\0");
static WSTRINGS: GuestCell<[u16; 4]> = GuestCell::new([b'.' as u16, 0, 0, 0]);

#[dllexport]
pub fn localeconv() -> GuestPtr<u8> {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let dot = STRINGS.addr();
        let empty = STRINGS.addr() + 2;
        let wdot = WSTRINGS.addr();
        let wempty = WSTRINGS.addr() + 4;
        let mut l = [0u64; 17];
        l[0] = dot; // decimal_point
        for f in &mut l[1..10] {
            *f = empty;
        }
        // int_frac_digits .. n_sign_posn: CHAR_MAX (127) in the "C" locale.
        l[10] = u64::from_le_bytes([127; 8]);
        l[11] = wdot; // _W_decimal_point
        for f in &mut l[12..17] {
            *f = wempty;
        }
        LCONV.set(l);
    });
    GuestPtr::new(LCONV.addr())
}

std::thread_local! {
    /// `_configthreadlocale`'s setting for this thread: 1 per-thread locale, 2 the global one.
    static THREAD_LOCALE_MODE: std::cell::Cell<i32> = const { std::cell::Cell::new(2) };
}

/// `_configthreadlocale(type)`: 1 (_ENABLE_PER_THREAD_LOCALE), 2 (_DISABLE_PER_THREAD_LOCALE),
/// 0 to query, -1 to restore the global default. Returns the previous setting. winrun has only
/// the "C" locale, so the setting changes nothing else.
#[dllexport]
pub fn _configthreadlocale(per_thread_locale_type: i32) -> i32 {
    let old = THREAD_LOCALE_MODE.with(|m| m.get());
    match per_thread_locale_type {
        0 => {}
        1 | 2 => THREAD_LOCALE_MODE.with(|m| m.set(per_thread_locale_type)),
        -1 => THREAD_LOCALE_MODE.with(|m| m.set(2)),
        _ => {
            super::stdlib::invalid_parameter(super::errno::EINVAL);
            return -1;
        }
    }
    old
}

/// The code page of LC_CTYPE: 0 for the "C" locale (bytes are characters 0-255), 1252 (bytes
/// are characters too, as kernel32 converts 1252) or 65001 after `setlocale` selected UTF-8
/// (the UCRT's ".UTF-8", or "" since the ANSI code page is UTF-8).
static CTYPE_CODEPAGE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Whether LC_CTYPE is the "C" locale.
pub fn c_ctype() -> bool {
    CTYPE_CODEPAGE.load(std::sync::atomic::Ordering::Relaxed) == 0
}

pub fn utf8_locale() -> bool {
    CTYPE_CODEPAGE.load(std::sync::atomic::Ordering::Relaxed) == 65001
}

static LOCALE_NAME: GuestCell<[u8; 64]> = GuestCell::new([0; 64]);

/// The name `setlocale` reports for a locale with code page `codepage`.
fn locale_name(codepage: u32) -> String {
    match codepage {
        0 => "C".to_string(),
        65001 => "English_United States.utf8".to_string(),
        cp => format!("English_United States.{cp}"),
    }
}

/// `setlocale(category, locale)`: "C"; the user's locale "" (English, United States, in the
/// ANSI code page — msvcrt.dll knows no UTF-8 locale and takes 1252, the English ANSI code page,
/// then); `.1252`-style names; in the UCRT the UTF-8 locales (".UTF-8", ".utf8",
/// `"<name>.UTF-8"`). NULL asks for the current name. Other locales are not available (NULL).
#[dllexport]
pub fn setlocale(category: i32, locale: crate::abi::CStrPtr) -> GuestPtr<u8> {
    use std::sync::atomic::Ordering;
    if !(0..=5).contains(&category) {
        super::stdlib::invalid_parameter(super::errno::EINVAL);
        return GuestPtr::NULL;
    }
    let ucrt = super::stdlib::UCRT_PROCESS.load(Ordering::Relaxed);
    if let Some(name) = locale.string() {
        let lower = name.to_ascii_lowercase();
        let acp = crate::kernel32::stringapiset::acp();
        let utf8 =
            lower.ends_with(".utf8") || lower.ends_with(".utf-8") || lower.ends_with(".65001");
        let codepage = match name.as_str() {
            "C" | "POSIX" => 0,
            "" if ucrt || acp != 65001 => acp,
            "" => 1252,
            _ if utf8 && ucrt => 65001,
            _ if lower.ends_with(".1252") || lower.ends_with(".acp") && acp == 1252 => 1252,
            _ => {
                tracing::warn!(target: "crt::locale", "setlocale({name:?}): only \"C\", the user's locale and UTF-8 locales are available");
                return GuestPtr::NULL;
            }
        };
        if category == 0 || category == 2 {
            CTYPE_CODEPAGE.store(codepage, Ordering::Relaxed);
            __mb_cur_max.set(if codepage == 65001 { 4 } else { 1 });
        }
    }
    let current = locale_name(CTYPE_CODEPAGE.load(Ordering::Relaxed));
    let mut bytes = [0u8; 64];
    bytes[..current.len()].copy_from_slice(current.as_bytes());
    LOCALE_NAME.set(bytes);
    GuestPtr::new(LOCALE_NAME.addr())
}

/// The locale names by category (LC_ALL .. LC_TIME) that `___lc_locale_name_func` hands out:
/// NULL for the "C" locale, the name of the user's locale for a LC_CTYPE `setlocale` changed
/// (the other categories stay "C" in winrun).
static LOCALE_NAMES: GuestCell<[u64; 6]> = GuestCell::new([0; 6]);
static USER_LOCALE_NAME: GuestCell<[u16; 6]> = GuestCell::new([
    b'e' as u16,
    b'n' as u16,
    b'-' as u16,
    b'U' as u16,
    b'S' as u16,
    0,
]);
const LC_CTYPE: usize = 2;

#[dllexport]
pub fn ___lc_locale_name_func() -> GuestPtr<u64> {
    let mut names = [0; 6];
    if !c_ctype() {
        names[LC_CTYPE] = USER_LOCALE_NAME.addr();
    }
    LOCALE_NAMES.set(names);
    GuestPtr::new(LOCALE_NAMES.addr())
}

/// The C++ library holds it across calls while it reads the global locale.
static LOCALE_LOCK: super::mtdll::RecursiveLock = super::mtdll::RecursiveLock::new();

#[dllexport]
pub fn _lock_locales() {
    LOCALE_LOCK.lock();
}

#[dllexport]
pub fn _unlock_locales() {
    LOCALE_LOCK.unlock();
}

/// MinGW's startup calls this to prepare the C locale's `lconv`; `localeconv` builds it on
/// first use, so there is nothing left to do.
#[dllexport]
pub fn __lconv_init() -> i32 {
    0
}
