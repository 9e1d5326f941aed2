//! Console screen buffers as winrun keeps them: every cell's character and attributes, the
//! cursor and the current attributes. A terminal cannot be read back, so this copy is what
//! ReadConsoleOutput* read, and what attribute changes and partial scrolls redraw from.
//!
//! The main buffer keeps cells from the first call of a function that works on cells or on the
//! cursor position, not from the start: a program that only prints lines then pays nothing for
//! the copy, neither per byte nor the terminal round trip that finding the cursor takes (a
//! terminal that does not answer costs a timeout). From then on every write to the console
//! passes through the copy as the terminal will show it. Cells nobody drew since read as spaces
//! in the default attributes, as on a freshly cleared console; Wine's tty console starts its
//! buffer the same way. A buffer made by CreateConsoleScreenBuffer keeps its cells from the start.
//!
//! Text follows the terminal's rules, since the terminal is what shows it: "\n" also returns to
//! the first column (the terminal's onlcr), a character in the last column leaves the cursor
//! there until the next one wraps, every character takes one cell. Escape sequences in the text
//! are understood where they change cells, attributes or the cursor (SGR, cursor moves, erase);
//! other ones change nothing here.

use super::file::FileObject;
use crate::abi::{Win32Result, host};
use std::fmt::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use windows_sys::Win32::System::Console::SMALL_RECT;

/// A cell: its UTF-16 character and its attributes.
pub type Cell = (u16, u16);
/// Grey on black, as a new console starts.
pub const DEFAULT_ATTRIBUTES: u16 = 0x07;
const BLANK: Cell = (b' ' as u16, DEFAULT_ATTRIBUTES);

pub struct ScreenBuffer {
    /// Cells are kept (always, but for the main buffer before its first cell function).
    modelled: AtomicBool,
    state: Mutex<Screen>,
}

pub struct Screen {
    pub size: (i16, i16),
    /// Row by row; empty while the buffer is not modelled.
    pub cells: Vec<Cell>,
    pub cursor: (i16, i16),
    /// A character went into the last column: the next one starts a new row first.
    wrap_pending: bool,
    /// Where ESC 7 saved the cursor.
    saved_cursor: (i16, i16),
    /// What new text is written with (SetConsoleTextAttribute, or SGR escapes in the text).
    pub attributes: u16,
    /// The cursor height in percent of a cell.
    pub cursor_size: u16,
    pub cursor_visible: bool,
    /// The start of an escape sequence or UTF-8 character that the last write ended in.
    partial: Vec<u8>,
    /// For the main buffer while another is active: the cells the terminal's main screen shows.
    shown: Option<Vec<Cell>>,
}

impl ScreenBuffer {
    fn new(modelled: bool, size: (i16, i16)) -> Self {
        let cells = if modelled {
            vec![BLANK; size.0 as usize * size.1 as usize]
        } else {
            Vec::new()
        };
        ScreenBuffer {
            modelled: AtomicBool::new(modelled),
            state: Mutex::new(Screen {
                size,
                cells,
                cursor: (0, 0),
                wrap_pending: false,
                saved_cursor: (0, 0),
                attributes: DEFAULT_ATTRIBUTES,
                cursor_size: 25,
                cursor_visible: true,
                partial: Vec::new(),
                shown: None,
            }),
        }
    }

    /// A new buffer of `size` (CreateConsoleScreenBuffer), blank, its cursor at the origin.
    pub fn create(size: (i16, i16)) -> Arc<ScreenBuffer> {
        Arc::new(ScreenBuffer::new(true, size))
    }

