//! Locales: the table of known locales, the user's locale (from the host's LC_ALL or LANG, en-US
//! when neither names a known locale) and the thread locale.

use super::locale_data::LOCALES;
pub use super::locale_data::LocaleData;
use std::cell::Cell;
use std::sync::OnceLock;

pub const LOCALE_INVARIANT: u32 = 0x007f;
const LOCALE_NEUTRAL: u32 = 0x0000;
const LOCALE_USER_DEFAULT: u32 = 0x0400;
const LOCALE_SYSTEM_DEFAULT: u32 = 0x0800;
const LOCALE_CUSTOM_DEFAULT: u32 = 0x0c00;
const LOCALE_CUSTOM_UNSPECIFIED: u32 = 0x1000;
const LOCALE_CUSTOM_UI_DEFAULT: u32 = 0x1400;
/// LOCALE_NAME_SYSTEM_DEFAULT.
const SYSTEM_DEFAULT_NAME: &str = "!x-sys-default-locale";
const EN_US: u32 = 0x0409;

impl LocaleData {
    /// The value of item `lctype` (without flag bits).
    pub fn item(&self, lctype: u32) -> Option<&'static str> {
        self.items
            .binary_search_by_key(&lctype, |&(t, _)| t)
            .ok()
            .map(|i| self.items[i].1)
    }
    /// The locale's ANSI code page (LOCALE_IDEFAULTANSICODEPAGE).
    pub fn ansi_code_page(&self) -> u32 {
        self.item(0x1004).and_then(|v| v.parse().ok()).unwrap_or(0)
    }
}

pub fn all() -> &'static [LocaleData] {
    LOCALES
}

fn by_lcid_exact(lcid: u32) -> Option<&'static LocaleData> {
    LOCALES.iter().find(|l| l.lcid == lcid)
}

/// The user's locale: LC_ALL, else LANG (`de_DE.UTF-8` → de-DE), else en-US.
pub fn user_default() -> &'static LocaleData {
    static USER: OnceLock<&'static LocaleData> = OnceLock::new();
    USER.get_or_init(|| {
        ["LC_ALL", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))
            .find_map(|value| {
                let tag = value.split(['.', '@']).next().unwrap_or("");
                by_name(&tag.replace('_', "-"))
            })
            .filter(|l| l.lcid != LOCALE_INVARIANT)
            .unwrap_or_else(|| by_lcid_exact(EN_US).expect("en-US is in the table"))
    })
}

/// The system locale is the user's: there is one user on this "machine".
pub fn system_default() -> &'static LocaleData {
    user_default()
}

/// The locale an LCID names, with the default pseudo-LCIDs resolved; the sort bits (above the
/// language id) are ignored as only the default sort exists.
pub fn by_lcid(lcid: u32) -> Option<&'static LocaleData> {
    match lcid & 0xffff {
        LOCALE_USER_DEFAULT
        | LOCALE_CUSTOM_DEFAULT
        | LOCALE_CUSTOM_UNSPECIFIED
        | LOCALE_CUSTOM_UI_DEFAULT
        | LOCALE_NEUTRAL => Some(user_default()),
        LOCALE_SYSTEM_DEFAULT => Some(system_default()),
        id => by_lcid_exact(id),
    }
}

/// The locale a name (case-insensitive) names; "" is the invariant locale.
pub fn by_name(name: &str) -> Option<&'static LocaleData> {
    if name == SYSTEM_DEFAULT_NAME {
        return Some(system_default());
    }
    LOCALES.iter().find(|l| l.name.eq_ignore_ascii_case(name))
}

/// The locale an `...Ex` function's name parameter names: NULL is the user default.
pub fn by_wide_name(name: Option<&[u16]>) -> Option<&'static LocaleData> {
    match name {
        None => Some(user_default()),
        Some(units) => by_name(&String::from_utf16(units).ok()?),
    }
}

thread_local! {
    static THREAD_LOCALE: Cell<u32> = const { Cell::new(0) };
}

/// The calling thread's locale (SetThreadLocale), the user default until set.
pub fn thread_locale() -> u32 {
    match THREAD_LOCALE.with(Cell::get) {
        0 => user_default().lcid,
        lcid => lcid,
    }
}

pub fn set_thread_locale(lcid: u32) {
    THREAD_LOCALE.with(|c| c.set(lcid));
}
