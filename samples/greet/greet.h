/* greet.dll's interface, as an importer sees it. */
#ifndef GREET_H
#define GREET_H

#ifdef GREET_BUILDING_DLL
#define GREET_API
#else
#define GREET_API __declspec(dllimport)
#endif

/* Writes "Hello, <name>!" into out (at most outlen bytes, NUL-terminated) and
 * returns the length of the full greeting. */
GREET_API int greet(const char *name, char *out, int outlen);
/* Number of greet() calls so far. */
GREET_API int greet_calls(void);
/* 1 once DllMain has seen DLL_PROCESS_ATTACH. */
GREET_API int greet_attached(void);
/* A data export: importers read it through the import table. */
GREET_API extern int greet_version;

/* Also exported, but not declared here: ordinal 7 (no name) returns 42, and
 * greet_getpid forwards to KERNEL32.GetCurrentProcessId. */

#endif
