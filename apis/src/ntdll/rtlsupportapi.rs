//! rtlsupportapi.h (and the NT exception calls beside it): capturing and restoring contexts,
//! function tables, virtual unwinding, raising and unwinding exceptions, vectored handlers.

use crate::abi::context::CallerContext;
use crate::abi::{GuestPtr, mem};
use crate::dllexport;
use crate::nt::exception::{self, SavedAt, read_context, write_context};
use crate::nt::modules;

/// Copies the caller's registers, as they are when this call returns, into `ContextRecord`.
#[dllexport]
pub fn RtlCaptureContext(ContextRecord: GuestPtr<u8>, caller: CallerContext) {
    if !ContextRecord.is_null() {
        write_context(ContextRecord.addr(), &read_context(caller.0));
    }
}

/// Continues in `ContextRecord`; STATUS_LONGJUMP and STATUS_UNWIND_CONSOLIDATE records adjust
/// it first (see `continue_with_record`).
#[dllexport]
pub fn RtlRestoreContext(ContextRecord: GuestPtr<u8>, ExceptionRecord: GuestPtr<u8>) -> ! {
    exception::continue_with_record(ContextRecord.addr(), ExceptionRecord.addr())
}

#[dllexport]
pub fn NtContinue(ContextRecord: GuestPtr<u8>, TestAlert: bool) -> ! {
    exception::continue_in(ContextRecord.addr())
}

/// The RUNTIME_FUNCTION covering `ControlPc` (0 when none), with its image base.
#[dllexport]
pub fn RtlLookupFunctionEntry(
    ControlPc: u64,
    ImageBase: GuestPtr<u64>,
    HistoryTable: GuestPtr<u8>,
) -> u64 {
    match exception::lookup_function(ControlPc) {
        Some((base, function)) => {
            ImageBase.write(base);
            function
        }
        None => {
            ImageBase.write(0);
            0
        }
    }
}

/// Unwinds one frame of `ContextRecord`; returns the frame's language handler of the requested
/// kind (0 when none). `ContextPointers` (KNONVOLATILE_CONTEXT_POINTERS), when given, receives
/// the stack address of each non-volatile register the frame saved.
#[dllexport]
pub fn RtlVirtualUnwind(
    HandlerType: u32,
    ImageBase: u64,
    ControlPc: u64,
    FunctionEntry: u64,
    ContextRecord: GuestPtr<u8>,
    HandlerData: GuestPtr<u64>,
    EstablisherFrame: GuestPtr<u64>,
    ContextPointers: GuestPtr<SavedAt>,
) -> u64 {
    let mut c = read_context(ContextRecord.addr());
    let mut saved = ContextPointers.read();
    match exception::virtual_unwind(
        HandlerType,
        ImageBase,
        ControlPc,
        FunctionEntry,
        &mut c,
        saved.as_mut(),
    ) {
        Ok(unwound) => {
            write_context(ContextRecord.addr(), &c);
            if let Some(saved) = saved {
                ContextPointers.write(saved);
            }
            HandlerData.write(unwound.handler_data);
            EstablisherFrame.write(unwound.frame);
            if unwound.handler != 0 {
                ImageBase + unwound.handler
            } else {
                0
            }
        }
        Err(_) => {
            EstablisherFrame.write(0);
            0
        }
    }
}

#[dllexport]
pub fn RtlUnwindEx(
    TargetFrame: u64,
    TargetIp: u64,
    ExceptionRecord: GuestPtr<u8>,
    ReturnValue: u64,
    ContextRecord: GuestPtr<u8>,
    HistoryTable: GuestPtr<u8>,
    caller: CallerContext,
) -> ! {
    exception::unwind(
        TargetFrame,
        TargetIp,
        ExceptionRecord.addr(),
        ReturnValue,
        ContextRecord.addr(),
        HistoryTable.addr(),
        caller,
    )
}

#[dllexport]
pub fn RtlUnwind(
    TargetFrame: u64,
    TargetIp: u64,
    ExceptionRecord: GuestPtr<u8>,
    ReturnValue: u64,
    caller: CallerContext,
) -> ! {
    exception::unwind(
        TargetFrame,
        TargetIp,
        ExceptionRecord.addr(),
        ReturnValue,
        0,
        0,
        caller,
    )
}

#[dllexport]
pub fn RtlRaiseException(ExceptionRecord: GuestPtr<u8>, caller: CallerContext) -> ! {
    exception::raise(ExceptionRecord.addr(), caller)
}

#[dllexport]
pub fn RtlAddFunctionTable(FunctionTable: u64, EntryCount: u32, BaseAddress: u64) -> bool {
    exception::add_function_table(FunctionTable, EntryCount, BaseAddress)
}

/// Code in [BaseAddress, BaseAddress + Length) gets its RUNTIME_FUNCTION from `Callback(pc,
/// Context)` (JIT compilers); `OutOfProcessCallbackDll` serves debuggers only.
#[dllexport]
pub fn RtlInstallFunctionTableCallback(
    TableIdentifier: u64,
    BaseAddress: u64,
    Length: u32,
    Callback: u64,
    Context: u64,
    OutOfProcessCallbackDll: u64,
) -> bool {
    exception::add_function_table_callback(TableIdentifier, BaseAddress, Length, Callback, Context)
}

#[dllexport]
pub fn RtlDeleteFunctionTable(FunctionTable: u64) -> bool {
    exception::delete_function_table(FunctionTable)
}

/// The base of the image containing `PcValue` (0 when none), also stored at `BaseOfImage`.
#[dllexport]
pub fn RtlPcToFileHeader(PcValue: u64, BaseOfImage: GuestPtr<u64>) -> u64 {
    let base = modules::loader().module_from_address(PcValue).unwrap_or(0);
    BaseOfImage.write(base);
    base
}

/// The return addresses of the caller's frames, innermost first (frame 0 is the caller itself),
/// found by virtual unwinding; returns how many were stored.
#[dllexport]
pub fn RtlCaptureStackBackTrace(
    FramesToSkip: u32,
    FramesToCapture: u32,
    BackTrace: GuestPtr<u64>,
    BackTraceHash: GuestPtr<u32>,
    caller: CallerContext,
) -> u16 {
    let mut c = read_context(caller.0);
    let mut stored = 0u32;
    let mut hash = 0u32;
    let mut index = 0u32;
    while stored < FramesToCapture.min(u16::MAX as u32) && c.Rip != 0 {
        if index >= FramesToSkip {
            mem::write(BackTrace.addr() + stored as u64 * 8, c.Rip);
            hash = hash.wrapping_add(c.Rip as u32);
            stored += 1;
        }
        index += 1;
        let Some((base, function)) = exception::lookup_function(c.Rip) else {
            break;
        };
        let pc = c.Rip;
        if exception::virtual_unwind(0, base, pc, function, &mut c, None).is_err() {
            break;
        }
    }
    BackTraceHash.write(hash);
    stored as u16
}

#[dllexport]
pub fn RtlAddVectoredExceptionHandler(First: u32, Handler: u64) -> u64 {
    exception::add_vectored(false, First != 0, Handler)
}

#[dllexport]
pub fn RtlRemoveVectoredExceptionHandler(Handle: u64) -> u32 {
    exception::remove_vectored(false, Handle) as u32
}

#[dllexport]
pub fn RtlAddVectoredContinueHandler(First: u32, Handler: u64) -> u64 {
    exception::add_vectored(true, First != 0, Handler)
}

#[dllexport]
pub fn RtlRemoveVectoredContinueHandler(Handle: u64) -> u32 {
    exception::remove_vectored(true, Handle) as u32
}
