//! timezoneapi.h: conversions between SYSTEMTIME and FILETIME, the time zone (the host's, with
//! its daylight saving rules for the current year) and conversions between UTC and local time.

use crate::abi::{GuestPtr, Win32Error, Win32Result, host, mem};
use crate::dllexport;
use windows_sys::Win32::Foundation::{FILETIME, SYSTEMTIME};
use windows_sys::Win32::System::SystemServices::{
    TIME_ZONE_ID_DAYLIGHT, TIME_ZONE_ID_STANDARD, TIME_ZONE_ID_UNKNOWN,
};
use windows_sys::Win32::System::Time::{DYNAMIC_TIME_ZONE_INFORMATION, TIME_ZONE_INFORMATION};

const TICKS_PER_DAY: u64 = 864_000_000_000;

/// Days since 1601-01-01 of a proleptic Gregorian date (`month` 1-12).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Howard Hinnant's algorithm, shifted to the FILETIME epoch.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 584_694 // days from 0000-03-01 to 1601-01-01
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 584_694;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// FILETIME ticks (100 ns since 1601) → SYSTEMTIME.
pub fn to_systemtime(ticks: u64) -> SYSTEMTIME {
    let days = (ticks / TICKS_PER_DAY) as i64;
    let rest = ticks % TICKS_PER_DAY;
    let (y, m, d) = civil_from_days(days);
    SYSTEMTIME {
        wYear: y as u16,
        wMonth: m as u16,
        // 1601-01-01 was a Monday.
        wDayOfWeek: ((days + 1) % 7) as u16,
        wDay: d as u16,
        wHour: (rest / 36_000_000_000) as u16,
        wMinute: (rest / 600_000_000 % 60) as u16,
        wSecond: (rest / 10_000_000 % 60) as u16,
        wMilliseconds: (rest / 10_000 % 1000) as u16,
    }
}

/// SYSTEMTIME → FILETIME ticks; `None` for an invalid date or time (wDayOfWeek is ignored).
pub fn from_systemtime(st: &SYSTEMTIME) -> Option<u64> {
    let (y, m, d) = (st.wYear as i64, st.wMonth as u32, st.wDay as u32);
    if !(1601..=30827).contains(&y)
        || !(1..=12).contains(&m)
        || d == 0
        || d > days_in_month(y, m)
        || st.wHour > 23
        || st.wMinute > 59
        || st.wSecond > 59
        || st.wMilliseconds > 999
    {
        return None;
    }
    let days = days_from_civil(y, m, d) as u64;
    Some(
        days * TICKS_PER_DAY
            + st.wHour as u64 * 36_000_000_000
            + st.wMinute as u64 * 600_000_000
            + st.wSecond as u64 * 10_000_000
            + st.wMilliseconds as u64 * 10_000,
    )
}

#[dllexport]
pub fn SystemTimeToFileTime(
    lpSystemTime: GuestPtr<SYSTEMTIME>,
    lpFileTime: GuestPtr<FILETIME>,
) -> Win32Result<()> {
    let st = lpSystemTime.read().ok_or(Win32Error::NOACCESS)?;
    let ticks = from_systemtime(&st).ok_or(Win32Error::INVALID_PARAMETER)?;
    lpFileTime.write_required(FILETIME {
        dwLowDateTime: ticks as u32,
        dwHighDateTime: (ticks >> 32) as u32,
    })
}

#[dllexport]
pub fn FileTimeToSystemTime(
    lpFileTime: GuestPtr<FILETIME>,
    lpSystemTime: GuestPtr<SYSTEMTIME>,
) -> Win32Result<()> {
    let ft = lpFileTime.read().ok_or(Win32Error::NOACCESS)?;
    let ticks = ((ft.dwHighDateTime as u64) << 32) | ft.dwLowDateTime as u64;
    if ticks >> 63 != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    lpSystemTime.write_required(to_systemtime(ticks))
}

/// 100 ns ticks between 1601 and the Unix epoch.
const UNIX_EPOCH_TICKS: i64 = 116_444_736_000_000_000;
const TICKS_PER_SECOND: i64 = 10_000_000;

