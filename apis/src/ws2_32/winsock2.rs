//! winsock2.h: startup, sockets and their calls, select, ioctlsocket, socket options, byte
//! order, the classic IPv4 helpers (inet_addr, inet_ntoa, gethostbyname, gethostname) and
//! Winsock's last error.
//!
//! A SOCKET is a handle of the process handle table (nt::socket). Windows socket addresses
//! differ from Linux ones only in the AF_INET6 number (23 against 10), so they convert by copy.

use crate::abi::handles::HANDLES;
use crate::abi::net::{self, Errno, SockAddr};
use crate::abi::{CStrPtr, Failure, GuestPtr, Handle, RelayArg, Ret, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::socket::SocketObject;
use crate::nt::teb;
use std::cell::Cell;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use windows_sys::Win32::Networking::WinSock as ws;

/// A Winsock error code (WSAE*), carried as the thread's last error as on Windows.
pub const fn wsa(code: ws::WSA_ERROR) -> Win32Error {
    Win32Error(code as u32)
}

/// The Winsock error for a Linux errno.
pub fn wsa_from_errno(errno: Errno) -> Win32Error {
    let code = match errno {
        libc::EINTR => ws::WSAEINTR,
        libc::EBADF | libc::ENOTSOCK => ws::WSAENOTSOCK,
        libc::EACCES | libc::EPERM => ws::WSAEACCES,
        libc::EFAULT => ws::WSAEFAULT,
        libc::EINVAL => ws::WSAEINVAL,
        libc::EMFILE | libc::ENFILE => ws::WSAEMFILE,
        libc::EAGAIN | libc::EINPROGRESS => ws::WSAEWOULDBLOCK,
        libc::EALREADY => ws::WSAEALREADY,
        libc::EDESTADDRREQ => ws::WSAEDESTADDRREQ,
        libc::EMSGSIZE => ws::WSAEMSGSIZE,
        libc::EPROTOTYPE => ws::WSAEPROTOTYPE,
        libc::ENOPROTOOPT => ws::WSAENOPROTOOPT,
        libc::EPROTONOSUPPORT => ws::WSAEPROTONOSUPPORT,
        libc::ESOCKTNOSUPPORT => ws::WSAESOCKTNOSUPPORT,
        libc::EOPNOTSUPP => ws::WSAEOPNOTSUPP,
        libc::EPFNOSUPPORT => ws::WSAEPFNOSUPPORT,
        libc::EAFNOSUPPORT => ws::WSAEAFNOSUPPORT,
        libc::EADDRINUSE => ws::WSAEADDRINUSE,
        libc::EADDRNOTAVAIL => ws::WSAEADDRNOTAVAIL,
        libc::ENETDOWN => ws::WSAENETDOWN,
        libc::ENETUNREACH => ws::WSAENETUNREACH,
        libc::ENETRESET => ws::WSAENETRESET,
        libc::ECONNABORTED => ws::WSAECONNABORTED,
        // A send on a connection the peer reset (Linux: EPIPE once the RST arrived).
        libc::ECONNRESET | libc::EPIPE => ws::WSAECONNRESET,
        libc::ENOBUFS | libc::ENOMEM => ws::WSAENOBUFS,
        libc::EISCONN => ws::WSAEISCONN,
        libc::ENOTCONN => ws::WSAENOTCONN,
        libc::ESHUTDOWN => ws::WSAESHUTDOWN,
        libc::ETIMEDOUT => ws::WSAETIMEDOUT,
        libc::ECONNREFUSED => ws::WSAECONNREFUSED,
        libc::EHOSTDOWN => ws::WSAEHOSTDOWN,
        libc::EHOSTUNREACH => ws::WSAEHOSTUNREACH,
        libc::ENAMETOOLONG => ws::WSAENAMETOOLONG,
        _ => ws::WSAEINVAL,
    };
    wsa(code)
}

/// An int result whose failure value is SOCKET_ERROR (-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Status(pub i32);

/// Success of a call that returns 0 or SOCKET_ERROR.
pub const OK: Status = Status(0);

impl Failure for Status {
    const FAILURE: Self = Status(ws::SOCKET_ERROR);
}
impl Ret for Status {
    type Raw = i32;
    fn into_raw(self) -> i32 {
        self.0
    }
}
impl RelayArg for Status {
    fn relay(&self, out: &mut String) {
        let _ = write!(out, "{}", self.0);
    }
}

/// A SOCKET result whose failure value is INVALID_SOCKET.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Socket(pub u64);

impl Failure for Socket {
    const FAILURE: Self = Socket(ws::INVALID_SOCKET as u64);
}
impl Ret for Socket {
    type Raw = u64;
    fn into_raw(self) -> u64 {
        self.0
    }
}
impl RelayArg for Socket {
    fn relay(&self, out: &mut String) {
        let _ = write!(out, "{:#x}", self.0);
    }
}

// ---------------------------------------------------------------------------------------------
// Startup

/// How many WSAStartup calls are not yet matched by WSACleanup.
static STARTED: AtomicU32 = AtomicU32::new(0);

/// Fails with WSANOTINITIALISED before WSAStartup, as every Winsock call does.
pub fn started() -> Win32Result<()> {
    if STARTED.load(Ordering::Relaxed) == 0 {
        return Err(wsa(ws::WSANOTINITIALISED));
    }
    Ok(())
}

fn c_field<const N: usize>(text: &str) -> [i8; N] {
    let mut out = [0i8; N];
    for (o, b) in out.iter_mut().zip(text.bytes()).take(N - 1) {
        *o = b as i8;
    }
    out
}

/// Returns the error code itself (WSAStartup does not use the last error).
#[dllexport]
pub fn WSAStartup(wVersionRequested: u16, lpWSAData: GuestPtr<ws::WSADATA>) -> i32 {
    let (major, minor) = (wVersionRequested & 0xff, wVersionRequested >> 8);
    if major == 0 {
        return ws::WSAVERNOTSUPPORTED;
    }
    if lpWSAData.is_null() {
        return ws::WSAEFAULT;
    }
    // The version both sides support: what was asked for, at most 2.2.
    let version = if major > 2 || (major == 2 && minor > 2) {
        0x0202
    } else {
        wVersionRequested
    };
    lpWSAData.write(ws::WSADATA {
        wVersion: version,
        wHighVersion: 0x0202,
        iMaxSockets: 0,
        iMaxUdpDg: 0,
        lpVendorInfo: std::ptr::null_mut(),
        szDescription: c_field("WinSock 2.0"),
        szSystemStatus: c_field("Running"),
    });
    STARTED.fetch_add(1, Ordering::Relaxed);
    0
}

#[dllexport]
pub fn WSACleanup() -> Win32Result<Status> {
    STARTED
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
        .map_err(|_| wsa(ws::WSANOTINITIALISED))?;
    Ok(OK)
}

#[dllexport]
pub fn WSAGetLastError() -> i32 {
    teb::last_error() as i32
}

#[dllexport]
pub fn WSASetLastError(iError: i32) {
    teb::set_last_error(iError as u32);
}

// ---------------------------------------------------------------------------------------------
// Addresses

/// The Windows AF_INET6 (Linux has 10).
pub const WIN_AF_INET6: i32 = ws::AF_INET6 as i32;
pub const WIN_AF_INET: i32 = ws::AF_INET as i32;

/// The Linux family for a Windows one.
pub fn host_family(family: i32) -> Win32Result<i32> {
    match family {
        WIN_AF_INET => Ok(libc::AF_INET),
        WIN_AF_INET6 => Ok(libc::AF_INET6),
        0 => Ok(libc::AF_UNSPEC),
        _ => Err(wsa(ws::WSAEAFNOSUPPORT)),
    }
}

/// The Windows family for a Linux one.
pub fn guest_family(family: i32) -> i32 {
    match family {
        libc::AF_INET6 => WIN_AF_INET6,
        other => other,
    }
}

const SOCKADDR_IN_LEN: usize = size_of::<ws::SOCKADDR_IN>();
const SOCKADDR_IN6_LEN: usize = size_of::<ws::SOCKADDR_IN6>();
/// The Vista-era SOCKADDR_IN6 without the scope id, which Windows still accepts.
const SOCKADDR_IN6_OLD_LEN: usize = 24;

/// A Windows socket address of `len` bytes at `addr`, in Linux form.
pub fn read_addr(addr: GuestPtr<u8>, len: i32) -> Win32Result<SockAddr> {
    let len = usize::try_from(len).map_err(|_| wsa(ws::WSAEFAULT))?;
    if addr.is_null() || len < 2 {
        return Err(wsa(ws::WSAEFAULT));
    }
    let family = addr.cast::<u16>().read().unwrap_or(0) as i32;
    let (host, need, size) = match family {
        WIN_AF_INET => (libc::AF_INET, SOCKADDR_IN_LEN, SOCKADDR_IN_LEN),
        WIN_AF_INET6 => (libc::AF_INET6, SOCKADDR_IN6_OLD_LEN, SOCKADDR_IN6_LEN),
        _ => return Err(wsa(ws::WSAEAFNOSUPPORT)),
    };
    if len < need {
        return Err(wsa(ws::WSAEFAULT));
    }
    let mut bytes = [0u8; SOCKADDR_IN6_LEN];
    let n = len.min(size);
    bytes[..n].copy_from_slice(&addr.read_slice(n));
    bytes[..2].copy_from_slice(&(host as u16).to_ne_bytes());
    Ok(SockAddr::from_bytes(&bytes[..size]))
}

/// The Windows form of a Linux address.
pub fn windows_bytes(addr: &SockAddr) -> Vec<u8> {
    let mut bytes = addr.bytes().to_vec();
    if bytes.len() >= 2 {
        let family = guest_family(addr.family()) as u16;
        bytes[..2].copy_from_slice(&family.to_ne_bytes());
    }
    bytes
}

/// Stores `addr` at `out` in Windows form, `*len` being the room there; `out` null stores
/// nothing (accept's optional address). Too little room is WSAEFAULT.
pub fn write_addr(addr: &SockAddr, out: GuestPtr<u8>, len: GuestPtr<i32>) -> Win32Result<()> {
    if out.is_null() {
        return Ok(());
    }
    let room = len.read().ok_or(wsa(ws::WSAEFAULT))?;
    let bytes = windows_bytes(addr);
    if room < 0 || (room as usize) < bytes.len() {
        return Err(wsa(ws::WSAEFAULT));
    }
    out.write_slice(&bytes);
    len.write(bytes.len() as i32);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Sockets

/// The socket `s` names; WSAENOTSOCK for anything else.
pub fn socket_of(s: u64) -> Win32Result<Arc<SocketObject>> {
    started()?;
    crate::nt::socket::get(Handle(s)).ok_or(wsa(ws::WSAENOTSOCK))
}

/// Creates a socket and its handle (socket, WSASocketW).
pub fn create_socket(af: i32, kind: i32, protocol: i32, inherit: bool) -> Win32Result<Socket> {
    started()?;
    let domain = match af {
        WIN_AF_INET => libc::AF_INET,
        WIN_AF_INET6 => libc::AF_INET6,
        _ => return Err(wsa(ws::WSAEAFNOSUPPORT)),
    };
    if !matches!(kind, 1..=3 | 5) {
        return Err(wsa(ws::WSAESOCKTNOSUPPORT));
    }
    let fd = net::socket(domain, kind, protocol).map_err(wsa_from_errno)?;
    // IPv6 sockets start IPv6-only on Windows; Linux's default is dual-stack.
    if domain == libc::AF_INET6 {
        net::set_option(
            std::os::fd::AsRawFd::as_raw_fd(&fd),
            libc::IPPROTO_IPV6,
            libc::IPV6_V6ONLY,
            &1i32.to_ne_bytes(),
        )
        .map_err(wsa_from_errno)?;
    }
    let object = SocketObject::new(fd, af, kind, protocol);
    Ok(Socket(HANDLES.insert(Arc::new(object), inherit).0))
}

#[dllexport]
pub fn socket(af: i32, r#type: i32, protocol: i32) -> Win32Result<Socket> {
    create_socket(af, r#type, protocol, false)
}

#[dllexport]
pub fn closesocket(s: u64) -> Win32Result<Status> {
    super::winsock2_async::forget(&*socket_of(s)?);
    HANDLES
        .remove(Handle(s))
        .map_err(|_| wsa(ws::WSAENOTSOCK))?;
    Ok(OK)
}

#[dllexport]
pub fn bind(s: u64, name: GuestPtr<u8>, namelen: i32) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let addr = read_addr(name, namelen)?;
    net::bind(sock.fd(), &addr).map_err(wsa_from_errno)?;
    Ok(OK)
}

#[dllexport]
pub fn listen(s: u64, backlog: i32) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    if sock.socket_type != ws::SOCK_STREAM {
        return Err(wsa(ws::WSAEOPNOTSUPP));
    }
    // SOMAXCONN is 0x7fffffff on Windows; Linux clamps whatever it is given.
    net::listen(sock.fd(), backlog.clamp(0, 4096)).map_err(wsa_from_errno)?;
    Ok(OK)
}

#[dllexport]
pub fn accept(s: u64, addr: GuestPtr<u8>, addrlen: GuestPtr<i32>) -> Win32Result<Socket> {
    let sock = socket_of(s)?;
    if !addr.is_null() && addrlen.is_null() {
        return Err(wsa(ws::WSAEFAULT));
    }
    let (fd, peer) = net::accept(sock.fd()).map_err(|e| match e {
        // accept on a socket that does not listen: WSAEINVAL on Windows as on Linux.
        libc::EOPNOTSUPP => wsa(ws::WSAEOPNOTSUPP),
        e => wsa_from_errno(e),
    })?;
    write_addr(&peer, addr, addrlen)?;
    super::winsock2_async::reenable(&sock, ws::FD_ACCEPT);
    let object = SocketObject::new(fd, sock.family, sock.socket_type, sock.protocol);
    Ok(Socket(HANDLES.insert(Arc::new(object), false).0))
}

/// connect, also for WSAConnect.
pub fn connect_to(sock: &SocketObject, name: GuestPtr<u8>, namelen: i32) -> Win32Result<()> {
    let addr = read_addr(name, namelen)?;
    match net::connect(sock.fd(), &addr) {
        Ok(()) => Ok(()),
        Err(libc::EINPROGRESS) if sock.nonblocking() => {
            sock.set_connecting(true);
            Err(wsa(ws::WSAEWOULDBLOCK))
        }
        // A blocking connect interrupted by a signal goes on; wait for its end as Windows would.
        Err(libc::EINTR | libc::EINPROGRESS) => {
            let mut fds = [libc::pollfd {
                fd: sock.fd(),
                events: libc::POLLOUT,
                revents: 0,
            }];
            while net::poll(&mut fds, -1) == Err(libc::EINTR) {}
            match socket_error(sock)? {
                0 => Ok(()),
                e => Err(wsa_from_errno(e)),
            }
        }
        Err(e) => Err(wsa_from_errno(e)),
    }
}

/// SO_ERROR, read (and cleared) from the host.
fn socket_error(sock: &SocketObject) -> Win32Result<i32> {
    let mut v = [0u8; 4];
    net::get_option(sock.fd(), libc::SOL_SOCKET, libc::SO_ERROR, &mut v).map_err(wsa_from_errno)?;
    Ok(i32::from_ne_bytes(v))
}

#[dllexport]
pub fn connect(s: u64, name: GuestPtr<u8>, namelen: i32) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    connect_to(&sock, name, namelen)?;
    Ok(OK)
}

