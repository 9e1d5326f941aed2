//! processthreadsapi.h: the current process and thread, startup info, TLS slots, CPU features.

use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result, cpu, mem};
use crate::dllexport;
use crate::nt::{modules, process, teb};
use std::sync::Mutex;
use windows_sys::Win32::System::Threading::{STARTF_USESTDHANDLES, STARTUPINFOA, STARTUPINFOW};

#[dllexport]
pub fn ExitProcess(uExitCode: u32) -> ! {
    modules::loader().exit_process(uExitCode)
}

/// Ending another process needs process objects (not yet); ending this one is ExitProcess
/// without DLL detach notifications, as Windows does.
#[dllexport]
pub fn TerminateProcess(hProcess: Handle, uExitCode: u32) -> Win32Result<()> {
    if hProcess != Handle::CURRENT_PROCESS {
        return Err(Win32Error::INVALID_HANDLE);
    }
    crate::nt::process::flush_and_exit(uExitCode)
}

#[dllexport]
pub fn GetCurrentProcess() -> Handle {
    Handle::CURRENT_PROCESS
}

#[dllexport]
pub fn GetCurrentProcessId() -> u32 {
    process::current_process_id()
}

#[dllexport]
pub fn GetCurrentThread() -> Handle {
    Handle::CURRENT_THREAD
}

#[dllexport]
pub fn GetCurrentThreadId() -> u32 {
    process::current_thread_id()
}

#[dllexport]
pub fn GetProcessId(Process: Handle) -> Win32Result<u32> {
    if Process == Handle::CURRENT_PROCESS {
        Ok(process::current_process_id())
    } else {
        Err(Win32Error::INVALID_HANDLE)
    }
}

#[dllexport]
pub fn GetThreadId(Thread: Handle) -> Win32Result<u32> {
    if Thread == Handle::CURRENT_THREAD {
        Ok(process::current_thread_id())
    } else {
        Err(Win32Error::INVALID_HANDLE)
    }
}

fn std_handles() -> [u64; 3] {
    use process::StdHandle::*;
    [Input, Output, Error].map(|w| mem::read::<u64>(process::std_handle_slot(w)).unwrap_or(0))
}

#[dllexport]
pub fn GetStartupInfoW(lpStartupInfo: GuestPtr<STARTUPINFOW>) {
    let mut info: STARTUPINFOW = mem::zeroed();
    info.cb = size_of::<STARTUPINFOW>() as u32;
    info.dwFlags = STARTF_USESTDHANDLES;
    let [i, o, e] = std_handles();
    info.hStdInput = i as _;
    info.hStdOutput = o as _;
    info.hStdError = e as _;
    lpStartupInfo.write(info);
}

#[dllexport]
pub fn GetStartupInfoA(lpStartupInfo: GuestPtr<STARTUPINFOA>) {
    let mut info: STARTUPINFOA = mem::zeroed();
    info.cb = size_of::<STARTUPINFOA>() as u32;
    info.dwFlags = STARTF_USESTDHANDLES;
    let [i, o, e] = std_handles();
    info.hStdInput = i as _;
    info.hStdOutput = o as _;
    info.hStdError = e as _;
    lpStartupInfo.write(info);
}

// Thread local storage slots: 64 in the TEB (gs:[0x1480 + 8*i]), then 1024 expansion slots in a
// per-thread array the TEB points to. The allocation bitmap is process-wide.

const TLS_SLOTS: usize = 64;
const TLS_EXPANSION: usize = 1024;
const TLS_OUT_OF_INDEXES: u32 = u32::MAX;

static TLS_USED: Mutex<Vec<bool>> = Mutex::new(Vec::new());

fn tls_slot_addr(index: u32, create: bool) -> Option<u64> {
    let i = index as usize;
    let t = teb::current();
    if i < TLS_SLOTS {
        return Some(t + teb::offset::TLS_SLOTS + 8 * i as u64);
    }
    if i >= TLS_SLOTS + TLS_EXPANSION {
        return None;
    }
    let mut array = mem::read::<u64>(t + teb::offset::TLS_EXPANSION_SLOTS)?;
    if array == 0 {
        if !create {
            return Some(0);
        }
        array = mem::alloc_zeroed(TLS_EXPANSION * 8, 16);
        mem::write(t + teb::offset::TLS_EXPANSION_SLOTS, array);
    }
    Some(array + 8 * (i - TLS_SLOTS) as u64)
}

