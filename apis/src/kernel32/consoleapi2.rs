//! consoleapi2.h: screen buffers, shown on the terminal. The main buffer is the terminal's
//! window (its size, its cursor); winrun keeps the cells of each buffer (nt::screen), so what
//! the functions here write can be read back, and they draw the cells they change on the
//! terminal with cursor moves and ANSI colour escapes inside a save/restore of the cursor, so
//! the program's own cursor stays where it was.

use super::consoleapi::{console, is_input};
use super::fileapi::inherit_of;
use crate::abi::handles::HANDLES;
use crate::abi::{
    CStrPtr, GuestPtr, Handle, HandleOrInvalid, WStrPtr, Win32Error, Win32Result, host, mem,
};
use crate::dllexport;
use crate::nt::screen::{self, Cell, Screen, ScreenBuffer, ansi_escape};
use crate::nt::{console as terminal, file::FileObject};
use std::sync::{Arc, Mutex, MutexGuard};
use windows_sys::Win32::System::Console::{
    CHAR_INFO, CHAR_INFO_0, CONSOLE_CURSOR_INFO, CONSOLE_SCREEN_BUFFER_INFO,
    CONSOLE_SCREEN_BUFFER_INFOEX, CONSOLE_TEXTMODE_BUFFER, COORD, INPUT_RECORD, SMALL_RECT,
};

/// A console handle for output, else ERROR_INVALID_HANDLE.
fn console_output(h: Handle) -> Win32Result<Arc<FileObject>> {
    let f = console(h)?;
    if is_input(&f) {
        return Err(Win32Error::INVALID_HANDLE);
    }
    Ok(f)
}

/// A COORD passed by value: X in the low 16 bits, Y in the high.
fn coord(packed: u32) -> (i16, i16) {
    (packed as u16 as i16, (packed >> 16) as u16 as i16)
}

/// The cells of the buffer `f` writes to, kept from now on (see nt::screen).
fn cells(f: &FileObject) -> MutexGuard<'_, Screen> {
    screen::of(f).model(f, None)
}

/// Size, cursor and attributes of the buffer `f` writes to. The main buffer, before it keeps
/// cells, is the terminal: its size, and the cursor it reports.
fn buffer_state(f: &FileObject) -> ((i16, i16), COORD, u16) {
    let buffer = screen::of(f);
    if buffer.is_modelled() {
        let s = buffer.model(f, None);
        let cursor = COORD {
            X: s.cursor.0,
            Y: s.cursor.1,
        };
        return (s.size, cursor, s.attributes);
    }
    let (x, y) = terminal::cursor_position(0, f).unwrap_or((0, 0));
    let cursor = COORD {
        X: x as i16,
        Y: y as i16,
    };
    (screen::terminal_size(f), cursor, buffer.lock().attributes)
}

/// The size of the buffer `f` writes to.
fn buffer_size(f: &FileObject) -> (i16, i16) {
    let buffer = screen::of(f);
    if buffer.is_modelled() {
        buffer.model(f, None).size
    } else {
        screen::terminal_size(f)
    }
}

fn window(size: (i16, i16)) -> SMALL_RECT {
    SMALL_RECT {
        Left: 0,
        Top: 0,
        Right: size.0 - 1,
        Bottom: size.1 - 1,
    }
}

#[dllexport]
pub fn GetConsoleScreenBufferInfo(
    hConsoleOutput: Handle,
    lpConsoleScreenBufferInfo: GuestPtr<CONSOLE_SCREEN_BUFFER_INFO>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let (size, cursor, attributes) = buffer_state(&f);
    let size_coord = COORD {
        X: size.0,
        Y: size.1,
    };
    lpConsoleScreenBufferInfo.write_required(CONSOLE_SCREEN_BUFFER_INFO {
        dwSize: size_coord,
        dwCursorPosition: cursor,
        wAttributes: attributes,
        srWindow: window(size),
        dwMaximumWindowSize: size_coord,
    })
}

