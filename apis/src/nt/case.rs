//! Simple (one unit to one unit) Unicode case mapping of UTF-16 code units, as
//! RtlUpcaseUnicodeChar and CharUpperW do: a character whose case mapping is longer (`ß` → `SS`)
//! or leaves the BMP stays as it is, and surrogates are left alone.

fn map(unit: u16, f: impl Fn(char) -> Option<char>) -> u16 {
    char::from_u32(u32::from(unit))
        .and_then(f)
        .and_then(|c| u16::try_from(c as u32).ok())
        .unwrap_or(unit)
}

fn single<I: Iterator<Item = char>>(mut it: I) -> Option<char> {
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

pub fn upper(unit: u16) -> u16 {
    map(unit, |c| single(c.to_uppercase()))
}

pub fn lower(unit: u16) -> u16 {
    map(unit, |c| single(c.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_one_unit_to_one_unit() {
        assert_eq!(upper(u16::from(b'a')), u16::from(b'A'));
        assert_eq!(lower(0xC9), 0xE9); // É → é
        assert_eq!(upper(0xDF), 0xDF); // ß has no one-character upper case
        assert_eq!(upper(0xD800), 0xD800);
    }
}
