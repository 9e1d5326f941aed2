//! math.h through the host's libm (Rust's `f64` methods call it; `abi::host::libm` has the rest).
//! As the CRT does, a domain error (a NaN from numbers) sets errno to EDOM and a range error (an
//! infinity from finite numbers) to ERANGE.

use super::errno::{EDOM, ERANGE, set_errno};
use crate::abi::GuestPtr;
use crate::abi::host::libm;
use crate::dllexport;

/// Sets errno for `result` computed from `args`.
fn check(result: f64, args: &[f64]) -> f64 {
    if result.is_nan() && !args.iter().any(|a| a.is_nan()) {
        set_errno(EDOM);
    } else if result.is_infinite() && args.iter().all(|a| a.is_finite()) {
        set_errno(ERANGE);
    }
    result
}

fn checkf(result: f32, args: &[f32]) -> f32 {
    if result.is_nan() && !args.iter().any(|a| a.is_nan()) {
        set_errno(EDOM);
    } else if result.is_infinite() && args.iter().all(|a| a.is_finite()) {
        set_errno(ERANGE);
    }
    result
}

macro_rules! unary {
    ($($name:ident, $fname:ident = $f:expr;)*) => {$(
        #[dllexport]
        pub fn $name(x: f64) -> f64 {
            check(($f)(x), &[x])
        }

        #[dllexport]
        pub fn $fname(x: f32) -> f32 {
            checkf(($f)(x as f64) as f32, &[x])
        }
    )*};
}

unary! {
    sin, sinf = f64::sin;
    cos, cosf = f64::cos;
    tan, tanf = f64::tan;
    asin, asinf = f64::asin;
    acos, acosf = f64::acos;
    atan, atanf = f64::atan;
    sinh, sinhf = f64::sinh;
    cosh, coshf = f64::cosh;
    tanh, tanhf = f64::tanh;
    asinh, asinhf = f64::asinh;
    acosh, acoshf = f64::acosh;
    atanh, atanhf = f64::atanh;
    exp, expf = f64::exp;
    exp2, exp2f = f64::exp2;
    expm1, expm1f = f64::exp_m1;
    log, logf = f64::ln;
    log10, log10f = f64::log10;
    log2, log2f = f64::log2;
    log1p, log1pf = f64::ln_1p;
    sqrt, sqrtf = f64::sqrt;
    cbrt, cbrtf = f64::cbrt;
    floor, floorf = f64::floor;
    ceil, ceilf = f64::ceil;
    trunc, truncf = f64::trunc;
    round, roundf = f64::round;
    fabs, fabsf = f64::abs;
    rint, rintf = libm::rint;
    nearbyint, nearbyintf = libm::rint;
    erf, erff = libm::erf;
    erfc, erfcf = libm::erfc;
    lgamma, lgammaf = libm::lgamma;
    tgamma, tgammaf = libm::tgamma;
    logb, logbf = libm::logb;
    _logb, _logbf = libm::logb;
}

macro_rules! binary {
    ($($name:ident, $fname:ident = $f:expr;)*) => {$(
        #[dllexport]
        pub fn $name(x: f64, y: f64) -> f64 {
            check(($f)(x, y), &[x, y])
        }

        #[dllexport]
        pub fn $fname(x: f32, y: f32) -> f32 {
            checkf(($f)(x as f64, y as f64) as f32, &[x, y])
        }
    )*};
}

binary! {
    atan2, atan2f = f64::atan2;
    pow, powf = f64::powf;
    fmod, fmodf = |x: f64, y: f64| x % y;
    hypot, hypotf = f64::hypot;
    _hypot, _hypotf = f64::hypot;
    fmin, fminf = f64::min;
    fmax, fmaxf = f64::max;
    fdim, fdimf = libm::fdim;
    remainder, remainderf = libm::remainder;
    copysign, copysignf = f64::copysign;
    _copysign, _copysignf = f64::copysign;
    nextafter, nextafterf = libm::nextafter;
    _nextafter, _nextafterf = libm::nextafter;
}

#[dllexport]
pub fn ldexp(x: f64, exp: i32) -> f64 {
    check(libm::ldexp(x, exp), &[x])
}

#[dllexport]
pub fn ldexpf(x: f32, exp: i32) -> f32 {
    checkf(libm::ldexpf(x, exp), &[x])
}

#[dllexport]
pub fn scalbn(x: f64, exp: i32) -> f64 {
    check(libm::ldexp(x, exp), &[x])
}

/// `_scalb(x, exp)` takes a long exponent.
#[dllexport]
pub fn _scalb(x: f64, exp: i32) -> f64 {
    check(libm::ldexp(x, exp), &[x])
}

