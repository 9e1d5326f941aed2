/* io.h and stdio opens share files as CreateFile does: _sopen/_fsopen
 * sharing flags, fopen against a Win32 handle that does not share, deleting
 * or renaming an open file, _O_TEMPORARY (delete on close), _O_EXCL, a
 * directory opened as a file, and the errno each failure maps to.
 * Built for msvcrt (mingw) and the UCRT (zig): both behave the same here. */
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <share.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <direct.h>

#include "check.h"

static const char *name = "share-test.tmp";
static const char *name2 = "share-test2.tmp";

static void make_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

static void test_win32_handle_blocks_crt(void)
{
    make_file(name, "abc");
    HANDLE h = CreateFileA(name, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFile: %lu", GetLastError());

    errno = 0;
    FILE *f = fopen(name, "rb");
    ok(f == NULL && errno == EACCES, "fopen of an unshared file: %p errno %d", (void *)f, errno);
    errno = 0;
    int fd = _open(name, _O_RDONLY);
    ok(fd == -1 && errno == EACCES, "_open of an unshared file: %d errno %d", fd, errno);
    ok(_doserrno == ERROR_SHARING_VIOLATION, "_doserrno %lu", (unsigned long)_doserrno);
    errno = 0;
    ok(remove(name) == -1 && errno == EACCES, "remove of an open file: errno %d", errno);
    CloseHandle(h);

    /* A handle that shares reading lets fopen "r" in, not "w". */
    h = CreateFileA(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    f = fopen(name, "rb");
    ok(f != NULL, "fopen r with read sharing: errno %d", errno);
    if (f)
        fclose(f);
    errno = 0;
    f = fopen(name, "ab");
    ok(f == NULL && errno == EACCES, "fopen a with read sharing only: errno %d", errno);
    CloseHandle(h);
}

static void test_crt_blocks_win32(void)
{
    /* fopen shares reading and writing, not deleting. */
    FILE *f = fopen(name, "r+b");
    ok(f != NULL, "fopen r+: errno %d", errno);
    HANDLE h = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                           NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFile beside fopen: %lu", GetLastError());
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok_err(!DeleteFileA(name), ERROR_SHARING_VIOLATION);
    errno = 0;
    ok(rename(name, name2) == -1 && errno == EACCES, "rename of an open file: errno %d", errno);
    fclose(f);
    ok(rename(name, name2) == 0, "rename after fclose: errno %d", errno);
    ok(rename(name2, name) == 0, "rename back: errno %d", errno);

    /* _fsopen with _SH_DENYWR: readers may join, writers not. */
    f = _fsopen(name, "rb", _SH_DENYWR);
    ok(f != NULL, "_fsopen _SH_DENYWR: errno %d", errno);
    SetLastError(0xdeadbeef);
    h = CreateFileA(name, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                    0, NULL);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION);
    FILE *g = fopen(name, "rb");
    ok(g != NULL, "fopen r beside _SH_DENYWR: errno %d", errno);
    if (g)
        fclose(g);
    errno = 0;
    g = fopen(name, "r+b");
    ok(g == NULL && errno == EACCES, "fopen r+ beside _SH_DENYWR: errno %d", errno);
    fclose(f);

    /* _sopen _SH_DENYRW keeps everyone out, _SH_DENYRD lets writers in. */
    int fd = _sopen(name, _O_RDONLY | _O_BINARY, _SH_DENYRW);
    ok(fd >= 0, "_sopen _SH_DENYRW: errno %d", errno);
    errno = 0;
    int fd2 = _sopen(name, _O_RDONLY | _O_BINARY, _SH_DENYNO);
    ok(fd2 == -1 && errno == EACCES, "_sopen beside _SH_DENYRW: %d errno %d", fd2, errno);
    _close(fd);
    fd = _sopen(name, _O_WRONLY | _O_BINARY, _SH_DENYRD);
    ok(fd >= 0, "_sopen _SH_DENYRD: errno %d", errno);
    fd2 = _sopen(name, _O_WRONLY | _O_BINARY, _SH_DENYNO);
    ok(fd2 >= 0, "a writer beside _SH_DENYRD: errno %d", errno);
    _close(fd2);
    errno = 0;
    fd2 = _sopen(name, _O_RDONLY | _O_BINARY, _SH_DENYNO);
    ok(fd2 == -1 && errno == EACCES, "a reader beside _SH_DENYRD: %d errno %d", fd2, errno);
    _close(fd);

    /* Windows sets EINVAL (Wine 8 leaves errno alone). */
    errno = 0;
    fd = _sopen(name, _O_RDONLY, 0x1234);
    ok(fd == -1 && errno == EINVAL, "_sopen with a bad share flag: %d errno %d", fd, errno);
}

static void test_temporary_and_flags(void)
{
    int fd = _open(name2, _O_CREAT | _O_EXCL | _O_RDWR | _O_TEMPORARY | _O_BINARY,
                   _S_IREAD | _S_IWRITE);
    ok(fd >= 0, "_open _O_TEMPORARY: errno %d", errno);
    ok(_write(fd, "xyz", 3) == 3, "write to a temporary file");
    ok(GetFileAttributesA(name2) != INVALID_FILE_ATTRIBUTES, "exists while open");
    /* Delete-on-close opens share deletion; a second open must share it too. */
    SetLastError(0xdeadbeef);
    HANDLE h = CreateFileA(name2, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, 0, NULL);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION);
    _close(fd);
    SetLastError(0xdeadbeef);
    ok_err(GetFileAttributesA(name2) == INVALID_FILE_ATTRIBUTES, ERROR_FILE_NOT_FOUND);

    errno = 0;
    fd = _open(name, _O_CREAT | _O_EXCL | _O_RDWR, _S_IREAD | _S_IWRITE);
    ok(fd == -1 && errno == EEXIST, "_O_EXCL on an existing file: errno %d", errno);
    errno = 0;
    fd = _open("no-such-dir\\x.tmp", _O_CREAT | _O_RDWR, _S_IREAD | _S_IWRITE);
    ok(fd == -1 && errno == ENOENT, "create in a missing directory: errno %d", errno);

    /* A read-only open with _O_TRUNC still empties the file. */
    make_file(name, "abcdef");
    fd = _open(name, _O_RDONLY | _O_TRUNC);
    ok(fd >= 0, "_O_RDONLY | _O_TRUNC: errno %d", errno);
    ok(_filelength(fd) == 0, "truncated: %ld", _filelength(fd));
    _close(fd);

    /* A file created without _S_IWRITE is read-only once closed. */
    remove(name2);
    fd = _open(name2, _O_CREAT | _O_WRONLY, _S_IREAD);
    ok(fd >= 0 && _write(fd, "a", 1) == 1, "create read-only: errno %d", errno);
    _close(fd);
    DWORD attrs = GetFileAttributesA(name2);
    ok(attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_READONLY), "attrs %lx", attrs);
    /* Windows refuses everyone (Wine 8 lets root in). */
    errno = 0;
    fd = _open(name2, _O_WRONLY);
    ok(fd == -1 && errno == EACCES, "write-open of a read-only file: errno %d", errno);
    if (fd >= 0)
        _close(fd);
    errno = 0;
    ok(remove(name2) == -1 && errno == EACCES, "remove a read-only file: errno %d", errno);
    ok(_chmod(name2, _S_IREAD | _S_IWRITE) == 0, "_chmod");
    ok(remove(name2) == 0, "remove after _chmod: errno %d", errno);

    /* A directory is not a file. */
    _mkdir("share-test-dir");
    errno = 0;
    fd = _open("share-test-dir", _O_RDONLY);
    ok(fd == -1 && errno == EACCES, "_open of a directory: errno %d", errno);
    errno = 0;
    FILE *f = fopen("share-test-dir", "r");
    ok(f == NULL && errno == EACCES, "fopen of a directory: errno %d", errno);
    errno = 0;
    ok(remove("share-test-dir") == -1 && errno == EACCES, "remove of a directory: errno %d",
       errno);
    ok(_rmdir("share-test-dir") == 0, "_rmdir: errno %d", errno);

    /* Names are case-insensitive for opens as for CreateFile. */
    make_file(name, "12");
    f = fopen("SHARE-TEST.TMP", "rb");
    ok(f != NULL && fgetc(f) == '1', "fopen by another case");
    if (f)
        fclose(f);
}

