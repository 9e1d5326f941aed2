//! timezoneapi.h: conversions between SYSTEMTIME and FILETIME (UTC).

use crate::abi::{GuestPtr, Win32Error, Win32Result};
use crate::dllexport;
use windows_sys::Win32::Foundation::{FILETIME, SYSTEMTIME};

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
