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
pub(crate) const MANIFESTLESS_VERSION: (u32, u32, u32) = (6, 2, 9200);

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

/// The host's processors as Windows describes them: cores, packages and caches, each with the
/// mask of the logical processors it covers (from sysfs; one core per processor without it).
struct Topology {
    /// (mask, SMT) per physical core.
    cores: Vec<(u64, bool)>,
    packages: Vec<u64>,
    /// (level, type: 0 unified, 1 instruction, 2 data; associativity, line size, size, mask).
    caches: Vec<(u8, u32, u8, u16, u32, u64)>,
    all: u64,
}

fn sysfs(path: &str) -> Option<String> {
    std::fs::read_to_string(format!("/sys/devices/system/cpu/{path}"))
        .ok()
        .map(|s| s.trim().to_string())
}

/// A sysfs CPU list ("0-3,6") as a mask of the first 64 processors.
fn cpu_list_mask(list: &str) -> u64 {
    let mut mask = 0u64;
    for part in list.split(',').filter(|p| !p.is_empty()) {
        let (lo, hi) = part.split_once('-').unwrap_or((part, part));
        let (Ok(lo), Ok(hi)) = (lo.parse::<u32>(), hi.parse::<u32>()) else {
            continue;
        };
        for cpu in lo..=hi.min(63) {
            mask |= 1 << cpu;
        }
    }
    mask
}

fn topology() -> Topology {
    let n = process::number_of_processors().min(64);
    let all = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    let mut cores: Vec<((u32, u32), u64)> = Vec::new();
    let mut packages: Vec<(u32, u64)> = Vec::new();
    let mut caches: Vec<(u8, u32, u8, u16, u32, u64)> = Vec::new();
    for cpu in 0..n {
        let bit = 1u64 << cpu;
        let read = |name: &str| {
            sysfs(&format!("cpu{cpu}/topology/{name}"))?
                .parse::<u32>()
                .ok()
        };
        let package = read("physical_package_id").unwrap_or(0);
        let core = read("core_id").unwrap_or(cpu);
        match cores.iter_mut().find(|(k, _)| *k == (package, core)) {
            Some((_, mask)) => *mask |= bit,
            None => cores.push(((package, core), bit)),
        }
        match packages.iter_mut().find(|(p, _)| *p == package) {
            Some((_, mask)) => *mask |= bit,
            None => packages.push((package, bit)),
        }
        for index in 0.. {
            let read = |name: &str| sysfs(&format!("cpu{cpu}/cache/index{index}/{name}"));
            let Some(level) = read("level").and_then(|l| l.parse::<u8>().ok()) else {
                break;
            };
            let kind = match read("type").as_deref() {
                Some("Instruction") => 1,
                Some("Data") => 2,
                _ => 0,
            };
            let size = read("size")
                .and_then(|s| {
                    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
                    let v = digits.parse::<u32>().ok()?;
                    Some(match unit {
                        "K" => v * 1024,
                        "M" => v * 1024 * 1024,
                        _ => v,
                    })
                })
                .unwrap_or(0);
            let line = read("coherency_line_size")
                .and_then(|v| v.parse().ok())
                .unwrap_or(64);
            let ways = read("ways_of_associativity")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let mask = read("shared_cpu_list").map_or(bit, |l| cpu_list_mask(&l)) & all;
            let cache = (level, kind, ways, line, size, mask);
            if !caches.contains(&cache) {
                caches.push(cache);
            }
        }
    }
    Topology {
        cores: cores
            .into_iter()
            .map(|(_, mask)| (mask, mask.count_ones() > 1))
            .collect(),
        packages: packages.into_iter().map(|(_, mask)| mask).collect(),
        caches,
        all,
    }
}

const RELATION_PROCESSOR_CORE: u32 = 0;
const RELATION_NUMA_NODE: u32 = 1;
const RELATION_CACHE: u32 = 2;
const RELATION_PROCESSOR_PACKAGE: u32 = 3;
const RELATION_GROUP: u32 = 4;
const RELATION_ALL: u32 = 0xFFFF;

