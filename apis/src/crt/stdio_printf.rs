//! stdio.h's printf family: msvcrt's exports (`printf`, `_snprintf`, `swprintf` ...) and the
//! UCRT's `__stdio_common_v*printf` entry points that its inline header functions call with
//! option bits. The formatting itself is `printf.rs`; this file is about where the output goes
//! and what each variant returns.

use super::errno::{EINVAL, ERANGE};
use super::printf::{Flavor, Options, PrintfArgs, format_narrow_with, format_wide_with};
use super::stdio::{iob_entry, put_text};
use super::stdlib::invalid_parameter;
use crate::abi::{CStrPtr, GuestPtr, VaList, VarArgs, WStrPtr, mem};
use crate::dllexport;

/// printf arguments taken from guest varargs.
pub struct GuestArgs {
    list: VaList,
    /// Where the list started, for `%n$`.
    start: u64,
}

impl GuestArgs {
    pub fn new(list: VaList) -> Self {
        GuestArgs {
            start: list.addr(),
            list,
        }
    }
}

impl PrintfArgs for GuestArgs {
    fn next_u64(&mut self) -> u64 {
        self.list.next_slot()
    }
    fn slot(&mut self, index: usize) -> u64 {
        mem::read::<u64>(self.start.wrapping_add(8 * index as u64)).unwrap_or(0)
    }
    fn read_cstr(&self, addr: u64) -> Vec<u8> {
        mem::read_cstr(addr).unwrap_or_default()
    }
    fn read_wstr(&self, addr: u64) -> Vec<u16> {
        mem::read_wstr(addr).unwrap_or_default()
    }
    fn store_count(&mut self, addr: u64, count: u64, size: usize) -> bool {
        match size {
            1 => mem::write(addr, count as u8),
            2 => mem::write(addr, count as u16),
            4 => mem::write(addr, count as u32),
            _ => mem::write(addr, count),
        }
    }
    fn read_bytes(&self, addr: u64, len: usize) -> Option<Vec<u8>> {
        Some(mem::read_slice(addr, len))
    }
}

pub const MSVCRT: Options = Options::new(Flavor::Msvcrt);

pub fn checked(options: Options) -> Options {
    Options {
        validate_format: true,
        ..options
    }
}

/// The `_p` family: positional arguments, and the format validated like the `_s` family.
pub fn positional(options: Options) -> Options {
    Options {
        positional: true,
        ..checked(options)
    }
}

/// The UCRT's options for one call: its `_CRT_INTERNAL_PRINTF_*` bits.
pub fn ucrt(bits: u64) -> Options {
    Options {
        ucrt_options: bits,
        ..Options::new(Flavor::Ucrt)
    }
}

/// `_CRT_INTERNAL_PRINTF_LEGACY_VSPRINTF_NULL_TERMINATION`.
const LEGACY_VSPRINTF_NULL_TERMINATION: u64 = 1;
/// `_CRT_INTERNAL_PRINTF_STANDARD_SNPRINTF_BEHAVIOR`.
const STANDARD_SNPRINTF_BEHAVIOR: u64 = 2;

/// Formats a narrow format; a NULL or invalid format is an invalid parameter (None).
pub fn narrow(options: Options, fmt: CStrPtr, args: VaList) -> Option<Vec<u8>> {
    let out = fmt
        .bytes()
        .and_then(|f| format_narrow_with(options, &f, &mut GuestArgs::new(args)));
    if out.is_none() {
        invalid_parameter(EINVAL);
    }
    out
}

pub fn wide(options: Options, fmt: WStrPtr, args: VaList) -> Option<Vec<u16>> {
    let out = fmt
        .units()
        .and_then(|f| format_wide_with(options, &f, &mut GuestArgs::new(args)));
    if out.is_none() {
        invalid_parameter(EINVAL);
    }
    out
}

/// Writes narrow output to a stream: the count of bytes, or -1.
fn print_to(file: u64, out: Option<Vec<u8>>) -> i32 {
    match out {
        Some(out) if put_text(file, &out) => out.len() as i32,
        _ => -1,
    }
}

/// Writes wide output to a stream in its encoding: the count of characters.
fn wprint_to(file: u64, out: Option<Vec<u16>>) -> i32 {
    match out {
        Some(out) if super::stdio::put_wide(file, &out) => out.len() as i32,
        _ => -1,
    }
}

