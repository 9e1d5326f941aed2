//! errhandlingapi.h: the thread's last error, process error modes, raising exceptions and the
//! top-level exception filter.

use crate::abi::context::CallerContext;
use crate::abi::{GuestCell, GuestPtr};
use crate::dllexport;
use crate::nt::exception::{self, EXCEPTION_NONCONTINUABLE};
use crate::nt::teb;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use windows_sys::Win32::System::Diagnostics::Debug::EXCEPTION_RECORD;

#[dllexport]
pub fn GetLastError() -> u32 {
    teb::last_error()
}

#[dllexport]
pub fn SetLastError(dwErrCode: u32) {
    teb::set_last_error(dwErrCode)
}

static ERROR_MODE: AtomicU32 = AtomicU32::new(0);

#[dllexport]
pub fn SetErrorMode(uMode: u32) -> u32 {
    ERROR_MODE.swap(uMode, Ordering::Relaxed)
}

#[dllexport]
pub fn GetErrorMode() -> u32 {
    ERROR_MODE.load(Ordering::Relaxed)
}

static UNHANDLED_FILTER: AtomicU64 = AtomicU64::new(0);

/// Records the top-level filter; the exception dispatcher calls it for unhandled exceptions.
#[dllexport]
pub fn SetUnhandledExceptionFilter(lpTopLevelExceptionFilter: GuestPtr<u8>) -> GuestPtr<u8> {
    GuestPtr::new(UNHANDLED_FILTER.swap(lpTopLevelExceptionFilter.addr(), Ordering::AcqRel))
}

/// The filter set by SetUnhandledExceptionFilter (0 when none).
pub fn unhandled_exception_filter() -> u64 {
    UNHANDLED_FILTER.load(Ordering::Acquire)
}

/// Raises an exception in the calling thread; returns when a handler continues execution. Only
/// EXCEPTION_NONCONTINUABLE of the flags is kept, and at most EXCEPTION_MAXIMUM_PARAMETERS (15)
/// arguments, as on Windows.
#[dllexport]
pub fn RaiseException(
    dwExceptionCode: u32,
    dwExceptionFlags: u32,
    nNumberOfArguments: u32,
    lpArguments: GuestPtr<u64>,
    caller: CallerContext,
) -> ! {
    let mut record = EXCEPTION_RECORD {
        ExceptionCode: dwExceptionCode as i32,
        ExceptionFlags: dwExceptionFlags & EXCEPTION_NONCONTINUABLE,
        ..Default::default()
    };
    if !lpArguments.is_null() {
        let count = nNumberOfArguments.min(15);
        record.NumberParameters = count;
        for (i, v) in lpArguments
            .read_slice(count as usize)
            .into_iter()
            .enumerate()
        {
            record.ExceptionInformation[i] = v as usize;
        }
    }
    let record = GuestCell::new(record);
    exception::raise(record.addr(), caller)
}

/// The top-level filter: the one SetUnhandledExceptionFilter installed decides; without one (or
/// when it says EXCEPTION_CONTINUE_SEARCH), the exception is reported on stderr and the caller
/// is told to run its handler (which ends the process), as Windows does without a debugger.
#[dllexport]
pub fn UnhandledExceptionFilter(ExceptionInfo: GuestPtr<[u64; 2]>) -> i32 {
    let filter = unhandled_exception_filter();
    if filter != 0 {
        let verdict = crate::abi::call::call(filter, &[ExceptionInfo.addr()]) as i32;
        if verdict != exception::EXCEPTION_CONTINUE_SEARCH {
            return verdict;
        }
    }
    if let Some([record, _]) = ExceptionInfo.read() {
        exception::report(record);
    }
    exception::EXCEPTION_EXECUTE_HANDLER
}

/// STATUS_FAIL_FAST_EXCEPTION: the exit code without an exception record.
const STATUS_FAIL_FAST_EXCEPTION: u32 = 0xC000_0602;

/// Ends the process at once with the record's exception code: no handler, filter, atexit
/// function or DLL notification runs.
#[dllexport]
pub fn RaiseFailFastException(
    pExceptionRecord: GuestPtr<EXCEPTION_RECORD>,
    pContextRecord: GuestPtr<u8>,
    dwFlags: u32,
) -> ! {
    let _ = (pContextRecord, dwFlags);
    let code = pExceptionRecord
        .read()
        .map_or(STATUS_FAIL_FAST_EXCEPTION, |r| r.ExceptionCode as u32);
    eprintln!("winrun: fail-fast exception {code:#010x}");
    crate::nt::process::flush_and_exit(code)
}
