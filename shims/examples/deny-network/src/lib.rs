//! deny-network: the program cannot open network connections. `connect` and `WSAConnect` fail
//! with WSAEACCES (10013, "permission denied"), as a firewall that refuses the program would
//! make them, and each refusal is logged (`WINRUN_LOG=shim=warn`, on by default) with the
//! address the program asked for.
//!
//!     winrun --preload libdeny_network_shim.so prog.exe
//!
//! The functions are `provide`d: where winrun has no ws2_32 of its own the shim is the DLL
//! (programs importing them load, and GetProcAddress finds them); where it has one, the shim
//! wraps it. Listening sockets and UDP `sendto` are not refused.

use shims::windows_sys::Win32::Foundation::FALSE;
use shims::{GuestPtr, set_last_error, shim};
use windows_sys::Win32::Networking::WinSock::{AF_INET, AF_INET6, SOCKET_ERROR, WSAEACCES};

/// The address a `sockaddr` of `len` bytes describes, for the log.
fn describe(address: GuestPtr<u8>, len: i32) -> String {
    let bytes = address.read_slice(usize::try_from(len).unwrap_or(0).min(128));
    let family = bytes.get(..2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let port = bytes.get(2..4).map(|b| u16::from_be_bytes([b[0], b[1]]));
    match (family, port) {
        (Some(AF_INET), Some(port)) if bytes.len() >= 8 => {
            format!("{}.{}.{}.{}:{port}", bytes[4], bytes[5], bytes[6], bytes[7])
        }
        (Some(AF_INET6), Some(port)) if bytes.len() >= 24 => {
            let groups: Vec<String> = bytes[8..24]
                .chunks(2)
                .map(|g| format!("{:x}", u16::from_be_bytes([g[0], g[1]])))
                .collect();
            format!("[{}]:{port}", groups.join(":"))
        }
        (Some(family), _) => format!("an address of family {family}"),
        (None, _) => "no address".to_string(),
    }
}

fn refuse(api: &str, address: GuestPtr<u8>, len: i32) -> i32 {
    shims::log!(Warn, "{api} to {} refused", describe(address, len));
    // WSAGetLastError reads the thread's last error, which is where WSASetLastError puts it.
    set_last_error(WSAEACCES as u32);
    SOCKET_ERROR
}

shim! {
    name: "deny-network";
    // int connect(SOCKET s, const struct sockaddr *name, int namelen); ordinal 4 in ws2_32.
    provide fn ws2_32!connect @ 4 (socket: u64, name: GuestPtr<u8>, namelen: i32) -> i32 {
        let _ = socket;
        refuse("connect", name, namelen)
    }
    // int WSAConnect(SOCKET, const struct sockaddr *, int, LPWSABUF, LPWSABUF, LPQOS, LPQOS)
    provide fn ws2_32!WSAConnect(socket: u64, name: GuestPtr<u8>, namelen: i32, caller_data: u64,
        callee_data: u64, socket_qos: u64, group_qos: u64) -> i32 {
        let _ = (socket, caller_data, callee_data, socket_qos, group_qos);
        refuse("WSAConnect", name, namelen)
    }
    // BOOL WSAConnectByNameA(SOCKET, LPCSTR host, LPCSTR port, ...): FALSE with the error.
    provide fn ws2_32!WSAConnectByNameA(socket: u64, host: shims::CStrPtr, port: shims::CStrPtr,
        local_len: u64, local: u64, remote_len: u64, remote: u64, timeout: u64, reserved: u64) -> i32 {
        let _ = (socket, local_len, local, remote_len, remote, timeout, reserved);
        shims::log!(Warn, "WSAConnectByNameA to {}:{} refused",
            host.string().unwrap_or_default(), port.string().unwrap_or_default());
        set_last_error(WSAEACCES as u32);
        FALSE
    }
    // BOOL WSAConnectByNameW(SOCKET, LPWSTR host, LPWSTR port, ...)
    provide fn ws2_32!WSAConnectByNameW(socket: u64, host: shims::WStrPtr, port: shims::WStrPtr,
        local_len: u64, local: u64, remote_len: u64, remote: u64, timeout: u64, reserved: u64) -> i32 {
        let _ = (socket, local_len, local, remote_len, remote, timeout, reserved);
        shims::log!(Warn, "WSAConnectByNameW to {}:{} refused",
            host.string().unwrap_or_default(), port.string().unwrap_or_default());
        set_last_error(WSAEACCES as u32);
        FALSE
    }
}
