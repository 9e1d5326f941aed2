//! time.h: calendar time in the host's time zone, `struct tm` conversions, strftime for the "C"
//! locale, and clock.

use super::errno::{EINVAL, set_errno};
use super::stdlib::invalid_parameter;
use crate::abi::host;
use crate::abi::{CStrPtr, GuestCell, GuestPtr, mem};
use crate::dllexport;
use std::sync::LazyLock;
use std::time::Instant;

/// `struct tm`: sec, min, hour, mday, mon, year (since 1900), wday, yday, isdst.
type Tm = [i32; 9];

/// The largest time the 64-bit functions accept: 3000-12-31 23:59:59 UTC.
const MAX_TIME64: i64 = 32_535_215_999;

/// When `clock` started counting: the C runtime's initialisation.
static PROCESS_START: LazyLock<Instant> = LazyLock::new(Instant::now);

/// Starts `clock`'s count (called at CRT startup).
pub fn start_clock() {
    LazyLock::force(&PROCESS_START);
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[dllexport]
pub fn _time64(destTime: GuestPtr<i64>) -> i64 {
    let t = now();
    destTime.write(t);
    t
}

#[dllexport]
pub fn time(destTime: GuestPtr<i64>) -> i64 {
    _time64(destTime)
}

#[dllexport]
pub fn _time32(destTime: GuestPtr<i32>) -> i32 {
    let t = now() as i32;
    destTime.write(t);
    t
}

/// `clock`: wall-clock milliseconds since the process started (CLOCKS_PER_SEC is 1000), as the
/// Windows CRT counts it.
#[dllexport]
pub fn clock() -> i32 {
    PROCESS_START.elapsed().as_millis() as i32
}

#[dllexport]
pub fn _difftime64(timeEnd: i64, timeStart: i64) -> f64 {
    (timeEnd - timeStart) as f64
}

#[dllexport]
pub fn difftime(timeEnd: i64, timeStart: i64) -> f64 {
    _difftime64(timeEnd, timeStart)
}

#[dllexport]
pub fn _difftime32(timeEnd: i32, timeStart: i32) -> f64 {
    (timeEnd as i64 - timeStart as i64) as f64
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month 1-12, day) of a day number since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + (month <= 2) as i64;
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The broken-down form of `t` seconds (already shifted to the wanted zone).
fn broken_down(t: i64, isdst: bool) -> Tm {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let yday = days - days_from_civil(year, 1, 1);
    [
        (secs % 60) as i32,
        (secs / 60 % 60) as i32,
        (secs / 3600) as i32,
        day as i32,
        (month - 1) as i32,
        (year - 1900) as i32,
        (days + 4).rem_euclid(7) as i32,
        yday as i32,
        isdst as i32,
    ]
}

/// Seconds since 1970 of the (possibly denormalised) broken-down time, read as UTC.
fn seconds_of(tm: &Tm) -> i64 {
    let month = tm[4] as i64;
    let year = 1900 + tm[5] as i64 + month.div_euclid(12);
    let month = month.rem_euclid(12) + 1;
    let days = days_from_civil(year, month, 1) + tm[3] as i64 - 1;
    days * 86_400 + tm[2] as i64 * 3600 + tm[1] as i64 * 60 + tm[0] as i64
}

fn gm(t: i64) -> Option<Tm> {
    (0..=MAX_TIME64).contains(&t).then(|| broken_down(t, false))
}

fn local(t: i64) -> Option<Tm> {
    if !(0..=MAX_TIME64).contains(&t) {
        return None;
    }
    let (offset, dst, _) = host::local_time_zone(t);
    Some(broken_down(t + offset, dst))
}

std::thread_local! {
    /// The per-thread `struct tm` gmtime and localtime return, as in the CRT.
    static TM_BUFFER: u64 = mem::alloc_zeroed(size_of::<Tm>(), 8);
    /// The per-thread string asctime and ctime return.
    static ASCTIME_BUFFER: u64 = mem::alloc_zeroed(26, 8);
}

fn to_buffer(tm: Option<Tm>) -> GuestPtr<Tm> {
    match tm {
        Some(tm) => {
            let p = GuestPtr::new(TM_BUFFER.with(|b| *b));
            p.write(tm);
            p
        }
        None => {
            set_errno(EINVAL);
            GuestPtr::NULL
        }
    }
}

fn read_time(p: GuestPtr<i64>) -> Option<i64> {
    let t = p.read();
    if t.is_none() {
        invalid_parameter(EINVAL);
    }
    t
}

#[dllexport]
pub fn _gmtime64(sourceTime: GuestPtr<i64>) -> GuestPtr<Tm> {
    read_time(sourceTime).map_or(GuestPtr::NULL, |t| to_buffer(gm(t)))
}

#[dllexport]
pub fn gmtime(sourceTime: GuestPtr<i64>) -> GuestPtr<Tm> {
    _gmtime64(sourceTime)
}

#[dllexport]
pub fn _gmtime32(sourceTime: GuestPtr<i32>) -> GuestPtr<Tm> {
    match sourceTime.read() {
        Some(t) => to_buffer(gm(t as i64)),
        None => {
            invalid_parameter(EINVAL);
            GuestPtr::NULL
        }
    }
}

#[dllexport]
pub fn _localtime64(sourceTime: GuestPtr<i64>) -> GuestPtr<Tm> {
    read_time(sourceTime).map_or(GuestPtr::NULL, |t| to_buffer(local(t)))
}

#[dllexport]
pub fn localtime(sourceTime: GuestPtr<i64>) -> GuestPtr<Tm> {
    _localtime64(sourceTime)
}

#[dllexport]
pub fn _localtime32(sourceTime: GuestPtr<i32>) -> GuestPtr<Tm> {
    match sourceTime.read() {
        Some(t) => to_buffer(local(t as i64)),
        None => {
            invalid_parameter(EINVAL);
            GuestPtr::NULL
        }
    }
}

/// The `_s` forms: errno_t, and an invalid time fills the struct with -1.
fn secure(out: GuestPtr<Tm>, time: GuestPtr<i64>, convert: fn(i64) -> Option<Tm>) -> i32 {
    if out.is_null() {
        return invalid_parameter(EINVAL);
    }
    let Some(t) = time.read() else {
        out.write([-1; 9]);
        return invalid_parameter(EINVAL);
    };
    match convert(t) {
        Some(tm) => {
            out.write(tm);
            0
        }
        None => {
            out.write([-1; 9]);
            invalid_parameter(EINVAL)
        }
    }
}

#[dllexport]
pub fn _gmtime64_s(tmDest: GuestPtr<Tm>, sourceTime: GuestPtr<i64>) -> i32 {
    secure(tmDest, sourceTime, gm)
}

#[dllexport]
pub fn gmtime_s(tmDest: GuestPtr<Tm>, sourceTime: GuestPtr<i64>) -> i32 {
    secure(tmDest, sourceTime, gm)
}

#[dllexport]
pub fn _localtime64_s(tmDest: GuestPtr<Tm>, sourceTime: GuestPtr<i64>) -> i32 {
    secure(tmDest, sourceTime, local)
}

#[dllexport]
pub fn localtime_s(tmDest: GuestPtr<Tm>, sourceTime: GuestPtr<i64>) -> i32 {
    secure(tmDest, sourceTime, local)
}

/// `mktime`: the local broken-down time (fields may be out of range) to a time, normalising the
/// struct in place. A positive tm_isdst says daylight time is in effect, zero that it is not,
/// negative asks the time zone.
fn make_time(timeptr: GuestPtr<Tm>, utc: bool) -> i64 {
    let Some(tm) = timeptr.read() else {
        invalid_parameter(EINVAL);
        return -1;
    };
    let wall = seconds_of(&tm);
    let t = if utc {
        wall
    } else {
        let (first, _, _) = host::local_time_zone(wall);
        let (offset, dst, _) = host::local_time_zone(wall - first);
        let t = wall - offset;
        // An explicit tm_isdst that disagrees with the zone moves the time by the DST hour.
        match tm[8] {
            d if d > 0 && !dst => t - 3600,
            0 if dst => t + 3600,
            _ => t,
        }
    };
    if !(0..=MAX_TIME64).contains(&t) {
        return -1;
    }
    let normalised = if utc { gm(t) } else { local(t) };
    if let Some(n) = normalised {
        timeptr.write(n);
    }
    t
}

#[dllexport]
pub fn _mktime64(timeptr: GuestPtr<Tm>) -> i64 {
    make_time(timeptr, false)
}

#[dllexport]
pub fn mktime(timeptr: GuestPtr<Tm>) -> i64 {
    make_time(timeptr, false)
}

#[dllexport]
pub fn _mktime32(timeptr: GuestPtr<Tm>) -> i32 {
    match make_time(timeptr, false) {
        t if t > i32::MAX as i64 => -1,
        t => t as i32,
    }
}

#[dllexport]
pub fn _mkgmtime64(timeptr: GuestPtr<Tm>) -> i64 {
    make_time(timeptr, true)
}

#[dllexport]
pub fn _mkgmtime(timeptr: GuestPtr<Tm>) -> i64 {
    make_time(timeptr, true)
}

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn day_name(tm: &Tm) -> &'static str {
    DAYS[tm[6].rem_euclid(7) as usize]
}

