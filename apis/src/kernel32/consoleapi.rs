//! consoleapi.h: the console as a terminal. A handle is a console when its fd is a terminal;
//! on Windows console APIs fail with ERROR_INVALID_HANDLE for a redirected handle, and so here.

use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::file;
use std::sync::atomic::{AtomicU32, Ordering};

fn console(h: Handle) -> Win32Result<std::sync::Arc<file::FileObject>> {
    let f = file::get(h)?;
    if !f.console {
        return Err(Win32Error::INVALID_HANDLE);
    }
    Ok(f)
}

/// The mode bits Windows starts a console with: processed, line and echo input; processed
/// output with wrap at end of line.
static INPUT_MODE: AtomicU32 = AtomicU32::new(0x1 | 0x2 | 0x4 | 0x80 | 0x40 | 0x20);
static OUTPUT_MODE: AtomicU32 = AtomicU32::new(0x1 | 0x2);

fn mode_of(f: &file::FileObject) -> &'static AtomicU32 {
    if f.fd() == 0 {
        &INPUT_MODE
    } else {
        &OUTPUT_MODE
    }
}

#[dllexport]
pub fn GetConsoleMode(hConsoleHandle: Handle, lpMode: GuestPtr<u32>) -> Win32Result<()> {
    let f = console(hConsoleHandle)?;
    lpMode.write_required(mode_of(&f).load(Ordering::Relaxed))
}

#[dllexport]
pub fn SetConsoleMode(hConsoleHandle: Handle, dwMode: u32) -> Win32Result<()> {
    let f = console(hConsoleHandle)?;
    mode_of(&f).store(dwMode, Ordering::Relaxed);
    Ok(())
}

/// Writes UTF-16 to the terminal as UTF-8.
#[dllexport]
pub fn WriteConsoleW(
    hConsoleOutput: Handle,
    lpBuffer: GuestPtr<u16>,
    nNumberOfCharsToWrite: u32,
    lpNumberOfCharsWritten: GuestPtr<u32>,
    lpReserved: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = console(hConsoleOutput)?;
    let units = lpBuffer.read_slice(nNumberOfCharsToWrite as usize);
    let text = String::from_utf16_lossy(&units);
    f.write_bytes(text.as_bytes())?;
    lpNumberOfCharsWritten.write(nNumberOfCharsToWrite);
    Ok(())
}

/// The console code page is UTF-8, so the bytes go through unchanged.
#[dllexport]
pub fn WriteConsoleA(
    hConsoleOutput: Handle,
    lpBuffer: GuestPtr<u8>,
    nNumberOfCharsToWrite: u32,
    lpNumberOfCharsWritten: GuestPtr<u32>,
    lpReserved: GuestPtr<u8>,
) -> Win32Result<()> {
    let f = console(hConsoleOutput)?;
    let n = f.write(lpBuffer.addr(), nNumberOfCharsToWrite as usize)?;
    lpNumberOfCharsWritten.write(n as u32);
    Ok(())
}

static INPUT_CP: AtomicU32 = AtomicU32::new(65001);
static OUTPUT_CP: AtomicU32 = AtomicU32::new(65001);

#[dllexport]
pub fn GetConsoleCP() -> u32 {
    INPUT_CP.load(Ordering::Relaxed)
}

#[dllexport]
pub fn GetConsoleOutputCP() -> u32 {
    OUTPUT_CP.load(Ordering::Relaxed)
}

#[dllexport]
pub fn SetConsoleCP(wCodePageID: u32) -> Win32Result<()> {
    INPUT_CP.store(wCodePageID, Ordering::Relaxed);
    Ok(())
}

#[dllexport]
pub fn SetConsoleOutputCP(wCodePageID: u32) -> Win32Result<()> {
    OUTPUT_CP.store(wCodePageID, Ordering::Relaxed);
    Ok(())
}