/// The host flags for Windows send/recv flags (MSG_OOB 1, MSG_PEEK 2, MSG_DONTROUTE 4,
/// MSG_WAITALL 8 on Windows; Linux has 0x100 for MSG_WAITALL).
pub fn host_msg_flags(flags: i32) -> Win32Result<i32> {
    const KNOWN: i32 = ws::MSG_OOB | ws::MSG_PEEK | ws::MSG_DONTROUTE | ws::MSG_WAITALL;
    if flags & !KNOWN != 0 {
        return Err(wsa(ws::WSAEOPNOTSUPP));
    }
    let mut out = flags & (ws::MSG_OOB | ws::MSG_PEEK | ws::MSG_DONTROUTE);
    if flags & ws::MSG_WAITALL != 0 {
        out |= libc::MSG_WAITALL;
    }
    Ok(out)
}

/// What a failed send or receive reports; EAGAIN on a blocking socket is its SO_SNDTIMEO or
/// SO_RCVTIMEO running out.
pub fn transfer_error(sock: &SocketObject, e: Errno) -> Win32Error {
    if e == libc::EAGAIN && !sock.nonblocking() {
        return wsa(ws::WSAETIMEDOUT);
    }
    wsa_from_errno(e)
}

#[dllexport]
pub fn send(s: u64, buf: GuestPtr<u8>, len: i32, flags: i32) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let len = usize::try_from(len).map_err(|_| wsa(ws::WSAEFAULT))?;
    let n = net::send(sock.fd(), buf.addr(), len, host_msg_flags(flags)?).map_err(|e| {
        if e == libc::EAGAIN {
            super::winsock2_async::reenable(&sock, ws::FD_WRITE);
        }
        transfer_error(&sock, e)
    })?;
    Ok(Status(n as i32))
}

