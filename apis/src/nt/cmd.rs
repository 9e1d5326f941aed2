//! `cmd.exe /c COMMAND` as /bin/sh runs it: build tools hand their commands to the command
//! interpreter, and the parts they use — `&&`, `||`, `&`, `|`, `>`, `>>`, `<`, `2>&1`, quotes,
//! `^` escapes, `%VAR%` — translate one to one. Each simple command keeps its Windows meaning:
//! a Windows program gets the exact command line under winrun, a Linux program the arguments
//! the Windows rules split, and the builtins programs use (`echo`, `exit`, `cd`, `type`, `rem`)
//! behave as cmd's.

use super::child::{self, Image};
use crate::abi::{Win32Error, Win32Result};

/// The shell script for a `cmd` command line (`cmd [/s] [/d] [/q] /c COMMAND`).
pub fn to_shell(command_line: &str, env: &[(String, String)]) -> Win32Result<String> {
    let command = command_of(command_line).ok_or_else(|| {
        tracing::warn!(target: "kernel32::processthreadsapi", "cmd without /c (an interactive command interpreter) is not supported");
        Win32Error::NOT_SUPPORTED
    })?;
    Ok(translate(&expand(&command, env)))
}

/// The command after `/c` (or `/k`), with cmd's rule for an outer pair of quotes applied.
fn command_of(command_line: &str) -> Option<String> {
    let line = command_line.trim_start_matches([' ', '\t']);
    let mut rest = if let Some(quoted) = line.strip_prefix('"') {
        let end = quoted.find('"').map_or(line.len(), |i| i + 2);
        &line[end..]
    } else {
        &line[line.find([' ', '\t']).unwrap_or(line.len())..]
    };
    let mut strip_always = false;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        if !rest.starts_with('/') || rest.len() < 2 {
            return None;
        }
        let switch = rest[1..2].to_ascii_lowercase();
        let end = rest.find([' ', '\t']).unwrap_or(rest.len());
        match switch.as_str() {
            "c" | "k" => {
                rest = &rest[2..];
                break;
            }
            "s" => strip_always = true,
            _ => {}
        }
        rest = &rest[end..];
    }
    let command = rest.trim_start_matches([' ', '\t']);
    // Quotes are kept only when there are exactly two, around something with a blank and no
    // special characters (a quoted program path); otherwise the first and last quote go.
    let quotes = command.matches('"').count();
    let keep = !strip_always
        && quotes == 2
        && command.starts_with('"')
        && command.trim_end().ends_with('"')
        && command.contains(' ')
        && !command.contains(['&', '<', '>', '(', ')', '@', '^', '|']);
    if command.starts_with('"') && !keep {
        let inner = &command[1..];
        return Some(match inner.rfind('"') {
            Some(i) => format!("{}{}", &inner[..i], &inner[i + 1..]),
            None => inner.to_string(),
        });
    }
    Some(command.to_string())
}

