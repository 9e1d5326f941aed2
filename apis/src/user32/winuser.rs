//! winuser.h: LoadString from the module's RT_STRING resources, MessageBox, key state.

use crate::abi::{CStrPtr, GuestPtr, Handle, WStrPtr, mem};
use crate::dllexport;
use crate::kernel32::libloaderapi_resources::module_base;
use crate::nt::resources::{self, ResId};
use windows_sys::Win32::UI::WindowsAndMessaging as wm;

/// MAKEINTRESOURCE(6) (windows-sys files RT_STRING under Media::KernelStreaming only).
const RT_STRING: u16 = 6;

/// The string table entry `id`: (guest address of its characters, length in UTF-16 units).
/// Strings live in blocks of 16 (block `id / 16 + 1`), each a length-prefixed UTF-16 run.
fn string_resource(hInstance: Handle, id: u32) -> Option<(u64, usize)> {
    let id = id as u16;
    let base = module_base(hInstance).ok()?;
    let (data, size) = resources::find(base, &ResId::Id(RT_STRING), &ResId::Id((id >> 4) + 1), 0)
        .map_err(|e| crate::nt::teb::set_last_error(e.0))
        .ok()?;
    let block: Vec<u16> = mem::read_slice(data, size as usize / 2);
    let mut at = 0usize;
    for _ in 0..(id & 0xf) {
        at += 1 + usize::from(*block.get(at)?);
    }
    let len = usize::from(*block.get(at)?);
    (at + 1 + len <= block.len()).then_some((data + 2 * (at as u64 + 1), len))
}

/// Copies string `uID` into the buffer (truncated to `cchBufferMax - 1` characters plus NUL) and
/// returns its length; with `cchBufferMax` 0 it stores a read-only pointer to the resource's
/// characters (not NUL-terminated) instead. 0 when there is no such string.
#[dllexport]
pub fn LoadStringW(hInstance: Handle, uID: u32, lpBuffer: GuestPtr<u16>, cchBufferMax: i32) -> i32 {
    if lpBuffer.is_null() {
        return 0;
    }
    let Some((chars, len)) = string_resource(hInstance, uID) else {
        return 0;
    };
    if cchBufferMax == 0 {
        lpBuffer.cast::<u64>().write(chars);
        return len as i32;
    }
    let n = (len as i64).min(i64::from(cchBufferMax) - 1);
    if n > 0 {
        mem::copy_within(lpBuffer.addr(), chars, 2 * n as usize);
        lpBuffer.offset(n as usize).write(0);
        n as i32
    } else {
        if cchBufferMax > 1 {
            lpBuffer.write(0);
        }
        0
    }
}

/// The string in the process code page (UTF-8), cut at a character boundary to fit
/// `cchBufferMax - 1` bytes; returns the bytes stored.
#[dllexport]
pub fn LoadStringA(hInstance: Handle, uID: u32, lpBuffer: GuestPtr<u8>, cchBufferMax: i32) -> i32 {
    if lpBuffer.is_null() || cchBufferMax <= 0 {
        return 0;
    }
    let text = match string_resource(hInstance, uID) {
        Some((chars, len)) => String::from_utf16_lossy(&mem::read_slice::<u16>(chars, len)),
        None => String::new(),
    };
    let room = cchBufferMax as usize - 1;
    let mut end = text.len().min(room);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    lpBuffer.write_slice(&text.as_bytes()[..end]);
    lpBuffer.offset(end).write(0);
    end as i32
}

/// The button a user pressing Enter would choose: the default button (MB_DEFBUTTONn) of the
/// box's button set.
fn default_button(uType: u32) -> i32 {
    let buttons: &[i32] = match uType & wm::MB_TYPEMASK {
        wm::MB_OKCANCEL => &[wm::IDOK, wm::IDCANCEL],
        wm::MB_ABORTRETRYIGNORE => &[wm::IDABORT, wm::IDRETRY, wm::IDIGNORE],
        wm::MB_YESNOCANCEL => &[wm::IDYES, wm::IDNO, wm::IDCANCEL],
        wm::MB_YESNO => &[wm::IDYES, wm::IDNO],
        wm::MB_RETRYCANCEL => &[wm::IDRETRY, wm::IDCANCEL],
        wm::MB_CANCELTRYCONTINUE => &[wm::IDCANCEL, wm::IDTRYAGAIN, wm::IDCONTINUE],
        _ => &[wm::IDOK],
    };
    let index = ((uType & wm::MB_DEFMASK) >> 8) as usize;
    buttons.get(index).copied().unwrap_or(buttons[0])
}

/// There is no desktop: the box is written to stderr as "caption: text" and answered with its
/// default button. A NULL caption is "Error", as on Windows.
fn message_box(text: Option<String>, caption: Option<String>, uType: u32) -> i32 {
    use std::io::Write;
    let caption = caption.unwrap_or_else(|| "Error".to_string());
    let line = format!("{caption}: {}\n", text.unwrap_or_default());
    let _ = std::io::stderr().write_all(line.as_bytes());
    default_button(uType)
}

#[dllexport]
pub fn MessageBoxW(hWnd: Handle, lpText: WStrPtr, lpCaption: WStrPtr, uType: u32) -> i32 {
    let _ = hWnd;
    message_box(lpText.string(), lpCaption.string(), uType)
}

#[dllexport]
pub fn MessageBoxA(hWnd: Handle, lpText: CStrPtr, lpCaption: CStrPtr, uType: u32) -> i32 {
    let _ = hWnd;
    message_box(lpText.string(), lpCaption.string(), uType)
}

#[dllexport]
pub fn MessageBoxExW(
    hWnd: Handle,
    lpText: WStrPtr,
    lpCaption: WStrPtr,
    uType: u32,
    wLanguageId: u16,
) -> i32 {
    let _ = (hWnd, wLanguageId);
    message_box(lpText.string(), lpCaption.string(), uType)
}

#[dllexport]
pub fn MessageBoxExA(
    hWnd: Handle,
    lpText: CStrPtr,
    lpCaption: CStrPtr,
    uType: u32,
    wLanguageId: u16,
) -> i32 {
    let _ = (hWnd, wLanguageId);
    message_box(lpText.string(), lpCaption.string(), uType)
}

/// A console program has no window with keyboard focus: no key is down or toggled.
#[dllexport]
pub fn GetKeyState(nVirtKey: i32) -> i16 {
    let _ = nVirtKey;
    0
}

#[dllexport]
pub fn GetAsyncKeyState(vKey: i32) -> i16 {
    let _ = vKey;
    0
}
