/* A DLL whose exported function faults: the report names the DLL and the
 * export the address lies in. */
__declspec(dllexport) void crash_in_dll(void)
{
    *(volatile int *)0x40 = 1;
}
