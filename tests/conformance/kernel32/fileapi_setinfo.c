/* fileapi.h: SetFileTime's special values and SetFileInformationByHandle's
 * classes, with the errors each documents: times frozen and resumed for one
 * handle, renames relative to a directory handle, delete dispositions
 * (pending until the last handle closes, POSIX, on close, read-only files),
 * end of file, allocation and the I/O priority hint.
 *
 * Everything happens in a fresh directory under GetTempPath, removed at the
 * end. */
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

/* Classes and flags older mingw headers lack (winbase.h, ntifs.h). */
#define FileDispositionInfoEx_ ((FILE_INFO_BY_HANDLE_CLASS)21)
#define FileRenameInfoEx_ ((FILE_INFO_BY_HANDLE_CLASS)22)
#define DISPOSITION_DELETE 0x1
#define DISPOSITION_POSIX 0x2
#define DISPOSITION_ON_CLOSE 0x8
#define DISPOSITION_IGNORE_READONLY 0x10
#define RENAME_REPLACE 0x1
#define RENAME_POSIX 0x2
#define RENAME_IGNORE_READONLY 0x40

static WCHAR dir[MAX_PATH];

/* dir\name */
static const WCHAR *in_dir(const WCHAR *name)
{
    static WCHAR buf[4][MAX_PATH];
    static int next;
    WCHAR *p = buf[next++ % 4];
    swprintf(p, MAX_PATH, L"%ls\\%ls", dir, name);
    return p;
}

static void make_file(const WCHAR *name, DWORD attributes)
{
    HANDLE h = CreateFileW(in_dir(name), GENERIC_WRITE, 0, NULL, CREATE_NEW, attributes, NULL);
    DWORD n;
    ok(h != INVALID_HANDLE_VALUE, "create %ls: error %lu", name, GetLastError());
    WriteFile(h, "data", 4, &n, NULL);
    CloseHandle(h);
}

static BOOL exists(const WCHAR *name)
{
    return GetFileAttributesW(in_dir(name)) != INVALID_FILE_ATTRIBUTES;
}

static HANDLE open_file(const WCHAR *name, DWORD access, DWORD share)
{
    return CreateFileW(in_dir(name), access, share, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
}

static ULONGLONG write_time(HANDLE h)
{
    FILETIME w;
    if (!GetFileTime(h, NULL, NULL, &w))
        return 0;
    return (ULONGLONG)w.dwHighDateTime << 32 | w.dwLowDateTime;
}

static FILETIME as_filetime(ULONGLONG v)
{
    FILETIME t;
    t.dwLowDateTime = (DWORD)v;
    t.dwHighDateTime = (DWORD)(v >> 32);
    return t;
}

static void append(HANDLE h)
{
    DWORD n;
    SetFilePointer(h, 0, NULL, FILE_END);
    ok(WriteFile(h, "more", 4, &n, NULL) && n == 4, "write: error %lu", GetLastError());
}

static void test_frozen_times(void)
{
    /* 2001-02-03 04:05:06.7 (100-ns units). */
    const ULONGLONG then = 126256611067000000ULL;
    FILETIME set = as_filetime(then), freeze = as_filetime(~0ULL), resume = as_filetime(~1ULL);
    ULONGLONG now;
    HANDLE h, other;

    make_file(L"times.txt", 0);
    h = open_file(L"times.txt", GENERIC_READ | GENERIC_WRITE | FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE);

    /* A time set through a handle stays through later writes on it (NTFS;
     * Wine lets the write move it). */
    ok(SetFileTime(h, NULL, NULL, &set), "SetFileTime: error %lu", GetLastError());
    append(h);
    ok(write_time(h) == then, "a set time stays: %llu", write_time(h));

    /* -2 lets writes move it again. */
    ok(SetFileTime(h, NULL, NULL, &resume), "resume: error %lu", GetLastError());
    append(h);
    now = write_time(h);
    ok(now > then, "writes move it again: %llu", now);

    /* -1 freezes the time as it is for this handle only. */
    ok(SetFileTime(h, NULL, NULL, &freeze), "freeze: error %lu", GetLastError());
    ok(write_time(h) == now, "freezing changes nothing: %llu", write_time(h));
    Sleep(30);
    append(h);
    ok(SetEndOfFile(h), "SetEndOfFile: error %lu", GetLastError());
    ok(write_time(h) == now, "frozen through writes: %llu, was %llu", write_time(h), now);
    other = open_file(L"times.txt", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE);
    append(other);
    ok(write_time(other) > now, "another handle's write moves it: %llu", write_time(other));
    CloseHandle(other);

    /* The same through FileBasicInfo: -1 freezes, -2 resumes (MS-FSCC 2.4.7;
     * Wine 8 refuses -2 there and does not freeze). */
    {
        FILE_BASIC_INFO basic;
        memset(&basic, 0, sizeof basic);
        basic.LastWriteTime.QuadPart = (LONGLONG)then;
        ok(SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof basic), "FileBasicInfo: error %lu",
           GetLastError());
        basic.LastWriteTime.QuadPart = -2;
        ok(SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof basic), "FileBasicInfo -2: error %lu",
           GetLastError());
        ok(write_time(h) == then, "-2 itself changes nothing: %llu", write_time(h));
        append(h);
        now = write_time(h);
        ok(now > then, "resumed by FileBasicInfo: %llu", now);
        basic.LastWriteTime.QuadPart = -1;
        ok(SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof basic), "FileBasicInfo -1: error %lu",
           GetLastError());
        Sleep(30);
        append(h);
        ok(write_time(h) == now, "frozen by FileBasicInfo: %llu, was %llu", write_time(h), now);
    }
    CloseHandle(h);
    ok(DeleteFileW(in_dir(L"times.txt")), "clean up: error %lu", GetLastError());
}