fn unix_seconds(ticks: u64) -> i64 {
    (ticks as i64 - UNIX_EPOCH_TICKS).div_euclid(TICKS_PER_SECOND)
}

/// The host zone's offset from UTC (seconds, east positive) at FILETIME `ticks`, and whether
/// daylight saving time applies then.
pub fn local_offset_at(ticks: u64) -> (i64, bool) {
    let (offset, dst, _) = host::local_zone(unix_seconds(ticks));
    (offset, dst)
}

/// A UTC FILETIME as the host's local time.
pub fn utc_to_local(ticks: u64) -> u64 {
    (ticks as i64 + local_offset_at(ticks).0 * TICKS_PER_SECOND) as u64
}

fn wide_name(name: &str) -> [u16; 32] {
    let mut out = [0u16; 32];
    for (slot, unit) in out.iter_mut().take(31).zip(name.encode_utf16()) {
        *slot = unit;
    }
    out
}

/// The Windows "day-in-month" form of a transition at local time `local` (ticks): month,
/// weekday, which occurrence of that weekday (5 = the last), time of day; wYear 0.
fn transition_rule(local: u64) -> SYSTEMTIME {
    let st = to_systemtime(local);
    let days = days_in_month(st.wYear as i64, st.wMonth as u32);
    let occurrence = if st.wDay as u32 + 7 > days {
        5
    } else {
        (st.wDay - 1) / 7 + 1
    };
    SYSTEMTIME {
        wYear: 0,
        wMonth: st.wMonth,
        wDayOfWeek: st.wDayOfWeek,
        wDay: occurrence,
        wHour: st.wHour,
        wMinute: st.wMinute,
        wSecond: st.wSecond,
        wMilliseconds: 0,
    }
}

/// The host zone as TIME_ZONE_INFORMATION: the biases and the transitions of the current year,
/// found by probing the host's rules; and which of standard or daylight time applies now.
pub(crate) fn host_time_zone() -> (TIME_ZONE_INFORMATION, u32) {
    let now = super::sysinfoapi::filetime_now();
    let year = to_systemtime(now).wYear;
    let start = from_systemtime(&SYSTEMTIME {
        wYear: year,
        wMonth: 1,
        wDayOfWeek: 0,
        wDay: 1,
        wHour: 0,
        wMinute: 0,
        wSecond: 0,
        wMilliseconds: 0,
    })
    .unwrap_or(now);
    let at = |t: u64| host::local_zone(unix_seconds(t));
    // Every change of offset in the year, to the second.
    let day = 86_400 * TICKS_PER_SECOND as u64;
    let mut transitions = Vec::new();
    for d in 0..366u64 {
        let (a, b) = (start + d * day, start + (d + 1) * day);
        if at(a).0 != at(b).0 {
            let (mut lo, mut hi) = (unix_seconds(a), unix_seconds(b));
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if host::local_zone(mid).0 == host::local_zone(lo).0 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            transitions.push(hi);
        }
    }
    let (offset_now, dst_now, name_now) = at(now);
    let mut tz: TIME_ZONE_INFORMATION = mem::zeroed();
    let to_ticks = |secs: i64| (secs * TICKS_PER_SECOND + UNIX_EPOCH_TICKS) as u64;
    let to_dst = transitions.iter().copied().find(|&t| host::local_zone(t).1);
    let to_std = transitions
        .iter()
        .copied()
        .find(|&t| !host::local_zone(t).1);
    match (to_dst, to_std) {
        (Some(to_dst), Some(to_std)) => {
            let (std_offset, _, std_name) = host::local_zone(to_std);
            let (dst_offset, _, dst_name) = host::local_zone(to_dst);
            tz.Bias = (-std_offset / 60) as i32;
            tz.DaylightBias = (-(dst_offset - std_offset) / 60) as i32;
            tz.StandardName = wide_name(&std_name);
            tz.DaylightName = wide_name(&dst_name);
            // Each transition in the local time that was in force just before it.
            tz.DaylightDate =
                transition_rule((to_ticks(to_dst) as i64 + std_offset * TICKS_PER_SECOND) as u64);
            tz.StandardDate =
                transition_rule((to_ticks(to_std) as i64 + dst_offset * TICKS_PER_SECOND) as u64);
            let id = if dst_now {
                TIME_ZONE_ID_DAYLIGHT
            } else {
                TIME_ZONE_ID_STANDARD
            };
            (tz, id)
        }
        _ => {
            tz.Bias = (-offset_now / 60) as i32;
            let name = if offset_now == 0 && matches!(name_now.as_str(), "UTC" | "GMT" | "") {
                "Coordinated Universal Time".to_string()
            } else {
                name_now
            };
            tz.StandardName = wide_name(&name);
            tz.DaylightName = wide_name(&name);
            (tz, TIME_ZONE_ID_UNKNOWN)
        }
    }
}

