/* winsock2.h: startup, TCP and UDP over loopback (IPv4 and IPv6, a server thread and a client
 * in one program), select, WSAPoll, non-blocking connect, ioctlsocket, socket options, error
 * codes, event selection, overlapped WSARecv, and sockets as handles. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <string.h>

#include "check.h"

static struct sockaddr_in loopback4(unsigned short port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static unsigned short port_of(SOCKET s)
{
    struct sockaddr_storage a;
    int len = sizeof a;
    if (getsockname(s, (struct sockaddr *)&a, &len) != 0)
        return 0;
    return ntohs(((struct sockaddr_in *)&a)->sin_port);
}

/* A listening TCP socket on 127.0.0.1 at a free port. */
static SOCKET listener4(unsigned short *port)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = loopback4(0);
    if (s == INVALID_SOCKET || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4))
        return INVALID_SOCKET;
    *port = port_of(s);
    return s;
}

static void test_startup(void)
{
    WSADATA data;
    SOCKET s;

    SetLastError(0xdeadbeef);
    s = socket(AF_INET, SOCK_STREAM, 0);
    ok_err(s == INVALID_SOCKET, WSANOTINITIALISED);

    ok(WSAStartup(MAKEWORD(0, 0), &data) == WSAVERNOTSUPPORTED, "version 0.0");
    ok(WSAStartup(MAKEWORD(2, 2), NULL) == WSAEFAULT, "NULL data");
    memset(&data, 0xcc, sizeof data);
    ok(WSAStartup(MAKEWORD(2, 2), &data) == 0, "WSAStartup 2.2");
    ok(data.wVersion == 0x0202 && data.wHighVersion == 0x0202, "version %x high %x",
       data.wVersion, data.wHighVersion);
    ok(!strcmp(data.szDescription, "WinSock 2.0"), "description %s", data.szDescription);
    ok(!strcmp(data.szSystemStatus, "Running"), "status %s", data.szSystemStatus);
    /* Asking for more than 2.2 gets 2.2. */
    ok(WSAStartup(MAKEWORD(3, 0), &data) == 0 && data.wVersion == 0x0202, "3.0: %x",
       data.wVersion);
    ok(WSACleanup() == 0, "cleanup of the second startup");
    WSASetLastError(1234);
    ok(WSAGetLastError() == 1234 && GetLastError() == 1234, "WSASetLastError is SetLastError");
}

/* The server half of the TCP test: accepts one connection, echoes what it reads in upper
 * case until the client shuts down, then shuts down too. */
static DWORD WINAPI echo_server(void *arg)
{
    SOCKET l = (SOCKET)arg, c;
    struct sockaddr_in peer;
    int len = sizeof peer, n, i;
    char buf[256];

    c = accept(l, (struct sockaddr *)&peer, &len);
    if (c == INVALID_SOCKET)
        return 1;
    if (len != sizeof peer || peer.sin_family != AF_INET ||
        peer.sin_addr.s_addr != htonl(INADDR_LOOPBACK))
        return 2;
    while ((n = recv(c, buf, sizeof buf, 0)) > 0) {
        for (i = 0; i < n; i++)
            buf[i] = (char)(buf[i] >= 'a' && buf[i] <= 'z' ? buf[i] - 32 : buf[i]);
        if (send(c, buf, n, 0) != n)
            return 3;
    }
    if (n != 0)
        return 4;
    shutdown(c, SD_SEND);
    closesocket(c);
    return 0;
}

