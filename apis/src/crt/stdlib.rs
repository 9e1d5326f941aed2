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

/// Shared body of the strto* functions: `min`/`max` bound the result type; unsigned types
/// negate in their own width (as C requires) and saturate only on magnitude overflow.
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
