//! Symbolic links the way Rust's std sees them on Windows: a tree under the directory given as
//! the first argument holds links to a directory outside it; remove_dir_all must take the
//! links, never what they point at.

use std::fs;
use std::os::windows::fs::{symlink_dir, symlink_file};
use std::path::Path;

fn main() {
    let base = Path::new(&std::env::args().nth(1).expect("a directory")).to_path_buf();
    let outside = base.join("outside");
    let tree = base.join("tree");
    fs::create_dir_all(&outside).expect("outside");
    fs::write(outside.join("keep.txt"), b"kept").expect("keep.txt");
    fs::create_dir_all(tree.join("sub")).expect("tree");
    fs::write(tree.join("sub").join("b.txt"), b"b").expect("b.txt");
    fs::write(tree.join("a.txt"), b"a").expect("a.txt");
    symlink_dir(&outside, tree.join("abs")).expect("absolute directory link");
    symlink_dir(Path::new(r"..\..\outside"), tree.join("sub").join("rel")).expect("relative link");
    symlink_file(Path::new("a.txt"), tree.join("file-link")).expect("file link");
    symlink_file(Path::new("missing.txt"), tree.join("dangling")).expect("dangling link");

    for name in ["abs", r"sub\rel", "file-link", "dangling", "a.txt"] {
        let p = tree.join(name);
        let m = fs::symlink_metadata(&p).expect("symlink_metadata");
        let followed = fs::metadata(&p).map(|m| m.is_dir());
        println!(
            "{name}: symlink {} dir {} file {} len {} followed dir {:?}",
            m.file_type().is_symlink(),
            m.is_dir(),
            m.is_file(),
            m.len(),
            followed.ok()
        );
    }
    // The link was made to a rooted name (`/dir/outside`); it reads back as the NT name's DOS
    // form, `C:\dir\outside`.
    let abs = fs::read_link(tree.join("abs")).expect("read_link abs");
    let expected = format!(r"C:{}", outside.to_string_lossy().replace('/', r"\"));
    println!(
        "read_link abs is the outside directory: {}",
        abs.to_string_lossy().eq_ignore_ascii_case(&expected)
    );
    println!(
        "read_link rel: {:?}",
        fs::read_link(tree.join("sub").join("rel")).expect("read_link rel")
    );
    println!(
        "read_link file: {:?}",
        fs::read_link(tree.join("file-link")).expect("read_link file")
    );
    println!(
        "through the link: {:?}",
        fs::read_to_string(tree.join("abs").join("keep.txt")).ok()
    );
    let mut names: Vec<String> = fs::read_dir(&tree)
        .expect("read_dir")
        .map(|e| {
            let e = e.expect("entry");
            let t = e.file_type().expect("file_type");
            format!(
                "{}:{}",
                e.file_name().to_string_lossy(),
                if t.is_symlink() {
                    "link"
                } else if t.is_dir() {
                    "dir"
                } else {
                    "file"
                }
            )
        })
        .collect();
    names.sort();
    println!("entries: {names:?}");
    println!(
        "remove_dir_all: {:?}",
        fs::remove_dir_all(&tree).map_err(|e| e.to_string())
    );
    println!("tree exists: {}", tree.exists());
    println!(
        "outside kept: {:?}",
        fs::read_to_string(outside.join("keep.txt")).ok()
    );
}