#[dllexport]
pub fn sendto(
    s: u64,
    buf: GuestPtr<u8>,
    len: i32,
    flags: i32,
    to: GuestPtr<u8>,
    tolen: i32,
) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let len = usize::try_from(len).map_err(|_| wsa(ws::WSAEFAULT))?;
    let flags = host_msg_flags(flags)?;
    let n = if to.is_null() {
        net::send(sock.fd(), buf.addr(), len, flags)
    } else {
        net::send_to(sock.fd(), buf.addr(), len, flags, &read_addr(to, tolen)?)
    }
    .map_err(|e| transfer_error(&sock, e))?;
    Ok(Status(n as i32))
}

#[dllexport]
pub fn recv(s: u64, buf: GuestPtr<u8>, len: i32, flags: i32) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let len = usize::try_from(len).map_err(|_| wsa(ws::WSAEFAULT))?;
    let result = net::recv(sock.fd(), buf.addr(), len, datagram_flags(&sock, flags)?);
    super::winsock2_async::reenable(&sock, ws::FD_READ);
    let n = result.map_err(|e| transfer_error(&sock, e))?;
    truncated(n, len)
}

/// Receive flags; datagram sockets ask for the whole datagram's length (MSG_TRUNC), so a
/// datagram larger than the buffer can fail as Windows fails it.
fn datagram_flags(sock: &SocketObject, flags: i32) -> Win32Result<i32> {
    let flags = host_msg_flags(flags)?;
    Ok(if sock.socket_type == ws::SOCK_STREAM {
        flags
    } else {
        flags | libc::MSG_TRUNC
    })
}

/// WSAEMSGSIZE for a datagram cut to the buffer (its first `len` bytes are stored).
fn truncated(n: usize, len: usize) -> Win32Result<Status> {
    if n > len {
        return Err(wsa(ws::WSAEMSGSIZE));
    }
    Ok(Status(n as i32))
}

#[dllexport]
pub fn recvfrom(
    s: u64,
    buf: GuestPtr<u8>,
    len: i32,
    flags: i32,
    from: GuestPtr<u8>,
    fromlen: GuestPtr<i32>,
) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let len = usize::try_from(len).map_err(|_| wsa(ws::WSAEFAULT))?;
    if !from.is_null() && fromlen.read().is_none_or(|l| l < 0) {
        return Err(wsa(ws::WSAEFAULT));
    }
    let result = net::recv_from(sock.fd(), buf.addr(), len, datagram_flags(&sock, flags)?);
    super::winsock2_async::reenable(&sock, ws::FD_READ);
    let (n, peer) = result.map_err(|e| transfer_error(&sock, e))?;
    // A connected stream socket reports no sender; keep the caller's buffer as it was.
    if peer.bytes().len() >= 2 && peer.family() != libc::AF_UNSPEC {
        write_addr(&peer, from, fromlen)?;
    }
    truncated(n, len)
}

#[dllexport]
pub fn shutdown(s: u64, how: i32) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let how = match how {
        ws::SD_RECEIVE => libc::SHUT_RD,
        ws::SD_SEND => libc::SHUT_WR,
        ws::SD_BOTH => libc::SHUT_RDWR,
        _ => return Err(wsa(ws::WSAEINVAL)),
    };
    net::shutdown(sock.fd(), how).map_err(wsa_from_errno)?;
    Ok(OK)
}

fn name_of(s: u64, name: GuestPtr<u8>, namelen: GuestPtr<i32>, peer: bool) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    if name.is_null() || namelen.is_null() {
        return Err(wsa(ws::WSAEFAULT));
    }
    let addr = net::name(sock.fd(), peer).map_err(wsa_from_errno)?;
    // getsockname of a socket never bound: WSAEINVAL (Linux reports 0.0.0.0:0).
    if !peer && addr.bytes().iter().skip(2).all(|&b| b == 0) {
        return Err(wsa(ws::WSAEINVAL));
    }
    write_addr(&addr, name, namelen)?;
    Ok(OK)
}

#[dllexport]
pub fn getsockname(s: u64, name: GuestPtr<u8>, namelen: GuestPtr<i32>) -> Win32Result<Status> {
    name_of(s, name, namelen, false)
}

#[dllexport]
pub fn getpeername(s: u64, name: GuestPtr<u8>, namelen: GuestPtr<i32>) -> Win32Result<Status> {
    name_of(s, name, namelen, true)
}

// ---------------------------------------------------------------------------------------------
// ioctlsocket, select

#[dllexport]
pub fn ioctlsocket(s: u64, cmd: i32, argp: GuestPtr<u32>) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    if argp.is_null() {
        return Err(wsa(ws::WSAEFAULT));
    }
    match cmd {
        ws::FIONBIO => {
            let on = argp.read().unwrap_or(0) != 0;
            // A socket under WSAEventSelect cannot be made blocking again.
            if !on && super::winsock2_async::selecting(&sock) {
                return Err(wsa(ws::WSAEINVAL));
            }
            set_nonblocking(&sock, on)?;
        }
        ws::FIONREAD => {
            argp.write(net::bytes_readable(sock.fd()).map_err(wsa_from_errno)?);
        }
        _ => {
            tracing::warn!(target: "ws2_32::winsock2", "ioctlsocket: command {cmd:#x} not supported");
            return Err(wsa(ws::WSAEINVAL));
        }
    }
    Ok(OK)
}

