//! profileapi.h: the performance counter, CLOCK_MONOTONIC in 100 ns units at 10 MHz (the
//! frequency Windows 10 reports on modern hardware).

use crate::abi::{GuestPtr, Win32Result};
use crate::dllexport;

pub const FREQUENCY: i64 = 10_000_000;

pub fn counter() -> i64 {
    let d = crate::abi::host::clock_gettime(libc::CLOCK_MONOTONIC);
    (d.as_secs() * 10_000_000 + (d.subsec_nanos() / 100) as u64) as i64
}

#[dllexport]
pub fn QueryPerformanceCounter(lpPerformanceCount: GuestPtr<i64>) -> Win32Result<()> {
    lpPerformanceCount.write_required(counter())
}

#[dllexport]
pub fn QueryPerformanceFrequency(lpFrequency: GuestPtr<i64>) -> Win32Result<()> {
    lpFrequency.write_required(FREQUENCY)
}
