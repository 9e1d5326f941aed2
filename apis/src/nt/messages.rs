//! The system message table: the English texts FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM) gives
//! for Win32 error codes (`system_messages.txt`).

use std::sync::OnceLock;

/// The text of system message `id`, with Windows' closing "\r\n".
pub fn system_message(id: u32) -> Option<String> {
    static TABLE: OnceLock<Vec<(u32, &'static str)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut entries: Vec<(u32, &'static str)> = include_str!("system_messages.txt")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (code, text) = line.split_once('\t')?;
                Some((code.parse().ok()?, text))
            })
            .collect();
        entries.sort_unstable_by_key(|&(code, _)| code);
        entries
    });
    let i = table.binary_search_by_key(&id, |&(code, _)| code).ok()?;
    Some(format!("{}\r\n", table[i].1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_and_unknown_codes() {
        assert_eq!(
            super::system_message(2).as_deref(),
            Some("The system cannot find the file specified.\r\n")
        );
        assert_eq!(super::system_message(0x7fff_0000), None);
    }
}
