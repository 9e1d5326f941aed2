//! realtimeapiset.h: the interrupt time, with and without the time the machine slept.

use crate::abi::{GuestPtr, Win32Result, host};
use crate::dllexport;

fn ticks(clock: libc::clockid_t) -> u64 {
    let d = host::clock_gettime(clock);
    d.as_secs() * 10_000_000 + (d.subsec_nanos() / 100) as u64
}

/// 100 ns units since boot, not counting suspend (CLOCK_MONOTONIC).
#[dllexport]
pub fn QueryUnbiasedInterruptTime(UnbiasedTime: GuestPtr<u64>) -> Win32Result<()> {
    UnbiasedTime.write_required(ticks(libc::CLOCK_MONOTONIC))
}

#[dllexport]
pub fn QueryUnbiasedInterruptTimePrecise(lpUnbiasedInterruptTimePrecise: GuestPtr<u64>) {
    lpUnbiasedInterruptTimePrecise.write(ticks(libc::CLOCK_MONOTONIC));
}

/// 100 ns units since boot, suspend included (CLOCK_BOOTTIME), as KUSER_SHARED_DATA has it.
#[dllexport]
pub fn QueryInterruptTime(lpInterruptTime: GuestPtr<u64>) {
    lpInterruptTime.write(ticks(libc::CLOCK_BOOTTIME));
}

#[dllexport]
pub fn QueryInterruptTimePrecise(lpInterruptTimePrecise: GuestPtr<u64>) {
    lpInterruptTimePrecise.write(ticks(libc::CLOCK_BOOTTIME));
}
