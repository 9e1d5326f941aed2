/* fileapi.h: opening files (every creation disposition and its last error,
 * access rights, share modes between handles, delete on close, read-only
 * files, directories), reading and writing (with and without OVERLAPPED
 * offsets), the file pointer, size, byte-range locks, file information and
 * times, and handles duplicated with DuplicateHandle.
 *
 * Everything happens in a fresh directory under GetTempPath, removed at the
 * end. */
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

static WCHAR dir[MAX_PATH];

/* The wide string functions are kept to what every runtime has (wcslen). */
static int wide_prefix(const WCHAR *s, const WCHAR *prefix)
{
    size_t n = wcslen(prefix);
    return wcslen(s) >= n && memcmp(s, prefix, n * sizeof(WCHAR)) == 0;
}

/* dir\name */
static const WCHAR *in_dir(const WCHAR *name)
{
    static WCHAR buf[4][MAX_PATH];
    static int next;
    WCHAR *p = buf[next++ % 4];
    size_t d = wcslen(dir), n = wcslen(name);
    memcpy(p, dir, d * sizeof(WCHAR));
    p[d] = '\\';
    memcpy(p + d + 1, name, (n + 1) * sizeof(WCHAR));
    return p;
}

static HANDLE open_w(const WCHAR *name, DWORD access, DWORD share, DWORD disposition, DWORD flags)
{
    return CreateFileW(name, access, share, NULL, disposition, flags, NULL);
}

static DWORD size_of(HANDLE h)
{
    return GetFileSize(h, NULL);
}

static void write_all(HANDLE h, const char *text)
{
    DWORD n = 0;
    BOOL ret = WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    ok(ret && n == strlen(text), "WriteFile: ret %d, wrote %lu", ret, n);
}

static void test_dispositions(void)
{
    const WCHAR *a = in_dir(L"a.txt");
    HANDLE h;

    SetLastError(0xdeadbeef);
    h = open_w(a, GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_NORMAL);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "CREATE_NEW of a new file: %p, error %lu",
       h, GetLastError());
    write_all(h, "hello");
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = open_w(a, GENERIC_WRITE, 0, CREATE_NEW, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_FILE_EXISTS);

    SetLastError(0xdeadbeef);
    h = open_w(in_dir(L"missing.txt"), GENERIC_READ, 0, OPEN_EXISTING, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    h = open_w(in_dir(L"nodir\\missing.txt"), GENERIC_READ, 0, OPEN_EXISTING, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_PATH_NOT_FOUND);
    SetLastError(0xdeadbeef);
    h = open_w(in_dir(L"nodir\\new.txt"), GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_PATH_NOT_FOUND);

    SetLastError(0xdeadbeef);
    h = open_w(a, GENERIC_READ, FILE_SHARE_READ, OPEN_ALWAYS, 0);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "OPEN_ALWAYS of an existing file: %p, error %lu", h, GetLastError());
    ok(size_of(h) == 5, "OPEN_ALWAYS kept the contents: size %lu", size_of(h));
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = open_w(in_dir(L"b.txt"), GENERIC_READ, 0, OPEN_ALWAYS, 0);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "OPEN_ALWAYS of a new file: %p, error %lu",
       h, GetLastError());
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = open_w(a, GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "CREATE_ALWAYS of an existing file: %p, error %lu", h, GetLastError());
    ok(size_of(h) == 0, "CREATE_ALWAYS truncated: size %lu", size_of(h));
    write_all(h, "0123456789");
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = open_w(in_dir(L"c.txt"), GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "CREATE_ALWAYS of a new file: %p, error %lu",
       h, GetLastError());
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = open_w(a, GENERIC_READ | GENERIC_WRITE, 0, TRUNCATE_EXISTING, 0);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "TRUNCATE_EXISTING: %p, error %lu", h,
       GetLastError());
    ok(size_of(h) == 0, "TRUNCATE_EXISTING truncated: size %lu", size_of(h));
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = open_w(in_dir(L"missing.txt"), GENERIC_WRITE, 0, TRUNCATE_EXISTING, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND);

    SetLastError(0xdeadbeef);
    h = open_w(a, GENERIC_WRITE, 0, 0, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    h = open_w(a, GENERIC_WRITE, 0, 6, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER);

    /* The A function takes the same names in the ANSI code page. */
    char nameA[MAX_PATH];
    WideCharToMultiByte(CP_ACP, 0, a, -1, nameA, sizeof nameA, NULL, NULL);
    SetLastError(0xdeadbeef);
    h = CreateFileA(nameA, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "CreateFileA: %p, error %lu", h, GetLastError());
    CloseHandle(h);

    DeleteFileW(in_dir(L"b.txt"));
    DeleteFileW(in_dir(L"c.txt"));
}