pub fn set_nonblocking(sock: &SocketObject, on: bool) -> Win32Result<()> {
    net::set_nonblocking(sock.fd(), on).map_err(wsa_from_errno)?;
    sock.set_nonblocking_flag(on);
    Ok(())
}

/// The Windows fd_set: a count, then the SOCKETs (8-byte aligned, so at offset 8).
const FD_ARRAY: u64 = 8;
/// More than any program's FD_SETSIZE: a larger count is taken as garbage.
const MAX_SELECT: u32 = 1 << 16;

fn read_set(set: GuestPtr<ws::FD_SET>) -> Win32Result<Vec<u64>> {
    if set.is_null() {
        return Ok(Vec::new());
    }
    let count = set.cast::<u32>().read().unwrap_or(0);
    if count > MAX_SELECT {
        return Err(wsa(ws::WSAEINVAL));
    }
    Ok(GuestPtr::<u64>::new(set.addr() + FD_ARRAY).read_slice(count as usize))
}

fn write_set(set: GuestPtr<ws::FD_SET>, ready: &[u64]) {
    if set.is_null() {
        return;
    }
    set.cast::<u32>().write(ready.len() as u32);
    GuestPtr::<u64>::new(set.addr() + FD_ARRAY).write_slice(ready);
}

/// A `timeval` (two 32-bit longs on Windows) as poll's milliseconds; -1 for none.
fn timeout_ms(timeout: GuestPtr<ws::TIMEVAL>) -> Win32Result<i32> {
    let Some(tv) = timeout.read() else {
        return Ok(-1);
    };
    if tv.tv_sec < 0 || tv.tv_usec < 0 {
        return Err(wsa(ws::WSAEINVAL));
    }
    let ms = tv.tv_sec as i64 * 1000 + (tv.tv_usec as i64 + 999) / 1000;
    Ok(ms.min(i32::MAX as i64) as i32)
}

#[dllexport]
pub fn select(
    nfds: i32,
    readfds: GuestPtr<ws::FD_SET>,
    writefds: GuestPtr<ws::FD_SET>,
    exceptfds: GuestPtr<ws::FD_SET>,
    timeout: GuestPtr<ws::TIMEVAL>,
) -> Win32Result<Status> {
    started()?;
    let sets = [
        read_set(readfds)?,
        read_set(writefds)?,
        read_set(exceptfds)?,
    ];
    if sets.iter().all(Vec::is_empty) {
        return Err(wsa(ws::WSAEINVAL));
    }
    let ms = timeout_ms(timeout)?;
    let mut sockets = Vec::new();
    let mut fds = Vec::new();
    for (which, set) in sets.iter().enumerate() {
        for &s in set {
            let sock = socket_of(s)?;
            let events = match which {
                0 => libc::POLLIN,
                1 => libc::POLLOUT,
                _ => libc::POLLPRI,
            };
            fds.push(libc::pollfd {
                fd: sock.fd(),
                events,
                revents: 0,
            });
            sockets.push(sock);
        }
    }
    loop {
        match net::poll(&mut fds, ms) {
            Ok(_) => break,
            // The timeout restarts whole; select makes no promise to the millisecond.
            Err(libc::EINTR) => continue,
            Err(e) => return Err(wsa_from_errno(e)),
        }
    }
    let mut ready: [Vec<u64>; 3] = Default::default();
    let mut at = 0;
    for (which, set) in sets.iter().enumerate() {
        for &s in set {
            let (sock, revents) = (&sockets[at], fds[at].revents);
            at += 1;
            let failed = revents & libc::POLLERR != 0;
            let hit = match which {
                0 => revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0,
                // A failed non-blocking connect is reported in exceptfds, not writefds.
                1 => revents & libc::POLLOUT != 0 && !(sock.connecting() && failed),
                _ => revents & libc::POLLPRI != 0 || (sock.connecting() && failed),
            };
            if which == 1 && hit {
                sock.set_connecting(false);
            }
            if hit && !ready[which].contains(&s) {
                ready[which].push(s);
            }
        }
    }
    let _ = nfds;
    write_set(readfds, &ready[0]);
    write_set(writefds, &ready[1]);
    write_set(exceptfds, &ready[2]);
    Ok(Status(ready.iter().map(Vec::len).sum::<usize>() as i32))
}

#[dllexport]
pub fn __WSAFDIsSet(fd: u64, set: GuestPtr<ws::FD_SET>) -> i32 {
    read_set(set).map_or(0, |s| s.contains(&fd) as i32)
}

/// WSAPoll's flags (POLLRDNORM ...) as poll(2)'s.
fn host_poll_events(events: i16) -> i16 {
    let mut out = 0;
    if events & (ws::POLLRDNORM | ws::POLLRDBAND) != 0 {
        out |= libc::POLLIN | libc::POLLRDHUP;
    }
    if events & ws::POLLPRI != 0 {
        out |= libc::POLLPRI;
    }
    if events & (ws::POLLWRNORM | ws::POLLWRBAND) != 0 {
        out |= libc::POLLOUT;
    }
    out
}

/// poll(2)'s revents as WSAPoll's, limited to what was asked for plus the error bits.
fn guest_poll_events(revents: i16, asked: i16) -> i16 {
    let mut out = 0;
    if revents & libc::POLLIN != 0 {
        out |= ws::POLLRDNORM;
    }
    if revents & libc::POLLPRI != 0 {
        out |= ws::POLLRDBAND;
    }
    if revents & libc::POLLOUT != 0 {
        out |= ws::POLLWRNORM;
    }
    out &= asked;
    if revents & libc::POLLERR != 0 {
        out |= ws::POLLERR;
    }
    // A peer's shutdown is POLLHUP on Windows; Linux says so only once both directions are.
    if revents & (libc::POLLHUP | libc::POLLRDHUP) != 0 {
        out |= ws::POLLHUP;
    }
    out
}

#[dllexport]
pub fn WSAPoll(fdArray: GuestPtr<ws::WSAPOLLFD>, fds: u32, timeout: i32) -> Win32Result<Status> {
    started()?;
    if fdArray.is_null() || fds == 0 {
        return Err(wsa(ws::WSAEINVAL));
    }
    let entries = fdArray.read_slice(fds as usize);
    let mut sockets = Vec::with_capacity(entries.len());
    let mut host = Vec::with_capacity(entries.len());
    for e in &entries {
        if e.events
            & !(ws::POLLRDNORM | ws::POLLRDBAND | ws::POLLPRI | ws::POLLWRNORM | ws::POLLWRBAND)
            != 0
        {
            return Err(wsa(ws::WSAEINVAL));
        }
        let sock = crate::nt::socket::get(Handle(e.fd as u64));
        host.push(libc::pollfd {
            // A negative fd is skipped by poll(2); the entry reports POLLNVAL below.
            fd: sock.as_ref().map_or(-1, |s| s.fd()),
            events: host_poll_events(e.events),
            revents: 0,
        });
        sockets.push(sock);
    }
    let timeout = if timeout < 0 { -1 } else { timeout };
    let invalid = sockets.iter().filter(|s| s.is_none()).count();
    loop {
        match net::poll(&mut host, if invalid > 0 { 0 } else { timeout }) {
            Ok(_) => break,
            Err(libc::EINTR) => continue,
            Err(e) => return Err(wsa_from_errno(e)),
        }
    }
    let mut ready = 0;
    for (i, e) in entries.iter().enumerate() {
        let revents = match &sockets[i] {
            None => ws::POLLNVAL,
            Some(sock) => {
                let r = guest_poll_events(host[i].revents, e.events);
                if r & ws::POLLWRNORM != 0 {
                    sock.set_connecting(false);
                }
                r
            }
        };
        ready += (revents != 0) as i32;
        GuestPtr::<i16>::new(
            fdArray.offset(i).addr() + std::mem::offset_of!(ws::WSAPOLLFD, revents) as u64,
        )
        .write(revents);
    }
    Ok(Status(ready))
}