/// Time zone names are the host's abbreviations ("CET"), not Windows' long names, except UTC.
#[dllexport]
pub fn GetTimeZoneInformation(lpTimeZoneInformation: GuestPtr<TIME_ZONE_INFORMATION>) -> u32 {
    let (tz, id) = host_time_zone();
    if !lpTimeZoneInformation.write(tz) {
        crate::nt::teb::set_last_error(Win32Error::NOACCESS.0);
        return windows_sys::Win32::System::Time::TIME_ZONE_ID_INVALID;
    }
    id
}

#[dllexport]
pub fn GetDynamicTimeZoneInformation(
    pTimeZoneInformation: GuestPtr<DYNAMIC_TIME_ZONE_INFORMATION>,
) -> u32 {
    let (tz, id) = host_time_zone();
    let mut dynamic: DYNAMIC_TIME_ZONE_INFORMATION = mem::zeroed();
    dynamic.Bias = tz.Bias;
    dynamic.StandardName = tz.StandardName;
    dynamic.StandardDate = tz.StandardDate;
    dynamic.StandardBias = tz.StandardBias;
    dynamic.DaylightName = tz.DaylightName;
    dynamic.DaylightDate = tz.DaylightDate;
    dynamic.DaylightBias = tz.DaylightBias;
    for (slot, unit) in dynamic.TimeZoneKeyName.iter_mut().zip(tz.StandardName) {
        *slot = unit;
    }
    if !pTimeZoneInformation.write(dynamic) {
        crate::nt::teb::set_last_error(Win32Error::NOACCESS.0);
        return windows_sys::Win32::System::Time::TIME_ZONE_ID_INVALID;
    }
    id
}

/// The local time (ticks) at which a "day-in-month" rule fires in `year` (or the absolute date
/// when the rule has a year).
fn rule_in_year(rule: &SYSTEMTIME, year: i64) -> Option<u64> {
    if rule.wYear != 0 {
        return from_systemtime(rule);
    }
    let month = rule.wMonth as u32;
    if !(1..=12).contains(&month) || !(1..=5).contains(&rule.wDay) || rule.wDayOfWeek > 6 {
        return None;
    }
    let first = days_from_civil(year, month, 1);
    // 1601-01-01 (day 0) was a Monday.
    let first_weekday = (first + 1).rem_euclid(7) as u32;
    let mut day = 1 + (rule.wDayOfWeek as u32 + 7 - first_weekday) % 7 + 7 * (rule.wDay as u32 - 1);
    while day > days_in_month(year, month) {
        day -= 7;
    }
    let mut st = *rule;
    st.wYear = year as u16;
    st.wDay = day as u16;
    from_systemtime(&st)
}

