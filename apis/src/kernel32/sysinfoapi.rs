//! sysinfoapi.h: versions, system information, clocks.

use crate::abi::{GuestPtr, Win32Error, Win32Result, mem};
use crate::dllexport;
use crate::nt::process;
use windows_sys::Win32::Foundation::{FILETIME, SYSTEMTIME};
use windows_sys::Win32::System::SystemInformation::{
    MEMORYSTATUSEX, OSVERSIONINFOEXW, SYSTEM_INFO,
};

/// What GetVersionEx reports to a program without a compatibility manifest: Windows 8
/// (6.2.9200), per "Targeting your application for Windows" (RtlGetVersion tells the truth).
const MANIFESTLESS_VERSION: (u32, u32, u32) = (6, 2, 9200);

fn fill_version(buf: u64, wide: bool) -> Win32Result<()> {
    let size = mem::read::<u32>(buf).ok_or(Win32Error::NOACCESS)?;
    // OSVERSIONINFO(EX)W: 276/284 bytes; A: 148/156.
    let (plain, ex) = if wide { (276, 284) } else { (148, 156) };
    if size != plain && size != ex {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    let (major, minor, build) = MANIFESTLESS_VERSION;
    mem::write(buf + 4, major);
    mem::write(buf + 8, minor);
    mem::write(buf + 12, build);
    mem::write(buf + 16, 2u32); // VER_PLATFORM_WIN32_NT
    let csd_len = if wide { 256 } else { 128 };
    mem::fill(buf + 20, 0, csd_len);
    if size == ex {
        let tail = buf + 20 + csd_len as u64;
        mem::write(tail, 0u16); // wServicePackMajor
        mem::write(tail + 2, 0u16); // wServicePackMinor
        mem::write(tail + 4, 0x100u16); // wSuiteMask: VER_SUITE_SINGLEUSERTS
        mem::write(tail + 6, 1u8); // wProductType: VER_NT_WORKSTATION
        mem::write(tail + 7, 0u8);
    }
    Ok(())
}

#[dllexport]
pub fn GetVersionExW(lpVersionInformation: GuestPtr<OSVERSIONINFOEXW>) -> Win32Result<()> {
    fill_version(lpVersionInformation.addr(), true)
}

#[dllexport]
pub fn GetVersionExA(lpVersionInformation: GuestPtr<u8>) -> Win32Result<()> {
    fill_version(lpVersionInformation.addr(), false)
}

/// Low word: major, minor; high word: build.
#[dllexport]
pub fn GetVersion() -> u32 {
    let (major, minor, build) = MANIFESTLESS_VERSION;
    major | (minor << 8) | (build << 16)
}

fn system_info() -> SYSTEM_INFO {
    let mut info: SYSTEM_INFO = mem::zeroed();
    info.Anonymous.Anonymous.wProcessorArchitecture = 9; // PROCESSOR_ARCHITECTURE_AMD64
    info.dwPageSize = 4096;
    info.lpMinimumApplicationAddress = 0x10000 as _;
    info.lpMaximumApplicationAddress = 0x7FFF_FFFE_FFFF_u64 as _;
    let n = process::number_of_processors();
    info.dwActiveProcessorMask = if n >= 64 {
        usize::MAX
    } else {
        (1usize << n) - 1
    };
    info.dwNumberOfProcessors = n;
    info.dwProcessorType = 8664; // PROCESSOR_AMD_X8664
    info.dwAllocationGranularity = 65536;
    info.wProcessorLevel = 6;
    info
}

#[dllexport]
pub fn GetSystemInfo(lpSystemInfo: GuestPtr<SYSTEM_INFO>) {
    lpSystemInfo.write(system_info());
}

#[dllexport]
pub fn GetNativeSystemInfo(lpSystemInfo: GuestPtr<SYSTEM_INFO>) {
    lpSystemInfo.write(system_info());
}

fn clock(id: libc::clockid_t) -> std::time::Duration {
    crate::abi::host::clock_gettime(id)
}

/// 100 ns intervals between 1601-01-01 and 1970-01-01.
pub const EPOCH_DIFFERENCE: u64 = 116_444_736_000_000_000;

/// The current time as a FILETIME value (100 ns since 1601, UTC).
pub fn filetime_now() -> u64 {
    let d = clock(libc::CLOCK_REALTIME);
    EPOCH_DIFFERENCE + d.as_secs() * 10_000_000 + (d.subsec_nanos() / 100) as u64
}

fn to_filetime(v: u64) -> FILETIME {
    FILETIME {
        dwLowDateTime: v as u32,
        dwHighDateTime: (v >> 32) as u32,
    }
}

#[dllexport]
pub fn GetSystemTimeAsFileTime(lpSystemTimeAsFileTime: GuestPtr<FILETIME>) {
    lpSystemTimeAsFileTime.write(to_filetime(filetime_now()));
}

#[dllexport]
pub fn GetSystemTimePreciseAsFileTime(lpSystemTimeAsFileTime: GuestPtr<FILETIME>) {
    lpSystemTimeAsFileTime.write(to_filetime(filetime_now()));
}

/// Milliseconds since boot (CLOCK_BOOTTIME, which like Windows' tick count includes suspend).
#[dllexport]
pub fn GetTickCount64() -> u64 {
    clock(libc::CLOCK_BOOTTIME).as_millis() as u64
}

#[dllexport]
pub fn GetTickCount() -> u32 {
    GetTickCount64() as u32
}

#[dllexport]
pub fn GetSystemTime(lpSystemTime: GuestPtr<SYSTEMTIME>) {
    lpSystemTime.write(super::timezoneapi::to_systemtime(filetime_now()));
}

#[dllexport]
pub fn GetLocalTime(lpSystemTime: GuestPtr<SYSTEMTIME>) {
    let local = super::timezoneapi::utc_to_local(filetime_now());
    lpSystemTime.write(super::timezoneapi::to_systemtime(local));
}

/// A `/proc/meminfo` value in bytes (the file gives kB).
fn meminfo(text: &str, key: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .unwrap_or(0)
        * 1024
}

/// The user address space a 64-bit process has (0x10000 to 0x7FFFFFFEFFFF).
const USER_SPACE: u64 = 0x7FFF_FFFE_FFFF - 0x10000 + 1;

/// From the host's memory: physical memory and swap (the page file), and the address space.
#[dllexport]
pub fn GlobalMemoryStatusEx(lpBuffer: GuestPtr<MEMORYSTATUSEX>) -> Win32Result<()> {
    let mut status = lpBuffer.read().ok_or(Win32Error::NOACCESS)?;
    if status.dwLength as usize != size_of::<MEMORYSTATUSEX>() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let text = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let total = meminfo(&text, "MemTotal");
    let available = meminfo(&text, "MemAvailable");
    let swap_total = meminfo(&text, "SwapTotal");
    let swap_free = meminfo(&text, "SwapFree");
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let mapped = statm
        .split_whitespace()
        .next()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
        * 4096;
    status.dwMemoryLoad = (available * 100)
        .checked_div(total)
        .map_or(0, |free| 100u64.saturating_sub(free) as u32);
    status.ullTotalPhys = total;
    status.ullAvailPhys = available;
    status.ullTotalPageFile = total + swap_total;
    status.ullAvailPageFile = available + swap_free;
    status.ullTotalVirtual = USER_SPACE;
    status.ullAvailVirtual = USER_SPACE.saturating_sub(mapped);
    status.ullAvailExtendedVirtual = 0;
    lpBuffer.write(status);
    Ok(())
}

/// ALL_PROCESSOR_GROUPS or group 0: winrun shows one processor group (declared in winbase.h).
#[dllexport]
pub fn GetActiveProcessorCount(GroupNumber: u16) -> Win32Result<u32> {
    match GroupNumber {
        0 | 0xFFFF => Ok(process::number_of_processors()),
        _ => Err(Win32Error::INVALID_PARAMETER),
    }
}

/// Declared in winbase.h.
#[dllexport]
pub fn GetMaximumProcessorCount(GroupNumber: u16) -> Win32Result<u32> {
    GetActiveProcessorCount(GroupNumber)
}

/// Declared in winbase.h.
#[dllexport]
pub fn GetActiveProcessorGroupCount() -> u16 {
    1
}

/// Where Windows lives, as programs are told (there is no such host directory).
pub const WINDOWS_DIRECTORY: &str = "C:\\windows";
pub const SYSTEM_DIRECTORY: &str = "C:\\windows\\system32";

#[dllexport]
pub fn GetWindowsDirectoryW(lpBuffer: GuestPtr<u16>, uSize: u32) -> u32 {
    super::fileapi::copy_out_w(WINDOWS_DIRECTORY, lpBuffer, uSize)
}

#[dllexport]
pub fn GetWindowsDirectoryA(lpBuffer: GuestPtr<u8>, uSize: u32) -> u32 {
    super::fileapi::copy_out_a(WINDOWS_DIRECTORY, lpBuffer, uSize)
}

#[dllexport]
pub fn GetSystemWindowsDirectoryW(lpBuffer: GuestPtr<u16>, uSize: u32) -> u32 {
    super::fileapi::copy_out_w(WINDOWS_DIRECTORY, lpBuffer, uSize)
}

#[dllexport]
pub fn GetSystemDirectoryW(lpBuffer: GuestPtr<u16>, uSize: u32) -> u32 {
    super::fileapi::copy_out_w(SYSTEM_DIRECTORY, lpBuffer, uSize)
}

#[dllexport]
pub fn GetSystemDirectoryA(lpBuffer: GuestPtr<u8>, uSize: u32) -> u32 {
    super::fileapi::copy_out_a(SYSTEM_DIRECTORY, lpBuffer, uSize)
}
