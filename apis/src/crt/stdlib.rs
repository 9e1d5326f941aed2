//! stdlib.h: string to integer conversions and the runtime's environment (getenv/_putenv).

use crate::abi::{CStrPtr, GuestPtr, mem};
use crate::dllexport;
use crate::nt::env;

/// Parses an integer the strtol way from `s`: leading whitespace, an optional sign, a `0x`
/// prefix for base 16 (or base 0), a leading `0` for base 0 → octal. Returns (magnitude with
/// overflow flag, negative, bytes consumed or 0 if no digits).
fn parse_integer(s: &[u8], base: i32) -> Option<(u128, bool, bool, usize)> {
    if base != 0 && !(2..=36).contains(&base) {
        return None;
    }
    let mut i = 0;
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let mut negative = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        negative = s[i] == b'-';
        i += 1;
    }
    let mut base = base as u32;
    let hex_prefix = i + 1 < s.len() && s[i] == b'0' && (s[i + 1] | 0x20) == b'x';
    if (base == 0 || base == 16)
        && hex_prefix
        && s.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit())
    {
        base = 16;
        i += 2;
    } else if base == 0 {
        base = if s.get(i) == Some(&b'0') { 8 } else { 10 };
    }
    let start = i;
    let mut value: u128 = 0;
    let mut overflow = false;
    while i < s.len() {
        let d = match s[i] {
            c @ b'0'..=b'9' => (c - b'0') as u32,
            c @ b'a'..=b'z' => (c - b'a') as u32 + 10,
            c @ b'A'..=b'Z' => (c - b'A') as u32 + 10,
            _ => break,
        };
        if d >= base {
            break;
        }
        value = value * base as u128 + d as u128;
        if value > u64::MAX as u128 {
            overflow = true;
            value = u64::MAX as u128 + 1;
        }
        i += 1;
    }
    if i == start {
        return Some((0, false, false, 0));
    }
    Some((value, negative, overflow, i))
}

/// Shared body of the strto* functions.
fn strto(nptr: CStrPtr, endptr: GuestPtr<u64>, base: i32, signed: bool, bits: u32) -> u64 {
    let s = nptr.bytes().unwrap_or_default();
    let Some((value, negative, overflow, used)) = parse_integer(&s, base) else {
        super::errno::set_errno(super::errno::EINVAL);
        endptr.write(nptr.0);
        return 0;
    };
    endptr.write(if used == 0 {
        nptr.0
    } else {
        nptr.0 + used as u64
    });
    saturate(value, negative, overflow, signed, bits)
}

/// The strto* result for a parsed magnitude: `min`/`max` bound the result type; unsigned types
/// negate in their own width (as C requires) and saturate only on magnitude overflow.
fn saturate(value: u128, negative: bool, overflow: bool, signed: bool, bits: u32) -> u64 {
    let mask = if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    if signed {
        let max = (mask >> 1) as u128;
        let limit = if negative { max + 1 } else { max };
        if overflow || value > limit {
            super::errno::set_errno(super::errno::ERANGE);
            return if negative { !(mask >> 1) } else { mask >> 1 };
        }
        let v = if negative {
            (value as u64).wrapping_neg()
        } else {
            value as u64
        };
        v & mask | if negative && bits < 64 { !mask } else { 0 }
    } else {
        if overflow || value > mask as u128 {
            super::errno::set_errno(super::errno::ERANGE);
            return mask;
        }
        let v = value as u64;
        (if negative { v.wrapping_neg() } else { v }) & mask
    }
}

#[dllexport]
pub fn strtol(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32) -> i32 {
    strto(string, end_ptr, base, true, 32) as i32
}

#[dllexport]
pub fn strtoul(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32) -> u32 {
    strto(string, end_ptr, base, false, 32) as u32
}

#[dllexport]
pub fn strtoll(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32) -> i64 {
    strto(string, end_ptr, base, true, 64) as i64
}

#[dllexport]
pub fn strtoull(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32) -> u64 {
    strto(string, end_ptr, base, false, 64)
}

#[dllexport]
pub fn _strtoi64(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32) -> i64 {
    strto(string, end_ptr, base, true, 64) as i64
}

#[dllexport]
pub fn _strtoui64(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32) -> u64 {
    strto(string, end_ptr, base, false, 64)
}

/// atoi: strtol without errno on overflow (msvcrt returns the saturated value).
#[dllexport]
pub fn atoi(str: CStrPtr) -> i32 {
    let saved = super::errno::errno();
    let v = strto(str, GuestPtr::NULL, 10, true, 32) as i32;
    super::errno::set_errno(saved);
    v
}

#[dllexport]
pub fn atol(str: CStrPtr) -> i32 {
    atoi(str)
}

#[dllexport]
pub fn _atoi64(str: CStrPtr) -> i64 {
    let saved = super::errno::errno();
    let v = strto(str, GuestPtr::NULL, 10, true, 64) as i64;
    super::errno::set_errno(saved);
    v
}

/// getenv reads the runtime's `_environ` table (kept in step with the process environment by
/// `_putenv`); names compare case-insensitively, as on Windows.
#[dllexport]
pub fn getenv(varname: CStrPtr) -> GuestPtr<u8> {
    let Some(name) = varname.bytes() else {
        super::errno::set_errno(super::errno::EINVAL);
        return GuestPtr::NULL;
    };
    super::startup::init_args(crate::nt::cmdline::QuoteRule::Legacy);
    let mut entry = super::startup::_environ.get();
    while entry != 0 {
        let Some(s) = mem::read::<u64>(entry).filter(|&s| s != 0) else {
            break;
        };
        let text = mem::read_cstr(s).unwrap_or_default();
        if text.len() > name.len()
            && text[name.len()] == b'='
            && text[..name.len()].eq_ignore_ascii_case(&name)
        {
            return GuestPtr::new(s + name.len() as u64 + 1);
        }
        entry += 8;
    }
    GuestPtr::NULL
}

