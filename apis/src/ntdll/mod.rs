//! ntdll.dll: the native API.

pub mod rtl;
pub mod time;

crate::dll! {
    name: "ntdll.dll", id: 1;
    fn rtl: RtlGetVersion, RtlGetLastWin32Error, RtlSetLastWin32Error, NtCurrentTeb;
    fn time: NtQuerySystemTime, RtlGetSystemTimePrecise, NtQueryPerformanceCounter,
        RtlQueryPerformanceCounter, RtlQueryPerformanceFrequency;
}
