//! mswsock.h: the Microsoft extensions programs get from WSAIoctl
//! (SIO_GET_EXTENSION_FUNCTION_POINTER) — AcceptEx, ConnectEx, GetAcceptExSockaddrs — over the
//! overlapped machinery of winsock2_async.

use super::winsock2::{read_addr, socket_of, wsa, wsa_from_errno};
use super::winsock2_async::{Direction, Transfer, start};
use crate::abi::net;
use crate::abi::{GuestPtr, Win32Result};
use crate::dllexport;
use windows_sys::Win32::Networking::WinSock as ws;

/// The room AcceptEx needs per address: the largest address plus 16 bytes, as documented.
const ADDRESS_ROOM: u32 = size_of::<ws::SOCKADDR_IN6>() as u32 + 16;

#[dllexport]
pub fn AcceptEx(
    sListenSocket: u64,
    sAcceptSocket: u64,
    lpOutputBuffer: u64,
    dwReceiveDataLength: u32,
    dwLocalAddressLength: u32,
    dwRemoteAddressLength: u32,
    lpdwBytesReceived: GuestPtr<u32>,
    lpOverlapped: u64,
) -> Win32Result<()> {
    let listener = socket_of(sListenSocket)?;
    let accept = socket_of(sAcceptSocket)?;
    if lpOverlapped == 0 || lpOutputBuffer == 0 {
        return Err(wsa(ws::WSAEINVAL));
    }
    if dwLocalAddressLength < ADDRESS_ROOM || dwRemoteAddressLength < ADDRESS_ROOM {
        return Err(wsa(ws::WSAEFAULT));
    }
    let transfer = Transfer {
        direction: Direction::Accept {
            accept,
            local_len: dwLocalAddressLength as usize,
        },
        bufs: vec![(lpOutputBuffer, dwReceiveDataLength as usize)],
        overlapped: lpOverlapped,
    };
    start(&listener, transfer, lpdwBytesReceived, 0).map(drop)
}

#[dllexport]
pub fn ConnectEx(
    s: u64,
    name: GuestPtr<u8>,
    namelen: i32,
    lpSendBuffer: u64,
    dwSendDataLength: u32,
    lpdwBytesSent: GuestPtr<u32>,
    lpOverlapped: u64,
) -> Win32Result<()> {
    let sock = socket_of(s)?;
    if lpOverlapped == 0 {
        return Err(wsa(ws::WSAEINVAL));
    }
    let addr = read_addr(name, namelen)?;
    // ConnectEx needs a bound socket.
    let bound = net::name(sock.fd(), false).map_err(wsa_from_errno)?;
    if bound.bytes().iter().skip(2).all(|&b| b == 0) {
        return Err(wsa(ws::WSAEINVAL));
    }
    // The connect itself must not block: the descriptor is non-blocking for that call only.
    net::set_nonblocking(sock.fd(), true).map_err(wsa_from_errno)?;
    let result = net::connect(sock.fd(), &addr);
    if !sock.nonblocking() {
        net::set_nonblocking(sock.fd(), false).map_err(wsa_from_errno)?;
    }
    match result {
        Ok(()) | Err(libc::EINPROGRESS) => {}
        Err(e) => return Err(wsa_from_errno(e)),
    }
    let transfer = Transfer {
        direction: Direction::Connect,
        bufs: vec![(lpSendBuffer, dwSendDataLength as usize)],
        overlapped: lpOverlapped,
    };
    start(&sock, transfer, lpdwBytesSent, 0).map(drop)
}

/// Where AcceptEx stored an address: its length, then the address.
fn accept_addr(at: u64, out: GuestPtr<u64>, len: GuestPtr<i32>) {
    let n = crate::abi::mem::read::<u32>(at).unwrap_or(0);
    out.write(at + 4);
    len.write(n as i32);
}

#[dllexport]
pub fn GetAcceptExSockaddrs(
    lpOutputBuffer: u64,
    dwReceiveDataLength: u32,
    dwLocalAddressLength: u32,
    dwRemoteAddressLength: u32,
    LocalSockaddr: GuestPtr<u64>,
    LocalSockaddrLength: GuestPtr<i32>,
    RemoteSockaddr: GuestPtr<u64>,
    RemoteSockaddrLength: GuestPtr<i32>,
) {
    let _ = dwRemoteAddressLength;
    if lpOutputBuffer == 0 {
        return;
    }
    let local = lpOutputBuffer + dwReceiveDataLength as u64;
    accept_addr(local, LocalSockaddr, LocalSockaddrLength);
    accept_addr(
        local + dwLocalAddressLength as u64,
        RemoteSockaddr,
        RemoteSockaddrLength,
    );
}
