/* Temporary names and files: tmpnam, _wtmpnam, tmpnam_s, _wtmpnam_s name a
 * file that does not exist, "s" + the process id in base 32 + "." + a
 * sequence number (empty the first time; tmpnam_s counts on its own); msvcrt
 * gives "\s..." (the current drive's root), the UCRT the same name in
 * GetTempPath's directory as documented. _tempnam and _wtempnam return
 * malloc'd "<dir>\<prefix><n>" (no extension) in TMP, else dir, else the
 * current directory. tmpfile opens a new "w+b" file in the temporary
 * directory that goes away on fclose and when the process ends without
 * closing it.
 * Wine 8 differs from the documentation: its UCRT names tmpnam files like
 * msvcrt's, tmpnam_s empties a buffer that is too short, _tempnam names
 * "<prefix>XXXX.tmp" (GetTempFileName) and fails for a missing directory
 * instead of using the current one, and tmpfile ignores TMP. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

static const char *base32(unsigned n)
{
    static char buf[16];
    char *p = buf + sizeof buf - 1;
    *p = 0;
    do
        *--p = "0123456789abcdefghijklmnopqrstuv"[n % 32];
    while (n /= 32);
    return p;
}

static void test_tmpnam(void)
{
    char stem[MAX_PATH + 32];
#ifdef _UCRT
    GetTempPathA(MAX_PATH, stem);
#else
    strcpy(stem, "\\");
#endif
    strcat(stem, "s");
    strcat(stem, base32(GetCurrentProcessId()));
    strcat(stem, ".");
    size_t n = strlen(stem);

    char *first = tmpnam(NULL);
    ok(first != NULL && !strcmp(first, stem), "first name [%s], expected [%s]", first, stem);
    char buf[MAX_PATH + 32];
    ok(tmpnam(buf) == buf && !strncmp(buf, stem, n) && !strcmp(buf + n, "1"), "second [%s]",
       buf);
    ok(GetFileAttributesA(buf) == INVALID_FILE_ATTRIBUTES, "the name is free");

    wchar_t wbuf[MAX_PATH + 32];
    ok(_wtmpnam(wbuf) == wbuf, "_wtmpnam");
    char narrow[MAX_PATH + 32];
    WideCharToMultiByte(CP_ACP, 0, wbuf, -1, narrow, sizeof narrow, NULL, NULL);
    ok(!strncmp(narrow, stem, n) && !strcmp(narrow + n, "2"), "_wtmpnam [%s]", narrow);

    ok(tmpnam_s(buf, sizeof buf) == 0 && !strcmp(buf, stem), "tmpnam_s [%s]", buf);
    ok(_wtmpnam_s(wbuf, MAX_PATH) == 0 && wbuf[n] == L'1' && wbuf[n + 1] == 0, "_wtmpnam_s");
    strcpy(buf, "untouched");
    errno = 0;
    ok(tmpnam_s(buf, n) == ERANGE && errno == ERANGE && !strcmp(buf, "untouched"),
       "tmpnam_s with no room: errno %d [%s]", errno, buf);
}

static void test_tempnam(void)
{
    char tmpdir[MAX_PATH], cwd[MAX_PATH], dir[MAX_PATH], expect[MAX_PATH + 64];
    GetTempPathA(MAX_PATH, tmpdir);
    GetCurrentDirectoryA(MAX_PATH, cwd);
    snprintf(dir, sizeof dir, "%swinrun-tempnam-%lu", tmpdir, GetCurrentProcessId());
    CreateDirectoryA(dir, NULL);

    char saved_tmp[MAX_PATH] = "";
    GetEnvironmentVariableA("TMP", saved_tmp, MAX_PATH);
    _putenv("TMP=");

    char *name = _tempnam(dir, "pre");
    snprintf(expect, sizeof expect, "%s\\pre", dir);
    ok(name && !strncmp(name, expect, strlen(expect)) && !strchr(name + strlen(expect), '.'),
       "_tempnam in dir: [%s]", name);
    FILE *f = name ? fopen(name, "w") : NULL;
    ok(f != NULL, "the name can be created");
    if (f)
        fclose(f);
    char *next = _tempnam(dir, "pre");
    ok(next && strcmp(next, name), "the next name differs: [%s]", next);
    if (name)
        remove(name);
    free(name);
    free(next);

    name = _tempnam("Z:\\winrun-no-such-dir\\x", "q");
    snprintf(expect, sizeof expect, "%s%sq", cwd, cwd[strlen(cwd) - 1] == '\\' ? "" : "\\");
    ok(name && !strncmp(name, expect, strlen(expect)), "no dir: the current directory [%s]",
       name);
    free(name);

    char setting[MAX_PATH + 8];
    snprintf(setting, sizeof setting, "TMP=%s", dir);
    _putenv(setting);
    wchar_t *wname = _wtempnam(L"Z:\\winrun-no-such-dir", L"w");
    WideCharToMultiByte(CP_ACP, 0, wname ? wname : L"", -1, expect, sizeof expect, NULL, NULL);
    ok(wname && !strncmp(expect, dir, strlen(dir)) && expect[strlen(dir) + 1] == 'w',
       "_wtempnam in TMP [%s]", expect);
    free(wname);

    snprintf(setting, sizeof setting, "TMP=%s", saved_tmp);
    _putenv(setting);
    RemoveDirectoryA(dir);
}

/* How many files there are in directory DIR. */
static int count_files(const char *dir)
{
    char pattern[MAX_PATH + 32];
    snprintf(pattern, sizeof pattern, "%s\\*", dir);
    WIN32_FIND_DATAA data;
    HANDLE h = FindFirstFileA(pattern, &data);
    int n = 0;
    if (h != INVALID_HANDLE_VALUE) {
        do
            n += !(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY);
        while (FindNextFileA(h, &data));
        FindClose(h);
    }
    return n;
}