/// The colours a new Windows 10 console shows for the 16 attribute colours (COLORREF, 0xBBGGRR).
const COLOR_TABLE: [u32; 16] = [
    0x0C0C0C, 0xDA3700, 0x0EA113, 0xDD963A, 0x1F0FC5, 0x981788, 0x009CC1, 0xCCCCCC, 0x767676,
    0xFF783B, 0x0CC616, 0xD6D661, 0x5648E7, 0x9E00B4, 0xA5F1F9, 0xF2F2F2,
];

/// cbSize must be the structure's size, else ERROR_INVALID_PARAMETER.
#[dllexport]
pub fn GetConsoleScreenBufferInfoEx(
    hConsoleOutput: Handle,
    lpConsoleScreenBufferInfoEx: GuestPtr<CONSOLE_SCREEN_BUFFER_INFOEX>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let mut info: CONSOLE_SCREEN_BUFFER_INFOEX = lpConsoleScreenBufferInfoEx
        .read()
        .ok_or(Win32Error::NOACCESS)?;
    if info.cbSize as usize != size_of::<CONSOLE_SCREEN_BUFFER_INFOEX>() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let (size, cursor, attributes) = buffer_state(&f);
    info.dwSize = COORD {
        X: size.0,
        Y: size.1,
    };
    info.dwCursorPosition = cursor;
    info.wAttributes = attributes;
    info.srWindow = window(size);
    info.dwMaximumWindowSize = info.dwSize;
    // White on purple, the pop-up colours of a new console.
    info.wPopupAttributes = 0xF5;
    info.bFullscreenSupported = 0;
    info.ColorTable = COLOR_TABLE;
    lpConsoleScreenBufferInfoEx.write_required(info)
}

#[dllexport]
pub fn SetConsoleTextAttribute(hConsoleOutput: Handle, wAttributes: u16) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let buffer = screen::of(&f);
    let mut s = buffer.lock();
    s.attributes = wAttributes;
    screen::show(&f, buffer, ansi_escape(wAttributes).as_bytes())
}

/// A position outside the buffer is ERROR_INVALID_PARAMETER. The main buffer keeps its cells
/// from here on: the cursor is known without asking the terminal.
#[dllexport]
pub fn SetConsoleCursorPosition(hConsoleOutput: Handle, dwCursorPosition: u32) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let (x, y) = coord(dwCursorPosition);
    let (w, h) = buffer_size(&f);
    if x < 0 || y < 0 || x >= w || y >= h {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let buffer = screen::of(&f);
    let mut s = buffer.model(&f, Some((x, y)));
    s.set_cursor((x, y));
    screen::show(&f, buffer, format!("\x1b[{};{}H", y + 1, x + 1).as_bytes())
}

#[dllexport]
pub fn GetConsoleCursorInfo(
    hConsoleOutput: Handle,
    lpConsoleCursorInfo: GuestPtr<CONSOLE_CURSOR_INFO>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let s = screen::of(&f).lock();
    lpConsoleCursorInfo.write_required(CONSOLE_CURSOR_INFO {
        dwSize: s.cursor_size as u32,
        bVisible: s.cursor_visible as i32,
    })
}

/// Visibility becomes `ESC[?25l` / `ESC[?25h`; the size (1-100 percent, else
/// ERROR_INVALID_PARAMETER) is remembered, as a terminal's cursor shape is its own.
#[dllexport]
pub fn SetConsoleCursorInfo(
    hConsoleOutput: Handle,
    lpConsoleCursorInfo: GuestPtr<CONSOLE_CURSOR_INFO>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let info = lpConsoleCursorInfo.read().ok_or(Win32Error::NOACCESS)?;
    if !(1..=100).contains(&info.dwSize) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let buffer = screen::of(&f);
    let mut s = buffer.lock();
    s.cursor_size = info.dwSize as u16;
    let visible = info.bVisible != 0;
    s.cursor_visible = visible;
    screen::show(
        &f,
        buffer,
        if visible { b"\x1b[?25h" } else { b"\x1b[?25l" },
    )?;
    if screen::is_active(buffer) {
        terminal::note_cursor_visible(f.fd(), visible);
    }
    Ok(())
}