fn month_name(tm: &Tm) -> &'static str {
    MONTHS[tm[4].rem_euclid(12) as usize]
}

/// ISO 8601 week-based year and week number.
fn iso_week(tm: &Tm) -> (i64, i32) {
    let year = 1900 + tm[5] as i64;
    let wday = (tm[6] + 6) % 7; // Monday = 0
    let week = (tm[7] - wday + 10) / 7;
    if week < 1 {
        let prev = year - 1;
        let prev_days = if is_leap(prev) { 366 } else { 365 };
        let w = (tm[7] + prev_days - wday + 10) / 7;
        (prev, w)
    } else if week == 53 {
        let days = if is_leap(year) { 366 } else { 365 };
        if tm[7] - wday + 3 >= days {
            (year + 1, 1)
        } else {
            (year, 53)
        }
    } else {
        (year, week)
    }
}

/// strftime for the "C" locale; None for an invalid conversion.
fn format_time(fmt: &[u8], tm: &Tm) -> Option<String> {
    use std::fmt::Write;
    let mut out = String::new();
    let mut i = 0;
    while i < fmt.len() {
        if fmt[i] != b'%' {
            out.push(fmt[i] as char);
            i += 1;
            continue;
        }
        i += 1;
        // '#' drops leading zeros (and spells %c/%x out long).
        let alt = fmt.get(i) == Some(&b'#');
        if alt {
            i += 1;
        }
        let num = |out: &mut String, v: i64, w: usize| {
            if alt {
                let _ = write!(out, "{v}");
            } else {
                let _ = write!(out, "{v:0w$}");
            }
        };
        let hour12 = if tm[2] % 12 == 0 { 12 } else { tm[2] % 12 };
        match *fmt.get(i)? {
            b'a' => out.push_str(&day_name(tm)[..3]),
            b'A' => out.push_str(day_name(tm)),
            b'b' | b'h' => out.push_str(&month_name(tm)[..3]),
            b'B' => out.push_str(month_name(tm)),
            b'c' if alt => {
                let _ = write!(
                    out,
                    "{}, {} {}, {} {:02}:{:02}:{:02}",
                    day_name(tm),
                    month_name(tm),
                    tm[3],
                    1900 + tm[5],
                    tm[2],
                    tm[1],
                    tm[0]
                );
            }
            b'c' if ucrt() => out.push_str(&format_time(b"%a %b %e %H:%M:%S %Y", tm)?),
            b'c' => out.push_str(&format_time(b"%m/%d/%y %H:%M:%S", tm)?),
            b'C' => num(&mut out, (1900 + tm[5] as i64).div_euclid(100), 2),
            b'd' => num(&mut out, tm[3] as i64, 2),
            b'D' => out.push_str(&format_time(b"%m/%d/%y", tm)?),
            b'e' => {
                let _ = write!(out, "{:2}", tm[3]);
            }
            b'F' => out.push_str(&format_time(b"%Y-%m-%d", tm)?),
            b'g' => num(&mut out, iso_week(tm).0.rem_euclid(100), 2),
            b'G' => num(&mut out, iso_week(tm).0, 4),
            b'H' => num(&mut out, tm[2] as i64, 2),
            b'I' => num(&mut out, hour12 as i64, 2),
            b'j' => num(&mut out, tm[7] as i64 + 1, 3),
            b'm' => num(&mut out, tm[4] as i64 + 1, 2),
            b'M' => num(&mut out, tm[1] as i64, 2),
            b'n' => out.push('\n'),
            b'p' => out.push_str(if tm[2] < 12 { "AM" } else { "PM" }),
            b'r' => out.push_str(&format_time(b"%I:%M:%S %p", tm)?),
            b'R' => out.push_str(&format_time(b"%H:%M", tm)?),
            b'S' => num(&mut out, tm[0] as i64, 2),
            b't' => out.push('\t'),
            b'T' | b'X' => out.push_str(&format_time(b"%H:%M:%S", tm)?),
            b'u' => num(&mut out, if tm[6] == 0 { 7 } else { tm[6] as i64 }, 1),
            b'U' => num(&mut out, ((tm[7] + 7 - tm[6]) / 7) as i64, 2),
            b'V' => num(&mut out, iso_week(tm).1 as i64, 2),
            b'w' => num(&mut out, tm[6] as i64, 1),
            b'W' => num(&mut out, ((tm[7] + 7 - (tm[6] + 6) % 7) / 7) as i64, 2),
            b'x' if alt => {
                let _ = write!(
                    out,
                    "{}, {} {}, {}",
                    day_name(tm),
                    month_name(tm),
                    tm[3],
                    1900 + tm[5]
                );
            }
            b'x' => out.push_str(&format_time(b"%m/%d/%y", tm)?),
            b'y' => num(&mut out, (1900 + tm[5] as i64).rem_euclid(100), 2),
            b'Y' => num(&mut out, 1900 + tm[5] as i64, 4),
            b'z' | b'Z' => {
                let t = seconds_of(tm);
                let (offset, _, name) = host::local_time_zone(t);
                if fmt[i] == b'Z' {
                    out.push_str(&name);
                } else {
                    let sign = if offset < 0 { '-' } else { '+' };
                    let _ = write!(
                        out,
                        "{sign}{:02}{:02}",
                        offset.abs() / 3600,
                        offset.abs() / 60 % 60
                    );
                }
            }
            b'%' => out.push('%'),
            _ => return None,
        }
        i += 1;
    }
    Some(out)
}

