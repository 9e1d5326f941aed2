/* greet.dll: a small DLL covering the export kinds a loader must handle:
 * functions by name, a data export, an export by ordinal only (secret, @7
 * NONAME in greet.def) and a forwarder (greet_getpid -> KERNEL32), plus
 * DllMain ordering (attach before the importer's main, detach at exit). */
#include <stdio.h>
#include <windows.h>

#define GREET_BUILDING_DLL
#include "greet.h"

/* greet.def is the export list; nothing here is marked dllexport so the two
 * cannot disagree. */

int greet_version = 3;

static int calls;
static int attached;

int greet(const char *name, char *out, int outlen)
{
    calls++;
    return snprintf(out, outlen, "Hello, %s!", name);
}

int greet_calls(void)
{
    return calls;
}

int greet_attached(void)
{
    return attached;
}

/* Exported only as ordinal 7 (see greet.def); no name in the export table. */
int secret(void)
{
    return 42;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        attached = 1;
    } else if (reason == DLL_PROCESS_DETACH) {
        /* WriteFile, not printf: at process exit the CRT's stdio may already
         * be gone by the time the loader calls us. */
        static const char msg[] = "greet.dll: detach\n";
        DWORD written;
        WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), msg, sizeof msg - 1,
                  &written, NULL);
    }
    return TRUE;
}
