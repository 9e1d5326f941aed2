//! Rtl* runtime library routines (winternl.h / wdm.h).

use crate::abi::{GuestPtr, NtStatus, mem};
use crate::dllexport;
use crate::nt::{process, teb};

/// The true OS version (no manifest rules): Windows 10 22H2.
#[dllexport]
pub fn RtlGetVersion(lpVersionInformation: GuestPtr<u8>) -> u32 {
    let buf = lpVersionInformation.addr();
    let Some(size) = mem::read::<u32>(buf) else {
        return NtStatus::INVALID_PARAMETER.0;
    };
    // RTL_OSVERSIONINFOW (276 bytes) or RTL_OSVERSIONINFOEXW (284).
    if size != 276 && size != 284 {
        return NtStatus::INVALID_PARAMETER.0;
    }
    let (major, minor, build) = process::OS_VERSION;
    mem::write(buf + 4, major);
    mem::write(buf + 8, minor);
    mem::write(buf + 12, build);
    mem::write(buf + 16, 2u32);
    mem::fill(buf + 20, 0, 256);
    if size == 284 {
        mem::write(buf + 276, 0u32);
        mem::write(buf + 280, 0x100u16);
        mem::write(buf + 282, 1u8);
        mem::write(buf + 283, 0u8);
    }
    NtStatus::SUCCESS.0
}

#[dllexport]
pub fn RtlGetLastWin32Error() -> u32 {
    teb::last_error()
}

#[dllexport]
pub fn RtlSetLastWin32Error(err: u32) {
    teb::set_last_error(err)
}

/// Exported on x64 only as a convenience (winnt.h inlines it as a gs read).
#[dllexport]
pub fn NtCurrentTeb() -> u64 {
    teb::current()
}

/// The PEB of the calling process (what `gs:[0x60]` holds).
#[dllexport]
pub fn RtlGetCurrentPeb() -> u64 {
    process::peb()
}

/// The true OS version; the build number carries 0xF0000000, the mark of a release build.
#[dllexport]
pub fn RtlGetNtVersionNumbers(major: GuestPtr<u32>, minor: GuestPtr<u32>, build: GuestPtr<u32>) {
    let (ma, mi, bu) = process::OS_VERSION;
    major.write(ma);
    minor.write(mi);
    build.write(bu | 0xF000_0000);
}
