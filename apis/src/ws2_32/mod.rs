//! WS2_32.dll: Winsock 2 over Linux sockets. The classic functions keep the ordinals every
//! Windows version gives them (programs and import libraries bind some of them by ordinal).

pub mod mswsock;
pub mod winsock2;
pub mod winsock2_async;
pub mod ws2tcpip;

crate::dll! {
    name: "WS2_32.dll", id: 5;
    fn winsock2: accept @ 1, bind @ 2, closesocket @ 3, connect @ 4, getpeername @ 5,
        getsockname @ 6, getsockopt @ 7, htonl @ 8, htons @ 9, ioctlsocket @ 10,
        inet_addr @ 11, inet_ntoa @ 12, listen @ 13, ntohl @ 14, ntohs @ 15, recv @ 16,
        recvfrom @ 17, select @ 18, send @ 19, sendto @ 20, setsockopt @ 21, shutdown @ 22,
        socket @ 23, gethostbyname @ 52, gethostname @ 57, WSAGetLastError @ 111,
        WSASetLastError @ 112, WSAStartup @ 115, WSACleanup @ 116, __WSAFDIsSet @ 151,
        WSAConnect, WSAHtonl, WSAHtons, WSAIoctl, WSANtohl, WSANtohs, WSAPoll, WSASocketA,
        WSASocketW, WSAEnumProtocolsW;
    partial winsock2_async: WSASend, WSARecv;
    fn winsock2_async: WSACloseEvent, WSACreateEvent, WSAEnumNetworkEvents, WSAEventSelect,
        WSAGetOverlappedResult, WSAResetEvent, WSASetEvent, WSAWaitForMultipleEvents;
    fn ws2tcpip: FreeAddrInfoW, GetAddrInfoW, GetNameInfoW, InetNtopW, InetPtonW,
        freeaddrinfo, getaddrinfo, getnameinfo, inet_ntop, inet_pton;
    stub: gethostbyaddr @ 51, getprotobyname @ 53, getprotobynumber @ 54, getservbyname @ 55,
        getservbyport @ 56, WSAAsyncSelect @ 101;
}
