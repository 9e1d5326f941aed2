/* heapapi.h (HeapAlloc family) and winbase.h's LocalAlloc/GlobalAlloc, which
 * Windows implements on the process heap. */
#include <string.h>
#include <windows.h>

#include "check.h"

/* winternl.h: PEB is at TEB+0x60; PEB.ProcessHeap is at +0x30 on x64 (in
 * winternl.h's Reserved4[0]). CRTs and MSVC-built code read it directly. */
#define TEB_PEB          0x60
#define PEB_PROCESS_HEAP 0x30

static HANDLE peb_process_heap(void)
{
    BYTE *peb = *(BYTE **)((BYTE *)NtCurrentTeb() + TEB_PEB);
    return *(HANDLE *)(peb + PEB_PROCESS_HEAP);
}

static int all_bytes_are(const void *p, int value, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != (unsigned char)value)
            return 0;
    return 1;
}

/* MEMORY_ALLOCATION_ALIGNMENT: HeapAlloc results are 16-byte aligned on x64. */
static int aligned16(const void *p)
{
    return ((ULONG_PTR)p & 15) == 0;
}

static void test_process_heap(void)
{
    HANDLE heap = GetProcessHeap();
    ok(heap != NULL, "GetProcessHeap() returned NULL");
    ok(GetProcessHeap() == heap, "GetProcessHeap() changed between calls");
    ok(peb_process_heap() == heap, "PEB ProcessHeap %p != GetProcessHeap() %p",
       peb_process_heap(), heap);

    /* GetProcessHeaps lists the default heap among the process's heaps. */
    HANDLE heaps[64];
    DWORD count = GetProcessHeaps(64, heaps);
    ok(count >= 1, "GetProcessHeaps returned %lu", count);
    int found = 0;
    for (DWORD i = 0; i < count && i < 64; i++)
        found |= heaps[i] == heap;
    ok(found, "GetProcessHeaps does not list GetProcessHeap() %p", heap);

    ok(HeapValidate(heap, 0, NULL), "HeapValidate(process heap) failed");
}

static void test_alloc(HANDLE heap, const char *which)
{
    static const SIZE_T sizes[] = { 1, 15, 16, 17, 100, 4096, 100000, 1 << 20 };

    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        SIZE_T size = sizes[i];
        BYTE *p = HeapAlloc(heap, 0, size);
        ok(p != NULL, "%s: HeapAlloc(%lu) failed", which, (unsigned long)size);
        if (!p)
            continue;
        ok(aligned16(p), "%s: HeapAlloc(%lu) = %p, not 16-byte aligned", which,
           (unsigned long)size, (void *)p);
        /* HeapSize reports the size asked for, not the block's capacity. */
        ok(HeapSize(heap, 0, p) == size, "%s: HeapSize = %lu, expected %lu", which,
           (unsigned long)HeapSize(heap, 0, p), (unsigned long)size);
        memset(p, 0xab, size);
        ok(HeapFree(heap, 0, p), "%s: HeapFree(%lu bytes) failed: %lu", which,
           (unsigned long)size, GetLastError());
    }

    /* Zero bytes is a valid request with a real, freeable block. */
    void *empty = HeapAlloc(heap, 0, 0);
    ok(empty != NULL, "%s: HeapAlloc(0) returned NULL", which);
    if (empty) {
        ok(HeapSize(heap, 0, empty) == 0, "%s: HeapSize of a 0-byte block = %lu", which,
           (unsigned long)HeapSize(heap, 0, empty));
        ok(HeapFree(heap, 0, empty), "%s: HeapFree(0-byte block) failed", which);
    }

    /* Dirty some memory and free it first, so that HEAP_ZERO_MEMORY has to
     * clear reused blocks rather than relying on fresh pages. */
    for (int round = 0; round < 4; round++) {
        BYTE *dirty = HeapAlloc(heap, 0, 256);
        if (dirty) {
            memset(dirty, 0xcd, 256);
            HeapFree(heap, 0, dirty);
        }
        BYTE *z = HeapAlloc(heap, HEAP_ZERO_MEMORY, 256);
        ok(z && all_bytes_are(z, 0, 256), "%s: HEAP_ZERO_MEMORY block not zeroed", which);
        if (z)
            HeapFree(heap, 0, z);
    }
}

