/* fileapi.h: DOS attributes as NTFS keeps them (set by SetFileAttributes,
 * CreateFile or FileBasicInfo, reported by every query), file times set and
 * read back (creation time included, with the documented special values),
 * byte-range locks seen by the C runtime and waited for, FindFirstFileEx
 * options, directory listings through GetFileInformationByHandleEx that
 * continue where they stopped, and renames through
 * SetFileInformationByHandle.
 *
 * Everything happens in a fresh directory under GetTempPath, removed at the
 * end. */
#include <fcntl.h>
#include <io.h>
#include <errno.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

static WCHAR dir[MAX_PATH];

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

static void make_file(const WCHAR *name, DWORD attributes)
{
    HANDLE h = CreateFileW(in_dir(name), GENERIC_WRITE, 0, NULL, CREATE_NEW, attributes, NULL);
    DWORD n;
    ok(h != INVALID_HANDLE_VALUE, "create %ls: error %lu", name, GetLastError());
    WriteFile(h, "data", 4, &n, NULL);
    CloseHandle(h);
}

/* The attributes FindFirstFileW reports for dir\name. */
static DWORD found_attributes(const WCHAR *name)
{
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileW(in_dir(name), &fd);
    if (h == INVALID_HANDLE_VALUE)
        return INVALID_FILE_ATTRIBUTES;
    FindClose(h);
    return fd.dwFileAttributes;
}

/* The attributes an open handle reports, through both information calls;
 * INVALID_FILE_ATTRIBUTES when they disagree. */
static DWORD handle_attributes(const WCHAR *name)
{
    BY_HANDLE_FILE_INFORMATION info;
    FILE_BASIC_INFO basic;
    DWORD a = INVALID_FILE_ATTRIBUTES;
    HANDLE h = CreateFileW(in_dir(name), FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return a;
    if (GetFileInformationByHandle(h, &info) &&
        GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic) &&
        info.dwFileAttributes == basic.FileAttributes)
        a = info.dwFileAttributes;
    CloseHandle(h);
    return a;
}

static void check_attributes(const WCHAR *name, DWORD expected, int line)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    DWORD a = GetFileAttributesW(in_dir(name));
    DWORD ex = GetFileAttributesExW(in_dir(name), GetFileExInfoStandard, &data) ? data.dwFileAttributes : 0;
    DWORD found = found_attributes(name), by_handle = handle_attributes(name);
    ok(a == expected && ex == expected && found == expected && by_handle == expected,
       "line %d: %ls: attributes %#lx, ex %#lx, found %#lx, by handle %#lx, expected %#lx", line, name, a, ex,
       found, by_handle, expected);
}
#define check_attrs(name, expected) check_attributes(name, expected, __LINE__)

