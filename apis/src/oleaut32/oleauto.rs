//! oleauto.h: BSTRs and VARIANTs.
//!
//! A BSTR is a pointer to UTF-16 text preceded by its length in bytes (a u32) and followed by a
//! NUL; the block comes from the process heap, four bytes before the pointer.

use crate::abi::{GuestPtr, WStrPtr, call, mem};
use crate::dllexport;
use crate::kernel32::heapapi::{process_heap_alloc, process_heap_free};
use windows_sys::Win32::Foundation::{DISP_E_BADVARTYPE, E_INVALIDARG, E_NOTIMPL, S_OK};
use windows_sys::Win32::System::Variant::{
    VARIANT, VT_ARRAY, VT_BSTR, VT_BYREF, VT_DISPATCH, VT_EMPTY, VT_RECORD, VT_TYPEMASK,
    VT_UNKNOWN, VT_VECTOR,
};

/// A new BSTR of `bytes` bytes, copied from `src` when it is not null; 0 when out of memory.
fn alloc_bstr(src: u64, bytes: u32) -> u64 {
    // Length prefix, text, and a whole WCHAR NUL even after an odd byte count.
    let block = process_heap_alloc(4 + bytes as usize + 2, src == 0);
    if block == 0 {
        return 0;
    }
    mem::write(block, bytes);
    if src != 0 {
        mem::copy_within(block + 4, src, bytes as usize);
    }
    mem::write::<u16>(block + 4 + bytes as u64, 0);
    if bytes % 2 == 1 {
        mem::write::<u8>(block + 5 + bytes as u64, 0);
    }
    block + 4
}

fn bstr_byte_len(bstr: u64) -> u32 {
    if bstr == 0 {
        0
    } else {
        mem::read::<u32>(bstr - 4).unwrap_or(0)
    }
}

#[dllexport]
pub fn SysAllocString(psz: WStrPtr) -> GuestPtr<u16> {
    match psz.units() {
        Some(units) => GuestPtr::new(alloc_bstr(psz.0, units.len() as u32 * 2)),
        None => GuestPtr::NULL,
    }
}

/// `ui` characters from `strIn`, or `ui` zeroed characters when `strIn` is null.
#[dllexport]
pub fn SysAllocStringLen(strIn: GuestPtr<u16>, ui: u32) -> GuestPtr<u16> {
    match ui.checked_mul(2) {
        Some(bytes) => GuestPtr::new(alloc_bstr(strIn.addr(), bytes)),
        None => GuestPtr::NULL,
    }
}

#[dllexport]
pub fn SysAllocStringByteLen(psz: GuestPtr<u8>, len: u32) -> GuestPtr<u16> {
    GuestPtr::new(alloc_bstr(psz.addr(), len))
}

#[dllexport]
pub fn SysFreeString(bstrString: GuestPtr<u16>) {
    if !bstrString.is_null() {
        let _ = process_heap_free(bstrString.addr() - 4);
    }
}

#[dllexport]
pub fn SysStringLen(pbstr: GuestPtr<u16>) -> u32 {
    bstr_byte_len(pbstr.addr()) / 2
}

#[dllexport]
pub fn SysStringByteLen(bstr: GuestPtr<u16>) -> u32 {
    bstr_byte_len(bstr.addr())
}

fn realloc_bstr(pbstr: GuestPtr<u64>, src: u64, bytes: u32) -> i32 {
    let Some(old) = pbstr.read() else {
        return 0;
    };
    // The source may lie inside the old string, so copy before freeing.
    let new = alloc_bstr(src, bytes);
    if new == 0 {
        return 0;
    }
    SysFreeString(GuestPtr::new(old));
    pbstr.write(new);
    1
}

#[dllexport]
pub fn SysReAllocString(pbstr: GuestPtr<u64>, psz: WStrPtr) -> i32 {
    let bytes = psz.units().map_or(0, |u| u.len() as u32 * 2);
    realloc_bstr(pbstr, psz.0, bytes)
}

#[dllexport]
pub fn SysReAllocStringLen(pbstr: GuestPtr<u64>, psz: GuestPtr<u16>, len: u32) -> i32 {
    match len.checked_mul(2) {
        Some(bytes) => realloc_bstr(pbstr, psz.addr(), bytes),
        None => 0,
    }
}