/// The bias (minutes, UTC = local + bias) that `tz` applies at UTC `ticks`.
fn bias_at(tz: &TIME_ZONE_INFORMATION, utc: u64) -> i32 {
    if tz.StandardDate.wMonth == 0 || tz.DaylightDate.wMonth == 0 {
        return tz.Bias + tz.StandardBias;
    }
    let year = to_systemtime(utc).wYear as i64;
    let minutes = |m: i32| m as i64 * 60 * TICKS_PER_SECOND;
    // Transitions in UTC: DaylightDate is given in standard time, StandardDate in daylight time.
    let to_dst =
        rule_in_year(&tz.DaylightDate, year).map(|t| t as i64 + minutes(tz.Bias + tz.StandardBias));
    let to_std =
        rule_in_year(&tz.StandardDate, year).map(|t| t as i64 + minutes(tz.Bias + tz.DaylightBias));
    let (Some(to_dst), Some(to_std)) = (to_dst, to_std) else {
        return tz.Bias + tz.StandardBias;
    };
    let t = utc as i64;
    let daylight = if to_dst < to_std {
        t >= to_dst && t < to_std
    } else {
        // Southern hemisphere: daylight time spans the new year.
        t >= to_dst || t < to_std
    };
    tz.Bias
        + if daylight {
            tz.DaylightBias
        } else {
            tz.StandardBias
        }
}

/// With a NULL zone, the host's rules for that instant; otherwise `lpTimeZoneInformation`'s.
#[dllexport]
pub fn SystemTimeToTzSpecificLocalTime(
    lpTimeZoneInformation: GuestPtr<TIME_ZONE_INFORMATION>,
    lpUniversalTime: GuestPtr<SYSTEMTIME>,
    lpLocalTime: GuestPtr<SYSTEMTIME>,
) -> Win32Result<()> {
    let utc = lpUniversalTime.read().ok_or(Win32Error::NOACCESS)?;
    let ticks = from_systemtime(&utc).ok_or(Win32Error::INVALID_PARAMETER)?;
    let local = match lpTimeZoneInformation.read() {
        None => utc_to_local(ticks),
        Some(tz) => (ticks as i64 - bias_at(&tz, ticks) as i64 * 60 * TICKS_PER_SECOND) as u64,
    };
    lpLocalTime.write_required(to_systemtime(local))
}

#[dllexport]
pub fn TzSpecificLocalTimeToSystemTime(
    lpTimeZoneInformation: GuestPtr<TIME_ZONE_INFORMATION>,
    lpLocalTime: GuestPtr<SYSTEMTIME>,
    lpUniversalTime: GuestPtr<SYSTEMTIME>,
) -> Win32Result<()> {
    let local = lpLocalTime.read().ok_or(Win32Error::NOACCESS)?;
    let ticks = from_systemtime(&local).ok_or(Win32Error::INVALID_PARAMETER)? as i64;
    // The offset is a function of UTC: guess with the local time, then correct once.
    let offset = |utc: i64| -> i64 {
        match lpTimeZoneInformation.read() {
            None => local_offset_at(utc as u64).0 * TICKS_PER_SECOND,
            Some(tz) => -(bias_at(&tz, utc as u64) as i64) * 60 * TICKS_PER_SECOND,
        }
    };
    let guess = ticks - offset(ticks);
    let utc = ticks - offset(guess);
    lpUniversalTime.write_required(to_systemtime(utc as u64))
}

/// Declared in fileapi.h. Like Windows, it applies the bias in force now, not the one at the
/// converted time.
#[dllexport]
pub fn FileTimeToLocalFileTime(
    lpFileTime: GuestPtr<FILETIME>,
    lpLocalFileTime: GuestPtr<FILETIME>,
) -> Win32Result<()> {
    let ft = lpFileTime.read().ok_or(Win32Error::NOACCESS)?;
    let ticks = ((ft.dwHighDateTime as u64) << 32) | ft.dwLowDateTime as u64;
    let offset = local_offset_at(super::sysinfoapi::filetime_now()).0 * TICKS_PER_SECOND;
    let local = (ticks as i64).wrapping_add(offset) as u64;
    lpLocalFileTime.write_required(FILETIME {
        dwLowDateTime: local as u32,
        dwHighDateTime: (local >> 32) as u32,
    })
}