/* FILE_RENAME_INFO with room for a name. */
static union {
    FILE_RENAME_INFO info;
    char bytes[sizeof(FILE_RENAME_INFO) + MAX_PATH * sizeof(WCHAR)];
} rename_buf;

static BOOL rename_to(HANDLE h, FILE_INFO_BY_HANDLE_CLASS cls, DWORD flags, HANDLE root, const WCHAR *to)
{
    size_t n = wcslen(to);
    memset(&rename_buf, 0, sizeof rename_buf);
    if (cls == FileRenameInfo)
        rename_buf.info.ReplaceIfExists = (BOOLEAN)flags;
    else
        *(DWORD *)&rename_buf.info = flags; /* the Ex class's Flags share the first field */
    rename_buf.info.RootDirectory = root;
    rename_buf.info.FileNameLength = (DWORD)(n * sizeof(WCHAR));
    memcpy(rename_buf.info.FileName, to, (n + 1) * sizeof(WCHAR));
    return SetFileInformationByHandle(h, cls, &rename_buf, sizeof rename_buf);
}

static void test_rename(void)
{
    WCHAR cwd[MAX_PATH];
    HANDLE h, sub;

    ok(CreateDirectoryW(in_dir(L"sub"), NULL), "CreateDirectory: error %lu", GetLastError());
    make_file(L"a.txt", 0);
    h = open_file(L"a.txt", DELETE | GENERIC_READ, 0);
    sub = open_file(L"sub", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
    ok(sub != INVALID_HANDLE_VALUE, "open the directory: error %lu", GetLastError());

    /* A relative name with RootDirectory lands in that directory (Wine 8
     * makes the name a full path first, then refuses the pair). */
    ok(rename_to(h, FileRenameInfo, FALSE, sub, L"b.txt"), "rename under RootDirectory: error %lu", GetLastError());
    ok(!exists(L"a.txt") && exists(L"sub\\b.txt"), "moved into sub");
    /* A relative name without one is relative to the current directory. */
    GetCurrentDirectoryW(MAX_PATH, cwd);
    SetCurrentDirectoryW(dir);
    ok(rename_to(h, FileRenameInfo, FALSE, NULL, L"c.txt"), "rename to a relative name: error %lu", GetLastError());
    SetCurrentDirectoryW(cwd);
    ok(!exists(L"sub\\b.txt") && exists(L"c.txt"), "moved back to the current directory");
    /* RootDirectory must be a directory. */
    make_file(L"plain.txt", 0);
    {
        HANDLE plain = open_file(L"plain.txt", GENERIC_READ, FILE_SHARE_READ);
        SetLastError(0xdeadbeef);
        ok_err(!rename_to(h, FileRenameInfo, FALSE, plain, L"d.txt"), ERROR_INVALID_PARAMETER);
        CloseHandle(plain);
    }
    SetLastError(0xdeadbeef);
    ok_err(!rename_to(h, FileRenameInfo, FALSE, (HANDLE)(ULONG_PTR)0x7ffc, L"d.txt"), ERROR_INVALID_HANDLE);

    /* A read-only target is replaced only with FILE_RENAME_IGNORE_READONLY_ATTRIBUTE
     * (FileRenameInfoEx came with Windows 10 1709; Wine 8 does not have it). */
    make_file(L"ro.txt", FILE_ATTRIBUTE_READONLY);
    SetLastError(0xdeadbeef);
    ok_err(!rename_to(h, FileRenameInfoEx_, RENAME_REPLACE | RENAME_POSIX, NULL, in_dir(L"ro.txt")),
           ERROR_ACCESS_DENIED);
    ok(rename_to(h, FileRenameInfoEx_, RENAME_REPLACE | RENAME_POSIX | RENAME_IGNORE_READONLY, NULL, in_dir(L"ro.txt")),
       "replace a read-only file: error %lu", GetLastError());
    ok(!exists(L"c.txt") && GetFileAttributesW(in_dir(L"ro.txt")) == FILE_ATTRIBUTE_ARCHIVE, "replaced");
    CloseHandle(h);
    CloseHandle(sub);
    ok(DeleteFileW(in_dir(L"ro.txt")) && DeleteFileW(in_dir(L"plain.txt")) && RemoveDirectoryW(in_dir(L"sub")),
       "clean up: error %lu", GetLastError());
}

static BOOL set_disposition(HANDLE h, BOOL delete_file)
{
    FILE_DISPOSITION_INFO d;
    d.DeleteFile = (BOOLEAN)delete_file;
    return SetFileInformationByHandle(h, FileDispositionInfo, &d, sizeof d);
}

static BOOL set_disposition_ex(HANDLE h, DWORD flags)
{
    return SetFileInformationByHandle(h, FileDispositionInfoEx_, &flags, sizeof flags);
}

static BOOL delete_pending(HANDLE h)
{
    FILE_STANDARD_INFO std;
    return GetFileInformationByHandleEx(h, FileStandardInfo, &std, sizeof std) && std.DeletePending;
}

static void test_disposition(void)
{
    const DWORD share_all = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
    HANDLE h, other, dirh;
    char buf[8];
    DWORD got;

    /* Setting a disposition takes DELETE access. */
    make_file(L"f.txt", 0);
    h = open_file(L"f.txt", GENERIC_READ, share_all);
    SetLastError(0xdeadbeef);
    ok_err(!set_disposition(h, TRUE), ERROR_ACCESS_DENIED);
    CloseHandle(h);

    /* The file goes when its last handle closes; until then it is
     * delete-pending and nobody may open it (ntddk.h's FILE_DISPOSITION_INFO
     * remarks). Wine 8 neither reports the pending delete nor refuses opens,
     * and forgets the delete when another handle outlives the one that set
     * it. */
    h = open_file(L"f.txt", DELETE, share_all);
    other = open_file(L"f.txt", GENERIC_READ, share_all);
    ok(set_disposition(h, TRUE), "FileDispositionInfo: error %lu", GetLastError());
    ok(delete_pending(other), "the other handle sees it pending");
    CloseHandle(h);
    ok(exists(L"f.txt"), "still there while a handle is open");
    SetLastError(0xdeadbeef);
    ok_err(open_file(L"f.txt", GENERIC_READ, share_all) == INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED);
    SetLastError(0xdeadbeef);
    ok_err(!DeleteFileW(in_dir(L"f.txt")), ERROR_ACCESS_DENIED);
    CloseHandle(other);
    ok(!exists(L"f.txt"), "gone with the last handle");

    /* FALSE takes the disposition back. */
    make_file(L"f.txt", 0);
    h = open_file(L"f.txt", DELETE, share_all);
    ok(set_disposition(h, TRUE) && set_disposition(h, FALSE), "set and clear: error %lu", GetLastError());
    ok(!delete_pending(h), "no longer pending");
    CloseHandle(h);
    ok(exists(L"f.txt"), "kept");

    /* POSIX semantics: the name goes when that handle closes, whoever else
     * has the file open; the others still read it. (Wine 8 does not
     * implement FileDispositionInfoEx.) */
    h = open_file(L"f.txt", DELETE, share_all);
    other = open_file(L"f.txt", GENERIC_READ, share_all);
    ok(set_disposition_ex(h, DISPOSITION_DELETE | DISPOSITION_POSIX), "POSIX delete: error %lu", GetLastError());
    ok(exists(L"f.txt"), "the name stays until the handle closes");
    CloseHandle(h);
    ok(!exists(L"f.txt"), "the name is gone");
    got = 0;
    ok(ReadFile(other, buf, sizeof buf, &got, NULL) && got == 4, "the other handle still reads: %lu", got);
    CloseHandle(other);

    /* FILE_DISPOSITION_FLAG_ON_CLOSE sets or clears delete-on-close. */
    make_file(L"f.txt", 0);
    h = open_file(L"f.txt", DELETE, share_all);
    ok(set_disposition_ex(h, DISPOSITION_DELETE | DISPOSITION_ON_CLOSE), "on close: error %lu", GetLastError());
    ok(exists(L"f.txt") && !delete_pending(h), "nothing pending before the close");
    CloseHandle(h);
    ok(!exists(L"f.txt"), "deleted at close");
    h = CreateFileW(in_dir(L"f.txt"), GENERIC_WRITE | DELETE, share_all, NULL, CREATE_NEW, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(set_disposition_ex(h, DISPOSITION_ON_CLOSE), "clear on close: error %lu", GetLastError());
    CloseHandle(h);
    ok(exists(L"f.txt"), "FILE_FLAG_DELETE_ON_CLOSE cleared");
    ok(DeleteFileW(in_dir(L"f.txt")), "clean up: error %lu", GetLastError());

    /* A read-only file opens for DELETE, but deleting it is refused unless
     * the attribute is to be ignored. */
    make_file(L"ro.txt", FILE_ATTRIBUTE_READONLY);
    h = open_file(L"ro.txt", DELETE, share_all);
    ok(h != INVALID_HANDLE_VALUE, "open a read-only file for DELETE: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!set_disposition(h, TRUE), ERROR_ACCESS_DENIED);
    SetLastError(0xdeadbeef);
    ok_err(!set_disposition_ex(h, DISPOSITION_DELETE), ERROR_ACCESS_DENIED);
    ok(set_disposition_ex(h, DISPOSITION_DELETE | DISPOSITION_IGNORE_READONLY), "ignore read-only: error %lu",
       GetLastError());
    CloseHandle(h);
    ok(!exists(L"ro.txt"), "read-only file deleted");
    /* ... and FILE_FLAG_DELETE_ON_CLOSE on it fails at the open. */
    make_file(L"ro.txt", FILE_ATTRIBUTE_READONLY);
    SetLastError(0xdeadbeef);
    ok_err(CreateFileW(in_dir(L"ro.txt"), DELETE, share_all, NULL, OPEN_EXISTING, FILE_FLAG_DELETE_ON_CLOSE, NULL) ==
               INVALID_HANDLE_VALUE,
           ERROR_ACCESS_DENIED);
    SetFileAttributesW(in_dir(L"ro.txt"), FILE_ATTRIBUTE_NORMAL);
    ok(DeleteFileW(in_dir(L"ro.txt")), "clean up: error %lu", GetLastError());

    /* A directory with entries cannot be marked. */
    ok(CreateDirectoryW(in_dir(L"d"), NULL), "CreateDirectory: error %lu", GetLastError());
    make_file(L"d\\x.txt", 0);
    dirh = open_file(L"d", DELETE, share_all);
    SetLastError(0xdeadbeef);
    ok_err(!set_disposition(dirh, TRUE), ERROR_DIR_NOT_EMPTY);
    ok(DeleteFileW(in_dir(L"d\\x.txt")), "empty it: error %lu", GetLastError());
    ok(set_disposition(dirh, TRUE), "an empty directory: error %lu", GetLastError());
    CloseHandle(dirh);
    ok(!exists(L"d"), "directory deleted");

    /* Too small a buffer: STATUS_INFO_LENGTH_MISMATCH (Wine 8 says
     * ERROR_INVALID_PARAMETER). */
    make_file(L"f.txt", 0);
    h = open_file(L"f.txt", DELETE, share_all);
    {
        DWORD flags = DISPOSITION_DELETE;
        SetLastError(0xdeadbeef);
        ok_err(!SetFileInformationByHandle(h, FileDispositionInfoEx_, &flags, 2), ERROR_BAD_LENGTH);
        SetLastError(0xdeadbeef);
        ok_err(!SetFileInformationByHandle(h, FileDispositionInfo, &flags, 0), ERROR_BAD_LENGTH);
    }
    CloseHandle(h);
    ok(DeleteFileW(in_dir(L"f.txt")), "clean up: error %lu", GetLastError());
}

static LONGLONG size_of(HANDLE h)
{
    LARGE_INTEGER size;
    return GetFileSizeEx(h, &size) ? size.QuadPart : -1;
}

static void test_sizes_and_hints(void)
{
    FILE_END_OF_FILE_INFO eof;
    FILE_ALLOCATION_INFO alloc;
    FILE_IO_PRIORITY_HINT_INFO hint;
    HANDLE h, ro;

    make_file(L"s.txt", 0);
    h = open_file(L"s.txt", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ);
    eof.EndOfFile.QuadPart = 100;
    ok(SetFileInformationByHandle(h, FileEndOfFileInfo, &eof, sizeof eof) && size_of(h) == 100,
       "grow: size %lld", size_of(h));
    eof.EndOfFile.QuadPart = -1;
    SetLastError(0xdeadbeef);
    ok_err(!SetFileInformationByHandle(h, FileEndOfFileInfo, &eof, sizeof eof), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(!SetFileInformationByHandle(h, FileEndOfFileInfo, &eof, 4), ERROR_BAD_LENGTH);

    /* Allocation below the size cuts the file; above it changes no size
     * (Wine 8 does not implement FileAllocationInfo). */
    alloc.AllocationSize.QuadPart = 1 << 20;
    ok(SetFileInformationByHandle(h, FileAllocationInfo, &alloc, sizeof alloc) && size_of(h) == 100,
       "allocate more: size %lld", size_of(h));
    alloc.AllocationSize.QuadPart = 10;
    ok(SetFileInformationByHandle(h, FileAllocationInfo, &alloc, sizeof alloc) && size_of(h) == 10,
       "allocate less: size %lld", size_of(h));

    /* Sizes take FILE_WRITE_DATA (Wine 8 says ERROR_INVALID_PARAMETER). */
    ro = open_file(L"s.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE);
    eof.EndOfFile.QuadPart = 0;
    SetLastError(0xdeadbeef);
    ok_err(!SetFileInformationByHandle(ro, FileEndOfFileInfo, &eof, sizeof eof), ERROR_ACCESS_DENIED);
    CloseHandle(ro);

    /* The I/O priority hint takes the three PRIORITY_HINT values. */
    hint.PriorityHint = IoPriorityHintVeryLow;
    ok(SetFileInformationByHandle(h, FileIoPriorityHintInfo, &hint, sizeof hint), "very low: error %lu",
       GetLastError());
    hint.PriorityHint = IoPriorityHintNormal;
    ok(SetFileInformationByHandle(h, FileIoPriorityHintInfo, &hint, sizeof hint), "normal: error %lu",
       GetLastError());
    hint.PriorityHint = (PRIORITY_HINT)3;
    SetLastError(0xdeadbeef);
    ok_err(!SetFileInformationByHandle(h, FileIoPriorityHintInfo, &hint, sizeof hint), ERROR_INVALID_PARAMETER);
    hint.PriorityHint = (PRIORITY_HINT)-1;
    SetLastError(0xdeadbeef);
    ok_err(!SetFileInformationByHandle(h, FileIoPriorityHintInfo, &hint, sizeof hint), ERROR_INVALID_PARAMETER);

    /* Classes that only queries take, and unknown ones: ERROR_INVALID_PARAMETER
     * (Wine 8 says ERROR_CALL_NOT_IMPLEMENTED for FileNameInfo). */
    {
        char buf[64];
        memset(buf, 0, sizeof buf);
        SetLastError(0xdeadbeef);
        ok_err(!SetFileInformationByHandle(h, FileStandardInfo, buf, sizeof buf), ERROR_INVALID_PARAMETER);
        SetLastError(0xdeadbeef);
        ok_err(!SetFileInformationByHandle(h, FileNameInfo, buf, sizeof buf), ERROR_INVALID_PARAMETER);
        SetLastError(0xdeadbeef);
        ok_err(!SetFileInformationByHandle(h, (FILE_INFO_BY_HANDLE_CLASS)1000, buf, sizeof buf),
               ERROR_INVALID_PARAMETER);
    }
    CloseHandle(h);
    ok(DeleteFileW(in_dir(L"s.txt")), "clean up: error %lu", GetLastError());
}

int main(void)
{
    char tmp[MAX_PATH], name[MAX_PATH];
    GetTempPathA(MAX_PATH, tmp);
    snprintf(name, sizeof name, "%swinrun-setinfo-%lu", tmp, GetCurrentProcessId());
    MultiByteToWideChar(CP_ACP, 0, name, -1, dir, MAX_PATH);
    ok(CreateDirectoryW(dir, NULL), "CreateDirectory %ls: error %lu", dir, GetLastError());

    test_frozen_times();
    test_rename();
    test_disposition();
    test_sizes_and_hints();

    ok(RemoveDirectoryW(dir), "RemoveDirectory %ls: error %lu", dir, GetLastError());
    return check_summary();
}