static void test_access_and_sharing(void)
{
    const WCHAR *s = in_dir(L"share.txt");
    HANDLE h1, h2;
    DWORD n;
    char buf[16];

    h1 = open_w(s, GENERIC_WRITE, FILE_SHARE_READ, CREATE_ALWAYS, 0);
    ok(h1 != INVALID_HANDLE_VALUE, "create share.txt: error %lu", GetLastError());
    write_all(h1, "shared");

    /* A reader must share the writer's write access. */
    SetLastError(0xdeadbeef);
    h2 = open_w(s, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    ok_err(h2 == INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION);
    /* A second writer is refused by the first one's share mode. */
    SetLastError(0xdeadbeef);
    h2 = open_w(s, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0);
    ok_err(h2 == INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION);
    /* Opening for attributes only never conflicts. */
    h2 = open_w(s, FILE_READ_ATTRIBUTES, 0, OPEN_EXISTING, 0);
    ok(h2 != INVALID_HANDLE_VALUE, "attribute-only open: error %lu", GetLastError());
    CloseHandle(h2);

    h2 = open_w(s, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0);
    ok(h2 != INVALID_HANDLE_VALUE, "compatible reader: error %lu", GetLastError());
    ok(ReadFile(h2, buf, sizeof buf, &n, NULL) && n == 6 && memcmp(buf, "shared", 6) == 0,
       "reader sees the writer's bytes: %lu", n);

    /* Rights the handle was not opened with. */
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(h1, buf, 1, &n, NULL), ERROR_ACCESS_DENIED);
    SetLastError(0xdeadbeef);
    ok_err(!WriteFile(h2, "x", 1, &n, NULL), ERROR_ACCESS_DENIED);

    /* Deleting needs every open to share delete. */
    SetLastError(0xdeadbeef);
    ok_err(!DeleteFileW(s), ERROR_SHARING_VIOLATION);
    CloseHandle(h1);
    CloseHandle(h2);

    h1 = open_w(s, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, OPEN_EXISTING, 0);
    ok(DeleteFileW(s), "DeleteFile of a file open with FILE_SHARE_DELETE: error %lu", GetLastError());
    CloseHandle(h1);
    SetLastError(0xdeadbeef);
    ok_err(GetFileAttributesW(s) == INVALID_FILE_ATTRIBUTES, ERROR_FILE_NOT_FOUND);

    /* Case-insensitive names: the existing file is found under any case. */
    h1 = open_w(in_dir(L"MiXeD.TxT"), GENERIC_WRITE, FILE_SHARE_READ, CREATE_NEW, 0);
    ok(h1 != INVALID_HANDLE_VALUE, "create MiXeD.TxT: error %lu", GetLastError());
    write_all(h1, "case");
    CloseHandle(h1);
    SetLastError(0xdeadbeef);
    h1 = open_w(in_dir(L"mixed.txt"), GENERIC_WRITE, 0, CREATE_NEW, 0);
    ok_err(h1 == INVALID_HANDLE_VALUE, ERROR_FILE_EXISTS);
    h1 = open_w(in_dir(L"MIXED.TXT"), GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    ok(h1 != INVALID_HANDLE_VALUE && size_of(h1) == 4, "open under another case: error %lu",
       GetLastError());
    CloseHandle(h1);
    ok(DeleteFileW(in_dir(L"mIxEd.txt")), "DeleteFile under another case: error %lu", GetLastError());
}

static void test_delete_on_close_and_readonly(void)
{
    const WCHAR *t = in_dir(L"temp.txt");
    HANDLE h;

    h = open_w(t, GENERIC_WRITE, FILE_SHARE_DELETE, CREATE_NEW, FILE_FLAG_DELETE_ON_CLOSE);
    ok(h != INVALID_HANDLE_VALUE, "create with FILE_FLAG_DELETE_ON_CLOSE: error %lu", GetLastError());
    write_all(h, "gone soon");
    ok(GetFileAttributesW(t) != INVALID_FILE_ATTRIBUTES, "the file exists while open");
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok_err(GetFileAttributesW(t) == INVALID_FILE_ATTRIBUTES, ERROR_FILE_NOT_FOUND);

    const WCHAR *r = in_dir(L"readonly.txt");
    h = open_w(r, GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_READONLY);
    ok(h != INVALID_HANDLE_VALUE, "create read-only: error %lu", GetLastError());
    /* The handle that created it may write. */
    write_all(h, "ro");
    CloseHandle(h);
    DWORD attrs = GetFileAttributesW(r);
    ok(attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_READONLY),
       "read-only attribute: %#lx", attrs);
    /* Windows refuses writing to a read-only file to everyone. (Wine, run as
     * root, goes by the host permissions and lets root write.) */
    SetLastError(0xdeadbeef);
    h = open_w(r, GENERIC_WRITE, 0, OPEN_EXISTING, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = open_w(r, GENERIC_READ, 0, CREATE_ALWAYS, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    h = open_w(r, GENERIC_READ, 0, OPEN_EXISTING, 0);
    ok(h != INVALID_HANDLE_VALUE, "read-only files open for reading: error %lu", GetLastError());
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok_err(!DeleteFileW(r), ERROR_ACCESS_DENIED);
    ok(SetFileAttributesW(r, FILE_ATTRIBUTE_NORMAL), "clear read-only: error %lu", GetLastError());
    attrs = GetFileAttributesW(r);
    ok(!(attrs & FILE_ATTRIBUTE_READONLY), "read-only cleared: %#lx", attrs);
    ok(DeleteFileW(r), "delete once writable: error %lu", GetLastError());
}

static void test_directories(void)
{
    const WCHAR *d = in_dir(L"sub");
    HANDLE h;
    BY_HANDLE_FILE_INFORMATION info;

    ok(CreateDirectoryW(d, NULL), "CreateDirectory: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    h = open_w(d, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED);
    h = open_w(d, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    ok(h != INVALID_HANDLE_VALUE, "directory with FILE_FLAG_BACKUP_SEMANTICS: error %lu", GetLastError());
    ok(GetFileInformationByHandle(h, &info) && (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY),
       "directory attributes %#lx", info.dwFileAttributes);
    ok(GetFileType(h) == FILE_TYPE_DISK, "GetFileType of a directory: %lu", GetFileType(h));
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = open_w(d, GENERIC_READ, FILE_SHARE_READ, CREATE_NEW, FILE_FLAG_BACKUP_SEMANTICS);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_FILE_EXISTS);
    ok(RemoveDirectoryW(d), "RemoveDirectory: error %lu", GetLastError());
}

static void test_pointer_and_size(void)
{
    const WCHAR *p = in_dir(L"pointer.txt");
    HANDLE h = open_w(p, GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    char buf[16];
    DWORD n, high;
    LARGE_INTEGER li, pos;

    write_all(h, "0123456789");
    ok(SetFilePointer(h, 2, NULL, FILE_BEGIN) == 2, "FILE_BEGIN");
    ok(ReadFile(h, buf, 3, &n, NULL) && n == 3 && memcmp(buf, "234", 3) == 0, "read at 2: %lu", n);
    ok(SetFilePointer(h, -1, NULL, FILE_CURRENT) == 4, "FILE_CURRENT");
    ok(SetFilePointer(h, 0, NULL, FILE_END) == 10, "FILE_END");
    high = 0;
    ok(SetFilePointer(h, -3, NULL, FILE_END) == 7, "negative from the end");
    SetLastError(0xdeadbeef);
    ok_err(SetFilePointer(h, -20, NULL, FILE_CURRENT) == INVALID_SET_FILE_POINTER, ERROR_NEGATIVE_SEEK);
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 7, "a failed seek leaves the pointer");
    high = 1;
    ok(SetFilePointer(h, 5, (LONG *)&high, FILE_BEGIN) == 5 && high == 1,
       "64-bit position through the high word: high %lu", high);
    high = 0;
    SetFilePointer(h, 0, (LONG *)&high, FILE_BEGIN);
    /* Reading at end of file succeeds with nothing read. */
    SetFilePointer(h, 0, NULL, FILE_END);
    ok(ReadFile(h, buf, sizeof buf, &n, NULL) && n == 0, "read at end of file: %lu", n);

    li.QuadPart = 4;
    ok(SetFilePointerEx(h, li, &pos, FILE_BEGIN) && pos.QuadPart == 4, "SetFilePointerEx");
    ok(SetEndOfFile(h), "SetEndOfFile: error %lu", GetLastError());
    ok(GetFileSize(h, &high) == 4 && high == 0, "size after SetEndOfFile %lu", GetFileSize(h, NULL));
    ok(GetFileSizeEx(h, &li) && li.QuadPart == 4, "GetFileSizeEx");
    /* Extending fills with zeros. */
    li.QuadPart = 8;
    SetFilePointerEx(h, li, NULL, FILE_BEGIN);
    ok(SetEndOfFile(h) && size_of(h) == 8, "extend with SetEndOfFile");
    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    ok(ReadFile(h, buf, 8, &n, NULL) && n == 8 && memcmp(buf, "0123\0\0\0\0", 8) == 0,
       "contents after truncate and extend");

    /* OVERLAPPED offsets on a synchronous handle: the transfer happens at the
     * offset and the file pointer follows it. */
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.Offset = 12;
    ok(WriteFile(h, "AB", 2, &n, &ov) && n == 2, "WriteFile at offset 12");
    ok(ov.InternalHigh == 2 && ov.Internal == 0, "OVERLAPPED completed: %lu %lu",
       (unsigned long)ov.Internal, (unsigned long)ov.InternalHigh);
    ok(size_of(h) == 14, "size after writing at 12: %lu", size_of(h));
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 14, "pointer follows the OVERLAPPED write");
    memset(&ov, 0, sizeof ov);
    ov.Offset = 2;
    ok(ReadFile(h, buf, 2, &n, &ov) && n == 2 && memcmp(buf, "23", 2) == 0, "ReadFile at offset 2");
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 4, "pointer follows the OVERLAPPED read");
    memset(&ov, 0, sizeof ov);
    ov.Offset = 100;
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(h, buf, 2, &n, &ov) && n == 0, ERROR_HANDLE_EOF);

    /* DuplicateHandle: the same open file, so the same pointer. */
    HANDLE dup = NULL;
    ok(DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &dup, 0, FALSE,
                       DUPLICATE_SAME_ACCESS) && dup && dup != h,
       "DuplicateHandle: error %lu", GetLastError());
    SetFilePointer(h, 3, NULL, FILE_BEGIN);
    ok(SetFilePointer(dup, 0, NULL, FILE_CURRENT) == 3, "duplicate shares the file pointer");
    CloseHandle(h);
    ok(ReadFile(dup, buf, 1, &n, NULL) && n == 1 && buf[0] == '3', "duplicate outlives the original");
    CloseHandle(dup);
    SetLastError(0xdeadbeef);
    ok_err(!CloseHandle(dup), ERROR_INVALID_HANDLE);
    DeleteFileW(p);
}