static void test_attributes(void)
{
    const DWORD hidden_system = FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM;
    HANDLE h;

    make_file(L"plain.txt", 0);
    check_attrs(L"plain.txt", FILE_ATTRIBUTE_ARCHIVE);
    /* A leading dot means nothing to Windows. */
    make_file(L".dotted", FILE_ATTRIBUTE_NORMAL);
    check_attrs(L".dotted", FILE_ATTRIBUTE_ARCHIVE);
    /* CreateFile's attributes are kept, with ARCHIVE added. */
    make_file(L"hidden.txt", FILE_ATTRIBUTE_HIDDEN);
    check_attrs(L"hidden.txt", FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_ARCHIVE);
    make_file(L"ro.txt", FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_SYSTEM);
    check_attrs(L"ro.txt", FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE);
    SetLastError(0xdeadbeef);
    h = CreateFileW(in_dir(L"ro.txt"), GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED);

    ok(SetFileAttributesW(in_dir(L"plain.txt"), hidden_system | FILE_ATTRIBUTE_NOT_CONTENT_INDEXED),
       "SetFileAttributes: error %lu", GetLastError());
    check_attrs(L"plain.txt", hidden_system | FILE_ATTRIBUTE_NOT_CONTENT_INDEXED);
    /* NORMAL, or nothing at all, clears every bit. (Wine reports ARCHIVE on
     * every file whatever was set.) */
    ok(SetFileAttributesW(in_dir(L"plain.txt"), FILE_ATTRIBUTE_NORMAL), "NORMAL: error %lu", GetLastError());
    check_attrs(L"plain.txt", FILE_ATTRIBUTE_NORMAL);
    ok(SetFileAttributesW(in_dir(L"hidden.txt"), 0), "0: error %lu", GetLastError());
    check_attrs(L"hidden.txt", FILE_ATTRIBUTE_NORMAL);
    ok(SetFileAttributesW(in_dir(L"ro.txt"), FILE_ATTRIBUTE_ARCHIVE), "clear read-only: error %lu", GetLastError());
    check_attrs(L"ro.txt", FILE_ATTRIBUTE_ARCHIVE);
    /* Bits that cannot be set are ignored (MS-FSCC: masked off). */
    ok(SetFileAttributesW(in_dir(L"ro.txt"), FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_COMPRESSED),
       "COMPRESSED: error %lu", GetLastError());
    check_attrs(L"ro.txt", FILE_ATTRIBUTE_HIDDEN);

    /* CREATE_ALWAYS must repeat HIDDEN and SYSTEM (CreateFile's remarks); the
     * attributes asked for join the file's. Wine overwrites the file. */
    ok(SetFileAttributesW(in_dir(L"plain.txt"), FILE_ATTRIBUTE_HIDDEN), "hide: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    h = CreateFileW(in_dir(L"plain.txt"), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    h = CreateFileW(in_dir(L"plain.txt"), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                    FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_NOT_CONTENT_INDEXED, NULL);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "CREATE_ALWAYS with HIDDEN: error %lu", GetLastError());
    CloseHandle(h);
    check_attrs(L"plain.txt", FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_NOT_CONTENT_INDEXED | FILE_ATTRIBUTE_ARCHIVE);

    /* Directories keep READONLY as a flag: files can still be made in them
     * (Wine drops it). */
    ok(CreateDirectoryW(in_dir(L"sub"), NULL), "CreateDirectory: error %lu", GetLastError());
    check_attrs(L"sub", FILE_ATTRIBUTE_DIRECTORY);
    ok(SetFileAttributesW(in_dir(L"sub"), FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN),
       "directory: error %lu", GetLastError());
    check_attrs(L"sub", FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN);
    make_file(L"sub\\inner.txt", 0);
    ok(DeleteFileW(in_dir(L"sub\\inner.txt")), "delete in a read-only directory: error %lu", GetLastError());

    /* FILE_BASIC_INFORMATION rules (MS-FSA 2.1.5.15.2): DIRECTORY on a file
     * and TEMPORARY on a directory are invalid (Wine accepts both). */
    SetLastError(0xdeadbeef);
    ok_err(!SetFileAttributesW(in_dir(L"ro.txt"), FILE_ATTRIBUTE_DIRECTORY), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(!SetFileAttributesW(in_dir(L"sub"), FILE_ATTRIBUTE_TEMPORARY), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(!SetFileAttributesW(in_dir(L"absent.txt"), FILE_ATTRIBUTE_NORMAL), ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(!SetFileAttributesW(in_dir(L"absent\\x.txt"), FILE_ATTRIBUTE_NORMAL), ERROR_PATH_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(GetFileAttributesW(in_dir(L"absent.txt")) == INVALID_FILE_ATTRIBUTES, ERROR_FILE_NOT_FOUND);

    /* Through a handle: FileBasicInfo with attributes and no times. */
    h = CreateFileW(in_dir(L"ro.txt"), FILE_WRITE_ATTRIBUTES, 0, NULL, OPEN_EXISTING, 0, NULL);
    {
        FILE_BASIC_INFO basic;
        memset(&basic, 0, sizeof basic);
        basic.FileAttributes = FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_READONLY;
        ok(SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof basic), "FileBasicInfo: error %lu",
           GetLastError());
    }
    CloseHandle(h);
    check_attrs(L"ro.txt", FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_READONLY);

    SetFileAttributesW(in_dir(L"ro.txt"), FILE_ATTRIBUTE_NORMAL);
    SetFileAttributesW(in_dir(L"plain.txt"), FILE_ATTRIBUTE_NORMAL);
    SetFileAttributesW(in_dir(L"sub"), FILE_ATTRIBUTE_NORMAL);
    ok(DeleteFileW(in_dir(L"plain.txt")) && DeleteFileW(in_dir(L".dotted")) && DeleteFileW(in_dir(L"hidden.txt")) &&
           DeleteFileW(in_dir(L"ro.txt")) && RemoveDirectoryW(in_dir(L"sub")),
       "clean up: error %lu", GetLastError());
}

static ULONGLONG as_u64(FILETIME t)
{
    return (ULONGLONG)t.dwHighDateTime << 32 | t.dwLowDateTime;
}

static FILETIME as_filetime(ULONGLONG v)
{
    FILETIME t;
    t.dwLowDateTime = (DWORD)v;
    t.dwHighDateTime = (DWORD)(v >> 32);
    return t;
}

static void test_times(void)
{
    /* 2001-02-03 04:05:06.7 and a day, two days later (100-ns units). */
    const ULONGLONG created = 126256611067000000ULL, day = 864000000000ULL;
    FILETIME c = as_filetime(created), a = as_filetime(created + day), w = as_filetime(created + 2 * day);
    FILETIME zero = as_filetime(0), keep = as_filetime(~0ULL), gc, ga, gw;
    WIN32_FILE_ATTRIBUTE_DATA data;
    WIN32_FIND_DATAW fd;
    HANDLE h, ro;

    /* The host cannot set a birth time; Windows keeps the creation time a
     * program sets, and so does winrun (Wine does not). */
    make_file(L"times.txt", 0);
    h = CreateFileW(in_dir(L"times.txt"), GENERIC_READ | FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                    0, NULL);
    ok(SetFileTime(h, &c, &a, &w), "SetFileTime: error %lu", GetLastError());
    ok(GetFileTime(h, &gc, &ga, &gw) && as_u64(gc) == created && as_u64(ga) == created + day &&
           as_u64(gw) == created + 2 * day,
       "times read back: %llu %llu %llu", as_u64(gc), as_u64(ga), as_u64(gw));
    /* 0 and all ones leave a time as it is. */
    ok(SetFileTime(h, &zero, &keep, &zero), "special values: error %lu", GetLastError());
    ok(GetFileTime(h, &gc, &ga, &gw) && as_u64(gc) == created && as_u64(ga) == created + day &&
           as_u64(gw) == created + 2 * day,
       "special values change nothing: %llu %llu %llu", as_u64(gc), as_u64(ga), as_u64(gw));
    ok(SetFileTime(h, NULL, NULL, NULL), "no times: error %lu", GetLastError());
    CloseHandle(h);

    ok(GetFileAttributesExW(in_dir(L"times.txt"), GetFileExInfoStandard, &data) &&
           as_u64(data.ftCreationTime) == created && as_u64(data.ftLastWriteTime) == created + 2 * day,
       "GetFileAttributesEx times: %llu %llu", as_u64(data.ftCreationTime), as_u64(data.ftLastWriteTime));
    h = FindFirstFileW(in_dir(L"times.txt"), &fd);
    ok(h != INVALID_HANDLE_VALUE && as_u64(fd.ftCreationTime) == created &&
           as_u64(fd.ftLastAccessTime) == created + day,
       "FindFirstFile times: %llu %llu", as_u64(fd.ftCreationTime), as_u64(fd.ftLastAccessTime));
    FindClose(h);

    /* Setting times takes FILE_WRITE_ATTRIBUTES (SetFileTime's parameters;
     * Wine does not check). */
    ro = CreateFileW(in_dir(L"times.txt"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok_err(!SetFileTime(ro, &c, NULL, NULL), ERROR_ACCESS_DENIED);
    CloseHandle(ro);

    /* FileBasicInfo sets the creation time too, and keeps the rest. */
    h = CreateFileW(in_dir(L"times.txt"), FILE_WRITE_ATTRIBUTES | FILE_READ_ATTRIBUTES, 0, NULL, OPEN_EXISTING, 0,
                    NULL);
    {
        FILE_BASIC_INFO basic;
        memset(&basic, 0, sizeof basic);
        basic.CreationTime.QuadPart = (LONGLONG)(created - day);
        ok(SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof basic), "FileBasicInfo: error %lu",
           GetLastError());
        ok(GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic) &&
               (ULONGLONG)basic.CreationTime.QuadPart == created - day &&
               (ULONGLONG)basic.LastWriteTime.QuadPart == created + 2 * day &&
               basic.FileAttributes == FILE_ATTRIBUTE_ARCHIVE,
           "FileBasicInfo read back: %llu %llu %#lx", (ULONGLONG)basic.CreationTime.QuadPart,
           (ULONGLONG)basic.LastWriteTime.QuadPart, basic.FileAttributes);
        /* Times below -2 are invalid (MS-FSA; Wine accepts them). */
        basic.CreationTime.QuadPart = -3;
        SetLastError(0xdeadbeef);
        ok_err(!SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof basic), ERROR_INVALID_PARAMETER);
    }
    CloseHandle(h);
    ok(DeleteFileW(in_dir(L"times.txt")), "clean up: error %lu", GetLastError());
}

struct waiter {
    HANDLE file;
    LONG locked;
};

static DWORD WINAPI wait_for_lock(void *arg)
{
    struct waiter *w = arg;
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.Offset = 100;
    if (LockFileEx(w->file, LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov))
        InterlockedExchange(&w->locked, 1);
    return 0;
}

static void test_locks(void)
{
    const WCHAR *l = in_dir(L"locks.txt");
    DWORD share = FILE_SHARE_READ | FILE_SHARE_WRITE;
    HANDLE h1 = CreateFileW(l, GENERIC_READ | GENERIC_WRITE, share, NULL, CREATE_ALWAYS, 0, NULL);
    HANDLE h2 = CreateFileW(l, GENERIC_READ | GENERIC_WRITE, share, NULL, OPEN_EXISTING, 0, NULL);
    char buf[256];
    struct waiter w;
    OVERLAPPED ov;
    HANDLE thread;
    DWORD n;
    int fd;

    memset(buf, 'x', sizeof buf);
    WriteFile(h1, buf, sizeof buf, &n, NULL);

    /* The offset comes from the OVERLAPPED. */
    memset(&ov, 0, sizeof ov);
    ov.Offset = 100;
    ok(LockFileEx(h1, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &ov),
       "LockFileEx at 100: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!LockFile(h2, 105, 0, 1, 0), ERROR_LOCK_VIOLATION);
    ok(LockFile(h2, 110, 0, 5, 0), "next to the lock: error %lu", GetLastError());
    ok(UnlockFile(h2, 110, 0, 5, 0), "UnlockFile: error %lu", GetLastError());
    /* Only the exact range unlocks. */
    ov.Offset = 101;
    SetLastError(0xdeadbeef);
    ok_err(!UnlockFileEx(h1, 0, 9, 0, &ov), ERROR_NOT_LOCKED);
    /* An exclusive lock over a lock of the same handle is refused too. */
    ov.Offset = 100;
    SetLastError(0xdeadbeef);
    ok_err(!LockFileEx(h1, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov), ERROR_LOCK_VIOLATION);

    /* The C runtime's reads and writes meet the lock as ReadFile does (Wine
     * enforces no locks on reads and writes, and answers a wrong unlock range
     * with ERROR_LOCK_VIOLATION). */
    fd = _open_osfhandle((intptr_t)h2, _O_RDWR | _O_BINARY);
    ok(fd >= 0, "_open_osfhandle: %d", fd);
    _lseek(fd, 96, SEEK_SET);
    errno = 0;
    ok(_read(fd, buf, 8) == -1 && errno == EACCES, "_read in the locked range: errno %d", errno);
    _lseek(fd, 104, SEEK_SET);
    errno = 0;
    ok(_write(fd, "yy", 2) == -1 && errno == EACCES, "_write in the locked range: errno %d", errno);
    _lseek(fd, 0, SEEK_SET);
    ok(_read(fd, buf, 8) == 8, "_read before the lock");

    /* Without LOCKFILE_FAIL_IMMEDIATELY the call waits for the range. */
    w.file = h2;
    w.locked = 0;
    thread = CreateThread(NULL, 0, wait_for_lock, &w, 0, NULL);
    ok(WaitForSingleObject(thread, 200) == WAIT_TIMEOUT && w.locked == 0, "the waiter waits");
    ov.Offset = 100;
    ok(UnlockFileEx(h1, 0, 10, 0, &ov), "UnlockFileEx: error %lu", GetLastError());
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0 && w.locked == 1, "the waiter got the lock");
    CloseHandle(thread);
    SetFilePointer(h1, 100, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(h1, buf, 4, &n, NULL), ERROR_LOCK_VIOLATION);

    _close(fd); /* closes h2, and its lock goes with it */
    SetFilePointer(h1, 100, NULL, FILE_BEGIN);
    ok(ReadFile(h1, buf, 4, &n, NULL) && n == 4, "read once the other handle closed: error %lu", GetLastError());
    CloseHandle(h1);
    ok(DeleteFileW(l), "clean up: error %lu", GetLastError());
}

/* Names FindFirstFileExW finds for pattern, joined with '|'. */
static const char *find_ex(const WCHAR *pattern, FINDEX_INFO_LEVELS level, FINDEX_SEARCH_OPS op, DWORD flags)
{
    static char out[512];
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileExW(in_dir(pattern), level, &fd, op, NULL, flags);
    out[0] = 0;
    if (h == INVALID_HANDLE_VALUE) {
        snprintf(out, sizeof out, "error %lu", GetLastError());
        return out;
    }
    do {
        char name[MAX_PATH];
        if (fd.cAlternateFileName[0])
            strcat(out, "<short name>");
        WideCharToMultiByte(CP_UTF8, 0, fd.cFileName, -1, name, sizeof name, NULL, NULL);
        if (out[0])
            strcat(out, "|");
        strcat(out, name);
    } while (FindNextFileW(h, &fd));
    FindClose(h);
    return out;
}

static void test_find_ex(void)
{
    const char *got;
    WIN32_FIND_DATAW fd;
    HANDLE h;

    make_file(L"Alpha.txt", 0);
    make_file(L"beta.txt", 0);
    ok(CreateDirectoryW(in_dir(L"Adir"), NULL), "CreateDirectory: error %lu", GetLastError());

    got = find_ex(L"a*", FindExInfoBasic, FindExSearchNameMatch, 0);
    ok(strcmp(got, "Adir|Alpha.txt") == 0, "basic: %s", got);
    got = find_ex(L"a*", FindExInfoStandard, FindExSearchNameMatch, FIND_FIRST_EX_LARGE_FETCH);
    ok(strcmp(got, "Adir|Alpha.txt") == 0, "large fetch: %s", got);
    /* Wine ignores FIND_FIRST_EX_CASE_SENSITIVE and accepts unknown flags. */
    got = find_ex(L"A*", FindExInfoBasic, FindExSearchNameMatch, FIND_FIRST_EX_CASE_SENSITIVE);
    ok(strcmp(got, "Adir|Alpha.txt") == 0, "case sensitive, same case: %s", got);
    got = find_ex(L"al*", FindExInfoBasic, FindExSearchNameMatch, FIND_FIRST_EX_CASE_SENSITIVE);
    ok(strcmp(got, "error 2") == 0, "case sensitive, other case: %s", got);
    /* A file system that filters directories returns only them; NTFS may
     * treat the operation as a hint (FindFirstFileExW's remarks). */
    got = find_ex(L"*", FindExInfoBasic, FindExSearchLimitToDirectories, 0);
    ok(strcmp(got, ".|..|Adir") == 0 || strcmp(got, ".|..|Adir|Alpha.txt|beta.txt") == 0, "directories: %s", got);

    SetLastError(0xdeadbeef);
    h = FindFirstFileExW(in_dir(L"*"), FindExInfoMaxInfoLevel, &fd, FindExSearchNameMatch, NULL, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    h = FindFirstFileExW(in_dir(L"*"), FindExInfoBasic, &fd, FindExSearchLimitToDevices, NULL, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    h = FindFirstFileExW(in_dir(L"*"), FindExInfoBasic, &fd, FindExSearchNameMatch, NULL, 0x100);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER);

    DeleteFileW(in_dir(L"Alpha.txt"));
    DeleteFileW(in_dir(L"beta.txt"));
    RemoveDirectoryW(in_dir(L"Adir"));
}

/* A listing in pieces: each call with room for a few records continues
 * after the last one, and the restart class starts over. */
static void test_listing_cursor(void)
{
    static union {
        FILE_ID_BOTH_DIR_INFO info;
        char bytes[400];
    } buf;
    int seen[40], total = 0, calls = 0, restarted = 0, i;
    HANDLE d;

    ok(CreateDirectoryW(in_dir(L"many"), NULL), "CreateDirectory: error %lu", GetLastError());
    for (i = 0; i < 40; i++) {
        WCHAR name[32];
        swprintf(name, 32, L"many\\f%02d", i);
        make_file(name, 0);
        seen[i] = 0;
    }
    d = CreateFileW(in_dir(L"many"), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS, NULL);
    while (GetFileInformationByHandleEx(d, FileIdBothDirectoryInfo, &buf, sizeof buf)) {
        FILE_ID_BOTH_DIR_INFO *e = &buf.info;
        calls++;
        for (;;) {
            int n = -1;
            if (e->FileNameLength == 6 && e->FileName[0] == 'f')
                n = (e->FileName[1] - '0') * 10 + (e->FileName[2] - '0');
            if (n >= 0 && n < 40)
                seen[n]++;
            total++;
            if (!e->NextEntryOffset)
                break;
            e = (FILE_ID_BOTH_DIR_INFO *)((char *)e + e->NextEntryOffset);
        }
    }
    ok(GetLastError() == ERROR_NO_MORE_FILES, "listing ends with %lu", GetLastError());
    for (i = 0; i < 40; i++)
        if (seen[i] != 1)
            break;
    ok(i == 40 && total == 42 && calls > 10, "every entry once: f%02d seen %d times, %d entries in %d calls", i,
       i < 40 ? seen[i] : 1, total, calls);
    if (GetFileInformationByHandleEx(d, FileIdBothDirectoryRestartInfo, &buf, sizeof buf))
        restarted = buf.info.FileNameLength == 2 && buf.info.FileName[0] == '.';
    ok(restarted, "the restart class lists '.' again");
    CloseHandle(d);
    for (i = 0; i < 40; i++) {
        WCHAR name[32];
        swprintf(name, 32, L"many\\f%02d", i);
        DeleteFileW(in_dir(name));
    }
    ok(RemoveDirectoryW(in_dir(L"many")), "clean up: error %lu", GetLastError());
}

/* FILE_RENAME_INFO with room for a name. */
static union {
    FILE_RENAME_INFO info;
    char bytes[sizeof(FILE_RENAME_INFO) + MAX_PATH * sizeof(WCHAR)];
} rename_buf;

static BOOL rename_by_handle(HANDLE h, FILE_INFO_BY_HANDLE_CLASS cls, DWORD flags, const WCHAR *to)
{
    size_t n = wcslen(to);
    memset(&rename_buf, 0, sizeof rename_buf);
    if (cls == FileRenameInfo)
        rename_buf.info.ReplaceIfExists = (BOOLEAN)flags;
    else
        *(DWORD *)&rename_buf.info = flags; /* the Ex class's Flags share the first field */
    rename_buf.info.FileNameLength = (DWORD)(n * sizeof(WCHAR));
    memcpy(rename_buf.info.FileName, to, (n + 1) * sizeof(WCHAR));
    return SetFileInformationByHandle(h, cls, &rename_buf, sizeof rename_buf);
}

static void test_rename_by_handle(void)
{
    const DWORD replace_if_exists = 1, posix_semantics = 2; /* FILE_RENAME_FLAG_* */
    const FILE_INFO_BY_HANDLE_CLASS rename_ex = (FILE_INFO_BY_HANDLE_CLASS)22; /* FileRenameInfoEx */
    HANDLE h, other;
    WIN32_FIND_DATAW fd;

    /* FileRenameInfoEx came with Windows 10 1709; Wine 8 does not have it. */
    make_file(L"from.txt", 0);
    make_file(L"to.txt", 0);
    h = CreateFileW(in_dir(L"from.txt"), DELETE | GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                    OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok_err(!rename_by_handle(h, FileRenameInfo, 0, in_dir(L"to.txt")), ERROR_ALREADY_EXISTS);
    SetLastError(0xdeadbeef);
    ok_err(!rename_by_handle(h, rename_ex, 0, in_dir(L"to.txt")), ERROR_ALREADY_EXISTS);
    /* A target open without delete sharing stays unless POSIX semantics. */
    other = CreateFileW(in_dir(L"to.txt"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok_err(!rename_by_handle(h, rename_ex, replace_if_exists, in_dir(L"to.txt")), ERROR_ACCESS_DENIED);
    ok(rename_by_handle(h, rename_ex, replace_if_exists | posix_semantics, in_dir(L"to.txt")),
       "POSIX rename over an open file: error %lu", GetLastError());
    CloseHandle(other);
    CloseHandle(h);
    ok(GetFileAttributesW(in_dir(L"from.txt")) == INVALID_FILE_ATTRIBUTES &&
           GetFileAttributesW(in_dir(L"to.txt")) == FILE_ATTRIBUTE_ARCHIVE,
       "renamed");
    h = FindFirstFileW(in_dir(L"*.txt"), &fd);
    ok(h != INVALID_HANDLE_VALUE && wcscmp(fd.cFileName, L"to.txt") == 0 && !FindNextFileW(h, &fd),
       "one file left");
    FindClose(h);
    ok(DeleteFileW(in_dir(L"to.txt")), "clean up: error %lu", GetLastError());
}

int main(void)
{
    char tmp[MAX_PATH], name[MAX_PATH];
    GetTempPathA(MAX_PATH, tmp);
    snprintf(name, sizeof name, "%swinrun-fileattr-%lu", tmp, GetCurrentProcessId());
    MultiByteToWideChar(CP_ACP, 0, name, -1, dir, MAX_PATH);
    ok(CreateDirectoryW(dir, NULL), "CreateDirectory %ls: error %lu", dir, GetLastError());

    test_attributes();
    test_times();
    test_locks();
    test_find_ex();
    test_listing_cursor();
    test_rename_by_handle();

    ok(RemoveDirectoryW(dir), "RemoveDirectory %ls: error %lu", dir, GetLastError());
    return check_summary();
}
