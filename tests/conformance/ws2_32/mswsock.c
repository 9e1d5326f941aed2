/* mswsock.h: AcceptEx, ConnectEx and GetAcceptExSockaddrs, found with WSAIoctl
 * (SIO_GET_EXTENSION_FUNCTION_POINTER) as programs find them, used with overlapped events. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <string.h>

#include "check.h"

static void *extension(SOCKET s, GUID id)
{
    void *f = NULL;
    DWORD n = 0;
    if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &f, sizeof f, &n, NULL,
                 NULL) != 0 || n != sizeof f)
        return NULL;
    return f;
}

int main(void)
{
    WSADATA data;
    SOCKET l, a, c;
    struct sockaddr_in at, any;
    LPFN_ACCEPTEX accept_ex;
    LPFN_CONNECTEX connect_ex;
    LPFN_GETACCEPTEXSOCKADDRS sockaddrs;
    GUID unknown = {0x12345678, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}};
    char out[64 + 2 * (sizeof(struct sockaddr_in6) + 16)], buf[16];
    OVERLAPPED aov, cov;
    DWORD n = 0, flags = 0;
    struct sockaddr *local, *remote;
    int len = sizeof at, llen = 0, rlen = 0;
    void *f = NULL;
    BOOL r;

    WSAStartup(MAKEWORD(2, 2), &data);
    l = socket(AF_INET, SOCK_STREAM, 0);
    memset(&at, 0, sizeof at);
    at.sin_family = AF_INET;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (struct sockaddr *)&at, sizeof at);
    listen(l, 2);
    getsockname(l, (struct sockaddr *)&at, &len);

    accept_ex = (LPFN_ACCEPTEX)extension(l, (GUID)WSAID_ACCEPTEX);
    connect_ex = (LPFN_CONNECTEX)extension(l, (GUID)WSAID_CONNECTEX);
    sockaddrs = (LPFN_GETACCEPTEXSOCKADDRS)extension(l, (GUID)WSAID_GETACCEPTEXSOCKADDRS);
    ok(accept_ex && connect_ex && sockaddrs, "extension functions found");
    SetLastError(0xdeadbeef);
    ok_err(WSAIoctl(l, SIO_GET_EXTENSION_FUNCTION_POINTER, &unknown, sizeof unknown, &f,
                    sizeof f, &n, NULL, NULL) == SOCKET_ERROR, WSAEINVAL);
    if (!accept_ex || !connect_ex || !sockaddrs)
        return check_summary();

    /* AcceptEx waits for a connection and its first data. */
    a = socket(AF_INET, SOCK_STREAM, 0);
    memset(&aov, 0, sizeof aov);
    aov.hEvent = WSACreateEvent();
    SetLastError(0xdeadbeef);
    r = accept_ex(l, a, out, 64, sizeof(struct sockaddr_in6) + 16,
                  sizeof(struct sockaddr_in6) + 16, &n, &aov);
    ok_err(!r, ERROR_IO_PENDING);

    /* ConnectEx needs a bound socket. */
    c = socket(AF_INET, SOCK_STREAM, 0);
    memset(&cov, 0, sizeof cov);
    cov.hEvent = WSACreateEvent();
    SetLastError(0xdeadbeef);
    r = connect_ex(c, (struct sockaddr *)&at, sizeof at, NULL, 0, &n, &cov);
    ok_err(!r, WSAEINVAL);
    memset(&any, 0, sizeof any);
    any.sin_family = AF_INET;
    bind(c, (struct sockaddr *)&any, sizeof any);
    r = connect_ex(c, (struct sockaddr *)&at, sizeof at, "first", 5, &n, &cov);
    ok(r || WSAGetLastError() == ERROR_IO_PENDING, "ConnectEx: %d %d", r, WSAGetLastError());
    ok(WaitForSingleObject(cov.hEvent, 2000) == WAIT_OBJECT_0, "connected");
    ok(WSAGetOverlappedResult(c, &cov, &n, FALSE, &flags) && n == 5, "sent %lu", n);
    ok(setsockopt(c, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0) == 0,
       "SO_UPDATE_CONNECT_CONTEXT");

    ok(WaitForSingleObject(aov.hEvent, 2000) == WAIT_OBJECT_0, "accepted");
    ok(WSAGetOverlappedResult(l, &aov, &n, FALSE, &flags) && n == 5 && !memcmp(out, "first", 5),
       "first data with the connection: %lu", n);
    ok(setsockopt(a, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&l, sizeof l) == 0,
       "SO_UPDATE_ACCEPT_CONTEXT");
    sockaddrs(out, 64, sizeof(struct sockaddr_in6) + 16, sizeof(struct sockaddr_in6) + 16, &local,
              &llen, &remote, &rlen);
    ok(llen == sizeof(struct sockaddr_in) && local->sa_family == AF_INET &&
       ((struct sockaddr_in *)local)->sin_port == at.sin_port, "local address %d", llen);
    len = sizeof any;
    getsockname(c, (struct sockaddr *)&any, &len);
    ok(rlen == sizeof(struct sockaddr_in) &&
       ((struct sockaddr_in *)remote)->sin_port == any.sin_port, "remote address %d", rlen);

    /* The accept socket is the connection now. */
    ok(send(a, "back", 4, 0) == 4 && recv(c, buf, sizeof buf, 0) == 4 && !memcmp(buf, "back", 4),
       "data both ways");
    closesocket(a);
    closesocket(c);
    closesocket(l);
    WSACleanup();
    return check_summary();
}
