/* fileapi.h and friends: names and directories. GetFullPathName's rules,
 * the current directory, GetTempPath/GetTempFileName, long names, drives
 * and volumes, SearchPath, the system directories, CreateDirectory and
 * RemoveDirectory with their last errors. */
#include <string.h>
#include <windows.h>

#include "check.h"

static char dir[MAX_PATH];

static const char *in_dir(const char *name)
{
    static char buf[4][MAX_PATH];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, MAX_PATH, "%s\\%s", dir, name);
    return p;
}

static void make_file(const char *name)
{
    HANDLE h = CreateFileA(in_dir(name), GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "create %s: error %lu", name, GetLastError());
    CloseHandle(h);
}

/* GetFullPathNameA, checked against what it should give. */
static void full(const char *name, const char *expected, int line)
{
    char buf[MAX_PATH];
    char *part = (char *)1;
    DWORD n = GetFullPathNameA(name, sizeof buf, buf, &part);
    check_ok_(__FILE__, line, n == strlen(expected) && strcmp(buf, expected) == 0,
              "GetFullPathName(%s) = %lu [%s], expected [%s]", name, n, buf, expected);
    const char *slash = strrchr(expected, '\\');
    /* A device name has no file part. */
    const char *want_part =
        slash && slash[1] && strncmp(expected, "\\\\.\\", 4) != 0 ? buf + (slash + 1 - expected) : NULL;
    check_ok_(__FILE__, line, part == want_part, "file part of %s: %p, expected %p", name,
              (void *)part, (void *)want_part);
}
#define FULL(name, expected) full(name, expected, __LINE__)

static void test_full_path_names(void)
{
    char buf[MAX_PATH], cwd[MAX_PATH], expect[MAX_PATH];
    DWORD n;

    FULL("C:\\a\\b\\..\\c", "C:\\a\\c");
    FULL("C:/a//b/./c", "C:\\a\\b\\c");
    FULL("C:\\a\\..\\..\\..", "C:\\");
    FULL("C:\\a\\name. . .", "C:\\a\\name");
    FULL("C:\\a\\dir\\", "C:\\a\\dir\\");
    FULL("C:\\", "C:\\");
    /* Only opening takes \\?\ names verbatim; GetFullPathName normalises them. */
    FULL("\\\\?\\C:\\a\\..\\b", "\\\\?\\C:\\b");
    FULL("\\\\server\\share\\a\\..\\b", "\\\\server\\share\\b");
    FULL("nul", "\\\\.\\nul");
    FULL("C:\\somewhere\\NUL.txt", "\\\\.\\NUL");
    FULL("con", "\\\\.\\con");

    ok(SetCurrentDirectoryA(dir), "SetCurrentDirectory: error %lu", GetLastError());
    n = GetCurrentDirectoryA(sizeof cwd, cwd);
    ok(n == strlen(dir) && strcmp(cwd, dir) == 0, "GetCurrentDirectory [%s]", cwd);
    ok(GetCurrentDirectoryA(3, buf) == strlen(dir) + 1, "too small a buffer: the size needed");

    snprintf(expect, sizeof expect, "%s\\x.txt", dir);
    FULL("x.txt", expect);
    FULL(".\\x.txt", expect);
    snprintf(expect, sizeof expect, "%s", dir);
    FULL(".", expect);
    /* The parent of the temporary directory. */
    strcpy(expect, dir);
    *strrchr(expect, '\\') = 0;
    strcat(expect, "\\y");
    FULL("..\\y", expect);
    /* Rooted: the current drive. */
    snprintf(expect, sizeof expect, "%c:\\rooted\\z", dir[0]);
    FULL("\\rooted\\z", expect);
    /* (Wine takes a name starting with / as a Unix path and puts it on Z:.) */
    FULL("/rooted/z", expect);
    /* Drive-relative on the current drive: the current directory. */
    snprintf(buf, sizeof buf, "%c:sub", dir[0]);
    snprintf(expect, sizeof expect, "%s\\sub", dir);
    FULL(buf, expect);

    n = GetFullPathNameA("C:\\a\\b", 4, buf, NULL);
    ok(n == 7, "too small a buffer gives the size with the NUL: %lu", n);

    WCHAR wbuf[MAX_PATH];
    WCHAR *wpart = NULL;
    n = GetFullPathNameW(L"C:\\w\\..\\v.txt", MAX_PATH, wbuf, &wpart);
    ok(n == 8 && memcmp(wbuf, L"C:\\v.txt", 9 * sizeof(WCHAR)) == 0 && wpart == wbuf + 3,
       "GetFullPathNameW: %lu [%ls]", n, wbuf);
}

