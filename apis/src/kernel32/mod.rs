//! KERNEL32.dll: the Win32 base API.

pub mod consoleapi;
pub mod consoleapi2;
pub mod consoleapi3;
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
pub mod winbase;

crate::dll! {
    name: "KERNEL32.dll", id: 0;
    fn consoleapi: GetConsoleMode, SetConsoleMode, WriteConsoleW, WriteConsoleA, GetConsoleCP,
        GetConsoleOutputCP, SetConsoleCP, SetConsoleOutputCP, ReadConsoleW, ReadConsoleA,
        FlushConsoleInputBuffer;
    fn consoleapi2: GetConsoleScreenBufferInfo, SetConsoleTextAttribute;
    fn consoleapi3: GetConsoleWindow;
    fn errhandlingapi: GetLastError, SetLastError, SetErrorMode, GetErrorMode;
    partial errhandlingapi: SetUnhandledExceptionFilter;
    fn fileapi: WriteFile, ReadFile, GetFileType, FlushFileBuffers, CreateFileW, CreateFileA,
        SetFilePointer, SetFilePointerEx, SetEndOfFile, GetFileSize, GetFileSizeEx, LockFile,
        UnlockFile, UnlockFileEx, GetFileInformationByHandle, GetFileTime,
        GetFinalPathNameByHandleW, GetFullPathNameW, GetFullPathNameA, DeleteFileW, DeleteFileA,
        CreateDirectoryW, CreateDirectoryA, RemoveDirectoryW, RemoveDirectoryA,
        GetFileAttributesW, GetFileAttributesA, GetFileAttributesExW, GetFileAttributesExA,
        FindFirstFileW, FindFirstFileA, FindNextFileW, FindNextFileA, FindClose, GetTempPathW,
        GetTempPathA, GetTempFileNameW, GetTempFileNameA, GetLongPathNameW, GetLongPathNameA,
        GetShortPathNameW, GetDiskFreeSpaceExW, GetDiskFreeSpaceExA, GetDiskFreeSpaceW,
        GetDriveTypeW, GetDriveTypeA, GetLogicalDrives, GetLogicalDriveStringsW,
        GetVolumeInformationW, GetVolumeInformationA, CompareFileTime, FindFirstFileExA,
        GetShortPathNameA, GetFinalPathNameByHandleA, AreFileApisANSI, SetFileApisToANSI,
        SetFileApisToOEM;
    partial fileapi: LockFileEx, SetFileTime, SetFileAttributesW, SetFileAttributesA,
        FindFirstFileExW, SetFileInformationByHandle;
    fn handleapi: CloseHandle, DuplicateHandle;
    fn heapapi: GetProcessHeap, HeapCreate, HeapDestroy, HeapAlloc, HeapFree, HeapSize,
        HeapReAlloc, HeapValidate, HeapSetInformation, GetProcessHeaps, LocalAlloc, LocalFree, LocalSize,
        LocalReAlloc, LocalLock, LocalUnlock, GlobalAlloc, GlobalFree, GlobalSize, GlobalReAlloc,
        GlobalLock, GlobalUnlock;
    fn libloaderapi: LoadLibraryW, LoadLibraryA, FreeLibrary, GetProcAddress, GetModuleHandleW,
        GetModuleHandleA, GetModuleHandleExW, GetModuleHandleExA, GetModuleFileNameW,
        GetModuleFileNameA, DisableThreadLibraryCalls;
    partial libloaderapi: LoadLibraryExW, LoadLibraryExA;
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
    partial processthreadsapi: TerminateProcess, GetProcessId, GetThreadId;
    fn profileapi: QueryPerformanceCounter, QueryPerformanceFrequency;
    fn stringapiset: MultiByteToWideChar, WideCharToMultiByte, GetACP, GetOEMCP,
        IsDBCSLeadByteEx, IsDBCSLeadByte, GetCPInfo;
    fn synchapi: InitializeCriticalSection, InitializeCriticalSectionAndSpinCount,
        InitializeCriticalSectionEx, DeleteCriticalSection, EnterCriticalSection,
        TryEnterCriticalSection, LeaveCriticalSection, Sleep;
    fn sysinfoapi: GetVersionExW, GetVersionExA, GetVersion, GetSystemInfo, GetNativeSystemInfo,
        GetSystemTimeAsFileTime, GetSystemTimePreciseAsFileTime, GetTickCount64, GetTickCount, GetSystemTime;
    fn sysinfoapi: GetWindowsDirectoryW, GetWindowsDirectoryA, GetSystemWindowsDirectoryW,
        GetSystemDirectoryW, GetSystemDirectoryA;
    fn timezoneapi: SystemTimeToFileTime, FileTimeToSystemTime;
    fn winbase: MoveFileExW, MoveFileExA, MoveFileW, MoveFileA, CopyFileW, CopyFileA,
        CreateHardLinkW, CreateHardLinkA, CreateSymbolicLinkW, GetFileInformationByHandleEx;
    partial winbase: CopyFileExW;
}
