//! processthreadsapi.h: the current process and thread, threads, APCs, startup info, TLS slots,
//! CPU features.

use crate::abi::handles::HANDLES;
use crate::abi::{GuestPtr, Handle, WStrPtr, Win32Error, Win32Result, cpu, mem};
use crate::dllexport;
use crate::nt::thread::{self, ThreadObject};
use crate::nt::{modules, process, teb};
use std::sync::{Arc, Mutex};
use windows_sys::Win32::Foundation::FILETIME;
use windows_sys::Win32::System::Kernel::PROCESSOR_NUMBER;
use windows_sys::Win32::System::Threading::{STARTF_USESTDHANDLES, STARTUPINFOA, STARTUPINFOW};

#[dllexport]
pub fn ExitProcess(uExitCode: u32) -> ! {
    modules::loader().exit_process(uExitCode)
}

/// Ending this process is ExitProcess without DLL detach notifications, as Windows does; a
/// child is killed and reports `uExitCode`.
#[dllexport]
pub fn TerminateProcess(hProcess: Handle, uExitCode: u32) -> Win32Result<()> {
    process_object(hProcess)?.terminate(uExitCode)
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
    Ok(process_object(Process)?.pid)
}

/// The thread behind a handle (GetCurrentThread's pseudo-handle included).
fn thread_object(handle: Handle) -> Win32Result<Arc<ThreadObject>> {
    if handle == Handle::CURRENT_THREAD {
        Ok(thread::current())
    } else {
        HANDLES.get::<ThreadObject>(handle)
    }
}

#[dllexport]
pub fn GetThreadId(Thread: Handle) -> Win32Result<u32> {
    Ok(thread_object(Thread)?.id())
}

#[dllexport]
pub fn GetProcessIdOfThread(Thread: Handle) -> Win32Result<u32> {
    thread_object(Thread)?;
    Ok(process::current_process_id())
}

/// winbase.h (windows-sys has it only under the large WindowsProgramming feature).
const THREAD_PRIORITY_ERROR_RETURN: i32 = i32::MAX;
use windows_sys::Win32::System::Threading::{CREATE_SUSPENDED, STACK_SIZE_PARAM_IS_A_RESERVATION};

/// A NULL start address is refused with ERROR_INVALID_PARAMETER (Windows would start the
/// thread and let it fault at address 0).
#[dllexport]
pub fn CreateThread(
    lpThreadAttributes: GuestPtr<u8>,
    dwStackSize: usize,
    lpStartAddress: u64,
    lpParameter: u64,
    dwCreationFlags: u32,
    lpThreadId: GuestPtr<u32>,
) -> Win32Result<Handle> {
    if lpStartAddress == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let stack = thread::stack_size(
        dwStackSize as u64,
        dwCreationFlags & STACK_SIZE_PARAM_IS_A_RESERVATION != 0,
    );
    let t = thread::spawn(
        lpStartAddress,
        lpParameter,
        stack,
        dwCreationFlags & CREATE_SUSPENDED != 0,
    )?;
    lpThreadId.write(t.id());
    Ok(HANDLES.insert(t, super::synchapi::inherit(lpThreadAttributes)))
}

/// Only the current process has threads winrun can start.
#[dllexport]
pub fn CreateRemoteThread(
    hProcess: Handle,
    lpThreadAttributes: GuestPtr<u8>,
    dwStackSize: usize,
    lpStartAddress: u64,
    lpParameter: u64,
    dwCreationFlags: u32,
    lpThreadId: GuestPtr<u32>,
) -> Win32Result<Handle> {
    if hProcess != Handle::CURRENT_PROCESS {
        return Err(Win32Error::INVALID_HANDLE);
    }
    CreateThread(
        lpThreadAttributes,
        dwStackSize,
        lpStartAddress,
        lpParameter,
        dwCreationFlags,
        lpThreadId,
    )
}

#[dllexport]
pub fn ExitThread(dwExitCode: u32) -> ! {
    thread::exit_current(dwExitCode)
}

