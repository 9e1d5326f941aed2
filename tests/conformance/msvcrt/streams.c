/* stdio streams and io.h descriptors on real files: fopen modes, text and
 * binary round trips (\r\n translation both ways, ^Z in text reads),
 * positioning, ungetc, buffering, tmpfile, freopen/_fdopen, and the
 * low-level _open/_read/_write/_lseek/_dup/_dup2, remove/rename; _dup2 onto
 * descriptors 0-2 sets the standard handles; _lock_file across calls.
 * Built for msvcrt (mingw) and the UCRT (zig): both behave the same here. */
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

static const char *name = "streams-test.tmp";
static const char *name2 = "streams-test2.tmp";

/* The file's raw bytes, read in binary mode. */
static size_t raw_contents(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return (size_t)-1;
    size_t n = fread(buf, 1, size, f);
    fclose(f);
    return n;
}

static void write_raw(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, len, f);
    fclose(f);
}

static int invalid_parameter_calls;
static void __cdecl count_invalid_parameter(const wchar_t *expr, const wchar_t *func,
                                            const wchar_t *file, unsigned line, uintptr_t r)
{
    invalid_parameter_calls++;
}

static void test_text_and_binary(void)
{
    char buf[256];
    FILE *f = fopen(name, "w");
    ok(f != NULL, "fopen w: errno %d", errno);
    ok(fputs("one\ntwo\n", f) >= 0, "fputs");
    ok(fprintf(f, "%d\n", 3) == 2, "fprintf returns the characters before translation");
    ok(fputc('x', f) == 'x', "fputc");
    ok(fwrite("\n", 1, 1, f) == 1, "fwrite");
    ok(ftell(f) == 16, "ftell in text mode counts the \\r bytes: %ld", ftell(f));
    ok(fclose(f) == 0, "fclose");

    size_t n = raw_contents(name, buf, sizeof buf);
    ok(n == 16 && memcmp(buf, "one\r\ntwo\r\n3\r\nx\r\n", 16) == 0,
       "text mode writes \\r\\n: %d bytes", (int)n);

    f = fopen(name, "r");
    ok(fgets(buf, sizeof buf, f) == buf && strcmp(buf, "one\n") == 0, "fgets text: [%s]", buf);
    ok(ftell(f) == 5, "ftell after a text line is the raw offset: %ld", ftell(f));
    ok(fgetc(f) == 't', "fgetc");
    ok(ungetc('T', f) == 'T', "ungetc");
    ok(fgets(buf, sizeof buf, f) == buf && strcmp(buf, "Two\n") == 0, "fgets after ungetc: [%s]", buf);
    ok(fread(buf, 1, sizeof buf, f) == 4 && memcmp(buf, "3\nx\n", 4) == 0, "fread text rest");
    ok(feof(f) != 0, "feof after a short read");
    ok(fgetc(f) == EOF, "fgetc at the end");
    clearerr(f);
    ok(feof(f) == 0, "clearerr clears eof");
    rewind(f);
    ok(fgetc(f) == 'o', "rewind");
    fclose(f);

    f = fopen(name, "rb");
    ok(fread(buf, 1, 5, f) == 5 && memcmp(buf, "one\r\n", 5) == 0, "binary read keeps \\r\\n");
    fclose(f);

    /* ^Z ends a text-mode read; binary mode reads through it. Lone \r stays. */
    write_raw(name, "ab\r\rc\x1a" "de", 8);
    f = fopen(name, "rt");
    n = fread(buf, 1, sizeof buf, f);
    ok(n == 5 && memcmp(buf, "ab\r\rc", 5) == 0, "text read stops at ^Z: %d", (int)n);
    ok(feof(f), "eof at ^Z");
    fclose(f);
    f = fopen(name, "rb");
    ok(fread(buf, 1, sizeof buf, f) == 8, "binary read passes ^Z");
    fclose(f);

    /* \r\n split across the buffer boundary still becomes \n. */
    f = fopen(name, "wb");
    for (int i = 0; i < 4095; i++)
        fputc('a', f);
    fputs("\r\nz", f);
    fclose(f);
    f = fopen(name, "r");
    n = fread(buf, 1, 1, f);
    fseek(f, 4094, SEEK_SET);
    n = fread(buf, 1, 4, f);
    ok(n == 3 && memcmp(buf, "a\nz", 3) == 0, "\\r\\n across the buffer: %d", (int)n);
    fclose(f);
}