/// Declared in fileapi.h; the inverse of FileTimeToLocalFileTime.
#[dllexport]
pub fn LocalFileTimeToFileTime(
    lpLocalFileTime: GuestPtr<FILETIME>,
    lpFileTime: GuestPtr<FILETIME>,
) -> Win32Result<()> {
    let ft = lpLocalFileTime.read().ok_or(Win32Error::NOACCESS)?;
    let ticks = ((ft.dwHighDateTime as u64) << 32) | ft.dwLowDateTime as u64;
    let offset = local_offset_at(super::sysinfoapi::filetime_now()).0 * TICKS_PER_SECOND;
    let utc = (ticks as i64).wrapping_sub(offset) as u64;
    lpFileTime.write_required(FILETIME {
        dwLowDateTime: utc as u32,
        dwHighDateTime: (utc >> 32) as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_round_trip() {
        let st = to_systemtime(0);
        assert_eq!(
            (st.wYear, st.wMonth, st.wDay, st.wDayOfWeek),
            (1601, 1, 1, 1)
        );
        // 1970-01-01 00:00:00 UTC, a Thursday.
        let unix = 116_444_736_000_000_000;
        let st = to_systemtime(unix);
        assert_eq!(
            (st.wYear, st.wMonth, st.wDay, st.wDayOfWeek),
            (1970, 1, 1, 4)
        );
        assert_eq!(from_systemtime(&st), Some(unix));
        // 2024-02-29 12:34:56.789 (leap day).
        let t = from_systemtime(&SYSTEMTIME {
            wYear: 2024,
            wMonth: 2,
            wDayOfWeek: 0,
            wDay: 29,
            wHour: 12,
            wMinute: 34,
            wSecond: 56,
            wMilliseconds: 789,
        })
        .unwrap();
        let back = to_systemtime(t);
        assert_eq!(
            (
                back.wYear,
                back.wMonth,
                back.wDay,
                back.wHour,
                back.wMinute,
                back.wSecond,
                back.wMilliseconds
            ),
            (2024, 2, 29, 12, 34, 56, 789)
        );
        assert_eq!(back.wDayOfWeek, 4);
        let mut bad = back;
        bad.wYear = 2023;
        assert_eq!(from_systemtime(&bad), None);
    }
}

/// MS-DOS date and time (FAT directory entries, zip headers): years 1980-2107, two-second
/// steps. The FILETIME is taken as it is (no time-zone conversion), as on Windows.
#[dllexport]
pub fn FileTimeToDosDateTime(
    lpFileTime: GuestPtr<FILETIME>,
    lpFatDate: GuestPtr<u16>,
    lpFatTime: GuestPtr<u16>,
) -> Win32Result<()> {
    let ft = lpFileTime.read().ok_or(Win32Error::NOACCESS)?;
    let st = to_systemtime(u64::from(ft.dwHighDateTime) << 32 | u64::from(ft.dwLowDateTime));
    if !(1980..=2107).contains(&st.wYear) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    lpFatDate.write(((st.wYear - 1980) << 9) | (st.wMonth << 5) | st.wDay);
    lpFatTime.write((st.wHour << 11) | (st.wMinute << 5) | (st.wSecond / 2));
    Ok(())
}

#[dllexport]
pub fn DosDateTimeToFileTime(
    wFatDate: u16,
    wFatTime: u16,
    lpFileTime: GuestPtr<FILETIME>,
) -> Win32Result<()> {
    let st = SYSTEMTIME {
        wYear: 1980 + (wFatDate >> 9),
        wMonth: (wFatDate >> 5) & 0xf,
        wDayOfWeek: 0,
        wDay: wFatDate & 0x1f,
        wHour: wFatTime >> 11,
        wMinute: (wFatTime >> 5) & 0x3f,
        wSecond: (wFatTime & 0x1f) * 2,
        wMilliseconds: 0,
    };
    let ticks = from_systemtime(&st).ok_or(Win32Error::INVALID_PARAMETER)?;
    lpFileTime.write_required(FILETIME {
        dwLowDateTime: ticks as u32,
        dwHighDateTime: (ticks >> 32) as u32,
    })
}