/// The thread stops at once: no FLS callbacks, no DLL_THREAD_DETACH; its waiters wake.
#[dllexport]
pub fn TerminateThread(hThread: Handle, dwExitCode: u32) -> Win32Result<()> {
    let target = thread_object(hThread)?;
    if target.id() == thread::current_id() {
        thread::terminate_current(dwExitCode);
    }
    target.terminate(dwExitCode)
}

#[dllexport]
pub fn GetExitCodeThread(hThread: Handle, lpExitCode: GuestPtr<u32>) -> Win32Result<()> {
    let code = thread_object(hThread)?.exit_code();
    lpExitCode
        .write_required(code)
        .map_err(|_| Win32Error::NOACCESS)
}

/// Returns the previous suspend count, or (DWORD)-1 with the last error set.
#[dllexport]
pub fn ResumeThread(hThread: Handle) -> u32 {
    if let Ok(main) = HANDLES.get::<ChildThread>(hThread) {
        return main.process.resume();
    }
    match thread_object(hThread) {
        Ok(t) => t.resume(),
        Err(e) => {
            teb::set_last_error(e.0);
            u32::MAX
        }
    }
}

/// Stops the thread (with a signal whose handler parks it, its registers captured for
/// GetThreadContext) before returning; returns the previous suspend count.
#[dllexport]
pub fn SuspendThread(hThread: Handle) -> u32 {
    match thread_object(hThread).and_then(|t| t.suspend()) {
        Ok(previous) => previous,
        Err(e) => {
            teb::set_last_error(e.0);
            u32::MAX
        }
    }
}

/// The register groups of a CONTEXT (winnt.h CONTEXT_CONTROL ... CONTEXT_DEBUG_REGISTERS,
/// without the CONTEXT_AMD64 bit).
const CONTROL: u32 = 0x1;
const INTEGER: u32 = 0x2;
const SEGMENTS: u32 = 0x4;
const FLOATING_POINT: u32 = 0x8;
const CONTEXT_AMD64: u32 = 0x0010_0000;

/// Copies the register groups `flags` names from the CONTEXT at `from` to the one at `to`.
fn copy_context_groups(from: u64, to: u64, flags: u32) {
    use crate::nt::exception::{read_context, write_context};
    let src = read_context(from);
    let mut dst = read_context(to);
    if flags & CONTROL != 0 {
        dst.SegCs = src.SegCs;
        dst.SegSs = src.SegSs;
        dst.EFlags = src.EFlags;
        dst.Rsp = src.Rsp;
        dst.Rip = src.Rip;
    }
    if flags & INTEGER != 0 {
        (dst.Rax, dst.Rcx, dst.Rdx, dst.Rbx) = (src.Rax, src.Rcx, src.Rdx, src.Rbx);
        (dst.Rbp, dst.Rsi, dst.Rdi) = (src.Rbp, src.Rsi, src.Rdi);
        (dst.R8, dst.R9, dst.R10, dst.R11) = (src.R8, src.R9, src.R10, src.R11);
        (dst.R12, dst.R13, dst.R14, dst.R15) = (src.R12, src.R13, src.R14, src.R15);
    }
    if flags & SEGMENTS != 0 {
        (dst.SegDs, dst.SegEs, dst.SegFs, dst.SegGs) = (src.SegDs, src.SegEs, src.SegFs, src.SegGs);
    }
    if flags & FLOATING_POINT != 0 {
        dst.MxCsr = src.MxCsr;
        dst.Anonymous = src.Anonymous;
    }
    write_context(to, &dst);
}

/// The registers of a suspended thread (of a running one: a snapshot, as on Windows), in the
/// groups the CONTEXT's ContextFlags asks for. The calling thread gets its registers as they
/// are when this call returns.
#[dllexport]
pub fn GetThreadContext(
    hThread: Handle,
    lpContext: GuestPtr<u8>,
    caller: crate::abi::context::CallerContext,
) -> Win32Result<()> {
    let t = thread_object(hThread)?;
    let ctx = lpContext.addr();
    let flags = mem::read::<u32>(ctx + 0x30).ok_or(Win32Error::NOACCESS)?;
    if flags & CONTEXT_AMD64 == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if t.id() == thread::current_id() {
        copy_context_groups(caller.0, ctx, flags);
        return Ok(());
    }
    t.with_frozen_context(|frozen| {
        copy_context_groups(frozen, ctx, flags);
        false
    })
}