static void test_modes(void)
{
    char buf[64];
    FILE *f;

    remove(name);
    errno = 0;
    ok(fopen(name, "r") == NULL && errno == ENOENT, "r on a missing file: errno %d", errno);
    ok((f = fopen(name, "wb")) != NULL, "wb creates");
    fputs("hello", f);
    fclose(f);

    /* Windows' _filbuf refuses a stream opened without read access and sets its error flag.
     * (Wine 8 reads a NUL byte there and then writes it out: that check fails under Wine.) */
    f = fopen(name2, "wb");
    ok(fgetc(f) == EOF && ferror(f), "reading a write-only stream fails");
    fclose(f);

    f = fopen(name, "ab");
    fputs(" world", f);
    fclose(f);
    ok(raw_contents(name, buf, sizeof buf) == 11 && memcmp(buf, "hello world", 11) == 0,
       "a appends");

    f = fopen(name, "a+b");
    ok(fgetc(f) == 'h', "a+ reads from the start");
    fseek(f, 0, SEEK_SET);
    fputs("!", f);
    fclose(f);
    ok(raw_contents(name, buf, sizeof buf) == 12 && buf[11] == '!', "a+ writes at the end");

    /* A write larger than the buffer bypasses it, and still goes to the end, not to the
     * position a+ opens at (Lua 5.4's files.lua). */
    {
        static char big[10000];
        memset(big, 'x', sizeof big);
        f = fopen(name, "a+b");
        ok(fwrite(big, 1, sizeof big, f) == sizeof big, "a large write to an a+ stream");
        fclose(f);
        f = fopen(name, "rb");
        long size = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1L;
        ok(size == 12 + (long)sizeof big, "a large write appends: size %ld", size);
        ok(f && fseek(f, 0, SEEK_SET) == 0 && fread(buf, 1, 12, f) == 12 &&
               memcmp(buf, "hello world!", 12) == 0,
           "a large append leaves the start: [%.12s]", buf);
        if (f)
            fclose(f);
        f = fopen(name, "wb");
        fputs("hello world!", f);
        fclose(f);
    }

    f = fopen(name, "r+b");
    fputs("J", f);
    fseek(f, 0, SEEK_CUR);
    ok(fgetc(f) == 'e', "r+ reads after a write and a seek");
    fseek(f, 0, SEEK_CUR);
    fputs("E", f);
    fclose(f);
    ok(raw_contents(name, buf, sizeof buf) == 12 && memcmp(buf, "JeEl", 4) == 0,
       "r+ overwrites in place: [%.4s]", buf);

    f = fopen(name, "w+");
    ok(raw_contents(name, buf, sizeof buf) == 0, "w+ truncates");
    fputs("abc\n", f);
    rewind(f);
    ok(fgets(buf, sizeof buf, f) && strcmp(buf, "abc\n") == 0, "w+ reads back what it wrote");
    fclose(f);

    invalid_parameter_calls = 0;
    _invalid_parameter_handler old = _set_invalid_parameter_handler(count_invalid_parameter);
    errno = 0;
    ok(fopen(name, "q") == NULL && errno == EINVAL, "an invalid mode fails with EINVAL");
#ifdef _UCRT
    /* mingw-w64 keeps msvcrt's handler inside the program, out of msvcrt.dll's reach. */
    ok(invalid_parameter_calls == 1, "an invalid mode calls the invalid parameter handler: %d",
       invalid_parameter_calls);
#endif
#ifdef _UCRT
    /* The UCRT rejects any letter it does not know ("Invalid file open mode"); msvcrt.dll stops
     * reading the mode there. (Wine 8's ucrtbase accepts "rw": this check fails under Wine.) */
    errno = 0;
    ok(fopen(name, "rw") == NULL && errno == EINVAL, "\"rw\" is invalid");
#endif
    _set_invalid_parameter_handler(old);
}