static void test_tcp(void)
{
    unsigned short port;
    SOCKET l = listener4(&port), c;
    struct sockaddr_in a = loopback4(0), peer;
    HANDLE server;
    DWORD code = 99;
    char buf[64];
    int n, len, total = 0;

    ok(l != INVALID_SOCKET && port != 0, "listening on port %u", port);
    server = CreateThread(NULL, 0, echo_server, (void *)l, 0, NULL);
    c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(c != INVALID_SOCKET && (c & 3) == 0, "a SOCKET is a handle value: %p", (void *)c);
    a = loopback4(port);
    ok(connect(c, (struct sockaddr *)&a, sizeof a) == 0, "connect: %d", WSAGetLastError());
    len = sizeof peer;
    ok(getpeername(c, (struct sockaddr *)&peer, &len) == 0 && peer.sin_port == htons(port),
       "getpeername");
    ok(send(c, "hello, ", 7, 0) == 7, "send");
    ok(send(c, "world", 5, 0) == 5, "send again");
    ok(shutdown(c, SD_SEND) == 0, "shutdown");
    while ((n = recv(c, buf + total, sizeof buf - 1 - total, 0)) > 0)
        total += n;
    buf[total] = 0;
    ok(n == 0 && !strcmp(buf, "HELLO, WORLD"), "echo %s (%d)", buf, n);
    WaitForSingleObject(server, 5000);
    GetExitCodeThread(server, &code);
    ok(code == 0, "server thread result %lu", code);
    CloseHandle(server);
    ok(closesocket(c) == 0, "closesocket");
    SetLastError(0xdeadbeef);
    ok_err(closesocket(c) == SOCKET_ERROR, WSAENOTSOCK);
    ok(closesocket(l) == 0, "closesocket of the listener");
}

static void test_udp(void)
{
    SOCKET a = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in at = loopback4(0), from;
    int len = sizeof from, n;
    char buf[32];
    u_long pending = 0;

    ok(bind(a, (struct sockaddr *)&at, sizeof at) == 0, "bind");
    at = loopback4(port_of(a));
    ok(sendto(b, "datagram", 8, 0, (struct sockaddr *)&at, sizeof at) == 8, "sendto");
    ok(sendto(b, "two", 3, 0, (struct sockaddr *)&at, sizeof at) == 3, "sendto again");
    Sleep(50);
    ok(ioctlsocket(a, FIONREAD, &pending) == 0 && pending >= 8, "FIONREAD %lu", pending);
    memset(&from, 0, sizeof from);
    n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
    ok(n == 8 && !memcmp(buf, "datagram", 8), "recvfrom %d", n);
    ok(len == sizeof from && from.sin_family == AF_INET && from.sin_port == htons(port_of(b)),
       "sender %d %d", len, from.sin_family);
    /* A datagram larger than the buffer: the part that fits, then WSAEMSGSIZE. */
    SetLastError(0xdeadbeef);
    n = recv(a, buf, 2, 0);
    ok_err(n == SOCKET_ERROR, WSAEMSGSIZE);
    closesocket(a);
    closesocket(b);
}

static void test_ipv6(void)
{
    SOCKET l = socket(AF_INET6, SOCK_STREAM, 0), c, s;
    struct sockaddr_in6 a, peer;
    int len = sizeof a, v6only = 0, optlen = sizeof v6only;
    char buf[8];

    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    ok(l != INVALID_SOCKET, "AF_INET6 socket: %d", WSAGetLastError());
    /* Windows' default is IPV6_V6ONLY on (Linux's is off; Wine 8 reports off). */
    ok(getsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, (char *)&v6only, &optlen) == 0 &&
       optlen == 4 && v6only == 1, "IPV6_V6ONLY %d", v6only);
    ok(bind(l, (struct sockaddr *)&a, sizeof a) == 0 && listen(l, 1) == 0, "bind ::1");
    ok(getsockname(l, (struct sockaddr *)&a, &len) == 0 && len == sizeof a &&
       a.sin6_family == AF_INET6 && a.sin6_family == 23, "getsockname %d %d", len,
       a.sin6_family);
    c = socket(AF_INET6, SOCK_STREAM, 0);
    ok(connect(c, (struct sockaddr *)&a, sizeof a) == 0, "connect [::1]: %d", WSAGetLastError());
    len = sizeof peer;
    s = accept(l, (struct sockaddr *)&peer, &len);
    ok(s != INVALID_SOCKET && peer.sin6_family == AF_INET6 &&
       IN6_IS_ADDR_LOOPBACK(&peer.sin6_addr), "accept from ::1");
    ok(send(c, "six", 3, 0) == 3 && recv(s, buf, sizeof buf, 0) == 3 && !memcmp(buf, "six", 3),
       "transfer over IPv6");
    closesocket(s);
    closesocket(c);
    closesocket(l);
}