/// Changes the registers of a suspended (or, briefly stopped for it, a running) thread in the
/// groups the CONTEXT's ContextFlags names; the thread goes on with them when it resumes. The
/// calling thread goes on with them at once (returning TRUE where the CONTEXT leaves rax
/// alone). Debug registers are not available to a Linux process: that group is ignored.
#[dllexport]
pub fn SetThreadContext(
    hThread: Handle,
    lpContext: GuestPtr<u8>,
    caller: crate::abi::context::CallerContext,
) -> Win32Result<()> {
    let t = thread_object(hThread)?;
    let ctx = lpContext.addr();
    let flags = mem::read::<u32>(ctx + 0x30).ok_or(Win32Error::NOACCESS)?;
    if flags & CONTEXT_AMD64 == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if t.id() == thread::current_id() {
        drop(t);
        let mut here = crate::nt::exception::read_context(caller.0);
        here.Rax = 1;
        crate::nt::exception::write_context(caller.0, &here);
        copy_context_groups(ctx, caller.0, flags);
        crate::nt::exception::continue_in(caller.0);
    }
    t.with_frozen_context(|frozen| {
        copy_context_groups(ctx, frozen, flags);
        true
    })
}

/// ERROR_INVALID_PARAMETER for an id that names no live thread, as on Windows.
#[dllexport]
pub fn OpenThread(
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    dwThreadId: u32,
) -> Win32Result<Handle> {
    let t = thread::by_id(dwThreadId).ok_or(Win32Error::INVALID_PARAMETER)?;
    Ok(HANDLES.insert(t, bInheritHandle))
}

use windows_sys::Win32::Foundation::{
    ERROR_THREAD_MODE_ALREADY_BACKGROUND, ERROR_THREAD_MODE_NOT_BACKGROUND,
};
use windows_sys::Win32::System::Threading::{
    THREAD_MODE_BACKGROUND_BEGIN, THREAD_MODE_BACKGROUND_END, THREAD_PRIORITY_IDLE,
    THREAD_PRIORITY_TIME_CRITICAL,
};

/// The priority is recorded and reported back, and applied to the host thread's nice value
/// where Linux permits (lowering always; raising needs privileges).
#[dllexport]
pub fn SetThreadPriority(hThread: Handle, nPriority: i32) -> Win32Result<()> {
    let t = thread_object(hThread)?;
    match nPriority {
        -2..=2 | THREAD_PRIORITY_IDLE | THREAD_PRIORITY_TIME_CRITICAL => {
            t.set_priority(nPriority);
            Ok(())
        }
        THREAD_MODE_BACKGROUND_BEGIN | THREAD_MODE_BACKGROUND_END => {
            if t.id() != thread::current_id() {
                return Err(Win32Error::INVALID_HANDLE);
            }
            let begin = nPriority == THREAD_MODE_BACKGROUND_BEGIN;
            if t.set_background(begin) {
                Ok(())
            } else if begin {
                Err(Win32Error(ERROR_THREAD_MODE_ALREADY_BACKGROUND))
            } else {
                Err(Win32Error(ERROR_THREAD_MODE_NOT_BACKGROUND))
            }
        }
        _ => Err(Win32Error::INVALID_PARAMETER),
    }
}

#[dllexport]
pub fn GetThreadPriority(hThread: Handle) -> i32 {
    match thread_object(hThread) {
        Ok(t) => t.priority(),
        Err(e) => {
            teb::set_last_error(e.0);
            THREAD_PRIORITY_ERROR_RETURN
        }
    }
}

/// Priority boosts are a Windows scheduler feature: the setting is recorded and reported back.
#[dllexport]
pub fn SetThreadPriorityBoost(hThread: Handle, bDisablePriorityBoost: bool) -> Win32Result<()> {
    thread_object(hThread)?.set_boost_disabled(bDisablePriorityBoost);
    Ok(())
}

#[dllexport]
pub fn GetThreadPriorityBoost(
    hThread: Handle,
    pDisablePriorityBoost: GuestPtr<i32>,
) -> Win32Result<()> {
    let disabled = thread_object(hThread)?.boost_disabled();
    pDisablePriorityBoost.write_required(disabled as i32)
}

