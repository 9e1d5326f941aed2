//! consoleapi2.h: the screen buffer, shown on the terminal: its size comes from the terminal,
//! and text attributes become ANSI colour escapes.

use super::consoleapi::console;
use crate::abi::{GuestPtr, Handle, Win32Result, host};
use crate::dllexport;
use std::sync::atomic::{AtomicU16, Ordering};
use windows_sys::Win32::System::Console::{CONSOLE_SCREEN_BUFFER_INFO, COORD, SMALL_RECT};

/// Grey on black, as a new console starts.
const DEFAULT_ATTRIBUTES: u16 = 0x07;
static ATTRIBUTES: AtomicU16 = AtomicU16::new(DEFAULT_ATTRIBUTES);

/// The screen buffer is the terminal's window: its size, the cursor at the origin (a terminal
/// reports the cursor only through a reply on its input, which would race the program's reads).
#[dllexport]
pub fn GetConsoleScreenBufferInfo(
    hConsoleOutput: Handle,
    lpConsoleScreenBufferInfo: GuestPtr<CONSOLE_SCREEN_BUFFER_INFO>,
) -> Win32Result<()> {
    let f = console(hConsoleOutput)?;
    let (cols, rows) = host::terminal_size(f.fd()).unwrap_or((80, 25));
    let size = COORD {
        X: cols as i16,
        Y: rows as i16,
    };
    lpConsoleScreenBufferInfo.write_required(CONSOLE_SCREEN_BUFFER_INFO {
        dwSize: size,
        dwCursorPosition: COORD { X: 0, Y: 0 },
        wAttributes: ATTRIBUTES.load(Ordering::Relaxed),
        srWindow: SMALL_RECT {
            Left: 0,
            Top: 0,
            Right: size.X - 1,
            Bottom: size.Y - 1,
        },
        dwMaximumWindowSize: size,
    })
}

/// The SGR escape for console attributes: Windows' colour bits are blue, green, red
/// (+ intensity); ANSI's are red, green, blue.
pub fn ansi_escape(attributes: u16) -> String {
    if attributes == DEFAULT_ATTRIBUTES {
        return "\x1b[0m".into();
    }
    let rgb = |bits: u16| (bits & 4) >> 2 | (bits & 2) | (bits & 1) << 2;
    let fg = attributes & 0xF;
    let bg = (attributes >> 4) & 0xF;
    let mut out = String::from("\x1b[0");
    out += &format!(";{}", if fg & 8 != 0 { 90 } else { 30 } + rgb(fg));
    out += &format!(";{}", if bg & 8 != 0 { 100 } else { 40 } + rgb(bg));
    if attributes & 0x8000 != 0 {
        out += ";4"; // COMMON_LVB_UNDERSCORE
    }
    if attributes & 0x4000 != 0 {
        out += ";7"; // COMMON_LVB_REVERSE_VIDEO
    }
    out.push('m');
    out
}

#[dllexport]
pub fn SetConsoleTextAttribute(hConsoleOutput: Handle, wAttributes: u16) -> Win32Result<()> {
    let f = console(hConsoleOutput)?;
    ATTRIBUTES.store(wAttributes, Ordering::Relaxed);
    f.write_bytes(ansi_escape(wAttributes).as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_become_sgr() {
        assert_eq!(ansi_escape(0x07), "\x1b[0m");
        // FOREGROUND_RED | FOREGROUND_INTENSITY on black.
        assert_eq!(ansi_escape(0x0C), "\x1b[0;91;40m");
        // Blue on bright green, underlined.
        assert_eq!(ansi_escape(0x8000 | 0xA1), "\x1b[0;34;102;4m");
    }
}