// ---------------------------------------------------------------------------------------------
// Socket options

/// How a Windows option maps onto the host.
enum Opt {
    /// An int (BOOL or DWORD) on both sides.
    Int(i32, i32),
    /// A buffer size: Linux reports twice what was set (its bookkeeping overhead); Windows the
    /// value itself.
    Buffer(i32),
    /// A DWORD of milliseconds on Windows, a timeval on Linux.
    Timeout(i32),
    /// LINGER {u_short onoff, u_short linger} on Windows, {int, int} on Linux.
    Linger,
    /// SO_DONTLINGER: the negation of linger's on/off.
    DontLinger,
    /// SO_EXCLUSIVEADDRUSE: Linux never lets another socket take a bound address without
    /// SO_REUSEADDR on both, which is what the option asks for.
    Exclusive,
    /// Options with no host counterpart that tell the Winsock provider bookkeeping facts
    /// (SO_UPDATE_ACCEPT_CONTEXT, SO_UPDATE_CONNECT_CONTEXT): nothing to do on Linux.
    Accepted,
}

fn option(level: i32, name: i32) -> Win32Result<Opt> {
    use libc as l;
    let opt = match (level, name) {
        (ws::SOL_SOCKET, ws::SO_DEBUG) => Opt::Int(l::SOL_SOCKET, l::SO_DEBUG),
        (ws::SOL_SOCKET, ws::SO_ACCEPTCONN) => Opt::Int(l::SOL_SOCKET, l::SO_ACCEPTCONN),
        (ws::SOL_SOCKET, ws::SO_REUSEADDR) => Opt::Int(l::SOL_SOCKET, l::SO_REUSEADDR),
        (ws::SOL_SOCKET, ws::SO_KEEPALIVE) => Opt::Int(l::SOL_SOCKET, l::SO_KEEPALIVE),
        (ws::SOL_SOCKET, ws::SO_DONTROUTE) => Opt::Int(l::SOL_SOCKET, l::SO_DONTROUTE),
        (ws::SOL_SOCKET, ws::SO_BROADCAST) => Opt::Int(l::SOL_SOCKET, l::SO_BROADCAST),
        (ws::SOL_SOCKET, ws::SO_OOBINLINE) => Opt::Int(l::SOL_SOCKET, l::SO_OOBINLINE),
        (ws::SOL_SOCKET, ws::SO_ERROR) => Opt::Int(l::SOL_SOCKET, l::SO_ERROR),
        (ws::SOL_SOCKET, ws::SO_TYPE) => Opt::Int(l::SOL_SOCKET, l::SO_TYPE),
        (ws::SOL_SOCKET, ws::SO_RCVLOWAT) => Opt::Int(l::SOL_SOCKET, l::SO_RCVLOWAT),
        (ws::SOL_SOCKET, ws::SO_SNDLOWAT) => Opt::Int(l::SOL_SOCKET, l::SO_SNDLOWAT),
        (ws::SOL_SOCKET, ws::SO_SNDBUF) => Opt::Buffer(l::SO_SNDBUF),
        (ws::SOL_SOCKET, ws::SO_RCVBUF) => Opt::Buffer(l::SO_RCVBUF),
        (ws::SOL_SOCKET, ws::SO_SNDTIMEO) => Opt::Timeout(l::SO_SNDTIMEO),
        (ws::SOL_SOCKET, ws::SO_RCVTIMEO) => Opt::Timeout(l::SO_RCVTIMEO),
        (ws::SOL_SOCKET, ws::SO_LINGER) => Opt::Linger,
        (ws::SOL_SOCKET, ws::SO_DONTLINGER) => Opt::DontLinger,
        (ws::SOL_SOCKET, ws::SO_EXCLUSIVEADDRUSE) => Opt::Exclusive,
        (ws::SOL_SOCKET, ws::SO_UPDATE_ACCEPT_CONTEXT | ws::SO_UPDATE_CONNECT_CONTEXT) => {
            Opt::Accepted
        }
        (ws::IPPROTO_TCP, ws::TCP_NODELAY) => Opt::Int(l::IPPROTO_TCP, l::TCP_NODELAY),
        (ws::IPPROTO_TCP, ws::TCP_KEEPALIVE) => Opt::Int(l::IPPROTO_TCP, l::TCP_KEEPIDLE),
        (ws::IPPROTO_TCP, ws::TCP_KEEPCNT) => Opt::Int(l::IPPROTO_TCP, l::TCP_KEEPCNT),
        (ws::IPPROTO_TCP, ws::TCP_KEEPINTVL) => Opt::Int(l::IPPROTO_TCP, l::TCP_KEEPINTVL),
        (ws::IPPROTO_IP, ws::IP_TOS) => Opt::Int(l::IPPROTO_IP, l::IP_TOS),
        (ws::IPPROTO_IP, ws::IP_TTL) => Opt::Int(l::IPPROTO_IP, l::IP_TTL),
        (ws::IPPROTO_IP, ws::IP_MULTICAST_TTL) => Opt::Int(l::IPPROTO_IP, l::IP_MULTICAST_TTL),
        (ws::IPPROTO_IP, ws::IP_MULTICAST_LOOP) => Opt::Int(l::IPPROTO_IP, l::IP_MULTICAST_LOOP),
        (ws::IPPROTO_IPV6, ws::IPV6_V6ONLY) => Opt::Int(l::IPPROTO_IPV6, l::IPV6_V6ONLY),
        (ws::IPPROTO_IPV6, ws::IPV6_UNICAST_HOPS) => {
            Opt::Int(l::IPPROTO_IPV6, l::IPV6_UNICAST_HOPS)
        }
        (ws::IPPROTO_IPV6, ws::IPV6_MULTICAST_HOPS) => {
            Opt::Int(l::IPPROTO_IPV6, l::IPV6_MULTICAST_HOPS)
        }
        (ws::IPPROTO_IPV6, ws::IPV6_MULTICAST_LOOP) => {
            Opt::Int(l::IPPROTO_IPV6, l::IPV6_MULTICAST_LOOP)
        }
        (ws::SOL_SOCKET | ws::IPPROTO_TCP | ws::IPPROTO_IP | ws::IPPROTO_IPV6, _) => {
            return Err(wsa(ws::WSAENOPROTOOPT));
        }
        _ => return Err(wsa(ws::WSAEINVAL)),
    };
    Ok(opt)
}

fn host_int(fd: i32, level: i32, name: i32) -> Win32Result<i32> {
    let mut v = [0u8; 4];
    net::get_option(fd, level, name, &mut v).map_err(wsa_from_errno)?;
    Ok(i32::from_ne_bytes(v))
}

fn set_host_int(fd: i32, level: i32, name: i32, value: i32) -> Win32Result<()> {
    net::set_option(fd, level, name, &value.to_ne_bytes()).map_err(wsa_from_errno)
}

