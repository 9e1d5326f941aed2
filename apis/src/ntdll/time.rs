//! The native time functions (winternl.h, ntddk.h).

use crate::abi::{GuestPtr, NtStatus};
use crate::dllexport;
use crate::kernel32::{profileapi, sysinfoapi};

#[dllexport]
pub fn NtQuerySystemTime(SystemTime: GuestPtr<i64>) -> u32 {
    if SystemTime.write(sysinfoapi::filetime_now() as i64) {
        NtStatus::SUCCESS.0
    } else {
        NtStatus::ACCESS_VIOLATION.0
    }
}

#[dllexport]
pub fn RtlGetSystemTimePrecise() -> i64 {
    sysinfoapi::filetime_now() as i64
}

#[dllexport]
pub fn NtQueryPerformanceCounter(
    PerformanceCounter: GuestPtr<i64>,
    PerformanceFrequency: GuestPtr<i64>,
) -> u32 {
    if !PerformanceCounter.write(profileapi::counter()) {
        return NtStatus::ACCESS_VIOLATION.0;
    }
    PerformanceFrequency.write(profileapi::FREQUENCY);
    NtStatus::SUCCESS.0
}

#[dllexport]
pub fn RtlQueryPerformanceCounter(PerformanceCounter: GuestPtr<i64>) -> bool {
    PerformanceCounter.write(profileapi::counter())
}

#[dllexport]
pub fn RtlQueryPerformanceFrequency(PerformanceFrequency: GuestPtr<i64>) -> bool {
    PerformanceFrequency.write(profileapi::FREQUENCY)
}