/// `_putenv("NAME=value")` sets, `_putenv("NAME=")` removes; the process environment
/// (GetEnvironmentVariable) changes too.
#[dllexport]
pub fn _putenv(envstring: CStrPtr) -> i32 {
    let Some(text) = envstring.string() else {
        super::errno::set_errno(super::errno::EINVAL);
        return -1;
    };
    let Some(at) = text.get(1..).and_then(|t| t.find('=')).map(|i| i + 1) else {
        super::errno::set_errno(super::errno::EINVAL);
        return -1;
    };
    let name: Vec<u16> = text[..at].encode_utf16().collect();
    let value: Vec<u16> = text[at + 1..].encode_utf16().collect();
    env::set(&name, (!value.is_empty()).then_some(&value[..]));
    super::startup::refresh_environ();
    0
}

/// The handler `_set_invalid_parameter_handler` installed (0: the default, which ends the process).
static INVALID_PARAMETER_HANDLER: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(0);

/// Whether the process started through the UCRT (`_configure_narrow_argv` and friends), whose
/// invalid-parameter default ends the process. msvcrt.dll programs never reach its handler
/// (mingw-w64 keeps `_set_invalid_parameter_handler` inside the program), so msvcrt's default
/// returns the failure, as Wine's msvcrt does.
pub static UCRT_PROCESS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// What the CRT does when a function is handed an invalid parameter: the program's handler is
/// called with (expression, function, file, line, reserved) — all NULL/0 in release runtimes —
/// and if it returns, the function fails with `errno` set to `code`, which is also returned (the
/// `errno_t` of the `_s` functions). Without a handler a UCRT process ends as Windows'
/// `__fastfail` ends it: exit code STATUS_STACK_BUFFER_OVERRUN.
pub fn invalid_parameter(code: i32) -> i32 {
    use std::sync::atomic::Ordering;
    let handler = INVALID_PARAMETER_HANDLER.load(Ordering::Acquire);
    if handler != 0 {
        crate::abi::call::call(handler, &[0, 0, 0, 0]);
    } else if UCRT_PROCESS.load(Ordering::Relaxed) {
        super::stdio::flush_all();
        crate::nt::process::flush_and_exit(0xC000_0409);
    }
    super::errno::set_errno(code);
    code
}

/// Returns the previous handler.
#[dllexport]
pub fn _set_invalid_parameter_handler(pNew: u64) -> u64 {
    INVALID_PARAMETER_HANDLER.swap(pNew, std::sync::atomic::Ordering::AcqRel)
}

#[dllexport]
pub fn _get_invalid_parameter_handler() -> u64 {
    INVALID_PARAMETER_HANDLER.load(std::sync::atomic::Ordering::Acquire)
}

/// The UCRT's per-thread handler: winrun keeps one per process.
#[dllexport]
pub fn _set_thread_local_invalid_parameter_handler(pNew: u64) -> u64 {
    _set_invalid_parameter_handler(pNew)
}

#[dllexport]
pub fn _get_thread_local_invalid_parameter_handler() -> u64 {
    _get_invalid_parameter_handler()
}

/// Called by inline CRT code (MSVC's headers) that found an invalid parameter; errno is already
/// set by the caller.
#[dllexport]
pub fn _invalid_parameter_noinfo() {
    let saved = super::errno::errno();
    invalid_parameter(saved);
}

/// As `_invalid_parameter_noinfo`, but the caller cannot continue: the process ends even if the
/// handler returns.
#[dllexport]
pub fn _invalid_parameter_noinfo_noreturn() -> ! {
    _invalid_parameter_noinfo();
    crate::nt::process::flush_and_exit(0xC000_0409)
}

/// `_set_new_mode(1)` makes malloc call the new handler on failure; winrun's malloc fails only
/// when the host is out of memory, so the mode is recorded for `_query_new_mode`.
static NEW_MODE: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

#[dllexport]
pub fn _set_new_mode(newhandlermode: i32) -> i32 {
    if newhandlermode != 0 && newhandlermode != 1 {
        invalid_parameter(super::errno::EINVAL);
        return -1;
    }
    NEW_MODE.swap(newhandlermode, std::sync::atomic::Ordering::AcqRel)
}

#[dllexport]
pub fn _query_new_mode() -> i32 {
    NEW_MODE.load(std::sync::atomic::Ordering::Acquire)
}

/// Where the runtime's error messages go (`_OUT_TO_DEFAULT`, `_OUT_TO_STDERR`,
/// `_OUT_TO_MSGBOX`); a console program writes them to stderr in every mode.
static ERROR_MODE: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// `_REPORT_ERRMODE`: asks for the mode without changing it.
const REPORT_ERRMODE: i32 = 3;

/// Returns the previous mode (or the current one for `_REPORT_ERRMODE`).
#[dllexport]
pub fn _set_error_mode(mode_val: i32) -> i32 {
    match mode_val {
        REPORT_ERRMODE => ERROR_MODE.load(std::sync::atomic::Ordering::Acquire),
        0..=2 => ERROR_MODE.swap(mode_val, std::sync::atomic::Ordering::AcqRel),
        _ => {
            invalid_parameter(super::errno::EINVAL);
            -1
        }
    }
}

/// The wide string at `ptr` as bytes for the number parsers: characters beyond ASCII become
/// 0xFF, which no parser accepts, so consumed counts stay in characters.
fn wide_as_bytes(ptr: GuestPtr<u16>) -> Option<Vec<u8>> {
    mem::read_wstr(ptr.addr()).map(|w| {
        w.iter()
            .map(|&c| if c < 0x80 { c as u8 } else { 0xFF })
            .collect()
    })
}

/// The strto* body over wide characters.
fn wcsto(nptr: GuestPtr<u16>, endptr: GuestPtr<u64>, base: i32, signed: bool, bits: u32) -> u64 {
    let s = wide_as_bytes(nptr).unwrap_or_default();
    let Some((value, negative, overflow, used)) = parse_integer(&s, base) else {
        super::errno::set_errno(super::errno::EINVAL);
        endptr.write(nptr.addr());
        return 0;
    };
    endptr.write(nptr.addr() + 2 * used as u64);
    saturate(value, negative, overflow, signed, bits)
}