/// Sets `count` cells from `at` with `set` (wrapping, stopping at the end of the buffer) and
/// draws them; returns how many were set.
fn set_cells(
    f: &FileObject,
    at: u32,
    count: usize,
    set: impl FnMut(usize, &mut Cell),
) -> Win32Result<u32> {
    let buffer = screen::of(f);
    let mut s = buffer.model(f, None);
    let mut out = String::new();
    let n = s.write_cells(coord(at), count, &mut out, set);
    screen::draw(f, buffer, &out)?;
    Ok(n as u32)
}

/// Fills `nLength` cells from a position with one character, keeping their attributes.
#[dllexport]
pub fn FillConsoleOutputCharacterW(
    hConsoleOutput: Handle,
    cCharacter: u16,
    nLength: u32,
    dwWriteCoord: u32,
    lpNumberOfCharsWritten: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let n = set_cells(&f, dwWriteCoord, nLength as usize, |_, cell| {
        cell.0 = cCharacter
    })?;
    lpNumberOfCharsWritten.write_required(n)
}

#[dllexport]
pub fn FillConsoleOutputCharacterA(
    hConsoleOutput: Handle,
    cCharacter: u8,
    nLength: u32,
    dwWriteCoord: u32,
    lpNumberOfCharsWritten: GuestPtr<u32>,
) -> Win32Result<()> {
    FillConsoleOutputCharacterW(
        hConsoleOutput,
        ansi_char(cCharacter),
        nLength,
        dwWriteCoord,
        lpNumberOfCharsWritten,
    )
}

/// A single byte in the console code page (UTF-8): ASCII, anything else has no character.
fn ansi_char(byte: u8) -> u16 {
    if byte < 0x80 { byte as u16 } else { 0xFFFD }
}

/// A character as a single byte of the console code page (UTF-8): beyond ASCII, '?'.
fn ansi_byte(ch: u16) -> u8 {
    if ch < 0x80 { ch as u8 } else { b'?' }
}

/// Sets the attributes of `nLength` cells from a position, keeping their characters (the
/// terminal redraws those characters in the new colours).
#[dllexport]
pub fn FillConsoleOutputAttribute(
    hConsoleOutput: Handle,
    wAttribute: u16,
    nLength: u32,
    dwWriteCoord: u32,
    lpNumberOfAttrsWritten: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let n = set_cells(&f, dwWriteCoord, nLength as usize, |_, cell| {
        cell.1 = wAttribute
    })?;
    lpNumberOfAttrsWritten.write_required(n)
}

/// Writes characters into cells from a position (wrapping, stopping at the end of the
/// buffer), keeping the cells' attributes and the cursor where it is.
#[dllexport]
pub fn WriteConsoleOutputCharacterW(
    hConsoleOutput: Handle,
    lpCharacter: GuestPtr<u16>,
    nLength: u32,
    dwWriteCoord: u32,
    lpNumberOfCharsWritten: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let chars = lpCharacter.read_slice(nLength as usize);
    let n = set_cells(&f, dwWriteCoord, chars.len(), |i, cell| cell.0 = chars[i])?;
    lpNumberOfCharsWritten.write_required(n)
}

/// The text is in the console code page, UTF-8.
#[dllexport]
pub fn WriteConsoleOutputCharacterA(
    hConsoleOutput: Handle,
    lpCharacter: GuestPtr<u8>,
    nLength: u32,
    dwWriteCoord: u32,
    lpNumberOfCharsWritten: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let bytes = lpCharacter.read_slice(nLength as usize);
    let chars: Vec<u16> = String::from_utf8_lossy(&bytes).encode_utf16().collect();
    let n = set_cells(&f, dwWriteCoord, chars.len(), |i, cell| cell.0 = chars[i])?;
    lpNumberOfCharsWritten.write_required(n)
}