/// Copies `records` to the caller's buffer, or fails with ERROR_INSUFFICIENT_BUFFER and the
/// size needed in `ReturnedLength`.
fn copy_records(records: &[u8], buffer: u64, length: GuestPtr<u32>) -> Win32Result<()> {
    let available = length.read().ok_or(Win32Error::INVALID_PARAMETER)?;
    length.write(records.len() as u32);
    if (available as usize) < records.len() || buffer == 0 {
        return Err(Win32Error::INSUFFICIENT_BUFFER);
    }
    mem::write_slice(buffer, records);
    Ok(())
}

/// One SYSTEM_LOGICAL_PROCESSOR_INFORMATION (32 bytes): mask, relationship, 16-byte union.
fn legacy_record(mask: u64, relationship: u32, union: [u8; 16]) -> [u8; 32] {
    let mut r = [0u8; 32];
    r[0..8].copy_from_slice(&mask.to_le_bytes());
    r[8..12].copy_from_slice(&relationship.to_le_bytes());
    r[16..32].copy_from_slice(&union);
    r
}

/// CACHE_DESCRIPTOR: Level, Associativity, LineSize, Size, Type.
fn cache_descriptor(level: u8, kind: u32, ways: u8, line: u16, size: u32) -> [u8; 12] {
    let mut d = [0u8; 12];
    d[0] = level;
    d[1] = ways;
    d[2..4].copy_from_slice(&line.to_le_bytes());
    d[4..8].copy_from_slice(&size.to_le_bytes());
    d[8..12].copy_from_slice(&kind.to_le_bytes());
    d
}

#[dllexport]
pub fn GetLogicalProcessorInformation(
    Buffer: GuestPtr<u8>,
    ReturnedLength: GuestPtr<u32>,
) -> Win32Result<()> {
    let t = topology();
    let mut records = Vec::new();
    for &(mask, smt) in &t.cores {
        let mut union = [0u8; 16];
        union[0] = smt as u8; // LTP_PC_SMT
        records.extend(legacy_record(mask, RELATION_PROCESSOR_CORE, union));
    }
    for &(level, kind, ways, line, size, mask) in &t.caches {
        let mut union = [0u8; 16];
        union[..12].copy_from_slice(&cache_descriptor(level, kind, ways, line, size));
        records.extend(legacy_record(mask, RELATION_CACHE, union));
    }
    for &mask in &t.packages {
        records.extend(legacy_record(mask, RELATION_PROCESSOR_PACKAGE, [0; 16]));
    }
    records.extend(legacy_record(t.all, RELATION_NUMA_NODE, [0; 16]));
    copy_records(&records, Buffer.addr(), ReturnedLength)
}

/// GROUP_AFFINITY for group 0: Mask, Group, Reserved[3].
fn group_affinity(mask: u64) -> [u8; 16] {
    let mut g = [0u8; 16];
    g[0..8].copy_from_slice(&mask.to_le_bytes());
    g
}

/// One SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX: relationship, size, then `body`.
fn ex_record(relationship: u32, body: &[u8]) -> Vec<u8> {
    let size = 8 + body.len() as u32;
    let mut r = Vec::with_capacity(size as usize);
    r.extend(relationship.to_le_bytes());
    r.extend(size.to_le_bytes());
    r.extend(body);
    r
}

/// PROCESSOR_RELATIONSHIP: Flags, EfficiencyClass, Reserved[20], GroupCount, GroupMask[1].
fn processor_relationship(flags: u8, mask: u64) -> Vec<u8> {
    let mut b = vec![0u8; 24];
    b[0] = flags;
    b[22..24].copy_from_slice(&1u16.to_le_bytes());
    b.extend(group_affinity(mask));
    b
}

