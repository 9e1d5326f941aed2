/* Calls greet.dll's greet_calls through a delay-load import (for the shim test on delay-loaded
 * functions). */
#include <stdio.h>

__declspec(dllimport) int greet_calls(void);

int main(void)
{
    printf("greet_calls: %d\n", greet_calls());
    return 0;
}
