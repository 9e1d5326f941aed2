/* ws2tcpip.h: getaddrinfo and GetAddrInfoW with Windows' ADDRINFO layout, getnameinfo,
 * inet_pton/inet_ntop and their wide twins; winsock2.h's inet_addr, inet_ntoa, gethostname,
 * gethostbyname. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <string.h>

#include "check.h"

static void test_getaddrinfo(void)
{
    struct addrinfo hints, *res = NULL, *ai;
    ADDRINFOW hintsw, *resw = NULL;
    int r, found4 = 0, count = 0;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    r = getaddrinfo("localhost", "80", &hints, &res);
    ok(r == 0 && res, "getaddrinfo(localhost): %d", r);
    for (ai = res; ai; ai = ai->ai_next) {
        struct sockaddr_in *sin = (struct sockaddr_in *)ai->ai_addr;
        count++;
        ok(ai->ai_family == AF_INET && ai->ai_addrlen == sizeof *sin &&
           ai->ai_socktype == SOCK_STREAM, "entry %d: %d %d", count, ai->ai_family,
           (int)ai->ai_addrlen);
        if (sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK) && sin->sin_port == htons(80))
            found4 = 1;
    }
    ok(found4, "127.0.0.1:80 among %d entries", count);
    freeaddrinfo(res);

    hints.ai_flags = AI_CANONNAME;
    r = getaddrinfo("localhost", NULL, &hints, &res);
    ok(r == 0 && res && res->ai_canonname && res->ai_canonname[0], "canonical name");
    if (r == 0)
        freeaddrinfo(res);

    /* Numeric: one entry. */
    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = 0;
    r = getaddrinfo("::1", NULL, &hints, &res);
    ok(r == 0 && res && res->ai_family == AF_INET6 && res->ai_family == 23 &&
       res->ai_addrlen == sizeof(struct sockaddr_in6) && !res->ai_next, "getaddrinfo(::1)");
    if (r == 0) {
        ok(res->ai_socktype == 0 && res->ai_protocol == 0, "no type asked, none given: %d %d",
           res->ai_socktype, res->ai_protocol);
        ok(IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)res->ai_addr)->sin6_addr), "::1");
        freeaddrinfo(res);
    }

    memset(&hintsw, 0, sizeof hintsw);
    hintsw.ai_family = AF_INET;
    hintsw.ai_flags = AI_NUMERICHOST;
    r = GetAddrInfoW(L"10.1.2.3", L"443", &hintsw, &resw);
    ok(r == 0 && resw && resw->ai_family == AF_INET, "GetAddrInfoW: %d", r);
    if (r == 0) {
        struct sockaddr_in *sin = (struct sockaddr_in *)resw->ai_addr;
        ok(sin->sin_addr.s_addr == inet_addr("10.1.2.3") && sin->sin_port == htons(443),
           "GetAddrInfoW address");
        FreeAddrInfoW(resw);
    }

    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_family = AF_INET;
    SetLastError(0xdeadbeef);
    res = (struct addrinfo *)1;
    r = getaddrinfo("not-an-address", NULL, &hints, &res);
    ok(r == WSAHOST_NOT_FOUND && WSAGetLastError() == WSAHOST_NOT_FOUND && res == NULL,
       "numeric host that is not one: %d", r);
    r = getaddrinfo(NULL, NULL, NULL, &res);
    ok(r == WSAHOST_NOT_FOUND, "neither node nor service: %d", r);
    hints.ai_family = 12345;
    r = getaddrinfo("127.0.0.1", NULL, &hints, &res);
    ok(r == WSAEAFNOSUPPORT, "bad family: %d", r);
}

static void test_getnameinfo(void)
{
    struct sockaddr_in sin;
    char host[64], serv[16];
    WCHAR hostw[64], servw[16];
    int r;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(8080);
    sin.sin_addr.s_addr = inet_addr("192.0.2.7");
    r = getnameinfo((struct sockaddr *)&sin, sizeof sin, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV);
    ok(r == 0 && !strcmp(host, "192.0.2.7") && !strcmp(serv, "8080"), "getnameinfo %s %s",
       host, serv);
    r = GetNameInfoW((struct sockaddr *)&sin, sizeof sin, hostw, 64, servw, 16,
                     NI_NUMERICHOST | NI_NUMERICSERV);
    ok(r == 0 && !wcscmp(hostw, L"192.0.2.7") && !wcscmp(servw, L"8080"), "GetNameInfoW");
    /* Too small a buffer is WSAEFAULT, as Microsoft documents (Wine 8 returns glibc's
     * EAI_OVERFLOW). */
    r = getnameinfo((struct sockaddr *)&sin, sizeof sin, host, 4, NULL, 0, NI_NUMERICHOST);
    ok(r == WSAEFAULT, "small buffer: %d", r);
}