    pub fn lock(&self) -> MutexGuard<'_, Screen> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn is_modelled(&self) -> bool {
        self.modelled.load(Ordering::Acquire)
    }

    /// The buffer with its cells kept from now on, sized to the terminal `f` shows when it is
    /// the main buffer. `cursor`: where the cursor is, when the caller knows; otherwise the
    /// terminal is asked (the origin when it does not answer).
    pub fn model(&self, f: &FileObject, cursor: Option<(i16, i16)>) -> MutexGuard<'_, Screen> {
        if !self.is_modelled() {
            let cursor = cursor.unwrap_or_else(|| {
                let (x, y) = super::console::cursor_position(0, f).unwrap_or((0, 0));
                (x as i16, y as i16)
            });
            let mut s = self.lock();
            if !self.is_modelled() {
                s.size = terminal_size(f);
                s.cells = vec![BLANK; s.size.0 as usize * s.size.1 as usize];
                s.cursor = s.clamp(cursor);
                self.modelled.store(true, Ordering::Release);
            }
            drop(s);
        }
        let mut s = self.lock();
        if std::ptr::eq(self, main()) {
            s.resize(terminal_size(f));
        }
        s
    }
}

/// The size of the terminal behind `f`: (columns, rows); 80x25 when it is not a terminal.
pub fn terminal_size(f: &FileObject) -> (i16, i16) {
    let (cols, rows) = host::terminal_size(f.fd()).unwrap_or((80, 25));
    (
        cols.clamp(1, i16::MAX as u16) as i16,
        rows.clamp(1, i16::MAX as u16) as i16,
    )
}

/// The buffer standard output and CONOUT$ write to.
pub fn main() -> &'static ScreenBuffer {
    static MAIN: OnceLock<ScreenBuffer> = OnceLock::new();
    MAIN.get_or_init(|| ScreenBuffer::new(false, (80, 25)))
}

/// The buffer a console handle writes to.
pub fn of(f: &FileObject) -> &ScreenBuffer {
    f.screen.as_deref().unwrap_or(main())
}

/// The buffer the terminal shows; `None`: the main one. Held here so that a buffer whose
/// handles are all closed lives on while it is shown, as the console keeps it.
static ACTIVE: Mutex<Option<Arc<ScreenBuffer>>> = Mutex::new(None);
/// The address of the buffer the terminal shows, 0 for the main one: what a write checks,
/// without a lock (a buffer's lock is taken inside ACTIVE's, never the other way round).
static ACTIVE_ADDRESS: AtomicUsize = AtomicUsize::new(0);

fn active() -> MutexGuard<'static, Option<Arc<ScreenBuffer>>> {
    ACTIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether the terminal shows `buffer`.
pub fn is_active(buffer: &ScreenBuffer) -> bool {
    match ACTIVE_ADDRESS.load(Ordering::Acquire) {
        0 => std::ptr::eq(buffer, main()),
        address => std::ptr::eq(address as *const ScreenBuffer, buffer),
    }
}

/// Sends bytes to the terminal behind `f` when it shows `buffer`.
pub fn show(f: &FileObject, buffer: &ScreenBuffer, bytes: &[u8]) -> Win32Result<()> {
    if !bytes.is_empty() && is_active(buffer) {
        send(f.fd(), bytes)?;
    }
    Ok(())
}

fn send(fd: i32, bytes: &[u8]) -> Win32Result<()> {
    let mut done = 0;
    while done < bytes.len() {
        match host::write(fd, bytes[done..].as_ptr() as u64, bytes.len() - done)? {
            0 => break,
            n => done += n,
        }
    }
    Ok(())
}

/// Sends drawing escapes inside a cursor save/restore (which also restores the colours).
pub fn draw(f: &FileObject, buffer: &ScreenBuffer, escapes: &str) -> Win32Result<()> {
    if escapes.is_empty() {
        return Ok(());
    }
    show(f, buffer, format!("\x1b7{escapes}\x1b8").as_bytes())
}

/// A write of the program's text to console handle `f` (WriteFile, WriteConsole, the C
/// runtime): `None` when its buffer keeps no cells (the text goes to the terminal as it is).
/// Otherwise the text goes into the cells, and to the terminal when it shows that buffer.
pub fn write(f: &FileObject, addr: u64, len: usize) -> Option<Win32Result<usize>> {
    let buffer = of(f);
    if !buffer.is_modelled() {
        return None;
    }
    let text = crate::abi::mem::read_slice::<u8>(addr, len);
    let mut s = buffer.lock();
    s.put_text(&text);
    Some(show(f, buffer, &text).map(|()| len))
}

