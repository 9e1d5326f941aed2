//! ws2tcpip.h: name resolution (getaddrinfo, GetAddrInfoW, getnameinfo) with Windows'
//! ADDRINFO layout, and the address text functions (inet_pton, inet_ntop and their wide twins).

use super::winsock2::{WIN_AF_INET, WIN_AF_INET6, read_addr, started, windows_bytes, wsa};
use crate::abi::net::{self, Resolved};
use crate::abi::{CStrPtr, GuestPtr, WStrPtr, Win32Error, Win32Result, mem};
use crate::dllexport;
use crate::kernel32::heapapi::{process_heap_alloc, process_heap_free};
use crate::nt::teb;
use std::ffi::CString;
use std::net::{Ipv4Addr, Ipv6Addr};
use windows_sys::Win32::Networking::WinSock as ws;

/// The Winsock error for a getaddrinfo(3)/getnameinfo(3) failure.
fn resolver_error(eai: i32, errno: i32) -> Win32Error {
    wsa(match eai {
        libc::EAI_AGAIN => ws::WSATRY_AGAIN,
        libc::EAI_BADFLAGS => ws::WSAEINVAL,
        libc::EAI_FAIL => ws::WSANO_RECOVERY,
        libc::EAI_FAMILY => ws::WSAEAFNOSUPPORT,
        libc::EAI_MEMORY => ws::WSA_NOT_ENOUGH_MEMORY,
        libc::EAI_SERVICE => ws::WSATYPE_NOT_FOUND,
        libc::EAI_SOCKTYPE => ws::WSAESOCKTNOSUPPORT,
        libc::EAI_NODATA => ws::WSANO_DATA,
        libc::EAI_OVERFLOW => ws::WSAEFAULT,
        libc::EAI_SYSTEM => return super::winsock2::wsa_from_errno(errno),
        _ => ws::WSAHOST_NOT_FOUND,
    })
}

/// Windows AI_* flags as glibc's.
fn host_ai_flags(flags: i32) -> i32 {
    let map = [
        (ws::AI_PASSIVE, libc::AI_PASSIVE),
        (ws::AI_CANONNAME, libc::AI_CANONNAME),
        (ws::AI_NUMERICHOST, libc::AI_NUMERICHOST),
        (ws::AI_NUMERICSERV, libc::AI_NUMERICSERV),
        (ws::AI_ALL, libc::AI_ALL),
        (ws::AI_ADDRCONFIG, libc::AI_ADDRCONFIG),
        (ws::AI_V4MAPPED, libc::AI_V4MAPPED),
    ];
    map.iter()
        .filter(|(w, _)| flags as u32 & *w != 0)
        .fold(0, |acc, (_, h)| acc | h)
}

/// Windows NI_* flags as glibc's (the same names, other bits).
fn host_ni_flags(flags: i32) -> i32 {
    let map = [
        (ws::NI_NOFQDN, libc::NI_NOFQDN),
        (ws::NI_NUMERICHOST, libc::NI_NUMERICHOST),
        (ws::NI_NAMEREQD, libc::NI_NAMEREQD),
        (ws::NI_NUMERICSERV, libc::NI_NUMERICSERV),
        (ws::NI_DGRAM, libc::NI_DGRAM),
    ];
    map.iter()
        .filter(|(w, _)| flags as u32 & *w != 0)
        .fold(0, |acc, (_, h)| acc | h)
}

/// The hints' family, socket type, protocol and flags; Windows requires the rest of the
/// structure to be zero.
struct Hints {
    flags: i32,
    family: i32,
    socktype: i32,
    protocol: i32,
}