static void test_text(void)
{
    struct in_addr a4;
    struct in6_addr a6;
    char buf[64];
    WCHAR bufw[64];
    unsigned char want6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    ok(inet_pton(AF_INET, "192.168.1.20", &a4) == 1 && a4.s_addr == htonl(0xc0a80114),
       "inet_pton v4");
    ok(inet_pton(AF_INET, "192.168.1", &a4) == 0, "inet_pton is strict");
    ok(inet_pton(AF_INET6, "2001:db8::1", &a6) == 1 && !memcmp(&a6, want6, 16), "inet_pton v6");
    SetLastError(0xdeadbeef);
    ok_err(inet_pton(99, "1.2.3.4", &a4) == -1, WSAEAFNOSUPPORT);
    ok(InetPtonW(AF_INET, L"10.0.0.1", &a4) == 1 && a4.s_addr == htonl(0x0a000001), "InetPtonW");

    ok(inet_ntop(AF_INET6, want6, buf, sizeof buf) == buf && !strcmp(buf, "2001:db8::1"),
       "inet_ntop v6: %s", buf);
    a4.s_addr = htonl(0x7f000001);
    ok(inet_ntop(AF_INET, &a4, buf, sizeof buf) == buf && !strcmp(buf, "127.0.0.1"),
       "inet_ntop v4");
    /* Microsoft documents ERROR_INVALID_PARAMETER (Wine 8 leaks the NTSTATUS). */
    SetLastError(0xdeadbeef);
    ok_err(inet_ntop(AF_INET, &a4, buf, 5) == NULL, ERROR_INVALID_PARAMETER);
    ok(InetNtopW(AF_INET, &a4, bufw, 64) == bufw && !wcscmp(bufw, L"127.0.0.1"), "InetNtopW");

    ok(inet_addr("1.2.3.4") == htonl(0x01020304), "inet_addr");
    ok(inet_addr("0x7f.1") == htonl(0x7f000001), "inet_addr, BSD forms");
    ok(inet_addr("1.2.3.256") == INADDR_NONE, "inet_addr out of range");
    a4.s_addr = htonl(0x0a000102);
    ok(!strcmp(inet_ntoa(a4), "10.0.1.2"), "inet_ntoa %s", inet_ntoa(a4));
    ok(htons(0x1234) == 0x3412 && ntohs(0x3412) == 0x1234, "htons");
    ok(htonl(0x12345678) == 0x78563412 && ntohl(0x78563412) == 0x12345678, "htonl");
}

static void test_host_names(void)
{
    char name[256];
    struct hostent *h;

    ok(gethostname(name, sizeof name) == 0 && name[0], "gethostname: %s", name);
    SetLastError(0xdeadbeef);
    ok_err(gethostname(name, 1) == SOCKET_ERROR, WSAEFAULT);
    h = gethostbyname("localhost");
    ok(h && h->h_addrtype == AF_INET && h->h_length == 4 && h->h_addr_list[0] &&
       *(u_long *)h->h_addr_list[0] == htonl(INADDR_LOOPBACK), "gethostbyname(localhost)");
    SetLastError(0xdeadbeef);
    h = gethostbyname("no-such-host.invalid");
    ok(h == NULL && (WSAGetLastError() == WSAHOST_NOT_FOUND || WSAGetLastError() == WSANO_DATA),
       "unknown host: %d", WSAGetLastError());
}

int main(void)
{
    WSADATA data;
    /* Every Winsock call needs WSAStartup first (Wine 8 lets gethostname through). */
    SetLastError(0xdeadbeef);
    ok_err(gethostname((char[8]){0}, 8) == SOCKET_ERROR, WSANOTINITIALISED);
    WSAStartup(MAKEWORD(2, 2), &data);
    test_getaddrinfo();
    test_getnameinfo();
    test_text();
    test_host_names();
    WSACleanup();
    return check_summary();
}