/// SetConsoleActiveScreenBuffer: the terminal switches to its alternate screen for a created
/// buffer and draws all of it; back to the main buffer, it leaves the alternate screen (the
/// terminal brings the main screen back as it was) and draws what changed there meanwhile.
pub fn activate(f: &FileObject, buffer: Option<Arc<ScreenBuffer>>) -> Win32Result<()> {
    let mut active = active();
    let same = match (&*active, &buffer) {
        (None, None) => true,
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        _ => false,
    };
    if same {
        return Ok(());
    }
    let mut out = String::new();
    match &buffer {
        Some(b) => {
            if active.is_none() {
                // The main buffer's writes from now on are kept, not shown: remember what the
                // terminal shows to draw only the difference when it comes back.
                let mut m = main().model(f, None);
                m.shown = Some(m.cells.clone());
                drop(m);
                out.push_str("\x1b[?1049h");
            }
            let s = b.lock();
            out.push_str("\x1b[0m\x1b[2J");
            for y in 0..s.size.1 {
                s.draw_run(0, y, s.size.0 as usize, &mut out);
            }
            s.place_cursor(&mut out);
        }
        None => {
            out.push_str("\x1b[?1049l");
            let mut m = main().lock();
            let shown = m.shown.take().unwrap_or_default();
            for y in 0..m.size.1 {
                let row = m.index(0, y)..m.index(0, y) + m.size.0 as usize;
                let changed: Vec<usize> = row
                    .clone()
                    .filter(|&i| shown.get(i) != Some(&m.cells[i]))
                    .collect();
                if let (Some(&first), Some(&last)) = (changed.first(), changed.last()) {
                    let x = (first - row.start) as i16;
                    m.draw_run(x, y, last - first + 1, &mut out);
                }
            }
            m.place_cursor(&mut out);
        }
    }
    let address = buffer.as_ref().map_or(0, |b| Arc::as_ptr(b) as usize);
    ACTIVE_ADDRESS.store(address, Ordering::Release);
    super::console::note_alternate_screen(buffer.is_some());
    *active = buffer;
    drop(active);
    send(f.fd(), out.as_bytes())
}

impl Screen {
    pub fn index(&self, x: i16, y: i16) -> usize {
        y as usize * self.size.0 as usize + x as usize
    }

    fn clamp(&self, (x, y): (i16, i16)) -> (i16, i16) {
        (x.clamp(0, self.size.0 - 1), y.clamp(0, self.size.1 - 1))
    }

    /// Follows a terminal resize: the cells that still fit stay where they were.
    fn resize(&mut self, size: (i16, i16)) {
        if size == self.size {
            return;
        }
        let mut cells = vec![BLANK; size.0 as usize * size.1 as usize];
        for y in 0..self.size.1.min(size.1) {
            for x in 0..self.size.0.min(size.0) {
                cells[y as usize * size.0 as usize + x as usize] = self.cells[self.index(x, y)];
            }
        }
        self.size = size;
        self.cells = cells;
        self.cursor = self.clamp(self.cursor);
        self.shown = None;
    }

    /// Moves the cursor (SetConsoleCursorPosition, an escape in the text).
    pub fn set_cursor(&mut self, at: (i16, i16)) {
        self.cursor = self.clamp(at);
        self.wrap_pending = false;
    }

    /// The escape that puts the terminal's cursor where this buffer has it, with its colours.
    fn place_cursor(&self, out: &mut String) {
        let _ = write!(out, "\x1b[{};{}H", self.cursor.1 + 1, self.cursor.0 + 1);
        out.push_str(&ansi_escape(self.attributes));
    }

    /// The escapes that draw cells `x..x+len` of row `y`: a cursor move, then each cell's
    /// character with an SGR escape wherever the attributes change.
    pub fn draw_run(&self, x: i16, y: i16, len: usize, out: &mut String) {
        let _ = write!(out, "\x1b[{};{}H", y + 1, x + 1);
        let start = self.index(x, y);
        let mut attributes = None;
        for &(ch, attr) in &self.cells[start..start + len] {
            if attributes != Some(attr) {
                out.push_str(&ansi_escape(attr));
                attributes = Some(attr);
            }
            let c = char::from_u32(ch as u32).unwrap_or(char::REPLACEMENT_CHARACTER);
            out.push(if c < ' ' || c == '\x7f' { ' ' } else { c });
        }
    }