fn read_hints(hints: GuestPtr<ws::ADDRINFOA>) -> Win32Result<Hints> {
    let Some(h) = hints.read() else {
        return Ok(Hints {
            flags: 0,
            family: 0,
            socktype: 0,
            protocol: 0,
        });
    };
    if h.ai_addrlen != 0
        || !h.ai_canonname.is_null()
        || !h.ai_addr.is_null()
        || !h.ai_next.is_null()
    {
        return Err(wsa(ws::WSANO_RECOVERY));
    }
    Ok(Hints {
        flags: h.ai_flags,
        family: super::winsock2::host_family(h.ai_family)?,
        socktype: h.ai_socktype,
        protocol: h.ai_protocol,
    })
}

/// Resolves as Windows does: one entry per address when the hints name no socket type or
/// protocol (glibc gives one per type).
fn resolve(
    node: Option<String>,
    service: Option<String>,
    hints: &Hints,
) -> Win32Result<Vec<Resolved>> {
    started()?;
    if node.is_none() && service.is_none() {
        return Err(wsa(ws::WSAHOST_NOT_FOUND));
    }
    let c = |s: Option<String>| -> Win32Result<Option<CString>> {
        s.map(|s| CString::new(s).map_err(|_| wsa(ws::WSAHOST_NOT_FOUND)))
            .transpose()
    };
    let (node, service) = (c(node)?, c(service)?);
    let mut found = net::resolve(
        node.as_deref(),
        service.as_deref(),
        host_ai_flags(hints.flags),
        hints.family,
        hints.socktype,
        hints.protocol,
    )
    .map_err(|(eai, errno)| resolver_error(eai, errno))?;
    if hints.socktype == 0 && hints.protocol == 0 {
        let mut seen: Vec<Vec<u8>> = Vec::new();
        found.retain(|r| {
            let fresh = !seen.iter().any(|a| a == r.addr.bytes());
            if fresh {
                seen.push(r.addr.bytes().to_vec());
            }
            fresh
        });
        for r in &mut found {
            r.socktype = 0;
            r.protocol = 0;
        }
    }
    Ok(found)
}

/// Builds the ADDRINFOA/ADDRINFOW list in guest memory: each node one heap block holding the
/// structure, its address and (first node only) the canonical name, so freeaddrinfo frees
/// node by node.
fn build_list(found: &[Resolved], wide: bool) -> Win32Result<u64> {
    const NODE: usize = size_of::<ws::ADDRINFOA>();
    let mut head = 0u64;
    let mut link = 0u64;
    for (i, r) in found.iter().enumerate() {
        let addr = windows_bytes(&r.addr);
        let name: Vec<u8> = match (&r.canonname, i) {
            (Some(n), 0) if wide => String::from_utf8_lossy(n)
                .encode_utf16()
                .chain([0])
                .flat_map(u16::to_le_bytes)
                .collect(),
            (Some(n), 0) => n.iter().copied().chain([0]).collect(),
            _ => Vec::new(),
        };
        let block = process_heap_alloc(NODE + addr.len() + name.len(), true);
        if block == 0 {
            free_list(head);
            return Err(wsa(ws::WSA_NOT_ENOUGH_MEMORY));
        }
        let addr_at = block + NODE as u64;
        let name_at = addr_at + addr.len() as u64;
        mem::write_slice(addr_at, &addr);
        mem::write_slice(name_at, &name);
        mem::write(
            block,
            ws::ADDRINFOA {
                ai_flags: 0,
                ai_family: super::winsock2::guest_family(r.family),
                ai_socktype: r.socktype,
                ai_protocol: r.protocol,
                ai_addrlen: addr.len(),
                ai_canonname: if name.is_empty() { 0 } else { name_at } as *mut u8,
                ai_addr: addr_at as *mut ws::SOCKADDR,
                ai_next: std::ptr::null_mut(),
            },
        );
        if link == 0 {
            head = block;
        } else {
            mem::write(
                link + std::mem::offset_of!(ws::ADDRINFOA, ai_next) as u64,
                block,
            );
        }
        link = block;
    }
    Ok(head)
}

fn free_list(mut node: u64) {
    while node != 0 {
        let next = mem::read::<u64>(node + std::mem::offset_of!(ws::ADDRINFOA, ai_next) as u64)
            .unwrap_or(0);
        let _ = process_heap_free(node);
        node = next;
    }
}

