//! KERNEL32.dll: the Win32 base API.

pub mod consoleapi;
pub mod consoleapi2;
pub mod consoleapi3;
pub mod datetimeapi;
pub mod debugapi;
pub mod errhandlingapi;
pub mod fibersapi;
pub mod fileapi;
pub mod fileapi_changes;
pub mod fileapi_devices;
pub mod handleapi;
pub mod heapapi;
pub mod interlockedapi;
pub mod ioapiset;
pub mod ioapiset_control;
pub mod jobapi2;
pub mod libloaderapi;
pub mod libloaderapi_resources;
pub mod memoryapi;
pub mod namedpipeapi;
pub mod processenv;
pub mod processthreadsapi;
pub mod profileapi;
pub mod realtimeapiset;
pub mod stringapiset;
pub mod synchapi;
pub mod sysinfoapi;
pub mod threadpoolapiset;
pub mod threadpoollegacyapiset;
pub mod timezoneapi;
pub mod utilapiset;
pub mod werapi;
pub mod winbase;
pub mod winbase_changes;
pub mod winnls;

crate::dll! {
    name: "KERNEL32.dll", id: 0;
    fn consoleapi: GetConsoleMode, SetConsoleMode, WriteConsoleW, WriteConsoleA, GetConsoleCP,
        GetConsoleOutputCP, SetConsoleCP, SetConsoleOutputCP, ReadConsoleW, ReadConsoleA,
        FlushConsoleInputBuffer, SetConsoleCtrlHandler, GenerateConsoleCtrlEvent,
        ReadConsoleInputW, ReadConsoleInputA, PeekConsoleInputW, PeekConsoleInputA,
        GetNumberOfConsoleInputEvents;
    fn consoleapi2: GetConsoleScreenBufferInfo, GetConsoleScreenBufferInfoEx,
        SetConsoleTextAttribute, SetConsoleCursorPosition, GetConsoleCursorInfo,
        SetConsoleCursorInfo, FillConsoleOutputCharacterW, FillConsoleOutputCharacterA,
        WriteConsoleOutputCharacterW, WriteConsoleOutputCharacterA, WriteConsoleOutputW,
        WriteConsoleOutputA, SetConsoleScreenBufferSize, SetConsoleWindowInfo, SetConsoleTitleW,
        SetConsoleTitleA, GetConsoleTitleW, WriteConsoleInputW, FillConsoleOutputAttribute,
        WriteConsoleOutputAttribute, ScrollConsoleScreenBufferW, ScrollConsoleScreenBufferA,
        ReadConsoleOutputW, ReadConsoleOutputA, ReadConsoleOutputCharacterW,
        ReadConsoleOutputCharacterA, ReadConsoleOutputAttribute, CreateConsoleScreenBuffer,
        SetConsoleActiveScreenBuffer;
    fn consoleapi3: GetConsoleWindow;
    fn errhandlingapi: GetLastError, SetLastError, SetErrorMode, GetErrorMode;
    fn errhandlingapi: SetUnhandledExceptionFilter, RaiseException, UnhandledExceptionFilter,
        RaiseFailFastException;
    fn debugapi: DebugBreak;
    partial debugapi: OutputDebugStringW, OutputDebugStringA;
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
        RtlInstallFunctionTableCallback = "ntdll.RtlInstallFunctionTableCallback",
        RtlPcToFileHeader = "ntdll.RtlPcToFileHeader";
    fn fileapi: WriteFile, ReadFile, GetFileType, FlushFileBuffers, CreateFileW, CreateFileA,
        SetFilePointer, SetFilePointerEx, SetEndOfFile, GetFileSize, GetFileSizeEx, LockFile,
        LockFileEx,
        UnlockFile, UnlockFileEx, GetFileInformationByHandle, GetFileTime,
        GetFinalPathNameByHandleW, GetFullPathNameW, GetFullPathNameA, DeleteFileW, DeleteFileA,
        CreateDirectoryW, CreateDirectoryA, RemoveDirectoryW, RemoveDirectoryA,
        GetFileAttributesW, GetFileAttributesA, GetFileAttributesExW, GetFileAttributesExA,
        FindFirstFileW, FindFirstFileA, FindNextFileW, FindNextFileA, FindClose, GetTempPathW,
        GetTempPathA, GetTempFileNameW, GetTempFileNameA, GetLongPathNameW, GetLongPathNameA,
        GetShortPathNameW, GetDiskFreeSpaceExW, GetDiskFreeSpaceExA, GetDiskFreeSpaceW,
        GetDriveTypeW, GetDriveTypeA, GetLogicalDrives, GetLogicalDriveStringsW,
        GetVolumeInformationByHandleW, GetVolumeInformationW, GetVolumeInformationA, CompareFileTime, FindFirstFileExA,
        GetShortPathNameA, GetFinalPathNameByHandleA, AreFileApisANSI, SetFileApisToANSI,
        SetFileApisToOEM, ReadFileEx, WriteFileEx, SetFileAttributesW, SetFileAttributesA,
        FindFirstFileExW, SetFileTime, SetFileInformationByHandle;
    fn handleapi: CloseHandle, DuplicateHandle, GetHandleInformation;
    partial handleapi: SetHandleInformation;
    fn heapapi: GetProcessHeap, HeapCreate, HeapDestroy, HeapAlloc, HeapFree, HeapSize,
        HeapReAlloc, HeapValidate, HeapSetInformation, GetProcessHeaps, LocalAlloc, LocalFree, LocalSize,
        LocalReAlloc, LocalLock, LocalUnlock, GlobalAlloc, GlobalFree, GlobalSize, GlobalReAlloc,
        GlobalLock, GlobalUnlock;
    fn interlockedapi: InitializeSListHead, InterlockedPushEntrySList, InterlockedPopEntrySList,
        InterlockedFlushSList, InterlockedPushListSListEx, QueryDepthSList;
    fn ioapiset: CreateIoCompletionPort, PostQueuedCompletionStatus, GetQueuedCompletionStatus,
        GetQueuedCompletionStatusEx, GetOverlappedResult, GetOverlappedResultEx, CancelIo, CancelIoEx;
    fn jobapi2: CreateJobObjectW, AssignProcessToJobObject, TerminateJobObject;
    partial jobapi2: SetInformationJobObject, QueryInformationJobObject;
    fn namedpipeapi: CreatePipe, CreateNamedPipeW, ConnectNamedPipe, DisconnectNamedPipe,
        WaitNamedPipeW, GetNamedPipeInfo, SetNamedPipeHandleState, PeekNamedPipe;
    fn libloaderapi: LoadLibraryW, LoadLibraryA, FreeLibrary, GetProcAddress, GetModuleHandleW,
        GetModuleHandleA, GetModuleHandleExW, GetModuleHandleExA, GetModuleFileNameW,
        GetModuleFileNameA, DisableThreadLibraryCalls;
    partial libloaderapi: LoadLibraryExW, LoadLibraryExA;
    fn libloaderapi_resources: FindResourceW, FindResourceA, FindResourceExW, FindResourceExA,
        LoadResource, LockResource, SizeofResource, FreeResource, EnumResourceNamesW,
        EnumResourceNamesA;
    fn memoryapi: VirtualAlloc, VirtualFree, VirtualProtect, VirtualQuery;
    partial memoryapi: CreateFileMappingW, CreateFileMappingA, OpenFileMappingW, OpenFileMappingA,
        MapViewOfFile, MapViewOfFileEx, UnmapViewOfFile, FlushViewOfFile;
    fn processenv: GetCommandLineW, GetCommandLineA, GetEnvironmentVariableW,
        GetEnvironmentVariableA, SetEnvironmentVariableW, SetEnvironmentVariableA,
        GetEnvironmentStringsW, GetEnvironmentStringsA, FreeEnvironmentStringsW,
        FreeEnvironmentStringsA, ExpandEnvironmentStringsW, ExpandEnvironmentStringsA,
        GetStdHandle, SetStdHandle,
        GetEnvironmentStringsA as "GetEnvironmentStrings", GetCurrentDirectoryW, GetCurrentDirectoryA;
    fn processenv: SetCurrentDirectoryW, SetCurrentDirectoryA, SearchPathW, SearchPathA;
    fn processthreadsapi: ExitProcess, GetCurrentProcess, GetCurrentProcessId, GetCurrentThread,
        GetCurrentThreadId, GetStartupInfoW, GetStartupInfoA, TlsAlloc, TlsFree, TlsGetValue,
        TlsSetValue, IsProcessorFeaturePresent;
    // SetThreadPriority: raising a thread above normal (or back after lowering it) is recorded
    // and reported, but Linux keeps the lower host priority unless winrun may raise it
    // (CAP_SYS_NICE / RLIMIT_NICE). SetThreadContext: CONTEXT_DEBUG_REGISTERS is ignored.
    fn processthreadsapi: SetThreadPriority, SetThreadAffinityMask, SetThreadContext,
        SetThreadIdealProcessor, GetThreadIdealProcessorEx;
    fn processthreadsapi: TerminateProcess, GetProcessId, CreateProcessW, CreateProcessA,
        GetExitCodeProcess, OpenProcess;
    fn processthreadsapi: SuspendThread, GetThreadContext, GetThreadId, GetProcessIdOfThread,
        CreateThread, CreateRemoteThread,
        ExitThread, GetExitCodeThread, ResumeThread, OpenThread, GetThreadPriority,
        SetThreadPriorityBoost, SetThreadDescription, GetThreadDescription, SwitchToThread,
        QueueUserAPC, GetCurrentThreadStackLimits, GetThreadTimes, GetProcessTimes, GetSystemTimes,
        GetProcessAffinityMask, SetProcessPriorityBoost, GetProcessPriorityBoost,
        GetThreadPriorityBoost, TerminateThread, GetCurrentProcessorNumber,
        GetCurrentProcessorNumberEx;
    // SetProcessAffinityMask on a child: its threads are moved, but the child's own
    // GetProcessAffinityMask keeps reporting the mask it knew.
    partial processthreadsapi: SetProcessAffinityMask;
    fn fibersapi: FlsAlloc, FlsFree, FlsGetValue, FlsSetValue, IsThreadAFiber, ConvertThreadToFiber,
        ConvertThreadToFiberEx, ConvertFiberToThread, CreateFiber, CreateFiberEx, SwitchToFiber,
        DeleteFiber;
    fn profileapi: QueryPerformanceCounter, QueryPerformanceFrequency;
    fn stringapiset: MultiByteToWideChar, WideCharToMultiByte, GetACP, GetOEMCP,
        IsDBCSLeadByteEx, IsDBCSLeadByte, GetCPInfo, CompareStringEx, CompareStringW,
        CompareStringOrdinal, GetStringTypeW;
    fn winnls: GetLocaleInfoEx, GetLocaleInfoW, GetLocaleInfoA, GetUserDefaultLCID,
        GetSystemDefaultLCID, GetUserDefaultLangID, GetSystemDefaultLangID,
        GetUserDefaultUILanguage, GetSystemDefaultUILanguage, GetThreadLocale, SetThreadLocale,
        GetUserDefaultLocaleName, GetSystemDefaultLocaleName, LCIDToLocaleName, LocaleNameToLCID,
        IsValidLocale, IsValidLocaleName, EnumSystemLocalesW, EnumSystemLocalesA,
        EnumSystemLocalesEx, IsValidCodePage, GetCPInfoExW, LCMapStringEx, LCMapStringW,
        LCMapStringA, CompareStringA, GetStringTypeA, GetStringTypeExA, GetStringTypeExW,
        GetNumberFormatEx, GetNumberFormatW;
    fn datetimeapi: GetDateFormatEx, GetDateFormatW, GetTimeFormatEx, GetTimeFormatW;
    fn synchapi: InitializeCriticalSection, InitializeCriticalSectionAndSpinCount,
        InitializeCriticalSectionEx, DeleteCriticalSection, EnterCriticalSection,
        TryEnterCriticalSection, LeaveCriticalSection, Sleep, SleepEx, WaitForSingleObject,
        WaitForSingleObjectEx, WaitForMultipleObjects, WaitForMultipleObjectsEx,
        SignalObjectAndWait, CreateEventW, CreateEventA, CreateEventExW, CreateEventExA,
        OpenEventW, OpenEventA, SetEvent, ResetEvent, PulseEvent, CreateMutexW, CreateMutexA,
        CreateMutexExW, OpenMutexW, ReleaseMutex, CreateSemaphoreW, CreateSemaphoreA,
        CreateSemaphoreExW, OpenSemaphoreW, OpenSemaphoreA, OpenMutexA, ReleaseSemaphore, InitializeSRWLock,
        AcquireSRWLockExclusive, AcquireSRWLockShared, TryAcquireSRWLockExclusive,
        TryAcquireSRWLockShared, ReleaseSRWLockExclusive, ReleaseSRWLockShared,
        InitializeConditionVariable, SleepConditionVariableCS, SleepConditionVariableSRW,
        WakeConditionVariable, WakeAllConditionVariable, InitOnceInitialize,
        InitOnceBeginInitialize, InitOnceComplete, InitOnceExecuteOnce, WaitOnAddress,
        WakeByAddressSingle, WakeByAddressAll, InitializeSynchronizationBarrier,
        EnterSynchronizationBarrier, DeleteSynchronizationBarrier, CreateWaitableTimerW,
        CreateWaitableTimerA, CreateWaitableTimerExW, OpenWaitableTimerW, SetWaitableTimer,
        SetWaitableTimerEx, CancelWaitableTimer;
    fn sysinfoapi: GetVersionExW, GetVersionExA, GetVersion, GetSystemInfo, GetNativeSystemInfo,
        GetSystemTimeAsFileTime, GetSystemTimePreciseAsFileTime, GetTickCount64, GetTickCount, GetSystemTime,
        GetLocalTime, GlobalMemoryStatusEx, GetActiveProcessorCount, GetMaximumProcessorCount,
        GetActiveProcessorGroupCount, GetLogicalProcessorInformation,
        GetLogicalProcessorInformationEx;
    partial threadpoolapiset: TrySubmitThreadpoolCallback, CreateThreadpoolWork;
    fn threadpoolapiset: SubmitThreadpoolWork, WaitForThreadpoolWorkCallbacks,
        CloseThreadpoolWork, CallbackMayRunLong, SetEventWhenCallbackReturns,
        ReleaseSemaphoreWhenCallbackReturns, ReleaseMutexWhenCallbackReturns,
        LeaveCriticalSectionWhenCallbackReturns, FreeLibraryWhenCallbackReturns;
    fn threadpoollegacyapiset: QueueUserWorkItem, RegisterWaitForSingleObject, UnregisterWaitEx,
        UnregisterWait, CreateTimerQueue, DeleteTimerQueueEx, CreateTimerQueueTimer,
        DeleteTimerQueueTimer;
    fn timezoneapi: FileTimeToDosDateTime, DosDateTimeToFileTime;
    fn sysinfoapi: GetSystemTimeAdjustment, SetSystemTime;
    fn timezoneapi: SystemTimeToFileTime, FileTimeToSystemTime, SystemTimeToTzSpecificLocalTime,
        TzSpecificLocalTimeToSystemTime, FileTimeToLocalFileTime, LocalFileTimeToFileTime;
    partial timezoneapi: GetTimeZoneInformation, GetDynamicTimeZoneInformation;
    fn realtimeapiset: QueryUnbiasedInterruptTime, QueryUnbiasedInterruptTimePrecise,
        QueryInterruptTime, QueryInterruptTimePrecise;
    fn sysinfoapi: GetWindowsDirectoryW, GetWindowsDirectoryA, GetSystemWindowsDirectoryW,
        GetSystemDirectoryW, GetSystemDirectoryA;
    fn winbase: MoveFileExW, MoveFileExA, MoveFileW, MoveFileA, CopyFileW, CopyFileA,
        CreateHardLinkW, CreateHardLinkA, CreateSymbolicLinkW, GetFileInformationByHandleEx,
        ReplaceFileW, ReplaceFileA,
        lstrlenA, lstrlenW, lstrcpyA, lstrcpyW, lstrcatA, lstrcatW, CreateNamedPipeA,
        WaitNamedPipeA, SetFileCompletionNotificationModes, lstrcpynW, lstrcpynA, IsBadStringPtrW,
        IsBadStringPtrA, IsBadReadPtr;
    partial winbase: CopyFileExW, FormatMessageW, FormatMessageA;
    fn winbase: VerSetConditionMask, VerifyVersionInfoW, VerifyVersionInfoA;
    fn utilapiset: EncodePointer, DecodePointer;
    fn debugapi: IsDebuggerPresent;
    fn werapi: WerGetFlags, WerSetFlags;
    fn fileapi_devices: QueryDosDeviceW, QueryDosDeviceA;
    fn fileapi_changes: FindFirstChangeNotificationW, FindFirstChangeNotificationA,
        FindNextChangeNotification, FindCloseChangeNotification;
    fn winbase: GetBinaryTypeW, GetBinaryTypeA;
    partial ioapiset_control: DeviceIoControl;
    fn winbase_changes: ReadDirectoryChangesW;
}
