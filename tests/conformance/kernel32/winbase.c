/* winbase.h: MoveFile(Ex), CopyFile(Ex), ReplaceFile and CreateHardLink,
 * with their last errors and the resulting file contents and attributes. */
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
    HANDLE h = CreateFileA(in_dir(name), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;
    ok(h != INVALID_HANDLE_VALUE, "create %s: error %lu", name, GetLastError());
    WriteFile(h, contents, (DWORD)strlen(contents), &n, NULL);
    CloseHandle(h);
}

/* The file's contents, or "<missing>". */
static const char *contents(const char *name)
{
    static char buf[64];
    DWORD n = 0;
    HANDLE h = CreateFileA(in_dir(name), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return "<missing>";
    ReadFile(h, buf, sizeof buf - 1, &n, NULL);
    buf[n] = 0;
    CloseHandle(h);
    return buf;
}

static void test_move(void)
{
    make_file("one.txt", "one");
    make_file("two.txt", "two");

    SetLastError(0xdeadbeef);
    ok_err(!MoveFileA(in_dir("one.txt"), in_dir("two.txt")), ERROR_ALREADY_EXISTS);
    SetLastError(0xdeadbeef);
    ok_err(!MoveFileExA(in_dir("one.txt"), in_dir("two.txt"), 0), ERROR_ALREADY_EXISTS);
    ok(MoveFileExA(in_dir("one.txt"), in_dir("two.txt"), MOVEFILE_REPLACE_EXISTING),
       "replace: error %lu", GetLastError());
    ok(strcmp(contents("two.txt"), "one") == 0 && strcmp(contents("one.txt"), "<missing>") == 0,
       "after replacing: two.txt [%s]", contents("two.txt"));

    SetLastError(0xdeadbeef);
    ok_err(!MoveFileA(in_dir("one.txt"), in_dir("three.txt")), ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(!MoveFileA(in_dir("two.txt"), in_dir("nodir\\three.txt")), ERROR_PATH_NOT_FOUND);

    /* Across directories, and a case-only rename. */
    CreateDirectoryA(in_dir("sub"), NULL);
    ok(MoveFileA(in_dir("two.txt"), in_dir("sub\\moved.txt")), "into sub: error %lu", GetLastError());
    ok(MoveFileA(in_dir("sub\\moved.txt"), in_dir("sub\\MOVED.TXT")), "case-only rename: error %lu",
       GetLastError());
    /* NTFS takes the new case (Wine keeps the old one). */
    WIN32_FIND_DATAA fd;
    HANDLE h = FindFirstFileA(in_dir("sub\\moved.txt"), &fd);
    ok(h != INVALID_HANDLE_VALUE && strcmp(fd.cFileName, "MOVED.TXT") == 0, "the new case is kept: [%s]",
       fd.cFileName);
    FindClose(h);

    /* A file held open without FILE_SHARE_DELETE cannot be moved. */
    h = CreateFileA(in_dir("sub\\MOVED.TXT"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok_err(!MoveFileA(in_dir("sub\\MOVED.TXT"), in_dir("back.txt")), ERROR_SHARING_VIOLATION);
    CloseHandle(h);

    /* An open file is not replaced, whatever its sharing. */
    make_file("open.txt", "open");
    h = CreateFileA(in_dir("open.txt"), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0,
                    NULL);
    SetLastError(0xdeadbeef);
    ok_err(!MoveFileExA(in_dir("sub\\MOVED.TXT"), in_dir("open.txt"), MOVEFILE_REPLACE_EXISTING),
           ERROR_ACCESS_DENIED);
    CloseHandle(h);
    DeleteFileA(in_dir("open.txt"));

    /* Directories move too. */
    ok(MoveFileA(in_dir("sub"), in_dir("sub2")), "move a directory: error %lu", GetLastError());
    ok(strcmp(contents("sub2\\moved.txt"), "one") == 0, "its contents came along");
    DeleteFileA(in_dir("sub2\\moved.txt"));
    RemoveDirectoryA(in_dir("sub2"));
}

static void test_copy(void)
{
    make_file("src.txt", "source");
    ok(CopyFileA(in_dir("src.txt"), in_dir("dst.txt"), TRUE), "CopyFile: error %lu", GetLastError());
    ok(strcmp(contents("dst.txt"), "source") == 0, "copied contents [%s]", contents("dst.txt"));
    SetLastError(0xdeadbeef);
    ok_err(!CopyFileA(in_dir("src.txt"), in_dir("dst.txt"), TRUE), ERROR_FILE_EXISTS);
    make_file("src.txt", "new source");
    ok(CopyFileA(in_dir("src.txt"), in_dir("dst.txt"), FALSE), "overwrite: error %lu", GetLastError());
    ok(strcmp(contents("dst.txt"), "new source") == 0, "overwritten contents [%s]", contents("dst.txt"));
    SetLastError(0xdeadbeef);
    ok_err(!CopyFileA(in_dir("nothing.txt"), in_dir("dst2.txt"), FALSE), ERROR_FILE_NOT_FOUND);

    /* The copy keeps the last write time and the read-only attribute. */
    WIN32_FILE_ATTRIBUTE_DATA a, b;
    SetFileAttributesA(in_dir("src.txt"), FILE_ATTRIBUTE_READONLY);
    ok(CopyFileW(L"", L"", FALSE) == FALSE, "empty names fail");
    ok(CopyFileA(in_dir("src.txt"), in_dir("ro.txt"), TRUE), "copy read-only: error %lu", GetLastError());
    ok(GetFileAttributesExA(in_dir("src.txt"), GetFileExInfoStandard, &a) &&
           GetFileAttributesExA(in_dir("ro.txt"), GetFileExInfoStandard, &b),
       "GetFileAttributesEx");
    ok(b.dwFileAttributes & FILE_ATTRIBUTE_READONLY, "copy is read-only: %#lx", b.dwFileAttributes);
    ok(CompareFileTime(&a.ftLastWriteTime, &b.ftLastWriteTime) == 0, "same last write time");
    /* Other attributes come along too (Wine adds ARCHIVE). */
    SetFileAttributesA(in_dir("dst.txt"), FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM);
    ok(CopyFileA(in_dir("dst.txt"), in_dir("hid.txt"), TRUE), "copy hidden: error %lu", GetLastError());
    ok(GetFileAttributesA(in_dir("hid.txt")) == (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM),
       "copied attributes %#lx", GetFileAttributesA(in_dir("hid.txt")));
    SetFileAttributesA(in_dir("dst.txt"), FILE_ATTRIBUTE_NORMAL);
    SetFileAttributesA(in_dir("hid.txt"), FILE_ATTRIBUTE_NORMAL);
    DeleteFileA(in_dir("hid.txt"));
    /* A read-only target is not replaced (Wine, run as root, replaces it). */
    SetLastError(0xdeadbeef);
    ok_err(!CopyFileA(in_dir("dst.txt"), in_dir("ro.txt"), FALSE), ERROR_ACCESS_DENIED);
    SetFileAttributesA(in_dir("src.txt"), FILE_ATTRIBUTE_NORMAL);
    SetFileAttributesA(in_dir("ro.txt"), FILE_ATTRIBUTE_NORMAL);

    /* The source is read sharing read: a writer without FILE_SHARE_READ blocks it. */
    HANDLE h = CreateFileA(in_dir("src.txt"), GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok_err(!CopyFileA(in_dir("src.txt"), in_dir("dst3.txt"), FALSE), ERROR_SHARING_VIOLATION);
    CloseHandle(h);

    ok(CopyFileExW(L"", L"", NULL, NULL, NULL, 0) == FALSE, "CopyFileExW of nothing fails");
    DeleteFileA(in_dir("src.txt"));
    DeleteFileA(in_dir("dst.txt"));
    DeleteFileA(in_dir("ro.txt"));
}

static void test_replace(void)
{
    WIN32_FILE_ATTRIBUTE_DATA before, after;
    HANDLE h;

    make_file("replaced.txt", "old");
    make_file("replacement.txt", "new");
    ok(SetFileAttributesA(in_dir("replaced.txt"), FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_ARCHIVE),
       "SetFileAttributes: error %lu", GetLastError());
    GetFileAttributesExA(in_dir("replaced.txt"), GetFileExInfoStandard, &before);
    ok(ReplaceFileA(in_dir("replaced.txt"), in_dir("replacement.txt"), in_dir("backup.txt"), 0, NULL, NULL),
       "ReplaceFile with a backup: error %lu", GetLastError());
    ok(strcmp(contents("replaced.txt"), "new") == 0 && strcmp(contents("backup.txt"), "old") == 0 &&
           strcmp(contents("replacement.txt"), "<missing>") == 0,
       "after replacing: [%s] [%s]", contents("replaced.txt"), contents("backup.txt"));
    /* The replacement takes the replaced file's attributes and creation time
     * (Wine keeps its own). */
    ok(GetFileAttributesExA(in_dir("replaced.txt"), GetFileExInfoStandard, &after) &&
           after.dwFileAttributes == (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_ARCHIVE) &&
           CompareFileTime(&before.ftCreationTime, &after.ftCreationTime) == 0,
       "merged attributes %#lx", after.dwFileAttributes);

    /* Without a backup, an existing backup file is left alone. */
    make_file("replacement.txt", "newer");
    ok(ReplaceFileA(in_dir("replaced.txt"), in_dir("replacement.txt"), NULL, REPLACEFILE_WRITE_THROUGH, NULL, NULL),
       "ReplaceFile without a backup: error %lu", GetLastError());
    ok(strcmp(contents("replaced.txt"), "newer") == 0 && strcmp(contents("backup.txt"), "old") == 0,
       "after the second replacement: [%s] [%s]", contents("replaced.txt"), contents("backup.txt"));

    /* Missing files: ERROR_FILE_NOT_FOUND, and nothing moves. */
    SetLastError(0xdeadbeef);
    ok_err(!ReplaceFileA(in_dir("replaced.txt"), in_dir("replacement.txt"), NULL, 0, NULL, NULL),
           ERROR_FILE_NOT_FOUND);
    make_file("replacement.txt", "newest");
    SetLastError(0xdeadbeef);
    ok_err(!ReplaceFileA(in_dir("absent.txt"), in_dir("replacement.txt"), in_dir("backup.txt"), 0, NULL, NULL),
           ERROR_FILE_NOT_FOUND);
    ok(strcmp(contents("replacement.txt"), "newest") == 0 && strcmp(contents("backup.txt"), "old") == 0,
       "nothing moved");
    SetLastError(0xdeadbeef);
    ok_err(!ReplaceFileW(NULL, L"x", NULL, 0, NULL, NULL), ERROR_INVALID_PARAMETER);

    /* A backup name that cannot be taken (a directory's): both files keep
     * their names. The documented error for that is
     * ERROR_UNABLE_TO_REMOVE_REPLACED, which this test asserts; Wine 8 fails
     * with ERROR_INVALID_PARAMETER, so the check fails under Wine. */
    CreateDirectoryA(in_dir("backdir"), NULL);
    ok(!ReplaceFileA(in_dir("replaced.txt"), in_dir("replacement.txt"), in_dir("backdir"), 0, NULL, NULL) &&
           GetLastError() == ERROR_UNABLE_TO_REMOVE_REPLACED,
       "backup name taken by a directory: error %lu", GetLastError());
    ok(strcmp(contents("replaced.txt"), "newer") == 0 && strcmp(contents("replacement.txt"), "newest") == 0,
       "both kept their names: [%s] [%s]", contents("replaced.txt"), contents("replacement.txt"));
    RemoveDirectoryA(in_dir("backdir"));

    /* The replaced file open without delete sharing cannot be replaced: the
     * documented ERROR_UNABLE_TO_REMOVE_REPLACED (Wine 8 ignores the missing
     * delete sharing and replaces the file, so the check fails under Wine). */
    h = CreateFileA(in_dir("replaced.txt"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(!ReplaceFileA(in_dir("replaced.txt"), in_dir("replacement.txt"), NULL, 0, NULL, NULL) &&
           GetLastError() == ERROR_UNABLE_TO_REMOVE_REPLACED,
       "replaced file in use: error %lu", GetLastError());
    CloseHandle(h);
    ok(strcmp(contents("replaced.txt"), "newer") == 0, "still the old contents");

    SetFileAttributesA(in_dir("replaced.txt"), FILE_ATTRIBUTE_NORMAL);
    SetFileAttributesA(in_dir("backup.txt"), FILE_ATTRIBUTE_NORMAL);
    DeleteFileA(in_dir("replaced.txt"));
    DeleteFileA(in_dir("replacement.txt"));
    DeleteFileA(in_dir("backup.txt"));
}

static void test_hard_link(void)
{
    BY_HANDLE_FILE_INFORMATION info;
    make_file("target.txt", "linked");
    ok(CreateHardLinkA(in_dir("link.txt"), in_dir("target.txt"), NULL), "CreateHardLink: error %lu",
       GetLastError());
    ok(strcmp(contents("link.txt"), "linked") == 0, "the link reads the target");
    HANDLE h = CreateFileA(in_dir("link.txt"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(GetFileInformationByHandle(h, &info) && info.nNumberOfLinks == 2, "two links: %lu",
       info.nNumberOfLinks);
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok_err(!CreateHardLinkA(in_dir("link.txt"), in_dir("target.txt"), NULL), ERROR_ALREADY_EXISTS);
    SetLastError(0xdeadbeef);
    ok_err(!CreateHardLinkA(in_dir("link2.txt"), in_dir("none.txt"), NULL), ERROR_FILE_NOT_FOUND);
    DeleteFileA(in_dir("link.txt"));
    DeleteFileA(in_dir("target.txt"));
}

int main(void)
{
    char tmp[MAX_PATH];
    GetTempPathA(MAX_PATH, tmp);
    snprintf(dir, sizeof dir, "%swinrun-winbase-%lu", tmp, GetCurrentProcessId());
    ok(CreateDirectoryA(dir, NULL), "CreateDirectory %s: error %lu", dir, GetLastError());

    test_move();
    test_copy();
    test_replace();
    test_hard_link();

    ok(RemoveDirectoryA(dir), "RemoveDirectory %s: error %lu", dir, GetLastError());
    return check_summary();
}
