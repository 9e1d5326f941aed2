//! Windows' linguistic sort: sort keys (LCMapString LCMAP_SORTKEY) and the comparisons of
//! CompareString, which compare those keys. A key is the primary weights of every character,
//! then diacritic, case and special weights, each level separated by 0x01 and ended by 0x00,
//! so comparing keys byte-wise compares letters first, accents next, case last; the hyphen and
//! apostrophe only break ties ("word sort") unless SORT_STRINGSORT makes them symbols.
//!
//! Units below U+0500 carry Windows' weights (`sort_weights`); others sort by code point after
//! them (case-insensitively for letters, with their case as the case weight).

use super::sort_weights::{EXPANSION, EXPANSIONS, IGNORED, NONSPACE, SPECIAL, WEIGHTS};

pub const NORM_IGNORECASE: u32 = 0x0000_0001;
pub const NORM_IGNORENONSPACE: u32 = 0x0000_0002;
pub const NORM_IGNORESYMBOLS: u32 = 0x0000_0004;
pub const SORT_DIGITSASNUMBERS: u32 = 0x0000_0008;
pub const LINGUISTIC_IGNORECASE: u32 = 0x0000_0010;
pub const LINGUISTIC_IGNOREDIACRITIC: u32 = 0x0000_0020;
pub const SORT_STRINGSORT: u32 = 0x0000_1000;
pub const NORM_IGNOREKANATYPE: u32 = 0x0001_0000;
pub const NORM_IGNOREWIDTH: u32 = 0x0002_0000;
pub const NORM_LINGUISTIC_CASING: u32 = 0x0800_0000;

/// The flags CompareString and LCMapString(LCMAP_SORTKEY) accept.
pub const SORT_FLAGS: u32 = NORM_IGNORECASE
    | NORM_IGNORENONSPACE
    | NORM_IGNORESYMBOLS
    | SORT_DIGITSASNUMBERS
    | LINGUISTIC_IGNORECASE
    | LINGUISTIC_IGNOREDIACRITIC
    | SORT_STRINGSORT
    | NORM_IGNOREKANATYPE
    | NORM_IGNOREWIDTH
    | NORM_LINGUISTIC_CASING;

/// The neutral diacritic and case weight (trailing ones are left out of a key).
const NO_DIACRITIC: u8 = 2;
const NO_CASE: u8 = 2;
const LEVEL_SEPARATOR: u8 = 1;
/// Scripts below the digits' are punctuation and symbols (NORM_IGNORESYMBOLS drops them).
const SCRIPT_DIGIT: u8 = 0x0d;
/// Characters without a table entry sort after every tabled script.
const SCRIPT_OTHER: u8 = 0xef;

/// One weighted element: primary weight bytes, diacritic and case weights.
struct Element {
    primary: [u8; 4],
    primary_len: usize,
    diacritic: u8,
    case: u8,
}

