//! combaseapi.h / objbase.h: COM initialisation, the task allocator, GUIDs, and object creation
//! (no class is registered under winrun, so creating one fails as it does for an unregistered
//! class on Windows).

use crate::abi::{GuestPtr, Handle, host};
use crate::dllexport;
use crate::kernel32::heapapi;
use std::cell::Cell;
use windows_sys::Win32::Foundation::{
    E_INVALIDARG, E_OUTOFMEMORY, E_POINTER, REGDB_E_CLASSNOTREG, RPC_E_CHANGED_MODE, S_FALSE, S_OK,
};
use windows_sys::core::GUID;

const COINIT_APARTMENTTHREADED: u32 = 2;

thread_local! {
    /// How many times this thread initialised COM, and in which concurrency model.
    static COM_INIT: Cell<(u32, u32)> = const { Cell::new((0, 0)) };
}

/// S_OK the first time on a thread, S_FALSE after; RPC_E_CHANGED_MODE when the thread already
/// chose the other concurrency model.
#[dllexport]
pub fn CoInitializeEx(pvReserved: u64, dwCoInit: u32) -> i32 {
    let model = dwCoInit & COINIT_APARTMENTTHREADED;
    COM_INIT.with(|c| {
        let (count, current) = c.get();
        if count == 0 {
            c.set((1, model));
            S_OK
        } else if current != model {
            RPC_E_CHANGED_MODE
        } else {
            c.set((count + 1, current));
            S_FALSE
        }
    })
}

#[dllexport]
pub fn CoInitialize(pvReserved: u64) -> i32 {
    CoInitializeEx(pvReserved, COINIT_APARTMENTTHREADED)
}

#[dllexport]
pub fn CoUninitialize() {
    COM_INIT.with(|c| {
        let (count, model) = c.get();
        c.set((count.saturating_sub(1), model));
    });
}

#[dllexport]
pub fn CoTaskMemAlloc(cb: usize) -> GuestPtr<u8> {
    GuestPtr::new(heapapi::process_heap_alloc(cb, false))
}

#[dllexport]
pub fn CoTaskMemFree(pv: GuestPtr<u8>) {
    let _ = heapapi::process_heap_free(pv.addr());
}

/// A null `pv` allocates; a zero `cb` frees and returns null.
#[dllexport]
pub fn CoTaskMemRealloc(pv: GuestPtr<u8>, cb: usize) -> GuestPtr<u8> {
    if pv.is_null() {
        return CoTaskMemAlloc(cb);
    }
    if cb == 0 {
        CoTaskMemFree(pv);
        return GuestPtr::NULL;
    }
    heapapi::HeapReAlloc(heapapi::GetProcessHeap(), 0, pv, cb).unwrap_or(GuestPtr::NULL)
}

/// A random (version 4) GUID.
#[dllexport]
pub fn CoCreateGuid(pguid: GuestPtr<GUID>) -> i32 {
    if pguid.is_null() {
        return E_INVALIDARG;
    }
    let mut bytes = [0u8; 16];
    let at = bytes.as_mut_ptr() as u64;
    if host::fill_random(at, 16).is_err() {
        return E_OUTOFMEMORY;
    }
    bytes[7] = (bytes[7] & 0x0f) | 0x40; // version 4, in the little-endian Data3
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    pguid.cast::<[u8; 16]>().write(bytes);
    S_OK
}

/// "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}": returns the characters written with the NUL (39),
/// or 0 when `cchMax` is too small.
#[dllexport]
pub fn StringFromGUID2(rguid: GuestPtr<GUID>, lpsz: GuestPtr<u16>, cchMax: i32) -> i32 {
    let Some(g) = rguid.read() else {
        return 0;
    };
    let text = format!(
        "{{{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}}}",
        g.data1,
        g.data2,
        g.data3,
        g.data4[0],
        g.data4[1],
        g.data4[2],
        g.data4[3],
        g.data4[4],
        g.data4[5],
        g.data4[6],
        g.data4[7]
    );
    let units: Vec<u16> = text.encode_utf16().chain([0]).collect();
    if cchMax < units.len() as i32 || lpsz.is_null() {
        return 0;
    }
    lpsz.write_slice(&units);
    units.len() as i32
}

#[dllexport]
pub fn CoCreateInstance(
    rclsid: GuestPtr<GUID>,
    pUnkOuter: Handle,
    dwClsContext: u32,
    riid: GuestPtr<GUID>,
    ppv: GuestPtr<u64>,
) -> i32 {
    if ppv.is_null() {
        return E_POINTER;
    }
    ppv.write(0);
    REGDB_E_CLASSNOTREG
}