static void test_errors(void)
{
    unsigned short port;
    SOCKET l = listener4(&port), c;
    struct sockaddr_in a;
    char buf[4];
    int len;

    /* Nothing listens any more on the port of a closed listener. */
    closesocket(l);
    a = loopback4(port);
    c = socket(AF_INET, SOCK_STREAM, 0);
    SetLastError(0xdeadbeef);
    ok_err(connect(c, (struct sockaddr *)&a, sizeof a) == SOCKET_ERROR, WSAECONNREFUSED);
    closesocket(c);

    SetLastError(0xdeadbeef);
    ok_err(send((SOCKET)0x1234, "x", 1, 0) == SOCKET_ERROR, WSAENOTSOCK);
    SetLastError(0xdeadbeef);
    ok_err(recv((SOCKET)GetStdHandle(STD_OUTPUT_HANDLE), buf, 1, 0) == SOCKET_ERROR,
           WSAENOTSOCK);
    SetLastError(0xdeadbeef);
    ok_err(socket(1234, SOCK_STREAM, 0) == INVALID_SOCKET, WSAEAFNOSUPPORT);
    SetLastError(0xdeadbeef);
    ok_err(socket(AF_INET, 77, 0) == INVALID_SOCKET, WSAESOCKTNOSUPPORT);

    /* A namelen too small and a listen on a datagram socket fail as Microsoft documents them
     * (Wine 8 reports WSAEADDRNOTAVAIL and WSAEINVAL). */
    c = socket(AF_INET, SOCK_STREAM, 0);
    SetLastError(0xdeadbeef);
    ok_err(connect(c, (struct sockaddr *)&a, 4) == SOCKET_ERROR, WSAEFAULT);
    SetLastError(0xdeadbeef);
    ok_err(recv(c, buf, sizeof buf, 0) == SOCKET_ERROR, WSAENOTCONN);
    len = sizeof a;
    SetLastError(0xdeadbeef);
    ok_err(getsockname(c, (struct sockaddr *)&a, &len) == SOCKET_ERROR, WSAEINVAL);
    SetLastError(0xdeadbeef);
    ok_err(listen(socket(AF_INET, SOCK_DGRAM, 0), 1) == SOCKET_ERROR, WSAEOPNOTSUPP);
    SetLastError(0xdeadbeef);
    ok_err(shutdown(c, 7) == SOCKET_ERROR, WSAEINVAL);
    closesocket(c);
}