#[dllexport]
pub fn setsockopt(
    s: u64,
    level: i32,
    optname: i32,
    optval: GuestPtr<u8>,
    optlen: i32,
) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let opt = option(level, optname)?;
    if matches!(opt, Opt::Accepted) {
        return Ok(OK);
    }
    if optval.is_null() || optlen < 1 {
        return Err(wsa(ws::WSAEFAULT));
    }
    let bytes = optval.read_slice(optlen.min(16) as usize);
    // Windows reads BOOL options of fewer than four bytes as the bytes there are.
    let mut word = [0u8; 4];
    for (w, b) in word.iter_mut().zip(&bytes) {
        *w = *b;
    }
    let value = i32::from_ne_bytes(word);
    let fd = sock.fd();
    match opt {
        Opt::Int(level, name) => set_host_int(fd, level, name, value)?,
        Opt::Buffer(name) => set_host_int(fd, libc::SOL_SOCKET, name, value)?,
        Opt::Timeout(name) => {
            let ms = value as u32 as u64;
            let tv = libc::timeval {
                tv_sec: (ms / 1000) as libc::time_t,
                tv_usec: ((ms % 1000) * 1000) as libc::suseconds_t,
            };
            let raw = [tv.tv_sec.to_ne_bytes(), tv.tv_usec.to_ne_bytes()].concat();
            net::set_option(fd, libc::SOL_SOCKET, name, &raw).map_err(wsa_from_errno)?;
        }
        Opt::Linger | Opt::DontLinger => {
            let (on, secs) = if matches!(opt, Opt::Linger) {
                if optlen < 4 {
                    return Err(wsa(ws::WSAEFAULT));
                }
                (
                    u16::from_ne_bytes([bytes[0], bytes[1]]) != 0,
                    u16::from_ne_bytes([bytes[2], bytes[3]]) as i32,
                )
            } else {
                (value == 0, 0)
            };
            let raw = [(on as i32).to_ne_bytes(), secs.to_ne_bytes()].concat();
            net::set_option(fd, libc::SOL_SOCKET, libc::SO_LINGER, &raw).map_err(wsa_from_errno)?;
        }
        Opt::Exclusive => {
            if value != 0 && host_int(fd, libc::SOL_SOCKET, libc::SO_REUSEADDR)? != 0 {
                return Err(wsa(ws::WSAEINVAL));
            }
        }
        Opt::Accepted => {}
    }
    Ok(OK)
}

#[dllexport]
pub fn getsockopt(
    s: u64,
    level: i32,
    optname: i32,
    optval: GuestPtr<u8>,
    optlen: GuestPtr<i32>,
) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let opt = option(level, optname)?;
    let room = optlen.read().ok_or(wsa(ws::WSAEFAULT))?;
    if optval.is_null() {
        return Err(wsa(ws::WSAEFAULT));
    }
    let fd = sock.fd();
    let bytes: Vec<u8> = match opt {
        Opt::Int(libc::SOL_SOCKET, libc::SO_ERROR) => {
            let e = host_int(fd, libc::SOL_SOCKET, libc::SO_ERROR)?;
            let code = if e == 0 {
                0
            } else {
                wsa_from_errno(e).0 as i32
            };
            code.to_ne_bytes().to_vec()
        }
        Opt::Int(level, name) => host_int(fd, level, name)?.to_ne_bytes().to_vec(),
        Opt::Buffer(name) => (host_int(fd, libc::SOL_SOCKET, name)? / 2)
            .to_ne_bytes()
            .to_vec(),
        Opt::Timeout(name) => {
            let mut raw = [0u8; 16];
            net::get_option(fd, libc::SOL_SOCKET, name, &mut raw).map_err(wsa_from_errno)?;
            let secs = i64::from_ne_bytes(raw[..8].try_into().expect("8 bytes"));
            let usecs = i64::from_ne_bytes(raw[8..].try_into().expect("8 bytes"));
            ((secs * 1000 + usecs / 1000) as u32).to_ne_bytes().to_vec()
        }
        Opt::Linger | Opt::DontLinger => {
            let mut raw = [0u8; 8];
            net::get_option(fd, libc::SOL_SOCKET, libc::SO_LINGER, &mut raw)
                .map_err(wsa_from_errno)?;
            let on = i32::from_ne_bytes(raw[..4].try_into().expect("4 bytes"));
            let secs = i32::from_ne_bytes(raw[4..].try_into().expect("4 bytes"));
            if matches!(opt, Opt::Linger) {
                [(on != 0) as u16, secs as u16]
                    .iter()
                    .flat_map(|v| v.to_ne_bytes())
                    .collect()
            } else {
                ((on == 0) as i32).to_ne_bytes().to_vec()
            }
        }
        Opt::Exclusive => ((host_int(fd, libc::SOL_SOCKET, libc::SO_REUSEADDR)? == 0) as i32)
            .to_ne_bytes()
            .to_vec(),
        Opt::Accepted => return Err(wsa(ws::WSAENOPROTOOPT)),
    };
    if room < 0 || (room as usize) < bytes.len() {
        return Err(wsa(ws::WSAEFAULT));
    }
    optval.write_slice(&bytes);
    optlen.write(bytes.len() as i32);
    Ok(OK)
}

// ---------------------------------------------------------------------------------------------
// Byte order

#[dllexport]
pub fn htons(hostshort: u16) -> u16 {
    hostshort.to_be()
}

#[dllexport]
pub fn ntohs(netshort: u16) -> u16 {
    u16::from_be(netshort)
}

#[dllexport]
pub fn htonl(hostlong: u32) -> u32 {
    hostlong.to_be()
}

#[dllexport]
pub fn ntohl(netlong: u32) -> u32 {
    u32::from_be(netlong)
}

// ---------------------------------------------------------------------------------------------
// IPv4 text and host names