/// Sets the attributes of cells from a position, keeping their characters.
#[dllexport]
pub fn WriteConsoleOutputAttribute(
    hConsoleOutput: Handle,
    lpAttribute: GuestPtr<u16>,
    nLength: u32,
    dwWriteCoord: u32,
    lpNumberOfAttrsWritten: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let attributes = lpAttribute.read_slice(nLength as usize);
    let n = set_cells(&f, dwWriteCoord, attributes.len(), |i, cell| {
        cell.1 = attributes[i]
    })?;
    lpNumberOfAttrsWritten.write_required(n)
}

/// Up to `nLength` characters from a position, in reading order to the end of the buffer.
#[dllexport]
pub fn ReadConsoleOutputCharacterW(
    hConsoleOutput: Handle,
    lpCharacter: GuestPtr<u16>,
    nLength: u32,
    dwReadCoord: u32,
    lpNumberOfCharsRead: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let chars: Vec<u16> = cells(&f)
        .cells_from(coord(dwReadCoord), nLength as usize)
        .iter()
        .map(|c| c.0)
        .collect();
    if !lpCharacter.write_slice(&chars) {
        return Err(Win32Error::NOACCESS);
    }
    lpNumberOfCharsRead.write_required(chars.len() as u32)
}

/// The characters in the console code page (UTF-8): one byte each, '?' beyond ASCII.
#[dllexport]
pub fn ReadConsoleOutputCharacterA(
    hConsoleOutput: Handle,
    lpCharacter: GuestPtr<u8>,
    nLength: u32,
    dwReadCoord: u32,
    lpNumberOfCharsRead: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let chars: Vec<u8> = cells(&f)
        .cells_from(coord(dwReadCoord), nLength as usize)
        .iter()
        .map(|c| ansi_byte(c.0))
        .collect();
    if !lpCharacter.write_slice(&chars) {
        return Err(Win32Error::NOACCESS);
    }
    lpNumberOfCharsRead.write_required(chars.len() as u32)
}

#[dllexport]
pub fn ReadConsoleOutputAttribute(
    hConsoleOutput: Handle,
    lpAttribute: GuestPtr<u16>,
    nLength: u32,
    dwReadCoord: u32,
    lpNumberOfAttrsRead: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let attributes: Vec<u16> = cells(&f)
        .cells_from(coord(dwReadCoord), nLength as usize)
        .iter()
        .map(|c| c.1)
        .collect();
    if !lpAttribute.write_slice(&attributes) {
        return Err(Win32Error::NOACCESS);
    }
    lpNumberOfAttrsRead.write_required(attributes.len() as u32)
}

/// The rectangle `r` clipped to a buffer of `size`; empty when Right < Left or Bottom < Top.
fn clip(r: SMALL_RECT, size: (i16, i16)) -> SMALL_RECT {
    SMALL_RECT {
        Left: r.Left.max(0),
        Top: r.Top.max(0),
        Right: r.Right.min(size.0 - 1),
        Bottom: r.Bottom.min(size.1 - 1),
    }
}

/// Which way a rectangle of cells goes between the screen buffer and the caller's buffer.
enum Transfer {
    Write { ansi: bool },
    Read { ansi: bool },
}

