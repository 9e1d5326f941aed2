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

/// The LC_CTYPE code page (0 for the "C" locale), which `_setmbcp(_MB_CP_LOCALE)` takes.
pub fn ctype_codepage() -> u32 {
    CTYPE_CODEPAGE.load(std::sync::atomic::Ordering::Relaxed)
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

/// The LC_CTYPE code page of the locale `name` names (0 for "C"), if winrun has that locale.
fn locale_codepage(name: &str, ucrt: bool) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let acp = crate::kernel32::stringapiset::acp();
    let utf8 = lower.ends_with(".utf8") || lower.ends_with(".utf-8") || lower.ends_with(".65001");
    Some(match name {
        "C" | "POSIX" => 0,
        "" if ucrt || acp != 65001 => acp,
        "" => 1252,
        _ if utf8 && ucrt => 65001,
        _ if lower.ends_with(".1252") || lower.ends_with(".acp") && acp == 1252 => 1252,
        _ => return None,
    })
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
        let Some(codepage) = locale_codepage(&name, ucrt) else {
            tracing::warn!(target: "crt::locale", "setlocale({name:?}): only \"C\", the user's locale and UTF-8 locales are available");
            return GuestPtr::NULL;
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

// Locale objects (`_locale_t`): `_locale_tstruct { locinfo, mbcinfo }`. The UCRT's `locinfo`
// starts with the fields its inline header code reads (`__crt_locale_data_public`: the ctype
// table, `MB_CUR_MAX`, the LC_CTYPE code page); msvcrt's is the older `threadlocinfo`, whose
// `mb_cur_max` and `pctype` MinGW's inline code reads at their own offsets. `mbcinfo` holds a
// reference count and the multibyte code page. Every locale winrun has ("C", UTF-8, 1252)
// classifies, converts case and reads numbers as the "C" locale does below 0x80, so the `_l`
// functions take the locale object and share the global functions' work.

/// Where the fields are in one locale object's block (after the two pointers).
struct LocaleLayout {
    size: usize,
    mbcinfo: u64,
    refcount: Option<u64>,
    codepage: u64,
    mb_cur_max: u64,
    pctype: u64,
    /// msvcrt's `lc_clike`: the locale's lower 128 characters are the "C" locale's.
    c_like: Option<u64>,
}

const LOCINFO: u64 = 16;
const UCRT_LAYOUT: LocaleLayout = LocaleLayout {
    size: 48,
    mbcinfo: 32,
    refcount: None,
    pctype: LOCINFO,
    mb_cur_max: LOCINFO + 8,
    codepage: LOCINFO + 12,
    c_like: None,
};
/// threadlocinfo: refcount, lc_codepage, lc_collate_cp, lc_handle[6], lc_id[6],
/// lc_category[6] (four pointers each, from 72), lc_clike at 264, mb_cur_max at 268, then
/// six pointers, pctype at 320 and three more pointers (352 bytes).
const MSVCRT_LAYOUT: LocaleLayout = LocaleLayout {
    size: 16 + 352 + 16,
    mbcinfo: 16 + 352,
    refcount: Some(LOCINFO),
    codepage: LOCINFO + 4,
    c_like: Some(LOCINFO + 264),
    mb_cur_max: LOCINFO + 268,
    pctype: LOCINFO + 320,
};

/// The blocks `_create_locale` handed out and `_free_locale` has not freed, with their sizes.
static LOCALES: std::sync::Mutex<Vec<(u64, usize)>> = std::sync::Mutex::new(Vec::new());

/// A new locale object for LC_CTYPE code page `codepage`.
fn new_locale(layout: &LocaleLayout, codepage: u32) -> GuestPtr<u8> {
    let block = crate::abi::mem::alloc_zeroed(layout.size, 8);
    let at = |offset: u64| block + offset;
    crate::abi::mem::write(block, at(LOCINFO));
    crate::abi::mem::write(block + 8, at(layout.mbcinfo));
    if let Some(refcount) = layout.refcount {
        crate::abi::mem::write(at(refcount), 1i32);
    }
    if let Some(c_like) = layout.c_like {
        crate::abi::mem::write(at(c_like), 1i32);
    }
    crate::abi::mem::write(at(layout.codepage), codepage);
    crate::abi::mem::write(
        at(layout.mb_cur_max),
        if codepage == 65001 { 4i32 } else { 1 },
    );
    crate::abi::mem::write(at(layout.pctype), super::ctype::__pctype_func().addr());
    // mbcinfo: refcount 1, mbcodepage, ismbcodepage 0 (none of these is a DBCS code page).
    crate::abi::mem::write(at(layout.mbcinfo), [1, codepage]);
    LOCALES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((block, layout.size));
    GuestPtr::new(block)
}

fn create_locale(layout: &LocaleLayout, category: i32, locale: Option<String>) -> GuestPtr<u8> {
    let Some(name) = locale else {
        super::stdlib::invalid_parameter(super::errno::EINVAL);
        return GuestPtr::NULL;
    };
    if !(0..=5).contains(&category) {
        return GuestPtr::NULL;
    }
    let ucrt = super::stdlib::UCRT_PROCESS.load(std::sync::atomic::Ordering::Relaxed);
    match locale_codepage(&name, ucrt) {
        Some(codepage) => new_locale(layout, codepage),
        None => GuestPtr::NULL,
    }
}

/// `_create_locale(category, name)`: a locale object for `name` ("C", "", ".1252", the UCRT's
/// ".UTF-8" ...); NULL for a category out of range or a locale winrun does not have.
#[dllexport]
pub fn _create_locale(category: i32, locale: crate::abi::CStrPtr) -> GuestPtr<u8> {
    create_locale(&UCRT_LAYOUT, category, locale.string())
}

#[dllexport]
pub fn _wcreate_locale(category: i32, locale: crate::abi::WStrPtr) -> GuestPtr<u8> {
    create_locale(&UCRT_LAYOUT, category, locale.string())
}

/// A locale object for the current global locale.
#[dllexport]
pub fn _get_current_locale() -> GuestPtr<u8> {
    new_locale(
        &UCRT_LAYOUT,
        CTYPE_CODEPAGE.load(std::sync::atomic::Ordering::Relaxed),
    )
}

/// msvcrt's `_create_locale`: the same locales in msvcrt's `threadlocinfo` layout.
#[dllexport]
pub fn msvcrt_create_locale(category: i32, locale: crate::abi::CStrPtr) -> GuestPtr<u8> {
    create_locale(&MSVCRT_LAYOUT, category, locale.string())
}

#[dllexport]
pub fn msvcrt_get_current_locale() -> GuestPtr<u8> {
    new_locale(
        &MSVCRT_LAYOUT,
        CTYPE_CODEPAGE.load(std::sync::atomic::Ordering::Relaxed),
    )
}

/// Frees a locale object; NULL and pointers that are not live locale objects are ignored.
#[dllexport]
pub fn _free_locale(plocinfo: GuestPtr<u8>) {
    let mut locales = LOCALES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = locales.iter().position(|&(b, _)| b == plocinfo.addr()) {
        let (block, size) = locales.swap_remove(i);
        crate::abi::mem::free_zeroed(block, size, 8);
    }
}