    /// Applies `set` to `count` cells from (x, y), wrapping at the end of each row and stopping
    /// at the end of the buffer, and draws them. Returns how many cells it changed.
    pub fn write_cells(
        &mut self,
        (x, y): (i16, i16),
        count: usize,
        out: &mut String,
        mut set: impl FnMut(usize, &mut Cell),
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

    /// Up to `count` cells from (x, y) in reading order; none when (x, y) is outside.
    pub fn cells_from(&self, (x, y): (i16, i16), count: usize) -> &[Cell] {
        if x < 0 || y < 0 || x >= self.size.0 || y >= self.size.1 {
            return &[];
        }
        let start = self.index(x, y);
        &self.cells[start..(start + count).min(self.cells.len())]
    }

    /// The whole buffer as a rectangle.
    pub fn whole(&self) -> SMALL_RECT {
        SMALL_RECT {
            Left: 0,
            Top: 0,
            Right: self.size.0 - 1,
            Bottom: self.size.1 - 1,
        }
    }

    /// ScrollConsoleScreenBuffer: moves the cells of `source` (already clipped to the buffer)
    /// so its top left lands on `dest`, changing only cells inside `limit`; the source cells
    /// left behind take `fill`. Returns the escapes that show the change: a move of whole rows
    /// is the terminal's own scroll (so text printed before the buffer was modelled moves too),
    /// anything else is redrawn from the cells.
    pub fn scroll(
        &mut self,
        source: SMALL_RECT,
        limit: SMALL_RECT,
        dest: (i16, i16),
        fill: Cell,
    ) -> String {
        let size = self.size;
        let (dx, dy) = dest;
        let (w, hgt) = (
            source.Right - source.Left + 1,
            source.Bottom - source.Top + 1,
        );
        let inside = |x: i32, y: i32| {
            x >= limit.Left as i32
                && x <= limit.Right as i32
                && y >= limit.Top as i32
                && y <= limit.Bottom as i32
        };
        let before = self.cells.clone();
        for y in source.Top..=source.Bottom {
            for x in source.Left..=source.Right {
                if inside(x as i32, y as i32) {
                    let i = self.index(x, y);
                    self.cells[i] = fill;
                }
            }
        }
        for y in 0..hgt {
            for x in 0..w {
                let (tx, ty) = (dx as i32 + x as i32, dy as i32 + y as i32);
                if inside(tx, ty) {
                    let i = self.index(tx as i16, ty as i16);
                    self.cells[i] = before[self.index(source.Left + x, source.Top + y)];
                }
            }
        }
        let mut out = String::new();
        let whole_rows = source.Left == 0
            && source.Right == size.0 - 1
            && dx == 0
            && limit.Left == 0
            && limit.Right == size.0 - 1;
        if whole_rows && dy != source.Top {
            // The rows from the higher of source and destination to the lower end move
            // together: scroll that region of the terminal, then draw the rows that took the fill.
            let top = source.Top.min(dy).max(limit.Top);
            let bottom = source
                .Bottom
                .max(dy.saturating_add(hgt - 1))
                .min(limit.Bottom);
            let shift = dy as i32 - source.Top as i32;
            let _ = write!(out, "\x1b[{};{}r", top + 1, bottom + 1);
            if shift < 0 {
                let _ = write!(out, "\x1b[{}S", -shift);
            } else {
                let _ = write!(out, "\x1b[{}T", shift);
            }
            out.push_str("\x1b[r");
            for y in top..=bottom {
                if !(y >= dy && (y as i32) < dy as i32 + hgt as i32) {
                    self.draw_run(0, y, size.0 as usize, &mut out);
                }
            }
        } else {
            for y in limit.Top..=limit.Bottom {
                let changed = (limit.Left..=limit.Right).filter(|&x| {
                    let i = self.index(x, y);
                    let in_source = y >= source.Top
                        && y <= source.Bottom
                        && x >= source.Left
                        && x <= source.Right;
                    self.cells[i] != before[i] || in_source
                });
                let (Some(first), Some(last)) = (changed.clone().min(), changed.max()) else {
                    continue;
                };
                self.draw_run(first, y, (last - first + 1) as usize, &mut out);
            }
        }
        out
    }

    /// The cursor to the start of the next row, the buffer scrolling up a row at the bottom
    /// (the new row in the current attributes, as the console and a terminal fill it).
    fn new_line(&mut self) {
        self.wrap_pending = false;
        self.cursor.0 = 0;
        if self.cursor.1 + 1 < self.size.1 {
            self.cursor.1 += 1;
            return;
        }
        let w = self.size.0 as usize;
        self.cells.drain(..w);
        let fill = (b' ' as u16, self.attributes);
        self.cells.extend(std::iter::repeat_n(fill, w));
    }

    fn put_char(&mut self, ch: u16) {
        if self.wrap_pending {
            self.new_line();
        }
        let i = self.index(self.cursor.0, self.cursor.1);
        self.cells[i] = (ch, self.attributes);
        if self.cursor.0 + 1 < self.size.0 {
            self.cursor.0 += 1;
        } else {
            self.wrap_pending = true;
        }
    }

    /// Cells from (x0, y) to (x1, y) inclusive become blanks in the current attributes.
    fn erase(&mut self, y: i16, x0: i16, x1: i16) {
        let fill = (b' ' as u16, self.attributes);
        for x in x0.max(0)..=x1.min(self.size.0 - 1) {
            let i = self.index(x, y);
            self.cells[i] = fill;
        }
    }

    /// Takes the program's text (UTF-8, with control characters and escape sequences) into the
    /// cells as the terminal will show it.
    pub fn put_text(&mut self, text: &[u8]) {
        let mut bytes = std::mem::take(&mut self.partial);
        bytes.extend_from_slice(text);
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            let used = match b {
                0x1b => match self.escape(&bytes[at..]) {
                    Some(n) => n,
                    None => break,
                },
                b'\n' | 0x0b | 0x0c => {
                    self.new_line();
                    1
                }
                b'\r' => {
                    self.set_cursor((0, self.cursor.1));
                    1
                }
                0x08 => {
                    self.set_cursor((self.cursor.0 - 1, self.cursor.1));
                    1
                }
                b'\t' => {
                    let next = (self.cursor.0 / 8 + 1) * 8;
                    self.set_cursor((next.min(self.size.0 - 1), self.cursor.1));
                    1
                }
                0..0x20 | 0x7f => 1,
                _ => match utf8_char(&bytes[at..]) {
                    Some((c, n)) => {
                        let unit = u16::try_from(c as u32).unwrap_or(0xFFFD);
                        self.put_char(unit);
                        n
                    }
                    None => break,
                },
            };
            at += used;
        }
        bytes.drain(..at);
        // A sequence that never ends must not hold the rest of the text back forever.
        if bytes.len() <= 64 {
            self.partial = bytes;
        }
    }

