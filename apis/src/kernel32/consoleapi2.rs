//! consoleapi2.h: the screen buffer, shown on the terminal. The buffer is the terminal's
//! window (its size, the cursor the terminal reports); text attributes become ANSI colour
//! escapes; cells are written at a position with cursor moves, inside a save/restore of the
//! cursor so the program's own cursor stays where it was.
//!
//! A terminal cannot be read back, so winrun keeps the cells it wrote through these functions:
//! changing only attributes, or moving a rectangle narrower than the screen, redraws from that
//! copy (text the program printed the ordinary way there reads as blanks).

use super::consoleapi::{console, is_input};
use crate::abi::{CStrPtr, GuestPtr, Handle, WStrPtr, Win32Error, Win32Result, host, mem};
use crate::dllexport;
use crate::nt::{console as terminal, file::FileObject};
use std::fmt::Write;
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::sync::{Mutex, MutexGuard};
use windows_sys::Win32::System::Console::{
    CHAR_INFO, CONSOLE_CURSOR_INFO, CONSOLE_SCREEN_BUFFER_INFO, CONSOLE_SCREEN_BUFFER_INFOEX,
    COORD, INPUT_RECORD, SMALL_RECT,
};

/// Grey on black, as a new console starts.
const DEFAULT_ATTRIBUTES: u16 = 0x07;
static ATTRIBUTES: AtomicU16 = AtomicU16::new(DEFAULT_ATTRIBUTES);
static CURSOR_VISIBLE: AtomicBool = AtomicBool::new(true);
/// The cursor height in percent of a cell, as a new console has it.
static CURSOR_SIZE: AtomicU16 = AtomicU16::new(25);

/// A console handle for output, else ERROR_INVALID_HANDLE.
fn console_output(h: Handle) -> Win32Result<std::sync::Arc<FileObject>> {
    let f = console(h)?;
    if is_input(&f) {
        return Err(Win32Error::INVALID_HANDLE);
    }
    Ok(f)
}

/// The screen buffer's size: the terminal's (columns, rows).
fn buffer_size(f: &FileObject) -> (i16, i16) {
    let (cols, rows) = host::terminal_size(f.fd()).unwrap_or((80, 25));
    (
        cols.min(i16::MAX as u16) as i16,
        rows.min(i16::MAX as u16) as i16,
    )
}

/// A COORD passed by value: X in the low 16 bits, Y in the high.
fn coord(packed: u32) -> (i16, i16) {
    (packed as u16 as i16, (packed >> 16) as u16 as i16)
}

/// The cells winrun wrote, row by row, for the screen size it was made for.
struct Screen {
    size: (i16, i16),
    cells: Vec<(u16, u16)>,
}

static SCREEN: Mutex<Screen> = Mutex::new(Screen {
    size: (0, 0),
    cells: Vec::new(),
});

/// The copy of the screen, blank when the terminal has changed size since it was made.
fn screen(size: (i16, i16)) -> MutexGuard<'static, Screen> {
    let mut s = SCREEN.lock().unwrap_or_else(|e| e.into_inner());
    if s.size != size {
        s.size = size;
        s.cells = vec![(u16::from(b' '), DEFAULT_ATTRIBUTES); size.0 as usize * size.1 as usize];
    }
    s
}

impl Screen {
    fn index(&self, x: i16, y: i16) -> usize {
        y as usize * self.size.0 as usize + x as usize
    }

    /// The escapes that draw cells `x..x+len` of row `y` from the copy: a cursor move, then each
    /// cell's character with an SGR escape wherever the attributes change.
    fn draw_run(&self, x: i16, y: i16, len: usize, out: &mut String) {
        let _ = write!(out, "\x1b[{};{}H", y + 1, x + 1);
        let start = self.index(x, y);
        let mut attributes = None;
        for &(ch, attr) in &self.cells[start..start + len] {
            if attributes != Some(attr) {
                out.push_str(&ansi_escape(attr));
                attributes = Some(attr);
            }
            let c = char::from_u32(ch as u32).unwrap_or(char::REPLACEMENT_CHARACTER);
            out.push(if c < ' ' { ' ' } else { c });
        }
    }

    /// Applies `set` to `count` cells from (x, y), wrapping at the end of each row and stopping
    /// at the end of the buffer, and draws them. Returns how many cells it changed.
    fn write_cells(
        &mut self,
        x: i16,
        y: i16,
        count: usize,
        out: &mut String,
        mut set: impl FnMut(usize, &mut (u16, u16)),
    ) -> usize {
        let (w, h) = self.size;
        if x < 0 || y < 0 || x >= w || y >= h {
            return 0;
        }
        let start = self.index(x, y);
        let count = count.min(self.cells.len() - start);
        for (i, cell) in self.cells[start..start + count].iter_mut().enumerate() {
            set(i, cell);
        }
        let (mut at, end) = (start, start + count);
        while at < end {
            let (row, col) = (at / w as usize, at % w as usize);
            let run = (w as usize - col).min(end - at);
            self.draw_run(col as i16, row as i16, run, out);
            at += run;
        }
        count
    }
}

