/* ioapiset.h, DeviceIoControl on files: symbolic links as reparse points
 * (read and written), sparse files, compression, and control codes a file
 * does not support.
 *
 * Wine 8 implements none of these controls on files (it fails them with
 * ERROR_NOT_SUPPORTED, unknown codes too): the expectations here are those
 * Microsoft documents for NTFS (an unknown FSCTL is STATUS_INVALID_DEVICE_REQUEST,
 * ERROR_INVALID_FUNCTION; reparse data that does not fit is ERROR_MORE_DATA). */
#include <windows.h>
#include <winioctl.h>
#include <wchar.h>

#include "check.h"

/* REPARSE_DATA_BUFFER for a symbolic link (ntifs.h, not in the SDK headers). */
typedef struct {
    ULONG ReparseTag;
    USHORT ReparseDataLength;
    USHORT Reserved;
    USHORT SubstituteNameOffset;
    USHORT SubstituteNameLength;
    USHORT PrintNameOffset;
    USHORT PrintNameLength;
    ULONG Flags;
    WCHAR PathBuffer[1];
} SYMLINK_REPARSE;
#define SYMLINK_FLAG_RELATIVE 1

static void make_file(const WCHAR *name, const char *text)
{
    HANDLE h = CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;
    WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
}

/* The substitute and print names of a link's reparse data. */
static BOOL get_link(const WCHAR *link, WCHAR *sub, WCHAR *print, ULONG *flags)
{
    HANDLE h = CreateFileW(link, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, NULL);
    static BYTE buf[MAXIMUM_REPARSE_DATA_BUFFER_SIZE];
    DWORD n = 0;
    BOOL ret = DeviceIoControl(h, FSCTL_GET_REPARSE_POINT, NULL, 0, buf, sizeof buf, &n, NULL);
    CloseHandle(h);
    if (!ret)
        return FALSE;
    SYMLINK_REPARSE *r = (SYMLINK_REPARSE *)buf;
    ok(r->ReparseTag == IO_REPARSE_TAG_SYMLINK, "tag 0x%lx", r->ReparseTag);
    ok(n == 8u + r->ReparseDataLength, "%lu bytes for a data length of %u", n, r->ReparseDataLength);
    memcpy(sub, (BYTE *)r->PathBuffer + r->SubstituteNameOffset, r->SubstituteNameLength);
    sub[r->SubstituteNameLength / 2] = 0;
    memcpy(print, (BYTE *)r->PathBuffer + r->PrintNameOffset, r->PrintNameLength);
    print[r->PrintNameLength / 2] = 0;
    *flags = r->Flags;
    return TRUE;
}

static void test_plain_file(void)
{
    make_file(L"ioctl_plain.txt", "plain");
    HANDLE h = CreateFileW(L"ioctl_plain.txt", GENERIC_READ | GENERIC_WRITE, 0, NULL,
                           OPEN_EXISTING, 0, NULL);
    USHORT format = 0xffff;
    DWORD n = 0xdead;
    ok(DeviceIoControl(h, FSCTL_GET_COMPRESSION, NULL, 0, &format, sizeof format, &n, NULL) &&
           n == 2 && format == COMPRESSION_FORMAT_NONE,
       "FSCTL_GET_COMPRESSION: n %lu format %u error %lu", n, format, GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!DeviceIoControl(h, FSCTL_GET_COMPRESSION, NULL, 0, &format, 1, &n, NULL),
           ERROR_INSUFFICIENT_BUFFER);

    n = 0xdead;
    ok(DeviceIoControl(h, FSCTL_SET_SPARSE, NULL, 0, NULL, 0, &n, NULL) && n == 0,
       "FSCTL_SET_SPARSE: %lu", GetLastError());

    BYTE buf[512];
    SetLastError(0xdeadbeef);
    ok_err(!DeviceIoControl(h, FSCTL_GET_REPARSE_POINT, NULL, 0, buf, sizeof buf, &n, NULL),
           ERROR_NOT_A_REPARSE_POINT);

    /* A control code no file system knows. */
    SetLastError(0xdeadbeef);
    ok_err(!DeviceIoControl(h, CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 0xfff, METHOD_BUFFERED, 0),
                            NULL, 0, buf, sizeof buf, &n, NULL),
           ERROR_INVALID_FUNCTION);

    /* With an OVERLAPPED on a synchronous handle the result still comes at once. */
    OVERLAPPED ov = {0};
    ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    ok(DeviceIoControl(h, FSCTL_GET_COMPRESSION, NULL, 0, &format, sizeof format, &n, &ov) &&
           WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0,
       "overlapped FSCTL_GET_COMPRESSION: %lu", GetLastError());
    CloseHandle(ov.hEvent);
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    ok_err(!DeviceIoControl(NULL, FSCTL_SET_SPARSE, NULL, 0, NULL, 0, &n, NULL),
           ERROR_INVALID_HANDLE);
    DeleteFileW(L"ioctl_plain.txt");
}