/// Whether the fields strftime reads are in range (the CRT validates them).
fn valid_tm(tm: &Tm) -> bool {
    (0..=60).contains(&tm[0])
        && (0..=59).contains(&tm[1])
        && (0..=23).contains(&tm[2])
        && (1..=31).contains(&tm[3])
        && (0..=11).contains(&tm[4])
        && (0..=6).contains(&tm[6])
        && (0..=365).contains(&tm[7])
}

/// Formats into `buf` of `size` units; 0 when the result and its terminator do not fit.
fn strftime_into<T: Copy + Default>(
    buf: GuestPtr<T>,
    size: usize,
    fmt: Option<Vec<u8>>,
    timeptr: GuestPtr<Tm>,
    encode: fn(&str) -> Vec<T>,
) -> usize {
    let (Some(fmt), Some(tm)) = (fmt, timeptr.read()) else {
        invalid_parameter(EINVAL);
        return 0;
    };
    if buf.is_null() || size == 0 {
        invalid_parameter(EINVAL);
        return 0;
    }
    if !valid_tm(&tm) {
        buf.write(T::default());
        invalid_parameter(EINVAL);
        return 0;
    }
    let Some(text) = format_time(&fmt, &tm) else {
        buf.write(T::default());
        invalid_parameter(EINVAL);
        return 0;
    };
    let units = encode(&text);
    if units.len() >= size {
        buf.write(T::default());
        set_errno(super::errno::ERANGE);
        return 0;
    }
    buf.write_slice(&units);
    buf.offset(units.len()).write(T::default());
    units.len()
}

