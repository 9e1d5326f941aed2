//! stdlib.h and inttypes.h: the number conversions beyond strtol and strtod — the `_l` forms (every
//! locale winrun has reads numbers as the "C" locale, see locale.rs), `_atodbl` and `_atoflt`,
//! `_ecvt`, `_fcvt` and (the UCRT's) `_gcvt` — and the bit helpers `_byteswap_*`, `_rotl`/`_rotr`, `_swab`, `rand_s`.

use super::errno::{EINVAL, ERANGE, errno, set_errno};
use super::stdlib::{self, UCRT_PROCESS, invalid_parameter};
use crate::abi::{CStrPtr, GuestPtr, host, mem};
use crate::dllexport;
use std::sync::atomic::Ordering;

#[dllexport]
pub fn _strtoll_l(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> i64 {
    stdlib::strtoll(string, end_ptr, base)
}

#[dllexport]
pub fn _strtoull_l(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> u64 {
    stdlib::strtoull(string, end_ptr, base)
}

/// `intmax_t` is 64 bits on Windows.
#[dllexport]
pub fn _strtoimax_l(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> i64 {
    stdlib::strtoll(string, end_ptr, base)
}

#[dllexport]
pub fn _strtoumax_l(string: CStrPtr, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> u64 {
    stdlib::strtoull(string, end_ptr, base)
}

#[dllexport]
pub fn _strtof_l(strSource: CStrPtr, endptr: GuestPtr<u64>, locale: u64) -> f32 {
    stdlib::strtof(strSource, endptr)
}

/// Long double is double on x64.
#[dllexport]
pub fn _strtold_l(strSource: CStrPtr, endptr: GuestPtr<u64>, locale: u64) -> f64 {
    stdlib::strtod(strSource, endptr)
}

#[dllexport]
pub fn _wcstol_l(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> i32 {
    stdlib::wcstol(string, end_ptr, base)
}

#[dllexport]
pub fn _wcstoul_l(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> u32 {
    stdlib::wcstoul(string, end_ptr, base)
}

#[dllexport]
pub fn _wcstoll_l(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> i64 {
    stdlib::wcstoll(string, end_ptr, base)
}

#[dllexport]
pub fn _wcstoull_l(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> u64 {
    stdlib::wcstoull(string, end_ptr, base)
}

#[dllexport]
pub fn _wcstoi64_l(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> i64 {
    stdlib::_wcstoi64(string, end_ptr, base)
}

#[dllexport]
pub fn _wcstoui64_l(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> u64 {
    stdlib::_wcstoui64(string, end_ptr, base)
}

#[dllexport]
pub fn _wcstoimax_l(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> i64 {
    stdlib::wcstoll(string, end_ptr, base)
}

#[dllexport]
pub fn _wcstoumax_l(string: GuestPtr<u16>, end_ptr: GuestPtr<u64>, base: i32, locale: u64) -> u64 {
    stdlib::wcstoull(string, end_ptr, base)
}

#[dllexport]
pub fn _wcstod_l(strSource: GuestPtr<u16>, endptr: GuestPtr<u64>, locale: u64) -> f64 {
    stdlib::wcstod(strSource, endptr)
}

#[dllexport]
pub fn _wcstof_l(strSource: GuestPtr<u16>, endptr: GuestPtr<u64>, locale: u64) -> f32 {
    stdlib::wcstof(strSource, endptr)
}

#[dllexport]
pub fn _wcstold_l(strSource: GuestPtr<u16>, endptr: GuestPtr<u64>, locale: u64) -> f64 {
    stdlib::wcstod(strSource, endptr)
}

#[dllexport]
pub fn _atoi_l(str: CStrPtr, locale: u64) -> i32 {
    stdlib::atoi(str)
}

#[dllexport]
pub fn _atol_l(str: CStrPtr, locale: u64) -> i32 {
    stdlib::atol(str)
}

#[dllexport]
pub fn _atoi64_l(str: CStrPtr, locale: u64) -> i64 {
    stdlib::_atoi64(str)
}

#[dllexport]
pub fn _wtoi_l(str: GuestPtr<u16>, locale: u64) -> i32 {
    stdlib::_wtoi(str)
}

#[dllexport]
pub fn _wtol_l(str: GuestPtr<u16>, locale: u64) -> i32 {
    stdlib::_wtol(str)
}

#[dllexport]
pub fn _wtoi64_l(str: GuestPtr<u16>, locale: u64) -> i64 {
    stdlib::_wtoi64(str)
}

#[dllexport]
pub fn _wtof_l(str: GuestPtr<u16>, locale: u64) -> f64 {
    stdlib::_wtof(str)
}

/// `_atodbl` and friends report a range error in their result rather than in errno.
const OVERFLOW: i32 = 3;
const UNDERFLOW: i32 = 4;

/// Runs a strtod-style conversion with errno kept as it was; returns the value and the
/// `_OVERFLOW`/`_UNDERFLOW`/0 code.
fn convert_reporting_range<T: Copy>(
    convert: impl FnOnce() -> T,
    is_infinite: fn(T) -> bool,
) -> (T, i32) {
    let saved = errno();
    set_errno(0);
    let value = convert();
    let code = match errno() {
        ERANGE if is_infinite(value) => OVERFLOW,
        ERANGE => UNDERFLOW,
        _ => 0,
    };
    set_errno(saved);
    (value, code)
}

/// `_atodbl(&value, str)`: strtod into a `_CRT_DOUBLE`; 0, `_OVERFLOW` or `_UNDERFLOW`.
#[dllexport]
pub fn _atodbl(value: GuestPtr<f64>, str: CStrPtr) -> i32 {
    let (v, code) =
        convert_reporting_range(|| stdlib::strtod(str, GuestPtr::NULL), f64::is_infinite);
    value.write(v);
    code
}

#[dllexport]
pub fn _atodbl_l(value: GuestPtr<f64>, str: CStrPtr, locale: u64) -> i32 {
    _atodbl(value, str)
}

/// `_atoflt(&value, str)`: as `_atodbl` for a `_CRT_FLOAT`.
#[dllexport]
pub fn _atoflt(value: GuestPtr<f32>, str: CStrPtr) -> i32 {
    let (v, code) =
        convert_reporting_range(|| stdlib::strtof(str, GuestPtr::NULL), f32::is_infinite);
    value.write(v);
    code
}

#[dllexport]
pub fn _atoflt_l(value: GuestPtr<f32>, str: CStrPtr, locale: u64) -> i32 {
    _atoflt(value, str)
}

/// `_atoldbl(&value, str)`: the number as a 10-byte x87 extended `_LDOUBLE` (the precision the
/// x86 runtime had; the x64 one keeps the type), with `_atodbl`'s results.
#[dllexport]
pub fn _atoldbl(value: GuestPtr<[u8; 10]>, str: CStrPtr) -> i32 {
    let text = str.bytes().unwrap_or_default();
    let extended = host::parse_extended(&text).unwrap_or([0; 10]);
    value.write(extended);
    let exponent = u16::from_le_bytes([extended[8], extended[9]]) & 0x7FFF;
    let number = text
        .trim_ascii_start()
        .strip_prefix(b"-")
        .or_else(|| text.trim_ascii_start().strip_prefix(b"+"))
        .unwrap_or(text.trim_ascii_start());
    let spelled_special = number
        .first()
        .is_some_and(|c| matches!(c | 0x20, b'i' | b'n'));
    let nonzero_digits = number
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b'.')
        .any(|c| (b'1'..=b'9').contains(c));
    if exponent == 0x7FFF && !spelled_special {
        OVERFLOW
    } else if exponent == 0 && nonzero_digits {
        // Zero or subnormal from digits that were not all zero.
        UNDERFLOW
    } else {
        0
    }
}

#[dllexport]
pub fn _atoldbl_l(value: GuestPtr<[u8; 10]>, str: CStrPtr, locale: u64) -> i32 {
    _atoldbl(value, str)
}

/// `_CVTBUFSIZE`: the digits `_ecvt`/`_fcvt` can return, with the terminator.
const CVT_BUFFER_SIZE: usize = 349;

std::thread_local! {
    /// The per-thread buffer `_ecvt` and `_fcvt` return, as in the CRT.
    static CVT_BUFFER: u64 = mem::alloc_zeroed(CVT_BUFFER_SIZE, 8);
}

/// `_ecvt`'s digits: `count` significant digits (none for a count below 1), and the position of
/// the decimal point.
fn ecvt_digits(value: f64, count: i32) -> (Vec<u8>, i32) {
    let count = count.clamp(0, CVT_BUFFER_SIZE as i32 - 1);
    let msvcrt = !UCRT_PROCESS.load(Ordering::Relaxed);
    let (mut digits, decpt) = super::printf::rounded_digits(value, msvcrt, |_| count as i64);
    digits.resize(count as usize, b'0');
    (digits, if value == 0.0 { 0 } else { decpt })
}

/// `_fcvt`'s digits: everything down to `count` places after the decimal point.
fn fcvt_digits(value: f64, count: i32) -> (Vec<u8>, i32) {
    let count = count.min(CVT_BUFFER_SIZE as i32 - 1);
    let msvcrt = !UCRT_PROCESS.load(Ordering::Relaxed);
    let (mut digits, decpt) =
        super::printf::rounded_digits(value, msvcrt, |decpt| decpt as i64 + count as i64);
    let decpt = if value == 0.0 { 0 } else { decpt };
    let len = (decpt as i64 + count as i64).clamp(0, CVT_BUFFER_SIZE as i64 - 1);
    digits.resize(len as usize, b'0');
    (digits, decpt)
}

fn cvt_static(
    value: f64,
    decptr: GuestPtr<i32>,
    signptr: GuestPtr<i32>,
    digits: (Vec<u8>, i32),
) -> GuestPtr<u8> {
    let buffer = GuestPtr::<u8>::new(CVT_BUFFER.with(|b| *b));
    let (mut text, decpt) = digits;
    text.push(0);
    buffer.write_slice(&text);
    decptr.write(decpt);
    signptr.write(value.is_sign_negative() as i32);
    buffer
}

/// `_ecvt(value, count, &dec, &sign)`: `count` significant digits in a per-thread buffer, the
/// decimal point's position in `dec` and whether the value is negative in `sign`.
#[dllexport]
pub fn _ecvt(value: f64, count: i32, dec: GuestPtr<i32>, sign: GuestPtr<i32>) -> GuestPtr<u8> {
    cvt_static(value, dec, sign, ecvt_digits(value, count))
}

/// `_fcvt(value, count, &dec, &sign)`: as `_ecvt`, with `count` digits after the decimal point.
#[dllexport]
pub fn _fcvt(value: f64, count: i32, dec: GuestPtr<i32>, sign: GuestPtr<i32>) -> GuestPtr<u8> {
    cvt_static(value, dec, sign, fcvt_digits(value, count))
}

/// The secure forms: EINVAL for a missing buffer or out-parameter; ERANGE, with the buffer left
/// holding "", when it has less room than the digits asked for plus two (a carry and the
/// terminator), as the UCRT's own check is written.
fn cvt_s(
    buffer: GuestPtr<u8>,
    size: usize,
    value: f64,
    dec: GuestPtr<i32>,
    sign: GuestPtr<i32>,
    digits: impl FnOnce() -> (Vec<u8>, i32),
) -> i32 {
    if buffer.is_null() || size == 0 {
        return invalid_parameter(EINVAL);
    }
    buffer.write(0);
    if dec.is_null() || sign.is_null() {
        return invalid_parameter(EINVAL);
    }
    let (mut text, decpt) = digits();
    if text.len() + 2 > size {
        return invalid_parameter(ERANGE);
    }
    text.push(0);
    buffer.write_slice(&text);
    dec.write(decpt);
    sign.write(value.is_sign_negative() as i32);
    0
}

#[dllexport]
pub fn _ecvt_s(
    buffer: GuestPtr<u8>,
    sizeInBytes: usize,
    value: f64,
    count: i32,
    dec: GuestPtr<i32>,
    sign: GuestPtr<i32>,
) -> i32 {
    cvt_s(buffer, sizeInBytes, value, dec, sign, || {
        ecvt_digits(value, count)
    })
}

#[dllexport]
pub fn _fcvt_s(
    buffer: GuestPtr<u8>,
    sizeInBytes: usize,
    value: f64,
    count: i32,
    dec: GuestPtr<i32>,
    sign: GuestPtr<i32>,
) -> i32 {
    cvt_s(buffer, sizeInBytes, value, dec, sign, || {
        fcvt_digits(value, count)
    })
}

/// `_gcvt`'s text in the UCRT: `precision` significant digits in F format when the decimal
/// exponent is from -1 to `precision - 1` (taken after rounding to `precision` places after the
/// point), in E format with three exponent digits otherwise; then the zeros that end the
/// fraction are dropped, the point kept ("1.e+010", "0.5", "120.").
fn gcvt_text(value: f64, precision: i32) -> Vec<u8> {
    let mut text = Vec::new();
    if value.is_sign_negative() {
        text.push(b'-');
    }
    if value.is_infinite() {
        text.extend_from_slice(b"inf");
        return text;
    }
    if value.is_nan() {
        let mantissa = value.to_bits() & ((1 << 52) - 1);
        text.extend_from_slice(match mantissa {
            _ if mantissa & (1 << 51) == 0 => b"nan(snan)".as_slice(),
            // The "indefinite" NaN 0.0/0.0 gives on x86.
            m if m == 1 << 51 && value.is_sign_negative() => b"nan(ind)",
            _ => b"nan",
        });
        return text;
    }
    let digit = |digits: &[u8], k: i64| {
        usize::try_from(k)
            .ok()
            .and_then(|k| digits.get(k))
            .copied()
            .unwrap_or(b'0')
    };
    let (_, decpt) =
        super::printf::rounded_digits(value, false, |decpt| decpt as i64 + precision as i64);
    let magnitude = decpt - 1;
    if magnitude < -1 || magnitude > precision - 1 {
        // A negative precision asks printf's E format for its default of six.
        let fraction = if precision > 0 { precision - 1 } else { 6 } as i64;
        let (digits, decpt) = super::printf::rounded_digits(value, false, |_| fraction + 1);
        let exponent = if digits.is_empty() { 0 } else { decpt - 1 };
        text.push(digit(&digits, 0));
        text.push(b'.');
        text.extend((1..=fraction).map(|k| digit(&digits, k)));
        strip_fraction_zeros(&mut text);
        text.extend(
            format!(
                "e{}{:03}",
                if exponent < 0 { '-' } else { '+' },
                exponent.abs()
            )
            .bytes(),
        );
    } else {
        let fraction = (precision - decpt) as i64;
        let (digits, decpt) =
            super::printf::rounded_digits(value, false, |decpt| decpt as i64 + fraction);
        let decpt = if digits.is_empty() { 0 } else { decpt as i64 };
        if decpt <= 0 {
            text.push(b'0');
        } else {
            text.extend((0..decpt).map(|k| digit(&digits, k)));
        }
        if fraction > 0 {
            text.push(b'.');
            text.extend((0..fraction).map(|k| digit(&digits, decpt + k)));
            strip_fraction_zeros(&mut text);
        }
    }
    text
}

/// Drops the zeros that end a fraction (the text ends after its fraction digits).
fn strip_fraction_zeros(text: &mut Vec<u8>) {
    while text.last() == Some(&b'0') && text.contains(&b'.') {
        text.pop();
    }
}

/// `_gcvt_s(buffer, size, value, digits)`: EINVAL for a missing buffer, ERANGE (buffer "") when
/// `digits` is not below `size` or the text does not fit.
#[dllexport]
pub fn _gcvt_s(buffer: GuestPtr<u8>, sizeInBytes: usize, value: f64, digits: i32) -> i32 {
    if buffer.is_null() || sizeInBytes == 0 {
        return invalid_parameter(EINVAL);
    }
    buffer.write(0);
    if digits as usize >= sizeInBytes {
        return invalid_parameter(ERANGE);
    }
    let mut text = gcvt_text(value, digits);
    if text.len() >= sizeInBytes {
        return invalid_parameter(ERANGE);
    }
    text.push(0);
    buffer.write_slice(&text);
    0
}

/// `_gcvt(value, digits, buffer)`: `_gcvt_s` into a buffer the caller vouches is large enough.
#[dllexport]
pub fn _gcvt(value: f64, digits: i32, buffer: GuestPtr<u8>) -> GuestPtr<u8> {
    if _gcvt_s(buffer, usize::MAX, value, digits) != 0 {
        return GuestPtr::NULL;
    }
    buffer
}

#[dllexport]
pub fn _byteswap_ushort(val: u16) -> u16 {
    val.swap_bytes()
}

#[dllexport]
pub fn _byteswap_ulong(val: u32) -> u32 {
    val.swap_bytes()
}

#[dllexport]
pub fn _byteswap_uint64(val: u64) -> u64 {
    val.swap_bytes()
}

/// `_rotl(value, shift)`: the shift counts modulo the width, as the instruction does.
#[dllexport]
pub fn _rotl(value: u32, shift: i32) -> u32 {
    value.rotate_left(shift as u32 % 32)
}

#[dllexport]
pub fn _rotr(value: u32, shift: i32) -> u32 {
    value.rotate_right(shift as u32 % 32)
}

#[dllexport]
pub fn _rotl64(value: u64, shift: i32) -> u64 {
    value.rotate_left(shift as u32 % 64)
}

#[dllexport]
pub fn _rotr64(value: u64, shift: i32) -> u64 {
    value.rotate_right(shift as u32 % 64)
}

/// `_lrotl`: `unsigned long` is 32 bits on Windows.
#[dllexport]
pub fn _lrotl(value: u32, shift: i32) -> u32 {
    _rotl(value, shift)
}

#[dllexport]
pub fn _lrotr(value: u32, shift: i32) -> u32 {
    _rotr(value, shift)
}

/// `_swab(src, dest, n)`: copies `n` bytes swapping each pair; an odd last byte is not copied.
#[dllexport]
pub fn _swab(src: GuestPtr<u8>, dest: GuestPtr<u8>, n: i32) {
    if n < 0 || ((src.is_null() || dest.is_null()) && n > 0) {
        invalid_parameter(EINVAL);
        return;
    }
    let mut bytes = src.read_slice(n as usize & !1);
    for pair in bytes.chunks_exact_mut(2) {
        pair.swap(0, 1);
    }
    dest.write_slice(&bytes);
}

/// `rand_s(&value)`: a random unsigned int from the system's CSPRNG.
#[dllexport]
pub fn rand_s(randomValue: GuestPtr<u32>) -> i32 {
    if randomValue.is_null() {
        return invalid_parameter(EINVAL);
    }
    match host::fill_random(randomValue.addr(), 4) {
        Ok(()) => 0,
        Err(_) => invalid_parameter(EINVAL),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcvt_switches_format_at_the_documented_exponents() {
        let text = |v: f64, p: i32| String::from_utf8(gcvt_text(v, p)).unwrap();
        assert_eq!(text(-1234567890.123, 12), "-1234567890.12");
        assert_eq!(text(-1234567890123.0, 12), "-1.23456789012e+012");
        assert_eq!(text(-0.1234567890123, 12), "-0.123456789012");
        assert_eq!(text(-0.01234567890123, 12), "-1.23456789012e-002");
        assert_eq!(text(120.0, 4), "120.");
        assert_eq!(text(1e10, 3), "1.e+010");
    }

    #[test]
    fn fcvt_keeps_the_point_of_a_value_rounded_away() {
        assert_eq!(fcvt_digits(0.0001, 1), (Vec::new(), -3));
        assert_eq!(fcvt_digits(0.00636, 2), (b"1".to_vec(), -1));
        assert_eq!(ecvt_digits(999999999999.9, 3), (b"100".to_vec(), 13));
    }
}