/// getaddrinfo's return: 0, or the error code (also the last error).
fn finish(result: Win32Result<u64>, out: GuestPtr<u64>) -> i32 {
    match result {
        Ok(list) => {
            out.write(list);
            0
        }
        Err(e) => {
            out.write(0);
            teb::set_last_error(e.0);
            e.0 as i32
        }
    }
}

#[dllexport]
pub fn getaddrinfo(
    pNodeName: CStrPtr,
    pServiceName: CStrPtr,
    pHints: GuestPtr<ws::ADDRINFOA>,
    ppResult: GuestPtr<u64>,
) -> i32 {
    if ppResult.is_null() {
        teb::set_last_error(wsa(ws::WSAEINVAL).0);
        return ws::WSAEINVAL;
    }
    let result = read_hints(pHints)
        .and_then(|h| resolve(pNodeName.string(), pServiceName.string(), &h))
        .and_then(|found| build_list(&found, false));
    finish(result, ppResult)
}

#[dllexport]
pub fn GetAddrInfoW(
    pNodeName: WStrPtr,
    pServiceName: WStrPtr,
    pHints: GuestPtr<ws::ADDRINFOW>,
    ppResult: GuestPtr<u64>,
) -> i32 {
    if ppResult.is_null() {
        teb::set_last_error(wsa(ws::WSAEINVAL).0);
        return ws::WSAEINVAL;
    }
    // ADDRINFOW has ADDRINFOA's layout, with a wide canonical name.
    let result = read_hints(pHints.cast())
        .and_then(|h| resolve(pNodeName.string(), pServiceName.string(), &h))
        .and_then(|found| build_list(&found, true));
    finish(result, ppResult)
}

#[dllexport]
pub fn freeaddrinfo(pAddrInfo: u64) {
    free_list(pAddrInfo);
}

#[dllexport]
pub fn FreeAddrInfoW(pAddrInfo: u64) {
    free_list(pAddrInfo);
}

/// Stores `text` NUL-terminated in `size` units at `out` (wide: UTF-16); too little room is
/// WSAEFAULT, as getnameinfo reports it.
fn store(text: &[u8], out: u64, size: u32, wide: bool) -> Win32Result<()> {
    if out == 0 || size == 0 {
        return Ok(());
    }
    if wide {
        let units: Vec<u16> = String::from_utf8_lossy(text)
            .encode_utf16()
            .chain([0])
            .collect();
        if units.len() > size as usize {
            return Err(wsa(ws::WSAEFAULT));
        }
        mem::write_slice(out, &units);
    } else {
        if text.len() + 1 > size as usize {
            return Err(wsa(ws::WSAEFAULT));
        }
        mem::write_slice(out, text);
        mem::write(out + text.len() as u64, 0u8);
    }
    Ok(())
}

fn name_info(
    addr: GuestPtr<u8>,
    len: i32,
    host: (u64, u32),
    serv: (u64, u32),
    flags: i32,
    wide: bool,
) -> i32 {
    let result = (|| {
        started()?;
        let addr = read_addr(addr, len)?;
        if host.0 == 0 && serv.0 == 0 {
            return Err(wsa(ws::WSAHOST_NOT_FOUND));
        }
        let (h, s) =
            net::name_info(&addr, host_ni_flags(flags)).map_err(|e| resolver_error(e, 0))?;
        store(&h, host.0, host.1, wide)?;
        store(&s, serv.0, serv.1, wide)
    })();
    match result {
        Ok(()) => 0,
        Err(e) => {
            teb::set_last_error(e.0);
            e.0 as i32
        }
    }
}

#[dllexport]
pub fn getnameinfo(
    pSockaddr: GuestPtr<u8>,
    SockaddrLength: i32,
    pNodeBuffer: u64,
    NodeBufferSize: u32,
    pServiceBuffer: u64,
    ServiceBufferSize: u32,
    Flags: i32,
) -> i32 {
    name_info(
        pSockaddr,
        SockaddrLength,
        (pNodeBuffer, NodeBufferSize),
        (pServiceBuffer, ServiceBufferSize),
        Flags,
        false,
    )
}