/// One part of a BSD address ("0x7f", "0177", "127").
fn address_part(text: &str) -> Option<u32> {
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return u32::from_str_radix(hex, 16).ok();
    }
    if text.len() > 1 && text.starts_with('0') {
        return u32::from_str_radix(&text[1..], 8).ok();
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// inet_addr's parse: "a.b.c.d", "a.b.c" (c 16 bits), "a.b" (b 24 bits), "a", each part
/// decimal, octal or hex; the address in host order.
pub fn parse_ipv4(text: &str) -> Option<u32> {
    let parts: Vec<u32> = text.split('.').map(address_part).collect::<Option<_>>()?;
    let (last, head) = parts.split_last()?;
    if head.len() > 3 || head.iter().any(|&p| p > 0xff) {
        return None;
    }
    let bits = 8 * (4 - head.len() as u32);
    if bits < 32 && *last >> bits != 0 {
        return None;
    }
    Some(head.iter().fold(0u32, |acc, &p| acc << 8 | p) << bits | last)
}

#[dllexport]
pub fn inet_addr(cp: CStrPtr) -> u32 {
    cp.string()
        .and_then(|s| parse_ipv4(s.trim_end_matches(' ')))
        .map_or(ws::INADDR_NONE, u32::to_be)
}

thread_local! {
    /// inet_ntoa's and gethostbyname's per-thread result buffers, as Winsock keeps them.
    static NTOA_BUFFER: Cell<u64> = const { Cell::new(0) };
    static HOSTENT_BUFFER: Cell<u64> = const { Cell::new(0) };
}

/// A per-thread guest buffer of at least `size` bytes, reused across calls.
fn thread_buffer(key: &'static std::thread::LocalKey<Cell<u64>>, size: usize) -> u64 {
    key.with(|cell| {
        if cell.get() == 0 {
            cell.set(crate::abi::mem::alloc_zeroed(size, 16));
        }
        cell.get()
    })
}

#[dllexport]
pub fn inet_ntoa(r#in: u32) -> CStrPtr {
    let text = std::net::Ipv4Addr::from(u32::from_be(r#in)).to_string();
    let buf = thread_buffer(&NTOA_BUFFER, 16);
    crate::abi::mem::write_slice(buf, text.as_bytes());
    crate::abi::mem::write(buf + text.len() as u64, 0u8);
    CStrPtr(buf)
}

#[dllexport]
pub fn gethostname(name: GuestPtr<u8>, namelen: i32) -> Win32Result<Status> {
    started()?;
    let host = net::host_name();
    if name.is_null() || namelen < 0 || (namelen as usize) <= host.len() {
        return Err(wsa(ws::WSAEFAULT));
    }
    name.write_slice(&host);
    name.offset(host.len()).write(0);
    Ok(OK)
}

/// HOSTENT, its pointer arrays and strings in one per-thread block: the struct (32 bytes),
/// alias list (one null), address list (16 pointers + null), addresses (16 x 4), the name.
const HOSTENT_BLOCK: usize = 32 + 8 + 17 * 8 + 16 * 4 + 256;

#[dllexport]
pub fn gethostbyname(name: CStrPtr) -> Win32Result<GuestPtr<ws::HOSTENT>> {
    started()?;
    let host = match name.bytes() {
        Some(b) if !b.is_empty() => b,
        _ => net::host_name(),
    };
    let c = std::ffi::CString::new(host).map_err(|_| wsa(ws::WSAHOST_NOT_FOUND))?;
    let found = net::resolve(
        Some(&c),
        None,
        libc::AI_CANONNAME,
        libc::AF_INET,
        libc::SOCK_STREAM,
        0,
    )
    .map_err(|_| wsa(ws::WSAHOST_NOT_FOUND))?;
    let block = thread_buffer(&HOSTENT_BUFFER, HOSTENT_BLOCK);
    let aliases = block + 32;
    let list = aliases + 8;
    let addrs = list + 17 * 8;
    let name_at = addrs + 16 * 4;
    let canon = found
        .first()
        .and_then(|r| r.canonname.clone())
        .unwrap_or_else(|| c.as_bytes().to_vec());
    let canon = &canon[..canon.len().min(255)];
    crate::abi::mem::write_slice(name_at, canon);
    crate::abi::mem::write(name_at + canon.len() as u64, 0u8);
    crate::abi::mem::write(aliases, 0u64);
    let mut n = 0u64;
    for r in found.iter().take(16) {
        let ip = &r.addr.bytes()[4..8];
        crate::abi::mem::write_slice(addrs + 4 * n, ip);
        crate::abi::mem::write(list + 8 * n, addrs + 4 * n);
        n += 1;
    }
    crate::abi::mem::write(list + 8 * n, 0u64);
    let entry = ws::HOSTENT {
        h_name: name_at as *mut u8,
        h_aliases: aliases as *mut *mut i8,
        h_addrtype: ws::AF_INET as i16,
        h_length: 4,
        h_addr_list: list as *mut *mut i8,
    };
    crate::abi::mem::write(block, entry);
    Ok(GuestPtr::new(block))
}

// ---------------------------------------------------------------------------------------------
// The WSA forms

/// WSASocketW's flags it understands: overlapped I/O is always possible here, and handles are
/// not inherited unless asked.
const WSA_FLAGS: u32 = ws::WSA_FLAG_OVERLAPPED | ws::WSA_FLAG_NO_HANDLE_INHERIT;

#[dllexport]
pub fn WSASocketW(
    af: i32,
    r#type: i32,
    protocol: i32,
    lpProtocolInfo: GuestPtr<ws::WSAPROTOCOL_INFOW>,
    g: u32,
    dwFlags: u32,
) -> Win32Result<Socket> {
    let (af, r#type, protocol) = match lpProtocolInfo.read() {
        Some(info) => (info.iAddressFamily, info.iSocketType, info.iProtocol),
        None => (af, r#type, protocol),
    };
    if g != 0 || dwFlags & !WSA_FLAGS != 0 {
        tracing::warn!(target: "ws2_32::winsock2", "WSASocketW: group {g} / flags {dwFlags:#x} ignored");
    }
    create_socket(af, r#type, protocol, false)
}

#[dllexport]
pub fn WSASocketA(
    af: i32,
    r#type: i32,
    protocol: i32,
    lpProtocolInfo: GuestPtr<ws::WSAPROTOCOL_INFOA>,
    g: u32,
    dwFlags: u32,
) -> Win32Result<Socket> {
    // The two protocol-info structures agree up to the protocol fields read here.
    WSASocketW(af, r#type, protocol, lpProtocolInfo.cast(), g, dwFlags)
}

/// Caller and callee data and QoS are for protocols TCP/IP does not have; they must be absent.
#[dllexport]
pub fn WSAConnect(
    s: u64,
    name: GuestPtr<u8>,
    namelen: i32,
    lpCallerData: u64,
    lpCalleeData: u64,
    lpSQOS: u64,
    lpGQOS: u64,
) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    if lpCallerData != 0 || lpSQOS != 0 || lpGQOS != 0 {
        return Err(wsa(ws::WSAEOPNOTSUPP));
    }
    let _ = lpCalleeData;
    connect_to(&sock, name, namelen)?;
    Ok(OK)
}

#[dllexport]
pub fn WSAHtons(s: u64, hostshort: u16, lpnetshort: GuestPtr<u16>) -> Win32Result<Status> {
    socket_of(s)?;
    lpnetshort
        .write_required(hostshort.to_be())
        .map_err(|_| wsa(ws::WSAEFAULT))?;
    Ok(OK)
}

#[dllexport]
pub fn WSAHtonl(s: u64, hostlong: u32, lpnetlong: GuestPtr<u32>) -> Win32Result<Status> {
    socket_of(s)?;
    lpnetlong
        .write_required(hostlong.to_be())
        .map_err(|_| wsa(ws::WSAEFAULT))?;
    Ok(OK)
}

#[dllexport]
pub fn WSANtohs(s: u64, netshort: u16, lphostshort: GuestPtr<u16>) -> Win32Result<Status> {
    socket_of(s)?;
    lphostshort
        .write_required(u16::from_be(netshort))
        .map_err(|_| wsa(ws::WSAEFAULT))?;
    Ok(OK)
}

#[dllexport]
pub fn WSANtohl(s: u64, netlong: u32, lphostlong: GuestPtr<u32>) -> Win32Result<Status> {
    socket_of(s)?;
    lphostlong
        .write_required(u32::from_be(netlong))
        .map_err(|_| wsa(ws::WSAEFAULT))?;
    Ok(OK)
}

/// The extension functions WSAIoctl hands out, by GUID.
fn extension_function(guid: &[u8]) -> Option<u64> {
    // A GUID in memory: data1-3 little-endian, then data4's bytes.
    let is = |g: windows_sys::core::GUID| {
        let mut b = Vec::with_capacity(16);
        b.extend_from_slice(&g.data1.to_le_bytes());
        b.extend_from_slice(&g.data2.to_le_bytes());
        b.extend_from_slice(&g.data3.to_le_bytes());
        b.extend_from_slice(&g.data4);
        guid == b.as_slice()
    };
    use super::mswsock;
    if is(ws::WSAID_ACCEPTEX) {
        Some(mswsock::AcceptEx::entry as *const () as u64)
    } else if is(ws::WSAID_CONNECTEX) {
        Some(mswsock::ConnectEx::entry as *const () as u64)
    } else if is(ws::WSAID_GETACCEPTEXSOCKADDRS) {
        Some(mswsock::GetAcceptExSockaddrs::entry as *const () as u64)
    } else {
        None
    }
}

#[dllexport]
pub fn WSAIoctl(
    s: u64,
    dwIoControlCode: u32,
    lpvInBuffer: GuestPtr<u8>,
    cbInBuffer: u32,
    lpvOutBuffer: GuestPtr<u8>,
    cbOutBuffer: u32,
    lpcbBytesReturned: GuestPtr<u32>,
    lpOverlapped: u64,
    lpCompletionRoutine: u64,
) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let _ = (lpOverlapped, lpCompletionRoutine);
    let out: Vec<u8> = match dwIoControlCode {
        ws::SIO_GET_EXTENSION_FUNCTION_POINTER => {
            if cbInBuffer < 16 || lpvInBuffer.is_null() {
                return Err(wsa(ws::WSAEFAULT));
            }
            let f = extension_function(&lpvInBuffer.read_slice(16)).ok_or(wsa(ws::WSAEINVAL))?;
            f.to_le_bytes().to_vec()
        }
        c if c == ws::FIONBIO as u32 => {
            if cbInBuffer < 4 {
                return Err(wsa(ws::WSAEFAULT));
            }
            ioctlsocket(s, ws::FIONBIO, lpvInBuffer.cast())?;
            Vec::new()
        }
        c if c == ws::FIONREAD as u32 => net::bytes_readable(sock.fd())
            .map_err(wsa_from_errno)?
            .to_le_bytes()
            .to_vec(),
        c => {
            tracing::warn!(target: "ws2_32::winsock2", "WSAIoctl: control code {c:#x} not supported");
            return Err(wsa(ws::WSAEOPNOTSUPP));
        }
    };
    if (cbOutBuffer as usize) < out.len() || (!out.is_empty() && lpvOutBuffer.is_null()) {
        return Err(wsa(ws::WSAEFAULT));
    }
    lpvOutBuffer.write_slice(&out);
    lpcbBytesReturned.write(out.len() as u32);
    Ok(OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inet_addr_parses_bsd_forms() {
        assert_eq!(parse_ipv4("127.0.0.1"), Some(0x7f00_0001));
        assert_eq!(parse_ipv4("0x7f.1"), Some(0x7f00_0001));
        assert_eq!(parse_ipv4("0177.0.0.01"), Some(0x7f00_0001));
        assert_eq!(parse_ipv4("10.65535"), Some(0x0a00_ffff));
        assert_eq!(parse_ipv4("256.0.0.1"), None);
        assert_eq!(parse_ipv4("1.2.3.4.5"), None);
        assert_eq!(parse_ipv4(""), None);
        assert_eq!(parse_ipv4("1..2"), None);
    }
}

/// The transport protocols winrun offers, as the MSAFD Tcpip provider describes them:
/// (address family, socket type, protocol, name).
const PROTOCOLS: [(u16, u16, i32, &str); 4] = [
    (
        ws::AF_INET,
        ws::SOCK_STREAM as u16,
        ws::IPPROTO_TCP,
        "MSAFD Tcpip [TCP/IP]",
    ),
    (
        ws::AF_INET,
        ws::SOCK_DGRAM as u16,
        ws::IPPROTO_UDP,
        "MSAFD Tcpip [UDP/IP]",
    ),
    (
        ws::AF_INET6,
        ws::SOCK_STREAM as u16,
        ws::IPPROTO_TCP,
        "MSAFD Tcpip [TCP/IPv6]",
    ),
    (
        ws::AF_INET6,
        ws::SOCK_DGRAM as u16,
        ws::IPPROTO_UDP,
        "MSAFD Tcpip [UDP/IPv6]",
    ),
];

/// One WSAPROTOCOL_INFOW of PROTOCOLS. Socket handles are real handles (XP1_IFS_HANDLES), which
/// is what runtimes check before using ReadFile/WriteFile and completion modes on sockets.
fn protocol_info(index: usize) -> ws::WSAPROTOCOL_INFOW {
    let (family, kind, protocol, name) = PROTOCOLS[index];
    let stream = kind == ws::SOCK_STREAM as u16;
    let service_flags = if stream {
        ws::XP1_GUARANTEED_DELIVERY
            | ws::XP1_GUARANTEED_ORDER
            | ws::XP1_GRACEFUL_CLOSE
            | ws::XP1_EXPEDITED_DATA
            | ws::XP1_IFS_HANDLES
    } else {
        ws::XP1_CONNECTIONLESS
            | ws::XP1_MESSAGE_ORIENTED
            | ws::XP1_SUPPORT_BROADCAST
            | ws::XP1_SUPPORT_MULTIPOINT
            | ws::XP1_IFS_HANDLES
    };
    let addr_len = if family == ws::AF_INET { 16 } else { 28 };
    let mut sz_protocol = [0u16; 256];
    for (o, u) in sz_protocol.iter_mut().zip(name.encode_utf16()) {
        *o = u;
    }
    let mut chain = ws::WSAPROTOCOLCHAIN {
        ChainLen: ws::BASE_PROTOCOL as i32,
        ChainEntries: [0; 7],
    };
    chain.ChainEntries[0] = 1001 + index as u32;
    ws::WSAPROTOCOL_INFOW {
        dwServiceFlags1: service_flags,
        dwServiceFlags2: 0,
        dwServiceFlags3: 0,
        dwServiceFlags4: 0,
        dwProviderFlags: ws::PFL_MATCHES_PROTOCOL_ZERO,
        // {E70F1AA0-AB8B-11CF-8CA3-00805F48A192}: the MSAFD Tcpip provider.
        ProviderId: windows_sys::core::GUID::from_u128(0xe70f1aa0_ab8b_11cf_8ca3_00805f48a192),
        dwCatalogEntryId: 1001 + index as u32,
        ProtocolChain: chain,
        iVersion: 2,
        iAddressFamily: i32::from(family),
        iMaxSockAddr: addr_len,
        iMinSockAddr: addr_len,
        iSocketType: i32::from(kind),
        iProtocol: protocol,
        iProtocolMaxOffset: 0,
        iNetworkByteOrder: ws::BIGENDIAN as i32,
        iSecurityScheme: ws::SECURITY_PROTOCOL_NONE as i32,
        dwMessageSize: if stream { 0 } else { 65527 },
        dwProviderReserved: 0,
        szProtocol: sz_protocol,
    }
}

/// The protocols whose numbers are in the zero-terminated `lpiProtocols` list (all of them for
/// NULL). A buffer too small fails with WSAENOBUFS and the size needed.
#[dllexport]
pub fn WSAEnumProtocolsW(
    lpiProtocols: GuestPtr<i32>,
    lpProtocolBuffer: GuestPtr<ws::WSAPROTOCOL_INFOW>,
    lpdwBufferLength: GuestPtr<u32>,
) -> Win32Result<Status> {
    started()?;
    let mut wanted = Vec::new();
    if !lpiProtocols.is_null() {
        for i in 0.. {
            match lpiProtocols.offset(i).read() {
                Some(0) => break,
                Some(p) => wanted.push(p),
                None => return Err(wsa(ws::WSAEFAULT)),
            }
        }
    }
    let chosen: Vec<usize> = (0..PROTOCOLS.len())
        .filter(|&i| lpiProtocols.is_null() || wanted.contains(&PROTOCOLS[i].2))
        .collect();
    let needed = (chosen.len() * size_of::<ws::WSAPROTOCOL_INFOW>()) as u32;
    let have = lpdwBufferLength.read().ok_or(wsa(ws::WSAEFAULT))?;
    if lpProtocolBuffer.is_null() || have < needed {
        lpdwBufferLength.write(needed);
        return Err(wsa(ws::WSAENOBUFS));
    }
    for (slot, &i) in chosen.iter().enumerate() {
        lpProtocolBuffer.offset(slot).write(protocol_info(i));
    }
    Ok(Status(chosen.len() as i32))
}