static void test_nonblocking(void)
{
    unsigned short port;
    SOCKET l = listener4(&port), c, s;
    struct sockaddr_in a = loopback4(port);
    u_long on = 1;
    fd_set rd, wr, ex;
    struct timeval tv = {2, 0}, zero = {0, 0};
    WSAPOLLFD pfd[2];
    char buf[8];
    int r, err = -1, len = sizeof err;

    c = socket(AF_INET, SOCK_STREAM, 0);
    ok(ioctlsocket(c, FIONBIO, &on) == 0, "FIONBIO");
    SetLastError(0xdeadbeef);
    r = connect(c, (struct sockaddr *)&a, sizeof a);
    ok_err(r == SOCKET_ERROR, WSAEWOULDBLOCK);
    FD_ZERO(&wr);
    FD_ZERO(&ex);
    FD_SET(c, &wr);
    FD_SET(c, &ex);
    r = select(0, NULL, &wr, &ex, &tv);
    ok(r == 1 && FD_ISSET(c, &wr) && !FD_ISSET(c, &ex) && wr.fd_count == 1 && ex.fd_count == 0,
       "select: connected (%d)", r);
    ok(getsockopt(c, SOL_SOCKET, SO_ERROR, (char *)&err, &len) == 0 && err == 0, "SO_ERROR %d",
       err);

    s = accept(l, NULL, NULL);
    ok(s != INVALID_SOCKET, "accept without an address");
    SetLastError(0xdeadbeef);
    ok_err(recv(c, buf, sizeof buf, 0) == SOCKET_ERROR, WSAEWOULDBLOCK);

    /* Nothing to read yet: select times out with every set emptied. */
    FD_ZERO(&rd);
    FD_SET(c, &rd);
    ok(select(0, &rd, NULL, NULL, &zero) == 0 && rd.fd_count == 0, "select times out");
    SetLastError(0xdeadbeef);
    ok_err(select(0, NULL, NULL, NULL, &zero) == SOCKET_ERROR, WSAEINVAL);

    pfd[0].fd = c;
    pfd[0].events = POLLRDNORM | POLLWRNORM;
    pfd[1].fd = (SOCKET)0x7ff0;
    pfd[1].events = POLLRDNORM;
    /* WSAPoll counts the entries with any revents, POLLNVAL ones too (Wine 8 leaves those
     * out of the count). */
    r = WSAPoll(pfd, 2, 0);
    ok(r == 2 && pfd[0].revents == POLLWRNORM && pfd[1].revents == POLLNVAL,
       "WSAPoll: %d %x %x", r, pfd[0].revents, pfd[1].revents);
    send(s, "ping", 4, 0);
    pfd[0].events = POLLRDNORM;
    r = WSAPoll(pfd, 1, 2000);
    ok(r == 1 && pfd[0].revents == POLLRDNORM, "WSAPoll readable: %d %x", r, pfd[0].revents);
    FD_ZERO(&rd);
    FD_SET(c, &rd);
    FD_SET(l, &rd);
    ok(select(0, &rd, NULL, NULL, &tv) == 1 && __WSAFDIsSet(c, &rd) && !FD_ISSET(l, &rd),
       "select readable");
    ok(recv(c, buf, sizeof buf, 0) == 4, "recv after select");
    closesocket(s);
    pfd[0].events = POLLRDNORM;
    r = WSAPoll(pfd, 1, 2000);
    ok(r == 1 && (pfd[0].revents & POLLHUP), "peer closed: %x", pfd[0].revents);
    ok(recv(c, buf, sizeof buf, 0) == 0, "end of stream");
    closesocket(c);

    /* A non-blocking connect that fails shows in exceptfds, its error in SO_ERROR. */
    closesocket(l);
    c = socket(AF_INET, SOCK_STREAM, 0);
    ioctlsocket(c, FIONBIO, &on);
    r = connect(c, (struct sockaddr *)&a, sizeof a);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "connect to nobody");
    FD_ZERO(&wr);
    FD_ZERO(&ex);
    FD_SET(c, &wr);
    FD_SET(c, &ex);
    r = select(0, NULL, &wr, &ex, &tv);
    ok(r == 1 && FD_ISSET(c, &ex) && !FD_ISSET(c, &wr), "select: refused (%d)", r);
    len = sizeof err;
    ok(getsockopt(c, SOL_SOCKET, SO_ERROR, (char *)&err, &len) == 0 && err == WSAECONNREFUSED,
       "SO_ERROR %d", err);
    closesocket(c);
}

static void test_options(void)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
    int v = 1, len = sizeof v;
    DWORD ms = 1500;
    struct linger lg = {1, 7};

    ok(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&v, sizeof v) == 0, "SO_REUSEADDR");
    v = 0;
    ok(getsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&v, &len) == 0 && v == 1 && len == 4,
       "SO_REUSEADDR reads back %d", v);
    v = 1;
    ok(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&v, sizeof v) == 0, "TCP_NODELAY");
    len = sizeof v;
    v = 0;
    ok(getsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&v, &len) == 0 && v == 1, "TCP_NODELAY");
    v = 65536;
    ok(setsockopt(s, SOL_SOCKET, SO_RCVBUF, (char *)&v, sizeof v) == 0, "SO_RCVBUF");
    len = sizeof v;
    v = 0;
    ok(getsockopt(s, SOL_SOCKET, SO_RCVBUF, (char *)&v, &len) == 0 && v == 65536,
       "SO_RCVBUF reads back %d", v);
    len = sizeof v;
    ok(getsockopt(u, SOL_SOCKET, SO_TYPE, (char *)&v, &len) == 0 && v == SOCK_DGRAM, "SO_TYPE");
    ok(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&ms, sizeof ms) == 0, "SO_RCVTIMEO");
    len = sizeof ms;
    ms = 0;
    ok(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&ms, &len) == 0 && ms == 1500,
       "SO_RCVTIMEO reads back %lu", ms);
    ok(setsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&lg, sizeof lg) == 0, "SO_LINGER");
    memset(&lg, 0, sizeof lg);
    len = sizeof lg;
    ok(getsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&lg, &len) == 0 && lg.l_onoff == 1 &&
       lg.l_linger == 7 && len == 4, "SO_LINGER reads back %u %u", lg.l_onoff, lg.l_linger);
    len = 2;
    SetLastError(0xdeadbeef);
    ok_err(getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &len) == SOCKET_ERROR, WSAEFAULT);
    len = sizeof v;
    SetLastError(0xdeadbeef);
    ok_err(getsockopt(s, SOL_SOCKET, 0x4321, (char *)&v, &len) == SOCKET_ERROR, WSAENOPROTOOPT);
    SetLastError(0xdeadbeef);
    ok_err(setsockopt(s, 0x777, 1, (char *)&v, sizeof v) == SOCKET_ERROR, WSAEINVAL);
    closesocket(s);
    closesocket(u);
}