#[dllexport]
pub fn GetNameInfoW(
    pSockaddr: GuestPtr<u8>,
    SockaddrLength: i32,
    pNodeBuffer: u64,
    NodeBufferSize: u32,
    pServiceBuffer: u64,
    ServiceBufferSize: u32,
    Flags: i32,
) -> i32 {
    name_info(
        pSockaddr,
        SockaddrLength,
        (pNodeBuffer, NodeBufferSize),
        (pServiceBuffer, ServiceBufferSize),
        Flags,
        true,
    )
}

/// inet_pton's body: 1 and the address stored, 0 for text that is no address, -1 with the
/// error for a family other than AF_INET and AF_INET6.
fn pton(family: i32, text: Option<String>, out: GuestPtr<u8>) -> i32 {
    let (Some(text), false) = (text, out.is_null()) else {
        teb::set_last_error(wsa(ws::WSAEFAULT).0);
        return -1;
    };
    let bytes = match family {
        WIN_AF_INET => text.parse::<Ipv4Addr>().ok().map(|a| a.octets().to_vec()),
        WIN_AF_INET6 => text.parse::<Ipv6Addr>().ok().map(|a| a.octets().to_vec()),
        _ => {
            teb::set_last_error(wsa(ws::WSAEAFNOSUPPORT).0);
            return -1;
        }
    };
    match bytes {
        Some(b) => {
            out.write_slice(&b);
            1
        }
        None => 0,
    }
}

#[dllexport]
pub fn inet_pton(Family: i32, pszAddrString: CStrPtr, pAddrBuf: GuestPtr<u8>) -> i32 {
    pton(Family, pszAddrString.string(), pAddrBuf)
}

#[dllexport]
pub fn InetPtonW(Family: i32, pszAddrString: WStrPtr, pAddrBuf: GuestPtr<u8>) -> i32 {
    pton(Family, pszAddrString.string(), pAddrBuf)
}

/// The text of the address at `addr`.
fn ntop(family: i32, addr: GuestPtr<u8>) -> Win32Result<String> {
    if addr.is_null() {
        return Err(wsa(ws::WSAEFAULT));
    }
    match family {
        WIN_AF_INET => {
            let b: [u8; 4] = addr.cast::<[u8; 4]>().read().unwrap_or_default();
            Ok(Ipv4Addr::from(b).to_string())
        }
        WIN_AF_INET6 => {
            let b: [u8; 16] = addr.cast::<[u8; 16]>().read().unwrap_or_default();
            Ok(Ipv6Addr::from(b).to_string())
        }
        _ => Err(wsa(ws::WSAEAFNOSUPPORT)),
    }
}

#[dllexport]
pub fn inet_ntop(
    Family: i32,
    pAddr: GuestPtr<u8>,
    pStringBuf: GuestPtr<u8>,
    StringBufSize: usize,
) -> Win32Result<GuestPtr<u8>> {
    let text = ntop(Family, pAddr)?;
    if pStringBuf.is_null() || StringBufSize <= text.len() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    pStringBuf.write_slice(text.as_bytes());
    pStringBuf.offset(text.len()).write(0);
    Ok(pStringBuf)
}

#[dllexport]
pub fn InetNtopW(
    Family: i32,
    pAddr: GuestPtr<u8>,
    pStringBuf: GuestPtr<u16>,
    StringBufSize: usize,
) -> Win32Result<GuestPtr<u16>> {
    let text: Vec<u16> = ntop(Family, pAddr)?.encode_utf16().collect();
    if pStringBuf.is_null() || StringBufSize <= text.len() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    pStringBuf.write_slice(&text);
    pStringBuf.offset(text.len()).write(0);
    Ok(pStringBuf)
}