    /// One escape sequence at the start of `bytes` applied; how many bytes it took, or `None`
    /// when it is not complete yet.
    fn escape(&mut self, bytes: &[u8]) -> Option<usize> {
        match *bytes.get(1)? {
            b'[' => {
                let end = bytes[2..].iter().position(|b| (0x40..=0x7e).contains(b))? + 2;
                self.control(&bytes[2..end], bytes[end]);
                Some(end + 1)
            }
            b']' | b'P' | b'_' | b'^' => {
                // A string ended by BEL or ESC \.
                let rest = &bytes[2..];
                let bel = rest.iter().position(|&b| b == 0x07);
                let st = rest.windows(2).position(|w| w == b"\x1b\\");
                match (bel, st) {
                    (Some(b), Some(s)) if s < b => Some(s + 4),
                    (Some(b), _) => Some(b + 3),
                    (None, Some(s)) => Some(s + 4),
                    (None, None) => None,
                }
            }
            b'7' => {
                self.saved_cursor = self.cursor;
                Some(2)
            }
            b'8' => {
                self.set_cursor(self.saved_cursor);
                Some(2)
            }
            b'(' | b')' | b'#' | b'%' => bytes.get(2).map(|_| 3),
            _ => Some(2),
        }
    }

    /// A control sequence (CSI `params` `command`).
    fn control(&mut self, params: &[u8], command: u8) {
        if params
            .first()
            .is_some_and(|b| matches!(b, b'?' | b'>' | b'<' | b'='))
        {
            return;
        }
        let text = std::str::from_utf8(params).unwrap_or("");
        let numbers: Vec<u16> = text.split(';').map(|p| p.parse().unwrap_or(0)).collect();
        let n = |i: usize| numbers.get(i).copied().unwrap_or(0);
        let count = |i: usize| n(i).max(1) as i16;
        let (x, y) = self.cursor;
        match command {
            b'm' => self.attributes = sgr(self.attributes, &numbers),
            b'H' | b'f' => self.set_cursor((count(1) - 1, count(0) - 1)),
            b'A' => self.set_cursor((x, y.saturating_sub(count(0)))),
            b'B' => self.set_cursor((x, y.saturating_add(count(0)))),
            b'C' => self.set_cursor((x.saturating_add(count(0)), y)),
            b'D' => self.set_cursor((x.saturating_sub(count(0)), y)),
            b'E' => self.set_cursor((0, y.saturating_add(count(0)))),
            b'F' => self.set_cursor((0, y.saturating_sub(count(0)))),
            b'G' => self.set_cursor((count(0) - 1, y)),
            b'd' => self.set_cursor((x, count(0) - 1)),
            b'K' => match n(0) {
                0 => self.erase(y, x, self.size.0 - 1),
                1 => self.erase(y, 0, x),
                _ => self.erase(y, 0, self.size.0 - 1),
            },
            b'J' => {
                let rows = match n(0) {
                    0 => {
                        self.erase(y, x, self.size.0 - 1);
                        y + 1..self.size.1
                    }
                    1 => {
                        self.erase(y, 0, x);
                        0..y
                    }
                    _ => 0..self.size.1,
                };
                for row in rows {
                    self.erase(row, 0, self.size.0 - 1);
                }
            }
            _ => {}
        }
    }
}

