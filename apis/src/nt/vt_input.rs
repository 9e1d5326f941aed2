//! What a terminal sends for a key press (UTF-8 text, control bytes, VT escape sequences),
//! decoded into the key events a Windows console delivers for the same keys on a US keyboard:
//! virtual-key code, scan code, character and modifier state, each key wrapped in the presses
//! and releases of the modifiers it needs, as Windows' console host does for terminal input.

use windows_sys::Win32::System::Console::{
    ENHANCED_KEY, INPUT_RECORD, INPUT_RECORD_0, KEY_EVENT, KEY_EVENT_RECORD, KEY_EVENT_RECORD_0,
    LEFT_ALT_PRESSED, LEFT_CTRL_PRESSED, SHIFT_PRESSED,
};

/// One key as typed: what Windows reports for its key-down record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub vk: u16,
    pub scan: u16,
    pub ch: u16,
    /// SHIFT_PRESSED, LEFT_CTRL_PRESSED, LEFT_ALT_PRESSED, ENHANCED_KEY.
    pub state: u32,
}

const VK_SHIFT: (u16, u16) = (0x10, 0x2A);
const VK_CONTROL: (u16, u16) = (0x11, 0x1D);
const VK_MENU: (u16, u16) = (0x12, 0x38);

/// Scan codes of the letter keys a..z (set 1, as Windows reports them).
const LETTER_SCANS: [u16; 26] = [
    0x1E, 0x30, 0x2E, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32, 0x31, 0x18, 0x19,
    0x10, 0x13, 0x1F, 0x14, 0x16, 0x2F, 0x11, 0x2D, 0x15, 0x2C,
];

/// The US layout's punctuation keys: unshifted and shifted character, virtual key, scan code.
const PUNCTUATION: [(u8, u8, u16, u16); 11] = [
    (b'-', b'_', 0xBD, 0x0C),
    (b'=', b'+', 0xBB, 0x0D),
    (b'[', b'{', 0xDB, 0x1A),
    (b']', b'}', 0xDD, 0x1B),
    (b';', b':', 0xBA, 0x27),
    (b'\'', b'"', 0xDE, 0x28),
    (b'`', b'~', 0xC0, 0x29),
    (b'\\', b'|', 0xDC, 0x2B),
    (b',', b'<', 0xBC, 0x33),
    (b'.', b'>', 0xBE, 0x34),
    (b'/', b'?', 0xBF, 0x35),
];

/// The shifted characters of the digit row 1..9, 0.
const SHIFTED_DIGITS: &[u8; 10] = b"!@#$%^&*()";

fn key(vk: u16, scan: u16, ch: u16, state: u32) -> Key {
    Key {
        vk,
        scan,
        ch,
        state,
    }
}

/// The key that types printable ASCII `c` (with Shift where the US layout needs it).
fn ascii_key(c: u8) -> Key {
    let ch = c as u16;
    match c {
        b'a'..=b'z' => key((c - 32) as u16, LETTER_SCANS[(c - b'a') as usize], ch, 0),
        b'A'..=b'Z' => key(
            c as u16,
            LETTER_SCANS[(c - b'A') as usize],
            ch,
            SHIFT_PRESSED,
        ),
        b'1'..=b'9' => key(c as u16, (c - b'1' + 2) as u16, ch, 0),
        b'0' => key(c as u16, 0x0B, ch, 0),
        b' ' => key(0x20, 0x39, ch, 0),
        _ => {
            if let Some(i) = SHIFTED_DIGITS.iter().position(|&d| d == c) {
                let digit = if i == 9 { b'0' } else { b'1' + i as u8 };
                return key(
                    digit as u16,
                    if i == 9 { 0x0B } else { i as u16 + 2 },
                    ch,
                    SHIFT_PRESSED,
                );
            }
            match PUNCTUATION.iter().find(|p| p.0 == c || p.1 == c) {
                Some(&(plain, _, vk, scan)) => {
                    key(vk, scan, ch, if c == plain { 0 } else { SHIFT_PRESSED })
                }
                None => key(0, 0, ch, 0),
            }
        }
    }
}