#include <sys/locking.h>

static void test_locking(void)
{
    make_file(name, "0123456789");
    int fd = _open(name, _O_RDWR | _O_BINARY);
    int fd2 = _open(name, _O_RDWR | _O_BINARY);
    ok(fd >= 0 && fd2 >= 0, "two opens");
    _lseek(fd, 2, SEEK_SET);
    ok(_locking(fd, _LK_NBLCK, 4) == 0, "lock bytes 2-5: errno %d", errno);
    ok(_tell(fd) == 2, "position unchanged: %ld", _tell(fd));
    char c;
    _lseek(fd2, 6, SEEK_SET);
    ok(_read(fd2, &c, 1) == 1 && c == '6', "reading past the lock");
    /* Locks belong to the open, so a second open in the same process conflicts (Wine 8 lets
     * it through). */
    _lseek(fd2, 4, SEEK_SET);
    errno = 0;
    ok(_locking(fd2, _LK_NBLCK, 1) == -1 && errno == EACCES, "overlapping lock: errno %d", errno);
    errno = 0;
    ok(_locking(fd2, _LK_UNLCK, 1) == -1 && errno == EACCES, "unlocking what is not locked: %d",
       errno);
    ok(_locking(fd, _LK_UNLCK, 4) == 0, "unlock: errno %d", errno);
    ok(_locking(fd2, _LK_NBRLCK, 1) == 0, "lock after the unlock: errno %d", errno);
    ok(_locking(fd2, _LK_UNLCK, 1) == 0, "unlock again");
    _close(fd);
    _close(fd2);
}

int main(void)
{
    /* What an interrupted run may have left. */
    _chmod(name2, _S_IREAD | _S_IWRITE);
    remove(name);
    remove(name2);
    test_win32_handle_blocks_crt();
    test_crt_blocks_win32();
    test_temporary_and_flags();
    test_locking();
    remove(name);
    remove(name2);
    return check_summary();
}
