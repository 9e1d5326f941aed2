/* Opens two files with CreateFileW and CreateFileA (for the fsaudit shim test). */
#include <windows.h>
#include <stdio.h>

int main(void)
{
    HANDLE a, b;
    a = CreateFileW(L"C:\\tmp\\data.txt", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    printf("CreateFileW: %s\n", a == INVALID_HANDLE_VALUE ? "failed" : "opened");
    SetLastError(0);
    b = CreateFileA("secret.txt", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    printf("CreateFileA: %s, error %lu\n", b == INVALID_HANDLE_VALUE ? "failed" : "opened",
           GetLastError());
    return 0;
}
