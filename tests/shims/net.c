/* Tries to connect to 127.0.0.1:80 with connect and WSAConnect, statically and through
 * GetProcAddress by name and ordinal (for the deny-network shim test). Never calls WSAStartup:
 * only the refusal is of interest. Without the shim, each connect fails with
 * WSANOTINITIALISED (10093) instead, and the GetProcAddress lines are the same. */
#include <winsock2.h>
#include <stdio.h>

typedef int (WSAAPI *connect_fn)(SOCKET, const struct sockaddr *, int);

int main(void)
{
    struct sockaddr_in to = {0};
    unsigned char loopback[4] = {127, 0, 0, 1};
    HMODULE ws2;
    connect_fn dynamic_connect;
    int r;

    to.sin_family = AF_INET;
    to.sin_port = (unsigned short)((80 >> 8) | (80 << 8)); /* htons(80), without importing it */
    memcpy(&to.sin_addr, loopback, 4);

    SetLastError(0xdeadbeef);
    r = connect((SOCKET)100, (struct sockaddr *)&to, sizeof to);
    printf("connect: %d, error %lu\n", r, GetLastError());

    SetLastError(0xdeadbeef);
    r = WSAConnect((SOCKET)100, (struct sockaddr *)&to, sizeof to, NULL, NULL, NULL, NULL);
    printf("WSAConnect: %d, error %lu\n", r, GetLastError());

    ws2 = LoadLibraryA("ws2_32.dll");
    dynamic_connect = (connect_fn)GetProcAddress(ws2, "connect");
    printf("GetProcAddress(connect): %s\n", dynamic_connect == connect ? "the import" : dynamic_connect ? "another" : "NULL");
    /* connect is ordinal 4 of ws2_32.dll on Windows; the shim's entry says so too. */
    printf("GetProcAddress(#4): %s\n",
           (connect_fn)GetProcAddress(ws2, MAKEINTRESOURCEA(4)) == connect ? "connect" : "another");
    if (dynamic_connect) {
        SetLastError(0xdeadbeef);
        r = dynamic_connect((SOCKET)100, (struct sockaddr *)&to, sizeof to);
        printf("dynamic connect: %d, error %lu\n", r, GetLastError());
    }
    return 0;
}