#[dllexport]
pub fn SetProcessPriorityBoost(hProcess: Handle, bDisablePriorityBoost: bool) -> Win32Result<()> {
    if hProcess != Handle::CURRENT_PROCESS {
        return Err(Win32Error::INVALID_HANDLE);
    }
    Ok(())
}

#[dllexport]
pub fn GetProcessPriorityBoost(
    hProcess: Handle,
    pDisablePriorityBoost: GuestPtr<i32>,
) -> Win32Result<()> {
    if hProcess != Handle::CURRENT_PROCESS {
        return Err(Win32Error::INVALID_HANDLE);
    }
    pDisablePriorityBoost.write_required(0)
}

/// Returns an HRESULT: S_OK, or E_HANDLE / E_INVALIDARG (HRESULT_FROM_WIN32 of the error).
#[dllexport]
pub fn SetThreadDescription(hThread: Handle, lpThreadDescription: WStrPtr) -> i32 {
    let hresult = |e: Win32Error| (0x8007_0000u32 | e.0) as i32;
    let Some(text) = lpThreadDescription.units() else {
        return hresult(Win32Error::INVALID_PARAMETER);
    };
    match thread_object(hThread) {
        Ok(t) => {
            t.set_description(text);
            0
        }
        Err(e) => hresult(e),
    }
}

/// The description in a LocalAlloc'ed string the caller frees with LocalFree.
#[dllexport]
pub fn GetThreadDescription(hThread: Handle, ppszThreadDescription: GuestPtr<u64>) -> i32 {
    let hresult = |e: Win32Error| (0x8007_0000u32 | e.0) as i32;
    let t = match thread_object(hThread) {
        Ok(t) => t,
        Err(e) => return hresult(e),
    };
    let mut text = t.description();
    text.push(0);
    match super::heapapi::LocalAlloc(0, text.len() * 2) {
        Ok(p) => {
            p.cast::<u16>().write_slice(&text);
            ppszThreadDescription.write(p.addr());
            0
        }
        Err(e) => hresult(e),
    }
}

/// TRUE: the host scheduler was asked to run another thread.
#[dllexport]
pub fn SwitchToThread() -> bool {
    std::thread::yield_now();
    true
}

/// Queues `pfnAPC(dwData)` to run in the thread's next alertable wait.
#[dllexport]
pub fn QueueUserAPC(pfnAPC: u64, hThread: Handle, dwData: u64) -> Win32Result<()> {
    if pfnAPC == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    thread_object(hThread)?.queue_apc(pfnAPC, [dwData, 0, 0]);
    Ok(())
}

#[dllexport]
pub fn GetCurrentThreadStackLimits(LowLimit: GuestPtr<u64>, HighLimit: GuestPtr<u64>) {
    LowLimit.write(cpu::read_u64(teb::offset::DEALLOCATION_STACK));
    HighLimit.write(cpu::read_u64(teb::offset::STACK_BASE));
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
        // On Windows (and Wine) system DLLs hold index 0 before the program runs, so programs
        // never get it; Rust's std uses 0 as its "no key yet" value and aborts on it.
        used[0] = true;
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
    crate::nt::shared_data::processor_feature(ProcessorFeature)
}

fn filetime(ticks: u64) -> FILETIME {
    FILETIME {
        dwLowDateTime: ticks as u32,
        dwHighDateTime: (ticks >> 32) as u32,
    }
}

#[dllexport]
pub fn GetThreadTimes(
    hThread: Handle,
    lpCreationTime: GuestPtr<FILETIME>,
    lpExitTime: GuestPtr<FILETIME>,
    lpKernelTime: GuestPtr<FILETIME>,
    lpUserTime: GuestPtr<FILETIME>,
) -> Win32Result<()> {
    let (created, ended, kernel, user) = thread_object(hThread)?.times();
    lpCreationTime.write(filetime(created));
    lpExitTime.write(filetime(ended));
    lpKernelTime.write(filetime(kernel));
    lpUserTime.write(filetime(user));
    Ok(())
}