#[dllexport]
pub fn wcstol(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32) -> i32 {
    wcsto(string, end_ptr, base, true, 32) as i32
}

#[dllexport]
pub fn wcstoul(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32) -> u32 {
    wcsto(string, end_ptr, base, false, 32) as u32
}

#[dllexport]
pub fn wcstoll(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32) -> i64 {
    wcsto(string, end_ptr, base, true, 64) as i64
}

#[dllexport]
pub fn wcstoull(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32) -> u64 {
    wcsto(string, end_ptr, base, false, 64)
}

#[dllexport]
pub fn _wcstoi64(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32) -> i64 {
    wcsto(string, end_ptr, base, true, 64) as i64
}

#[dllexport]
pub fn _wcstoui64(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32) -> u64 {
    wcsto(string, end_ptr, base, false, 64)
}

#[dllexport]
pub fn _wtoi(str: GuestPtr<u16>) -> i32 {
    let saved = super::errno::errno();
    let v = wcsto(str, GuestPtr::NULL, 10, true, 32) as i32;
    super::errno::set_errno(saved);
    v
}

#[dllexport]
pub fn _wtol(str: GuestPtr<u16>) -> i32 {
    _wtoi(str)
}

#[dllexport]
pub fn _wtoi64(str: GuestPtr<u16>) -> i64 {
    let saved = super::errno::errno();
    let v = wcsto(str, GuestPtr::NULL, 10, true, 64) as i64;
    super::errno::set_errno(saved);
    v
}

/// What strtod read: the value, how many bytes, and whether it over- or underflowed.
struct ParsedFloat {
    value: f64,
    used: usize,
    range_error: bool,
}

