//! ntdll.dll: the native API.

pub mod rtl;

crate::dll! {
    name: "ntdll.dll", id: 1;
    fn rtl: RtlGetVersion, RtlGetLastWin32Error, RtlSetLastWin32Error, NtCurrentTeb;
}