#[dllexport]
pub fn TlsAlloc() -> u32 {
    let mut used = TLS_USED.lock().unwrap_or_else(|e| e.into_inner());
    if used.is_empty() {
        used.resize(TLS_SLOTS + TLS_EXPANSION, false);
    }
    match used.iter().position(|u| !u) {
        Some(i) => {
            used[i] = true;
            // A new slot reads as zero in every thread; this thread's copy is cleared here,
            // others' by TlsFree of the previous owner.
            if let Some(a) = tls_slot_addr(i as u32, false).filter(|&a| a != 0) {
                mem::write(a, 0u64);
            }
            i as u32
        }
        None => {
            teb::set_last_error(Win32Error::NO_MORE_ITEMS.0);
            TLS_OUT_OF_INDEXES
        }
    }
}

fn tls_in_use(index: u32) -> bool {
    let used = TLS_USED.lock().unwrap_or_else(|e| e.into_inner());
    used.get(index as usize).copied().unwrap_or(false)
}

#[dllexport]
pub fn TlsFree(dwTlsIndex: u32) -> Win32Result<()> {
    let mut used = TLS_USED.lock().unwrap_or_else(|e| e.into_inner());
    match used.get_mut(dwTlsIndex as usize) {
        Some(u) if *u => {
            *u = false;
            Ok(())
        }
        _ => Err(Win32Error::INVALID_PARAMETER),
    }
}

/// TlsGetValue clears the last error on success (documented, so a stored 0 can be told apart).
#[dllexport]
pub fn TlsGetValue(dwTlsIndex: u32) -> Win32Result<GuestPtr<u8>> {
    if (dwTlsIndex as usize) < TLS_SLOTS {
        teb::set_last_error(0);
        return Ok(GuestPtr::new(cpu::read_u64(
            teb::offset::TLS_SLOTS + 8 * dwTlsIndex as u64,
        )));
    }
    if !tls_in_use(dwTlsIndex) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let addr = tls_slot_addr(dwTlsIndex, false).ok_or(Win32Error::INVALID_PARAMETER)?;
    teb::set_last_error(0);
    Ok(GuestPtr::new(if addr == 0 {
        0
    } else {
        mem::read::<u64>(addr).unwrap_or(0)
    }))
}

#[dllexport]
pub fn TlsSetValue(dwTlsIndex: u32, lpTlsValue: GuestPtr<u8>) -> Win32Result<()> {
    if dwTlsIndex as usize >= TLS_SLOTS && !tls_in_use(dwTlsIndex) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let addr = tls_slot_addr(dwTlsIndex, true).ok_or(Win32Error::INVALID_PARAMETER)?;
    mem::write(addr, lpTlsValue.addr());
    Ok(())
}

#[dllexport]
pub fn IsProcessorFeaturePresent(ProcessorFeature: u32) -> bool {
    use std::arch::is_x86_feature_detected as has;
    // PF_* numbers from winnt.h.
    match ProcessorFeature {
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

/// TEB.GuaranteedStackBytes (x64).
const TEB_GUARANTEED_STACK_BYTES: u64 = 0x1748;

/// The stack kept for handling a stack overflow on this thread: the request is recorded and
/// the previous value returned; a smaller request than the current one is ignored, as on
/// Windows. winrun keeps a fixed 64 KiB below each guest thread's guard page, which meets the
/// requests programs make (Rust's standard library asks for 20 KiB).
#[dllexport]
pub fn SetThreadStackGuarantee(StackSizeInBytes: GuestPtr<u32>) -> Win32Result<()> {
    let requested = StackSizeInBytes
        .read()
        .ok_or(Win32Error::INVALID_PARAMETER)?;
    let slot = teb::current() + TEB_GUARANTEED_STACK_BYTES;
    let old = mem::read::<u32>(slot).unwrap_or(0);
    let base = cpu::read_u64(teb::offset::STACK_BASE);
    let lowest = cpu::read_u64(teb::offset::DEALLOCATION_STACK);
    if requested as u64 >= base.saturating_sub(lowest) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if requested > 64 * 1024 {
        tracing::warn!(target: "kernel32", "SetThreadStackGuarantee({requested}): only 64 KiB are kept");
    }
    if requested > old {
        mem::write(slot, requested);
    }
    StackSizeInBytes.write(old);
    Ok(())
}