static void test_links(void)
{
    make_file(L"ioctl_target.txt", "target");
    WCHAR full[MAX_PATH], expected[MAX_PATH + 8], sub[MAX_PATH], print[MAX_PATH];
    GetFullPathNameW(L"ioctl_target.txt", MAX_PATH, full, NULL);

    /* An absolute link: \??\ before the substitute name, the plain path to print. */
    if (!CreateSymbolicLinkW(L"ioctl_abs.lnk", full, 0)) {
        ok(0, "CreateSymbolicLink: %lu", GetLastError());
        return;
    }
    ULONG flags = 0xdead;
    ok(get_link(L"ioctl_abs.lnk", sub, print, &flags), "FSCTL_GET_REPARSE_POINT: %lu",
       GetLastError());
    swprintf(expected, MAX_PATH + 8, L"\\??\\%ls", full);
    ok(!wcscmp(sub, expected), "substitute name %ls, expected %ls", sub, expected);
    ok(!wcscmp(print, full), "print name %ls, expected %ls", print, full);
    ok(flags == 0, "flags %lu", flags);

    /* Too small for the names: the header is there, ERROR_MORE_DATA says the rest is not. */
    HANDLE h = CreateFileW(L"ioctl_abs.lnk", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    BYTE small[24];
    DWORD n = 0;
    SetLastError(0xdeadbeef);
    ok_err(!DeviceIoControl(h, FSCTL_GET_REPARSE_POINT, NULL, 0, small, sizeof small, &n, NULL),
           ERROR_MORE_DATA);
    ok(((SYMLINK_REPARSE *)small)->ReparseTag == IO_REPARSE_TAG_SYMLINK, "partial header");
    SetLastError(0xdeadbeef);
    ok_err(!DeviceIoControl(h, FSCTL_GET_REPARSE_POINT, NULL, 0, small, 4, &n, NULL),
           ERROR_INSUFFICIENT_BUFFER);
    CloseHandle(h);

    /* Opened without FILE_FLAG_OPEN_REPARSE_POINT, the handle is the target file. */
    h = CreateFileW(L"ioctl_abs.lnk", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    BYTE buf[512];
    SetLastError(0xdeadbeef);
    ok_err(!DeviceIoControl(h, FSCTL_GET_REPARSE_POINT, NULL, 0, buf, sizeof buf, &n, NULL),
           ERROR_NOT_A_REPARSE_POINT);
    CloseHandle(h);

    /* FSCTL_SET_REPARSE_POINT turns an empty file into a relative link. */
    make_file(L"ioctl_rel.lnk", "");
    h = CreateFileW(L"ioctl_rel.lnk", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                    FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    static BYTE in[512];
    SYMLINK_REPARSE *r = (SYMLINK_REPARSE *)in;
    const WCHAR *name = L"ioctl_target.txt";
    USHORT len = (USHORT)(wcslen(name) * 2);
    r->ReparseTag = IO_REPARSE_TAG_SYMLINK;
    r->SubstituteNameOffset = 0;
    r->SubstituteNameLength = len;
    r->PrintNameOffset = len;
    r->PrintNameLength = len;
    r->Flags = SYMLINK_FLAG_RELATIVE;
    memcpy(r->PathBuffer, name, len);
    memcpy((BYTE *)r->PathBuffer + len, name, len);
    r->ReparseDataLength = (USHORT)(12 + 2 * len);
    n = 0xdead;
    ok(DeviceIoControl(h, FSCTL_SET_REPARSE_POINT, in, 8 + r->ReparseDataLength, NULL, 0, &n,
                       NULL),
       "FSCTL_SET_REPARSE_POINT: %lu", GetLastError());
    ok(n == 0, "no output: %lu", n);
    CloseHandle(h);
    ok(get_link(L"ioctl_rel.lnk", sub, print, &flags), "reading the new link back: %lu",
       GetLastError());
    ok(!wcscmp(sub, name) && flags == SYMLINK_FLAG_RELATIVE, "relative link: %ls, flags %lu",
       sub, flags);
    char text[16] = {0};
    h = CreateFileW(L"ioctl_rel.lnk", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(ReadFile(h, text, sizeof text, &n, NULL) && n == 6 && !memcmp(text, "target", 6),
       "reading through the link: %lu", n);
    CloseHandle(h);

    /* Reparse data that does not add up. */
    make_file(L"ioctl_bad.lnk", "");
    h = CreateFileW(L"ioctl_bad.lnk", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                    FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    SetLastError(0xdeadbeef);
    ok_err(!DeviceIoControl(h, FSCTL_SET_REPARSE_POINT, in, 8 + r->ReparseDataLength - 2, NULL,
                            0, &n, NULL),
           ERROR_INVALID_REPARSE_DATA);
    CloseHandle(h);

    DeleteFileW(L"ioctl_bad.lnk");
    DeleteFileW(L"ioctl_rel.lnk");
    DeleteFileW(L"ioctl_abs.lnk");
    DeleteFileW(L"ioctl_target.txt");
}

int main(void)
{
    test_plain_file();
    test_links();
    return check_summary();
}
