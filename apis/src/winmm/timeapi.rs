//! timeapi.h: the system time in milliseconds and the timer resolution requests. Linux timers
//! already have sub-millisecond resolution, so a request only has to be a valid one.

use crate::abi::GuestPtr;
use crate::dllexport;
use windows_sys::Win32::Media::{TIMECAPS, TIMERR_NOCANDO, TIMERR_NOERROR};

/// The range of periods Windows 10 reports, in milliseconds (Wine reports 65535 as the maximum).
const PERIOD_MIN: u32 = 1;
const PERIOD_MAX: u32 = 1_000_000;

/// Milliseconds since boot, from the same clock as GetTickCount (Windows' interrupt time).
#[dllexport]
pub fn timeGetTime() -> u32 {
    crate::kernel32::sysinfoapi::GetTickCount()
}

fn valid_period(uPeriod: u32) -> u32 {
    if (PERIOD_MIN..=PERIOD_MAX).contains(&uPeriod) {
        TIMERR_NOERROR
    } else {
        TIMERR_NOCANDO
    }
}

#[dllexport]
pub fn timeBeginPeriod(uPeriod: u32) -> u32 {
    valid_period(uPeriod)
}

#[dllexport]
pub fn timeEndPeriod(uPeriod: u32) -> u32 {
    valid_period(uPeriod)
}

/// TIMERR_NOCANDO for a missing or too small TIMECAPS, as documented.
#[dllexport]
pub fn timeGetDevCaps(ptc: GuestPtr<TIMECAPS>, cbtc: u32) -> u32 {
    if (cbtc as usize) < size_of::<TIMECAPS>() {
        return TIMERR_NOCANDO;
    }
    let caps = TIMECAPS {
        wPeriodMin: PERIOD_MIN,
        wPeriodMax: PERIOD_MAX,
    };
    match ptc.write_required(caps) {
        Ok(()) => TIMERR_NOERROR,
        Err(_) => TIMERR_NOCANDO,
    }
}