#[dllexport]
pub fn strftime(
    strDest: GuestPtr<u8>,
    maxsize: usize,
    format: CStrPtr,
    timeptr: GuestPtr<Tm>,
) -> usize {
    strftime_into(strDest, maxsize, format.bytes(), timeptr, |s| {
        s.as_bytes().to_vec()
    })
}

#[dllexport]
pub fn wcsftime(
    strDest: GuestPtr<u16>,
    maxsize: usize,
    format: GuestPtr<u16>,
    timeptr: GuestPtr<Tm>,
) -> usize {
    let fmt = mem::read_wstr(format.addr()).map(|w| String::from_utf16_lossy(&w).into_bytes());
    strftime_into(strDest, maxsize, fmt, timeptr, |s| {
        s.encode_utf16().collect()
    })
}

/// Whether the process runs on the UCRT, whose "C" locale follows C99 where msvcrt's did not.
fn ucrt() -> bool {
    super::stdlib::UCRT_PROCESS.load(std::sync::atomic::Ordering::Relaxed)
}

/// "Wed Jan 02 02:03:55 1980\n": msvcrt pads the day with a zero, the UCRT with a space.
fn asctime_text(tm: &Tm) -> String {
    let day = if ucrt() {
        format!("{:2}", tm[3])
    } else {
        format!("{:02}", tm[3])
    };
    format!(
        "{} {} {day} {:02}:{:02}:{:02} {}\n",
        &day_name(tm)[..3],
        &month_name(tm)[..3],
        tm[2],
        tm[1],
        tm[0],
        1900 + tm[5]
    )
}

fn to_asctime_buffer(text: Option<String>) -> GuestPtr<u8> {
    let Some(text) = text else {
        return GuestPtr::NULL;
    };
    let p = GuestPtr::new(ASCTIME_BUFFER.with(|b| *b));
    let mut bytes = text.into_bytes();
    bytes.truncate(25);
    bytes.push(0);
    p.write_slice(&bytes);
    p
}

