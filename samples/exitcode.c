/* exitcode.exe N [--exit | --exitprocess]: ends the process with exit code N
 * (0..4294967295), by returning from main (default), by calling exit(), or by
 * calling ExitProcess(). The three paths differ in who runs atexit handlers
 * and DLL detach; the code the parent sees must be N in all of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: exitcode N [--exit | --exitprocess]\n");
        return 2;
    }
    /* strtoul is 32-bit on Windows (LLP64), matching the DWORD exit code. */
    unsigned long code = strtoul(argv[1], NULL, 10);
    const char *how = argc > 2 ? argv[2] : "";

    if (strcmp(how, "--exit") == 0)
        exit((int)code);
    if (strcmp(how, "--exitprocess") == 0)
        ExitProcess((UINT)code);
    return (int)code;
}