/// The decimal (or, in the UCRT, hexadecimal, `inf`, `nan`) number at the start of `s`, after
/// white space, rounded correctly to `f64` (or to `f32` when `single`).
fn parse_float(s: &[u8], single: bool) -> ParsedFloat {
    let ucrt = UCRT_PROCESS.load(std::sync::atomic::Ordering::Relaxed);
    let none = ParsedFloat {
        value: 0.0,
        used: 0,
        range_error: false,
    };
    let mut i = 0;
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let start = i;
    let negative = s.get(i) == Some(&b'-');
    if matches!(s.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    let sign = if negative { -1.0 } else { 1.0 };
    let rest = &s[i..];
    let starts =
        |word: &[u8]| rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word);
    if ucrt && starts(b"inf") {
        let n = if starts(b"infinity") { 8 } else { 3 };
        return ParsedFloat {
            value: sign * f64::INFINITY,
            used: i + n,
            range_error: false,
        };
    }
    if ucrt && starts(b"nan") {
        let mut n = 3;
        if rest.get(3) == Some(&b'(')
            && let Some(close) = rest[4..]
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            && rest[4 + close] == b')'
        {
            n = 4 + close + 1;
        }
        return ParsedFloat {
            value: if negative { -f64::NAN } else { f64::NAN },
            used: i + n,
            range_error: false,
        };
    }
    if ucrt && (starts(b"0x")) {
        if let Some(p) = parse_hex_float(&rest[2..], single) {
            return ParsedFloat {
                value: sign * p.value,
                used: i + 2 + p.used,
                range_error: p.range_error,
            };
        }
        // "0x" without hex digits reads as the number 0.
        return ParsedFloat {
            value: sign * 0.0,
            used: i + 1,
            range_error: false,
        };
    }
    let digits_from = i;
    let mut mantissa_digits = 0;
    let mut nonzero = false;
    while i < s.len() && s[i].is_ascii_digit() {
        nonzero |= s[i] != b'0';
        mantissa_digits += 1;
        i += 1;
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() {
            nonzero |= s[i] != b'0';
            mantissa_digits += 1;
            i += 1;
        }
    }
    if mantissa_digits == 0 {
        return none;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if s.get(j).is_some_and(u8::is_ascii_digit) {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    let text = std::str::from_utf8(&s[digits_from..i]).unwrap_or("0");
    let magnitude = if single {
        text.parse::<f32>().map(f64::from).unwrap_or(0.0)
    } else {
        text.parse::<f64>().unwrap_or(0.0)
    };
    let _ = start;
    ParsedFloat {
        value: sign * magnitude,
        used: i,
        range_error: magnitude.is_infinite() || (magnitude == 0.0 && nonzero),
    }
}

/// `1.8p3` after "0x": hex digits, an optional fraction, an optional binary exponent.
fn parse_hex_float(s: &[u8], single: bool) -> Option<ParsedFloat> {
    let mut i = 0;
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = 0;
    let mut any = false;
    let mut sticky = false;
    let mut take = |d: u64, fraction: bool, exponent: &mut i64| {
        if mantissa >> 60 == 0 {
            mantissa = mantissa << 4 | d;
            if fraction {
                *exponent -= 4;
            }
        } else {
            sticky |= d != 0;
            if !fraction {
                *exponent += 4;
            }
        }
    };
    while let Some(d) = s.get(i).and_then(|c| (*c as char).to_digit(16)) {
        take(d as u64, false, &mut exponent);
        any = true;
        i += 1;
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        while let Some(d) = s.get(i).and_then(|c| (*c as char).to_digit(16)) {
            take(d as u64, true, &mut exponent);
            any = true;
            i += 1;
        }
    }
    if !any {
        return None;
    }
    if matches!(s.get(i), Some(b'p' | b'P')) {
        let mut j = i + 1;
        let negative = s.get(j) == Some(&b'-');
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if s.get(j).is_some_and(u8::is_ascii_digit) {
            let mut e: i64 = 0;
            while let Some(c) = s.get(j).filter(|c| c.is_ascii_digit()) {
                e = (e * 10 + (c - b'0') as i64).min(1 << 20);
                j += 1;
            }
            exponent += if negative { -e } else { e };
            i = j;
        }
    }
    // The sticky bit keeps rounding right when digits were dropped.
    let m = mantissa | sticky as u64;
    let value = if single {
        (m as f64 * 2f64.powi(exponent.clamp(-2000, 2000) as i32)) as f32 as f64
    } else {
        scale_by_power_of_two(m, exponent)
    };
    Some(ParsedFloat {
        value,
        used: i,
        range_error: value.is_infinite() || (value == 0.0 && mantissa != 0),
    })
}

/// `m * 2^e`: `m` rounds to a double once (Rust's parse rounds correctly, and the caller's sticky
/// bit keeps ties honest); scaling by powers of two is then exact unless the result is subnormal.
fn scale_by_power_of_two(m: u64, e: i64) -> f64 {
    if m == 0 {
        return 0.0;
    }
    let text = format!("{m}e0");
    let base: f64 = text.parse().unwrap_or(0.0);
    let mut value = base;
    let mut e = e.clamp(-3000, 3000);
    // Scale in steps that stay exact while the value is normal.
    while e > 0 {
        let step = e.min(1000);
        value *= 2f64.powi(step as i32);
        e -= step;
    }
    while e < 0 {
        let step = (-e).min(1000);
        value /= 2f64.powi(step as i32);
        e += step;
    }
    value
}

fn store_float_result(p: &ParsedFloat, start: u64, unit: u64, endptr: GuestPtr<u64>) {
    endptr.write(start + unit * p.used as u64);
    if p.range_error {
        super::errno::set_errno(super::errno::ERANGE);
    }
}

#[dllexport]
pub fn strtod(strSource: CStrPtr, endptr: GuestPtr<u64>) -> f64 {
    let p = parse_float(&strSource.bytes().unwrap_or_default(), false);
    store_float_result(&p, strSource.0, 1, endptr);
    p.value
}

#[dllexport]
pub fn strtof(strSource: CStrPtr, endptr: GuestPtr<u64>) -> f32 {
    let p = parse_float(&strSource.bytes().unwrap_or_default(), true);
    store_float_result(&p, strSource.0, 1, endptr);
    p.value as f32
}

#[dllexport]
pub fn atof(str: CStrPtr) -> f64 {
    parse_float(&str.bytes().unwrap_or_default(), false).value
}

#[dllexport]
pub fn wcstod(strSource: GuestPtr<u16>, endptr: GuestPtr<u64>) -> f64 {
    let p = parse_float(&wide_as_bytes(strSource).unwrap_or_default(), false);
    store_float_result(&p, strSource.addr(), 2, endptr);
    p.value
}

#[dllexport]
pub fn wcstof(strSource: GuestPtr<u16>, endptr: GuestPtr<u64>) -> f32 {
    let p = parse_float(&wide_as_bytes(strSource).unwrap_or_default(), true);
    store_float_result(&p, strSource.addr(), 2, endptr);
    p.value as f32
}

#[dllexport]
pub fn _wtof(str: GuestPtr<u16>) -> f64 {
    parse_float(&wide_as_bytes(str).unwrap_or_default(), false).value
}

/// Compares two elements through the guest's comparator.
fn compare_with(cmp: u64, context: Option<u64>, a: u64, b: u64) -> i32 {
    match context {
        Some(ctx) => crate::abi::call::call(cmp, &[ctx, a, b]) as i32,
        None => crate::abi::call::call(cmp, &[a, b]) as i32,
    }
}

/// Sorts `count` elements of `width` bytes at `base` with the guest comparator: a merge sort of
/// a copy of the elements (insertion-sorted runs, then merges back and forth between two
/// buffers), written back once. Merging needs the fewest comparator calls, which are the real
/// cost, and reads both buffers in order. The comparator sees pointers into the copy, as
/// glibc's does. Never fails, whatever the comparator answers.
fn sort(base: u64, count: usize, width: usize, cmp: u64, context: Option<u64>) {
    if count < 2 || width == 0 {
        return;
    }
    let Some(total) = count.checked_mul(width) else {
        return;
    };
    let mut items: Vec<u8> = mem::read_slice(base, total);
    let mut less =
        |a: &[u8], b: &[u8]| compare_with(cmp, context, a.as_ptr() as u64, b.as_ptr() as u64) < 0;
    // The common widths get their element copies inlined.
    match width {
        4 => merge_sort::<4>(&mut items, 4, &mut less),
        8 => merge_sort::<8>(&mut items, 8, &mut less),
        16 => merge_sort::<16>(&mut items, 16, &mut less),
        _ => merge_sort::<0>(&mut items, width, &mut less),
    }
    mem::write_slice(base, &items);
}

/// Elements sorted by insertion before merging starts.
const INSERTION_RUN: usize = 8;

/// Stable merge sort of the `width`-byte elements of `items` (`W` is the width when it is
/// known at compile time, else 0). `less(a, b)`: a sorts before b.
fn merge_sort<const W: usize>(
    items: &mut Vec<u8>,
    width: usize,
    less: &mut impl FnMut(&[u8], &[u8]) -> bool,
) {
    let w = if W == 0 { width } else { W };
    let count = items.len() / w;
    let mut held = vec![0u8; w];
    for start in (0..count).step_by(INSERTION_RUN) {
        let end = (start + INSERTION_RUN).min(count);
        for i in start + 1..end {
            if !less(&items[i * w..(i + 1) * w], &items[(i - 1) * w..i * w]) {
                continue;
            }
            held.copy_from_slice(&items[i * w..(i + 1) * w]);
            let mut j = i;
            while j > start && less(&held, &items[(j - 1) * w..j * w]) {
                j -= 1;
            }
            items.copy_within(j * w..i * w, (j + 1) * w);
            items[j * w..(j + 1) * w].copy_from_slice(&held);
        }
    }
    let mut from = std::mem::take(items);
    let mut to = vec![0u8; from.len()];
    let mut run = INSERTION_RUN;
    while run < count {
        let mut lo = 0;
        while lo < count {
            let mid = (lo + run).min(count);
            let hi = (lo + 2 * run).min(count);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            // Already in order across the seam: one copy.
            if mid < hi && less(&from[mid * w..(mid + 1) * w], &from[(mid - 1) * w..mid * w]) {
                while i < mid && j < hi {
                    let take_right = less(&from[j * w..(j + 1) * w], &from[i * w..(i + 1) * w]);
                    let src = if take_right { j } else { i };
                    to[k * w..(k + 1) * w].copy_from_slice(&from[src * w..(src + 1) * w]);
                    if take_right {
                        j += 1;
                    } else {
                        i += 1;
                    }
                    k += 1;
                }
            }
            to[k * w..(k + mid - i) * w].copy_from_slice(&from[i * w..mid * w]);
            k += mid - i;
            to[k * w..(k + hi - j) * w].copy_from_slice(&from[j * w..hi * w]);
            lo = hi;
        }
        std::mem::swap(&mut from, &mut to);
        run *= 2;
    }
    *items = from;
}

#[dllexport]
pub fn qsort(base: GuestPtr<u8>, number: usize, width: usize, compare: u64) {
    if number > 0 && (base.is_null() || compare == 0) {
        invalid_parameter(super::errno::EINVAL);
        return;
    }
    sort(base.addr(), number, width, compare, None);
}

/// `qsort_s(base, n, width, compare, context)`: the comparator takes the context first.
#[dllexport]
pub fn qsort_s(base: GuestPtr<u8>, number: usize, width: usize, compare: u64, context: u64) {
    if number > 0 && (base.is_null() || compare == 0) {
        invalid_parameter(super::errno::EINVAL);
        return;
    }
    sort(base.addr(), number, width, compare, Some(context));
}

fn binary_search(
    key: u64,
    base: u64,
    count: usize,
    width: usize,
    cmp: u64,
    ctx: Option<u64>,
) -> u64 {
    let (mut lo, mut hi) = (0usize, count);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let at = base + (mid * width) as u64;
        match compare_with(cmp, ctx, key, at) {
            0 => return at,
            c if c < 0 => hi = mid,
            _ => lo = mid + 1,
        }
    }
    0
}

#[dllexport]
pub fn bsearch(
    key: GuestPtr<u8>,
    base: GuestPtr<u8>,
    number: usize,
    width: usize,
    compare: u64,
) -> GuestPtr<u8> {
    if compare == 0 || (number > 0 && base.is_null()) {
        invalid_parameter(super::errno::EINVAL);
        return GuestPtr::NULL;
    }
    GuestPtr::new(binary_search(
        key.addr(),
        base.addr(),
        number,
        width,
        compare,
        None,
    ))
}

#[dllexport]
pub fn bsearch_s(
    key: GuestPtr<u8>,
    base: GuestPtr<u8>,
    number: usize,
    width: usize,
    compare: u64,
    context: u64,
) -> GuestPtr<u8> {
    if compare == 0 || (number > 0 && base.is_null()) {
        invalid_parameter(super::errno::EINVAL);
        return GuestPtr::NULL;
    }
    GuestPtr::new(binary_search(
        key.addr(),
        base.addr(),
        number,
        width,
        compare,
        Some(context),
    ))
}

/// `_lfind(key, base, &count, width, compare)`: a linear search.
#[dllexport]
pub fn _lfind(
    key: GuestPtr<u8>,
    base: GuestPtr<u8>,
    num: GuestPtr<u32>,
    width: u32,
    compare: u64,
) -> GuestPtr<u8> {
    let Some(n) = num.read() else {
        invalid_parameter(super::errno::EINVAL);
        return GuestPtr::NULL;
    };
    (0..n as u64)
        .map(|i| base.addr() + i * width as u64)
        .find(|&at| compare_with(compare, None, key.addr(), at) == 0)
        .map_or(GuestPtr::NULL, GuestPtr::new)
}

std::thread_local! {
    /// rand's state: per thread in both CRTs, starting at 1.
    static RAND_STATE: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

/// The CRT's linear congruential generator: 15-bit results.
#[dllexport]
pub fn rand() -> i32 {
    RAND_STATE.with(|s| {
        let next = s.get().wrapping_mul(214013).wrapping_add(2531011);
        s.set(next);
        ((next >> 16) & 0x7FFF) as i32
    })
}

#[dllexport]
pub fn srand(seed: u32) {
    RAND_STATE.with(|s| s.set(seed));
}

#[dllexport]
pub fn abs(n: i32) -> i32 {
    n.wrapping_abs()
}

#[dllexport]
pub fn labs(n: i32) -> i32 {
    n.wrapping_abs()
}

#[dllexport]
pub fn llabs(n: i64) -> i64 {
    n.wrapping_abs()
}

#[dllexport]
pub fn _abs64(n: i64) -> i64 {
    n.wrapping_abs()
}

/// `div_t` (two ints, 8 bytes) comes back in rax: quotient low, remainder high.
#[dllexport]
pub fn div(numerator: i32, denominator: i32) -> u64 {
    if denominator == 0 {
        // Windows raises an integer divide-by-zero here; winrun has no exception to raise yet.
        return 0;
    }
    let q = numerator.wrapping_div(denominator);
    let r = numerator.wrapping_rem(denominator);
    (q as u32 as u64) | ((r as u32 as u64) << 32)
}

#[dllexport]
pub fn ldiv(numerator: i32, denominator: i32) -> u64 {
    div(numerator, denominator)
}

/// `lldiv_t` (16 bytes) is returned through a hidden pointer the caller passes first.
#[dllexport]
pub fn lldiv(result: GuestPtr<[i64; 2]>, numerator: i64, denominator: i64) -> GuestPtr<[i64; 2]> {
    if denominator != 0 {
        result.write([
            numerator.wrapping_div(denominator),
            numerator.wrapping_rem(denominator),
        ]);
    }
    result
}

/// The digits of `value` in `radix`, with a minus sign when `negative`.
fn to_radix(mut value: u64, negative: bool, radix: u32) -> Vec<u8> {
    let mut digits = Vec::new();
    loop {
        let d = (value % radix as u64) as u8;
        digits.push(if d < 10 { b'0' + d } else { b'a' + d - 10 });
        value /= radix as u64;
        if value == 0 {
            break;
        }
    }
    if negative {
        digits.push(b'-');
    }
    digits.reverse();
    digits
}

/// Signed conversions show a minus sign only in radix 10; otherwise the two's complement bits of
/// the type's width are printed.
fn itoa_digits(value: i64, bits: u32, signed: bool, radix: u32) -> Vec<u8> {
    let mask = if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    if signed && radix == 10 && value < 0 {
        to_radix(value.unsigned_abs(), true, radix)
    } else {
        to_radix(value as u64 & mask, false, radix)
    }
}

fn itoa_into<T: Copy + From<u8> + Default>(digits: &[u8], buffer: GuestPtr<T>) -> GuestPtr<T> {
    let units: Vec<T> = digits.iter().map(|&d| T::from(d)).collect();
    buffer.write_slice(&units);
    buffer.offset(units.len()).write(T::default());
    buffer
}

/// `_itoa_s`-style: EINVAL for a bad radix or buffer, ERANGE when the digits and terminator do
/// not fit (the buffer becomes "").
fn itoa_s_into<T: Copy + From<u8> + Default>(
    digits: &[u8],
    buffer: GuestPtr<T>,
    size: usize,
    radix: i32,
) -> i32 {
    if buffer.is_null() || size == 0 {
        return invalid_parameter(super::errno::EINVAL);
    }
    buffer.write(T::default());
    if !(2..=36).contains(&radix) {
        return invalid_parameter(super::errno::EINVAL);
    }
    if digits.len() + 1 > size {
        return invalid_parameter(super::errno::ERANGE);
    }
    itoa_into(digits, buffer);
    0
}

macro_rules! itoa_exports {
    ($($name:ident, $name_s:ident, $unit:ty, $value:ty, $bits:expr, $signed:expr;)*) => {$(
        #[dllexport]
        pub fn $name(value: $value, buffer: GuestPtr<$unit>, radix: i32) -> GuestPtr<$unit> {
            if buffer.is_null() || !(2..=36).contains(&radix) {
                invalid_parameter(super::errno::EINVAL);
                return buffer;
            }
            itoa_into(&itoa_digits(value as i64, $bits, $signed, radix as u32), buffer)
        }

        #[dllexport]
        pub fn $name_s(value: $value, buffer: GuestPtr<$unit>, size: usize, radix: i32) -> i32 {
            let radix_ok = (2..=36).contains(&radix);
            let digits = itoa_digits(value as i64, $bits, $signed, if radix_ok { radix as u32 } else { 10 });
            itoa_s_into(&digits, buffer, size, radix)
        }
    )*};
}

itoa_exports! {
    _itoa, _itoa_s, u8, i32, 32, true;
    _ltoa, _ltoa_s, u8, i32, 32, true;
    _ultoa, _ultoa_s, u8, u32, 32, false;
    _i64toa, _i64toa_s, u8, i64, 64, true;
    _ui64toa, _ui64toa_s, u8, u64, 64, false;
    _itow, _itow_s, u16, i32, 32, true;
    _ltow, _ltow_s, u16, i32, 32, true;
    _ultow, _ultow_s, u16, u32, 32, false;
    _i64tow, _i64tow_s, u16, i64, 64, true;
    _ui64tow, _ui64tow_s, u16, u64, 64, false;
}

/// The absolute, normalised Windows form of `path` (relative to the current directory).
fn full_path(path: &str) -> String {
    crate::nt::path::full_path(path).unwrap_or_else(|_| {
        crate::nt::path::host_to_windows(&crate::nt::path::windows_to_host(path))
    })
}

fn fullpath<T: Copy + Default>(
    buffer: GuestPtr<T>,
    path: Option<String>,
    max: usize,
    encode: fn(&str) -> Vec<T>,
) -> GuestPtr<T> {
    let path = path
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ".".to_string());
    let units = encode(&full_path(&path));
    if buffer.is_null() {
        let p = super::heap::malloc((units.len() + 1) * size_of::<T>()).cast::<T>();
        p.write_slice(&units);
        p.offset(units.len()).write(T::default());
        return p;
    }
    if units.len() + 1 > max {
        super::errno::set_errno(super::errno::ERANGE);
        return GuestPtr::NULL;
    }
    buffer.write_slice(&units);
    buffer.offset(units.len()).write(T::default());
    buffer
}

/// `_fullpath(buffer, path, max)`: into `buffer`, or a malloc'ed string when it is NULL.
#[dllexport]
pub fn _fullpath(absPath: GuestPtr<u8>, relPath: CStrPtr, maxLength: usize) -> GuestPtr<u8> {
    fullpath(absPath, relPath.string(), maxLength, |s| {
        s.as_bytes().to_vec()
    })
}

#[dllexport]
pub fn _wfullpath(
    absPath: GuestPtr<u16>,
    relPath: crate::abi::WStrPtr,
    maxLength: usize,
) -> GuestPtr<u16> {
    fullpath(absPath, relPath.string(), maxLength, |s| {
        s.encode_utf16().collect()
    })
}

/// The parts `_splitpath` finds: drive ("C:"), directory (through the last separator), file
/// name, extension (from the last dot of the name).
fn split_path(path: &[u8]) -> [&[u8]; 4] {
    let (drive, rest) = if path.len() >= 2 && path[1] == b':' {
        path.split_at(2)
    } else {
        (&path[..0], path)
    };
    let dir_end = rest
        .iter()
        .rposition(|&c| c == b'\\' || c == b'/')
        .map_or(0, |i| i + 1);
    let (dir, name) = rest.split_at(dir_end);
    let dot = name.iter().rposition(|&c| c == b'.').unwrap_or(name.len());
    let (fname, ext) = name.split_at(dot);
    [drive, dir, fname, ext]
}

#[dllexport]
pub fn _splitpath(
    path: CStrPtr,
    drive: GuestPtr<u8>,
    dir: GuestPtr<u8>,
    fname: GuestPtr<u8>,
    ext: GuestPtr<u8>,
) {
    let Some(p) = path.bytes() else {
        invalid_parameter(super::errno::EINVAL);
        return;
    };
    for (part, out) in split_path(&p).into_iter().zip([drive, dir, fname, ext]) {
        if !out.is_null() {
            out.write_slice(part);
            out.offset(part.len()).write(0);
        }
    }
}

#[dllexport]
pub fn _wsplitpath(
    path: GuestPtr<u16>,
    drive: GuestPtr<u16>,
    dir: GuestPtr<u16>,
    fname: GuestPtr<u16>,
    ext: GuestPtr<u16>,
) {
    let Some(p) = mem::read_wstr(path.addr()) else {
        invalid_parameter(super::errno::EINVAL);
        return;
    };
    // Split on a narrow stand-in (non-ASCII units as 0xFF keep their positions).
    let narrow: Vec<u8> = p
        .iter()
        .map(|&c| if c < 0x80 { c as u8 } else { 0xFF })
        .collect();
    let parts = split_path(&narrow);
    let mut at = 0;
    for (part, out) in parts.into_iter().zip([drive, dir, fname, ext]) {
        let units = &p[at..at + part.len()];
        at += part.len();
        if !out.is_null() {
            out.write_slice(units);
            out.offset(units.len()).write(0);
        }
    }
}

/// `_makepath(path, drive, dir, fname, ext)`: joins the parts, adding the ':' after a drive
/// letter, a '\\' after a directory without one, and the '.' before an extension.
#[dllexport]
pub fn _makepath(path: GuestPtr<u8>, drive: CStrPtr, dir: CStrPtr, fname: CStrPtr, ext: CStrPtr) {
    let mut out = Vec::new();
    if let Some(d) = drive.bytes().filter(|d| !d.is_empty()) {
        out.push(d[0]);
        out.push(b':');
    }
    if let Some(d) = dir.bytes().filter(|d| !d.is_empty()) {
        out.extend_from_slice(&d);
        if !matches!(d.last(), Some(b'\\' | b'/')) {
            out.push(b'\\');
        }
    }
    if let Some(f) = fname.bytes() {
        out.extend_from_slice(&f);
    }
    if let Some(e) = ext.bytes().filter(|e| !e.is_empty()) {
        if e[0] != b'.' {
            out.push(b'.');
        }
        out.extend_from_slice(&e);
    }
    out.push(0);
    path.write_slice(&out);
}

#[dllexport]
pub fn _wgetenv(varname: GuestPtr<u16>) -> GuestPtr<u16> {
    let Some(name) = mem::read_wstr(varname.addr()) else {
        super::errno::set_errno(super::errno::EINVAL);
        return GuestPtr::NULL;
    };
    super::startup::init_args(crate::nt::cmdline::QuoteRule::Legacy);
    let mut entry = super::startup::_wenviron.get();
    while entry != 0 {
        let Some(s) = mem::read::<u64>(entry).filter(|&s| s != 0) else {
            break;
        };
        let text = mem::read_wstr(s).unwrap_or_default();
        let lower = |u: &u16| if (65..=90).contains(u) { u + 32 } else { *u };
        if text.len() > name.len()
            && text[name.len()] == b'=' as u16
            && text[..name.len()]
                .iter()
                .map(lower)
                .eq(name.iter().map(lower))
        {
            return GuestPtr::new(s + 2 * (name.len() as u64 + 1));
        }
        entry += 8;
    }
    GuestPtr::NULL
}

#[dllexport]
pub fn _wputenv(envstring: GuestPtr<u16>) -> i32 {
    let Some(text) = mem::read_wstr(envstring.addr()) else {
        super::errno::set_errno(super::errno::EINVAL);
        return -1;
    };
    let Some(at) = text
        .iter()
        .skip(1)
        .position(|&c| c == b'=' as u16)
        .map(|i| i + 1)
    else {
        super::errno::set_errno(super::errno::EINVAL);
        return -1;
    };
    let value = &text[at + 1..];
    env::set(&text[..at], (!value.is_empty()).then_some(value));
    super::startup::refresh_environ();
    0
}

/// `getenv_s(&size, buffer, count, name)`: the value's size with its terminator in `size`;
/// ERANGE, without the invalid parameter handler, when it does not fit (an absent variable is
/// size 0 and success).
#[dllexport]
pub fn getenv_s(
    pReturnValue: GuestPtr<usize>,
    buffer: GuestPtr<u8>,
    numberOfElements: usize,
    varname: CStrPtr,
) -> i32 {
    if pReturnValue.is_null() || varname.is_null() || (buffer.is_null() && numberOfElements > 0) {
        return invalid_parameter(super::errno::EINVAL);
    }
    if !buffer.is_null() && numberOfElements > 0 {
        buffer.write(0);
    }
    let value = getenv(varname);
    let Some(text) = mem::read_cstr(value.addr()) else {
        pReturnValue.write(0);
        return 0;
    };
    pReturnValue.write(text.len() + 1);
    if numberOfElements == 0 {
        return 0;
    }
    if text.len() + 1 > numberOfElements {
        super::errno::set_errno(super::errno::ERANGE);
        return super::errno::ERANGE;
    }
    buffer.write_slice(&text);
    buffer.offset(text.len()).write(0);
    0
}

/// `_dupenv_s(&buffer, &size, name)`: a malloc'ed copy of the value (NULL and 0 when absent).
#[dllexport]
pub fn _dupenv_s(
    buffer: GuestPtr<u64>,
    numberOfElements: GuestPtr<usize>,
    varname: CStrPtr,
) -> i32 {
    if buffer.is_null() || varname.is_null() {
        return invalid_parameter(super::errno::EINVAL);
    }
    buffer.write(0);
    numberOfElements.write(0);
    let Some(text) = mem::read_cstr(getenv(varname).addr()) else {
        return 0;
    };
    let copy = super::heap::malloc(text.len() + 1);
    if copy.is_null() {
        return super::errno::ENOMEM;
    }
    copy.write_slice(&text);
    copy.offset(text.len()).write(0);
    buffer.write(copy.addr());
    numberOfElements.write(text.len() + 1);
    0
}

// The `_l` forms: every locale winrun has reads numbers as the "C" locale (see locale.rs).

#[dllexport]
pub fn _strtol_l(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> i32 {
    let _ = locale;
    strtol(string, end_ptr, base)
}

#[dllexport]
pub fn _strtoul_l(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> u32 {
    let _ = locale;
    strtoul(string, end_ptr, base)
}

#[dllexport]
pub fn _strtoi64_l(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> i64 {
    let _ = locale;
    _strtoi64(string, end_ptr, base)
}

#[dllexport]
pub fn _strtoui64_l(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> u64 {
    let _ = locale;
    _strtoui64(string, end_ptr, base)
}

#[dllexport]
pub fn _strtod_l(strSource: CStrPtr, endptr: GuestPtr<u64>, locale: u64) -> f64 {
    let _ = locale;
    strtod(strSource, endptr)
}

#[dllexport]
pub fn _atof_l(str: CStrPtr, locale: u64) -> f64 {
    let _ = locale;
    atof(str)
}

// The `_s` environment forms.

/// `_putenv_s(name, value)`: sets a variable; an empty value removes it. A NULL, empty or
/// '='-holding name, or a NULL value, is an invalid parameter.
fn put_env_s(name: Option<Vec<u16>>, value: Option<Vec<u16>>) -> i32 {
    let (Some(name), Some(value)) = (name, value) else {
        return invalid_parameter(super::errno::EINVAL);
    };
    if name.is_empty() || name.contains(&u16::from(b'=')) {
        return invalid_parameter(super::errno::EINVAL);
    }
    env::set(&name, (!value.is_empty()).then_some(&value[..]));
    super::startup::refresh_environ();
    0
}

#[dllexport]
pub fn _putenv_s(varname: CStrPtr, value_string: CStrPtr) -> i32 {
    let wide = |s: Option<String>| s.map(|s| s.encode_utf16().collect());
    put_env_s(wide(varname.string()), wide(value_string.string()))
}

#[dllexport]
pub fn _wputenv_s(varname: GuestPtr<u16>, value_string: GuestPtr<u16>) -> i32 {
    put_env_s(
        mem::read_wstr(varname.addr()),
        mem::read_wstr(value_string.addr()),
    )
}

/// `_wgetenv_s(&size, buffer, count, name)`: getenv_s for wide strings.
#[dllexport]
pub fn _wgetenv_s(
    pReturnValue: GuestPtr<usize>,
    buffer: GuestPtr<u16>,
    numberOfElements: usize,
    varname: GuestPtr<u16>,
) -> i32 {
    if pReturnValue.is_null() || varname.is_null() || (buffer.is_null() && numberOfElements > 0) {
        return invalid_parameter(super::errno::EINVAL);
    }
    if !buffer.is_null() && numberOfElements > 0 {
        buffer.write(0);
    }
    let Some(text) = mem::read_wstr(_wgetenv(varname).addr()) else {
        pReturnValue.write(0);
        return 0;
    };
    pReturnValue.write(text.len() + 1);
    if numberOfElements == 0 {
        return 0;
    }
    if text.len() + 1 > numberOfElements {
        super::errno::set_errno(super::errno::ERANGE);
        return super::errno::ERANGE;
    }
    buffer.write_slice(&text);
    buffer.offset(text.len()).write(0);
    0
}

/// `_wdupenv_s(&buffer, &count, name)`: a malloc'ed copy of the value, its size in characters.
#[dllexport]
pub fn _wdupenv_s(
    buffer: GuestPtr<u64>,
    numberOfElements: GuestPtr<usize>,
    varname: GuestPtr<u16>,
) -> i32 {
    if buffer.is_null() || varname.is_null() {
        return invalid_parameter(super::errno::EINVAL);
    }
    buffer.write(0);
    numberOfElements.write(0);
    let Some(text) = mem::read_wstr(_wgetenv(varname).addr()) else {
        return 0;
    };
    let copy = super::heap::malloc((text.len() + 1) * 2).cast::<u16>();
    if copy.is_null() {
        return super::errno::ENOMEM;
    }
    copy.write_slice(&text);
    copy.offset(text.len()).write(0);
    buffer.write(copy.addr());
    numberOfElements.write(text.len() + 1);
    0
}

/// msvcrt's `_sleep(milliseconds)`: Sleep.
#[dllexport]
pub fn _sleep(duration: u32) {
    crate::kernel32::synchapi::Sleep(duration);
}

/// `_seterrormode(mode)`: SetErrorMode.
#[dllexport]
pub fn _seterrormode(mode: i32) {
    crate::kernel32::errhandlingapi::SetErrorMode(mode as u32);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merge sort is stable and orders every width like the standard library's stable sort.
    #[test]
    fn merge_sort_matches_a_stable_sort() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for width in [1usize, 3, 4, 8, 16, 24] {
            for count in [0usize, 1, 2, 7, 8, 9, 31, 100, 1000] {
                let mut items = Vec::with_capacity(count * width);
                for _ in 0..count * width {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    // Few distinct keys, so stability is tested too.
                    items.push((seed % 5) as u8);
                }
                let mut expected: Vec<&[u8]> = items.chunks(width).collect();
                expected.sort_by_key(|e| e[0]);
                let expected = expected.concat();
                let mut less = |a: &[u8], b: &[u8]| a[0] < b[0];
                match width {
                    4 => merge_sort::<4>(&mut items, 4, &mut less),
                    8 => merge_sort::<8>(&mut items, 8, &mut less),
                    16 => merge_sort::<16>(&mut items, 16, &mut less),
                    _ => merge_sort::<0>(&mut items, width, &mut less),
                }
                assert_eq!(items, expected, "width {width}, count {count}");
            }
        }
    }
}