#[dllexport]
pub fn GetLogicalProcessorInformationEx(
    RelationshipType: u32,
    Buffer: GuestPtr<u8>,
    ReturnedLength: GuestPtr<u32>,
) -> Win32Result<()> {
    if RelationshipType > RELATION_GROUP && RelationshipType != RELATION_ALL {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let wants = |r: u32| RelationshipType == RELATION_ALL || RelationshipType == r;
    let t = topology();
    let mut records = Vec::new();
    if wants(RELATION_PROCESSOR_CORE) {
        for &(mask, smt) in &t.cores {
            let body = processor_relationship(smt as u8, mask);
            records.extend(ex_record(RELATION_PROCESSOR_CORE, &body));
        }
    }
    if wants(RELATION_NUMA_NODE) {
        // NUMA_NODE_RELATIONSHIP: NodeNumber, Reserved[18], GroupCount, GroupMask.
        let mut body = vec![0u8; 24];
        body[22..24].copy_from_slice(&1u16.to_le_bytes());
        body.extend(group_affinity(t.all));
        records.extend(ex_record(RELATION_NUMA_NODE, &body));
    }
    if wants(RELATION_CACHE) {
        for &(level, kind, ways, line, size, mask) in &t.caches {
            // CACHE_RELATIONSHIP: the descriptor's fields, Reserved[18], GroupCount, GroupMask.
            let mut body = cache_descriptor(level, kind, ways, line, size).to_vec();
            body.extend([0u8; 18]);
            body.extend(1u16.to_le_bytes());
            body.extend(group_affinity(mask));
            records.extend(ex_record(RELATION_CACHE, &body));
        }
    }
    if wants(RELATION_PROCESSOR_PACKAGE) {
        for &mask in &t.packages {
            let body = processor_relationship(0, mask);
            records.extend(ex_record(RELATION_PROCESSOR_PACKAGE, &body));
        }
    }
    if wants(RELATION_GROUP) {
        // GROUP_RELATIONSHIP: Maximum/ActiveGroupCount, Reserved[20], then one
        // PROCESSOR_GROUP_INFO: Maximum/ActiveProcessorCount, Reserved[38], ActiveProcessorMask.
        let count = t.all.count_ones() as u8;
        let mut body = vec![0u8; 24];
        body[0..2].copy_from_slice(&1u16.to_le_bytes());
        body[2..4].copy_from_slice(&1u16.to_le_bytes());
        body.extend([count, count]);
        body.extend([0u8; 38]);
        body.extend(t.all.to_le_bytes());
        records.extend(ex_record(RELATION_GROUP, &body));
    }
    copy_records(&records, Buffer.addr(), ReturnedLength)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;
    use windows_sys::Win32::System::SystemInformation as si;

    #[test]
    fn record_layouts_match_the_sdk() {
        assert_eq!(
            legacy_record(1, 0, [0; 16]).len(),
            size_of::<si::SYSTEM_LOGICAL_PROCESSOR_INFORMATION>()
        );
        assert_eq!(
            processor_relationship(0, 1).len(),
            size_of::<si::PROCESSOR_RELATIONSHIP>()
        );
        assert_eq!(
            cache_descriptor(1, 0, 8, 64, 1).len(),
            size_of::<si::CACHE_DESCRIPTOR>()
        );
        assert_eq!(group_affinity(1).len(), size_of::<si::GROUP_AFFINITY>());
        assert_eq!(cpu_list_mask("0-2,5"), 0b100111);
    }
}

/// The clock is never adjusted by the process: the adjustment is disabled and both figures are
/// the 15.625 ms tick Windows reports.
#[dllexport]
pub fn GetSystemTimeAdjustment(
    lpTimeAdjustment: GuestPtr<u32>,
    lpTimeIncrement: GuestPtr<u32>,
    lpTimeAdjustmentDisabled: GuestPtr<i32>,
) -> Win32Result<()> {
    lpTimeAdjustment.write_required(156_250)?;
    lpTimeIncrement.write_required(156_250)?;
    lpTimeAdjustmentDisabled.write_required(1)
}

/// Setting the system clock needs SE_SYSTEMTIME_NAME, which a winrun process never holds: the
/// host clock is not the guest's to change.
#[dllexport]
pub fn SetSystemTime(lpSystemTime: GuestPtr<SYSTEMTIME>) -> Win32Result<()> {
    lpSystemTime.read().ok_or(Win32Error::NOACCESS)?;
    Err(Win32Error(
        windows_sys::Win32::Foundation::ERROR_PRIVILEGE_NOT_HELD,
    ))
}
