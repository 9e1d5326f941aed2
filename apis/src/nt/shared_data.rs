//! KUSER_SHARED_DATA: the read-only page at 0x7FFE0000 that Windows programs read without
//! calling anything (Go's runtime takes its clocks from InterruptTime and SystemTime there;
//! others read TickCount, the NT version or processor features).
//!
//! The page is shared memory mapped twice: read-only at 0x7FFE0000 for the guest and writable
//! elsewhere, where a small host thread keeps the clocks current every millisecond (Windows
//! updates them on each clock interrupt).

use crate::abi::{host, mem};
use std::mem::offset_of;
use std::sync::OnceLock;
use std::sync::atomic::Ordering;
use std::time::Duration;
use windows_sys::Wdk::System::SystemServices::KUSER_SHARED_DATA as K;

pub const ADDRESS: u64 = 0x7FFE_0000;
const SIZE: usize = 4096;
/// How often the clocks move.
const TICK: Duration = Duration::from_millis(1);

/// The writable view.
static WRITER: OnceLock<u64> = OnceLock::new();

/// Writes a KSYSTEM_TIME the way the kernel does, so a reader that checks High1Time against
/// High2Time never sees a torn value: High2Time, then LowPart, then High1Time.
fn write_system_time(at: u64, value: u64) {
    let high = (value >> 32) as i32;
    host::atomic_i32(at + 8).store(high, Ordering::Release);
    host::atomic_i32(at).store(value as u32 as i32, Ordering::Release);
    host::atomic_i32(at + 4).store(high, Ordering::Release);
}

fn ticks_100ns(d: Duration) -> u64 {
    d.as_secs() * 10_000_000 + (d.subsec_nanos() / 100) as u64
}

fn update(page: u64) {
    let boot = host::clock_gettime(libc::CLOCK_BOOTTIME);
    let now = crate::kernel32::sysinfoapi::filetime_now();
    write_system_time(
        page + offset_of!(K, InterruptTime) as u64,
        ticks_100ns(boot),
    );
    write_system_time(page + offset_of!(K, SystemTime) as u64, now);
    // TickCountMultiplier is 1 << 24, so the tick count is in milliseconds.
    write_system_time(
        page + offset_of!(K, Anonymous4) as u64,
        boot.as_millis() as u64,
    );
    let unix = host::clock_gettime(libc::CLOCK_REALTIME).as_secs() as i64;
    let (offset, _, _) = host::local_zone(unix);
    // TimeZoneBias is UTC minus local time, in 100 ns units.
    write_system_time(
        page + offset_of!(K, TimeZoneBias) as u64,
        (-offset * 10_000_000) as u64,
    );
}

fn fill(page: u64) {
    let at = |offset: usize| page + offset as u64;
    mem::write(at(offset_of!(K, TickCountMultiplier)), 1u32 << 24);
    mem::write(at(offset_of!(K, ImageNumberLow)), 0x8664u16);
    mem::write(at(offset_of!(K, ImageNumberHigh)), 0x8664u16);
    let root: Vec<u16> = "C:\\windows".encode_utf16().chain(Some(0)).collect();
    mem::write_slice(at(offset_of!(K, NtSystemRoot)), &root);
    let (major, minor, build) = super::process::OS_VERSION;
    mem::write(at(offset_of!(K, NtBuildNumber)), build);
    mem::write(at(offset_of!(K, NtProductType)), 1u32); // NtProductWinNt
    mem::write(at(offset_of!(K, ProductTypeIsValid)), 1u8);
    mem::write(at(offset_of!(K, NativeProcessorArchitecture)), 9u16); // AMD64
    mem::write(at(offset_of!(K, NtMajorVersion)), major);
    mem::write(at(offset_of!(K, NtMinorVersion)), minor);
    for feature in 0..64u32 {
        mem::write(
            at(offset_of!(K, ProcessorFeatures)) + feature as u64,
            processor_feature(feature) as u8,
        );
    }
    mem::write(at(offset_of!(K, SuiteMask)), 0x110u32); // SINGLEUSERTS | TERMINAL
    mem::write(
        at(offset_of!(K, QpcFrequency)),
        crate::kernel32::profileapi::FREQUENCY,
    );
    mem::write(
        at(offset_of!(K, ActiveProcessorCount)),
        super::process::number_of_processors(),
    );
    mem::write(at(offset_of!(K, ActiveGroupCount)), 1u8);
    mem::write(at(offset_of!(K, NumberOfPhysicalPages)), physical_pages());
}

fn physical_pages() -> u32 {
    host::sysconf(libc::_SC_PHYS_PAGES).min(u32::MAX as u64) as u32
}

/// Maps the page and starts keeping it current. Called once, before guest code runs; a host
/// where the address is taken gets a warning and no page (programs that call APIs still work).
pub fn init() {
    let page = match host::map_read_only_with_writer(ADDRESS, SIZE) {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(target: "nt", "no KUSER_SHARED_DATA at {ADDRESS:#x}: error {}", e.0);
            return;
        }
    };
    fill(page);
    update(page);
    if WRITER.set(page).is_err() {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("shared-data".into())
        .stack_size(64 * 1024)
        .spawn(move || {
            loop {
                std::thread::sleep(TICK);
                update(page);
                crate::kernel32::consoleapi::deliver_noted_ctrl_keys();
            }
        });
}

/// Whether the thread that keeps the page current runs (it also delivers noted console keys).
pub fn ticking() -> bool {
    WRITER.get().is_some()
}

/// PF_* processor features (winnt.h numbers), from the host CPU.
pub fn processor_feature(feature: u32) -> bool {
    use std::arch::is_x86_feature_detected as has;
    match feature {
        2 => false,               // PF_COMPARE_EXCHANGE_DOUBLE (x86 only)
        3 => true,                // PF_MMX_INSTRUCTIONS_AVAILABLE
        6 => has!("sse"),         // PF_XMMI_INSTRUCTIONS_AVAILABLE
        7 => false,               // PF_3DNOW_INSTRUCTIONS_AVAILABLE
        8 => true,                // PF_RDTSC_INSTRUCTION_AVAILABLE
        9 => true,                // PF_PAE_ENABLED
        10 => has!("sse2"),       // PF_XMMI64_INSTRUCTIONS_AVAILABLE
        12 => true,               // PF_NX_ENABLED
        13 => has!("sse3"),       // PF_SSE3_INSTRUCTIONS_AVAILABLE
        14 => has!("cmpxchg16b"), // PF_COMPARE_EXCHANGE128
        17 => has!("fxsr"),       // PF_XSAVE_ENABLED (approximated by fxsr)
        20 => true,               // PF_SECOND_LEVEL_ADDRESS_TRANSLATION
        23 => true,               // PF_FASTFAIL_AVAILABLE
        28 => has!("rdrand"),     // PF_RDRAND_INSTRUCTION_AVAILABLE
        32 => false,              // PF_RDTSCP (conservative)
        36 => has!("ssse3"),      // PF_SSSE3_INSTRUCTIONS_AVAILABLE
        37 => has!("sse4.1"),     // PF_SSE4_1_INSTRUCTIONS_AVAILABLE
        38 => has!("sse4.2"),     // PF_SSE4_2_INSTRUCTIONS_AVAILABLE
        39 => has!("avx"),        // PF_AVX_INSTRUCTIONS_AVAILABLE
        40 => has!("avx2"),       // PF_AVX2_INSTRUCTIONS_AVAILABLE
        41 => has!("avx512f"),    // PF_AVX512F_INSTRUCTIONS_AVAILABLE
        _ => false,
    }
}