#[dllexport]
pub fn asctime(timeptr: GuestPtr<Tm>) -> GuestPtr<u8> {
    match timeptr.read() {
        Some(tm) if valid_tm(&tm) => to_asctime_buffer(Some(asctime_text(&tm))),
        _ => {
            invalid_parameter(EINVAL);
            GuestPtr::NULL
        }
    }
}

#[dllexport]
pub fn _ctime64(sourceTime: GuestPtr<i64>) -> GuestPtr<u8> {
    let tm = read_time(sourceTime).and_then(local);
    if tm.is_none() {
        set_errno(EINVAL);
    }
    to_asctime_buffer(tm.map(|tm| asctime_text(&tm)))
}

#[dllexport]
pub fn ctime(sourceTime: GuestPtr<i64>) -> GuestPtr<u8> {
    _ctime64(sourceTime)
}

/// `_timezone`: seconds west of UTC of standard time. Until `_tzset` runs, the CRT's built-in
/// zone (Pacific time) is there, as on Windows.
pub static _timezone: GuestCell<i32> = GuestCell::new(8 * 3600);
/// `_daylight`: 1 when the zone has daylight saving time.
pub static _daylight: GuestCell<i32> = GuestCell::new(1);
/// `_dstbias`: seconds daylight time adds to `_timezone` (negative).
pub static _dstbias: GuestCell<i32> = GuestCell::new(-3600);
static STANDARD_NAME: GuestCell<[u8; 64]> = GuestCell::new(short_name(b"PST"));
static DAYLIGHT_NAME: GuestCell<[u8; 64]> = GuestCell::new(short_name(b"PDT"));
/// `_tzname`: the names of standard and daylight time.
pub static _tzname: GuestCell<[*const u8; 2]> = GuestCell::new([
    (&raw const STANDARD_NAME).cast::<u8>(),
    (&raw const DAYLIGHT_NAME).cast::<u8>(),
]);

const fn short_name(name: &[u8; 3]) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[0] = name[0];
    out[1] = name[1];
    out[2] = name[2];
    out
}

fn name_bytes(name: &[u16]) -> [u8; 64] {
    let end = name.iter().position(|&c| c == 0).unwrap_or(name.len());
    let text = String::from_utf16_lossy(&name[..end]);
    let mut out = [0u8; 64];
    let n = text.len().min(63);
    out[..n].copy_from_slice(&text.as_bytes()[..n]);
    out
}

/// `_tzset`: the time zone globals from the host's zone, as the CRT takes them from
/// GetTimeZoneInformation. (Conversions read the host's zone themselves.)
#[dllexport]
pub fn _tzset() {
    let (tz, _) = crate::kernel32::timezoneapi::host_time_zone();
    _timezone.set(tz.Bias * 60);
    _daylight.set(i32::from(tz.DaylightDate.wMonth != 0));
    _dstbias.set(if tz.DaylightDate.wMonth != 0 {
        tz.DaylightBias * 60
    } else {
        0
    });
    STANDARD_NAME.set(name_bytes(&tz.StandardName));
    DAYLIGHT_NAME.set(name_bytes(&tz.DaylightName));
}

#[dllexport]
pub fn __p__timezone() -> GuestPtr<i32> {
    GuestPtr::new(_timezone.addr())
}

#[dllexport]
pub fn __p__daylight() -> GuestPtr<i32> {
    GuestPtr::new(_daylight.addr())
}

#[dllexport]
pub fn __p__dstbias() -> GuestPtr<i32> {
    GuestPtr::new(_dstbias.addr())
}

#[dllexport]
pub fn __p__tzname() -> GuestPtr<u64> {
    GuestPtr::new(_tzname.addr())
}

/// The UCRT's accessors of the same globals.
#[dllexport]
pub fn __timezone() -> GuestPtr<i32> {
    __p__timezone()
}

#[dllexport]
pub fn __daylight() -> GuestPtr<i32> {
    __p__daylight()
}

#[dllexport]
pub fn __dstbias() -> GuestPtr<i32> {
    __p__dstbias()
}

#[dllexport]
pub fn __tzname() -> GuestPtr<u64> {
    __p__tzname()
}

/// `_get_timezone`: seconds west of UTC of standard time.
#[dllexport]
pub fn _get_timezone(seconds: GuestPtr<i32>) -> i32 {
    if seconds.is_null() {
        return invalid_parameter(EINVAL);
    }
    let (offset, dst, _) = host::local_time_zone(now());
    let standard = if dst { offset - 3600 } else { offset };
    seconds.write(-standard as i32);
    0
}