/// Builds the sort key of `units` under `flags` (the bytes LCMAP_SORTKEY writes, ending in 0).
pub fn sort_key(units: &[u16], flags: u32) -> Vec<u8> {
    let ignore_case = flags & (NORM_IGNORECASE | LINGUISTIC_IGNORECASE) != 0;
    let ignore_diacritics = flags & (NORM_IGNORENONSPACE | LINGUISTIC_IGNOREDIACRITIC) != 0;
    let ignore_symbols = flags & NORM_IGNORESYMBOLS != 0;
    let string_sort = flags & SORT_STRINGSORT != 0;
    let digits_as_numbers = flags & SORT_DIGITSASNUMBERS != 0;

    let mut elements: Vec<Element> = Vec::with_capacity(units.len());
    let mut special: Vec<u8> = Vec::new();
    let push = |elements: &mut Vec<Element>, w: u32| {
        let script = (w >> 24) as u8;
        if ignore_symbols && script < SCRIPT_DIGIT {
            return;
        }
        elements.push(Element {
            primary: [script, (w >> 16) as u8, 0, 0],
            primary_len: 2,
            diacritic: if ignore_diacritics {
                NO_DIACRITIC
            } else {
                (w >> 8) as u8
            },
            case: if ignore_case { NO_CASE } else { w as u8 },
        });
    };
    let mut i = 0;
    while i < units.len() {
        let unit = units[i];
        if digits_as_numbers && is_ascii_digit(unit) {
            // A run of digits sorts by its numeric value: fewer significant digits first.
            let start = i;
            while i < units.len() && is_ascii_digit(units[i]) {
                i += 1;
            }
            let run = &units[start..i];
            let significant = &run[run.iter().take_while(|&&u| u == b'0' as u16).count()..];
            let length = significant.len().min(0xfd) as u8;
            push(
                &mut elements,
                u32::from(SCRIPT_DIGIT) << 24 | u32::from(length + 2) << 16 | 0x0202,
            );
            for &d in significant {
                push(&mut elements, WEIGHTS[d as usize]);
            }
            continue;
        }
        let w = WEIGHTS
            .get(unit as usize)
            .copied()
            .unwrap_or_else(|| other_weight(unit));
        match w & 0xff00_0000 {
            _ if w == IGNORED => {}
            NONSPACE => {
                if !ignore_diacritics && let Some(last) = elements.last_mut() {
                    last.diacritic = last.diacritic.wrapping_add(w as u8);
                }
            }
            SPECIAL if ignore_symbols => {}
            SPECIAL if string_sort => push(&mut elements, w | 0x0202),
            SPECIAL => {
                let position = 0xffff_u16.wrapping_sub(i as u16).to_be_bytes();
                let case = if ignore_case { NO_CASE } else { 0x12 };
                special.extend_from_slice(&[position[0], position[1], w as u8, case]);
            }
            EXPANSION => {
                for &e in EXPANSIONS[(w & 0xff_ffff) as usize] {
                    push(&mut elements, e);
                }
            }
            _ if w >> 24 == u32::from(SCRIPT_OTHER) => {
                let folded = fold_case(unit);
                let [hi, lo] = folded.to_be_bytes();
                // Weight bytes stay above the level separator.
                elements.push(Element {
                    primary: [
                        SCRIPT_OTHER,
                        2 + hi / 2,
                        2 + (hi & 1) * 128 + lo / 2,
                        2 + (lo & 1),
                    ],
                    primary_len: 4,
                    diacritic: NO_DIACRITIC,
                    case: if folded != unit && !ignore_case {
                        0x12
                    } else {
                        NO_CASE
                    },
                });
            }
            _ => push(&mut elements, w),
        }
        i += 1;
    }

    let mut key = Vec::with_capacity(elements.len() * 4 + special.len() + 6);
    for e in &elements {
        key.extend_from_slice(&e.primary[..e.primary_len]);
    }
    for level in [
        elements.iter().map(|e| e.diacritic).collect::<Vec<_>>(),
        elements.iter().map(|e| e.case).collect::<Vec<_>>(),
    ] {
        key.push(LEVEL_SEPARATOR);
        let used = level
            .iter()
            .rposition(|&w| w != NO_DIACRITIC)
            .map_or(0, |p| p + 1);
        key.extend_from_slice(&level[..used]);
    }
    key.push(LEVEL_SEPARATOR); // the (empty) East Asian level
    key.push(LEVEL_SEPARATOR);
    key.extend_from_slice(&special);
    key.push(0);
    key
}

/// Marks a unit beyond the table; `sort_key` derives its weights from the unit itself.
fn other_weight(_unit: u16) -> u32 {
    u32::from(SCRIPT_OTHER) << 24
}

fn is_ascii_digit(unit: u16) -> bool {
    (b'0' as u16..=b'9' as u16).contains(&unit)
}

/// Compares two strings as CompareString does: -1, 0 or 1.
pub fn compare(a: &[u16], b: &[u16], flags: u32) -> std::cmp::Ordering {
    sort_key(a, flags).cmp(&sort_key(b, flags))
}

/// The simple (one unit to one unit) lowercase of a UTF-16 unit, as Windows' case tables map:
/// units whose full mapping is longer or leaves the BMP stay as they are.
pub fn to_lower(unit: u16) -> u16 {
    map_case(unit, char::to_lowercase)
}

pub fn to_upper(unit: u16) -> u16 {
    map_case(unit, char::to_uppercase)
}

fn map_case<I: Iterator<Item = char>>(unit: u16, f: impl Fn(char) -> I) -> u16 {
    let Some(c) = char::from_u32(u32::from(unit)) else {
        return unit;
    };
    let mut mapped = f(c);
    match (mapped.next(), mapped.next()) {
        (Some(m), None) if (m as u32) < 0x10000 => m as u16,
        _ => unit,
    }
}

/// Case folding for case-insensitive ordinal comparison (CompareStringOrdinal): uppercase, as
/// Windows' ordinal comparison does.
pub fn fold_case(unit: u16) -> u16 {
    to_upper(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str, flags: u32) -> Vec<u8> {
        sort_key(&s.encode_utf16().collect::<Vec<_>>(), flags)
    }

    #[test]
    fn keys_match_windows() {
        assert_eq!(key("a", 0), [0x0e, 0x02, 1, 1, 1, 1, 0]);
        assert_eq!(key("A", 0), [0x0e, 0x02, 1, 1, 0x12, 1, 1, 0]);
        assert_eq!(
            key("aB", 0),
            [0x0e, 0x02, 0x0e, 0x09, 1, 1, 0x02, 0x12, 1, 1, 0]
        );
        assert_eq!(
            key("co-op", 0)[8..],
            [1, 1, 1, 1, 0xff, 0xfd, 0x82, 0x12, 0]
        );
        assert_eq!(
            key("-a", 0),
            [0x0e, 0x02, 1, 1, 1, 1, 0xff, 0xff, 0x82, 0x12, 0]
        );
        assert_eq!(
            key("a.b", 0),
            [0x0e, 0x02, 0x07, 0x33, 0x0e, 0x09, 1, 1, 1, 1, 0]
        );
        assert_eq!(key("e\u{301}", 0), key("\u{e9}", 0));
    }
}