/// `%NAME%` replaced by the variable's value; unknown names stay as they are (as cmd /c does).
fn expand(command: &str, env: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = command;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('%') {
            Some(end) if end > 0 => {
                let name = &after[..end];
                match env.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('%');
                        out.push_str(name);
                        out.push('%');
                    }
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A word for the shell, taken literally.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn unquote(word: &str) -> String {
    word.replace('"', "")
}

/// One simple command being collected: its words (with their quotes, as cmd passes them on)
/// and its redirections (already in shell syntax).
#[derive(Default)]
struct Simple {
    words: Vec<String>,
    redirections: Vec<String>,
}

fn redirect_target(word: &str) -> String {
    let name = unquote(word);
    if name.eq_ignore_ascii_case("nul") {
        return "/dev/null".into();
    }
    sh_quote(&super::path::windows_to_host(&name).to_string_lossy())
}

fn translate(command: &str) -> String {
    let chars: Vec<char> = command.chars().collect();
    let mut out = String::new();
    let mut simple = Simple::default();
    let mut word = String::new();
    let mut quoted = false;
    let mut i = 0;
    let flush_word = |word: &mut String, simple: &mut Simple| {
        if !word.is_empty() {
            simple.words.push(std::mem::take(word));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if quoted {
            word.push(c);
            quoted = c != '"';
            i += 1;
            continue;
        }
        match c {
            '"' => {
                word.push(c);
                quoted = true;
                i += 1;
            }
            '^' if i + 1 < chars.len() => {
                word.push(chars[i + 1]);
                i += 2;
            }
            ' ' | '\t' => {
                flush_word(&mut word, &mut simple);
                i += 1;
            }
            '>' | '<' => {
                // A lone 1 or 2 right before `>` names the stream.
                let fd = if c == '>' && (word == "1" || word == "2") {
                    std::mem::take(&mut word)
                } else {
                    flush_word(&mut word, &mut simple);
                    String::new()
                };
                let mut op = c.to_string();
                i += 1;
                if c == '>' && chars.get(i) == Some(&'>') {
                    op.push('>');
                    i += 1;
                }
                if chars.get(i) == Some(&'&') {
                    let target: String = chars[i + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    i += 1 + target.len();
                    simple.redirections.push(format!("{fd}{op}&{target}"));
                    continue;
                }
                while chars.get(i).is_some_and(|c| *c == ' ' || *c == '\t') {
                    i += 1;
                }
                let mut target = String::new();
                let mut q = false;
                while let Some(&t) = chars.get(i) {
                    if !q && matches!(t, ' ' | '\t' | '&' | '|' | '<' | '>' | ')') {
                        break;
                    }
                    if t == '"' {
                        q = !q;
                    }
                    target.push(t);
                    i += 1;
                }
                simple
                    .redirections
                    .push(format!("{fd}{op}{}", redirect_target(&target)));
            }
            '&' | '|' => {
                flush_word(&mut word, &mut simple);
                out.push_str(&emit(std::mem::take(&mut simple)));
                let doubled = chars.get(i + 1) == Some(&c);
                out.push_str(match (c, doubled) {
                    ('&', true) => " && ",
                    ('&', false) => " ; ",
                    ('|', true) => " || ",
                    _ => " | ",
                });
                i += if doubled { 2 } else { 1 };
            }
            '(' if word.is_empty() && simple.words.is_empty() => {
                out.push_str("( ");
                i += 1;
            }
            ')' => {
                flush_word(&mut word, &mut simple);
                out.push_str(&emit(std::mem::take(&mut simple)));
                out.push_str(" )");
                i += 1;
            }
            _ => {
                word.push(c);
                i += 1;
            }
        }
    }
    flush_word(&mut word, &mut simple);
    out.push_str(&emit(simple));
    out
}

/// The shell form of one simple command.
fn emit(simple: Simple) -> String {
    let Some(first) = simple.words.first() else {
        return if simple.redirections.is_empty() {
            ":".into()
        } else {
            format!(": {}", simple.redirections.join(" "))
        };
    };
    let program = unquote(first);
    let args = &simple.words[1..];
    let mut line = match program.to_ascii_lowercase().as_str() {
        "echo" if args.is_empty() => "printf 'ECHO is on.\\r\\n'".to_string(),
        "echo." => "printf '\\r\\n'".to_string(),
        "echo" => format!("printf '%s\\r\\n' {}", sh_quote(&args.join(" "))),
        "rem" => ":".to_string(),
        "exit" => {
            let code = args
                .iter()
                .find(|a| !a.eq_ignore_ascii_case("/b"))
                .and_then(|a| a.parse::<i64>().ok())
                .unwrap_or(0);
            format!("exit {code}")
        }
        "cd" | "chdir" if !args.is_empty() => {
            let dir = unquote(&args.join(" "));
            format!(
                "cd {}",
                sh_quote(&super::path::windows_to_host(&dir).to_string_lossy())
            )
        }
        "type" if !args.is_empty() => format!(
            "cat {}",
            args.iter()
                .map(|a| sh_quote(&super::path::windows_to_host(&unquote(a)).to_string_lossy()))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        _ => program_command(&simple.words),
    };
    for r in &simple.redirections {
        line.push(' ');
        line.push_str(r);
    }
    line
}

/// A program run by a simple command, found by CreateProcess's rules.
fn program_command(words: &[String]) -> String {
    let command_line = words.join(" ");
    match child::find_image(None, &command_line) {
        Ok(Image::Pe(path)) => {
            let c = child::winrun_command(&path, &command_line);
            let mut line = String::new();
            for (k, v) in c.get_envs() {
                if let Some(v) = v {
                    line.push_str(&format!(
                        "{}={} ",
                        k.to_string_lossy(),
                        sh_quote(&v.to_string_lossy())
                    ));
                }
            }
            line.push_str(&sh_quote(&c.get_program().to_string_lossy()));
            for a in c.get_args() {
                line.push(' ');
                line.push_str(&sh_quote(&a.to_string_lossy()));
            }
            line
        }
        Ok(Image::Native(path)) => {
            let args = super::cmdline::split(
                &command_line.encode_utf16().collect::<Vec<_>>(),
                super::cmdline::QuoteRule::Ucrt,
            );
            let mut line = sh_quote(&path.to_string_lossy());
            for a in args.iter().skip(1) {
                line.push(' ');
                line.push_str(&sh_quote(&String::from_utf16_lossy(a)));
            }
            line
        }
        Ok(Image::Cmd) => match command_of(&command_line) {
            Some(inner) => format!("/bin/sh -c {}", sh_quote(&translate(&inner))),
            None => "/bin/sh".into(),
        },
        Err(_) => format!(
            "{{ printf '%s\\r\\n' {} >&2; (exit 1); }}",
            sh_quote(&format!(
                "'{}' is not recognized as an internal or external command, operable program or batch file.",
                unquote(&words[0])
            ))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_follows_c_and_outer_quotes_go() {
        assert_eq!(command_of("cmd /c echo hi").as_deref(), Some("echo hi"));
        assert_eq!(
            command_of(r#"C:\windows\system32\cmd.exe /s /c "a && b""#).as_deref(),
            Some("a && b")
        );
        assert_eq!(
            command_of(r#"cmd.exe /C "gcc -c "x y.c" && ld""#).as_deref(),
            Some(r#"gcc -c "x y.c" && ld"#)
        );
        assert_eq!(
            command_of(r#"cmd /c "C:\Program Files\x.exe""#).as_deref(),
            Some(r#""C:\Program Files\x.exe""#)
        );
        assert_eq!(command_of("cmd"), None);
        assert_eq!(command_of("cmd /q"), None);
    }

    #[test]
    fn variables_expand_case_insensitively() {
        let env = vec![("Name".to_string(), "v".to_string())];
        assert_eq!(expand("a%NAME%b %X% 50%", &env), "avb %X% 50%");
    }

    #[test]
    fn operators_and_builtins_translate() {
        assert_eq!(
            translate("echo a b&& exit /b 3"),
            "printf '%s\\r\\n' 'a b' && exit 3"
        );
        assert_eq!(translate("echo x ^& y"), "printf '%s\\r\\n' 'x & y'");
        assert_eq!(
            translate(r#"echo "a & b""#),
            "printf '%s\\r\\n' '\"a & b\"'"
        );
        assert_eq!(
            translate("exit 1 || rem x & exit 2"),
            "exit 1 || : ; exit 2"
        );
        assert_eq!(
            translate("echo x>nul 2>&1"),
            "printf '%s\\r\\n' 'x' >/dev/null 2>&1"
        );
    }
}
