/* netcheck: tries a TCP connection and says how it went.
 *
 *     netcheck HOST PORT
 *
 * Resolves HOST with getaddrinfo, connects to the first address, and prints
 * "connect HOST:PORT: ok" (exit 0) or "connect HOST:PORT: error N" with the Winsock error
 * (exit 1). */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    WSADATA data;
    struct addrinfo hints = {0}, *res = NULL;
    SOCKET s;
    int r;

    if (argc != 3) {
        fprintf(stderr, "usage: netcheck HOST PORT\n");
        return 2;
    }
    if ((r = WSAStartup(MAKEWORD(2, 2), &data)) != 0) {
        printf("WSAStartup: error %d\n", r);
        return 1;
    }
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if ((r = getaddrinfo(argv[1], argv[2], &hints, &res)) != 0) {
        printf("resolve %s: error %d\n", argv[1], r);
        return 1;
    }
    s = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (s == INVALID_SOCKET) {
        printf("socket: error %d\n", WSAGetLastError());
        return 1;
    }
    r = connect(s, res->ai_addr, (int)res->ai_addrlen);
    if (r == 0)
        printf("connect %s:%s: ok\n", argv[1], argv[2]);
    else
        printf("connect %s:%s: error %d\n", argv[1], argv[2], WSAGetLastError());
    closesocket(s);
    freeaddrinfo(res);
    WSACleanup();
    return r == 0 ? 0 : 1;
}