/// Copies `out` and a terminator to `buf` (sprintf: the caller vouches for the room).
fn store_all<T: Copy + Default>(buf: GuestPtr<T>, out: Option<Vec<T>>) -> i32 {
    let Some(out) = out else {
        return -1;
    };
    if buf.is_null() {
        invalid_parameter(EINVAL);
        return -1;
    }
    buf.write_slice(&out);
    buf.offset(out.len()).write(T::default());
    out.len() as i32
}

/// msvcrt's `_snprintf` rule: room for a terminator gets one; output that fills `count` exactly
/// is returned unterminated; longer output is cut at `count` with -1.
fn store_legacy<T: Copy + Default>(buf: GuestPtr<T>, count: usize, out: Option<Vec<T>>) -> i32 {
    let Some(out) = out else {
        return -1;
    };
    if buf.is_null() && count > 0 {
        invalid_parameter(EINVAL);
        return -1;
    }
    if out.len() < count {
        buf.write_slice(&out);
        buf.offset(out.len()).write(T::default());
        out.len() as i32
    } else {
        buf.write_slice(&out[..count]);
        if out.len() == count { count as i32 } else { -1 }
    }
}

/// C99 `snprintf`: cut to fit, always terminated, returns the full length.
fn store_c99<T: Copy + Default>(buf: GuestPtr<T>, count: usize, out: Option<Vec<T>>) -> i32 {
    let Some(out) = out else {
        return -1;
    };
    if count > 0 {
        let n = out.len().min(count - 1);
        buf.write_slice(&out[..n]);
        buf.offset(n).write(T::default());
    }
    out.len() as i32
}

/// The `_s` rule: output that does not fit with its terminator empties the buffer and is an
/// invalid parameter (ERANGE).
fn store_secure<T: Copy + Default>(buf: GuestPtr<T>, size: usize, out: Option<Vec<T>>) -> i32 {
    if buf.is_null() || size == 0 {
        invalid_parameter(EINVAL);
        return -1;
    }
    let Some(out) = out else {
        buf.write(T::default());
        return -1;
    };
    if out.len() >= size {
        buf.write(T::default());
        invalid_parameter(ERANGE);
        return -1;
    }
    buf.write_slice(&out);
    buf.offset(out.len()).write(T::default());
    out.len() as i32
}

/// `_snprintf_s(buf, size, count, ...)`: at most `count` characters (or as many as fit for
/// `_TRUNCATE`), cut output returns -1; output that overflows `size` is an invalid parameter.
fn store_secure_n<T: Copy + Default>(
    buf: GuestPtr<T>,
    size: usize,
    count: usize,
    out: Option<Vec<T>>,
) -> i32 {
    const TRUNCATE: usize = usize::MAX;
    if buf.is_null() || size == 0 {
        invalid_parameter(EINVAL);
        return -1;
    }
    let Some(out) = out else {
        buf.write(T::default());
        return -1;
    };
    let limit = if count == TRUNCATE {
        size - 1
    } else {
        count.min(size)
    };
    if out.len() <= limit && out.len() < size {
        buf.write_slice(&out);
        buf.offset(out.len()).write(T::default());
        return out.len() as i32;
    }
    if count != TRUNCATE && count >= size {
        buf.write(T::default());
        invalid_parameter(ERANGE);
        return -1;
    }
    buf.write_slice(&out[..limit]);
    buf.offset(limit).write(T::default());
    -1
}

// msvcrt.dll: narrow.