static void test_positioning(void)
{
    char buf[64];
    FILE *f = fopen(name, "w+b");
    fwrite("0123456789", 1, 10, f);
    ok(ftell(f) == 10, "ftell after writes");
    ok(fseek(f, 3, SEEK_SET) == 0 && fgetc(f) == '3', "fseek SET");
    ok(fseek(f, 2, SEEK_CUR) == 0 && fgetc(f) == '6', "fseek CUR");
    ok(fseek(f, -1, SEEK_END) == 0 && fgetc(f) == '9', "fseek END");
    ok(_fseeki64(f, 1, SEEK_SET) == 0 && _ftelli64(f) == 1, "_fseeki64/_ftelli64");
    fpos_t pos;
    ok(fgetpos(f, &pos) == 0, "fgetpos");
    fgetc(f);
    ok(fsetpos(f, &pos) == 0 && fgetc(f) == '1', "fsetpos");
    ok(fseek(f, 20, SEEK_SET) == 0, "seeking past the end");
    fputc('E', f);
    fflush(f);
    ok(raw_contents(name, buf, sizeof buf) == 21 && buf[15] == 0 && buf[20] == 'E',
       "writing past the end fills with zeros");
    ok(fseek(f, -100, SEEK_SET) != 0, "seeking before the start fails");
    fclose(f);
}

static void test_buffering(void)
{
    char buf[64];
    FILE *f = fopen(name, "wb");
    ok(setvbuf(f, NULL, _IOFBF, 1024) == 0, "setvbuf _IOFBF");
    fputs("buffered", f);
    ok(raw_contents(name, buf, sizeof buf) == 0, "output stays in the buffer");
    ok(fflush(f) == 0, "fflush");
    ok(raw_contents(name, buf, sizeof buf) == 8, "fflush writes it out");
    ok(setvbuf(f, NULL, _IONBF, 0) == 0, "setvbuf _IONBF");
    fputs("!", f);
    ok(raw_contents(name, buf, sizeof buf) == 9, "unbuffered output goes out at once");
    fclose(f);
}

static void test_tmpfile_reopen_fdopen(void)
{
    char buf[64];
    FILE *t = tmpfile();
    ok(t != NULL, "tmpfile");
    ok(fputs("temp", t) >= 0, "tmpfile is writable");
    rewind(t);
    ok(fread(buf, 1, 4, t) == 4 && memcmp(buf, "temp", 4) == 0, "tmpfile reads back (binary)");
    ok(fclose(t) == 0, "tmpfile closes");

    write_raw(name, "first", 5);
    write_raw(name2, "second", 6);
    FILE *f = fopen(name, "rb");
    FILE *g = freopen(name2, "rb", f);
    ok(g == f, "freopen reuses the FILE");
    ok(fread(buf, 1, 6, g) == 6 && memcmp(buf, "second", 6) == 0, "freopen reads the new file");
    fclose(g);

    int fd = _open(name, _O_RDONLY | _O_BINARY);
    ok(fd >= 0, "_open");
    f = _fdopen(fd, "rb");
    ok(f != NULL && _fileno(f) == fd, "_fdopen keeps the descriptor");
    ok(fread(buf, 1, 5, f) == 5 && memcmp(buf, "first", 5) == 0, "_fdopen stream reads");
    ok(fclose(f) == 0, "fclose closes the descriptor");
    errno = 0;
    ok(_close(fd) == -1 && errno == EBADF, "the descriptor is gone: errno %d", errno);
}