static void test_realloc(HANDLE heap)
{
    BYTE *p = HeapAlloc(heap, 0, 32);
    if (!ok(p != NULL, "HeapAlloc(32) failed"))
        return;
    for (int i = 0; i < 32; i++)
        p[i] = (BYTE)i;

    /* Growing keeps the old bytes and, with HEAP_ZERO_MEMORY, zeroes the new
     * tail. 100000 is large enough that the block has to move. */
    BYTE *q = HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, 100000);
    if (!ok(q != NULL, "HeapReAlloc to 100000 failed: %lu", GetLastError())) {
        HeapFree(heap, 0, p);
        return;
    }
    int kept = 1;
    for (int i = 0; i < 32; i++)
        kept &= q[i] == (BYTE)i;
    ok(kept, "HeapReAlloc lost the original contents");
    ok(all_bytes_are(q + 32, 0, 100000 - 32), "HeapReAlloc(HEAP_ZERO_MEMORY) tail not zeroed");
    ok(HeapSize(heap, 0, q) == 100000, "HeapSize after grow = %lu",
       (unsigned long)HeapSize(heap, 0, q));
    ok(aligned16(q), "HeapReAlloc result %p not 16-byte aligned", (void *)q);

    /* Shrinking keeps the prefix and reports the new size. */
    BYTE *r = HeapReAlloc(heap, 0, q, 8);
    if (ok(r != NULL, "HeapReAlloc to 8 failed: %lu", GetLastError())) {
        ok(memcmp(r, "\0\1\2\3\4\5\6\7", 8) == 0, "shrinking lost the prefix");
        ok(HeapSize(heap, 0, r) == 8, "HeapSize after shrink = %lu",
           (unsigned long)HeapSize(heap, 0, r));
        q = r;
    }
    ok(HeapFree(heap, 0, q), "HeapFree after realloc failed");
}

static void test_private_heap(void)
{
    /* Growable private heap (maximum size 0). */
    HANDLE heap = HeapCreate(0, 0, 0);
    if (!ok(heap != NULL, "HeapCreate failed: %lu", GetLastError()))
        return;
    ok(heap != GetProcessHeap(), "HeapCreate returned the process heap");
    test_alloc(heap, "private heap");

    /* Blocks need not be freed before HeapDestroy. */
    void *left = HeapAlloc(heap, 0, 1000);
    ok(left != NULL, "HeapAlloc on private heap failed");
    ok(HeapValidate(heap, 0, NULL), "HeapValidate(private heap) failed");
    ok(HeapDestroy(heap), "HeapDestroy failed: %lu", GetLastError());
}

static void test_local_global(void)
{
    BYTE *local = LocalAlloc(LMEM_FIXED | LMEM_ZEROINIT, 300);
    ok(local != NULL, "LocalAlloc failed: %lu", GetLastError());
    if (local) {
        ok(all_bytes_are(local, 0, 300), "LMEM_ZEROINIT block not zeroed");
        /* "may be larger than the size requested" */
        ok(LocalSize(local) >= 300, "LocalSize = %lu", (unsigned long)LocalSize(local));
        memset(local, 1, 300);
        /* LocalFree and GlobalFree return NULL on success, the handle on
         * failure. */
        ok(LocalFree(local) == NULL, "LocalFree failed: %lu", GetLastError());
    }

    /* With GMEM_FIXED the handle is the pointer, so GlobalLock returns it. */
    BYTE *global = GlobalAlloc(GMEM_FIXED, 500);
    ok(global != NULL, "GlobalAlloc failed: %lu", GetLastError());
    if (global) {
        ok(GlobalSize(global) >= 500, "GlobalSize = %lu", (unsigned long)GlobalSize(global));
        ok(GlobalLock(global) == global, "GlobalLock(fixed) = %p, expected %p",
           GlobalLock(global), (void *)global);
        GlobalUnlock(global);
        memset(global, 2, 500);
        ok(GlobalFree(global) == NULL, "GlobalFree failed: %lu", GetLastError());
    }

    BYTE *gz = GlobalAlloc(GPTR, 64);  /* GPTR = GMEM_FIXED | GMEM_ZEROINIT */
    ok(gz && all_bytes_are(gz, 0, 64), "GlobalAlloc(GPTR) block not zeroed");
    if (gz)
        ok(GlobalFree(gz) == NULL, "GlobalFree(GPTR block) failed");
}

int main(void)
{
    test_process_heap();
    test_alloc(GetProcessHeap(), "process heap");
    test_realloc(GetProcessHeap());
    test_private_heap();
    test_local_global();
    return check_summary();
}