/// Clock ticks of a /proc stat line's fields as 100 ns units.
fn proc_ticks(field: &str) -> u64 {
    let hz = crate::abi::host::sysconf(libc::_SC_CLK_TCK).max(1);
    field.parse::<u64>().unwrap_or(0) * 10_000_000 / hz
}

/// The process's creation time (from its start in /proc) and CPU time; the exit time is 0.
#[dllexport]
pub fn GetProcessTimes(
    hProcess: Handle,
    lpCreationTime: GuestPtr<FILETIME>,
    lpExitTime: GuestPtr<FILETIME>,
    lpKernelTime: GuestPtr<FILETIME>,
    lpUserTime: GuestPtr<FILETIME>,
) -> Win32Result<()> {
    if hProcess != Handle::CURRENT_PROCESS {
        return Err(Win32Error::INVALID_HANDLE);
    }
    let stat = std::fs::read_to_string("/proc/self/stat").map_err(Win32Error::from)?;
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let field = |i: usize| proc_ticks(fields.get(i).copied().unwrap_or("0"));
    // Fields 14 (utime), 15 (stime) and 22 (starttime, since boot); `fields` starts at the 3rd.
    let (user, kernel, start) = (field(11), field(12), field(19));
    let boot_ticks = {
        let d = crate::abi::host::clock_gettime(libc::CLOCK_BOOTTIME);
        d.as_secs() * 10_000_000 + (d.subsec_nanos() / 100) as u64
    };
    let booted = crate::kernel32::sysinfoapi::filetime_now() - boot_ticks;
    lpCreationTime.write(filetime(booted + start));
    lpExitTime.write(filetime(0));
    lpKernelTime.write(filetime(kernel));
    lpUserTime.write(filetime(user));
    Ok(())
}

/// Summed over all processors, from /proc/stat; kernel time includes idle time, as on Windows.
#[dllexport]
pub fn GetSystemTimes(
    lpIdleTime: GuestPtr<FILETIME>,
    lpKernelTime: GuestPtr<FILETIME>,
    lpUserTime: GuestPtr<FILETIME>,
) -> Win32Result<()> {
    let stat = std::fs::read_to_string("/proc/stat").map_err(Win32Error::from)?;
    let cpu: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .map(proc_ticks)
        .collect();
    let at = |i: usize| cpu.get(i).copied().unwrap_or(0);
    // user nice system idle iowait irq softirq
    let idle = at(3) + at(4);
    let user = at(0) + at(1);
    let kernel = at(2) + at(5) + at(6) + idle;
    lpIdleTime.write(filetime(idle));
    lpKernelTime.write(filetime(kernel));
    lpUserTime.write(filetime(user));
    Ok(())
}

/// Every processor the system has for the process.
fn all_processors_mask() -> u64 {
    process::system_affinity_mask()
}

#[dllexport]
pub fn GetProcessAffinityMask(
    hProcess: Handle,
    lpProcessAffinityMask: GuestPtr<u64>,
    lpSystemAffinityMask: GuestPtr<u64>,
) -> Win32Result<()> {
    let mask = process_object(hProcess)?.affinity_mask();
    lpProcessAffinityMask.write_required(mask)?;
    lpSystemAffinityMask.write_required(all_processors_mask())
}

/// For this process or a child: every thread it has (and, in this process, those it starts
/// later) runs only on the processors of the mask. A child's own GetProcessAffinityMask keeps
/// reporting the mask it knows of.
#[dllexport]
pub fn SetProcessAffinityMask(hProcess: Handle, dwProcessAffinityMask: u64) -> Win32Result<()> {
    process_object(hProcess)?.set_affinity_mask(dwProcessAffinityMask)
}

#[dllexport]
pub fn GetCurrentProcessorNumber() -> u32 {
    process::current_processor()
}

#[dllexport]
pub fn GetCurrentProcessorNumberEx(ProcNumber: GuestPtr<PROCESSOR_NUMBER>) {
    ProcNumber.write(PROCESSOR_NUMBER {
        Group: 0,
        Number: process::current_processor() as u8,
        Reserved: 0,
    });
}