static void test_low_level(void)
{
    char buf[64];
    int fd = _open(name, _O_CREAT | _O_TRUNC | _O_WRONLY | _O_TEXT, _S_IREAD | _S_IWRITE);
    ok(fd >= 3, "_open creates: %d", fd);
    ok(_write(fd, "a\nb", 3) == 3, "_write returns the bytes given");
    ok(_lseek(fd, 0, SEEK_CUR) == 4, "text _write adds \\r");
    ok(_close(fd) == 0, "_close");

    fd = _open(name, _O_RDONLY | _O_BINARY);
    ok(_read(fd, buf, sizeof buf) == 4 && memcmp(buf, "a\r\nb", 4) == 0, "binary _read");
    ok(_read(fd, buf, sizeof buf) == 0, "_read at the end");
    ok(_eof(fd) == 1, "_eof");
    ok(_lseek(fd, 1, SEEK_SET) == 1 && _eof(fd) == 0, "_lseek then _eof");
    ok(_setmode(fd, _O_TEXT) == _O_BINARY, "_setmode returns the old mode");
    ok(_read(fd, buf, sizeof buf) == 2 && memcmp(buf, "\nb", 2) == 0, "text _read");
    ok(_filelength(fd) == 4, "_filelength");
    ok(_telli64(fd) == 4, "_telli64");

    int d = _dup(fd);
    ok(d >= 0 && d != fd, "_dup");
    ok(_lseek(d, 0, SEEK_SET) == 0 && _tell(fd) == 0, "_dup shares the position");
    ok(_close(d) == 0, "closing the duplicate");
    ok(_read(fd, buf, 1) == 1, "the original survives");
    errno = 0;
    ok(_read(d, buf, 1) == -1 && errno == EBADF, "_read on a closed descriptor: EBADF");

    int fd2 = _open(name2, _O_RDONLY | _O_BINARY);
    ok(_dup2(fd, fd2) == 0, "_dup2");
    ok(_lseek(fd2, 0, SEEK_SET) == 0 && _read(fd2, buf, 1) == 1 && buf[0] == 'a',
       "_dup2 target reads the first file");
    _close(fd2);
    _close(fd);

    errno = 0;
    ok(_open("no-such-dir/x", _O_RDONLY) == -1 && errno == ENOENT, "_open missing: %d", errno);
    errno = 0;
    ok(_open(name, _O_CREAT | _O_EXCL | _O_WRONLY, _S_IWRITE) == -1 && errno == EEXIST,
       "_O_EXCL on an existing file: %d", errno);
    errno = 0;
    ok(_open(".", _O_RDONLY) == -1 && errno == EACCES, "_open of a directory: %d", errno);

    ok(_isatty(fd) == 0, "a closed descriptor is not a tty");
    ok(_get_osfhandle(-5) == -1, "_get_osfhandle of a bad descriptor");

    fd = _open(name, _O_RDWR | _O_BINARY);
    ok(_chsize(fd, 2) == 0 && _filelength(fd) == 2, "_chsize shrinks");
    intptr_t h = _get_osfhandle(fd);
    ok(h != -1, "_get_osfhandle");
    /* The new descriptor owns the handle: closing it closes the handle, which leaves `fd`
     * stale (never used again). */
    int fd3 = _open_osfhandle(h, _O_RDONLY | _O_BINARY);
    ok(fd3 >= 0 && fd3 != fd, "_open_osfhandle gives a new descriptor");
    ok(_filelength(fd3) == 2, "the new descriptor reaches the same file");
    ok(_close(fd3) == 0, "closing it");
}

static void test_names(void)
{
    char buf[8];
    write_raw("streams-Case.tmp", "case", 4);
    FILE *f = fopen("STREAMS-CASE.TMP", "rb");
    ok(f != NULL, "names ignore case, as on NTFS");
    ok(f && fread(buf, 1, 4, f) == 4 && memcmp(buf, "case", 4) == 0, "the same file");
    if (f)
        fclose(f);
    ok(remove("streams-case.TMP") == 0, "remove ignores case too");
    f = fopen("NUL", "w");
    ok(f != NULL && fputs("discarded", f) >= 0 && fflush(f) == 0, "NUL takes output");
    if (f)
        fclose(f);
    f = fopen(".\\streams-dir-test.tmp", "wb");
    ok(f != NULL, "a relative name with a backslash");
    if (f)
        fclose(f);
    ok(remove("streams-dir-test.tmp") == 0, "and the same name with none");
}

