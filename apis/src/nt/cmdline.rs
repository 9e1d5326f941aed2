//! Windows command lines: a process receives one string, and each runtime splits it.
//!
//! Rules (Microsoft, "Parsing C command-line arguments"): arguments are separated by spaces or
//! tabs; `"` toggles quoting; 2n backslashes before `"` give n backslashes and the quote toggles,
//! 2n+1 give n backslashes and a literal `"`; other backslashes are literal. The program name
//! (first argument) ends at the closing quote or the first blank, with no backslash escapes.
//! Runtimes differ on `""` inside a quoted run: msvcrt.dll and CommandLineToArgvW emit a `"` and
//! leave quoted mode; the UCRT emits a `"` and stays quoted.

/// How `""` inside quotes is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteRule {
    /// msvcrt.dll, shell32's CommandLineToArgvW.
    Legacy,
    /// The Universal CRT.
    Ucrt,
}

const SPACE: u16 = b' ' as u16;
const TAB: u16 = b'\t' as u16;
const QUOTE: u16 = b'"' as u16;
const BACKSLASH: u16 = b'\\' as u16;

/// Splits a command line into arguments (UTF-16 in, UTF-16 out).
pub fn split(line: &[u16], rule: QuoteRule) -> Vec<Vec<u16>> {
    let mut args = Vec::new();
    let mut i = 0;
    let n = line.len();

    // The program name.
    let mut name = Vec::new();
    if n > 0 && line[0] == QUOTE {
        i = 1;
        while i < n && line[i] != QUOTE {
            name.push(line[i]);
            i += 1;
        }
        if i < n {
            i += 1;
        }
    } else {
        while i < n && line[i] != SPACE && line[i] != TAB {
            name.push(line[i]);
            i += 1;
        }
    }
    args.push(name);

    loop {
        while i < n && (line[i] == SPACE || line[i] == TAB) {
            i += 1;
        }
        if i >= n {
            break;
        }
        let mut arg = Vec::new();
        let mut quoted = false;
        while i < n {
            let c = line[i];
            if (c == SPACE || c == TAB) && !quoted {
                break;
            }
            if c == BACKSLASH {
                let start = i;
                while i < n && line[i] == BACKSLASH {
                    i += 1;
                }
                let count = i - start;
                if i < n && line[i] == QUOTE {
                    arg.extend(std::iter::repeat_n(BACKSLASH, count / 2));
                    if count % 2 == 1 {
                        arg.push(QUOTE);
                        i += 1;
                    }
                } else {
                    arg.extend(std::iter::repeat_n(BACKSLASH, count));
                }
                continue;
            }
            if c == QUOTE {
                if quoted && i + 1 < n && line[i + 1] == QUOTE {
                    arg.push(QUOTE);
                    i += 2;
                    if rule == QuoteRule::Legacy {
                        quoted = false;
                    }
                    continue;
                }
                quoted = !quoted;
                i += 1;
                continue;
            }
            arg.push(c);
            i += 1;
        }
        args.push(arg);
    }
    args
}

/// Quotes one argument so that `split` gives it back unchanged.
pub fn quote(arg: &str, out: &mut String) {
    if !arg.is_empty() && !arg.contains([' ', '\t', '"', '\n', '\x0b']) {
        out.push_str(arg);
        return;
    }
    out.push('"');
    let mut backslashes = 0;
    for c in arg.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                out.extend(std::iter::repeat_n('\\', backslashes * 2 + 1));
                out.push('"');
                backslashes = 0;
            }
            _ => {
                out.extend(std::iter::repeat_n('\\', backslashes));
                out.push(c);
                backslashes = 0;
            }
        }
    }
    out.extend(std::iter::repeat_n('\\', backslashes * 2));
    out.push('"');
}

/// Builds the command line for a program and its arguments (as a Linux shell split them).
pub fn build(program: &str, args: &[String]) -> String {
    let mut line = String::new();
    if program.contains([' ', '\t']) {
        line.push('"');
        line.push_str(program);
        line.push('"');
    } else {
        line.push_str(program);
    }
    for a in args {
        line.push(' ');
        quote(a, &mut line);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(line: &str, rule: QuoteRule) -> Vec<String> {
        let w: Vec<u16> = line.encode_utf16().collect();
        split(&w, rule)
            .iter()
            .map(|a| String::from_utf16_lossy(a))
            .collect()
    }

    #[test]
    fn documented_examples() {
        // The table in "Parsing C command-line arguments".
        let l = QuoteRule::Ucrt;
        assert_eq!(s(r#"p "abc" d e"#, l), ["p", "abc", "d", "e"]);
        assert_eq!(s(r#"p a\\b d"e f"g h"#, l), ["p", r"a\\b", "de fg", "h"]);
        assert_eq!(s(r#"p a\\\"b c d"#, l), ["p", r#"a\"b"#, "c", "d"]);
        assert_eq!(s(r#"p a\\\\"b c" d e"#, l), ["p", r"a\\b c", "d", "e"]);
        assert_eq!(s(r#"p a"b"" c d"#, l), ["p", r#"ab" c d"#]);
    }

    #[test]
    fn doubled_quotes_differ_between_runtimes() {
        assert_eq!(s(r#"p "a""b c""#, QuoteRule::Ucrt), ["p", r#"a"b c"#]);
        assert_eq!(s(r#"p "a""b c""#, QuoteRule::Legacy), ["p", r#"a"b"#, "c"]);
    }

    #[test]
    fn program_name_has_no_escapes() {
        assert_eq!(
            s(r#""C:\a b\x.exe" y"#, QuoteRule::Legacy),
            [r"C:\a b\x.exe", "y"]
        );
        assert_eq!(s(r#"C:\a\"x y"#, QuoteRule::Legacy), [r#"C:\a\"x"#, "y"]);
    }

    #[test]
    fn quote_round_trips() {
        let args: Vec<String> = [
            "plain",
            "with space",
            "",
            r#"q"uote"#,
            r"back\slash",
            r"trail\",
            r#"both \" "#,
            "tab\there",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        let line = build(r"C:\dir\p.exe", &args);
        let parsed = s(&line, QuoteRule::Ucrt);
        assert_eq!(parsed[1..], args[..]);
        assert_eq!(s(&line, QuoteRule::Legacy)[1..], args[..]);
    }
}
