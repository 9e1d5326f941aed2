//! complex.h: the UCRT's complex functions on `_Dcomplex` and `_Fcomplex`, computed by the host
//! libm. Its `_Lcomplex` is `_Dcomplex` on x64, where long double is double, so the `l` exports
//! are the double functions under another name.
//!
//! The Win64 ABI passes a `_Dcomplex` (16 bytes) by the address of a copy and returns one through
//! a hidden pointer the caller passes first (and gets back in rax); a `_Fcomplex` (8 bytes)
//! travels in an integer register both ways, the real part in the low half.

use crate::abi::host::libm::{self, Complex32, Complex64};
use crate::abi::{Arg, GuestPtr, RelayArg, Ret};
use crate::dllexport;
use std::fmt::Write;

/// A `_Dcomplex` argument, read from the address the caller passes.
#[derive(Clone, Copy)]
pub struct Dcomplex(Complex64);

impl Arg for Dcomplex {
    type Raw = u64;
    #[inline]
    fn from_raw(raw: u64) -> Self {
        let [re, im] = GuestPtr::<[f64; 2]>::new(raw)
            .read()
            .unwrap_or([f64::NAN; 2]);
        Dcomplex(Complex64 { re, im })
    }
    fn from_slot(slot: u64) -> Self {
        Self::from_raw(slot)
    }
}

impl RelayArg for Dcomplex {
    fn relay(&self, out: &mut String) {
        let _ = write!(out, "({}, {})", self.0.re, self.0.im);
    }
}

/// Where a `_Dcomplex` result goes: the caller's hidden first argument.
type DcomplexOut = GuestPtr<[f64; 2]>;

fn put(result: DcomplexOut, z: Complex64) -> DcomplexOut {
    result.write([z.re, z.im]);
    result
}

/// A `_Fcomplex` argument or result, both parts in one 64-bit register.
#[derive(Clone, Copy)]
pub struct Fcomplex(Complex32);

impl Arg for Fcomplex {
    type Raw = u64;
    #[inline]
    fn from_raw(raw: u64) -> Self {
        Fcomplex(Complex32 {
            re: f32::from_bits(raw as u32),
            im: f32::from_bits((raw >> 32) as u32),
        })
    }
    fn from_slot(slot: u64) -> Self {
        Self::from_raw(slot)
    }
}

impl Ret for Fcomplex {
    type Raw = u64;
    #[inline]
    fn into_raw(self) -> u64 {
        (self.0.im.to_bits() as u64) << 32 | self.0.re.to_bits() as u64
    }
}

impl RelayArg for Fcomplex {
    fn relay(&self, out: &mut String) {
        let _ = write!(out, "({}, {})", self.0.re, self.0.im);
    }
}

macro_rules! complex_unary {
    ($($name:ident, $fname:ident;)*) => {$(
        #[dllexport]
        pub fn $name(result: DcomplexOut, z: Dcomplex) -> DcomplexOut {
            put(result, libm::$name(z.0))
        }

        #[dllexport]
        pub fn $fname(z: Fcomplex) -> Fcomplex {
            Fcomplex(libm::$fname(z.0))
        }
    )*};
}

complex_unary! {
    cacos, cacosf;
    cacosh, cacoshf;
    casin, casinf;
    casinh, casinhf;
    catan, catanf;
    catanh, catanhf;
    ccos, ccosf;
    ccosh, ccoshf;
    cexp, cexpf;
    clog, clogf;
    clog10, clog10f;
    cproj, cprojf;
    csin, csinf;
    csinh, csinhf;
    csqrt, csqrtf;
    ctan, ctanf;
    ctanh, ctanhf;
}

#[dllexport]
pub fn cpow(result: DcomplexOut, x: Dcomplex, y: Dcomplex) -> DcomplexOut {
    put(result, libm::cpow(x.0, y.0))
}

#[dllexport]
pub fn cpowf(x: Fcomplex, y: Fcomplex) -> Fcomplex {
    Fcomplex(libm::cpowf(x.0, y.0))
}

/// The modulus |z|.
#[dllexport]
pub fn cabs(z: Dcomplex) -> f64 {
    z.0.re.hypot(z.0.im)
}

#[dllexport]
pub fn cabsf(z: Fcomplex) -> f32 {
    z.0.re.hypot(z.0.im)
}

/// The argument (phase angle) in [-pi, pi].
#[dllexport]
pub fn carg(z: Dcomplex) -> f64 {
    z.0.im.atan2(z.0.re)
}

#[dllexport]
pub fn cargf(z: Fcomplex) -> f32 {
    z.0.im.atan2(z.0.re)
}

#[dllexport]
pub fn creal(z: Dcomplex) -> f64 {
    z.0.re
}

#[dllexport]
pub fn crealf(z: Fcomplex) -> f32 {
    z.0.re
}

#[dllexport]
pub fn cimag(z: Dcomplex) -> f64 {
    z.0.im
}

#[dllexport]
pub fn cimagf(z: Fcomplex) -> f32 {
    z.0.im
}

/// The squared modulus re² + im².
#[dllexport]
pub fn norm(z: Dcomplex) -> f64 {
    z.0.re * z.0.re + z.0.im * z.0.im
}

#[dllexport]
pub fn normf(z: Fcomplex) -> f32 {
    z.0.re * z.0.re + z.0.im * z.0.im
}

#[dllexport]
pub fn conj(result: DcomplexOut, z: Dcomplex) -> DcomplexOut {
    put(
        result,
        Complex64 {
            re: z.0.re,
            im: -z.0.im,
        },
    )
}

#[dllexport]
pub fn conjf(z: Fcomplex) -> Fcomplex {
    Fcomplex(Complex32 {
        re: z.0.re,
        im: -z.0.im,
    })
}

/// `_Cbuild(re, im)`: the UCRT's constructor, since its C has no complex literals.
#[dllexport]
pub fn _Cbuild(result: DcomplexOut, re: f64, im: f64) -> DcomplexOut {
    put(result, Complex64 { re, im })
}

#[dllexport]
pub fn _FCbuild(re: f32, im: f32) -> Fcomplex {
    Fcomplex(Complex32 { re, im })
}

/// `_Cmulcc(x, y)`: the product by the textbook formula (no recovery of infinities from NaNs).
#[dllexport]
pub fn _Cmulcc(result: DcomplexOut, x: Dcomplex, y: Dcomplex) -> DcomplexOut {
    let (a, b, c, d) = (x.0.re, x.0.im, y.0.re, y.0.im);
    put(
        result,
        Complex64 {
            re: a * c - b * d,
            im: a * d + b * c,
        },
    )
}

#[dllexport]
pub fn _FCmulcc(x: Fcomplex, y: Fcomplex) -> Fcomplex {
    let (a, b, c, d) = (x.0.re, x.0.im, y.0.re, y.0.im);
    Fcomplex(Complex32 {
        re: a * c - b * d,
        im: a * d + b * c,
    })
}

/// `_Cmulcr(x, r)`: a complex times a real.
#[dllexport]
pub fn _Cmulcr(result: DcomplexOut, x: Dcomplex, y: f64) -> DcomplexOut {
    put(
        result,
        Complex64 {
            re: x.0.re * y,
            im: x.0.im * y,
        },
    )
}

#[dllexport]
pub fn _FCmulcr(x: Fcomplex, y: f32) -> Fcomplex {
    Fcomplex(Complex32 {
        re: x.0.re * y,
        im: x.0.im * y,
    })
}