/// `_get_daylight`: whether the zone has daylight saving time (it has one now or in six months).
#[dllexport]
pub fn _get_daylight(hours: GuestPtr<i32>) -> i32 {
    if hours.is_null() {
        return invalid_parameter(EINVAL);
    }
    let t = now();
    let has_dst = host::local_time_zone(t).1 || host::local_time_zone(t + 182 * 86_400).1;
    hours.write(has_dst as i32);
    0
}

/// The time now as (seconds, milliseconds) since 1970.
fn now_millis() -> (i64, u16) {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_secs() as i64, d.subsec_millis() as u16)
}

/// `_ftime`: fills a `struct _timeb` (time, millitm, timezone in minutes west, dstflag), with
/// `time` as 64 or 32 bits.
fn ftime(timeptr: u64, wide_time: bool) -> i32 {
    if timeptr == 0 {
        return invalid_parameter(EINVAL);
    }
    _tzset();
    let (secs, millis) = now_millis();
    let dst = host::local_time_zone(secs).1;
    let mut at = timeptr;
    if wide_time {
        mem::write(at, secs);
        at += 8;
    } else {
        mem::write(at, secs as i32);
        at += 4;
    }
    mem::write(at, millis);
    mem::write(at + 2, (_timezone.get() / 60) as i16);
    mem::write(at + 4, i16::from(dst));
    0
}

#[dllexport]
pub fn _ftime64(timeptr: GuestPtr<u8>) {
    ftime(timeptr.addr(), true);
}

/// msvcrt.dll's `_ftime` on x64: a 64-bit `time_t`.
#[dllexport]
pub fn _ftime(timeptr: GuestPtr<u8>) {
    ftime(timeptr.addr(), true);
}

#[dllexport]
pub fn _ftime32(timeptr: GuestPtr<u8>) {
    ftime(timeptr.addr(), false);
}

#[dllexport]
pub fn _ftime64_s(timeptr: GuestPtr<u8>) -> i32 {
    ftime(timeptr.addr(), true)
}

#[dllexport]
pub fn _ftime32_s(timeptr: GuestPtr<u8>) -> i32 {
    ftime(timeptr.addr(), false)
}

// The date and time as text, `_s` and wide forms of ctime/asctime, 32-bit-time conversions,
// timespec_get.

/// `_strdate`'s "MM/DD/YY" (`time` false) or `_strtime`'s "HH:MM:SS", in local time.
fn clock_text(time: bool) -> String {
    let tm = local(now()).unwrap_or([0; 9]);
    if time {
        format!("{:02}:{:02}:{:02}", tm[2], tm[1], tm[0])
    } else {
        format!("{:02}/{:02}/{:02}", tm[4] + 1, tm[3], tm[5] % 100)
    }
}

/// Copies `text` and a terminator to `buffer`, the caller vouching for its 9 units.
fn store_text<T: Copy + Default>(buffer: GuestPtr<T>, units: Vec<T>) -> GuestPtr<T> {
    if buffer.is_null() {
        invalid_parameter(EINVAL);
        return GuestPtr::NULL;
    }
    buffer.write_slice(&units);
    buffer.offset(units.len()).write(T::default());
    buffer
}

/// The `_s` rule for text of a known length: a NULL buffer or size 0 is EINVAL, a buffer too
/// small for the text and its terminator is emptied with ERANGE.
fn store_text_s<T: Copy + Default>(buffer: GuestPtr<T>, size: usize, units: Vec<T>) -> i32 {
    if buffer.is_null() || size == 0 {
        return invalid_parameter(EINVAL);
    }
    if size <= units.len() {
        buffer.write(T::default());
        return invalid_parameter(super::errno::ERANGE);
    }
    store_text(buffer, units);
    0
}

fn narrow_units(text: String) -> Vec<u8> {
    text.into_bytes()
}

fn wide_units(text: String) -> Vec<u16> {
    text.encode_utf16().collect()
}

#[dllexport]
pub fn _strdate(datestr: GuestPtr<u8>) -> GuestPtr<u8> {
    store_text(datestr, narrow_units(clock_text(false)))
}

#[dllexport]
pub fn _strtime(timestr: GuestPtr<u8>) -> GuestPtr<u8> {
    store_text(timestr, narrow_units(clock_text(true)))
}

#[dllexport]
pub fn _wstrdate(datestr: GuestPtr<u16>) -> GuestPtr<u16> {
    store_text(datestr, wide_units(clock_text(false)))
}