/// Sends drawing escapes to the terminal inside a cursor save/restore (which also restores the
/// current colours).
fn draw(f: &FileObject, escapes: &str) -> Win32Result<()> {
    if escapes.is_empty() {
        return Ok(());
    }
    let mut all = String::with_capacity(escapes.len() + 4);
    all.push_str("\x1b7");
    all.push_str(escapes);
    all.push_str("\x1b8");
    f.write_bytes(all.as_bytes())?;
    Ok(())
}

/// The cursor position, asked of the terminal; the origin when it does not answer.
fn cursor_position(f: &FileObject) -> COORD {
    let (x, y) = terminal::cursor_position(0, f).unwrap_or((0, 0));
    COORD {
        X: x as i16,
        Y: y as i16,
    }
}

#[dllexport]
pub fn GetConsoleScreenBufferInfo(
    hConsoleOutput: Handle,
    lpConsoleScreenBufferInfo: GuestPtr<CONSOLE_SCREEN_BUFFER_INFO>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let (w, h) = buffer_size(&f);
    let size = COORD { X: w, Y: h };
    lpConsoleScreenBufferInfo.write_required(CONSOLE_SCREEN_BUFFER_INFO {
        dwSize: size,
        dwCursorPosition: cursor_position(&f),
        wAttributes: ATTRIBUTES.load(Ordering::Relaxed),
        srWindow: SMALL_RECT {
            Left: 0,
            Top: 0,
            Right: w - 1,
            Bottom: h - 1,
        },
        dwMaximumWindowSize: size,
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
    let (w, h) = buffer_size(&f);
    info.dwSize = COORD { X: w, Y: h };
    info.dwCursorPosition = cursor_position(&f);
    info.wAttributes = ATTRIBUTES.load(Ordering::Relaxed);
    info.srWindow = SMALL_RECT {
        Left: 0,
        Top: 0,
        Right: w - 1,
        Bottom: h - 1,
    };
    info.dwMaximumWindowSize = info.dwSize;
    // White on purple, the pop-up colours of a new console.
    info.wPopupAttributes = 0xF5;
    info.bFullscreenSupported = 0;
    info.ColorTable = COLOR_TABLE;
    lpConsoleScreenBufferInfoEx.write_required(info)
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
    let f = console_output(hConsoleOutput)?;
    ATTRIBUTES.store(wAttributes, Ordering::Relaxed);
    f.write_bytes(ansi_escape(wAttributes).as_bytes())?;
    Ok(())
}

/// A position outside the buffer is ERROR_INVALID_PARAMETER.
#[dllexport]
pub fn SetConsoleCursorPosition(hConsoleOutput: Handle, dwCursorPosition: u32) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let (x, y) = coord(dwCursorPosition);
    let (w, h) = buffer_size(&f);
    if x < 0 || y < 0 || x >= w || y >= h {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    f.write_bytes(format!("\x1b[{};{}H", y + 1, x + 1).as_bytes())?;
    Ok(())
}

#[dllexport]
pub fn GetConsoleCursorInfo(
    hConsoleOutput: Handle,
    lpConsoleCursorInfo: GuestPtr<CONSOLE_CURSOR_INFO>,
) -> Win32Result<()> {
    console_output(hConsoleOutput)?;
    lpConsoleCursorInfo.write_required(CONSOLE_CURSOR_INFO {
        dwSize: CURSOR_SIZE.load(Ordering::Relaxed) as u32,
        bVisible: CURSOR_VISIBLE.load(Ordering::Relaxed) as i32,
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
    CURSOR_SIZE.store(info.dwSize as u16, Ordering::Relaxed);
    let visible = info.bVisible != 0;
    CURSOR_VISIBLE.store(visible, Ordering::Relaxed);
    f.write_bytes(if visible { b"\x1b[?25h" } else { b"\x1b[?25l" })?;
    terminal::note_cursor_visible(f.fd(), visible);
    Ok(())
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
    let (x, y) = coord(dwWriteCoord);
    let mut out = String::new();
    let n = screen(buffer_size(&f)).write_cells(x, y, nLength as usize, &mut out, |_, cell| {
        cell.0 = cCharacter
    });
    draw(&f, &out)?;
    lpNumberOfCharsWritten.write_required(n as u32)
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

/// Sets the attributes of `nLength` cells from a position, keeping their characters.
#[dllexport]
pub fn FillConsoleOutputAttribute(
    hConsoleOutput: Handle,
    wAttribute: u16,
    nLength: u32,
    dwWriteCoord: u32,
    lpNumberOfAttrsWritten: GuestPtr<u32>,
) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    let (x, y) = coord(dwWriteCoord);
    let mut out = String::new();
    let n = screen(buffer_size(&f)).write_cells(x, y, nLength as usize, &mut out, |_, cell| {
        cell.1 = wAttribute
    });
    draw(&f, &out)?;
    lpNumberOfAttrsWritten.write_required(n as u32)
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
    write_characters(&f, &chars, dwWriteCoord, lpNumberOfCharsWritten)
}

fn write_characters(
    f: &FileObject,
    chars: &[u16],
    dwWriteCoord: u32,
    written: GuestPtr<u32>,
) -> Win32Result<()> {
    let (x, y) = coord(dwWriteCoord);
    let mut out = String::new();
    let n = screen(buffer_size(f))
        .write_cells(x, y, chars.len(), &mut out, |i, cell| cell.0 = chars[i]);
    draw(f, &out)?;
    written.write_required(n as u32)
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
    write_characters(&f, &chars, dwWriteCoord, lpNumberOfCharsWritten)
}

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
    let (x, y) = coord(dwWriteCoord);
    let mut out = String::new();
    let n = screen(buffer_size(&f)).write_cells(x, y, attributes.len(), &mut out, |i, cell| {
        cell.1 = attributes[i]
    });
    draw(&f, &out)?;
    lpNumberOfAttrsWritten.write_required(n as u32)
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

/// Writes a rectangle of cells from the caller's buffer (`buffer_size` cells wide and high,
/// the part from `buffer_coord` on) to `region` of the screen; `region` is set to the cells
/// actually written (clipped to the screen and to the caller's buffer).
fn write_output(
    h: Handle,
    buffer: GuestPtr<CHAR_INFO>,
    buffer_size: u32,
    buffer_coord: u32,
    region: GuestPtr<SMALL_RECT>,
    ansi: bool,
) -> Win32Result<()> {
    let f = console_output(h)?;
    let wanted = region.read().ok_or(Win32Error::NOACCESS)?;
    let (bw, bh) = coord(buffer_size);
    let (bx, by) = coord(buffer_coord);
    if bw <= 0 || bh <= 0 || bx < 0 || by < 0 || bx >= bw || by >= bh {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let size = self::buffer_size(&f);
    let mut r = clip(wanted, size);
    // No more than the caller's buffer holds from `buffer_coord`.
    r.Right = r.Right.min(wanted.Left.saturating_add(bw - bx - 1));
    r.Bottom = r.Bottom.min(wanted.Top.saturating_add(bh - by - 1));
    let mut out = String::new();
    if r.Left <= r.Right && r.Top <= r.Bottom {
        let cells = buffer.read_slice(bw as usize * bh as usize);
        let mut s = screen(size);
        for y in r.Top..=r.Bottom {
            let src_row = (by + y - wanted.Top) as usize;
            let width = (r.Right - r.Left + 1) as usize;
            let src_col = (bx + r.Left - wanted.Left) as usize;
            let from = src_row * bw as usize + src_col;
            let row = &cells[from..from + width];
            s.write_cells(r.Left, y, width, &mut out, |i, cell| {
                let ch = mem::cell_char(&row[i]);
                *cell = (
                    if ansi { ansi_char(ch as u8) } else { ch },
                    row[i].Attributes,
                )
            });
        }
    }
    draw(&f, &out)?;
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
    write_output(
        hConsoleOutput,
        lpBuffer,
        dwBufferSize,
        dwBufferCoord,
        lpWriteRegion,
        false,
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
    write_output(
        hConsoleOutput,
        lpBuffer,
        dwBufferSize,
        dwBufferCoord,
        lpWriteRegion,
        true,
    )
}

/// Moves the cells of `lpScrollRectangle` so its top left lands on `dwDestinationOrigin`,
/// changing only cells inside `lpClipRectangle` (default: the whole buffer); the cells it
/// leaves are filled with `lpFill`. A move of whole rows up or down is done by the terminal
/// itself (its scroll region), so all text moves; anything else is redrawn from winrun's copy.
fn scroll(
    h: Handle,
    scroll: GuestPtr<SMALL_RECT>,
    clip_rect: GuestPtr<SMALL_RECT>,
    destination: u32,
    fill: GuestPtr<CHAR_INFO>,
    ansi: bool,
) -> Win32Result<()> {
    let f = console_output(h)?;
    let size = buffer_size(&f);
    let source = clip(scroll.read().ok_or(Win32Error::NOACCESS)?, size);
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
    let limit = match clip_rect.read() {
        Some(c) if !clip_rect.is_null() => clip(c, size),
        _ => clip(
            SMALL_RECT {
                Left: 0,
                Top: 0,
                Right: size.0 - 1,
                Bottom: size.1 - 1,
            },
            size,
        ),
    };
    if source.Left > source.Right || source.Top > source.Bottom {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let (dx, dy) = coord(destination);
    let (w, hgt) = (
        source.Right - source.Left + 1,
        source.Bottom - source.Top + 1,
    );
    let inside =
        |x: i16, y: i16| x >= limit.Left && x <= limit.Right && y >= limit.Top && y <= limit.Bottom;
    let mut s = screen(size);
    let before = s.cells.clone();
    let at = |x: i16, y: i16| before[y as usize * size.0 as usize + x as usize];
    let mut next = before.clone();
    // Vacated source cells take the fill; then the moved cells land on the destination.
    for y in source.Top..=source.Bottom {
        for x in source.Left..=source.Right {
            if inside(x, y) {
                next[y as usize * size.0 as usize + x as usize] = fill_cell;
            }
        }
    }
    for y in 0..hgt {
        for x in 0..w {
            let (tx, ty) = (dx as i32 + x as i32, dy as i32 + y as i32);
            if tx < 0 || ty < 0 || tx >= size.0 as i32 || ty >= size.1 as i32 {
                continue;
            }
            let (tx, ty) = (tx as i16, ty as i16);
            if inside(tx, ty) {
                next[ty as usize * size.0 as usize + tx as usize] =
                    at(source.Left + x, source.Top + y);
            }
        }
    }
    let whole_rows = source.Left == 0
        && source.Right == size.0 - 1
        && dx == 0
        && limit.Left == 0
        && limit.Right == size.0 - 1;
    let mut out = String::new();
    if whole_rows && dy != source.Top {
        // The rows from the higher of source and destination to the lower end move together:
        // scroll that region of the terminal, then draw the rows that took the fill.
        let top = source.Top.min(dy).max(limit.Top);
        let bottom = (source.Bottom.max(dy + hgt - 1)).min(limit.Bottom);
        let shift = dy - source.Top;
        let _ = write!(out, "\x1b[{};{}r", top + 1, bottom + 1);
        if shift < 0 {
            let _ = write!(out, "\x1b[{}S", -shift);
        } else {
            let _ = write!(out, "\x1b[{}T", shift);
        }
        out.push_str("\x1b[r");
        s.cells = next;
        for y in top..=bottom {
            let moved_here = y >= dy && y < dy + hgt;
            if !moved_here {
                s.draw_run(0, y, size.0 as usize, &mut out);
            }
        }
    } else {
        s.cells = next;
        for y in limit.Top..=limit.Bottom {
            let changed = (limit.Left..=limit.Right).filter(|&x| {
                let i = y as usize * size.0 as usize + x as usize;
                s.cells[i] != before[i]
                    || (y >= source.Top
                        && y <= source.Bottom
                        && x >= source.Left
                        && x <= source.Right)
            });
            let (Some(first), Some(last)) = (changed.clone().min(), changed.max()) else {
                continue;
            };
            s.draw_run(first, y, (last - first + 1) as usize, &mut out);
        }
    }
    drop(s);
    draw(&f, &out)
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

/// The buffer is the terminal's window: a size smaller than the window is
/// ERROR_INVALID_PARAMETER as on Windows; the terminal's own size is accepted, a larger buffer
/// (scrollback) is not something a terminal lets a program set, and is refused the same way.
#[dllexport]
pub fn SetConsoleScreenBufferSize(hConsoleOutput: Handle, dwSize: u32) -> Win32Result<()> {
    let f = console_output(hConsoleOutput)?;
    if coord(dwSize) != buffer_size(&f) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    Ok(())
}

/// The window is the whole terminal and cannot move or shrink inside it: the current window
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

    #[test]
    fn cells_wrap_at_the_end_of_a_row() {
        let mut s = Screen {
            size: (4, 2),
            cells: vec![(b' ' as u16, 7); 8],
        };
        let mut out = String::new();
        let n = s.write_cells(2, 0, 5, &mut out, |i, cell| cell.0 = b'a' as u16 + i as u16);
        assert_eq!(n, 5);
        assert_eq!(out, "\x1b[1;3H\x1b[0mab\x1b[2;1H\x1b[0mcde");
        assert_eq!(s.write_cells(3, 1, 9, &mut out, |_, _| {}), 1);
        assert_eq!(s.write_cells(4, 0, 1, &mut out, |_, _| {}), 0);
    }
}
