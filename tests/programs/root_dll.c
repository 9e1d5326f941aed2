/* A DLL that says where it was built for (-DWHERE=n), for the --root DLL search test. */
__declspec(dllexport) int where(void)
{
    return WHERE;
}