#[dllexport]
pub fn _wstrtime(timestr: GuestPtr<u16>) -> GuestPtr<u16> {
    store_text(timestr, wide_units(clock_text(true)))
}

#[dllexport]
pub fn _strdate_s(buffer: GuestPtr<u8>, size: usize) -> i32 {
    store_text_s(buffer, size, narrow_units(clock_text(false)))
}

#[dllexport]
pub fn _strtime_s(buffer: GuestPtr<u8>, size: usize) -> i32 {
    store_text_s(buffer, size, narrow_units(clock_text(true)))
}

#[dllexport]
pub fn _wstrdate_s(buffer: GuestPtr<u16>, size: usize) -> i32 {
    store_text_s(buffer, size, wide_units(clock_text(false)))
}

#[dllexport]
pub fn _wstrtime_s(buffer: GuestPtr<u16>, size: usize) -> i32 {
    store_text_s(buffer, size, wide_units(clock_text(true)))
}

std::thread_local! {
    /// The per-thread wide string `_wasctime` and `_wctime` return.
    static WASCTIME_BUFFER: u64 = mem::alloc_zeroed(26 * 2, 8);
}

fn to_wasctime_buffer(text: Option<String>) -> GuestPtr<u16> {
    let Some(text) = text else {
        return GuestPtr::NULL;
    };
    let p = GuestPtr::new(WASCTIME_BUFFER.with(|b| *b));
    store_text(p, wide_units(text))
}

/// asctime's text of a valid `struct tm`; an invalid one is an invalid parameter.
fn checked_asctime(timeptr: GuestPtr<Tm>) -> Option<String> {
    match timeptr.read() {
        Some(tm) if valid_tm(&tm) => Some(asctime_text(&tm)),
        _ => {
            invalid_parameter(EINVAL);
            None
        }
    }
}

/// ctime's text of a time the function's range takes; errno EINVAL otherwise.
fn ctime_text(time: Option<i64>) -> Option<String> {
    let text = time.and_then(local).map(|tm| asctime_text(&tm));
    if text.is_none() {
        set_errno(EINVAL);
    }
    text
}

fn read_time32(p: GuestPtr<i32>) -> Option<i64> {
    let t = p.read();
    if t.is_none() {
        invalid_parameter(EINVAL);
    }
    t.map(i64::from)
}

#[dllexport]
pub fn _wasctime(timeptr: GuestPtr<Tm>) -> GuestPtr<u16> {
    to_wasctime_buffer(checked_asctime(timeptr))
}

/// The `_s` forms of asctime and ctime: 26 units at least; an invalid time empties the buffer.
fn asctime_s_into<T: Copy + Default>(
    buffer: GuestPtr<T>,
    size: usize,
    text: impl FnOnce() -> Option<String>,
    encode: fn(String) -> Vec<T>,
) -> i32 {
    if buffer.is_null() || size == 0 {
        return invalid_parameter(EINVAL);
    }
    if size < 26 {
        buffer.write(T::default());
        return invalid_parameter(EINVAL);
    }
    match text() {
        Some(text) => store_text_s(buffer, size, encode(text)),
        None => {
            buffer.write(T::default());
            EINVAL
        }
    }
}

#[dllexport]
pub fn asctime_s(buffer: GuestPtr<u8>, numberOfElements: usize, tmSource: GuestPtr<Tm>) -> i32 {
    asctime_s_into(
        buffer,
        numberOfElements,
        || checked_asctime(tmSource),
        narrow_units,
    )
}

#[dllexport]
pub fn _wasctime_s(buffer: GuestPtr<u16>, numberOfElements: usize, tmSource: GuestPtr<Tm>) -> i32 {
    asctime_s_into(
        buffer,
        numberOfElements,
        || checked_asctime(tmSource),
        wide_units,
    )
}

#[dllexport]
pub fn _ctime32(sourceTime: GuestPtr<i32>) -> GuestPtr<u8> {
    to_asctime_buffer(ctime_text(read_time32(sourceTime)))
}

#[dllexport]
pub fn _wctime64(sourceTime: GuestPtr<i64>) -> GuestPtr<u16> {
    to_wasctime_buffer(ctime_text(read_time(sourceTime)))
}

#[dllexport]
pub fn _wctime32(sourceTime: GuestPtr<i32>) -> GuestPtr<u16> {
    to_wasctime_buffer(ctime_text(read_time32(sourceTime)))
}