/// The first UTF-8 character of `bytes` and its length; U+FFFD for a byte that starts none;
/// `None` when the character is cut off at the end.
fn utf8_char(bytes: &[u8]) -> Option<(char, usize)> {
    let len = match bytes[0] {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        0x00..=0x7f => 1,
        _ => return Some((char::REPLACEMENT_CHARACTER, 1)),
    };
    if bytes.len() < len {
        // Cut off only if what is there so far could still be a character.
        let valid_so_far = bytes[1..].iter().all(|b| b & 0xc0 == 0x80);
        return if valid_so_far {
            None
        } else {
            Some((char::REPLACEMENT_CHARACTER, 1))
        };
    }
    match std::str::from_utf8(&bytes[..len]) {
        Ok(s) => s.chars().next().map(|c| (c, len)),
        Err(_) => Some((char::REPLACEMENT_CHARACTER, 1)),
    }
}

/// Windows' colour bits are blue, green, red; ANSI's are red, green, blue.
fn swap_red_blue(bits: u16) -> u16 {
    (bits & 4) >> 2 | (bits & 2) | (bits & 1) << 2
}

/// The SGR escape for console attributes.
pub fn ansi_escape(attributes: u16) -> String {
    if attributes == DEFAULT_ATTRIBUTES {
        return "\x1b[0m".into();
    }
    let fg = attributes & 0xF;
    let bg = (attributes >> 4) & 0xF;
    let mut out = String::from("\x1b[0");
    let _ = write!(
        out,
        ";{};{}",
        if fg & 8 != 0 { 90 } else { 30 } + swap_red_blue(fg),
        if bg & 8 != 0 { 100 } else { 40 } + swap_red_blue(bg)
    );
    if attributes & 0x8000 != 0 {
        out += ";4"; // COMMON_LVB_UNDERSCORE
    }
    if attributes & 0x4000 != 0 {
        out += ";7"; // COMMON_LVB_REVERSE_VIDEO
    }
    out.push('m');
    out
}

