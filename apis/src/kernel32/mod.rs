//! KERNEL32.dll: the Win32 base API.

pub mod consoleapi;
pub mod debugapi;
pub mod errhandlingapi;
pub mod fileapi;
pub mod handleapi;
pub mod heapapi;
pub mod libloaderapi;
pub mod memoryapi;
pub mod processenv;
pub mod processthreadsapi;
pub mod profileapi;
pub mod stringapiset;
pub mod synchapi;
pub mod sysinfoapi;
pub mod timezoneapi;

crate::dll! {
    name: "KERNEL32.dll", id: 0;
    fn consoleapi: GetConsoleMode, SetConsoleMode, WriteConsoleW, WriteConsoleA, GetConsoleCP,
        GetConsoleOutputCP, SetConsoleCP, SetConsoleOutputCP;
    fn errhandlingapi: GetLastError, SetLastError, SetErrorMode, GetErrorMode;
    fn errhandlingapi: SetUnhandledExceptionFilter, RaiseException, UnhandledExceptionFilter;
    fn debugapi: DebugBreak;
    partial processthreadsapi: SetThreadStackGuarantee;
    forward: AddVectoredExceptionHandler = "ntdll.RtlAddVectoredExceptionHandler",
        RemoveVectoredExceptionHandler = "ntdll.RtlRemoveVectoredExceptionHandler",
        AddVectoredContinueHandler = "ntdll.RtlAddVectoredContinueHandler",
        RemoveVectoredContinueHandler = "ntdll.RtlRemoveVectoredContinueHandler",
        RtlCaptureContext = "ntdll.RtlCaptureContext",
        RtlCaptureStackBackTrace = "ntdll.RtlCaptureStackBackTrace",
        RtlLookupFunctionEntry = "ntdll.RtlLookupFunctionEntry",
        RtlVirtualUnwind = "ntdll.RtlVirtualUnwind", RtlUnwindEx = "ntdll.RtlUnwindEx",
        RtlUnwind = "ntdll.RtlUnwind", RtlRaiseException = "ntdll.RtlRaiseException",
        RtlRestoreContext = "ntdll.RtlRestoreContext",
        RtlAddFunctionTable = "ntdll.RtlAddFunctionTable",
        RtlDeleteFunctionTable = "ntdll.RtlDeleteFunctionTable",
        RtlPcToFileHeader = "ntdll.RtlPcToFileHeader";
    partial fileapi: WriteFile, ReadFile;
    fn fileapi: GetFileType, FlushFileBuffers;
    fn handleapi: CloseHandle;
    fn heapapi: GetProcessHeap, HeapCreate, HeapDestroy, HeapAlloc, HeapFree, HeapSize,
        HeapReAlloc, HeapValidate, HeapSetInformation, GetProcessHeaps, LocalAlloc, LocalFree, LocalSize,
        LocalReAlloc, LocalLock, LocalUnlock, GlobalAlloc, GlobalFree, GlobalSize, GlobalReAlloc,
        GlobalLock, GlobalUnlock;
    fn libloaderapi: LoadLibraryW, LoadLibraryA, FreeLibrary, GetProcAddress, GetModuleHandleW,
        GetModuleHandleA, GetModuleHandleExW, GetModuleHandleExA, GetModuleFileNameW,
        GetModuleFileNameA, DisableThreadLibraryCalls;
    partial libloaderapi: LoadLibraryExW, LoadLibraryExA;
    fn memoryapi: VirtualAlloc, VirtualFree, VirtualProtect, VirtualQuery;
    fn processenv: GetCommandLineW, GetCommandLineA, GetEnvironmentVariableW,
        GetEnvironmentVariableA, SetEnvironmentVariableW, SetEnvironmentVariableA,
        GetEnvironmentStringsW, GetEnvironmentStringsA, FreeEnvironmentStringsW,
        FreeEnvironmentStringsA, ExpandEnvironmentStringsW, ExpandEnvironmentStringsA,
        GetStdHandle, SetStdHandle,
        GetEnvironmentStringsA as "GetEnvironmentStrings", GetCurrentDirectoryW, GetCurrentDirectoryA;
    partial processenv: SetCurrentDirectoryW, SetCurrentDirectoryA;
    fn processthreadsapi: ExitProcess, GetCurrentProcess, GetCurrentProcessId, GetCurrentThread,
        GetCurrentThreadId, GetStartupInfoW, GetStartupInfoA, TlsAlloc, TlsFree, TlsGetValue,
        TlsSetValue, IsProcessorFeaturePresent;
    partial processthreadsapi: TerminateProcess, GetProcessId, GetThreadId;
    fn profileapi: QueryPerformanceCounter, QueryPerformanceFrequency;
    fn stringapiset: MultiByteToWideChar, WideCharToMultiByte, GetACP, GetOEMCP,
        IsDBCSLeadByteEx, IsDBCSLeadByte, GetCPInfo;
    fn synchapi: InitializeCriticalSection, InitializeCriticalSectionAndSpinCount,
        InitializeCriticalSectionEx, DeleteCriticalSection, EnterCriticalSection,
        TryEnterCriticalSection, LeaveCriticalSection, Sleep;
    fn sysinfoapi: GetVersionExW, GetVersionExA, GetVersion, GetSystemInfo, GetNativeSystemInfo,
        GetSystemTimeAsFileTime, GetSystemTimePreciseAsFileTime, GetTickCount64, GetTickCount, GetSystemTime;
    fn timezoneapi: SystemTimeToFileTime, FileTimeToSystemTime;
}
