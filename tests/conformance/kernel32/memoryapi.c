/* memoryapi.h: VirtualAlloc/VirtualFree/VirtualProtect/VirtualQuery, plus the
 * page size and allocation granularity they are defined in terms of. */
#include <string.h>
#include <windows.h>

#include "check.h"

#define PAGE        4096
#define GRANULARITY 65536

static int all_zero(const BYTE *p, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static MEMORY_BASIC_INFORMATION query(const void *addr)
{
    MEMORY_BASIC_INFORMATION mbi;
    memset(&mbi, 0xcc, sizeof mbi);
    SIZE_T ret = VirtualQuery(addr, &mbi, sizeof mbi);
    ok(ret == sizeof mbi, "VirtualQuery(%p) returned %lu, expected %lu", addr,
       (unsigned long)ret, (unsigned long)sizeof mbi);
    return mbi;
}

static void test_system_info(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    ok(si.dwPageSize == PAGE, "dwPageSize = %lu", si.dwPageSize);
    ok(si.dwAllocationGranularity == GRANULARITY, "dwAllocationGranularity = %lu",
       si.dwAllocationGranularity);
    /* The first 64 KiB are never allocatable. */
    ok((ULONG_PTR)si.lpMinimumApplicationAddress == 0x10000,
       "lpMinimumApplicationAddress = %p", si.lpMinimumApplicationAddress);
    ok((ULONG_PTR)si.lpMaximumApplicationAddress > 0x7fffffff,
       "lpMaximumApplicationAddress = %p", si.lpMaximumApplicationAddress);
}

static void test_reserve_commit(void)
{
    /* Reserve and commit in one step: granularity-aligned, zero-filled. */
    SIZE_T size = 3 * PAGE + 100;  /* rounded up to whole pages */
    BYTE *p = VirtualAlloc(NULL, size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!ok(p != NULL, "VirtualAlloc(commit) failed: %lu", GetLastError()))
        return;
    ok(((ULONG_PTR)p % GRANULARITY) == 0, "VirtualAlloc returned %p, not 64 KiB aligned",
       (void *)p);
    ok(all_zero(p, 4 * PAGE), "freshly committed memory is not zero");
    memset(p, 0x5a, 4 * PAGE);

    MEMORY_BASIC_INFORMATION mbi = query(p);
    ok(mbi.BaseAddress == p && mbi.AllocationBase == p, "BaseAddress %p AllocationBase %p, expected %p",
       mbi.BaseAddress, mbi.AllocationBase, (void *)p);
    ok(mbi.RegionSize == 4 * PAGE, "RegionSize = 0x%lx, expected 0x%x",
       (unsigned long)mbi.RegionSize, 4 * PAGE);
    ok(mbi.State == MEM_COMMIT, "State = 0x%lx", mbi.State);
    ok(mbi.Protect == PAGE_READWRITE, "Protect = 0x%lx", mbi.Protect);
    ok(mbi.AllocationProtect == PAGE_READWRITE, "AllocationProtect = 0x%lx",
       mbi.AllocationProtect);
    ok(mbi.Type == MEM_PRIVATE, "Type = 0x%lx", mbi.Type);

    /* An address inside the region reports the page it falls in. */
    mbi = query(p + PAGE + 123);
    ok(mbi.BaseAddress == p + PAGE && mbi.AllocationBase == p && mbi.RegionSize == 3 * PAGE,
       "mid-region query: base %p alloc %p size 0x%lx", mbi.BaseAddress, mbi.AllocationBase,
       (unsigned long)mbi.RegionSize);

    ok(VirtualFree(p, 0, MEM_RELEASE), "VirtualFree(MEM_RELEASE) failed: %lu", GetLastError());
}

static void test_reserve_then_commit(void)
{
    BYTE *p = VirtualAlloc(NULL, 16 * PAGE, MEM_RESERVE, PAGE_READWRITE);
    if (!ok(p != NULL, "VirtualAlloc(MEM_RESERVE) failed: %lu", GetLastError()))
        return;
    ok(((ULONG_PTR)p % GRANULARITY) == 0, "reservation %p not 64 KiB aligned", (void *)p);

    MEMORY_BASIC_INFORMATION mbi = query(p);
    ok(mbi.State == MEM_RESERVE && mbi.RegionSize == 16 * PAGE && mbi.AllocationBase == p
           && mbi.Type == MEM_PRIVATE && mbi.AllocationProtect == PAGE_READWRITE,
       "reserved: State 0x%lx RegionSize 0x%lx AllocationBase %p Type 0x%lx AllocationProtect 0x%lx",
       mbi.State, (unsigned long)mbi.RegionSize, mbi.AllocationBase, mbi.Type,
       mbi.AllocationProtect);

    /* Commit one page in the middle: the reservation splits into three
     * regions, all with the same AllocationBase. */
    BYTE *page5 = p + 5 * PAGE;
    BYTE *c = VirtualAlloc(page5 + 10, 1, MEM_COMMIT, PAGE_READWRITE);
    ok(c == page5, "committing inside the reservation returned %p, expected %p", (void *)c,
       (void *)page5);
    if (c) {
        ok(all_zero(page5, PAGE), "committed page not zero");
        page5[0] = 1;
        page5[PAGE - 1] = 2;
    }

    mbi = query(p);
    ok(mbi.State == MEM_RESERVE && mbi.RegionSize == 5 * PAGE,
       "before the page: State 0x%lx RegionSize 0x%lx", mbi.State, (unsigned long)mbi.RegionSize);
    mbi = query(page5);
    ok(mbi.BaseAddress == page5 && mbi.AllocationBase == p && mbi.State == MEM_COMMIT
           && mbi.RegionSize == PAGE && mbi.Protect == PAGE_READWRITE,
       "the page: base %p alloc %p State 0x%lx RegionSize 0x%lx Protect 0x%lx",
       mbi.BaseAddress, mbi.AllocationBase, mbi.State, (unsigned long)mbi.RegionSize,
       mbi.Protect);
    mbi = query(page5 + PAGE);
    ok(mbi.BaseAddress == page5 + PAGE && mbi.AllocationBase == p
           && mbi.State == MEM_RESERVE && mbi.RegionSize == 10 * PAGE,
       "after the page: base %p alloc %p State 0x%lx RegionSize 0x%lx", mbi.BaseAddress,
       mbi.AllocationBase, mbi.State, (unsigned long)mbi.RegionSize);

    /* VirtualProtect returns the previous protection of the first page. */
    DWORD old = 0;
    ok(VirtualProtect(page5, PAGE, PAGE_READONLY, &old) && old == PAGE_READWRITE,
       "VirtualProtect to PAGE_READONLY: old 0x%lx, error %lu", old, GetLastError());
    mbi = query(page5);
    ok(mbi.Protect == PAGE_READONLY && mbi.AllocationProtect == PAGE_READWRITE,
       "after VirtualProtect: Protect 0x%lx AllocationProtect 0x%lx", mbi.Protect,
       mbi.AllocationProtect);
    ok(page5[0] == 1 && page5[PAGE - 1] == 2, "contents changed by VirtualProtect");
    ok(VirtualProtect(page5, PAGE, PAGE_READWRITE, &old) && old == PAGE_READONLY,
       "VirtualProtect back: old 0x%lx, error %lu", old, GetLastError());

    /* Only committed pages can be protected. */
    SetLastError(0xdeadbeef);
    ok_err(!VirtualProtect(p, PAGE, PAGE_READONLY, &old), ERROR_INVALID_ADDRESS);

    /* Decommit returns the page to reserved; the reservation stays. */
    ok(VirtualFree(page5, PAGE, MEM_DECOMMIT), "MEM_DECOMMIT failed: %lu", GetLastError());
    mbi = query(p);
    ok(mbi.State == MEM_RESERVE && mbi.RegionSize == 16 * PAGE,
       "after decommit: State 0x%lx RegionSize 0x%lx", mbi.State, (unsigned long)mbi.RegionSize);

    /* MEM_RELEASE frees the whole reservation and requires size 0. */
    SetLastError(0xdeadbeef);
    ok_err(!VirtualFree(p, 16 * PAGE, MEM_RELEASE), ERROR_INVALID_PARAMETER);
    mbi = query(p);
    ok(mbi.State == MEM_RESERVE, "failed MEM_RELEASE changed State to 0x%lx", mbi.State);

    ok(VirtualFree(p, 0, MEM_RELEASE), "MEM_RELEASE failed: %lu", GetLastError());
    mbi = query(p);
    ok(mbi.State == MEM_FREE, "after release: State 0x%lx", mbi.State);
}

static const int image_constant = 42;  /* lands in .rdata */
static int image_variable = 1;         /* lands in .data */

static void test_image(void)
{
    HMODULE exe = GetModuleHandleA(NULL);
    MEMORY_BASIC_INFORMATION mbi = query(exe);
    ok(mbi.Type == MEM_IMAGE, "exe headers: Type 0x%lx, expected MEM_IMAGE", mbi.Type);
    ok(mbi.AllocationBase == exe && mbi.BaseAddress == exe,
       "exe headers: AllocationBase %p BaseAddress %p, module %p", mbi.AllocationBase,
       mbi.BaseAddress, (void *)exe);
    ok(mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READONLY,
       "exe headers: State 0x%lx Protect 0x%lx", mbi.State, mbi.Protect);
    /* Images are mapped with an all-access allocation protection. */
    ok(mbi.AllocationProtect == PAGE_EXECUTE_WRITECOPY, "exe: AllocationProtect 0x%lx",
       mbi.AllocationProtect);

    /* Each section gets the protection its characteristics ask for. */
    mbi = query((const void *)(ULONG_PTR)test_image);
    ok(mbi.Type == MEM_IMAGE && mbi.AllocationBase == exe && mbi.Protect == PAGE_EXECUTE_READ,
       ".text: Type 0x%lx AllocationBase %p Protect 0x%lx", mbi.Type, mbi.AllocationBase,
       mbi.Protect);

    mbi = query(&image_constant);
    ok(mbi.Type == MEM_IMAGE && mbi.AllocationBase == exe && mbi.Protect == PAGE_READONLY,
       ".rdata: Type 0x%lx AllocationBase %p Protect 0x%lx", mbi.Type, mbi.AllocationBase,
       mbi.Protect);

    /* A written copy-on-write page of an image is PAGE_READWRITE; one not yet
     * written still says PAGE_WRITECOPY. */
    image_variable++;
    mbi = query(&image_variable);
    ok(mbi.Type == MEM_IMAGE && mbi.AllocationBase == exe
           && (mbi.Protect == PAGE_READWRITE || mbi.Protect == PAGE_WRITECOPY),
       ".data: Type 0x%lx AllocationBase %p Protect 0x%lx", mbi.Type, mbi.AllocationBase,
       mbi.Protect);
}

static void test_commit_without_reserve(void)
{
    /* MEM_COMMIT alone with no address reserves and commits (programs such as 7-Zip rely on
       it); at an address that is not reserved it fails. */
    BYTE *p = VirtualAlloc(NULL, 5 * PAGE, MEM_COMMIT, PAGE_READWRITE);
    if (!ok(p != NULL, "VirtualAlloc(NULL, MEM_COMMIT) failed: %lu", GetLastError()))
        return;
    ok(all_zero(p, 5 * PAGE), "committed memory is not zero");
    MEMORY_BASIC_INFORMATION mbi = query(p);
    ok(mbi.AllocationBase == p && mbi.State == MEM_COMMIT && mbi.RegionSize == 5 * PAGE,
       "AllocationBase %p State 0x%lx RegionSize 0x%lx", mbi.AllocationBase, mbi.State,
       (unsigned long)mbi.RegionSize);
    ok(VirtualFree(p, 0, MEM_RELEASE), "VirtualFree failed: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(VirtualAlloc(p, PAGE, MEM_COMMIT, PAGE_READWRITE) == NULL
           && GetLastError() == ERROR_INVALID_ADDRESS,
       "commit of a released range: error %lu", GetLastError());
}

int main(void)
{
    test_system_info();
    test_reserve_commit();
    test_commit_without_reserve();
    test_reserve_then_commit();
    test_image();
    return check_summary();
}
