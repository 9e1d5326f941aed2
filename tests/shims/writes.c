/* Writes 6 and then 8 bytes to stdout with WriteFile (for the WriteFile shim tests). */
#include <windows.h>

int main(void)
{
    DWORD written;
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    if (!WriteFile(out, "hello\n", 6, &written, NULL) || written != 6)
        return 1;
    if (!WriteFile(out, "world!!\n", 8, &written, NULL) || written != 8)
        return 2;
    return 0;
}
