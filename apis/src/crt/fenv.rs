//! fenv.h: the UCRT's floating-point environment, on the SSE unit as the x64 UCRT keeps it
//! (its `fesetround` leaves the x87 control word alone; MinGW's headers say so too).
//!
//! `fenv_t` is `{ unsigned long _Fe_ctl, _Fe_stat; }`: the abstract `_controlfp` and
//! `_statusfp` words, each bit doubled by a marker bit in the high half that says which unit
//! it belongs to. `fexcept_t` carries status bits in the same encoding.

use super::float::{_controlfp, _statusfp};
use crate::abi::{GuestPtr, cpu};
use crate::dllexport;

const FE_ALL_EXCEPT: u32 = 0x1F;
const MCW_EM: u32 = 0x8001F;
const MCW_RC: u32 = 0x300;
const MCW_DN: u32 = 0x0300_0000;

/// Abstract control/status bits and their encoding for the SSE unit.
const SSE_ENCODING: [(u32, u32); 9] = [
    (0x10, 0x1000_0010),        // invalid
    (0x80000, 0x2000_0020),     // denormal
    (0x8, 0x0800_0008),         // zero divide
    (0x4, 0x0400_0004),         // overflow
    (0x2, 0x0200_0002),         // underflow
    (0x1, 0x0100_0001),         // inexact
    (0x200, 0x8000_0200),       // round up
    (0x100, 0x4000_0100),       // round down
    (0x0100_0000, 0x0000_0400), // flush denormals
];

fn encode(word: u32) -> u32 {
    SSE_ENCODING
        .iter()
        .filter(|(bit, _)| word & bit != 0)
        .fold(0, |acc, (_, code)| acc | code)
}

/// The abstract word an encoded value stands for; None when it is not a valid encoding.
fn decode(code: u32) -> Option<u32> {
    let word = SSE_ENCODING
        .iter()
        .filter(|(_, c)| code & c == *c)
        .fold(0, |acc, (bit, _)| acc | bit);
    (encode(word) == code).then_some(word)
}

/// MXCSR's sticky exception flags as `_SW_*` bits are replaced by `flags`.
fn set_status(flags: u32) {
    let status_bits = [
        (0x10, 0x1),
        (0x80000, 0x2),
        (0x8, 0x4),
        (0x4, 0x8),
        (0x2, 0x10),
        (0x1, 0x20),
    ];
    let mxcsr = status_bits
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .fold(cpu::fpu_control().1 & !0x3F, |acc, (_, flag)| acc | flag);
    cpu::set_mxcsr(mxcsr);
}

#[dllexport]
pub fn fegetenv(env: GuestPtr<[u32; 2]>) -> i32 {
    if !env.write([encode(_controlfp(0, 0)), encode(_statusfp())]) {
        return 1;
    }
    0
}

/// Installs an environment from `fegetenv`/`feholdexcept`; an all-zero one is the default
/// environment. Returns nonzero for a value no `fenv_t` can hold.
#[dllexport]
pub fn fesetenv(env: GuestPtr<[u32; 2]>) -> i32 {
    let Some([ctl, stat]) = env.read() else {
        return 1;
    };
    if ctl == 0 && stat == 0 {
        super::float::_fpreset();
        return 0;
    }
    let (Some(control), Some(status)) = (decode(ctl), decode(stat)) else {
        return 1;
    };
    _controlfp(control, MCW_EM | MCW_RC | MCW_DN);
    set_status(status);
    0
}

/// Saves the environment, clears the exception flags and masks every exception.
#[dllexport]
pub fn feholdexcept(env: GuestPtr<[u32; 2]>) -> i32 {
    if fegetenv(env) != 0 {
        return 1;
    }
    set_status(0);
    _controlfp(MCW_EM, MCW_EM);
    0
}

/// Installs `env` and raises again the exceptions that were flagged before.
#[dllexport]
pub fn feupdateenv(env: GuestPtr<[u32; 2]>) -> i32 {
    let raised = _statusfp();
    if fesetenv(env) != 0 {
        return 1;
    }
    set_status(_statusfp() | raised);
    0
}

#[dllexport]
pub fn fegetround() -> i32 {
    (_controlfp(0, 0) & MCW_RC) as i32
}

/// `round`: FE_TONEAREST, FE_DOWNWARD, FE_UPWARD or FE_TOWARDZERO; anything else is refused.
#[dllexport]
pub fn fesetround(round: i32) -> i32 {
    if round as u32 & !MCW_RC != 0 {
        return 1;
    }
    _controlfp(round as u32, MCW_RC);
    0
}

#[dllexport]
pub fn fetestexcept(excepts: i32) -> i32 {
    (_statusfp() & excepts as u32 & FE_ALL_EXCEPT) as i32
}

#[dllexport]
pub fn feclearexcept(excepts: i32) -> i32 {
    set_status(_statusfp() & !(excepts as u32 & FE_ALL_EXCEPT));
    0
}

/// Sets the exception flags (trap handlers are not run: x64 flags are sticky bits only).
#[dllexport]
pub fn feraiseexcept(excepts: i32) -> i32 {
    set_status(_statusfp() | (excepts as u32 & FE_ALL_EXCEPT));
    0
}

#[dllexport]
pub fn fegetexceptflag(flagp: GuestPtr<u32>, excepts: i32) -> i32 {
    if !flagp.write(encode(_statusfp() & excepts as u32 & FE_ALL_EXCEPT)) {
        return 1;
    }
    0
}

/// Sets the flags in `excepts` to their state in `*flagp` (from `fegetexceptflag`).
#[dllexport]
pub fn fesetexceptflag(flagp: GuestPtr<u32>, excepts: i32) -> i32 {
    let excepts = excepts as u32 & FE_ALL_EXCEPT;
    if excepts == 0 {
        return 0;
    }
    let Some(saved) = flagp.read().and_then(decode) else {
        return 1;
    };
    set_status((_statusfp() & !excepts) | (saved & excepts));
    0
}
