//! WINMM.dll: the multimedia timer calls console programs make (Go's runtime raises the timer
//! resolution with timeBeginPeriod at start).

pub mod timeapi;

crate::dll! {
    name: "WINMM.dll", id: 15;
    fn timeapi: timeGetTime, timeBeginPeriod, timeEndPeriod, timeGetDevCaps;
}