#[dllexport]
pub fn frexp(x: f64, expptr: GuestPtr<i32>) -> f64 {
    let (m, e) = libm::frexp(x);
    expptr.write(e);
    m
}

#[dllexport]
pub fn modf(x: f64, intptr: GuestPtr<f64>) -> f64 {
    let int = x.trunc();
    intptr.write(int);
    if x.is_infinite() {
        0.0f64.copysign(x)
    } else {
        x - int
    }
}

#[dllexport]
pub fn modff(x: f32, intptr: GuestPtr<f32>) -> f32 {
    let int = x.trunc();
    intptr.write(int);
    if x.is_infinite() {
        0.0f32.copysign(x)
    } else {
        x - int
    }
}

#[dllexport]
pub fn ilogb(x: f64) -> i32 {
    if x == 0.0 || x.is_nan() {
        i32::MIN
    } else if x.is_infinite() {
        i32::MAX
    } else {
        libm::logb(x) as i32
    }
}

/// The integer result of lround and friends; a NaN or a value out of the type's range is a
/// domain error and gives the type's minimum.
fn to_integer(x: f64, bits: u32) -> i64 {
    let (min, max) = if bits == 32 {
        (i32::MIN as f64, i32::MAX as f64)
    } else {
        (i64::MIN as f64, i64::MAX as f64)
    };
    if x.is_nan() || x < min || x > max {
        set_errno(EDOM);
        return if bits == 32 {
            i32::MIN as i64
        } else {
            i64::MIN
        };
    }
    x as i64
}

#[dllexport]
pub fn lround(x: f64) -> i32 {
    to_integer(x.round(), 32) as i32
}

#[dllexport]
pub fn llround(x: f64) -> i64 {
    to_integer(x.round(), 64)
}

#[dllexport]
pub fn lrint(x: f64) -> i32 {
    to_integer(libm::rint(x), 32) as i32
}

#[dllexport]
pub fn llrint(x: f64) -> i64 {
    to_integer(libm::rint(x), 64)
}

#[dllexport]
pub fn _j0(x: f64) -> f64 {
    libm::j0(x)
}

#[dllexport]
pub fn _j1(x: f64) -> f64 {
    libm::j1(x)
}

#[dllexport]
pub fn _jn(n: i32, x: f64) -> f64 {
    libm::jn(n, x)
}

#[dllexport]
pub fn _y0(x: f64) -> f64 {
    check(libm::y0(x), &[x])
}

#[dllexport]
pub fn _y1(x: f64) -> f64 {
    check(libm::y1(x), &[x])
}

#[dllexport]
pub fn _yn(n: i32, x: f64) -> f64 {
    check(libm::yn(n, x), &[x])
}

#[dllexport]
pub fn _isnan(x: f64) -> i32 {
    x.is_nan() as i32
}

#[dllexport]
pub fn _finite(x: f64) -> i32 {
    x.is_finite() as i32
}

#[dllexport]
pub fn _chgsign(x: f64) -> f64 {
    -x
}

/// `_fpclass`: one of the _FPCLASS_* bits.
#[dllexport]
pub fn _fpclass(x: f64) -> i32 {
    use std::num::FpCategory::*;
    let negative = x.is_sign_negative();
    match x.classify() {
        Nan if x.to_bits() & (1 << 51) != 0 => 0x0002, // _FPCLASS_QNAN
        Nan => 0x0001,                                 // _FPCLASS_SNAN
        Infinite if negative => 0x0004,                // _FPCLASS_NINF
        Infinite => 0x0200,                            // _FPCLASS_PINF
        Normal if negative => 0x0008,                  // _FPCLASS_NN
        Normal => 0x0100,                              // _FPCLASS_PN
        Subnormal if negative => 0x0010,               // _FPCLASS_ND
        Subnormal => 0x0080,                           // _FPCLASS_PD
        Zero if negative => 0x0020,                    // _FPCLASS_NZ
        Zero => 0x0040,                                // _FPCLASS_PZ
    }
}

// C99 additions and the float forms of the functions above.

/// `fma(x, y, z)`: x * y + z rounded once.
#[dllexport]
pub fn fma(x: f64, y: f64, z: f64) -> f64 {
    check(x.mul_add(y, z), &[x, y, z])
}

#[dllexport]
pub fn fmaf(x: f32, y: f32, z: f32) -> f32 {
    checkf(x.mul_add(y, z), &[x, y, z])
}

/// `nan(tag)`: the default quiet NaN (positive, payload zero) for every tag.
#[dllexport]
pub fn nan(tagp: crate::abi::CStrPtr) -> f64 {
    f64::from_bits(0x7FF8_0000_0000_0000)
}

#[dllexport]
pub fn nanf(tagp: crate::abi::CStrPtr) -> f32 {
    f32::from_bits(0x7FC0_0000)
}

