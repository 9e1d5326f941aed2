/* The PEB's loader lists, which programs walk without calling anything (to find a module's
   base, or to enumerate modules). Offsets are those of the documented x64 structures. */
#include <windows.h>
#include <winternl.h>
#include <wchar.h>
#include "check.h"

/* LDR_DATA_TABLE_ENTRY up to BaseDllName (winternl.h hides most fields as Reserved). */
typedef struct {
    LIST_ENTRY InLoadOrderLinks;
    LIST_ENTRY InMemoryOrderLinks;
    LIST_ENTRY InInitializationOrderLinks;
    PVOID DllBase;
    PVOID EntryPoint;
    ULONG SizeOfImage;
    UNICODE_STRING FullDllName;
    UNICODE_STRING BaseDllName;
} LDR_ENTRY;

/* PEB_LDR_DATA: Length, Initialized, SsHandle, then the list heads. */
typedef struct {
    ULONG Length;
    BOOLEAN Initialized;
    PVOID SsHandle;
    LIST_ENTRY InLoadOrderModuleList;
    LIST_ENTRY InMemoryOrderModuleList;
} LDR_DATA;

static LDR_ENTRY *find(LIST_ENTRY *head, const wchar_t *name, int *count)
{
    LDR_ENTRY *found = NULL;
    *count = 0;
    for (LIST_ENTRY *e = head->Flink; e != head; e = e->Flink) {
        LDR_ENTRY *m = CONTAINING_RECORD(e, LDR_ENTRY, InLoadOrderLinks);
        (*count)++;
        if (m->BaseDllName.Buffer && !_wcsicmp(m->BaseDllName.Buffer, name))
            found = m;
        if (*count > 1000)
            break;
    }
    return found;
}

int main(void)
{
    PEB *peb = NtCurrentTeb()->ProcessEnvironmentBlock;
    LDR_DATA *ldr = (LDR_DATA *)peb->Ldr;
    ok(ldr != NULL, "PEB->Ldr is set");
    if (!ldr)
        return check_summary();
    ok(ldr->Initialized, "loader data initialized");

    LIST_ENTRY *head = &ldr->InLoadOrderModuleList;
    LDR_ENTRY *first = CONTAINING_RECORD(head->Flink, LDR_ENTRY, InLoadOrderLinks);
    ok(first->DllBase == GetModuleHandleW(NULL), "the first module in load order is the program");
    WCHAR path[MAX_PATH];
    GetModuleFileNameW(NULL, path, MAX_PATH);
    ok(first->FullDllName.Buffer && !wcscmp(first->FullDllName.Buffer, path),
       "the program's FullDllName is its module file name");
    ok(first->FullDllName.Length == wcslen(path) * sizeof(WCHAR), "FullDllName.Length in bytes");

    int count = 0;
    LDR_ENTRY *k32 = find(head, L"kernel32.dll", &count);
    ok(count >= 3, "at least the program, ntdll and kernel32 are listed (%d)", count);
    ok(k32 && k32->DllBase == GetModuleHandleA("kernel32.dll"), "kernel32's entry has its HMODULE");
    LDR_ENTRY *nt = find(head, L"ntdll.dll", &count);
    ok(nt && nt->DllBase == GetModuleHandleA("ntdll.dll"), "ntdll's entry has its HMODULE");
    /* The C runtime the program imports: msvcrt.dll, or ucrtbase.dll behind the UCRT's API-set
       names (the loader lists the DLL an API set resolves to). */
    ok(find(head, L"msvcrt.dll", &count) != NULL || find(head, L"ucrtbase.dll", &count) != NULL,
       "the C runtime DLL is listed");

    /* The memory-order list holds the same modules, linked through InMemoryOrderLinks. */
    int in_memory = 0;
    LIST_ENTRY *mhead = &ldr->InMemoryOrderModuleList;
    for (LIST_ENTRY *e = mhead->Flink; e != mhead && in_memory < 1000; e = e->Flink)
        in_memory++;
    ok(in_memory == count, "memory-order list has %d entries, load-order %d", in_memory, count);

    /* Every list is circular both ways. */
    ok(head->Flink->Blink == head && head->Blink->Flink == head, "load-order list is well linked");

    /* A module loaded at run time appears; its entry goes when it is freed. */
    HMODULE sh = LoadLibraryA("shell32.dll");
    ok(sh != NULL, "LoadLibrary(shell32)");
    LDR_ENTRY *s = find(head, L"shell32.dll", &count);
    ok(s && s->DllBase == sh, "shell32 listed after LoadLibrary");
    return check_summary();
}
