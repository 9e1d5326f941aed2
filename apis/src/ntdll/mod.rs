//! ntdll.dll: the native API.

pub mod file;
pub mod ntifs;
pub mod rtl;
pub mod rtlsupportapi;
pub mod sync;
pub mod time;
pub mod winternl;

use crate::crt::excpt;

crate::dll! {
    name: "ntdll.dll", id: 1;
    fn rtl: RtlGetVersion, RtlGetLastWin32Error, RtlSetLastWin32Error, NtCurrentTeb,
        RtlGetCurrentPeb, RtlGetNtVersionNumbers;
    fn sync: NtWaitForSingleObject;
    partial file: NtQueryInformationFile;
    fn file: NtSetInformationFile;
    fn time: NtQuerySystemTime, RtlGetSystemTimePrecise, NtQueryPerformanceCounter,
        RtlQueryPerformanceCounter, RtlQueryPerformanceFrequency;
    forward: RtlInitializeSListHead = "kernel32.InitializeSListHead",
        RtlInterlockedPushEntrySList = "kernel32.InterlockedPushEntrySList",
        RtlInterlockedPopEntrySList = "kernel32.InterlockedPopEntrySList",
        RtlInterlockedFlushSList = "kernel32.InterlockedFlushSList",
        RtlQueryDepthSList = "kernel32.QueryDepthSList",
        _vsnprintf = "msvcrt._vsnprintf";
    fn rtlsupportapi: RtlCaptureContext, RtlRestoreContext, NtContinue, RtlVirtualUnwind, RtlLookupFunctionEntry, RtlUnwindEx,
        RtlUnwind, RtlRaiseException, RtlAddFunctionTable, RtlDeleteFunctionTable,
        RtlInstallFunctionTableCallback,
        RtlPcToFileHeader, RtlCaptureStackBackTrace, RtlAddVectoredExceptionHandler,
        RtlRemoveVectoredExceptionHandler, RtlAddVectoredContinueHandler,
        RtlRemoveVectoredContinueHandler;
    fn excpt: __C_specific_handler;
    partial ntifs: NtReadFile, NtWriteFile, NtCreateFile;
    fn ntifs: NtOpenFile, NtCreateNamedPipeFile;
    partial winternl: RtlNtStatusToDosError;
}