/// Pins the thread to the processors of the mask (a subset of the process's); returns the
/// previous mask.
#[dllexport]
pub fn SetThreadAffinityMask(hThread: Handle, dwThreadAffinityMask: u64) -> Win32Result<u64> {
    thread_object(hThread)?.set_affinity(dwThreadAffinityMask)
}

/// winnt.h MAXIMUM_PROCESSORS: asks SetThreadIdealProcessor for the current ideal processor.
const MAXIMUM_PROCESSORS: u32 = 64;

/// The ideal processor is a scheduling hint: it is recorded and reported back.
#[dllexport]
pub fn SetThreadIdealProcessor(hThread: Handle, dwIdealProcessor: u32) -> u32 {
    let result = thread_object(hThread).and_then(|t| match dwIdealProcessor {
        MAXIMUM_PROCESSORS => Ok(t.ideal_processor()),
        n if n < process::number_of_processors() => Ok(t.set_ideal_processor(n)),
        _ => Err(Win32Error::INVALID_PARAMETER),
    });
    result.unwrap_or_else(|e| {
        teb::set_last_error(e.0);
        u32::MAX
    })
}

#[dllexport]
pub fn GetThreadIdealProcessorEx(
    hThread: Handle,
    lpIdealProcessor: GuestPtr<PROCESSOR_NUMBER>,
) -> Win32Result<()> {
    let number = thread_object(hThread)?.ideal_processor() as u8;
    lpIdealProcessor.write_required(PROCESSOR_NUMBER {
        Group: 0,
        Number: number,
        Reserved: 0,
    })
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

// Processes (DESIGN §7): children run under a new winrun or as Linux programs; see nt::child.

use crate::nt::child::{self, ChildThread, Image, ProcessObject, SpawnRequest, Stdio};
use crate::nt::file::FileObject;
use windows_sys::Win32::System::Threading::{CREATE_UNICODE_ENVIRONMENT, PROCESS_INFORMATION};

/// The process behind a handle (GetCurrentProcess's pseudo-handle included).
pub fn process_object(handle: Handle) -> Win32Result<Arc<ProcessObject>> {
    if handle == Handle::CURRENT_PROCESS {
        Ok(ProcessObject::current())
    } else {
        HANDLES.get::<ProcessObject>(handle)
    }
}

/// An environment block: `name=value` strings each ending in NUL, then a final NUL; ANSI
/// (the code page, UTF-8) or UTF-16.
fn read_environment(block: GuestPtr<u8>, unicode: bool) -> Win32Result<Vec<(String, String)>> {
    const LIMIT: usize = 1 << 24;
    let mut entries = Vec::new();
    let mut at = 0usize;
    loop {
        let entry = if unicode {
            let start = block.addr() + at as u64 * 2;
            let units = WStrPtr(start).units().ok_or(Win32Error::NOACCESS)?;
            at += units.len() + 1;
            String::from_utf16_lossy(&units)
        } else {
            let start = block.addr() + at as u64;
            let bytes = crate::abi::CStrPtr(start)
                .bytes()
                .ok_or(Win32Error::NOACCESS)?;
            at += bytes.len() + 1;
            String::from_utf8_lossy(&bytes).into_owned()
        };
        if entry.is_empty() || at > LIMIT {
            break;
        }
        // Names may start with '=' (per-drive directories): split after the first character.
        if let Some(i) = entry[1..].find('=') {
            entries.push((entry[..i + 1].to_string(), entry[i + 2..].to_string()));
        }
    }
    Ok(entries)
}

/// Where a handle's stream goes in a child: the file descriptor behind it, or nowhere.
fn stdio_of(handle: u64) -> Stdio {
    match HANDLES.get::<FileObject>(Handle(handle)) {
        Ok(f) => Stdio::Fd(f.fd()),
        Err(_) => Stdio::Null,
    }
}

/// What CreateProcessW and CreateProcessA share once their strings are decoded.
struct ProcessRequest {
    application: Option<String>,
    command_line: Option<String>,
    process_inherit: bool,
    thread_inherit: bool,
    inherit_handles: bool,
    flags: u32,
    environment: Option<Vec<(String, String)>>,
    current_directory: Option<String>,
    /// STARTUPINFO's dwFlags and hStdInput, hStdOutput, hStdError.
    startup: (u32, [u64; 3]),
}

/// Starts a child the way the C runtime does (`system`, `_spawn*`, `_popen`): inheritable
/// handles are inherited; `std` replaces the standard handles when given.
pub fn start_child(
    application: Option<String>,
    command_line: String,
    environment: Option<Vec<(String, String)>>,
    std: Option<[u64; 3]>,
) -> Win32Result<Arc<ProcessObject>> {
    start(ProcessRequest {
        application,
        command_line: Some(command_line),
        process_inherit: false,
        thread_inherit: false,
        inherit_handles: true,
        flags: 0,
        environment,
        current_directory: None,
        startup: match std {
            Some(handles) => (STARTF_USESTDHANDLES, handles),
            None => (0, [0; 3]),
        },
    })
}

fn start(req: ProcessRequest) -> Win32Result<Arc<ProcessObject>> {
    let command_line = match (&req.command_line, &req.application) {
        (Some(c), _) if !c.is_empty() => c.clone(),
        (_, Some(a)) if a.contains([' ', '\t']) => format!("\"{a}\""),
        (_, Some(a)) => a.clone(),
        _ => return Err(Win32Error::INVALID_PARAMETER),
    };
    let image = child::find_image(req.application.as_deref(), &command_line)?;
    let current_dir = {
        let dir = req
            .current_directory
            .clone()
            .unwrap_or_else(crate::nt::path::current_dir);
        match crate::nt::path::resolve(&dir) {
            Ok(crate::nt::path::Target::File(p)) => {
                let host = crate::nt::path::locate(&p).full();
                if !host.is_dir() {
                    return Err(Win32Error::DIRECTORY);
                }
                host
            }
            _ => return Err(Win32Error::DIRECTORY),
        }
    };
    let (startup_flags, std) = req.startup;
    let std = if startup_flags & STARTF_USESTDHANDLES != 0 {
        std
    } else {
        std_handles()
    };
    let inherit = if req.inherit_handles {
        HANDLES
            .inheritable_handles()
            .into_iter()
            .filter_map(|(h, o)| {
                let any: Arc<dyn std::any::Any + Send + Sync> = o;
                any.downcast::<FileObject>().ok().map(|f| (h, f.fd()))
            })
            .collect()
    } else {
        Vec::new()
    };
    let suspended = req.flags & CREATE_SUSPENDED != 0;
    let process = child::spawn(SpawnRequest {
        image: image.clone(),
        command_line,
        env: req.environment.unwrap_or_else(crate::nt::env::vars),
        current_dir,
        stdio: std.map(stdio_of),
        inherit,
        suspended: suspended && matches!(image, Image::Pe(_)),
    })?;
    Ok(process)
}

fn create_process(req: ProcessRequest, info: GuestPtr<PROCESS_INFORMATION>) -> Win32Result<()> {
    let (process_inherit, thread_inherit) = (req.process_inherit, req.thread_inherit);
    let process = start(req)?;
    let pid = process.pid;
    let thread = Arc::new(ChildThread {
        process: process.clone(),
    });
    let h_process = HANDLES.insert(process, process_inherit);
    let h_thread = HANDLES.insert(thread, thread_inherit);
    let mut out: PROCESS_INFORMATION = mem::zeroed();
    out.hProcess = h_process.0 as _;
    out.hThread = h_thread.0 as _;
    out.dwProcessId = pid;
    // A Linux process's main thread has the process's id.
    out.dwThreadId = pid;
    info.write(out);
    Ok(())
}

/// The command line is not written to (Windows may modify the caller's buffer temporarily).
#[dllexport]
pub fn CreateProcessW(
    lpApplicationName: WStrPtr,
    lpCommandLine: WStrPtr,
    lpProcessAttributes: GuestPtr<u8>,
    lpThreadAttributes: GuestPtr<u8>,
    bInheritHandles: bool,
    dwCreationFlags: u32,
    lpEnvironment: GuestPtr<u8>,
    lpCurrentDirectory: WStrPtr,
    lpStartupInfo: GuestPtr<STARTUPINFOW>,
    lpProcessInformation: GuestPtr<PROCESS_INFORMATION>,
) -> Win32Result<()> {
    let si = lpStartupInfo.read().ok_or(Win32Error::NOACCESS)?;
    let startup = (
        si.dwFlags,
        [
            si.hStdInput as u64,
            si.hStdOutput as u64,
            si.hStdError as u64,
        ],
    );
    let names = [
        lpApplicationName.string(),
        lpCommandLine.string(),
        lpCurrentDirectory.string(),
    ];
    create_process_with(
        names,
        lpProcessAttributes,
        lpThreadAttributes,
        bInheritHandles,
        dwCreationFlags,
        lpEnvironment,
        startup,
        lpProcessInformation,
    )
}

#[dllexport]
pub fn CreateProcessA(
    lpApplicationName: crate::abi::CStrPtr,
    lpCommandLine: crate::abi::CStrPtr,
    lpProcessAttributes: GuestPtr<u8>,
    lpThreadAttributes: GuestPtr<u8>,
    bInheritHandles: bool,
    dwCreationFlags: u32,
    lpEnvironment: GuestPtr<u8>,
    lpCurrentDirectory: crate::abi::CStrPtr,
    lpStartupInfo: GuestPtr<STARTUPINFOA>,
    lpProcessInformation: GuestPtr<PROCESS_INFORMATION>,
) -> Win32Result<()> {
    let si = lpStartupInfo.read().ok_or(Win32Error::NOACCESS)?;
    let startup = (
        si.dwFlags,
        [
            si.hStdInput as u64,
            si.hStdOutput as u64,
            si.hStdError as u64,
        ],
    );
    let names = [
        lpApplicationName.string(),
        lpCommandLine.string(),
        lpCurrentDirectory.string(),
    ];
    create_process_with(
        names,
        lpProcessAttributes,
        lpThreadAttributes,
        bInheritHandles,
        dwCreationFlags,
        lpEnvironment,
        startup,
        lpProcessInformation,
    )
}

/// The body CreateProcessW and CreateProcessA share once their strings are read: the
/// application name, command line and current directory, and the STARTUPINFO's flags and std
/// handles.
fn create_process_with(
    [application, command_line, current_directory]: [Option<String>; 3],
    lpProcessAttributes: GuestPtr<u8>,
    lpThreadAttributes: GuestPtr<u8>,
    bInheritHandles: bool,
    dwCreationFlags: u32,
    lpEnvironment: GuestPtr<u8>,
    startup: (u32, [u64; 3]),
    lpProcessInformation: GuestPtr<PROCESS_INFORMATION>,
) -> Win32Result<()> {
    let environment = (!lpEnvironment.is_null())
        .then(|| {
            read_environment(
                lpEnvironment,
                dwCreationFlags & CREATE_UNICODE_ENVIRONMENT != 0,
            )
        })
        .transpose()?;
    create_process(
        ProcessRequest {
            application,
            command_line,
            process_inherit: super::synchapi::inherit(lpProcessAttributes),
            thread_inherit: super::synchapi::inherit(lpThreadAttributes),
            inherit_handles: bInheritHandles,
            flags: dwCreationFlags,
            environment,
            current_directory,
            startup,
        },
        lpProcessInformation,
    )
}

/// STILL_ACTIVE (259) while the process runs.
#[dllexport]
pub fn GetExitCodeProcess(hProcess: Handle, lpExitCode: GuestPtr<u32>) -> Win32Result<()> {
    let code = process_object(hProcess)?.exit_code();
    lpExitCode.write_required(code)
}

/// This process and its own children can be opened; another process that exists is refused
/// (ERROR_ACCESS_DENIED), an id no process has is ERROR_INVALID_PARAMETER, as on Windows.
#[dllexport]
pub fn OpenProcess(
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    dwProcessId: u32,
) -> Win32Result<Handle> {
    let process = if dwProcessId == process::current_process_id() {
        ProcessObject::current()
    } else if let Some(p) = ProcessObject::child(dwProcessId) {
        p
    } else if dwProcessId != 0 && std::path::Path::new(&format!("/proc/{dwProcessId}")).exists() {
        return Err(Win32Error::ACCESS_DENIED);
    } else {
        return Err(Win32Error::INVALID_PARAMETER);
    };
    Ok(HANDLES.insert(process, bInheritHandle))
}
