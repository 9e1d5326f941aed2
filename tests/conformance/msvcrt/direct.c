/* Directories and file status: _mkdir/_rmdir/_chdir/_getcwd, _stat64 and
 * _fstat64, _findfirst64/_findnext64/_findclose with wildcards, _fullpath,
 * _splitpath and _makepath. Built for msvcrt (mingw) and the UCRT (zig). */
#include <direct.h>
#include <errno.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"

static void touch(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

int main(void)
{
    char cwd[MAX_PATH], here[MAX_PATH];
    ok(_getcwd(cwd, sizeof cwd) == cwd, "_getcwd");
    ok(cwd[1] == ':' && cwd[2] == '\\', "the current directory is a drive path: %s", cwd);
    errno = 0;
    ok(_getcwd(here, 2) == NULL && errno == ERANGE, "_getcwd too small: ERANGE");
    char *dup = _getcwd(NULL, 0);
    ok(dup && strcmp(dup, cwd) == 0, "_getcwd(NULL) allocates");
    free(dup);

    _rmdir("direct-test/sub");
    remove("direct-test/a.txt");
    remove("direct-test/b.dat");
    _rmdir("direct-test");
    ok(_mkdir("direct-test") == 0, "_mkdir");
    errno = 0;
    ok(_mkdir("direct-test") == -1 && errno == EEXIST, "_mkdir existing: EEXIST");
    errno = 0;
    ok(_mkdir("no-such-parent/x") == -1 && errno == ENOENT, "_mkdir without a parent: ENOENT");
    ok(_mkdir("direct-test\\sub") == 0, "_mkdir with a backslash");
    touch("direct-test/a.txt", "hello");
    touch("direct-test/b.dat", "");

    struct _stat64 st;
    ok(_stat64("direct-test/a.txt", &st) == 0, "_stat64 a file");
    ok(st.st_size == 5 && (st.st_mode & _S_IFMT) == _S_IFREG && (st.st_mode & _S_IREAD) &&
           (st.st_mode & _S_IWRITE) && st.st_nlink == 1 && st.st_mtime > 1600000000,
       "_stat64 fields: size %d mode %#o", (int)st.st_size, st.st_mode);
    ok(_stat64("direct-test", &st) == 0 && (st.st_mode & _S_IFMT) == _S_IFDIR, "_stat64 a directory");
    errno = 0;
    ok(_stat64("direct-test/none", &st) == -1 && errno == ENOENT, "_stat64 missing: ENOENT");
    FILE *f = fopen("direct-test/a.txt", "rb");
    ok(_fstat64(_fileno(f), &st) == 0 && st.st_size == 5 && (st.st_mode & _S_IFMT) == _S_IFREG,
       "_fstat64");
    fclose(f);

    struct __finddata64_t fd;
    intptr_t h = _findfirst64("direct-test\\*", &fd);
    ok(h != -1, "_findfirst64");
    int files = 0, dirs = 0, dots = 0;
    if (h != -1) {
        do {
            if (strcmp(fd.name, ".") == 0 || strcmp(fd.name, "..") == 0)
                dots++;
            else if (fd.attrib & _A_SUBDIR)
                dirs++;
            else
                files++;
            if (strcmp(fd.name, "a.txt") == 0)
                ok(fd.size == 5, "the entry's size: %d", (int)fd.size);
        } while (_findnext64(h, &fd) == 0);
        ok(errno == ENOENT, "the search ends with ENOENT");
        ok(_findclose(h) == 0, "_findclose");
    }
    ok(files == 2 && dirs == 1 && dots == 2, "found %d files, %d dirs, %d dots", files, dirs, dots);
    h = _findfirst64("direct-test/*.TXT", &fd);
    ok(h != -1 && strcmp(fd.name, "a.txt") == 0, "wildcards ignore case");
    ok(h != -1 && _findnext64(h, &fd) == -1, "one match only");
    _findclose(h);
    errno = 0;
    ok(_findfirst64("direct-test/*.none", &fd) == -1 && errno == ENOENT, "no match: ENOENT");

    ok(_chdir("direct-test") == 0, "_chdir");
    ok(_getcwd(here, sizeof here) && strlen(here) == strlen(cwd) + 12 &&
           strcmp(here + strlen(cwd), "\\direct-test") == 0,
       "_getcwd follows: %s", here);
    char full[MAX_PATH];
    ok(_fullpath(full, "sub\\..\\a.txt", sizeof full) && strncmp(full, here, strlen(here)) == 0 &&
           strcmp(full + strlen(here), "\\a.txt") == 0,
       "_fullpath: %s", full);
    ok(_chdir("..") == 0, "_chdir ..");

    errno = 0;
    ok(_rmdir("direct-test") == -1 && errno == ENOTEMPTY, "_rmdir non-empty: ENOTEMPTY (%d)", errno);
    ok(_rmdir("direct-test/sub") == 0, "_rmdir");
    remove("direct-test/a.txt");
    remove("direct-test/b.dat");
    ok(_rmdir("direct-test") == 0, "_rmdir after emptying");

    char drive[_MAX_DRIVE], dir[_MAX_DIR], fname[_MAX_FNAME], ext[_MAX_EXT];
    _splitpath("C:\\dir\\sub\\file.tar.gz", drive, dir, fname, ext);
    ok(strcmp(drive, "C:") == 0 && strcmp(dir, "\\dir\\sub\\") == 0 && strcmp(fname, "file.tar") == 0 &&
           strcmp(ext, ".gz") == 0,
       "_splitpath: [%s][%s][%s][%s]", drive, dir, fname, ext);
    _splitpath("name", drive, dir, fname, ext);
    ok(!drive[0] && !dir[0] && strcmp(fname, "name") == 0 && !ext[0], "_splitpath of a bare name");
    char path[MAX_PATH];
    _makepath(path, "d", "\\top", "f", "txt");
    ok(strcmp(path, "d:\\top\\f.txt") == 0, "_makepath: %s", path);
    return check_summary();
}