/* A socket is a kernel handle: WriteFile/ReadFile move its bytes, DuplicateHandle gives a
 * second handle to the same socket (for the base provider, as Microsoft documents; Wine 8's
 * copy is no socket). */
static void test_handles(void)
{
    unsigned short port;
    SOCKET l = listener4(&port), c, s;
    struct sockaddr_in a = loopback4(port);
    HANDLE dup = NULL;
    DWORD n = 0;
    char buf[8];

    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    s = accept(l, NULL, NULL);
    ok(WriteFile((HANDLE)c, "file", 4, &n, NULL) && n == 4, "WriteFile on a socket");
    ok(ReadFile((HANDLE)s, buf, sizeof buf, &n, NULL) && n == 4 && !memcmp(buf, "file", 4),
       "ReadFile on a socket");
    ok(GetFileType((HANDLE)s) == FILE_TYPE_PIPE, "GetFileType %lu", GetFileType((HANDLE)s));
    ok(DuplicateHandle(GetCurrentProcess(), (HANDLE)c, GetCurrentProcess(), &dup, 0, FALSE,
                       DUPLICATE_SAME_ACCESS), "DuplicateHandle");
    ok(send((SOCKET)dup, "dup", 3, 0) == 3 && recv(s, buf, sizeof buf, 0) == 3, "send on the copy");
    ok(CloseHandle(dup), "CloseHandle on a socket");
    closesocket(c);
    closesocket(s);
    closesocket(l);
}

static void test_event_select(void)
{
    unsigned short port;
    SOCKET l = listener4(&port), c, s;
    struct sockaddr_in a = loopback4(port);
    WSAEVENT ev = WSACreateEvent(), ev2 = WSACreateEvent();
    WSANETWORKEVENTS ne;
    u_long off = 0;
    DWORD r;
    char buf[8];

    ok(WSAEventSelect(l, ev, FD_ACCEPT) == 0, "WSAEventSelect");
    ok(WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT, "not yet");
    SetLastError(0xdeadbeef);
    ok_err(ioctlsocket(l, FIONBIO, &off) == SOCKET_ERROR, WSAEINVAL);
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    r = WSAWaitForMultipleEvents(1, &ev, FALSE, 2000, FALSE);
    ok(r == WSA_WAIT_EVENT_0, "accept event: %lu", r);
    memset(&ne, 0xcc, sizeof ne);
    ok(WSAEnumNetworkEvents(l, ev, &ne) == 0 && ne.lNetworkEvents == FD_ACCEPT &&
       ne.iErrorCode[FD_ACCEPT_BIT] == 0, "FD_ACCEPT: %lx", ne.lNetworkEvents);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "WSAEnumNetworkEvents resets the event");
    s = accept(l, NULL, NULL);
    ok(s != INVALID_SOCKET, "accept");

    ok(WSAEventSelect(s, ev2, FD_READ | FD_CLOSE) == 0, "select read/close");
    send(c, "abc", 3, 0);
    r = WSAWaitForMultipleEvents(1, &ev2, FALSE, 2000, FALSE);
    ok(r == WSA_WAIT_EVENT_0 && WSAEnumNetworkEvents(s, ev2, &ne) == 0 &&
       ne.lNetworkEvents == FD_READ, "FD_READ: %lu %lx", r, ne.lNetworkEvents);
    ok(recv(s, buf, sizeof buf, 0) == 3, "recv");
    closesocket(c);
    r = WSAWaitForMultipleEvents(1, &ev2, FALSE, 2000, FALSE);
    ok(r == WSA_WAIT_EVENT_0 && WSAEnumNetworkEvents(s, ev2, &ne) == 0 &&
       (ne.lNetworkEvents & FD_CLOSE) && ne.iErrorCode[FD_CLOSE_BIT] == 0,
       "FD_CLOSE: %lu %lx", r, ne.lNetworkEvents);
    closesocket(s);
    closesocket(l);
    ok(WSACloseEvent(ev) && WSACloseEvent(ev2), "WSACloseEvent");
}

