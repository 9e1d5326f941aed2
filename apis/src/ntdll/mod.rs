//! ntdll.dll: the native API.

pub mod rtl;
pub mod rtlsupportapi;
pub mod time;

use crate::crt::excpt;

crate::dll! {
    name: "ntdll.dll", id: 1;
    fn rtl: RtlGetVersion, RtlGetLastWin32Error, RtlSetLastWin32Error, NtCurrentTeb;
    fn time: NtQuerySystemTime, RtlGetSystemTimePrecise, NtQueryPerformanceCounter,
        RtlQueryPerformanceCounter, RtlQueryPerformanceFrequency;
    fn rtlsupportapi: RtlCaptureContext, RtlRestoreContext, NtContinue, RtlLookupFunctionEntry, RtlUnwindEx,
        RtlUnwind, RtlRaiseException, RtlAddFunctionTable, RtlDeleteFunctionTable,
        RtlPcToFileHeader, RtlCaptureStackBackTrace, RtlAddVectoredExceptionHandler,
        RtlRemoveVectoredExceptionHandler, RtlAddVectoredContinueHandler,
        RtlRemoveVectoredContinueHandler;
    partial rtlsupportapi: RtlVirtualUnwind;
    fn excpt: __C_specific_handler;
}