/// Whether `vt` is a type a VARIANT may hold (VT_FILETIME, VT_BLOB ... are PROPVARIANT-only).
fn valid_variant_type(vt: u16) -> bool {
    let base = vt & VT_TYPEMASK;
    if vt & VT_VECTOR != 0 || vt & !(VT_TYPEMASK | VT_ARRAY | VT_BYREF) != 0 {
        return false;
    }
    match base {
        // VT_EMPTY and VT_NULL cannot be arrays or references.
        0 | 1 => vt & (VT_ARRAY | VT_BYREF) == 0,
        2..=14 | 16..=23 => true,
        _ => base == VT_RECORD,
    }
}

fn vt_of(pvarg: GuestPtr<VARIANT>) -> Option<u16> {
    pvarg.cast::<u16>().read()
}

/// The guest COM object's IUnknown method at vtable slot `slot` (1 AddRef, 2 Release).
fn call_unknown(object: u64, slot: u64) {
    if object != 0
        && let Some(vtable) = mem::read::<u64>(object)
        && let Some(method) = mem::read::<u64>(vtable + 8 * slot)
    {
        call::call(method, &[object]);
    }
}

#[dllexport]
pub fn VariantInit(pvarg: GuestPtr<VARIANT>) {
    pvarg.cast::<u16>().write(VT_EMPTY);
}

/// Frees what the VARIANT owns (a BSTR, a reference on an interface) and empties it. Arrays
/// (SAFEARRAY) and records are not supported: E_NOTIMPL.
#[dllexport]
pub fn VariantClear(pvarg: GuestPtr<VARIANT>) -> i32 {
    let Some(vt) = vt_of(pvarg) else {
        return E_INVALIDARG;
    };
    if !valid_variant_type(vt) {
        return DISP_E_BADVARTYPE;
    }
    let value = mem::read::<u64>(pvarg.addr() + 8).unwrap_or(0);
    if vt & VT_BYREF == 0 {
        if vt & VT_ARRAY != 0 || vt == VT_RECORD {
            tracing::warn!(target: "oleaut32::oleauto", "VariantClear of type {vt:#x} is not supported");
            return E_NOTIMPL;
        }
        match vt {
            VT_BSTR => SysFreeString(GuestPtr::new(value)),
            VT_UNKNOWN | VT_DISPATCH => call_unknown(value, 2),
            _ => {}
        }
    }
    pvarg.cast::<u16>().write(VT_EMPTY);
    S_OK
}

/// Copies `pvargSrc` into `pvargDest` (cleared first): a BSTR is duplicated, an interface gains
/// a reference. Arrays and records are not supported: E_NOTIMPL.
#[dllexport]
pub fn VariantCopy(pvargDest: GuestPtr<VARIANT>, pvargSrc: GuestPtr<VARIANT>) -> i32 {
    let Some(vt) = vt_of(pvargSrc) else {
        return E_INVALIDARG;
    };
    if !valid_variant_type(vt) {
        return DISP_E_BADVARTYPE;
    }
    if pvargDest == pvargSrc {
        return S_OK;
    }
    if vt & VT_BYREF == 0 && (vt & VT_ARRAY != 0 || vt == VT_RECORD) {
        tracing::warn!(target: "oleaut32::oleauto", "VariantCopy of type {vt:#x} is not supported");
        return E_NOTIMPL;
    }
    let cleared = VariantClear(pvargDest);
    if cleared != S_OK {
        return cleared;
    }
    let Some(mut copy) = pvargSrc.read() else {
        return E_INVALIDARG;
    };
    let value = mem::read::<u64>(pvargSrc.addr() + 8).unwrap_or(0);
    if vt & VT_BYREF == 0 {
        match vt {
            VT_BSTR if value != 0 => {
                let dup = alloc_bstr(value, bstr_byte_len(value));
                if dup == 0 {
                    return windows_sys::Win32::Foundation::E_OUTOFMEMORY;
                }
                pvargDest.write(copy);
                mem::write(pvargDest.addr() + 8, dup);
                return S_OK;
            }
            VT_UNKNOWN | VT_DISPATCH => call_unknown(value, 1),
            _ => {}
        }
    }
    copy.Anonymous.Anonymous.vt = vt;
    pvargDest.write(copy);
    S_OK
}