static void test_overlapped(void)
{
    unsigned short port;
    SOCKET l = listener4(&port), c, s;
    struct sockaddr_in a = loopback4(port);
    WSAOVERLAPPED ov;
    WSABUF bufs[2];
    char one[3], two[8];
    DWORD n = 0, flags = 0;
    int r;

    c = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ok(c != INVALID_SOCKET, "WSASocketW");
    ok(WSAConnect(c, (struct sockaddr *)&a, sizeof a, NULL, NULL, NULL, NULL) == 0, "WSAConnect");
    s = accept(l, NULL, NULL);

    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    bufs[0].buf = one;
    bufs[0].len = sizeof one;
    bufs[1].buf = two;
    bufs[1].len = sizeof two;
    SetLastError(0xdeadbeef);
    r = WSARecv(s, bufs, 2, &n, &flags, &ov, NULL);
    ok_err(r == SOCKET_ERROR, WSA_IO_PENDING);
    ok(!WSAGetOverlappedResult(s, &ov, &n, FALSE, &flags) &&
       WSAGetLastError() == WSA_IO_INCOMPLETE, "incomplete");
    bufs[0].buf = "scattered";
    bufs[0].len = 9;
    ok(WSASend(c, bufs, 1, &n, 0, NULL, NULL) == 0 && n == 9, "WSASend");
    ok(WaitForSingleObject(ov.hEvent, 2000) == WAIT_OBJECT_0, "the event is signalled");
    ok(WSAGetOverlappedResult(s, &ov, &n, FALSE, &flags) && n == 9, "9 bytes: %lu", n);
    ok(!memcmp(one, "sca", 3) && !memcmp(two, "ttered", 6), "into both buffers");
    WSACloseEvent(ov.hEvent);
    closesocket(c);
    closesocket(s);
    closesocket(l);
}

/* A socket associated with an I/O completion port: a pending WSARecv ends as a
 * packet with the socket's key, the byte count and the OVERLAPPED (how
 * IOCP servers and runtimes such as Go's drive sockets). */
static void test_completion_port(void)
{
    unsigned short port;
    SOCKET l = listener4(&port), c, s;
    struct sockaddr_in a = loopback4(port);
    WSAOVERLAPPED ov, *got = NULL;
    WSABUF buf;
    char data[16];
    DWORD n = 0, flags = 0;
    ULONG_PTR key = 0;
    HANDLE iocp;

    c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(connect(c, (struct sockaddr *)&a, sizeof a) == 0, "connect");
    s = accept(l, NULL, NULL);
    iocp = CreateIoCompletionPort((HANDLE)s, NULL, 77, 0);
    ok(iocp != NULL, "CreateIoCompletionPort on a socket: error %lu", GetLastError());
    memset(&ov, 0, sizeof ov);
    buf.buf = data;
    buf.len = sizeof data;
    SetLastError(0xdeadbeef);
    ok_err(WSARecv(s, &buf, 1, &n, &flags, &ov, NULL) == SOCKET_ERROR, WSA_IO_PENDING);
    ok(!GetQueuedCompletionStatus(iocp, &n, &key, (OVERLAPPED **)&got, 0) &&
           GetLastError() == WAIT_TIMEOUT, "no packet before data arrives");
    ok(send(c, "packet", 6, 0) == 6, "send");
    ok(GetQueuedCompletionStatus(iocp, &n, &key, (OVERLAPPED **)&got, 2000),
       "a packet: error %lu", GetLastError());
    ok(key == 77 && n == 6 && got == &ov, "key %lu, %lu bytes, the OVERLAPPED", (unsigned long)key, n);
    ok(!memcmp(data, "packet", 6), "the data");
    CloseHandle(iocp);
    closesocket(c);
    closesocket(s);
    closesocket(l);
}

int main(void)
{
    WSADATA data;

    test_startup();
    test_tcp();
    test_udp();
    test_ipv6();
    test_errors();
    test_nonblocking();
    test_options();
    test_handles();
    test_event_select();
    test_overlapped();
    test_completion_port();
    ok(WSACleanup() == 0, "WSACleanup");
    SetLastError(0xdeadbeef);
    ok_err(WSACleanup() == SOCKET_ERROR, WSANOTINITIALISED);
    (void)data;
    return check_summary();
}
