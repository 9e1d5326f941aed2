//! shlwapi.h: path strings (pure string work on `\`-separated Windows paths, except
//! PathFileExistsW) and case-insensitive comparison.

use crate::abi::{GuestPtr, WStrPtr};
use crate::dllexport;

const MAX_PATH: usize = 260;
const BACKSLASH: u16 = b'\\' as u16;
const SLASH: u16 = b'/' as u16;
const COLON: u16 = b':' as u16;
const DOT: u16 = b'.' as u16;
const SPACE: u16 = b' ' as u16;

fn is_separator(c: u16) -> bool {
    c == BACKSLASH || c == SLASH
}

/// The length of a path's root: `X:\`, `X:`, `\\server\share` or `\`; 0 for a relative path.
fn root_len(p: &[u16]) -> usize {
    if p.len() >= 2 && p[1] == COLON {
        if p.len() >= 3 && is_separator(p[2]) {
            3
        } else {
            2
        }
    } else if p.first().is_some_and(|&c| is_separator(c)) {
        1
    } else {
        0
    }
}

/// Removes `.` and `..` components (a `..` never climbs above the root).
fn canonicalize(p: &[u16]) -> Vec<u16> {
    let root = root_len(p);
    let mut parts: Vec<&[u16]> = Vec::new();
    for part in p[root..].split(|&c| c == BACKSLASH) {
        match part {
            [] => {}
            [DOT] => {}
            [DOT, DOT] => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let mut out = p[..root].to_vec();
    out.extend(parts.join(&BACKSLASH));
    if p.len() > root && p.last() == Some(&BACKSLASH) && !parts.is_empty() {
        out.push(BACKSLASH);
    }
    out
}

fn combine(dir: Option<Vec<u16>>, file: Option<Vec<u16>>) -> Option<Vec<u16>> {
    let joined = match (dir, file) {
        (None, None) => return None,
        (Some(d), None) => d,
        (None, Some(f)) => f,
        (Some(d), Some(f)) if f.is_empty() => d,
        (Some(d), Some(f)) if root_len(&f) >= 2 || d.is_empty() => f,
        // A file rooted at `\` lands on the root of the directory's drive.
        (Some(d), Some(f)) if root_len(&f) == 1 => {
            let drive = if d.len() >= 2 && d[1] == COLON {
                &d[..2]
            } else {
                &[][..]
            };
            [drive, &f].concat()
        }
        (Some(mut d), Some(f)) => {
            if d.last() != Some(&BACKSLASH) {
                d.push(BACKSLASH);
            }
            d.extend(f);
            d
        }
    };
    Some(canonicalize(&joined))
}

fn write_path(dest: GuestPtr<u16>, path: &[u16]) -> bool {
    if path.len() >= MAX_PATH {
        dest.write(0);
        return false;
    }
    dest.write_slice(path);
    dest.offset(path.len()).write(0);
    true
}

#[dllexport]
pub fn PathFileExistsW(pszPath: WStrPtr) -> bool {
    !pszPath.is_null() && crate::kernel32::fileapi::GetFileAttributesW(pszPath).is_ok()
}

/// Joins `pszDir` and `pszFile` into `pszDest` (MAX_PATH characters) and removes `.` and `..`;
/// NULL when both are NULL or the result does not fit.
#[dllexport]
pub fn PathCombineW(pszDest: GuestPtr<u16>, pszDir: WStrPtr, pszFile: WStrPtr) -> GuestPtr<u16> {
    if pszDest.is_null() {
        return GuestPtr::NULL;
    }
    match combine(pszDir.units(), pszFile.units()) {
        Some(path) if write_path(pszDest, &path) => pszDest,
        _ => {
            pszDest.write(0);
            GuestPtr::NULL
        }
    }
}

/// Appends `pszMore` (leading backslashes ignored) to `pszPath` with one backslash between.
#[dllexport]
pub fn PathAppendW(pszPath: GuestPtr<u16>, pszMore: WStrPtr) -> bool {
    let (Some(path), Some(more)) = (WStrPtr(pszPath.addr()).units(), pszMore.units()) else {
        return false;
    };
    let skip = more.iter().take_while(|&&c| c == BACKSLASH).count();
    let more = more[skip..].to_vec();
    let combined = if root_len(&more) >= 2 {
        canonicalize(&more)
    } else {
        combine(Some(path), Some(more)).unwrap_or_default()
    };
    write_path(pszPath, &combined)
}

/// Cuts the last component: `C:\a\b` → `C:\a`, `C:\a` → `C:\`, `a` → ``. FALSE when nothing
/// was removed.
#[dllexport]
pub fn PathRemoveFileSpecW(pszPath: GuestPtr<u16>) -> bool {
    let Some(path) = WStrPtr(pszPath.addr()).units() else {
        return false;
    };
    let root = root_len(&path);
    let cut = match path[root..].iter().rposition(|&c| c == BACKSLASH) {
        Some(i) => root + i,
        None => root,
    };
    // The root's own backslash stays ("C:\", "\").
    let keep = if cut == 0 && root > 0 {
        root
    } else {
        cut.max(root)
    };
    if keep >= path.len() {
        return false;
    }
    pszPath.offset(keep).write(0);
    true
}

/// The address of the file name: after the last `\`, `/` or `:` that is followed by a name.
#[dllexport]
pub fn PathFindFileNameW(pszPath: WStrPtr) -> GuestPtr<u16> {
    let base = GuestPtr::<u16>::new(pszPath.0);
    let Some(path) = pszPath.units() else {
        return GuestPtr::NULL;
    };
    let mut start = 0;
    for i in 0..path.len() {
        let next = path.get(i + 1).copied().unwrap_or(0);
        if (is_separator(path[i]) || path[i] == COLON) && next != 0 && !is_separator(next) {
            start = i + 1;
        }
    }
    base.offset(start)
}

/// The address of the extension's dot in the last component, or of the terminating NUL.
#[dllexport]
pub fn PathFindExtensionW(pszPath: WStrPtr) -> GuestPtr<u16> {
    let base = GuestPtr::<u16>::new(pszPath.0);
    let Some(path) = pszPath.units() else {
        return GuestPtr::NULL;
    };
    let mut dot = None;
    for (i, &c) in path.iter().enumerate() {
        if c == BACKSLASH || c == SPACE {
            dot = None;
        } else if c == DOT {
            dot = Some(i);
        }
    }
    base.offset(dot.unwrap_or(path.len()))
}

#[dllexport]
pub fn PathIsRelativeW(pszPath: WStrPtr) -> bool {
    match pszPath.units() {
        Some(p) => !(p.first() == Some(&BACKSLASH) || (p.len() >= 2 && p[1] == COLON)),
        None => true,
    }
}

/// Compares with case folded (Unicode simple upper case): negative, zero or positive.
#[dllexport]
pub fn StrCmpIW(psz1: WStrPtr, psz2: WStrPtr) -> i32 {
    let fold = |p: WStrPtr| {
        p.string()
            .unwrap_or_default()
            .chars()
            .flat_map(char::to_uppercase)
            .collect::<Vec<char>>()
    };
    fold(psz1).cmp(&fold(psz2)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn combine_follows_shlwapi_rules() {
        let c = |d: &str, f: &str| {
            String::from_utf16(&combine(Some(w(d)), Some(w(f))).unwrap()).unwrap()
        };
        assert_eq!(c(r"C:\a", "b"), r"C:\a\b");
        assert_eq!(c(r"C:\a\", r"..\b\.\c"), r"C:\b\c");
        assert_eq!(c(r"C:\a", r"\x"), r"C:\x");
        assert_eq!(c(r"C:\a", r"D:\y"), r"D:\y");
        assert_eq!(c(r"C:\", r".."), r"C:\");
        assert_eq!(c("a", r"b\"), r"a\b\");
    }
}