/// Copies a rectangle of cells between the caller's buffer (`buffer_size` cells wide and high,
/// the part from `buffer_coord` on) and `region` of the screen buffer; `region` is set to the
/// cells actually copied (clipped to the screen buffer and to the caller's buffer).
fn transfer(
    h: Handle,
    buffer: GuestPtr<CHAR_INFO>,
    buffer_size: u32,
    buffer_coord: u32,
    region: GuestPtr<SMALL_RECT>,
    how: Transfer,
) -> Win32Result<()> {
    let f = console_output(h)?;
    let wanted = region.read().ok_or(Win32Error::NOACCESS)?;
    let (bw, bh) = coord(buffer_size);
    let (bx, by) = coord(buffer_coord);
    if bw <= 0 || bh <= 0 || bx < 0 || by < 0 || bx >= bw || by >= bh {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let target = screen::of(&f);
    let mut s = target.model(&f, None);
    let mut r = clip(wanted, s.size);
    // No more than the caller's buffer holds from `buffer_coord`.
    r.Right = r.Right.min(wanted.Left.saturating_add(bw - bx - 1));
    r.Bottom = r.Bottom.min(wanted.Top.saturating_add(bh - by - 1));
    let mut out = String::new();
    if r.Left <= r.Right && r.Top <= r.Bottom {
        let width = (r.Right - r.Left + 1) as usize;
        let src_col = (bx + r.Left - wanted.Left) as usize;
        let row_start = |y: i16| (by + y - wanted.Top) as usize * bw as usize + src_col;
        match how {
            Transfer::Write { ansi } => {
                let cells = buffer.read_slice(bw as usize * bh as usize);
                for y in r.Top..=r.Bottom {
                    let row = &cells[row_start(y)..row_start(y) + width];
                    s.write_cells((r.Left, y), width, &mut out, |i, cell| {
                        let ch = mem::cell_char(&row[i]);
                        *cell = (
                            if ansi { ansi_char(ch as u8) } else { ch },
                            row[i].Attributes,
                        )
                    });
                }
            }
            Transfer::Read { ansi } => {
                for y in r.Top..=r.Bottom {
                    let row: Vec<CHAR_INFO> = s
                        .cells_from((r.Left, y), width)
                        .iter()
                        .map(|&(ch, attributes)| CHAR_INFO {
                            Char: CHAR_INFO_0 {
                                UnicodeChar: if ansi { ansi_byte(ch) as u16 } else { ch },
                            },
                            Attributes: attributes,
                        })
                        .collect();
                    if !buffer.offset(row_start(y)).write_slice(&row) {
                        return Err(Win32Error::NOACCESS);
                    }
                }
            }
        }
    }
    screen::draw(&f, target, &out)?;
    drop(s);
    region.write_required(r)
}

#[dllexport]
pub fn WriteConsoleOutputW(
    hConsoleOutput: Handle,
    lpBuffer: GuestPtr<CHAR_INFO>,
    dwBufferSize: u32,
    dwBufferCoord: u32,
    lpWriteRegion: GuestPtr<SMALL_RECT>,
) -> Win32Result<()> {
    transfer(
        hConsoleOutput,
        lpBuffer,
        dwBufferSize,
        dwBufferCoord,
        lpWriteRegion,
        Transfer::Write { ansi: false },
    )
}

#[dllexport]
pub fn WriteConsoleOutputA(
    hConsoleOutput: Handle,
    lpBuffer: GuestPtr<CHAR_INFO>,
    dwBufferSize: u32,
    dwBufferCoord: u32,
    lpWriteRegion: GuestPtr<SMALL_RECT>,
) -> Win32Result<()> {
    transfer(
        hConsoleOutput,
        lpBuffer,
        dwBufferSize,
        dwBufferCoord,
        lpWriteRegion,
        Transfer::Write { ansi: true },
    )
}

#[dllexport]
pub fn ReadConsoleOutputW(
    hConsoleOutput: Handle,
    lpBuffer: GuestPtr<CHAR_INFO>,
    dwBufferSize: u32,
    dwBufferCoord: u32,
    lpReadRegion: GuestPtr<SMALL_RECT>,
) -> Win32Result<()> {
    transfer(
        hConsoleOutput,
        lpBuffer,
        dwBufferSize,
        dwBufferCoord,
        lpReadRegion,
        Transfer::Read { ansi: false },
    )
}

#[dllexport]
pub fn ReadConsoleOutputA(
    hConsoleOutput: Handle,
    lpBuffer: GuestPtr<CHAR_INFO>,
    dwBufferSize: u32,
    dwBufferCoord: u32,
    lpReadRegion: GuestPtr<SMALL_RECT>,
) -> Win32Result<()> {
    transfer(
        hConsoleOutput,
        lpBuffer,
        dwBufferSize,
        dwBufferCoord,
        lpReadRegion,
        Transfer::Read { ansi: true },
    )
}

/// Moves the cells of `lpScrollRectangle` so its top left lands on `dwDestinationOrigin`,
/// changing only cells inside `lpClipRectangle` (default: the whole buffer); the cells it
/// leaves are filled with `lpFill`.
fn scroll(
    h: Handle,
    scroll: GuestPtr<SMALL_RECT>,
    clip_rect: GuestPtr<SMALL_RECT>,
    destination: u32,
    fill: GuestPtr<CHAR_INFO>,
    ansi: bool,
) -> Win32Result<()> {
    let f = console_output(h)?;
    let wanted = scroll.read().ok_or(Win32Error::NOACCESS)?;
    let fill = fill.read().ok_or(Win32Error::NOACCESS)?;
    let fill_char = mem::cell_char(&fill);
    let fill_cell = (
        if ansi {
            ansi_char(fill_char as u8)
        } else {
            fill_char
        },
        fill.Attributes,
    );
    let buffer = screen::of(&f);
    let mut s = buffer.model(&f, None);
    let source = clip(wanted, s.size);
    let limit = match clip_rect.read() {
        Some(c) if !clip_rect.is_null() => clip(c, s.size),
        _ => s.whole(),
    };
    if source.Left > source.Right || source.Top > source.Bottom {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let out = s.scroll(source, limit, coord(destination), fill_cell);
    screen::draw(&f, buffer, &out)
}

#[dllexport]
pub fn ScrollConsoleScreenBufferW(
    hConsoleOutput: Handle,
    lpScrollRectangle: GuestPtr<SMALL_RECT>,
    lpClipRectangle: GuestPtr<SMALL_RECT>,
    dwDestinationOrigin: u32,
    lpFill: GuestPtr<CHAR_INFO>,
) -> Win32Result<()> {
    scroll(
        hConsoleOutput,
        lpScrollRectangle,
        lpClipRectangle,
        dwDestinationOrigin,
        lpFill,
        false,
    )
}

#[dllexport]
pub fn ScrollConsoleScreenBufferA(
    hConsoleOutput: Handle,
    lpScrollRectangle: GuestPtr<SMALL_RECT>,
    lpClipRectangle: GuestPtr<SMALL_RECT>,
    dwDestinationOrigin: u32,
    lpFill: GuestPtr<CHAR_INFO>,
) -> Win32Result<()> {
    scroll(
        hConsoleOutput,
        lpScrollRectangle,
        lpClipRectangle,
        dwDestinationOrigin,
        lpFill,
        true,
    )
}

/// A new screen buffer, blank and its cursor at the origin, of the size of the terminal's
/// window. It works without a terminal too (a Windows console program always has a console,
/// even with its standard handles redirected); it is shown once made active.
#[dllexport]
pub fn CreateConsoleScreenBuffer(
    dwDesiredAccess: u32,
    dwShareMode: u32,
    lpSecurityAttributes: GuestPtr<u8>,
    dwFlags: u32,
    lpScreenBufferData: GuestPtr<u8>,
) -> Win32Result<HandleOrInvalid> {
    if dwFlags != CONSOLE_TEXTMODE_BUFFER {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let size = (0..3)
        .find_map(host::terminal_size)
        .map_or((80, 25), |(c, r)| {
            (
                c.clamp(1, i16::MAX as u16) as i16,
                r.clamp(1, i16::MAX as u16) as i16,
            )
        });
    let object = FileObject::screen_buffer(ScreenBuffer::create(size))?;
    let inherit = inherit_of(lpSecurityAttributes);
    Ok(HandleOrInvalid(HANDLES.insert(Arc::new(object), inherit)))
}

/// Shows the buffer on the terminal (see nt::screen::activate).
#[dllexport]
pub fn SetConsoleActiveScreenBuffer(hConsoleOutput: Handle) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    screen::activate(&f, f.screen.clone())
}

/// A main buffer is the terminal's window: a size smaller than the window is
/// ERROR_INVALID_PARAMETER as on Windows; the terminal's own size is accepted, a larger buffer
/// (scrollback) is not something a terminal lets a program set, and is refused the same way. A
/// created buffer keeps the size it was made with, for the same reason.
#[dllexport]
pub fn SetConsoleScreenBufferSize(hConsoleOutput: Handle, dwSize: u32) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    if coord(dwSize) != buffer_size(&f) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    Ok(())
}

/// The window is the whole buffer and cannot move or shrink inside it: the current window
/// (absolute, or as a zero change relative to it) is accepted, anything else is
/// ERROR_INVALID_PARAMETER.
#[dllexport]
pub fn SetConsoleWindowInfo(
    hConsoleOutput: Handle,
    bAbsolute: bool,
    lpConsoleWindow: GuestPtr<SMALL_RECT>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let r = lpConsoleWindow.read().ok_or(Win32Error::NOACCESS)?;
    let (w, h) = buffer_size(&f);
    let unchanged = if bAbsolute {
        (r.Left, r.Top, r.Right, r.Bottom) == (0, 0, w - 1, h - 1)
    } else {
        (r.Left, r.Top, r.Right, r.Bottom) == (0, 0, 0, 0)
    };
    if !unchanged {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    Ok(())
}

/// Whether the process has a console: one of its standard descriptors is a terminal.
fn has_console() -> bool {
    (0..3).any(host::isatty)
}

/// The title, as the terminal was last told (a terminal cannot be asked for its own).
static TITLE: Mutex<Vec<u16>> = Mutex::new(Vec::new());

/// Sets the terminal's title with an OSC 0 escape.
#[dllexport]
pub fn SetConsoleTitleW(lpConsoleTitle: WStrPtr) -> Win32Result<()> {
    if !has_console() {
        return Err(Win32Error::INVALID_HANDLE);
    }
    let title = lpConsoleTitle
        .units()
        .ok_or(Win32Error::INVALID_PARAMETER)?;
    let text = String::from_utf16_lossy(&title).replace(['\x07', '\x1b'], " ");
    let fd = (0..3).rev().find(|&fd| host::isatty(fd)).unwrap_or(1);
    let escape = format!("\x1b]0;{text}\x07");
    host::write(fd, escape.as_ptr() as u64, escape.len())?;
    *TITLE.lock().unwrap_or_else(|e| e.into_inner()) = title;
    Ok(())
}

#[dllexport]
pub fn SetConsoleTitleA(lpConsoleTitle: CStrPtr) -> Win32Result<()> {
    let wide = lpConsoleTitle
        .to_wide()
        .ok_or(Win32Error::INVALID_PARAMETER)?;
    let mut terminated = wide;
    terminated.push(0);
    SetConsoleTitleW(WStrPtr(terminated.as_ptr() as u64))
}

/// Copies as much of the title as fits with its terminator; returns the title's length.
#[dllexport]
pub fn GetConsoleTitleW(lpConsoleTitle: GuestPtr<u16>, nSize: u32) -> Win32Result<u32> {
    if !has_console() {
        return Err(Win32Error::INVALID_HANDLE);
    }
    let title = TITLE.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if nSize > 0 {
        let n = title.len().min(nSize as usize - 1);
        let mut out = title[..n].to_vec();
        out.push(0);
        lpConsoleTitle.write_slice(&out);
    }
    Ok(title.len() as u32)
}

/// WriteConsoleInput: the records join the input queue, to be read like typed ones.
#[dllexport]
pub fn WriteConsoleInputW(
    hConsoleInput: Handle,
    lpBuffer: GuestPtr<INPUT_RECORD>,
    nLength: u32,
    lpNumberOfEventsWritten: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = console(hConsoleInput)?;
    if !is_input(&f) {
        return Err(Win32Error::INVALID_HANDLE);
    }
    let records = lpBuffer.read_slice(nLength as usize);
    terminal::push_records(&records);
    lpNumberOfEventsWritten.write_required(nLength)
}
