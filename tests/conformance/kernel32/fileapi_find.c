/* fileapi.h: FindFirstFile/FindNextFile/FindClose and Windows wildcards:
 * `*` and `?`, case-insensitive, `*.*` matching names without a dot, `.` and
 * `..` listed in a directory that is not a drive's root, NTFS order. */
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

static void make_file(const char *name, const char *contents)
{
    HANDLE h = CreateFileA(in_dir(name), GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    DWORD n;
    ok(h != INVALID_HANDLE_VALUE, "create %s: error %lu", name, GetLastError());
    WriteFile(h, contents, (DWORD)strlen(contents), &n, NULL);
    CloseHandle(h);
}

/* Every name a search returns, joined with '|', in order. */
static int list(const char *pattern, char *out, size_t size)
{
    WIN32_FIND_DATAA fd;
    HANDLE h = FindFirstFileA(in_dir(pattern), &fd);
    out[0] = 0;
    if (h == INVALID_HANDLE_VALUE)
        return -1;
    int count = 0;
    do {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", count++ ? "|" : "", fd.cFileName);
    } while (FindNextFileA(h, &fd));
    DWORD err = GetLastError();
    ok(err == ERROR_NO_MORE_FILES, "the search ends with ERROR_NO_MORE_FILES, not %lu", err);
    ok(FindClose(h), "FindClose: error %lu", GetLastError());
    return count;
}

static void test_wildcards(void)
{
    char names[1024];
    int n;

    n = list("*", names, sizeof names);
    ok(n == 7 && strcmp(names, ".|..|alpha.txt|Beta.TXT|gamma|notes.txt.bak|sub") == 0,
       "*: %d [%s]", n, names);
    n = list("*.*", names, sizeof names);
    ok(n == 7 && strcmp(names, ".|..|alpha.txt|Beta.TXT|gamma|notes.txt.bak|sub") == 0,
       "*.* also matches names without a dot: %d [%s]", n, names);
    n = list("*.txt", names, sizeof names);
    ok(n == 2 && strcmp(names, "alpha.txt|Beta.TXT") == 0, "*.txt: %d [%s]", n, names);
    n = list("?eta.txt", names, sizeof names);
    ok(n == 1 && strcmp(names, "Beta.TXT") == 0, "?eta.txt: %d [%s]", n, names);
    n = list("GAMMA", names, sizeof names);
    ok(n == 1 && strcmp(names, "gamma") == 0, "a plain name in another case: %d [%s]", n, names);
    n = list("a*", names, sizeof names);
    ok(n == 1 && strcmp(names, "alpha.txt") == 0, "a*: %d [%s]", n, names);

    SetLastError(0xdeadbeef);
    WIN32_FIND_DATAA fd;
    HANDLE h = FindFirstFileA(in_dir("*.none"), &fd);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    h = FindFirstFileA(in_dir("nodir\\*"), &fd);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_PATH_NOT_FOUND);
}

static void test_find_data(void)
{
    WIN32_FIND_DATAW fd;
    WCHAR pattern[MAX_PATH];
    MultiByteToWideChar(CP_ACP, 0, in_dir("alpha.*"), -1, pattern, MAX_PATH);
    HANDLE h = FindFirstFileW(pattern, &fd);
    ok(h != INVALID_HANDLE_VALUE, "FindFirstFileW: error %lu", GetLastError());
    if (h == INVALID_HANDLE_VALUE)
        return;
    ok(fd.nFileSizeLow == 5 && fd.nFileSizeHigh == 0, "size %lu", fd.nFileSizeLow);
    ok(fd.dwFileAttributes == FILE_ATTRIBUTE_ARCHIVE, "attributes %#lx", fd.dwFileAttributes);
    ok(memcmp(fd.cFileName, L"alpha.txt", 10 * sizeof(WCHAR)) == 0, "name [%ls]", fd.cFileName);
    FILETIME zero = {0, 0};
    ok(CompareFileTime(&fd.ftLastWriteTime, &zero) > 0, "a write time");
    ok(CompareFileTime(&zero, &fd.ftLastWriteTime) < 0 && CompareFileTime(&zero, &zero) == 0,
       "CompareFileTime");
    SetLastError(0xdeadbeef);
    ok_err(!FindNextFileW(h, &fd), ERROR_NO_MORE_FILES);
    FindClose(h);

    /* The directory's own entries. */
    MultiByteToWideChar(CP_ACP, 0, in_dir("s*"), -1, pattern, MAX_PATH);
    h = FindFirstFileExW(pattern, FindExInfoBasic, &fd, FindExSearchNameMatch, NULL, 0);
    ok(h != INVALID_HANDLE_VALUE && (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) &&
           fd.nFileSizeLow == 0,
       "FindFirstFileExW finds the directory: error %lu, attributes %#lx", GetLastError(),
       fd.dwFileAttributes);
    FindClose(h);

}