static void test_locks(void)
{
    const WCHAR *l = in_dir(L"locks.txt");
    DWORD share = FILE_SHARE_READ | FILE_SHARE_WRITE;
    HANDLE h1 = open_w(l, GENERIC_READ | GENERIC_WRITE, share, CREATE_ALWAYS, 0);
    HANDLE h2 = open_w(l, GENERIC_READ | GENERIC_WRITE, share, OPEN_EXISTING, 0);
    char buf[8];
    DWORD n;
    OVERLAPPED ov;

    write_all(h1, "0123456789abcdef");
    ok(LockFile(h1, 0, 0, 8, 0), "LockFile: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!LockFile(h1, 4, 0, 8, 0), ERROR_LOCK_VIOLATION);
    SetLastError(0xdeadbeef);
    ok_err(!LockFile(h2, 0, 0, 1, 0), ERROR_LOCK_VIOLATION);
    /* Locks are mandatory on Windows: "If the locking process opens the file
     * a second time, it cannot access the specified region through this
     * second handle" (LockFile). Wine does not enforce them on reads and
     * writes. */
    SetFilePointer(h2, 0, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(h2, buf, 4, &n, NULL), ERROR_LOCK_VIOLATION);
    SetFilePointer(h2, 8, NULL, FILE_BEGIN);
    ok(ReadFile(h2, buf, 4, &n, NULL) && n == 4 && memcmp(buf, "89ab", 4) == 0, "read past the lock");
    SetFilePointer(h1, 0, NULL, FILE_BEGIN);
    ok(ReadFile(h1, buf, 4, &n, NULL) && n == 4, "the owner reads its locked range");
    /* Unlocking needs the exact range: STATUS_RANGE_NOT_LOCKED, which is
     * ERROR_NOT_LOCKED (Wine says ERROR_LOCK_VIOLATION). */
    SetLastError(0xdeadbeef);
    ok_err(!UnlockFile(h1, 0, 0, 4, 0), ERROR_NOT_LOCKED);
    SetLastError(0xdeadbeef);
    ok_err(!UnlockFile(h2, 0, 0, 8, 0), ERROR_NOT_LOCKED);
    ok(UnlockFile(h1, 0, 0, 8, 0), "UnlockFile: error %lu", GetLastError());
    SetFilePointer(h2, 0, NULL, FILE_BEGIN);
    ok(ReadFile(h2, buf, 4, &n, NULL) && n == 4, "read once unlocked");

    /* Shared locks coexist; an exclusive one does not join them. */
    memset(&ov, 0, sizeof ov);
    ov.Offset = 2;
    ok(LockFileEx(h1, LOCKFILE_FAIL_IMMEDIATELY, 0, 4, 0, &ov), "shared lock 1: error %lu", GetLastError());
    ok(LockFileEx(h2, LOCKFILE_FAIL_IMMEDIATELY, 0, 4, 0, &ov), "shared lock 2: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!LockFileEx(h2, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov),
           ERROR_LOCK_VIOLATION);
    /* "A shared lock denies all processes write access to the specified byte
     * range of a file, including the process that first locks the byte
     * range" (LockFileEx); Wine lets the owner write. */
    memset(&ov, 0, sizeof ov);
    ov.Offset = 3;
    SetLastError(0xdeadbeef);
    ok_err(!WriteFile(h1, "x", 1, &n, &ov), ERROR_LOCK_VIOLATION);
    ov.Offset = 2;
    ok(UnlockFileEx(h1, 0, 4, 0, &ov), "UnlockFileEx: error %lu", GetLastError());
    /* Closing a handle releases its locks. */
    CloseHandle(h2);
    ok(LockFile(h1, 0, 0, 16, 0), "lock after the other handle closed: error %lu", GetLastError());
    CloseHandle(h1);
    DeleteFileW(l);
}

static void test_information(void)
{
    const WCHAR *f = in_dir(L"info.txt");
    HANDLE h = open_w(f, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, CREATE_ALWAYS, 0);
    BY_HANDLE_FILE_INFORMATION info, info2;
    FILETIME when, c, a, w;
    WCHAR path[MAX_PATH];
    DWORD n;

    write_all(h, "information");
    ok(GetFileInformationByHandle(h, &info), "GetFileInformationByHandle: error %lu", GetLastError());
    ok(info.nFileSizeLow == 11 && info.nFileSizeHigh == 0 && info.nNumberOfLinks == 1,
       "size %lu, links %lu", info.nFileSizeLow, info.nNumberOfLinks);
    ok(info.dwFileAttributes == FILE_ATTRIBUTE_ARCHIVE, "attributes %#lx", info.dwFileAttributes);

    HANDLE same = open_w(in_dir(L"INFO.TXT"), FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE,
                         OPEN_EXISTING, 0);
    ok(GetFileInformationByHandle(same, &info2) && info2.nFileIndexLow == info.nFileIndexLow &&
           info2.nFileIndexHigh == info.nFileIndexHigh &&
           info2.dwVolumeSerialNumber == info.dwVolumeSerialNumber,
       "another case opens the same file");
    CloseHandle(same);

    /* 2020-01-01 00:00:00 UTC */
    ULARGE_INTEGER t;
    t.QuadPart = 132223104000000000ULL;
    when.dwLowDateTime = t.LowPart;
    when.dwHighDateTime = t.HighPart;
    ok(SetFileTime(h, NULL, NULL, &when), "SetFileTime: error %lu", GetLastError());
    ok(GetFileTime(h, &c, &a, &w) && w.dwLowDateTime == when.dwLowDateTime &&
           w.dwHighDateTime == when.dwHighDateTime,
       "GetFileTime gives back the write time: %lu %lu", w.dwHighDateTime, w.dwLowDateTime);

    n = GetFinalPathNameByHandleW(h, path, MAX_PATH, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    ok(n > 4 && n < MAX_PATH && wide_prefix(path, L"\\\\?\\") &&
           _wcsicmp(path + n - 9, L"\\info.txt") == 0,
       "GetFinalPathNameByHandleW: %lu [%ls]", n, path);
    ok(GetFinalPathNameByHandleW(h, path, 3, 0) == n + 1, "the size needed includes the NUL");

    FILE_STANDARD_INFO std;
    ok(GetFileInformationByHandleEx(h, FileStandardInfo, &std, sizeof std) &&
           std.EndOfFile.QuadPart == 11 && std.NumberOfLinks == 1 && !std.Directory &&
           !std.DeletePending,
       "FileStandardInfo: size %lld", (long long)std.EndOfFile.QuadPart);
    FILE_BASIC_INFO basic;
    ok(GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic) &&
           (ULONGLONG)basic.LastWriteTime.QuadPart == t.QuadPart &&
           basic.FileAttributes == FILE_ATTRIBUTE_ARCHIVE,
       "FileBasicInfo: attributes %#lx", basic.FileAttributes);
    SetLastError(0xdeadbeef);
    ok_err(!GetFileInformationByHandleEx(h, FileBasicInfo, &basic, 8), ERROR_BAD_LENGTH);

    FILE_END_OF_FILE_INFO eof;
    eof.EndOfFile.QuadPart = 4;
    ok(SetFileInformationByHandle(h, FileEndOfFileInfo, &eof, sizeof eof) && size_of(h) == 4,
       "FileEndOfFileInfo: size %lu", size_of(h));

    /* Rename through the handle. */
    struct {
        FILE_RENAME_INFO info;
        WCHAR more[MAX_PATH];
    } rename;
    memset(&rename, 0, sizeof rename);
    const WCHAR *to = in_dir(L"renamed.txt");
    rename.info.FileNameLength = (DWORD)(wcslen(to) * sizeof(WCHAR));
    memcpy(rename.info.FileName, to, rename.info.FileNameLength);
    /* Renaming needs DELETE access to the file (Wine does not check). */
    SetLastError(0xdeadbeef);
    ok_err(!SetFileInformationByHandle(h, FileRenameInfo, &rename, sizeof rename), ERROR_ACCESS_DENIED);
    CloseHandle(h);
    if (GetFileAttributesW(to) != INVALID_FILE_ATTRIBUTES)
        MoveFileW(to, f);

    h = open_w(f, GENERIC_READ | DELETE, 0, OPEN_EXISTING, 0);
    ok(SetFileInformationByHandle(h, FileRenameInfo, &rename, sizeof rename),
       "FileRenameInfo: error %lu", GetLastError());
    ok(GetFileAttributesW(f) == INVALID_FILE_ATTRIBUTES && GetFileAttributesW(to) != INVALID_FILE_ATTRIBUTES,
       "the file has its new name");
    FILE_DISPOSITION_INFO disp;
    disp.DeleteFile = TRUE;
    ok(SetFileInformationByHandle(h, FileDispositionInfo, &disp, sizeof disp),
       "FileDispositionInfo: error %lu", GetLastError());
    CloseHandle(h);
    ok(GetFileAttributesW(to) == INVALID_FILE_ATTRIBUTES, "deleted at close");

    /* POSIX delete: the name goes when the handle closes, not with the last
     * handle. (Wine 8 does not implement FileDispositionInfoEx.) */
    const WCHAR *px = in_dir(L"posix.txt");
    h = open_w(px, GENERIC_READ | GENERIC_WRITE | DELETE, 0, CREATE_NEW, 0);
    write_all(h, "still here");
    FILE_DISPOSITION_INFO_EX dispex;
    dispex.Flags = FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS;
    /* FileDispositionInfoEx (21); older mingw headers lack the name. */
    ok(SetFileInformationByHandle(h, (FILE_INFO_BY_HANDLE_CLASS)21, &dispex, sizeof dispex),
       "FileDispositionInfoEx: error %lu", GetLastError());
    char buf[16];
    DWORD got = 0;
    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    ok(ReadFile(h, buf, sizeof buf, &got, NULL) && got == 10, "the handle still reads: %lu", got);
    CloseHandle(h);
    ok(GetFileAttributesW(px) == INVALID_FILE_ATTRIBUTES, "the name is gone");
}

static void test_devices(void)
{
    HANDLE h;
    DWORD n;
    char buf[4];

    h = CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "NUL: error %lu", GetLastError());
    ok(GetFileType(h) == FILE_TYPE_CHAR, "NUL is a character device: %lu", GetFileType(h));
    ok(WriteFile(h, "abc", 3, &n, NULL) && n == 3, "writing to NUL");
    ok(ReadFile(h, buf, sizeof buf, &n, NULL) && n == 0, "reading NUL gives nothing");
    CloseHandle(h);
    /* A device name with an extension, in any directory, is still the device. */
    h = CreateFileW(in_dir(L"nul.txt"), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE && GetFileType(h) == FILE_TYPE_CHAR, "nul.txt: error %lu",
       GetLastError());
    CloseHandle(h);

    /* A server that does not answer is ERROR_BAD_NETPATH (or, for a share
     * that does not exist, ERROR_BAD_NET_NAME); Wine says ERROR_PATH_NOT_FOUND. */
    SetLastError(0xdeadbeef);
    h = CreateFileW(L"\\\\nosuchserver\\share\\x.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && (GetLastError() == ERROR_BAD_NETPATH || GetLastError() == ERROR_BAD_NET_NAME),
       "UNC path: error %lu", GetLastError());
}

int main(void)
{
    char tmp[MAX_PATH], name[MAX_PATH];
    GetTempPathA(MAX_PATH, tmp);
    snprintf(name, sizeof name, "%swinrun-fileapi-%lu", tmp, GetCurrentProcessId());
    MultiByteToWideChar(CP_ACP, 0, name, -1, dir, MAX_PATH);
    ok(CreateDirectoryW(dir, NULL), "CreateDirectory %ls: error %lu", dir, GetLastError());

    test_dispositions();
    test_access_and_sharing();
    test_delete_on_close_and_readonly();
    test_directories();
    test_pointer_and_size();
    test_locks();
    test_information();
    test_devices();

    DeleteFileW(in_dir(L"a.txt"));
    ok(RemoveDirectoryW(dir), "RemoveDirectory %ls: error %lu", dir, GetLastError());
    return check_summary();
}