/// The key for a control byte: Enter, Tab, Backspace, Esc, or Ctrl with a letter or symbol.
fn control_key(b: u8) -> Key {
    let ch = b as u16;
    match b {
        b'\r' => key(0x0D, 0x1C, ch, 0),
        b'\t' => key(0x09, 0x0F, ch, 0),
        0x08 | 0x7F => key(0x08, 0x0E, 0x08, 0),
        0x1B => key(0x1B, 0x01, ch, 0),
        0x00 => key(0x20, 0x39, 0, LEFT_CTRL_PRESSED),
        0x01..=0x1A => {
            let letter = ascii_key(b'a' + b - 1);
            key(letter.vk, letter.scan, ch, LEFT_CTRL_PRESSED)
        }
        // Ctrl with \ ] ^ _ (the last two shifted on a US keyboard).
        0x1C => key(0xDC, 0x2B, ch, LEFT_CTRL_PRESSED),
        0x1D => key(0xDD, 0x1B, ch, LEFT_CTRL_PRESSED),
        0x1E => key(0x36, 0x07, ch, LEFT_CTRL_PRESSED | SHIFT_PRESSED),
        _ => key(0xBD, 0x0C, ch, LEFT_CTRL_PRESSED | SHIFT_PRESSED),
    }
}

/// The modifier state of an xterm modifier parameter (1 + shift 1, alt 2, ctrl 4).
fn modifiers(param: u32) -> u32 {
    let bits = param.saturating_sub(1);
    let mut state = 0;
    if bits & 1 != 0 {
        state |= SHIFT_PRESSED;
    }
    if bits & 2 != 0 {
        state |= LEFT_ALT_PRESSED;
    }
    if bits & 4 != 0 {
        state |= LEFT_CTRL_PRESSED;
    }
    state
}

/// The function key F`n` (1..=12).
fn function_key(n: u16) -> Key {
    let scan = match n {
        1..=10 => 0x3A + n,
        11 => 0x57,
        _ => 0x58,
    };
    key(0x6F + n, scan, 0, 0)
}

/// The key a final byte names after `ESC [` or `ESC O` (arrows, Home, End, F1-F4, Shift+Tab).
fn final_byte_key(b: u8) -> Option<Key> {
    Some(match b {
        b'A' => key(0x26, 0x48, 0, ENHANCED_KEY),
        b'B' => key(0x28, 0x50, 0, ENHANCED_KEY),
        b'C' => key(0x27, 0x4D, 0, ENHANCED_KEY),
        b'D' => key(0x25, 0x4B, 0, ENHANCED_KEY),
        b'H' => key(0x24, 0x47, 0, ENHANCED_KEY),
        b'F' => key(0x23, 0x4F, 0, ENHANCED_KEY),
        b'P'..=b'S' => function_key((b - b'P') as u16 + 1),
        b'Z' => key(0x09, 0x0F, 0, SHIFT_PRESSED),
        _ => return None,
    })
}

/// The key of `ESC [ n ~`.
fn tilde_key(n: u32) -> Option<Key> {
    Some(match n {
        1 | 7 => key(0x24, 0x47, 0, ENHANCED_KEY),
        2 => key(0x2D, 0x52, 0, ENHANCED_KEY),
        3 => key(0x2E, 0x53, 0, ENHANCED_KEY),
        4 | 8 => key(0x23, 0x4F, 0, ENHANCED_KEY),
        5 => key(0x21, 0x49, 0, ENHANCED_KEY),
        6 => key(0x22, 0x51, 0, ENHANCED_KEY),
        11..=15 => function_key((n - 10) as u16),
        17..=21 => function_key((n - 11) as u16),
        23 | 24 => function_key((n - 12) as u16),
        _ => return None,
    })
}

/// What the start of `bytes` is.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Keys (a character outside the BMP is two, one per UTF-16 unit), and the bytes used.
    Keys(Vec<Key>, usize),
    /// A cursor position report `ESC [ row ; col R` (1-based), and the bytes used.
    CursorReport(u16, u16, usize),
    /// The bytes may be the start of a longer sequence: wait for more (or, when no more come,
    /// decode them with `complete`).
    Incomplete,
}