/// Console attributes after an SGR escape with `params`.
fn sgr(mut attributes: u16, params: &[u16]) -> u16 {
    let mut i = 0;
    while i < params.len() {
        let p = params[i];
        match p {
            0 => attributes = DEFAULT_ATTRIBUTES,
            1 => attributes |= 0x08,
            22 => attributes &= !0x08,
            4 => attributes |= 0x8000,
            24 => attributes &= !0x8000,
            7 => attributes |= 0x4000,
            27 => attributes &= !0x4000,
            30..=37 => attributes = attributes & !0x07 | swap_red_blue(p - 30),
            90..=97 => attributes = attributes & !0x0F | swap_red_blue(p - 90) | 0x08,
            39 => attributes = attributes & !0x0F | DEFAULT_ATTRIBUTES,
            40..=47 => attributes = attributes & !0x70 | swap_red_blue(p - 40) << 4,
            100..=107 => attributes = attributes & !0xF0 | (swap_red_blue(p - 100) | 0x08) << 4,
            49 => attributes &= !0xF0,
            // 256-colour and RGB colours have no console attribute: skip their arguments.
            38 | 48 => i += if params.get(i + 1) == Some(&5) { 2 } else { 4 },
            _ => {}
        }
        i += 1;
    }
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(w: i16, h: i16) -> Screen {
        let b = ScreenBuffer::new(true, (w, h));
        b.state.into_inner().unwrap()
    }

    fn row(s: &Screen, y: i16) -> String {
        s.cells_from((0, y), s.size.0 as usize)
            .iter()
            .map(|c| char::from_u32(c.0 as u32).unwrap())
            .collect()
    }

    #[test]
    fn attributes_become_sgr_and_back() {
        assert_eq!(ansi_escape(0x07), "\x1b[0m");
        // FOREGROUND_RED | FOREGROUND_INTENSITY on black.
        assert_eq!(ansi_escape(0x0C), "\x1b[0;91;40m");
        // Blue on bright green, underlined.
        assert_eq!(ansi_escape(0x8000 | 0xA1), "\x1b[0;34;102;4m");
        for attributes in [0x07, 0x0C, 0x8000 | 0xA1, 0x4000 | 0x1E, 0xF0] {
            let text = ansi_escape(attributes);
            let mut s = screen(4, 1);
            s.put_text(text.as_bytes());
            assert_eq!(s.attributes, attributes, "{text:?}");
        }
    }

    #[test]
    fn text_wraps_scrolls_and_follows_controls() {
        let mut s = screen(4, 2);
        s.put_text(b"abcde\tx\r\nyz\x08Q");
        assert_eq!(row(&s, 0), "e  x");
        assert_eq!(row(&s, 1), "yQ  ");
        assert_eq!(s.cursor, (2, 1));
        // An escape and a character split over two writes.
        s.put_text(b"\x1b[1;2H\x1b[3");
        s.put_text(b"1m\xc3");
        s.put_text(b"\xa9\x1b[K");
        assert_eq!(row(&s, 0), "e\u{e9}  ");
        assert_eq!(s.cells[1].1, 0x04);
        assert_eq!(s.cells[3], (b' ' as u16, 0x04));
        assert_eq!(s.cursor, (2, 0));
    }

    #[test]
    fn cells_wrap_at_the_end_of_a_row() {
        let mut s = screen(4, 2);
        let mut out = String::new();
        let n = s.write_cells((2, 0), 5, &mut out, |i, cell| {
            cell.0 = b'a' as u16 + i as u16
        });
        assert_eq!(n, 5);
        assert_eq!(out, "\x1b[1;3H\x1b[0mab\x1b[2;1H\x1b[0mcde");
        assert_eq!(s.write_cells((3, 1), 9, &mut out, |_, _| {}), 1);
        assert_eq!(s.write_cells((4, 0), 1, &mut out, |_, _| {}), 0);
    }
}
