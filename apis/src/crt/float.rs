//! float.h: the floating-point control and status words in the CRT's abstract encoding
//! (`_EM_*`, `_RC_*`, `_DN_*`, `_SW_*`), on the thread's MXCSR (and x87 control word for
//! `_control87`, `_fpreset`).

use crate::abi::cpu;
use crate::dllexport;

/// Exception mask bits: (CRT bit, MXCSR mask bit, MXCSR status bit).
const EXCEPTIONS: [(u32, u32, u32); 6] = [
    (0x10, 0x80, 0x1),     // invalid
    (0x80000, 0x100, 0x2), // denormal
    (0x8, 0x200, 0x4),     // zero divide
    (0x4, 0x400, 0x8),     // overflow
    (0x2, 0x800, 0x10),    // underflow
    (0x1, 0x1000, 0x20),   // inexact
];
const MCW_EM: u32 = 0x8001F;
const MCW_RC: u32 = 0x300;
const MCW_DN: u32 = 0x0300_0000;
const DN_FLUSH: u32 = 0x0100_0000;
/// MXCSR's flush-to-zero and denormals-are-zero bits.
const MXCSR_FZ_DAZ: u32 = 0x8040;

fn mxcsr() -> u32 {
    cpu::fpu_control().1
}

/// The abstract control word for an MXCSR value.
fn control_from_mxcsr(m: u32) -> u32 {
    let mut cw = 0;
    for (bit, mask, _) in EXCEPTIONS {
        if m & mask != 0 {
            cw |= bit;
        }
    }
    cw |= ((m >> 13) & 3) << 8;
    if m & MXCSR_FZ_DAZ != 0 {
        cw |= DN_FLUSH;
    }
    cw
}

fn mxcsr_from_control(cw: u32, old: u32) -> u32 {
    let mut m = old & !(0x1F80 | 0x6000 | MXCSR_FZ_DAZ);
    for (bit, mask, _) in EXCEPTIONS {
        if cw & bit != 0 {
            m |= mask;
        }
    }
    m |= ((cw >> 8) & 3) << 13;
    if cw & MCW_DN == DN_FLUSH {
        m |= MXCSR_FZ_DAZ;
    }
    m
}

/// `_controlfp(new, mask)`: changes the bits in `mask` (exception masks, rounding, denormal
/// control; x64 has no precision control) and returns the new word.
#[dllexport]
pub fn _controlfp(new: u32, mask: u32) -> u32 {
    let old = mxcsr();
    let mask = mask & (MCW_EM | MCW_RC | MCW_DN);
    if mask != 0 {
        let cw = (control_from_mxcsr(old) & !mask) | (new & mask);
        cpu::set_mxcsr(mxcsr_from_control(cw, old));
    }
    control_from_mxcsr(mxcsr())
}

/// `_controlfp_s(&current, new, mask)`: errno_t; an unknown bit in `mask` is EINVAL.
#[dllexport]
pub fn _controlfp_s(currentControl: crate::abi::GuestPtr<u32>, newControl: u32, mask: u32) -> i32 {
    if mask & !(MCW_EM | MCW_RC | MCW_DN | 0x30000 | 0x40000) != 0 {
        currentControl.write(control_from_mxcsr(mxcsr()));
        return super::stdlib::invalid_parameter(super::errno::EINVAL);
    }
    let cw = _controlfp(newControl, mask);
    currentControl.write(cw);
    0
}

/// `_control87`: as `_controlfp`, for both units (the x87 word gets the same masks and
/// rounding).
#[dllexport]
pub fn _control87(new: u32, mask: u32) -> u32 {
    let cw = _controlfp(new, mask);
    let rounding = (((cw & MCW_RC) >> 8) as u16) << 10;
    let masks = EXCEPTIONS
        .iter()
        .enumerate()
        .filter(|(_, (bit, _, _))| cw & bit != 0)
        .fold(0u16, |acc, (i, _)| acc | [1, 2, 4, 8, 16, 32][i]);
    // x87 mask order: invalid, denormal, zero divide, overflow, underflow, precision.
    cpu::set_x87_control(0x0200 | rounding | masks);
    cw
}

/// The status flags (sticky exceptions) in `_SW_*` form.
fn status() -> u32 {
    let m = mxcsr();
    EXCEPTIONS
        .iter()
        .filter(|(_, _, flag)| m & flag != 0)
        .fold(0, |acc, (bit, _, _)| acc | bit)
}

#[dllexport]
pub fn _statusfp() -> u32 {
    status()
}

/// `_clearfp`: returns the status flags and clears them.
#[dllexport]
pub fn _clearfp() -> u32 {
    let s = status();
    cpu::set_mxcsr(mxcsr() & !0x3F);
    s
}

/// `_fpreset`: back to Windows' defaults (all exceptions masked, round to nearest).
#[dllexport]
pub fn _fpreset() {
    cpu::set_windows_fpu_defaults();
}

/// `_set_controlfp(new, mask)`: `_controlfp` without the result.
#[dllexport]
pub fn _set_controlfp(newControl: u32, mask: u32) {
    _controlfp(newControl, mask);
}

/// `FLT_ROUNDS` (float.h): the rounding mode in C's numbering: 0 toward zero, 1 to nearest,
/// 2 upward, 3 downward.
#[dllexport]
pub fn __fpe_flt_rounds() -> i32 {
    match control_from_mxcsr(mxcsr()) & MCW_RC {
        0x000 => 1, // _RC_NEAR
        0x100 => 3, // _RC_DOWN
        0x200 => 2, // _RC_UP
        _ => 0,     // _RC_CHOP
    }
}
