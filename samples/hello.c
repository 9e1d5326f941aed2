/* hello.exe: the smallest useful Windows console program. It exercises the
 * CRT startup (msvcrt's __getmainargs, stdio) and nothing else. */
#include <stdio.h>

int main(void)
{
    printf("Hello from winrun!\n");
    return 0;
}