#ifndef _UCRT
errno_t __cdecl tmpfile_s(FILE **);
#endif

static void test_tmpfile(const char *self)
{
    FILE *f = tmpfile();
    ok(f != NULL, "tmpfile: errno %d", errno);
    ok(fputs("abc\n", f) >= 0 && fseek(f, 0, SEEK_SET) == 0, "write and rewind");
    char buf[16] = {0};
    ok(fread(buf, 1, sizeof buf, f) == 4 && !memcmp(buf, "abc\n", 4), "binary: [%s]", buf);
    ok(fclose(f) == 0, "fclose");

    FILE *g = NULL;
    ok(tmpfile_s(&g) == 0 && g != NULL, "tmpfile_s");
    if (g)
        fclose(g);

    /* A child that leaves its tmpfile open (in its own TMP directory): the file is gone once
     * it has exited. */
    char dir[MAX_PATH], setting[MAX_PATH + 8], saved_tmp[MAX_PATH] = "";
    GetTempPathA(MAX_PATH, dir);
    snprintf(dir + strlen(dir), 64, "winrun-tmpfile-%lu", GetCurrentProcessId());
    CreateDirectoryA(dir, NULL);
    GetEnvironmentVariableA("TMP", saved_tmp, MAX_PATH);
    SetEnvironmentVariableA("TMP", dir);
    STARTUPINFOA si = {sizeof si};
    PROCESS_INFORMATION pi;
    char line[MAX_PATH + 16];
    snprintf(line, sizeof line, "\"%s\" child", self);
    ok(CreateProcessA(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi), "child");
    WaitForSingleObject(pi.hProcess, 10000);
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    ok(code == 1, "the child had its tmpfile: %lu", code);
    ok(count_files(dir) == 0, "gone at exit: %d left", count_files(dir));
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    SetEnvironmentVariableA("TMP", saved_tmp[0] ? saved_tmp : NULL);
    RemoveDirectoryA(dir);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child")) {
        FILE *f = tmpfile();
        fputs("left open", f);
        fflush(f);
        char dir[MAX_PATH];
        GetEnvironmentVariableA("TMP", dir, MAX_PATH);
        return count_files(dir);
    }
    char self[MAX_PATH];
    GetModuleFileNameA(NULL, self, MAX_PATH);
    test_tmpnam();
    test_tempnam();
    test_tmpfile(self);
    return check_summary();
}
