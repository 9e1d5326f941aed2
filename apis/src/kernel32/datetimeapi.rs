//! datetimeapi.h: dates and times formatted by a locale's pictures (GetDateFormat,
//! GetTimeFormat). Gregorian calendar only.

use super::sysinfoapi::filetime_now;
use super::timezoneapi::{from_systemtime, to_systemtime, utc_to_local};
use super::winnls::copy_with_nul;
use crate::abi::{GuestPtr, WStrPtr, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::locale::{self, LocaleData};
use windows_sys::Win32::Foundation::SYSTEMTIME;

const DATE_SHORTDATE: u32 = 0x01;
const DATE_LONGDATE: u32 = 0x02;
const DATE_YEARMONTH: u32 = 0x08;
const TIME_NOMINUTESORSECONDS: u32 = 0x01;
const TIME_NOSECONDS: u32 = 0x02;
const TIME_NOTIMEMARKER: u32 = 0x04;
const TIME_FORCE24HOURFORMAT: u32 = 0x08;
const LOCALE_NOUSEROVERRIDE: u32 = 0x8000_0000;
const LOCALE_SSHORTDATE: u32 = 0x1f;
const LOCALE_SLONGDATE: u32 = 0x20;
const LOCALE_S1159: u32 = 0x28;
const LOCALE_S2359: u32 = 0x29;
const LOCALE_SDAYNAME1: u32 = 0x2a;
const LOCALE_SABBREVDAYNAME1: u32 = 0x31;
const LOCALE_SMONTHNAME1: u32 = 0x38;
const LOCALE_SABBREVMONTHNAME1: u32 = 0x44;
const LOCALE_STIMEFORMAT: u32 = 0x1003;
const LOCALE_SYEARMONTH: u32 = 0x1006;

/// The time to format: the given one (checked, its day of week recomputed) or the local now.
fn time_to_format(lpTime: GuestPtr<SYSTEMTIME>) -> Win32Result<SYSTEMTIME> {
    match lpTime.read() {
        None => Ok(to_systemtime(utc_to_local(filetime_now()))),
        Some(st) => {
            let ticks = from_systemtime(&st).ok_or(Win32Error::INVALID_PARAMETER)?;
            Ok(to_systemtime(ticks))
        }
    }
}

/// One run of a picture: a repeated picture letter, or literal text.
enum Piece {
    Field(u16, usize),
    Text(Vec<u16>),
}

/// Splits a picture into fields (`letters`) and literal text ('quoted', '' for a quote).
fn pieces(picture: &[u16], letters: &str) -> Vec<Piece> {
    let is_letter = |u: u16| letters.encode_utf16().any(|l| l == u);
    let quote = b'\'' as u16;
    let mut out = Vec::new();
    let mut i = 0;
    while i < picture.len() {
        let u = picture[i];
        if is_letter(u) {
            let start = i;
            while i < picture.len() && picture[i] == u {
                i += 1;
            }
            out.push(Piece::Field(u, i - start));
        } else if u == quote {
            let mut text = Vec::new();
            i += 1;
            while i < picture.len() {
                if picture[i] == quote {
                    if picture.get(i + 1) == Some(&quote) {
                        text.push(quote);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                text.push(picture[i]);
                i += 1;
            }
            out.push(Piece::Text(text));
        } else {
            out.push(Piece::Text(vec![u]));
            i += 1;
        }
    }
    out
}

fn number(value: u16, width: usize) -> Vec<u16> {
    format!("{value:0width$}").encode_utf16().collect()
}

fn item(locale: &LocaleData, lctype: u32) -> Vec<u16> {
    locale.item(lctype).unwrap_or("").encode_utf16().collect()
}

fn format_date(locale: &LocaleData, st: &SYSTEMTIME, picture: &[u16]) -> Vec<u16> {
    let mut out = Vec::new();
    // Windows' day names start on Monday; wDayOfWeek counts from Sunday.
    let weekday = (u32::from(st.wDayOfWeek) + 6) % 7;
    for piece in pieces(picture, "dMyg") {
        match piece {
            Piece::Text(t) => out.extend(t),
            Piece::Field(u, n) => out.extend(match (u as u8, n) {
                (b'd', 1 | 2) => number(st.wDay, n),
                (b'd', 3) => item(locale, LOCALE_SABBREVDAYNAME1 + weekday),
                (b'd', _) => item(locale, LOCALE_SDAYNAME1 + weekday),
                (b'M', 1 | 2) => number(st.wMonth, n),
                (b'M', 3) => item(locale, LOCALE_SABBREVMONTHNAME1 + u32::from(st.wMonth) - 1),
                (b'M', _) => item(locale, LOCALE_SMONTHNAME1 + u32::from(st.wMonth) - 1),
                (b'y', 1) => number(st.wYear % 100, 1),
                (b'y', 2) => number(st.wYear % 100, 2),
                (b'y', _) => number(st.wYear, 4),
                _ => "A.D.".encode_utf16().collect(),
            }),
        }
    }
    out
}

fn format_time(locale: &LocaleData, st: &SYSTEMTIME, picture: &[u16], flags: u32) -> Vec<u16> {
    let pieces = pieces(picture, "hHmst");
    let dropped = |u: u8| match u {
        b'm' => flags & TIME_NOMINUTESORSECONDS != 0,
        b's' => flags & (TIME_NOMINUTESORSECONDS | TIME_NOSECONDS) != 0,
        b't' => flags & TIME_NOTIMEMARKER != 0,
        _ => false,
    };
    let mut out = Vec::new();
    let mut pending_text: Vec<u16> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => pending_text.extend(t),
            Piece::Field(u, n) => {
                // Text before a dropped field goes with it (the ':' before the seconds).
                if dropped(u as u8) {
                    pending_text.clear();
                    continue;
                }
                out.append(&mut pending_text);
                let hour12 = match st.wHour % 12 {
                    0 => 12,
                    h => h,
                };
                let marker = item(
                    locale,
                    if st.wHour < 12 {
                        LOCALE_S1159
                    } else {
                        LOCALE_S2359
                    },
                );
                out.extend(match u as u8 {
                    b'h' if flags & TIME_FORCE24HOURFORMAT != 0 => number(st.wHour, n.min(2)),
                    b'h' => number(hour12, n.min(2)),
                    b'H' => number(st.wHour, n.min(2)),
                    b'm' => number(st.wMinute, n.min(2)),
                    b's' => number(st.wSecond, n.min(2)),
                    _ if n == 1 => marker.into_iter().take(1).collect(),
                    _ => marker,
                });
            }
        }
    }
    if !out.is_empty() || pending_text.iter().any(|&u| u != b' ' as u16) {
        out.extend(pending_text);
    }
    while out.last() == Some(&(b' ' as u16)) && flags & TIME_NOTIMEMARKER != 0 {
        out.pop();
    }
    out
}

fn get_date_format(
    locale: Option<&LocaleData>,
    dwFlags: u32,
    lpDate: GuestPtr<SYSTEMTIME>,
    lpFormat: WStrPtr,
    lpDateStr: GuestPtr<u16>,
    cchDate: i32,
) -> Win32Result<i32> {
    let locale = locale.ok_or(Win32Error::INVALID_PARAMETER)?;
    if cchDate < 0 || (cchDate > 0 && lpDateStr.is_null()) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let kind = dwFlags & !LOCALE_NOUSEROVERRIDE;
    let picture = match lpFormat.units() {
        Some(_) if kind != 0 => return Err(Win32Error::INVALID_FLAGS),
        Some(p) => p,
        None => item(
            locale,
            match kind {
                0 | DATE_SHORTDATE => LOCALE_SSHORTDATE,
                DATE_LONGDATE => LOCALE_SLONGDATE,
                DATE_YEARMONTH => LOCALE_SYEARMONTH,
                _ => return Err(Win32Error::INVALID_FLAGS),
            },
        ),
    };
    let st = time_to_format(lpDate)?;
    copy_with_nul(&format_date(locale, &st, &picture), lpDateStr, cchDate)
}

#[dllexport]
pub fn GetDateFormatEx(
    lpLocaleName: WStrPtr,
    dwFlags: u32,
    lpDate: GuestPtr<SYSTEMTIME>,
    lpFormat: WStrPtr,
    lpDateStr: GuestPtr<u16>,
    cchDate: i32,
    lpCalendar: WStrPtr,
) -> Win32Result<i32> {
    let locale = locale::by_wide_name(lpLocaleName.units().as_deref());
    get_date_format(locale, dwFlags, lpDate, lpFormat, lpDateStr, cchDate)
}

#[dllexport]
pub fn GetDateFormatW(
    Locale: u32,
    dwFlags: u32,
    lpDate: GuestPtr<SYSTEMTIME>,
    lpFormat: WStrPtr,
    lpDateStr: GuestPtr<u16>,
    cchDate: i32,
) -> Win32Result<i32> {
    get_date_format(
        locale::by_lcid(Locale),
        dwFlags,
        lpDate,
        lpFormat,
        lpDateStr,
        cchDate,
    )
}

fn get_time_format(
    locale: Option<&LocaleData>,
    dwFlags: u32,
    lpTime: GuestPtr<SYSTEMTIME>,
    lpFormat: WStrPtr,
    lpTimeStr: GuestPtr<u16>,
    cchTime: i32,
) -> Win32Result<i32> {
    let locale = locale.ok_or(Win32Error::INVALID_PARAMETER)?;
    if cchTime < 0 || (cchTime > 0 && lpTimeStr.is_null()) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let picture = match lpFormat.units() {
        Some(_) if dwFlags & LOCALE_NOUSEROVERRIDE != 0 => return Err(Win32Error::INVALID_FLAGS),
        Some(p) => p,
        None => item(locale, LOCALE_STIMEFORMAT),
    };
    let st = time_to_format(lpTime)?;
    copy_with_nul(
        &format_time(locale, &st, &picture, dwFlags),
        lpTimeStr,
        cchTime,
    )
}

#[dllexport]
pub fn GetTimeFormatEx(
    lpLocaleName: WStrPtr,
    dwFlags: u32,
    lpTime: GuestPtr<SYSTEMTIME>,
    lpFormat: WStrPtr,
    lpTimeStr: GuestPtr<u16>,
    cchTime: i32,
) -> Win32Result<i32> {
    let locale = locale::by_wide_name(lpLocaleName.units().as_deref());
    get_time_format(locale, dwFlags, lpTime, lpFormat, lpTimeStr, cchTime)
}

#[dllexport]
pub fn GetTimeFormatW(
    Locale: u32,
    dwFlags: u32,
    lpTime: GuestPtr<SYSTEMTIME>,
    lpFormat: WStrPtr,
    lpTimeStr: GuestPtr<u16>,
    cchTime: i32,
) -> Win32Result<i32> {
    get_time_format(
        locale::by_lcid(Locale),
        dwFlags,
        lpTime,
        lpFormat,
        lpTimeStr,
        cchTime,
    )
}