/// Decodes the first key (or report) in `bytes` (non-empty). `complete`: no more bytes are
/// coming, so a lone ESC is the Esc key and a truncated sequence is taken as typed.
/// `literal`: virtual terminal input is on, so escape sequences are not decoded but delivered
/// byte by byte as characters (ESC as the Esc key), for the program to read itself.
pub fn decode(bytes: &[u8], complete: bool, literal: bool) -> Decoded {
    let b = bytes[0];
    if b == 0x1B && !literal {
        return decode_escape(bytes, complete);
    }
    if b < 0x20 || b == 0x7F {
        return Decoded::Keys(vec![control_key(b)], 1);
    }
    if b < 0x80 {
        return Decoded::Keys(vec![ascii_key(b)], 1);
    }
    let len = match b {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    };
    if bytes.len() < len && !complete {
        return Decoded::Incomplete;
    }
    let take = len.min(bytes.len());
    let text = String::from_utf8_lossy(&bytes[..take]);
    let mut units = [0u16; 2];
    let c = text.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
    let keys = c
        .encode_utf16(&mut units)
        .iter()
        .map(|&u| key(0, 0, u, 0))
        .collect();
    Decoded::Keys(keys, take)
}

fn decode_escape(bytes: &[u8], complete: bool) -> Decoded {
    let Some(&second) = bytes.get(1) else {
        return if complete {
            Decoded::Keys(vec![control_key(0x1B)], 1)
        } else {
            Decoded::Incomplete
        };
    };
    if second == b'[' || second == b'O' {
        // Parameters (digits and ';') up to a final byte.
        let Some(end) = bytes[2..]
            .iter()
            .position(|b| !matches!(b, b'0'..=b'9' | b';'))
        else {
            return if complete {
                Decoded::Keys(vec![alt(control_key(b'['))], 2)
            } else {
                Decoded::Incomplete
            };
        };
        let used = 2 + end + 1;
        let params: Vec<u32> = std::str::from_utf8(&bytes[2..2 + end])
            .unwrap_or("")
            .split(';')
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        let last = bytes[2 + end];
        if second == b'[' && last == b'R' && params.len() == 2 {
            return Decoded::CursorReport(params[0] as u16, params[1] as u16, used);
        }
        let found = if last == b'~' {
            tilde_key(params[0])
        } else {
            final_byte_key(last)
        };
        return match found {
            Some(mut k) => {
                k.state |= modifiers(params.get(1).copied().unwrap_or(1));
                Decoded::Keys(vec![k], used)
            }
            // A sequence this decoder does not know: dropped whole, as a console shows nothing.
            None => Decoded::Keys(Vec::new(), used),
        };
    }
    // ESC before a key: that key with Alt.
    match decode(&bytes[1..], complete, false) {
        Decoded::Keys(keys, used) => Decoded::Keys(keys.into_iter().map(alt).collect(), used + 1),
        Decoded::CursorReport(..) | Decoded::Incomplete => Decoded::Incomplete,
    }
}

fn alt(mut k: Key) -> Key {
    k.state |= LEFT_ALT_PRESSED;
    k
}

fn record(vk: u16, scan: u16, ch: u16, state: u32, down: bool) -> INPUT_RECORD {
    INPUT_RECORD {
        EventType: KEY_EVENT as u16,
        Event: INPUT_RECORD_0 {
            KeyEvent: KEY_EVENT_RECORD {
                bKeyDown: down as i32,
                wRepeatCount: 1,
                wVirtualKeyCode: vk,
                wVirtualScanCode: scan,
                uChar: KEY_EVENT_RECORD_0 { UnicodeChar: ch },
                dwControlKeyState: state,
            },
        },
    }
}

