/* process.h / stdlib.h child processes: system, _spawnv* (P_WAIT, P_NOWAIT
 * with _cwait), _spawnl, _popen/_pclose in both directions. The children are
 * this same program (argv[1] == "child") and the command interpreter. */
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
    if (argc >= 3 && !strcmp(argv[1], "child"))
        return child(argc, argv);
    GetModuleFileNameA(NULL, self, MAX_PATH);
    setvbuf(stdout, NULL, _IONBF, 0);
    test_system();
    test_spawn();
    test_popen();
    return check_summary();
}