static void test_many(void)
{
    char name[32], names[64];
    int i, n = 0;
    WIN32_FIND_DATAA fd;

    CreateDirectoryA(in_dir("many"), NULL);
    for (i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "many\\f%03d.dat", i);
        make_file(name, "");
    }
    HANDLE h = FindFirstFileA(in_dir("many\\*.dat"), &fd);
    if (h != INVALID_HANDLE_VALUE) {
        do {
            snprintf(names, sizeof names, "f%03d.dat", n);
            if (strcmp(fd.cFileName, names) != 0)
                break;
            n++;
        } while (FindNextFileA(h, &fd));
        FindClose(h);
    }
    ok(n == 300, "300 files in order: stopped after %d", n);
    for (i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "many\\f%03d.dat", i);
        DeleteFileA(in_dir(name));
    }
    ok(RemoveDirectoryA(in_dir("many")), "remove many: error %lu", GetLastError());
}

/* Names of the records GetFileInformationByHandleEx wrote, joined with '|'; the
 * fixed part before FileName is 68 bytes (full) or 104 (id-both). */
static int dir_records(HANDLE h, FILE_INFO_BY_HANDLE_CLASS cls, size_t fixed, char *out)
{
    static __declspec(align(8)) BYTE buf[4096];
    int count = 0;
    if (!GetFileInformationByHandleEx(h, cls, buf, sizeof buf))
        return -1;
    for (BYTE *rec = buf;; rec += *(DWORD *)rec) {
        DWORD bytes = *(DWORD *)(rec + 60);
        char name[MAX_PATH];
        int n = WideCharToMultiByte(CP_UTF8, 0, (WCHAR *)(rec + fixed), (int)(bytes / 2),
                                    name, sizeof name - 1, NULL, NULL);
        name[n] = 0;
        if (count++)
            strcat(out, "|");
        strcat(out, name);
        if (*(DWORD *)rec == 0)
            break;
        ok(*(DWORD *)rec % 8 == 0, "NextEntryOffset %lu is 8-byte aligned", *(DWORD *)rec);
    }
    return count;
}

/* GetFileInformationByHandleEx lists an open directory (Go's and Rust's
 * runtimes read directories this way): every entry once, then
 * ERROR_NO_MORE_FILES; the Restart classes start over. */
static void test_directory_classes(void)
{
    char names[1024] = "";
    HANDLE h = CreateFileA(dir, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    ok(h != INVALID_HANDLE_VALUE, "open the directory: error %lu", GetLastError());
    ok(dir_records(h, FileFullDirectoryInfo, 68, names) == 7, "7 records: %s", names);
    ok(strcmp(names, ".|..|alpha.txt|Beta.TXT|gamma|notes.txt.bak|sub") == 0, "names: %s", names);
    SetLastError(0xdeadbeef);
    names[0] = 0;
    ok_err(dir_records(h, FileFullDirectoryInfo, 68, names) == -1, ERROR_NO_MORE_FILES);
    names[0] = 0;
    ok(dir_records(h, FileIdBothDirectoryRestartInfo, 104, names) == 7, "restart: %s", names);
    ok(strcmp(names, ".|..|alpha.txt|Beta.TXT|gamma|notes.txt.bak|sub") == 0, "names: %s", names);
    CloseHandle(h);

    h = CreateFileA(in_dir("gamma"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    names[0] = 0;
    SetLastError(0xdeadbeef);
    ok_err(dir_records(h, FileFullDirectoryInfo, 68, names) == -1, ERROR_INVALID_PARAMETER);
    CloseHandle(h);
}

int main(void)
{
    char tmp[MAX_PATH];
    GetTempPathA(MAX_PATH, tmp);
    snprintf(dir, sizeof dir, "%swinrun-find-%lu", tmp, GetCurrentProcessId());
    ok(CreateDirectoryA(dir, NULL), "CreateDirectory %s: error %lu", dir, GetLastError());
    make_file("alpha.txt", "alpha");
    make_file("Beta.TXT", "beta");
    make_file("gamma", "g");
    make_file("notes.txt.bak", "n");
    CreateDirectoryA(in_dir("sub"), NULL);

    test_wildcards();
    test_find_data();
    test_many();
    test_directory_classes();

    DeleteFileA(in_dir("alpha.txt"));
    DeleteFileA(in_dir("Beta.TXT"));
    DeleteFileA(in_dir("gamma"));
    DeleteFileA(in_dir("notes.txt.bak"));
    RemoveDirectoryA(in_dir("sub"));
    ok(RemoveDirectoryA(dir), "RemoveDirectory %s: error %lu", dir, GetLastError());
    return check_summary();
}