/* Wide character I/O on a byte stream (ASCII here: the byte form of other characters depends
 * on the locale, where winrun writes UTF-8). */
static void test_wide_chars(void)
{
    wchar_t w[16];
    FILE *f = fopen(name, "w+");
    ok(fputwc(L'A', f) == L'A' && fputws(L"bc\n", f) >= 0 && putwc(L'z', f) == L'z', "fputwc/fputws");
    rewind(f);
    ok(fgetwc(f) == L'A', "fgetwc");
    ok(ungetwc(L'Q', f) == L'Q' && fgetwc(f) == L'Q', "ungetwc");
    ok(fgetws(w, 16, f) == w && wcscmp(w, L"bc\n") == 0, "fgetws stops after the newline");
    ok(getwc(f) == L'z' && fgetwc(f) == WEOF && feof(f), "WEOF at the end");
    fclose(f);
    char buf[8];
    ok(raw_contents(name, buf, sizeof buf) == 6 && memcmp(buf, "Abc\r\nz", 6) == 0,
       "the bytes in the file (text mode)");
}

static void test_files(void)
{
    const char *file_a = "streams-a.tmp", *file_b = "streams-b.tmp";
    char buf[16];
    write_raw(file_a, "x", 1);
    remove(file_b);
    ok(_access(file_a, 0) == 0, "_access exists");
    ok(_access(file_a, 6) == 0, "_access read/write");
    errno = 0;
    ok(_access(file_b, 0) == -1 && errno == ENOENT, "_access missing");
    ok(rename(file_a, file_b) == 0, "rename: errno %d", errno);
    ok(_access(file_a, 0) == -1 && _access(file_b, 0) == 0, "rename moved the file");
    write_raw(file_a, "y", 1);
    errno = 0;
    ok(rename(file_a, file_b) == -1 && errno == EEXIST, "rename onto an existing file: %d", errno);
    ok(raw_contents(file_b, buf, sizeof buf) == 1 && buf[0] == 'x', "the target is untouched");
    ok(remove(file_a) == 0 && remove(file_b) == 0, "remove");
    errno = 0;
    ok(remove(file_a) == -1 && errno == ENOENT, "remove missing: %d", errno);
    ok(_unlink(file_a) == -1, "_unlink missing");
}

#ifdef _UCRT
static volatile LONG other_wrote;

static DWORD WINAPI write_from_another_thread(void *f)
{
    fputs("b", (FILE *)f);
    InterlockedExchange(&other_wrote, 1);
    return 0;
}
#endif

static void test_std_handles_and_locks(void)
{
    /* A console program's descriptor 2 is its standard error handle. */
    int fd = _open(name2, _O_WRONLY | _O_CREAT | _O_TRUNC, _S_IREAD | _S_IWRITE);
    int saved = _dup(2);
    ok(_dup2(fd, 2) == 0, "_dup2 onto 2");
    ok(GetStdHandle(STD_ERROR_HANDLE) == (HANDLE)_get_osfhandle(2),
       "_dup2 onto 2 sets STD_ERROR_HANDLE");
    ok(_dup2(saved, 2) == 0 && GetStdHandle(STD_ERROR_HANDLE) == (HANDLE)_get_osfhandle(2),
       "restoring descriptor 2 restores STD_ERROR_HANDLE");
    _close(saved);
    _close(fd);

#ifdef _UCRT
    /* _lock_file holds the stream across calls: the owner may use it (and lock it again),
     * another thread waits until the last _unlock_file. (mingw-w64 links its own _lock_file
     * over msvcrt.dll's internal locks instead of importing one.) */
    FILE *f = fopen(name2, "w");
    _lock_file(f);
    _lock_file(f);
    HANDLE t = CreateThread(NULL, 0, write_from_another_thread, f, 0, NULL);
    Sleep(100);
    ok(other_wrote == 0, "another thread waits for the locked stream");
    fputs("a", f);
    _unlock_file(f);
    Sleep(50);
    ok(other_wrote == 0, "it still waits while one lock is held");
    _unlock_file(f);
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0 && other_wrote == 1,
       "it writes once the stream is unlocked");
    CloseHandle(t);
    fclose(f);
    char buf[8];
    ok(raw_contents(name2, buf, sizeof buf) == 2 && memcmp(buf, "ab", 2) == 0,
       "the owner's write came first");
