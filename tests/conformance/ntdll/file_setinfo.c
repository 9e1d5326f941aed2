/* NtSetInformationFile (ntifs.h): the classes SetFileInformationByHandle
 * shares, with NT names for renames and NTSTATUS results.
 *
 * Wine 8 differs from Windows here: it keeps no creation time, answers a
 * short buffer with STATUS_INVALID_PARAMETER_3 and a query-only class with
 * STATUS_NOT_IMPLEMENTED, and refuses a bare rename target
 * (STATUS_OBJECT_PATH_SYNTAX_BAD), which FILE_RENAME_INFORMATION documents
 * as a rename within the file's directory. */
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <winternl.h>

#include "check.h"

#define STATUS_INVALID_INFO_CLASS_ ((NTSTATUS)0xC0000003)
#define STATUS_INFO_LENGTH_MISMATCH_ ((NTSTATUS)0xC0000004)
#define STATUS_INVALID_HANDLE_ ((NTSTATUS)0xC0000008)
#define STATUS_OBJECT_NAME_COLLISION_ ((NTSTATUS)0xC0000035)
/* FILE_INFORMATION_CLASS values winternl.h does not have. */
#define FileBasicInformation_ 4
#define FileRenameInformation_ 10
#define FileDispositionInformation_ 13
#define FileEndOfFileInformation_ 20

typedef NTSTATUS(NTAPI *set_info_fn)(HANDLE, PIO_STATUS_BLOCK, PVOID, ULONG, ULONG);
static set_info_fn set_info;

static WCHAR dir[MAX_PATH];

static const WCHAR *in_dir(const WCHAR *name)
{
    static WCHAR buf[4][MAX_PATH];
    static int next;
    WCHAR *p = buf[next++ % 4];
    swprintf(p, MAX_PATH, L"%ls\\%ls", dir, name);
    return p;
}

static HANDLE create(const WCHAR *name)
{
    return CreateFileW(in_dir(name), GENERIC_READ | GENERIC_WRITE | DELETE, 0, NULL, CREATE_NEW, 0, NULL);
}

static BOOL exists(const WCHAR *name)
{
    return GetFileAttributesW(in_dir(name)) != INVALID_FILE_ATTRIBUTES;
}

/* FILE_RENAME_INFORMATION with room for a name. */
static union {
    FILE_RENAME_INFO info;
    char bytes[sizeof(FILE_RENAME_INFO) + MAX_PATH * sizeof(WCHAR)];
} rename_buf;

static NTSTATUS rename_to(HANDLE h, BOOLEAN replace, const WCHAR *to)
{
    IO_STATUS_BLOCK io;
    size_t n = wcslen(to);
    memset(&rename_buf, 0, sizeof rename_buf);
    rename_buf.info.ReplaceIfExists = replace;
    rename_buf.info.FileNameLength = (DWORD)(n * sizeof(WCHAR));
    memcpy(rename_buf.info.FileName, to, (n + 1) * sizeof(WCHAR));
    return set_info(h, &io, &rename_buf, sizeof rename_buf, FileRenameInformation_);
}

int main(void)
{
    char tmp[MAX_PATH], name[MAX_PATH];
    WCHAR nt[MAX_PATH];
    IO_STATUS_BLOCK io;
    FILE_BASIC_INFO basic;
    LARGE_INTEGER eof, size;
    FILETIME c;
    BOOLEAN del = TRUE;
    HANDLE h, other;
    NTSTATUS st;

    set_info = (set_info_fn)(void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtSetInformationFile");
    ok(set_info != NULL, "NtSetInformationFile is exported");
    if (!set_info)
        return check_summary();
    GetTempPathA(MAX_PATH, tmp);
    snprintf(name, sizeof name, "%swinrun-ntsetinfo-%lu", tmp, GetCurrentProcessId());
    MultiByteToWideChar(CP_ACP, 0, name, -1, dir, MAX_PATH);
    ok(CreateDirectoryW(dir, NULL), "CreateDirectory %ls: error %lu", dir, GetLastError());

    h = create(L"a.txt");
    /* Basic information: a creation time, the rest left alone. */
    memset(&basic, 0, sizeof basic);
    basic.CreationTime.QuadPart = 126256611067000000LL;
    io.Status = 0x1234;
    io.Information = 0xdead;
    st = set_info(h, &io, &basic, sizeof basic, FileBasicInformation_);
    ok(st == 0 && io.Status == 0 && io.Information == 0, "basic: status %#lx, iosb %#lx %llu", (unsigned long)st,
       (unsigned long)io.Status, (ULONGLONG)io.Information);
    ok(GetFileTime(h, &c, NULL, NULL) &&
           ((ULONGLONG)c.dwHighDateTime << 32 | c.dwLowDateTime) == 126256611067000000ULL,
       "creation time set");
    st = set_info(h, &io, &basic, 8, FileBasicInformation_);
    ok(st == STATUS_INFO_LENGTH_MISMATCH_, "short buffer: status %#lx", (unsigned long)st);

    /* End of file. */
    eof.QuadPart = 7;
    st = set_info(h, &io, &eof, sizeof eof, FileEndOfFileInformation_);
    ok(st == 0 && GetFileSizeEx(h, &size) && size.QuadPart == 7, "end of file: status %#lx", (unsigned long)st);

    /* Renames: a bare name stays in the file's directory; a full name is an
     * NT path; an existing target needs ReplaceIfExists. */
    st = rename_to(h, FALSE, L"b.txt");
    ok(st == 0 && !exists(L"a.txt") && exists(L"b.txt"), "rename within the directory: status %#lx",
       (unsigned long)st);
    swprintf(nt, MAX_PATH, L"\\??\\%ls", in_dir(L"c.txt"));
    st = rename_to(h, FALSE, nt);
    ok(st == 0 && !exists(L"b.txt") && exists(L"c.txt"), "rename to an NT path: status %#lx", (unsigned long)st);
    other = create(L"d.txt");
    CloseHandle(other);
    st = rename_to(h, FALSE, L"d.txt");
    ok(st == STATUS_OBJECT_NAME_COLLISION_, "existing target: status %#lx", (unsigned long)st);
    st = rename_to(h, TRUE, L"d.txt");
    ok(st == 0 && !exists(L"c.txt") && exists(L"d.txt"), "replace: status %#lx", (unsigned long)st);

    /* Classes it does not set, and bad handles. */
    st = set_info(h, &io, &basic, sizeof basic, 5 /* FileStandardInformation */);
    ok(st == STATUS_INVALID_INFO_CLASS_, "query-only class: status %#lx", (unsigned long)st);
    st = set_info((HANDLE)(ULONG_PTR)0x7ffc, &io, &del, sizeof del, FileDispositionInformation_);
    ok(st == STATUS_INVALID_HANDLE_, "bad handle: status %#lx", (unsigned long)st);

    /* Disposition: deleted when the handle closes. */
    st = set_info(h, &io, &del, sizeof del, FileDispositionInformation_);
    ok(st == 0, "disposition: status %#lx", (unsigned long)st);
    CloseHandle(h);
    ok(!exists(L"d.txt"), "deleted at close");

    ok(RemoveDirectoryW(dir), "RemoveDirectory %ls: error %lu", dir, GetLastError());
    return check_summary();
}
