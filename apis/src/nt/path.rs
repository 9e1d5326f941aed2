//! Windows paths ↔ host paths (DESIGN §6): `C:` and `Z:` are the host root, both separators are
//! accepted, and a rooted path (`\foo`, `/foo`) is host `/foo`.

use std::path::{Path, PathBuf};

/// The Windows form of a host path: `/tmp/a.txt` → `C:\tmp\a.txt`. Relative paths are made
/// absolute against the host's current directory.
pub fn host_to_windows(path: &Path) -> String {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut out = String::from("C:");
    let mut any = false;
    for part in abs.components() {
        match part {
            std::path::Component::Normal(p) => {
                out.push('\\');
                out.push_str(&p.to_string_lossy());
                any = true;
            }
            std::path::Component::ParentDir => {
                if let Some(i) = out.rfind('\\') {
                    out.truncate(i.max(2));
                }
            }
            _ => {}
        }
    }
    if !any || out.len() == 2 {
        out.push('\\');
    }
    out
}

/// The host path for a Windows path: drive letters C: and Z: map to `/`, backslashes become
/// slashes, relative paths stay relative to the current directory.
pub fn windows_to_host(path: &str) -> PathBuf {
    let p = path.strip_prefix(r"\\?\").unwrap_or(path);
    let bytes = p.as_bytes();
    let rest = if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        let r = &p[2..];
        if r.starts_with(['\\', '/']) {
            r.to_string()
        } else {
            // Drive-relative ("C:foo"): relative to the current directory of that drive, which
            // is the current directory.
            r.to_string()
        }
    } else {
        p.to_string()
    };
    PathBuf::from(rest.replace('\\', "/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_paths_become_drive_c() {
        assert_eq!(host_to_windows(Path::new("/tmp/a.txt")), r"C:\tmp\a.txt");
        assert_eq!(host_to_windows(Path::new("/")), r"C:\");
        assert_eq!(host_to_windows(Path::new("/a/b/../c")), r"C:\a\c");
    }

    #[test]
    fn windows_paths_map_to_host() {
        assert_eq!(
            windows_to_host(r"C:\tmp\a.txt"),
            PathBuf::from("/tmp/a.txt")
        );
        assert_eq!(windows_to_host(r"z:/tmp"), PathBuf::from("/tmp"));
        assert_eq!(windows_to_host(r"\etc\hosts"), PathBuf::from("/etc/hosts"));
        assert_eq!(windows_to_host(r"dir\f.txt"), PathBuf::from("dir/f.txt"));
        assert_eq!(windows_to_host(r"\\?\C:\x"), PathBuf::from("/x"));
    }
}