/// `remquo(x, y, &quo)`: the IEEE remainder, and in `quo` the low bits (at least three) of the
/// integral quotient with its sign.
#[dllexport]
pub fn remquo(x: f64, y: f64, quo: GuestPtr<i32>) -> f64 {
    let (r, q) = libm::remquo(x, y);
    quo.write(q);
    check(r, &[x, y])
}

#[dllexport]
pub fn remquof(x: f32, y: f32, quo: GuestPtr<i32>) -> f32 {
    let (r, q) = libm::remquo(x as f64, y as f64);
    quo.write(q);
    checkf(r as f32, &[x, y])
}

#[dllexport]
pub fn scalbnf(x: f32, exp: i32) -> f32 {
    checkf(libm::ldexpf(x, exp), &[x])
}

/// `scalbln(x, exp)`: `exp` is a `long`, 32 bits on Windows.
#[dllexport]
pub fn scalbln(x: f64, exp: i32) -> f64 {
    check(libm::ldexp(x, exp), &[x])
}

#[dllexport]
pub fn scalblnf(x: f32, exp: i32) -> f32 {
    checkf(libm::ldexpf(x, exp), &[x])
}

/// `_scalbf(x, exp)`: the float `_scalb`.
#[dllexport]
pub fn _scalbf(x: f32, exp: i32) -> f32 {
    checkf(libm::ldexpf(x, exp), &[x])
}

/// `nexttowardf(x, y)`: the float after `x` in the direction of the double (on Windows, long
/// double) `y`; `y` itself, narrowed, when they are equal.
#[dllexport]
pub fn nexttowardf(x: f32, y: f64) -> f32 {
    if x.is_nan() || y.is_nan() {
        return x + y as f32;
    }
    if x as f64 == y {
        return y as f32;
    }
    let toward = if y > x as f64 {
        f32::INFINITY
    } else {
        f32::NEG_INFINITY
    };
    checkf(libm::nextafterf(x, toward), &[x])
}

#[dllexport]
pub fn ilogbf(x: f32) -> i32 {
    ilogb(x as f64)
}

#[dllexport]
pub fn lroundf(x: f32) -> i32 {
    lround(x as f64)
}

#[dllexport]
pub fn llroundf(x: f32) -> i64 {
    llround(x as f64)
}

#[dllexport]
pub fn lrintf(x: f32) -> i32 {
    lrint(x as f64)
}

#[dllexport]
pub fn llrintf(x: f32) -> i64 {
    llrint(x as f64)
}

#[dllexport]
pub fn _chgsignf(x: f32) -> f32 {
    -x
}

#[dllexport]
pub fn _isnanf(x: f32) -> i32 {
    x.is_nan() as i32
}

#[dllexport]
pub fn _finitef(x: f32) -> i32 {
    x.is_finite() as i32
}

/// `_fpclassf`: as `_fpclass`; widening keeps the class except for subnormal floats, which are
/// normal doubles.
#[dllexport]
pub fn _fpclassf(x: f32) -> i32 {
    match (x.is_subnormal(), x.is_sign_negative()) {
        (true, true) => 0x0010,  // _FPCLASS_ND
        (true, false) => 0x0080, // _FPCLASS_PD
        // A signalling NaN stays signalling when its quiet bit is carried over unchanged.
        _ if x.is_nan() && x.to_bits() & (1 << 22) == 0 => 0x0001,
        _ => _fpclass(x as f64),
    }
}

/// `_cabs(z)`: the magnitude of a `struct _complex`, which the caller passes by address (a
/// 16-byte structure).
#[dllexport]
pub fn _cabs(z: GuestPtr<[f64; 2]>) -> f64 {
    let [re, im] = z.read().unwrap_or([f64::NAN; 2]);
    check(re.hypot(im), &[re, im])
}

/// Whether the UCRT may take its FMA3 code paths; winrun's math is the host's either way, so the
/// flag is only remembered. Windows' default is enabled where the CPU has FMA3.
static FMA3_ENABLED: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

fn fma3_enabled() -> i32 {
    match FMA3_ENABLED.load(std::sync::atomic::Ordering::Relaxed) {
        -1 => std::arch::is_x86_feature_detected!("fma") as i32,
        flag => flag,
    }
}

#[dllexport]
pub fn _get_FMA3_enable() -> i32 {
    fma3_enabled()
}

/// `_set_FMA3_enable(flag)`: returns the setting in use after the change, which stays 0 on a CPU
/// without FMA3.
#[dllexport]
pub fn _set_FMA3_enable(flag: i32) -> i32 {
    let enable = flag != 0 && std::arch::is_x86_feature_detected!("fma");
    FMA3_ENABLED.store(enable as i32, std::sync::atomic::Ordering::Relaxed);
    enable as i32
}
