//! faketime: the program sees the clock at a date of your choosing, like libfaketime.
//!
//!     FAKETIME="2001-02-03 04:05:06" winrun --preload libfaketime_shim.so prog.exe
//!
//! `YYYY-MM-DD hh:mm:ss` (UTC) freezes the clock at that instant; `@YYYY-MM-DD hh:mm:ss` starts
//! it there and lets it run. Wall-clock APIs follow (GetSystemTimeAsFileTime,
//! GetSystemTimePreciseAsFileTime, GetSystemTime, GetLocalTime, ntdll's NtQuerySystemTime and
//! RtlGetSystemTimePrecise, the CRT's `time`/`_time64`/`_time32`); a frozen clock also freezes
//! QueryPerformanceCounter, so code that measures intervals sees none, as with libfaketime.
//! Local time is UTC (the shim knows no time zones). Functions winrun lacks are provided.
//!
//! Not covered: programs that read the clock from KUSER_SHARED_DATA without calling anything
//! (Go's runtime does) see the real time; a shim can only replace functions.

use shims::windows_sys::Win32::Foundation::{
    FILETIME, STATUS_ACCESS_VIOLATION, STATUS_SUCCESS, SYSTEMTIME,
};
use shims::{GuestPtr, shim};
use std::sync::OnceLock;
use std::time::Instant;

/// 100 ns intervals between 1601-01-01 (FILETIME's epoch) and 1970-01-01.
const UNIX_EPOCH_AS_FILETIME: u64 = 116_444_736_000_000_000;
const TICKS_PER_SECOND: u64 = 10_000_000;

struct Clock {
    /// The fake time as FILETIME ticks.
    start: u64,
    /// When the clock started, if it runs.
    running_since: Option<Instant>,
    /// The performance counter a frozen clock shows (read on first use).
    frozen_counter: OnceLock<i64>,
}

fn clock() -> &'static Clock {
    static CLOCK: OnceLock<Clock> = OnceLock::new();
    CLOCK.get_or_init(|| {
        let spec = std::env::var("FAKETIME").unwrap_or_default();
        let (running, date) = match spec.strip_prefix('@') {
            Some(date) => (true, date),
            None => (false, spec.as_str()),
        };
        let Some(start) = parse_date(date) else {
            eprintln!(
                "faketime: FAKETIME={spec:?} is not a date: expected \"YYYY-MM-DD hh:mm:ss\" \
                 (frozen) or \"@YYYY-MM-DD hh:mm:ss\" (running), UTC"
            );
            std::process::exit(2);
        };
        shims::log!(
            Info,
            "clock set to {date} UTC ({})",
            if running { "running" } else { "frozen" }
        );
        Clock {
            start,
            running_since: running.then(Instant::now),
            frozen_counter: OnceLock::new(),
        }
    })
}