#[dllexport]
pub fn printf(format: CStrPtr, args: VarArgs) -> i32 {
    print_to(iob_entry(1), narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn fprintf(stream: GuestPtr<u8>, format: CStrPtr, args: VarArgs) -> i32 {
    print_to(stream.addr(), narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn vprintf(format: CStrPtr, args: VaList) -> i32 {
    print_to(iob_entry(1), narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn vfprintf(stream: GuestPtr<u8>, format: CStrPtr, args: VaList) -> i32 {
    print_to(stream.addr(), narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn printf_s(format: CStrPtr, args: VarArgs) -> i32 {
    print_to(iob_entry(1), narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn fprintf_s(stream: GuestPtr<u8>, format: CStrPtr, args: VarArgs) -> i32 {
    print_to(stream.addr(), narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn vprintf_s(format: CStrPtr, args: VaList) -> i32 {
    print_to(iob_entry(1), narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn vfprintf_s(stream: GuestPtr<u8>, format: CStrPtr, args: VaList) -> i32 {
    print_to(stream.addr(), narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn sprintf(buffer: GuestPtr<u8>, format: CStrPtr, args: VarArgs) -> i32 {
    store_all(buffer, narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn vsprintf(buffer: GuestPtr<u8>, format: CStrPtr, args: VaList) -> i32 {
    store_all(buffer, narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn _snprintf(buffer: GuestPtr<u8>, count: usize, format: CStrPtr, args: VarArgs) -> i32 {
    store_legacy(buffer, count, narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn _vsnprintf(buffer: GuestPtr<u8>, count: usize, format: CStrPtr, args: VaList) -> i32 {
    store_legacy(buffer, count, narrow(MSVCRT, format, args))
}

/// C99 `snprintf` (msvcrt.dll exports it on Windows 10).
#[dllexport]
pub fn snprintf(buffer: GuestPtr<u8>, count: usize, format: CStrPtr, args: VarArgs) -> i32 {
    store_c99(buffer, count, narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn vsnprintf(buffer: GuestPtr<u8>, count: usize, format: CStrPtr, args: VaList) -> i32 {
    store_c99(buffer, count, narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn sprintf_s(buffer: GuestPtr<u8>, sizeOfBuffer: usize, format: CStrPtr, args: VarArgs) -> i32 {
    store_secure(buffer, sizeOfBuffer, narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn vsprintf_s(buffer: GuestPtr<u8>, sizeOfBuffer: usize, format: CStrPtr, args: VaList) -> i32 {
    store_secure(buffer, sizeOfBuffer, narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _snprintf_s(
    buffer: GuestPtr<u8>,
    sizeOfBuffer: usize,
    count: usize,
    format: CStrPtr,
    args: VarArgs,
) -> i32 {
    store_secure_n(
        buffer,
        sizeOfBuffer,
        count,
        narrow(checked(MSVCRT), format, args),
    )
}

#[dllexport]
pub fn _vsnprintf_s(
    buffer: GuestPtr<u8>,
    sizeOfBuffer: usize,
    count: usize,
    format: CStrPtr,
    args: VaList,
) -> i32 {
    store_secure_n(
        buffer,
        sizeOfBuffer,
        count,
        narrow(checked(MSVCRT), format, args),
    )
}

#[dllexport]
pub fn _scprintf(format: CStrPtr, args: VarArgs) -> i32 {
    narrow(MSVCRT, format, args).map_or(-1, |o| o.len() as i32)
}

#[dllexport]
pub fn _vscprintf(format: CStrPtr, args: VaList) -> i32 {
    narrow(MSVCRT, format, args).map_or(-1, |o| o.len() as i32)
}

// msvcrt.dll: wide. In the wide family `%s`/`%c` take wide arguments.

#[dllexport]
pub fn wprintf(format: WStrPtr, args: VarArgs) -> i32 {
    wprint_to(iob_entry(1), wide(MSVCRT, format, args))
}

#[dllexport]
pub fn fwprintf(stream: GuestPtr<u8>, format: WStrPtr, args: VarArgs) -> i32 {
    wprint_to(stream.addr(), wide(MSVCRT, format, args))
}

#[dllexport]
pub fn vwprintf(format: WStrPtr, args: VaList) -> i32 {
    wprint_to(iob_entry(1), wide(MSVCRT, format, args))
}

#[dllexport]
pub fn vfwprintf(stream: GuestPtr<u8>, format: WStrPtr, args: VaList) -> i32 {
    wprint_to(stream.addr(), wide(MSVCRT, format, args))
}

/// msvcrt's `swprintf(buffer, format, ...)`: the pre-C99 form without a count.
#[dllexport]
pub fn swprintf(buffer: GuestPtr<u16>, format: WStrPtr, args: VarArgs) -> i32 {
    store_all(buffer, wide(MSVCRT, format, args))
}

#[dllexport]
pub fn vswprintf(buffer: GuestPtr<u16>, format: WStrPtr, args: VaList) -> i32 {
    store_all(buffer, wide(MSVCRT, format, args))
}

#[dllexport]
pub fn _swprintf(buffer: GuestPtr<u16>, format: WStrPtr, args: VarArgs) -> i32 {
    store_all(buffer, wide(MSVCRT, format, args))
}

#[dllexport]
pub fn _snwprintf(buffer: GuestPtr<u16>, count: usize, format: WStrPtr, args: VarArgs) -> i32 {
    store_legacy(buffer, count, wide(MSVCRT, format, args))
}

#[dllexport]
pub fn _vsnwprintf(buffer: GuestPtr<u16>, count: usize, format: WStrPtr, args: VaList) -> i32 {
    store_legacy(buffer, count, wide(MSVCRT, format, args))
}

#[dllexport]
pub fn swprintf_s(
    buffer: GuestPtr<u16>,
    sizeOfBuffer: usize,
    format: WStrPtr,
    args: VarArgs,
) -> i32 {
    store_secure(buffer, sizeOfBuffer, wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn vswprintf_s(
    buffer: GuestPtr<u16>,
    sizeOfBuffer: usize,
    format: WStrPtr,
    args: VaList,
) -> i32 {
    store_secure(buffer, sizeOfBuffer, wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _snwprintf_s(
    buffer: GuestPtr<u16>,
    sizeOfBuffer: usize,
    count: usize,
    format: WStrPtr,
    args: VarArgs,
) -> i32 {
    store_secure_n(
        buffer,
        sizeOfBuffer,
        count,
        wide(checked(MSVCRT), format, args),
    )
}

#[dllexport]
pub fn _vsnwprintf_s(
    buffer: GuestPtr<u16>,
    sizeOfBuffer: usize,
    count: usize,
    format: WStrPtr,
    args: VaList,
) -> i32 {
    store_secure_n(
        buffer,
        sizeOfBuffer,
        count,
        wide(checked(MSVCRT), format, args),
    )
}

#[dllexport]
pub fn _scwprintf(format: WStrPtr, args: VarArgs) -> i32 {
    wide(MSVCRT, format, args).map_or(-1, |o| o.len() as i32)
}

#[dllexport]
pub fn _vscwprintf(format: WStrPtr, args: VaList) -> i32 {
    wide(MSVCRT, format, args).map_or(-1, |o| o.len() as i32)
}

/// `_set_printf_count_output(enable)`: whether `%n` works; returns the previous setting.
#[dllexport]
pub fn _set_printf_count_output(enable: i32) -> i32 {
    use std::sync::atomic::Ordering;
    super::printf::PERCENT_N_ENABLED.swap(enable != 0, Ordering::AcqRel) as i32
}

#[dllexport]
pub fn _get_printf_count_output() -> i32 {
    super::printf::PERCENT_N_ENABLED.load(std::sync::atomic::Ordering::Acquire) as i32
}

// The UCRT: every printf goes through these with the caller's option bits.

#[dllexport]
pub fn __stdio_common_vfprintf(
    options: u64,
    stream: GuestPtr<u8>,
    format: CStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    print_to(stream.addr(), narrow(ucrt(options), format, arglist))
}

#[dllexport]
pub fn __stdio_common_vfprintf_s(
    options: u64,
    stream: GuestPtr<u8>,
    format: CStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    print_to(
        stream.addr(),
        narrow(checked(ucrt(options)), format, arglist),
    )
}

#[dllexport]
pub fn __stdio_common_vfwprintf(
    options: u64,
    stream: GuestPtr<u8>,
    format: WStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    wprint_to(stream.addr(), wide(ucrt(options), format, arglist))
}

#[dllexport]
pub fn __stdio_common_vfwprintf_s(
    options: u64,
    stream: GuestPtr<u8>,
    format: WStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    wprint_to(stream.addr(), wide(checked(ucrt(options)), format, arglist))
}

/// The UCRT's sprintf/snprintf/_snprintf in one: a NULL buffer counts; output that fills the
/// buffer is cut and, by the options, left unterminated with -1 (legacy `_snprintf`),
/// terminated with the full length (C99 `snprintf`), or terminated with -2 (`vsnprintf_s`-style
/// callers without either bit; -1 for a zero count).
fn store_ucrt<T: Copy + Default>(
    options: u64,
    buf: GuestPtr<T>,
    count: usize,
    out: Option<Vec<T>>,
) -> i32 {
    if buf.is_null() && count != 0 {
        invalid_parameter(EINVAL);
        return -1;
    }
    let Some(out) = out else {
        return -1;
    };
    if buf.is_null() {
        return out.len() as i32;
    }
    let n = out.len().min(count);
    buf.write_slice(&out[..n]);
    if out.len() < count {
        buf.offset(out.len()).write(T::default());
        return out.len() as i32;
    }
    if options & LEGACY_VSPRINTF_NULL_TERMINATION != 0 {
        return if out.len() > count {
            -1
        } else {
            out.len() as i32
        };
    }
    if count > 0 {
        buf.offset(count - 1).write(T::default());
    }
    if options & STANDARD_SNPRINTF_BEHAVIOR != 0 {
        out.len() as i32
    } else if count > 0 {
        -2
    } else {
        -1
    }
}

#[dllexport]
pub fn __stdio_common_vsprintf(
    options: u64,
    buffer: GuestPtr<u8>,
    buffer_count: usize,
    format: CStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    store_ucrt(
        options,
        buffer,
        buffer_count,
        narrow(ucrt(options), format, arglist),
    )
}

#[dllexport]
pub fn __stdio_common_vsprintf_s(
    options: u64,
    buffer: GuestPtr<u8>,
    buffer_count: usize,
    format: CStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    store_secure(
        buffer,
        buffer_count,
        narrow(checked(ucrt(options)), format, arglist),
    )
}

#[dllexport]
pub fn __stdio_common_vsnprintf_s(
    options: u64,
    buffer: GuestPtr<u8>,
    buffer_count: usize,
    max_count: usize,
    format: CStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    store_secure_n(
        buffer,
        buffer_count,
        max_count,
        narrow(checked(ucrt(options)), format, arglist),
    )
}

#[dllexport]
pub fn __stdio_common_vswprintf(
    options: u64,
    buffer: GuestPtr<u16>,
    buffer_count: usize,
    format: WStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    store_ucrt(
        options,
        buffer,
        buffer_count,
        wide(ucrt(options), format, arglist),
    )
}

#[dllexport]
pub fn __stdio_common_vswprintf_s(
    options: u64,
    buffer: GuestPtr<u16>,
    buffer_count: usize,
    format: WStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    store_secure(
        buffer,
        buffer_count,
        wide(checked(ucrt(options)), format, arglist),
    )
}

#[dllexport]
pub fn __stdio_common_vsnwprintf_s(
    options: u64,
    buffer: GuestPtr<u16>,
    buffer_count: usize,
    max_count: usize,
    format: WStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    store_secure_n(
        buffer,
        buffer_count,
        max_count,
        wide(checked(ucrt(options)), format, arglist),
    )
}

// msvcrt.dll's `_l` forms. Every locale winrun offers formats numbers the same way ('.' as the
// decimal point, no grouping in printf), so the locale argument changes nothing.

#[dllexport]
pub fn _printf_l(format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    print_to(iob_entry(1), narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn _fprintf_l(stream: GuestPtr<u8>, format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    print_to(stream.addr(), narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn _vprintf_l(format: CStrPtr, locale: u64, args: VaList) -> i32 {
    print_to(iob_entry(1), narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn _vfprintf_l(stream: GuestPtr<u8>, format: CStrPtr, locale: u64, args: VaList) -> i32 {
    print_to(stream.addr(), narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn _sprintf_l(buffer: GuestPtr<u8>, format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    store_all(buffer, narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn _vsprintf_l(buffer: GuestPtr<u8>, format: CStrPtr, locale: u64, args: VaList) -> i32 {
    store_all(buffer, narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn _snprintf_l(
    buffer: GuestPtr<u8>,
    count: usize,
    format: CStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    store_legacy(buffer, count, narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn _vsnprintf_l(
    buffer: GuestPtr<u8>,
    count: usize,
    format: CStrPtr,
    locale: u64,
    args: VaList,
) -> i32 {
    store_legacy(buffer, count, narrow(MSVCRT, format, args))
}

#[dllexport]
pub fn _scprintf_l(format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    narrow(MSVCRT, format, args).map_or(-1, |o| o.len() as i32)
}

#[dllexport]
pub fn _vscprintf_l(format: CStrPtr, locale: u64, args: VaList) -> i32 {
    narrow(MSVCRT, format, args).map_or(-1, |o| o.len() as i32)
}

#[dllexport]
pub fn _wprintf_l(format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wprint_to(iob_entry(1), wide(MSVCRT, format, args))
}

#[dllexport]
pub fn _fwprintf_l(stream: GuestPtr<u8>, format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wprint_to(stream.addr(), wide(MSVCRT, format, args))
}

#[dllexport]
pub fn _vwprintf_l(format: WStrPtr, locale: u64, args: VaList) -> i32 {
    wprint_to(iob_entry(1), wide(MSVCRT, format, args))
}

#[dllexport]
pub fn _vfwprintf_l(stream: GuestPtr<u8>, format: WStrPtr, locale: u64, args: VaList) -> i32 {
    wprint_to(stream.addr(), wide(MSVCRT, format, args))
}

#[dllexport]
pub fn _snwprintf_l(
    buffer: GuestPtr<u16>,
    count: usize,
    format: WStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    store_legacy(buffer, count, wide(MSVCRT, format, args))
}

#[dllexport]
pub fn _vsnwprintf_l(
    buffer: GuestPtr<u16>,
    count: usize,
    format: WStrPtr,
    locale: u64,
    args: VaList,
) -> i32 {
    store_legacy(buffer, count, wide(MSVCRT, format, args))
}

#[dllexport]
pub fn _scwprintf_l(format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wide(MSVCRT, format, args).map_or(-1, |o| o.len() as i32)
}

#[dllexport]
pub fn _vscwprintf_l(format: WStrPtr, locale: u64, args: VaList) -> i32 {
    wide(MSVCRT, format, args).map_or(-1, |o| o.len() as i32)
}

// msvcrt.dll's positional `_p` forms (with their `_l` twins).

/// `_vsprintf_p`'s buffer rule is `vsprintf_s`'s ("these functions differ from vsprintf_s
/// only in that they support positional parameters"): output and terminator must fit, or the
/// buffer is emptied with ERANGE.
fn store_positional<T: Copy + Default>(buf: GuestPtr<T>, size: usize, out: Option<Vec<T>>) -> i32 {
    store_secure(buf, size, out)
}

/// The UCRT's `_vsprintf_p` rule, plus the count-only call its `_vscprintf_p` inline makes
/// (NULL buffer, zero size).
fn store_ucrt_positional<T: Copy + Default>(
    buf: GuestPtr<T>,
    size: usize,
    out: Option<Vec<T>>,
) -> i32 {
    if buf.is_null() && size == 0 {
        return out.map_or(-1, |o| o.len() as i32);
    }
    store_positional(buf, size, out)
}

#[dllexport]
pub fn _printf_p(format: CStrPtr, args: VarArgs) -> i32 {
    print_to(iob_entry(1), narrow(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _printf_p_l(format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    print_to(iob_entry(1), narrow(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _fprintf_p(stream: GuestPtr<u8>, format: CStrPtr, args: VarArgs) -> i32 {
    print_to(stream.addr(), narrow(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _fprintf_p_l(stream: GuestPtr<u8>, format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    print_to(stream.addr(), narrow(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _vprintf_p(format: CStrPtr, args: VaList) -> i32 {
    print_to(iob_entry(1), narrow(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _vprintf_p_l(format: CStrPtr, locale: u64, args: VaList) -> i32 {
    print_to(iob_entry(1), narrow(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _vfprintf_p(stream: GuestPtr<u8>, format: CStrPtr, args: VaList) -> i32 {
    print_to(stream.addr(), narrow(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _vfprintf_p_l(stream: GuestPtr<u8>, format: CStrPtr, locale: u64, args: VaList) -> i32 {
    print_to(stream.addr(), narrow(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _sprintf_p_l(
    buffer: GuestPtr<u8>,
    sizeOfBuffer: usize,
    format: CStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    store_positional(
        buffer,
        sizeOfBuffer,
        narrow(positional(MSVCRT), format, args),
    )
}

#[dllexport]
pub fn _vsprintf_p(buffer: GuestPtr<u8>, sizeInBytes: usize, format: CStrPtr, args: VaList) -> i32 {
    store_positional(
        buffer,
        sizeInBytes,
        narrow(positional(MSVCRT), format, args),
    )
}

#[dllexport]
pub fn _vsprintf_p_l(
    buffer: GuestPtr<u8>,
    sizeInBytes: usize,
    format: CStrPtr,
    locale: u64,
    args: VaList,
) -> i32 {
    store_positional(
        buffer,
        sizeInBytes,
        narrow(positional(MSVCRT), format, args),
    )
}

#[dllexport]
pub fn _scprintf_p_l(format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    narrow(positional(MSVCRT), format, args).map_or(-1, |o| o.len() as i32)
}

#[dllexport]
pub fn _vscprintf_p(format: CStrPtr, args: VaList) -> i32 {
    narrow(positional(MSVCRT), format, args).map_or(-1, |o| o.len() as i32)
}

#[dllexport]
pub fn _vscprintf_p_l(format: CStrPtr, locale: u64, args: VaList) -> i32 {
    narrow(positional(MSVCRT), format, args).map_or(-1, |o| o.len() as i32)
}

#[dllexport]
pub fn _wprintf_p(format: WStrPtr, args: VarArgs) -> i32 {
    wprint_to(iob_entry(1), wide(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _wprintf_p_l(format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wprint_to(iob_entry(1), wide(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _fwprintf_p(stream: GuestPtr<u8>, format: WStrPtr, args: VarArgs) -> i32 {
    wprint_to(stream.addr(), wide(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _fwprintf_p_l(stream: GuestPtr<u8>, format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wprint_to(stream.addr(), wide(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _vwprintf_p(format: WStrPtr, args: VaList) -> i32 {
    wprint_to(iob_entry(1), wide(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _vwprintf_p_l(format: WStrPtr, locale: u64, args: VaList) -> i32 {
    wprint_to(iob_entry(1), wide(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _vfwprintf_p(stream: GuestPtr<u8>, format: WStrPtr, args: VaList) -> i32 {
    wprint_to(stream.addr(), wide(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _vfwprintf_p_l(stream: GuestPtr<u8>, format: WStrPtr, locale: u64, args: VaList) -> i32 {
    wprint_to(stream.addr(), wide(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _swprintf_p_l(
    buffer: GuestPtr<u16>,
    sizeOfBuffer: usize,
    format: WStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    store_positional(buffer, sizeOfBuffer, wide(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _vswprintf_p(buffer: GuestPtr<u16>, count: usize, format: WStrPtr, args: VaList) -> i32 {
    store_positional(buffer, count, wide(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _vswprintf_p_l(
    buffer: GuestPtr<u16>,
    count: usize,
    format: WStrPtr,
    locale: u64,
    args: VaList,
) -> i32 {
    store_positional(buffer, count, wide(positional(MSVCRT), format, args))
}

#[dllexport]
pub fn _scwprintf_p_l(format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wide(positional(MSVCRT), format, args).map_or(-1, |o| o.len() as i32)
}

#[dllexport]
pub fn _vscwprintf_p(format: WStrPtr, args: VaList) -> i32 {
    wide(positional(MSVCRT), format, args).map_or(-1, |o| o.len() as i32)
}

#[dllexport]
pub fn _vscwprintf_p_l(format: WStrPtr, locale: u64, args: VaList) -> i32 {
    wide(positional(MSVCRT), format, args).map_or(-1, |o| o.len() as i32)
}

// The UCRT's positional entry points: its `_printf_p` family are header inlines over these.

#[dllexport]
pub fn __stdio_common_vfprintf_p(
    options: u64,
    stream: GuestPtr<u8>,
    format: CStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    print_to(
        stream.addr(),
        narrow(positional(ucrt(options)), format, arglist),
    )
}

#[dllexport]
pub fn __stdio_common_vfwprintf_p(
    options: u64,
    stream: GuestPtr<u8>,
    format: WStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    wprint_to(
        stream.addr(),
        wide(positional(ucrt(options)), format, arglist),
    )
}

#[dllexport]
pub fn __stdio_common_vsprintf_p(
    options: u64,
    buffer: GuestPtr<u8>,
    buffer_count: usize,
    format: CStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    store_ucrt_positional(
        buffer,
        buffer_count,
        narrow(positional(ucrt(options)), format, arglist),
    )
}

#[dllexport]
pub fn __stdio_common_vswprintf_p(
    options: u64,
    buffer: GuestPtr<u16>,
    buffer_count: usize,
    format: WStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    store_ucrt_positional(
        buffer,
        buffer_count,
        wide(positional(ucrt(options)), format, arglist),
    )
}

// msvcrt.dll's `_s` forms with a locale, the wide `_s` forms without the underscore, and the
// legacy count-less `_vswprintf`.

#[dllexport]
pub fn _printf_s_l(format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    print_to(iob_entry(1), narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _fprintf_s_l(stream: GuestPtr<u8>, format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    print_to(stream.addr(), narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _vprintf_s_l(format: CStrPtr, locale: u64, args: VaList) -> i32 {
    print_to(iob_entry(1), narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _vfprintf_s_l(stream: GuestPtr<u8>, format: CStrPtr, locale: u64, args: VaList) -> i32 {
    print_to(stream.addr(), narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _sprintf_s_l(
    buffer: GuestPtr<u8>,
    sizeOfBuffer: usize,
    format: CStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    store_secure(buffer, sizeOfBuffer, narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _vsprintf_s_l(
    buffer: GuestPtr<u8>,
    sizeOfBuffer: usize,
    format: CStrPtr,
    locale: u64,
    args: VaList,
) -> i32 {
    store_secure(buffer, sizeOfBuffer, narrow(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _snprintf_s_l(
    buffer: GuestPtr<u8>,
    sizeOfBuffer: usize,
    count: usize,
    format: CStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    let out = narrow(checked(MSVCRT), format, args);
    store_secure_n(buffer, sizeOfBuffer, count, out)
}

#[dllexport]
pub fn _vsnprintf_s_l(
    buffer: GuestPtr<u8>,
    sizeOfBuffer: usize,
    count: usize,
    format: CStrPtr,
    locale: u64,
    args: VaList,
) -> i32 {
    let out = narrow(checked(MSVCRT), format, args);
    store_secure_n(buffer, sizeOfBuffer, count, out)
}

#[dllexport]
pub fn wprintf_s(format: WStrPtr, args: VarArgs) -> i32 {
    wprint_to(iob_entry(1), wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _wprintf_s_l(format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wprint_to(iob_entry(1), wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn fwprintf_s(stream: GuestPtr<u8>, format: WStrPtr, args: VarArgs) -> i32 {
    wprint_to(stream.addr(), wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _fwprintf_s_l(stream: GuestPtr<u8>, format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wprint_to(stream.addr(), wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn vwprintf_s(format: WStrPtr, args: VaList) -> i32 {
    wprint_to(iob_entry(1), wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _vwprintf_s_l(format: WStrPtr, locale: u64, args: VaList) -> i32 {
    wprint_to(iob_entry(1), wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn vfwprintf_s(stream: GuestPtr<u8>, format: WStrPtr, args: VaList) -> i32 {
    wprint_to(stream.addr(), wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _vfwprintf_s_l(stream: GuestPtr<u8>, format: WStrPtr, locale: u64, args: VaList) -> i32 {
    wprint_to(stream.addr(), wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _swprintf_s_l(
    buffer: GuestPtr<u16>,
    sizeOfBuffer: usize,
    format: WStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    store_secure(buffer, sizeOfBuffer, wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _vswprintf_s_l(
    buffer: GuestPtr<u16>,
    sizeOfBuffer: usize,
    format: WStrPtr,
    locale: u64,
    args: VaList,
) -> i32 {
    store_secure(buffer, sizeOfBuffer, wide(checked(MSVCRT), format, args))
}

#[dllexport]
pub fn _snwprintf_s_l(
    buffer: GuestPtr<u16>,
    sizeOfBuffer: usize,
    count: usize,
    format: WStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    let out = wide(checked(MSVCRT), format, args);
    store_secure_n(buffer, sizeOfBuffer, count, out)
}

#[dllexport]
pub fn _vsnwprintf_s_l(
    buffer: GuestPtr<u16>,
    sizeOfBuffer: usize,
    count: usize,
    format: WStrPtr,
    locale: u64,
    args: VaList,
) -> i32 {
    let out = wide(checked(MSVCRT), format, args);
    store_secure_n(buffer, sizeOfBuffer, count, out)
}

#[dllexport]
pub fn _vswprintf(buffer: GuestPtr<u16>, format: WStrPtr, args: VaList) -> i32 {
    store_all(buffer, wide(MSVCRT, format, args))
}