/// The records Windows delivers for `k`: the modifiers it needs pressed (Ctrl, Alt, Shift), the
/// key down and up, then the modifiers released in reverse order.
pub fn key_records(k: Key, out: &mut impl Extend<INPUT_RECORD>) {
    let modifiers = [
        (LEFT_CTRL_PRESSED, VK_CONTROL),
        (LEFT_ALT_PRESSED, VK_MENU),
        (SHIFT_PRESSED, VK_SHIFT),
    ];
    let enhanced = k.state & ENHANCED_KEY;
    let mut state = 0;
    for &(bit, (vk, scan)) in &modifiers {
        if k.state & bit != 0 {
            state |= bit;
            out.extend([record(vk, scan, 0, state, true)]);
        }
    }
    out.extend([
        record(k.vk, k.scan, k.ch, state | enhanced, true),
        record(k.vk, k.scan, k.ch, state | enhanced, false),
    ]);
    for &(bit, (vk, scan)) in modifiers.iter().rev() {
        if k.state & bit != 0 {
            state &= !bit;
            out.extend([record(vk, scan, 0, state, false)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<Key> {
        match decode(bytes, true, false) {
            Decoded::Keys(k, used) => {
                assert_eq!(used, bytes.len(), "{bytes:?}");
                k
            }
            other => panic!("{bytes:?}: {other:?}"),
        }
    }

    #[test]
    fn printable_and_control_keys() {
        assert_eq!(keys(b"a"), [key(0x41, 0x1E, 0x61, 0)]);
        assert_eq!(keys(b"Q"), [key(0x51, 0x10, 0x51, SHIFT_PRESSED)]);
        assert_eq!(keys(b"!"), [key(0x31, 0x02, 0x21, SHIFT_PRESSED)]);
        assert_eq!(keys(b"?"), [key(0xBF, 0x35, 0x3F, SHIFT_PRESSED)]);
        assert_eq!(keys(b"\r"), [key(0x0D, 0x1C, 0x0D, 0)]);
        assert_eq!(keys(b"\x7f"), [key(0x08, 0x0E, 0x08, 0)]);
        assert_eq!(keys(b"\x03"), [key(0x43, 0x2E, 0x03, LEFT_CTRL_PRESSED)]);
        assert_eq!(keys("é".as_bytes()), [key(0, 0, 0xE9, 0)]);
        assert_eq!(keys("😀".as_bytes()).len(), 2);
        assert_eq!(
            decode(&"é".as_bytes()[..1], false, false),
            Decoded::Incomplete
        );
    }

    #[test]
    fn escape_sequences() {
        assert_eq!(keys(b"\x1b[A"), [key(0x26, 0x48, 0, ENHANCED_KEY)]);
        assert_eq!(
            keys(b"\x1b[1;5D"),
            [key(0x25, 0x4B, 0, ENHANCED_KEY | LEFT_CTRL_PRESSED)]
        );
        assert_eq!(keys(b"\x1bOP"), [key(0x70, 0x3B, 0, 0)]);
        assert_eq!(keys(b"\x1b[24~"), [key(0x7B, 0x58, 0, 0)]);
        assert_eq!(keys(b"\x1b[3~"), [key(0x2E, 0x53, 0, ENHANCED_KEY)]);
        assert_eq!(keys(b"\x1bx"), [key(0x58, 0x2D, 0x78, LEFT_ALT_PRESSED)]);
        assert_eq!(keys(b"\x1b"), [key(0x1B, 0x01, 0x1B, 0)]);
        assert_eq!(decode(b"\x1b", false, false), Decoded::Incomplete);
        assert_eq!(
            decode(b"\x1b[12;40R", false, false),
            Decoded::CursorReport(12, 40, 8)
        );
        // With virtual terminal input the sequence is the program's to read, byte by byte.
        assert_eq!(
            decode(b"\x1b[A", false, true),
            Decoded::Keys(vec![key(0x1B, 0x01, 0x1B, 0)], 1)
        );
    }

    #[test]
    fn modifiers_wrap_the_key() {
        let mut out = Vec::new();
        key_records(key(0x51, 0x10, 0x51, SHIFT_PRESSED), &mut out);
        let summary: Vec<_> = out
            .iter()
            .map(|r| {
                let k = crate::abi::mem::key_event(r).expect("a key event");
                (k.bKeyDown, k.wVirtualKeyCode, k.dwControlKeyState)
            })
            .collect();
        assert_eq!(
            summary,
            [
                (1, 0x10, SHIFT_PRESSED),
                (1, 0x51, SHIFT_PRESSED),
                (0, 0x51, SHIFT_PRESSED),
                (0, 0x10, 0)
            ]
        );
    }
}