/// The fake time now, as FILETIME ticks.
fn now() -> u64 {
    let c = clock();
    let elapsed = c
        .running_since
        .map_or(0, |t| t.elapsed().as_nanos() as u64 / 100);
    c.start + elapsed
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (month as i64 + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01: (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// "YYYY-MM-DD hh:mm:ss" (UTC) as FILETIME ticks; `None` when malformed or before 1601.
fn parse_date(text: &str) -> Option<u64> {
    let (date, time) = text.trim().split_once([' ', 'T'])?;
    let mut d = date.split('-').map(str::parse::<u32>);
    let (year, month, day) = (d.next()?.ok()?, d.next()?.ok()?, d.next()?.ok()?);
    let mut t = time.split(':').map(str::parse::<u32>);
    let (hour, minute, second) = (t.next()?.ok()?, t.next()?.ok()?, t.next()?.ok()?);
    if d.next().is_some() || t.next().is_some() {
        return None;
    }
    let days_in_month = [
        31,
        28 + u32::from(is_leap(year)),
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month[month as usize - 1]
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let seconds = days_from_civil(year.into(), month, day) * 86_400
        + i64::from(hour * 3600 + minute * 60 + second);
    let ticks = seconds * TICKS_PER_SECOND as i64 + UNIX_EPOCH_AS_FILETIME as i64;
    u64::try_from(ticks).ok()
}

fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn to_filetime(ticks: u64) -> FILETIME {
    FILETIME {
        dwLowDateTime: ticks as u32,
        dwHighDateTime: (ticks >> 32) as u32,
    }
}

fn to_systemtime(ticks: u64) -> SYSTEMTIME {
    let seconds =
        (ticks as i64 - UNIX_EPOCH_AS_FILETIME as i64).div_euclid(TICKS_PER_SECOND as i64);
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    SYSTEMTIME {
        wYear: year as u16,
        wMonth: month as u16,
        // 1970-01-01 was a Thursday (4).
        wDayOfWeek: (days + 4).rem_euclid(7) as u16,
        wDay: day as u16,
        wHour: (in_day / 3600) as u16,
        wMinute: (in_day / 60 % 60) as u16,
        wSecond: (in_day % 60) as u16,
        wMilliseconds: (ticks % TICKS_PER_SECOND / 10_000) as u16,
    }
}

/// The fake time as a CRT `time_t` (seconds since 1970).
fn unix_seconds() -> i64 {
    (now() as i64 - UNIX_EPOCH_AS_FILETIME as i64).div_euclid(TICKS_PER_SECOND as i64)
}

shim! {
    name: "faketime";
    fn kernel32!GetSystemTimeAsFileTime(time: GuestPtr<FILETIME>) {
        time.write(to_filetime(now()));
    }
    fn kernel32!GetSystemTimePreciseAsFileTime(time: GuestPtr<FILETIME>) {
        time.write(to_filetime(now()));
    }
    fn kernel32!GetSystemTime(time: GuestPtr<SYSTEMTIME>) {
        time.write(to_systemtime(now()));
    }
    fn kernel32!GetLocalTime(time: GuestPtr<SYSTEMTIME>) {
        time.write(to_systemtime(now()));
    }
    // BOOL QueryPerformanceCounter(LARGE_INTEGER *)
    fn kernel32!QueryPerformanceCounter(counter: GuestPtr<i64>) -> i32 {
        let ok = next(counter);
        let c = clock();
        if ok != 0 && c.running_since.is_none() {
            let frozen = *c.frozen_counter.get_or_init(|| counter.read().unwrap_or(0));
            counter.write(frozen);
        }
        ok
    }
    // NTSTATUS (LONG) NtQuerySystemTime(LARGE_INTEGER *): the FILETIME value as one integer.
    fn ntdll!NtQuerySystemTime(time: GuestPtr<i64>) -> i32 {
        if time.write(now() as i64) { STATUS_SUCCESS } else { STATUS_ACCESS_VIOLATION }
    }
    // LONGLONG RtlGetSystemTimePrecise(void)
    fn ntdll!RtlGetSystemTimePrecise() -> i64 {
        now() as i64
    }
    // time_t time(time_t *): 64-bit in msvcrt on x64; mingw's `time` calls `_time64`.
    fn msvcrt!time(out: GuestPtr<i64>) -> i64 {
        let t = unix_seconds();
        out.write(t);
        t
    }
    fn msvcrt!_time64(out: GuestPtr<i64>) -> i64 {
        let t = unix_seconds();
        out.write(t);
        t
    }
    fn msvcrt!_time32(out: GuestPtr<i32>) -> i32 {
        let t = unix_seconds() as i32;
        out.write(t);
        t
    }
    fn ucrtbase!_time64(out: GuestPtr<i64>) -> i64 {
        let t = unix_seconds();
        out.write(t);
        t
    }
    fn ucrtbase!_time32(out: GuestPtr<i32>) -> i32 {
        let t = unix_seconds() as i32;
        out.write(t);
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let ticks = parse_date("2001-02-03 04:05:06").unwrap();
        // 2001-02-03T04:05:06Z is Unix time 981173106.
        assert_eq!(
            ticks,
            981_173_106 * TICKS_PER_SECOND + UNIX_EPOCH_AS_FILETIME
        );
        let st = to_systemtime(ticks);
        assert_eq!(
            (
                st.wYear,
                st.wMonth,
                st.wDay,
                st.wHour,
                st.wMinute,
                st.wSecond,
                st.wDayOfWeek
            ),
            (2001, 2, 3, 4, 5, 6, 6)
        );
        let leap = to_systemtime(parse_date("2000-02-29 23:59:59").unwrap());
        assert_eq!(
            (leap.wYear, leap.wMonth, leap.wDay, leap.wDayOfWeek),
            (2000, 2, 29, 2)
        );
        let old = to_systemtime(parse_date("1601-01-01 00:00:00").unwrap());
        assert_eq!(
            (old.wYear, old.wMonth, old.wDay, old.wDayOfWeek),
            (1601, 1, 1, 1)
        );
    }

    #[test]
    fn malformed_dates_are_refused() {
        for bad in [
            "",
            "2001-02-03",
            "2001-13-01 00:00:00",
            "2001-02-29 00:00:00",
            "1600-12-31 23:59:59",
            "2001-02-03 24:00:00",
            "x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
