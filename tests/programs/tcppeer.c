/* One end of a TCP conversation between two processes (tests/tests/network.rs runs both under
 * winrun).
 *
 *   tcppeer server         listens on 127.0.0.1 at a free port, prints "port N", serves one
 *                          client: reads a line, answers it upper-cased, exits 0
 *   tcppeer client N TEXT  connects to port N, sends TEXT and a newline, prints the answer */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what)
{
    printf("%s: error %d\n", what, WSAGetLastError());
    return 1;
}

static int serve(void)
{
    struct sockaddr_in a;
    int len = sizeof a, n, total = 0, i;
    char buf[256];
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), c;

    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) ||
        getsockname(l, (struct sockaddr *)&a, &len))
        return fail("listen");
    printf("port %u\n", ntohs(a.sin_port));
    fflush(stdout);
    if ((c = accept(l, NULL, NULL)) == INVALID_SOCKET)
        return fail("accept");
    while (total < (int)sizeof buf && (n = recv(c, buf + total, sizeof buf - total, 0)) > 0) {
        total += n;
        if (buf[total - 1] == '\n')
            break;
    }
    for (i = 0; i < total; i++)
        if (buf[i] >= 'a' && buf[i] <= 'z')
            buf[i] -= 32;
    if (send(c, buf, total, 0) != total)
        return fail("send");
    shutdown(c, SD_SEND);
    closesocket(c);
    closesocket(l);
    printf("served %d bytes\n", total);
    return 0;
}

static int client(const char *port, const char *text)
{
    struct addrinfo hints = {0}, *res;
    char buf[256];
    int n, total = 0;
    SOCKET s;

    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo("127.0.0.1", port, &hints, &res))
        return fail("getaddrinfo");
    s = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (connect(s, res->ai_addr, (int)res->ai_addrlen))
        return fail("connect");
    freeaddrinfo(res);
    snprintf(buf, sizeof buf, "%s\n", text);
    if (send(s, buf, (int)strlen(buf), 0) != (int)strlen(buf))
        return fail("send");
    while ((n = recv(s, buf + total, sizeof buf - 1 - total, 0)) > 0)
        total += n;
    if (n < 0)
        return fail("recv");
    buf[total] = 0;
    printf("answer: %s", buf);
    closesocket(s);
    return 0;
}

int main(int argc, char **argv)
{
    WSADATA data;
    WSAStartup(MAKEWORD(2, 2), &data);
    if (argc == 2 && !strcmp(argv[1], "server"))
        return serve();
    if (argc == 4 && !strcmp(argv[1], "client"))
        return client(argv[2], argv[3]);
    fprintf(stderr, "usage: tcppeer server | tcppeer client PORT TEXT\n");
    return 2;
}