#[dllexport]
pub fn _ctime64_s(buffer: GuestPtr<u8>, numberOfElements: usize, sourceTime: GuestPtr<i64>) -> i32 {
    asctime_s_into(
        buffer,
        numberOfElements,
        || ctime_text(read_time(sourceTime)),
        narrow_units,
    )
}

#[dllexport]
pub fn _ctime32_s(buffer: GuestPtr<u8>, numberOfElements: usize, sourceTime: GuestPtr<i32>) -> i32 {
    asctime_s_into(
        buffer,
        numberOfElements,
        || ctime_text(read_time32(sourceTime)),
        narrow_units,
    )
}

#[dllexport]
pub fn _wctime64_s(
    buffer: GuestPtr<u16>,
    numberOfElements: usize,
    sourceTime: GuestPtr<i64>,
) -> i32 {
    asctime_s_into(
        buffer,
        numberOfElements,
        || ctime_text(read_time(sourceTime)),
        wide_units,
    )
}

#[dllexport]
pub fn _wctime32_s(
    buffer: GuestPtr<u16>,
    numberOfElements: usize,
    sourceTime: GuestPtr<i32>,
) -> i32 {
    asctime_s_into(
        buffer,
        numberOfElements,
        || ctime_text(read_time32(sourceTime)),
        wide_units,
    )
}

/// The 32-bit `_s` conversions: a time outside `__time32_t`'s positive range is invalid.
fn secure32(out: GuestPtr<Tm>, time: GuestPtr<i32>, convert: fn(i64) -> Option<Tm>) -> i32 {
    if out.is_null() {
        return invalid_parameter(EINVAL);
    }
    match time.read().map(i64::from).and_then(convert) {
        Some(tm) => {
            out.write(tm);
            0
        }
        None => {
            out.write([-1; 9]);
            invalid_parameter(EINVAL)
        }
    }
}

#[dllexport]
pub fn _gmtime32_s(tmDest: GuestPtr<Tm>, sourceTime: GuestPtr<i32>) -> i32 {
    secure32(tmDest, sourceTime, gm)
}

#[dllexport]
pub fn _localtime32_s(tmDest: GuestPtr<Tm>, sourceTime: GuestPtr<i32>) -> i32 {
    secure32(tmDest, sourceTime, local)
}

/// `_mkgmtime32`: -1 for a time past 2038-01-19 03:14:07.
#[dllexport]
pub fn _mkgmtime32(timeptr: GuestPtr<Tm>) -> i32 {
    i32::try_from(make_time(timeptr, true)).unwrap_or(-1)
}

/// `_get_dstbias`: `_dstbias`, the seconds daylight time adds to `_timezone` (negative).
#[dllexport]
pub fn _get_dstbias(seconds: GuestPtr<i32>) -> i32 {
    if seconds.is_null() {
        return invalid_parameter(EINVAL);
    }
    seconds.write(_dstbias.get());
    0
}

/// `TIME_UTC`, the one base timespec_get knows.
const TIME_UTC: i32 = 1;

fn timespec_into(ts: u64, base: i32, wide_seconds: bool) -> i32 {
    if ts == 0 || base != TIME_UTC {
        invalid_parameter(EINVAL);
        return 0;
    }
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let nanos = d.subsec_nanos() as i32 / 100 * 100;
    if wide_seconds {
        mem::write(ts, d.as_secs() as i64);
        mem::write(ts + 8, nanos);
    } else {
        mem::write(ts, d.as_secs() as i32);
        mem::write(ts + 4, nanos);
    }
    base
}

/// `timespec_get(ts, TIME_UTC)`: the time in seconds and nanoseconds (in the 100 ns steps of the
/// system clock); returns the base, or 0 for another base.
#[dllexport]
pub fn _timespec64_get(ts: GuestPtr<u8>, base: i32) -> i32 {
    timespec_into(ts.addr(), base, true)
}

#[dllexport]
pub fn _timespec32_get(ts: GuestPtr<u8>, base: i32) -> i32 {
    timespec_into(ts.addr(), base, false)
}

#[dllexport]
pub fn _strftime_l(
    strDest: GuestPtr<u8>,
    maxsize: usize,
    format: CStrPtr,
    timeptr: GuestPtr<Tm>,
    locale: u64,
) -> usize {
    strftime(strDest, maxsize, format, timeptr)
}

#[dllexport]
pub fn _wcsftime_l(
    strDest: GuestPtr<u16>,
    maxsize: usize,
    format: GuestPtr<u16>,
    timeptr: GuestPtr<Tm>,
    locale: u64,
) -> usize {
    wcsftime(strDest, maxsize, format, timeptr)
}
