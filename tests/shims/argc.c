/* Prints how many arguments SHELL32's CommandLineToArgvW finds on the command line (for the
 * --override tests). */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>

int main(void)
{
    int count = -1;
    CommandLineToArgvW(GetCommandLineW(), &count);
    printf("argc %d\n", count);
    return 0;
}
