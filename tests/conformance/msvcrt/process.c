/* process.h / stdlib.h child processes: system, _spawnv* (P_WAIT, P_NOWAIT
 * with _cwait), _spawnl, _exec* (the new process replaces the caller, which
 * ends with 0), _popen/_pclose in both directions. The children are this same
 * program (argv[1] == "child") and the command interpreter. */
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <windows.h>

#include "check.h"

static char self[MAX_PATH];

static int child(int argc, char **argv)
{
    if (!strcmp(argv[2], "exit"))
        return atoi(argv[3]);
    if (!strcmp(argv[2], "args"))
        return argc;
    if (!strcmp(argv[2], "write")) {
        /* write FILE TEXT...: the texts (and EXECVAR) land in FILE, renamed into place whole. */
        char tmp[MAX_PATH + 8];
        snprintf(tmp, sizeof tmp, "%s.tmp", argv[3]);
        FILE *f = fopen(tmp, "w");
        for (int i = 4; i < argc; i++)
            fprintf(f, "%s|", argv[i]);
        const char *var = getenv("EXECVAR");
        fprintf(f, "%s", var ? var : "(unset)");
        fclose(f);
        return rename(tmp, argv[3]) ? 98 : 0;
    }
    if (!strcmp(argv[2], "exec")) {
        /* exec FORM FILE: replaces itself, through _exec FORM, with "child write FILE ...". */
        const char *form = argv[3], *file = argv[4];
        const char *env[] = {"EXECVAR=from envp", NULL};
        const char *args[] = {"x", "child", "write", file, form, "a b", NULL};
        wchar_t wself[MAX_PATH], wfile[MAX_PATH];
        MultiByteToWideChar(CP_ACP, 0, self, -1, wself, MAX_PATH);
        MultiByteToWideChar(CP_ACP, 0, file, -1, wfile, MAX_PATH);
        const wchar_t *wargs[] = {L"x", L"child", L"write", wfile, L"wv", NULL};
        const wchar_t *wenv[] = {L"EXECVAR=wide", NULL};
        if (!strcmp(form, "l"))
            _execl(self, "x", "child", "write", file, form, NULL);
        else if (!strcmp(form, "le"))
            _execle(self, "x", "child", "write", file, form, NULL, env);
        else if (!strcmp(form, "v"))
            _execv(self, args);
        else if (!strcmp(form, "ve"))
            _execve(self, args, env);
        else if (!strcmp(form, "vp"))
            _execvp(self, args);
        else if (!strcmp(form, "wv"))
            _wexecv(wself, wargs);
        else if (!strcmp(form, "wve"))
            _wexecve(wself, wargs, wenv);
        return 97; /* only reached when _exec failed */
    }
    if (!strcmp(argv[2], "count")) {
        int c, n = 0;
        while ((c = getchar()) != EOF)
            n += c == 'x';
        return n;
    }
    return 99;
}

static void test_system(void)
{
    ok(system(NULL) != 0, "a command interpreter exists");
    ok(system("exit 5") == 5, "system(exit 5)");
    char line[MAX_PATH + 32];
    snprintf(line, sizeof line, "\"%s\" child exit 12", self);
    ok(system(line) == 12, "system runs a program: %d", system(line));
    ok(_wsystem(L"exit 3") == 3, "_wsystem");
}

static void test_spawn(void)
{
    const char *args[] = {"child", "child", "exit", "42", NULL};
    ok(_spawnv(_P_WAIT, self, args) == 42, "_spawnv P_WAIT");

    intptr_t h = _spawnv(_P_NOWAIT, self, args);
    ok(h != -1, "_spawnv P_NOWAIT: errno %d", errno);
    int status = -1;
    ok(_cwait(&status, h, 0) == h && status == 42, "_cwait status %d", status);

    ok(_spawnl(_P_WAIT, self, "x", "child", "exit", "7", NULL) == 7, "_spawnl");

    /* The runtime joins the arguments with blanks and does not quote them. */
    const char *spaced[] = {"x", "child", "args", "a b", "c", NULL};
    ok(_spawnv(_P_WAIT, self, spaced) == 6, "arguments are joined unquoted");

    errno = 0;
    ok(_spawnvp(_P_WAIT, "winrun-no-such-program-4711", args) == -1 && errno == ENOENT,
       "missing program: errno %d", errno);
}

/* Waits up to 10 s for FILE (written by the process an _exec started) and returns its text. */
static const char *exec_result(const char *file)
{
    static char text[256];
    text[0] = 0;
    for (int i = 0; i < 1000; i++) {
        FILE *f = fopen(file, "r");
        if (f) {
            if (!fgets(text, sizeof text, f))
                text[0] = 0;
            fclose(f);
            remove(file);
            break;
        }
        Sleep(10);
    }
    return text;
}

static void test_exec(void)
{
    static const struct {
        const char *form, *expect;
    } cases[] = {
        {"l", "l|(unset)"},
        {"le", "le|from envp"},
        /* Arguments are joined unquoted, so "a b" arrives as two. */
        {"v", "v|a|b|(unset)"},
        {"ve", "ve|a|b|from envp"},
        {"vp", "vp|a|b|(unset)"},
        {"wv", "wv|(unset)"},
        {"wve", "wv|wide"},
    };
    char file[MAX_PATH];
    GetTempPathA(MAX_PATH, file);
    snprintf(file + strlen(file), 64, "winrun-exec-%lu.txt", GetCurrentProcessId());
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        /* The caller of _exec ends with 0 as soon as the new process has started. */
        intptr_t code = _spawnl(_P_WAIT, self, "x", "child", "exec", cases[i].form, file, NULL);
        ok(code == 0, "_exec%s: the caller ends with %d", cases[i].form, (int)code);
        const char *text = exec_result(file);
        ok(!strcmp(text, cases[i].expect), "_exec%s: the new process wrote [%s]", cases[i].form,
           text);
    }

    const char *args[] = {"x", NULL};
    errno = 0;
    ok(_execv("winrun-no-such-program-4711.exe", args) == -1 && errno == ENOENT,
       "_execv of a missing program: errno %d", errno);
    errno = 0;
    ok(_execvp("winrun-no-such-program-4711", args) == -1 && errno == ENOENT,
       "_execvp of a missing program: errno %d", errno);
}

static void test_popen(void)
{
    char line[MAX_PATH + 32];
    FILE *f = _popen("echo hello&& exit 4", "r");
    ok(f != NULL, "_popen r: errno %d", errno);
    char buf[64] = {0};
    ok(fgets(buf, sizeof buf, f) != NULL && !strcmp(buf, "hello\n"), "read [%s]", buf);
    ok(_pclose(f) == 4, "_pclose returns the exit code");

    snprintf(line, sizeof line, "\"%s\" child count", self);
    f = _popen(line, "wb");
    ok(f != NULL, "_popen w: errno %d", errno);
    fputs("xxaxx", f);
    ok(_pclose(f) == 4, "the child read what was written");

    errno = 0;
    ok(_popen("exit 0", "q") == NULL && errno == EINVAL, "bad mode");
}

int main(int argc, char **argv)
{
    GetModuleFileNameA(NULL, self, MAX_PATH);
    if (argc >= 3 && !strcmp(argv[1], "child"))
        return child(argc, argv);
    setvbuf(stdout, NULL, _IONBF, 0);
    test_system();
    test_spawn();
    test_exec();
    test_popen();
    return check_summary();
}