#endif
}

/* Binary ints, stdin lines, fread_s, _wperror/_wfreopen_s, the _nolock forms and the
 * 32-bit-time stat/find layouts. */
static void test_leftovers(void)
{
    char buf[64];
    wchar_t wbuf[32];
    FILE *f = fopen(name, "w+b");
    ok(_putw(0x11223344, f) == 0x11223344, "_putw");
    ok(_putw(-2, f) == -2, "_putw -2");
    rewind(f);
    ok(_getw(f) == 0x11223344, "_getw");
    ok(_getw(f) == -2 && !feof(f), "_getw -2");
    ok(_getw(f) == EOF && feof(f), "_getw at the end");
    fclose(f);
    ok(raw_contents(name, buf, sizeof buf) == 8 && memcmp(buf, "\x44\x33\x22\x11\xfe\xff\xff\xff", 8) == 0,
       "_putw bytes");

    write_raw(name, "one\r\ntwo\nxy\nthree-long", 22);
    ok(freopen(name, "r", stdin) == stdin, "stdin from a file");
    ok(gets(buf) == buf && strcmp(buf, "one") == 0, "gets: %s", buf);
    ok(_getws(wbuf) == wbuf && wcscmp(wbuf, L"two") == 0, "_getws");
    ok(_fgetwchar() == L'x', "_fgetwchar");
    ok(_fputwchar(L'\n') == L'\n', "_fputwchar");
#ifdef _UCRT
    ok(gets_s(buf, sizeof buf) == buf && strcmp(buf, "y") == 0, "gets_s: %s", buf);
    _invalid_parameter_handler old = _set_invalid_parameter_handler(count_invalid_parameter);
    invalid_parameter_calls = 0;
    errno = 0;
    /* Documented: "return NULL and set errno to ERANGE" (Wine 8 leaves errno alone, and has
     * no _getws_s, _umask_s, fread_s or the 32-bit-time find functions to run the rest). */
    ok(gets_s(buf, 5) == NULL && buf[0] == 0 && errno == ERANGE && invalid_parameter_calls == 1,
       "gets_s too long: errno %d", errno);
    ok(_getws_s(wbuf, 4) == NULL && wbuf[0] == 0, "_getws_s at the end");
    int mode = 0;
    ok(_umask_s(_S_IWRITE, &mode) == 0, "_umask_s");
    ok(_umask_s(mode, &mode) == 0 && mode == _S_IWRITE, "_umask_s old mode %x", mode);
    errno = 0;
    ok(_umask_s(0x1000, &mode) == EINVAL && errno == EINVAL, "_umask_s bad mode");

    write_raw(name, "abcdef", 6);
    f = fopen(name, "rb");
    memset(buf, 0, sizeof buf);
    ok(fread_s(buf, sizeof buf, 1, 4, f) == 4 && memcmp(buf, "abcd", 4) == 0, "fread_s");
    ok(fread_s(buf, 4, 1, 8, f) == 2 && memcmp(buf, "ef", 2) == 0, "fread_s: what is there fits");
    rewind(f);
    errno = 0;
    ok(fread_s(buf, 4, 1, 6, f) == 0 && errno == ERANGE, "fread_s: more than fits");
    rewind(f);
    ok(_fread_nolock_s(buf, sizeof buf, 2, 2, f) == 2 && memcmp(buf, "abcd", 4) == 0,
       "_fread_nolock_s");
    ok(_fseek_nolock(f, 1, SEEK_SET) == 0 && _ftell_nolock(f) == 1, "_fseek_nolock");
    ok(_fseeki64_nolock(f, -1, SEEK_END) == 0 && _ftelli64_nolock(f) == 5, "_fseeki64_nolock");
    ok(_fread_nolock(buf, 1, 4, f) == 1 && buf[0] == 'f', "_fread_nolock");
    ok(_fclose_nolock(f) == 0, "_fclose_nolock");

    f = fopen(name, "w+");
    ok(_fwrite_nolock("ab", 1, 2, f) == 2, "_fwrite_nolock");
    ok(_fputwc_nolock(L'c', f) == L'c' && _putwc_nolock(L'd', f) == L'd', "_fputwc_nolock");
    ok(_fflush_nolock(f) == 0, "_fflush_nolock");
    rewind(f);
    ok(_fgetwc_nolock(f) == L'a' && _getwc_nolock(f) == L'b', "_fgetwc_nolock");
    ok(_ungetwc_nolock(L'z', f) == L'z' && fgetwc(f) == L'z', "_ungetwc_nolock");
    fclose(f);

    struct _stat32i64 st;
    ok(_stat32i64(name, &st) == 0 && st.st_size == 4 && (st.st_mode & _S_IFREG), "_stat32i64");
    ok(_wstat32i64(L"streams-test.tmp", &st) == 0 && st.st_size == 4, "_wstat32i64");
    int fd = _open(name, _O_RDONLY);
    ok(_fstat32i64(fd, &st) == 0 && st.st_size == 4, "_fstat32i64");
    _close(fd);
    struct _finddata32i64_t found;
    intptr_t h = _findfirst32i64(name, &found);
    ok(h != -1 && strcmp(found.name, name) == 0 && found.size == 4, "_findfirst32i64");
    ok(_findnext32i64(h, &found) == -1 && errno == ENOENT, "_findnext32i64 at the end");
    _findclose(h);
    struct _wfinddata32_t wfound;
    h = _wfindfirst32(L"streams-test.tm?", &wfound);
    ok(h != -1 && wcscmp(wfound.name, L"streams-test.tmp") == 0 && wfound.size == 4,
       "_wfindfirst32");
    ok(_wfindnext32(h, &wfound) == -1, "_wfindnext32 at the end");
    _findclose(h);
    struct _wfinddata32i64_t wfound64;
    h = _wfindfirst32i64(L"streams-test.tmp", &wfound64);
    ok(h != -1 && wfound64.size == 4, "_wfindfirst32i64");
    ok(_wfindnext32i64(h, &wfound64) == -1, "_wfindnext32i64 at the end");
    _findclose(h);
    _set_invalid_parameter_handler(old);
#endif
    struct _wfinddatai64_t wfoundi64;
    intptr_t hi = _wfindfirsti64(L"streams-test.tmp", &wfoundi64);
    ok(hi != -1 && wcscmp(wfoundi64.name, L"streams-test.tmp") == 0, "_wfindfirsti64");
    ok(_wfindnexti64(hi, &wfoundi64) == -1, "_wfindnexti64 at the end");
    _findclose(hi);

    /* stderr to a file by a wide name; _wperror writes "message: text" there. */
    FILE *g = NULL;
    ok(_wfreopen_s(&g, L"streams-test2.tmp", L"w", stderr) == 0 && g == stderr, "_wfreopen_s");
    errno = ENOENT;
    _wperror(L"wide");
    fflush(stderr);
    size_t n = raw_contents(name2, buf, sizeof buf - 1);
    buf[n] = 0;
    ok(strcmp(buf, "wide: No such file or directory\r\n") == 0, "_wperror: %s", buf);
}

int main(void)
{
    test_text_and_binary();
    test_modes();
    test_positioning();
    test_buffering();
    test_tmpfile_reopen_fdopen();
    test_low_level();
    test_files();
    test_names();
    test_wide_chars();
    test_std_handles_and_locks();
    test_leftovers();
    remove(name);
    remove(name2);
    return check_summary();
}