static void test_current_directory(void)
{
    char buf[MAX_PATH];
    HANDLE h;

    CreateDirectoryA(in_dir("Work"), NULL);
    make_file("Work\\inside.txt");
    /* Any case finds the directory; the current directory keeps the case it was given. */
    ok(SetCurrentDirectoryA(in_dir("WORK")), "SetCurrentDirectory in another case: error %lu",
       GetLastError());
    GetCurrentDirectoryA(sizeof buf, buf);
    ok(_stricmp(buf, in_dir("Work")) == 0, "current directory [%s]", buf);
    h = CreateFileA("inside.txt", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "relative names use the current directory: error %lu", GetLastError());
    CloseHandle(h);
    /* The current directory is in use. */
    SetLastError(0xdeadbeef);
    ok_err(!RemoveDirectoryA(in_dir("Work")), ERROR_SHARING_VIOLATION);

    SetLastError(0xdeadbeef);
    ok_err(!SetCurrentDirectoryA(in_dir("missing")), ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(!SetCurrentDirectoryA("inside.txt"), ERROR_DIRECTORY);
    ok(SetCurrentDirectoryA(".."), "SetCurrentDirectory(..): error %lu", GetLastError());
    GetCurrentDirectoryA(sizeof buf, buf);
    ok(strcmp(buf, dir) == 0, "back in [%s]", buf);

    DeleteFileA(in_dir("Work\\inside.txt"));
    ok(RemoveDirectoryA(in_dir("work")), "RemoveDirectory in another case: error %lu", GetLastError());
}

static void test_directories(void)
{
    DWORD attrs;
    WIN32_FILE_ATTRIBUTE_DATA data;

    ok(CreateDirectoryA(in_dir("d"), NULL), "CreateDirectory: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!CreateDirectoryA(in_dir("d"), NULL), ERROR_ALREADY_EXISTS);
    SetLastError(0xdeadbeef);
    ok_err(!CreateDirectoryA(in_dir("D"), NULL), ERROR_ALREADY_EXISTS);
    SetLastError(0xdeadbeef);
    ok_err(!CreateDirectoryA(in_dir("none\\d"), NULL), ERROR_PATH_NOT_FOUND);
    attrs = GetFileAttributesA(in_dir("d"));
    ok(attrs == FILE_ATTRIBUTE_DIRECTORY, "directory attributes %#lx", attrs);
    ok(GetFileAttributesExA(in_dir("d"), GetFileExInfoStandard, &data) &&
           data.dwFileAttributes == FILE_ATTRIBUTE_DIRECTORY && data.nFileSizeLow == 0,
       "GetFileAttributesEx of a directory: %#lx", data.dwFileAttributes);
    SetLastError(0xdeadbeef);
    ok_err(!GetFileAttributesExA(in_dir("d"), 7, &data), ERROR_INVALID_PARAMETER);

    make_file("d\\f.txt");
    SetLastError(0xdeadbeef);
    ok_err(!RemoveDirectoryA(in_dir("d")), ERROR_DIR_NOT_EMPTY);
    SetLastError(0xdeadbeef);
    ok_err(!RemoveDirectoryA(in_dir("d\\f.txt")), ERROR_DIRECTORY);
    SetLastError(0xdeadbeef);
    ok_err(!DeleteFileA(in_dir("d")), ERROR_ACCESS_DENIED);
    SetLastError(0xdeadbeef);
    ok_err(!DeleteFileA(in_dir("d\\none.txt")), ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(!DeleteFileA(in_dir("none\\none.txt")), ERROR_PATH_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(GetFileAttributesA(in_dir("d\\none.txt")) == INVALID_FILE_ATTRIBUTES, ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(GetFileAttributesA(in_dir("none\\none.txt")) == INVALID_FILE_ATTRIBUTES, ERROR_PATH_NOT_FOUND);
    ok(DeleteFileA(in_dir("D\\F.TXT")), "DeleteFile in another case: error %lu", GetLastError());
    ok(RemoveDirectoryA(in_dir("d")), "RemoveDirectory: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!RemoveDirectoryA(in_dir("d")), ERROR_FILE_NOT_FOUND);
}

static void test_temp_names(void)
{
    char tmp[MAX_PATH], name[MAX_PATH], small[2];
    DWORD n = GetTempPathA(sizeof tmp, tmp);
    ok(n > 3 && n == strlen(tmp) && tmp[n - 1] == '\\', "GetTempPath [%s]", tmp);
    ok(GetTempPathA(sizeof small, small) == n + 1, "too small a buffer: the size needed");
    WCHAR wtmp[MAX_PATH];
    ok(GetTempPathW(MAX_PATH, wtmp) == n, "GetTempPathW agrees");

    UINT u = GetTempFileNameA(dir, "wrx", 0, name);
    ok(u != 0, "GetTempFileName: error %lu", GetLastError());
    size_t len = strlen(name);
    ok(_strnicmp(name, in_dir("wrx"), strlen(dir) + 4) == 0 && len > 4 &&
           _stricmp(name + len - 4, ".tmp") == 0,
       "temporary name [%s]", name);
    ok(GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES, "the file was created");
    UINT u2 = GetTempFileNameA(dir, "wrx", 0, tmp);
    ok(u2 != 0 && u2 != u && strcmp(tmp, name) != 0, "a second name differs: [%s]", tmp);
    DeleteFileA(name);
    DeleteFileA(tmp);

    u = GetTempFileNameA(dir, "abcdef", 0x1234, name);
    ok(u == 0x1234 && _stricmp(name, in_dir("abc1234.tmp")) == 0, "given number: %x [%s]", u, name);
    ok(GetFileAttributesA(name) == INVALID_FILE_ATTRIBUTES, "with a number given, nothing is created");

    char lng[MAX_PATH];
    make_file("long name.txt");
    n = GetLongPathNameA(in_dir("long name.txt"), lng, sizeof lng);
    ok(n == strlen(in_dir("long name.txt")) && strcmp(lng, in_dir("long name.txt")) == 0,
       "GetLongPathName [%s]", lng);
    SetLastError(0xdeadbeef);
    ok_err(GetLongPathNameA(in_dir("absent.txt"), lng, sizeof lng) == 0, ERROR_FILE_NOT_FOUND);
    DeleteFileA(in_dir("long name.txt"));
}

static void test_drives_and_system(void)
{
    char buf[MAX_PATH], small[4];
    DWORD n;

    ok(GetLogicalDrives() & (1 << 2), "drive C: exists: %#lx", GetLogicalDrives());
    ok(GetDriveTypeA("C:\\") == DRIVE_FIXED, "C: is fixed: %u", GetDriveTypeA("C:\\"));
    ok(GetDriveTypeA(NULL) == DRIVE_FIXED, "the current drive is fixed");

    char volume[MAX_PATH], fs[MAX_PATH];
    DWORD serial = 0, maxlen = 0, flags = 0;
    ok(GetVolumeInformationA("C:\\", volume, sizeof volume, &serial, &maxlen, &flags, fs, sizeof fs),
       "GetVolumeInformation: error %lu", GetLastError());
    ok(maxlen == 255 && fs[0] != 0, "component length %lu, file system [%s]", maxlen, fs);
    ok(flags & FILE_CASE_PRESERVED_NAMES, "case-preserving: %#lx", flags);
    ok(!(flags & FILE_CASE_SENSITIVE_SEARCH), "case-insensitive: %#lx", flags);

    ULARGE_INTEGER avail, total, free_bytes;
    ok(GetDiskFreeSpaceExA(dir, &avail, &total, &free_bytes), "GetDiskFreeSpaceEx: error %lu",
       GetLastError());
    ok(total.QuadPart > 0 && free_bytes.QuadPart <= total.QuadPart && avail.QuadPart <= free_bytes.QuadPart,
       "sizes %llu %llu %llu", avail.QuadPart, free_bytes.QuadPart, total.QuadPart);

    n = GetWindowsDirectoryA(buf, sizeof buf);
    ok(n == 10 && _stricmp(buf, "C:\\windows") == 0, "GetWindowsDirectory [%s]", buf);
    n = GetSystemDirectoryA(buf, sizeof buf);
    ok(n == 19 && _stricmp(buf, "C:\\windows\\system32") == 0, "GetSystemDirectory [%s]", buf);
    ok(GetSystemDirectoryA(small, sizeof small) == 20, "too small a buffer: the size with the NUL");

    make_file("findme.txt");
    char *part = NULL;
    n = SearchPathA(dir, "findme", ".txt", sizeof buf, buf, &part);
    ok(n == strlen(in_dir("findme.txt")) && _stricmp(buf, in_dir("findme.txt")) == 0 && part &&
           strcmp(part, "findme.txt") == 0,
       "SearchPath [%s]", buf);
    SetLastError(0xdeadbeef);
    ok_err(SearchPathA(dir, "nothere.txt", NULL, sizeof buf, buf, NULL) == 0, ERROR_FILE_NOT_FOUND);
    DeleteFileA(in_dir("findme.txt"));
}

int main(void)
{
    char tmp[MAX_PATH];
    GetTempPathA(MAX_PATH, tmp);
    snprintf(dir, sizeof dir, "%swinrun-path-%lu", tmp, GetCurrentProcessId());
    ok(CreateDirectoryA(dir, NULL), "CreateDirectory %s: error %lu", dir, GetLastError());
    /* Keep the test's own names free of symlinks the host may have in TEMP. */
    GetLongPathNameA(dir, dir, sizeof dir);

    test_full_path_names();
    test_current_directory();
    test_directories();
    test_temp_names();
    test_drives_and_system();

    SetCurrentDirectoryA(tmp);
    ok(RemoveDirectoryA(dir), "RemoveDirectory %s: error %lu", dir, GetLastError());
    return check_summary();
}
