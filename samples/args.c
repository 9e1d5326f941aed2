/* args.exe: shows how a command line reaches a Windows program.
 *
 *   args.exe [ARG...]                 argc, each argv[i] bracketed, the raw
 *                                     command line
 *   args.exe ... --env NAME...        also each NAME as seen by getenv and by
 *                                     GetEnvironmentVariableA
 *   args.exe ... --envp-count         also the number of envp entries
 *
 * Brackets make leading/trailing spaces and empty arguments visible. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static void print_env(const char *name)
{
    const char *crt = getenv(name);
    if (crt)
        printf("getenv: %s=%s\n", name, crt);
    else
        printf("getenv: %s is not set\n", name);

    /* Ask for the size first so long values (PATH) are printed whole. */
    DWORD need = GetEnvironmentVariableA(name, NULL, 0);
    if (need == 0) {
        printf("GetEnvironmentVariableA: %s is not set\n", name);
        return;
    }
    char *buf = malloc(need);
    if (!buf)
        return;
    DWORD got = GetEnvironmentVariableA(name, buf, need);
    if (got < need)
        printf("GetEnvironmentVariableA: %s=%s\n", name, buf);
    else
        printf("GetEnvironmentVariableA: %s changed size\n", name);
    free(buf);
}

int main(int argc, char **argv, char **envp)
{
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=[%s]\n", i, argv[i]);
    printf("cmdline=[%s]\n", GetCommandLineA());

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--envp-count") == 0) {
            int n = 0;
            while (envp[n])
                n++;
            printf("envp count=%d\n", n);
        } else if (strcmp(argv[i], "--env") == 0) {
            /* Every argument after --env is a variable name. */
            for (i++; i < argc; i++)
                print_env(argv[i]);
        }
    }
    return 0;
}
