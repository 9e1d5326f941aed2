//! The UCRT's floating-point primitives (<ymath.h>, documented by Microsoft as "Floating-point
//! primitives" in math.h): classification, sign, ordering, scaling, and a few helpers its own
//! headers once called. Long double is double on x64, so the `_ld` forms are the `_d` ones.
//!
//! `_d_int` and `_dnorm` are not provided: Microsoft's description does not pin down what they
//! return for the values they change.

use crate::abi::GuestPtr;
use crate::dllexport;

/// math.h's FP_* classes as the UCRT numbers them.
const FP_INFINITE: i16 = 1;
const FP_NAN: i16 = 2;
const FP_NORMAL: i16 = -1;
const FP_SUBNORMAL: i16 = -2;
const FP_ZERO: i16 = 0;

/// `_dpcomp` ordering bits.
const FP_LT: i32 = 1;
const FP_EQ: i32 = 2;
const FP_GT: i32 = 4;

fn class(x: f64) -> i16 {
    use std::num::FpCategory::*;
    match x.classify() {
        Nan => FP_NAN,
        Infinite => FP_INFINITE,
        Zero => FP_ZERO,
        Subnormal => FP_SUBNORMAL,
        Normal => FP_NORMAL,
    }
}

fn classf(x: f32) -> i16 {
    use std::num::FpCategory::*;
    match x.classify() {
        Nan => FP_NAN,
        Infinite => FP_INFINITE,
        Zero => FP_ZERO,
        Subnormal => FP_SUBNORMAL,
        Normal => FP_NORMAL,
    }
}

fn order(less: bool, equal: bool, greater: bool) -> i32 {
    (less as i32 * FP_LT) | (equal as i32 * FP_EQ) | (greater as i32 * FP_GT)
}

#[dllexport]
pub fn _dclass(x: f64) -> i16 {
    class(x)
}

#[dllexport]
pub fn _fdclass(x: f32) -> i16 {
    classf(x)
}

/// Nonzero when the sign bit is set: the sign bit's place in the top 16 bits (0x8000).
#[dllexport]
pub fn _dsign(x: f64) -> i32 {
    ((x.to_bits() >> 48) & 0x8000) as i32
}

#[dllexport]
pub fn _fdsign(x: f32) -> i32 {
    ((x.to_bits() >> 16) & 0x8000) as i32
}

#[dllexport]
pub fn _dtest(px: GuestPtr<f64>) -> i16 {
    class(px.read().unwrap_or(f64::NAN))
}

#[dllexport]
pub fn _fdtest(px: GuestPtr<f32>) -> i16 {
    classf(px.read().unwrap_or(f32::NAN))
}

/// `_dpcomp(x, y)`: `_FP_LT`, `_FP_EQ` or `_FP_GT`; 0 when unordered (a NaN).
#[dllexport]
pub fn _dpcomp(x: f64, y: f64) -> i32 {
    order(x < y, x == y, x > y)
}

#[dllexport]
pub fn _fdpcomp(x: f32, y: f32) -> i32 {
    order(x < y, x == y, x > y)
}

/// `_dscale(&x, exp)`: x * 2^exp in place; the class of the result (of x for NaN and infinity,
/// which stay as they are).
#[dllexport]
pub fn _dscale(px: GuestPtr<f64>, exp: i32) -> i16 {
    let Some(x) = px.read() else {
        return FP_NAN;
    };
    if !x.is_finite() {
        return class(x);
    }
    let scaled = crate::abi::host::libm::ldexp(x, exp);
    px.write(scaled);
    class(scaled)
}

#[dllexport]
pub fn _fdscale(px: GuestPtr<f32>, exp: i32) -> i16 {
    let Some(x) = px.read() else {
        return FP_NAN;
    };
    if !x.is_finite() {
        return classf(x);
    }
    let scaled = crate::abi::host::libm::ldexpf(x, exp);
    px.write(scaled);
    classf(scaled)
}

/// `_dexp(&x, y, exp)`: x = y * 2^exp; the class of the result (of y for NaN and infinity).
#[dllexport]
pub fn _dexp(px: GuestPtr<f64>, y: f64, exp: i32) -> i16 {
    px.write(y);
    _dscale(px, exp)
}

#[dllexport]
pub fn _fdexp(px: GuestPtr<f32>, y: f32, exp: i32) -> i16 {
    px.write(y);
    _fdscale(px, exp)
}

/// `_dunscale(&exp, &x)`: splits x into a significand in [0.5, 1), left in x, and a power of
/// two, stored in exp (0 for zero, NaN and infinity); returns the class.
#[dllexport]
pub fn _dunscale(pexp: GuestPtr<i16>, px: GuestPtr<f64>) -> i16 {
    let Some(x) = px.read() else {
        return FP_NAN;
    };
    if !x.is_finite() || x == 0.0 {
        pexp.write(0);
        return class(x);
    }
    let (mantissa, exp) = crate::abi::host::libm::frexp(x);
    pexp.write(exp as i16);
    px.write(mantissa);
    class(mantissa)
}

#[dllexport]
pub fn _fdunscale(pexp: GuestPtr<i16>, px: GuestPtr<f32>) -> i16 {
    let Some(x) = px.read() else {
        return FP_NAN;
    };
    if !x.is_finite() || x == 0.0 {
        pexp.write(0);
        return classf(x);
    }
    let (mantissa, exp) = crate::abi::host::libm::frexp(x as f64);
    pexp.write(exp as i16);
    px.write(mantissa as f32);
    classf(mantissa as f32)
}

/// `_dlog(x, base_flag)`: ln x, or log10 x when `base_flag` is nonzero.
#[dllexport]
pub fn _dlog(x: f64, base_flag: i32) -> f64 {
    if base_flag != 0 { x.log10() } else { x.ln() }
}

#[dllexport]
pub fn _fdlog(x: f32, base_flag: i32) -> f32 {
    if base_flag != 0 { x.log10() } else { x.ln() }
}

/// `_dsin(x, quadrant)`: sin, cos, -sin or -cos of x for quadrant 0, 1, 2, 3 (modulo 4).
#[dllexport]
pub fn _dsin(x: f64, quadrant: u32) -> f64 {
    match quadrant % 4 {
        0 => x.sin(),
        1 => x.cos(),
        2 => -x.sin(),
        _ => -x.cos(),
    }
}

#[dllexport]
pub fn _fdsin(x: f32, quadrant: u32) -> f32 {
    _dsin(x as f64, quadrant) as f32
}

/// `_dpoly(x, table, n)`: `table[n]·xⁿ + … + table[1]·x + table[0]`, by Horner's rule.
#[dllexport]
pub fn _dpoly(x: f64, table: GuestPtr<f64>, n: i32) -> f64 {
    horner(x, table, n)
}

#[dllexport]
pub fn _fdpoly(x: f32, table: GuestPtr<f32>, n: i32) -> f32 {
    horner(x, table, n)
}

/// Horner's rule over `table[n]` down to `table[0]`, reading one coefficient at a time: a wild
/// `n` reads (and faults) like the guest's own loop would, instead of making winrun allocate
/// its size first.
fn horner<T>(x: T, table: GuestPtr<T>, n: i32) -> T
where
    T: Copy + Default + std::ops::Mul<Output = T> + std::ops::Add<Output = T>,
{
    (0..=n).rev().fold(T::default(), |acc, i| {
        acc * x + table.offset(i as usize).read().unwrap_or_default()
    })
}
