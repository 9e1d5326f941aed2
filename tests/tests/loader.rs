//! End-to-end tests of the `winrun` loader itself: bad input (each failure a one-line message
//! naming the file, the documented exit status, no panic), the `check` and `apis` subcommands,
//! `--strict`, the unimplemented-import stub, relay tracing and binfmt_misc registration.
//!
//! Bad PE files are made by corrupting bytes of `samples/bin/hello.exe` (or `greet.dll`) in the
//! test itself; `Pe` below finds the header fields to patch.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use winrun_tests::{Toolchain, build_dir, compile, run, sample, stderr, stdout, winrun};

// winrun's exit statuses (loader/src/exit.rs).
const NOT_FOUND: i32 = 127;
const BAD_IMAGE: i32 = 126;
const DLL_ERROR: i32 = 125;
const UNIMPLEMENTED: i32 = 121;

/// hello.exe's output: msvcrt writes text-mode "\r\n" line ends, as on Windows (and Wine).
const HELLO: &[u8] = b"Hello from winrun!\r\n";

// ---------------------------------------------------------------------------------------------
// Helpers

/// A fresh, empty directory for one test (under the target directory, so no temp-file crate).
fn scratch(test: &str) -> PathBuf {
    let dir = build_dir("loader-scratch").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating a scratch directory");
    dir
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("writing a test file");
    path
}

fn winrun_cmd() -> Command {
    Command::new(winrun())
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

/// Whether this process runs with effective uid 0 (from /proc, to need no libc dependency).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

/// Asserts winrun refused `file` cleanly: exit status `want`, nothing on stdout, exactly one
/// line on stderr that starts with `winrun: `, names the file and contains every `needles`
/// entry; no panic and no signal (core dump).
fn assert_refused(o: &Output, file: &str, want: i32, needles: &[&str]) {
    let err = stderr(o);
    assert!(
        o.status.signal().is_none(),
        "winrun died of signal {:?} (core dumped: {}); stderr:\n{err}",
        o.status.signal(),
        o.status.core_dumped()
    );
    assert!(
        !err.contains("internal error") && !err.contains("panicked"),
        "winrun panicked:\n{err}"
    );
    assert_eq!(code(o), Some(want), "exit status; stderr:\n{err}");
    assert!(o.stdout.is_empty(), "unexpected stdout: {:?}", stdout(o));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "want exactly one line on stderr, got:\n{err}"
    );
    let line = lines[0];
    assert!(
        line.starts_with("winrun: "),
        "message does not start with `winrun: `: {line}"
    );
    assert!(line.contains(file), "message does not name {file}: {line}");
    for n in needles {
        assert!(line.contains(n), "message lacks {n:?}: {line}");
    }
}

fn hello_bytes() -> Vec<u8> {
    std::fs::read(sample("hello.exe")).expect("reading samples/bin/hello.exe")
}

/// Writes `bytes` as `name` into a scratch directory for `test` and runs winrun on it.
fn run_bytes(test: &str, name: &str, bytes: &[u8]) -> (PathBuf, Output) {
    let dir = scratch(test);
    let path = write_file(&dir, name, bytes);
    let o = run(&path, &[]);
    (path, o)
}

fn rd16(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes(b[at..at + 2].try_into().unwrap())
}
fn rd32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}
fn rd64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}
fn wr16(b: &mut [u8], at: usize, v: u16) {
    b[at..at + 2].copy_from_slice(&v.to_le_bytes());
}
fn wr32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}
fn wr64(b: &mut [u8], at: usize, v: u64) {
    b[at..at + 8].copy_from_slice(&v.to_le_bytes());
}

#[derive(Debug, Clone)]
struct SectionHdr {
    name: String,
    virtual_size: u32,
    rva: u32,
    raw_size: u32,
    raw_ptr: u32,
    /// File offset of this section's header.
    header_at: usize,
}

/// File offsets of the header fields the tests patch in a PE32+ file.
#[derive(Debug)]
struct Pe {
    /// The "PE\0\0" signature.
    signature: usize,
    /// The COFF header (Machine at +0, Characteristics at +18).
    coff: usize,
    /// The optional header (Magic at +0).
    opt: usize,
    sections: Vec<SectionHdr>,
}

impl Pe {
    fn parse(b: &[u8]) -> Pe {
        assert_eq!(&b[..2], b"MZ");
        let signature = rd32(b, 0x3C) as usize;
        assert_eq!(&b[signature..signature + 4], b"PE\0\0");
        let coff = signature + 4;
        let opt = coff + 20;
        assert_eq!(rd16(b, opt), 0x20b, "a PE32+ file");
        let count = rd16(b, coff + 2) as usize;
        let table = opt + rd16(b, coff + 16) as usize;
        let sections = (0..count)
            .map(|i| {
                let h = table + 40 * i;
                SectionHdr {
                    name: String::from_utf8_lossy(&b[h..h + 8])
                        .trim_end_matches('\0')
                        .to_string(),
                    virtual_size: rd32(b, h + 8),
                    rva: rd32(b, h + 12),
                    raw_size: rd32(b, h + 16),
                    raw_ptr: rd32(b, h + 20),
                    header_at: h,
                }
            })
            .collect();
        Pe {
            signature,
            coff,
            opt,
            sections,
        }
    }
    fn machine(&self) -> usize {
        self.coff
    }
    fn characteristics(&self) -> usize {
        self.coff + 18
    }
    fn magic(&self) -> usize {
        self.opt
    }
    fn image_base(&self) -> usize {
        self.opt + 24
    }
    fn size_of_image(&self) -> usize {
        self.opt + 56
    }
    fn subsystem(&self) -> usize {
        self.opt + 68
    }
    /// The (rva, size) pair of data directory `i`.
    fn dir(&self, i: usize) -> usize {
        self.opt + 112 + 8 * i
    }
    /// The file offset of `rva`, through the section table (it must lie in a section's file data).
    fn offset_of(&self, rva: u32) -> usize {
        let s = self
            .sections
            .iter()
            .find(|s| rva >= s.rva && rva - s.rva < s.raw_size.min(s.virtual_size.max(s.raw_size)))
            .unwrap_or_else(|| panic!("RVA {rva:#x} is in no section's file data"));
        (s.raw_ptr + (rva - s.rva)) as usize
    }
}

/// Rebases a PE file to `new_base` the way `editbin /rebase` does: ImageBase changes and every
/// absolute address the base relocations list moves with it, so the file stays consistent (the
/// loader then has to relocate it again if `new_base` is not free). Patching ImageBase alone
/// would leave the file's absolute addresses (TLS directory, function tables, pointers in
/// .data) pointing at the old base.
fn rebase(b: &mut [u8], new_base: u64) {
    let pe = Pe::parse(b);
    let delta = new_base.wrapping_sub(rd64(b, pe.image_base()));
    let (mut rva, size) = (
        rd32(b, pe.dir(DIR_BASERELOC)),
        rd32(b, pe.dir(DIR_BASERELOC) + 4),
    );
    assert_ne!(size, 0, "the file has base relocations");
    let end = rva + size;
    while rva + 8 <= end {
        let at = pe.offset_of(rva);
        let (page, block) = (rd32(b, at), rd32(b, at + 4));
        assert!(block >= 8, "relocation block size {block:#x}");
        for i in 0..(block as usize - 8) / 2 {
            let entry = rd16(b, at + 8 + 2 * i);
            match entry >> 12 {
                0 => {}
                10 => {
                    let target = pe.offset_of(page + (entry & 0xFFF) as u32);
                    let v = rd64(b, target);
                    wr64(b, target, v.wrapping_add(delta));
                }
                t => panic!("relocation type {t} in a sample (only DIR64 expected)"),
            }
        }
        rva += block;
    }
    wr64(b, pe.image_base(), new_base);
}

const IMAGE_FILE_RELOCS_STRIPPED: u16 = 0x0001;
const DIR_IMPORT: usize = 1;
const DIR_BASERELOC: usize = 5;

/// An address no user-space mapping can ever occupy (the kernel half of the x86-64 address
/// space), so an image preferring it always has to go elsewhere. 64 KiB aligned, as ImageBase
/// must be.
const UNMAPPABLE_BASE: u64 = 0xFFFF_8000_0000_0000;

/// Makes `bytes` an image that cannot be relocated: IMAGE_FILE_RELOCS_STRIPPED set and the
/// base-relocation directory emptied.
fn strip_relocations(b: &mut [u8], pe: &Pe) {
    let c = rd16(b, pe.characteristics());
    wr16(b, pe.characteristics(), c | IMAGE_FILE_RELOCS_STRIPPED);
    wr64(b, pe.dir(DIR_BASERELOC), 0);
}

// ---------------------------------------------------------------------------------------------
// Files that are missing, unreadable or not PE images

#[test]
fn missing_file() {
    let dir = scratch("missing_file");
    let path = dir.join("nosuch.exe");
    let o = run(&path, &[]);
    assert_refused(
        &o,
        &path.display().to_string(),
        NOT_FOUND,
        &["No such file"],
    );
}

#[test]
fn directory_as_program() {
    let dir = scratch("directory_as_program").join("prog.exe");
    std::fs::create_dir_all(&dir).unwrap();
    let o = run(&dir, &[]);
    assert_refused(&o, &dir.display().to_string(), NOT_FOUND, &["directory"]);
}

#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    if is_root() {
        eprintln!("skipped: running as root, which can read a mode-000 file anyway");
        return;
    }
    let dir = scratch("unreadable_file");
    let path = write_file(&dir, "hello.exe", &hello_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let o = run(&path, &[]);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_refused(
        &o,
        &path.display().to_string(),
        NOT_FOUND,
        &["Permission denied"],
    );
}

#[test]
fn empty_file() {
    let (path, o) = run_bytes("empty_file", "empty.exe", b"");
    assert_refused(&o, &path.display().to_string(), BAD_IMAGE, &["not a PE"]);
}

#[test]
fn text_file() {
    let text = b"#!/bin/sh\necho this is a shell script, not a Windows program\n".repeat(4);
    let (path, o) = run_bytes("text_file", "script.exe", &text);
    assert_refused(&o, &path.display().to_string(), BAD_IMAGE, &["not a PE"]);
}

#[test]
fn mz_without_pe_signature() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    b[pe.signature..pe.signature + 4].copy_from_slice(b"XX\0\0");
    let (path, o) = run_bytes("mz_without_pe_signature", "dos.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["not a PE", "PE signature"],
    );
}

#[test]
fn pe_offset_past_end_of_file() {
    let mut b = hello_bytes();
    let len = b.len() as u32;
    wr32(&mut b, 0x3C, len + 0x1000);
    let (path, o) = run_bytes("pe_offset_past_end_of_file", "farpe.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["beyond the end of the file"],
    );

    // The largest offset: no overflow when adding the header size.
    wr32(&mut b, 0x3C, u32::MAX);
    let (path, o) = run_bytes("pe_offset_past_end_of_file", "maxpe.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["beyond the end of the file"],
    );
}

#[test]
fn truncated_to_headers() {
    let b = hello_bytes();
    let (path, o) = run_bytes("truncated_to_headers", "head.exe", &b[..1024]);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["beyond the end of the file"],
    );
}

#[test]
fn truncated_in_a_section() {
    let b = hello_bytes();
    let pe = Pe::parse(&b);
    // Cut in the middle of the second section with file data: the first is whole, so the
    // message must name this one.
    // Bytes the loader copies from the file: the raw data, cut at VirtualSize.
    let copied = |s: &SectionHdr| {
        if s.virtual_size == 0 {
            s.raw_size
        } else {
            s.raw_size.min(s.virtual_size)
        }
    };
    let s = pe
        .sections
        .iter()
        .filter(|s| copied(s) >= 2)
        .nth(1)
        .expect("two sections")
        .clone();
    let cut = (s.raw_ptr + copied(&s) / 2) as usize;
    let (path, o) = run_bytes("truncated_in_a_section", "cut.exe", &b[..cut]);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["beyond the end of the file", &s.name],
    );
}

#[test]
fn corrupt_optional_header_magic() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    wr16(&mut b, pe.magic(), 0x1234);
    let (path, o) = run_bytes("corrupt_optional_header_magic", "magic.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["corrupt PE image"],
    );
    let err = stderr(&o);
    assert!(
        err.contains("magic") || err.contains("0x1234"),
        "message does not name the magic: {err}"
    );
}

#[test]
fn pe32_optional_header_is_refused() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    wr16(&mut b, pe.magic(), 0x10b);
    let (path, o) = run_bytes("pe32_optional_header_is_refused", "pe32.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["32-bit PE programs are not supported yet"],
    );
}

#[test]
fn i386_machine_is_refused() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    wr16(&mut b, pe.machine(), 0x14c);
    let (path, o) = run_bytes("i386_machine_is_refused", "i386.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["32-bit PE programs are not supported yet"],
    );
}

#[test]
fn arm64_machine_is_refused() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    wr16(&mut b, pe.machine(), 0xAA64);
    let (path, o) = run_bytes("arm64_machine_is_refused", "arm64.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["machine", "0xaa64"],
    );
}

#[test]
fn size_of_image_zero() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    wr32(&mut b, pe.size_of_image(), 0);
    let (path, o) = run_bytes("size_of_image_zero", "noimage.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["corrupt PE image", "SizeOfImage"],
    );
}

#[test]
fn section_beyond_size_of_image() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    let s = pe.sections[0].clone();
    let size_of_image = rd32(&b, pe.size_of_image());
    // VirtualAddress + VirtualSize now ends 64 KiB past SizeOfImage.
    wr32(&mut b, s.header_at + 8, size_of_image - s.rva + 0x10000);
    let (path, o) = run_bytes("section_beyond_size_of_image", "bigsect.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["corrupt PE image", &s.name, "SizeOfImage"],
    );
}

#[test]
fn import_directory_outside_image() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    wr32(&mut b, pe.dir(DIR_IMPORT), 0x7000_0000);
    let (path, o) = run_bytes("import_directory_outside_image", "farimports.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["corrupt PE image"],
    );
    let err = stderr(&o).to_lowercase();
    assert!(
        err.contains("import") || err.contains("data directory 1 "),
        "message does not name the import directory: {err}"
    );
}

#[test]
fn import_dll_name_out_of_range() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    let import_rva = rd32(&b, pe.dir(DIR_IMPORT));
    let first = pe.offset_of(import_rva);
    // IMAGE_IMPORT_DESCRIPTOR.Name is at +12.
    wr32(&mut b, first + 12, 0x00FF_FFF0);
    let (path, o) = run_bytes("import_dll_name_out_of_range", "badname.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["corrupt PE image", "imported DLL name"],
    );
}

#[test]
fn gui_program_runs_with_one_warning() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    wr16(&mut b, pe.subsystem(), 2); // IMAGE_SUBSYSTEM_WINDOWS_GUI
    let (path, o) = run_bytes("gui_program_runs_with_one_warning", "gui.exe", &b);
    let err = stderr(&o);
    assert_eq!(code(&o), Some(0), "stderr:\n{err}");
    assert_eq!(o.stdout, HELLO, "stdout {:?}", stdout(&o));
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("GUI")).collect();
    assert_eq!(warnings.len(), 1, "want one GUI warning, stderr:\n{err}");
    assert!(warnings[0].starts_with("winrun: "), "{}", warnings[0]);
    assert!(
        warnings[0].contains(&path.display().to_string()),
        "{}",
        warnings[0]
    );
}

#[test]
fn dll_as_program() {
    let path = sample("greet.dll");
    let o = run(&path, &[]);
    assert_refused(&o, "greet.dll", BAD_IMAGE, &["is a DLL"]);
}

#[test]
fn missing_import_dll() {
    let dir = scratch("missing_import_dll");
    let exe = dir.join("usegreet.exe");
    std::fs::copy(sample("usegreet.exe"), &exe).unwrap();
    // The current directory is searched too: make it the lonely one.
    let o = winrun_cmd().arg(&exe).current_dir(&dir).output().unwrap();
    assert_refused(
        &o,
        "greet.dll",
        DLL_ERROR,
        &["needed by usegreet.exe", &dir.display().to_string()],
    );
}

#[test]
fn program_name_without_exe_suffix() {
    let dir = scratch("program_name_without_exe_suffix");
    std::fs::copy(sample("hello.exe"), dir.join("hello.exe")).unwrap();
    let o = run(&dir.join("hello"), &[]);
    assert_eq!(code(&o), Some(0), "stderr:\n{}", stderr(&o));
    assert_eq!(o.stdout, HELLO);
}

#[test]
fn no_program_given() {
    let o = winrun_cmd().output().unwrap();
    assert!(o.status.signal().is_none());
    assert_ne!(code(&o), Some(0));
    assert!(stderr(&o).contains("winrun"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("internal error"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------
// Placement and relocation

/// ImageBase in the kernel half: never free, and without relocations there is nowhere else to go.
///
/// The brief suggested a base below vm.mmap_min_addr; on this kind of system that value is 4096,
/// below the lowest 64 KiB-aligned base other than 0, so it cannot make an address "taken". A
/// kernel-half address is refused by mmap everywhere, which is what the loader sees for any
/// taken address (MAP_FIXED_NOREPLACE fails). `unplaceable_dll_base_taken_by_the_program`
/// covers a base really occupied by another image.
#[test]
fn unplaceable_image_without_relocations() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    wr64(&mut b, pe.image_base(), UNMAPPABLE_BASE);
    strip_relocations(&mut b, &pe);
    let (path, o) = run_bytes("unplaceable_image_without_relocations", "fixed.exe", &b);
    assert_refused(
        &o,
        &path.display().to_string(),
        BAD_IMAGE,
        &["cannot place the image"],
    );
}

/// ImageBase 0 can never be honoured (page zero is never mapped), and an image without
/// relocations cannot go anywhere else. mmap treats address 0 as "anywhere", so the loader must
/// not take the address mmap picks for the preferred base.
#[test]
fn image_base_zero_without_relocations() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    wr64(&mut b, pe.image_base(), 0);
    strip_relocations(&mut b, &pe);
    let (path, o) = run_bytes("image_base_zero_without_relocations", "zero.exe", &b);
    assert_refused(&o, &path.display().to_string(), BAD_IMAGE, &[]);
    let err = stderr(&o);
    assert!(
        err.contains("cannot place the image") || err.contains("ImageBase"),
        "message does not say the base is the problem: {err}"
    );
}

/// The same unusable base with relocations intact: the loader maps the image elsewhere and
/// applies .reloc, and the program runs as before.
#[test]
fn relocated_image_runs() {
    let mut b = hello_bytes();
    let pe = Pe::parse(&b);
    assert_ne!(
        rd64(&b, pe.dir(DIR_BASERELOC)),
        0,
        "hello.exe has relocations"
    );
    rebase(&mut b, UNMAPPABLE_BASE);
    let (_, o) = run_bytes("relocated_image_runs", "moved.exe", &b);
    assert_eq!(code(&o), Some(0), "stderr:\n{}", stderr(&o));
    assert_eq!(o.stdout, HELLO, "stdout {:?}", stdout(&o));
}

/// A copy of greet.dll and usegreet.exe where the DLL prefers the program's own base: an address
/// that is really in use when the DLL loads.
fn greet_at_exe_base(test: &str, strip: bool) -> PathBuf {
    let dir = scratch(test);
    let exe = std::fs::read(sample("usegreet.exe")).unwrap();
    let exe_base = rd64(&exe, Pe::parse(&exe).image_base());
    let mut dll = std::fs::read(sample("greet.dll")).unwrap();
    rebase(&mut dll, exe_base);
    let pe = Pe::parse(&dll);
    if strip {
        strip_relocations(&mut dll, &pe);
    }
    write_file(&dir, "greet.dll", &dll);
    write_file(&dir, "usegreet.exe", &exe)
}

#[test]
fn unplaceable_dll_base_taken_by_the_program() {
    let exe = greet_at_exe_base("unplaceable_dll_base_taken_by_the_program", true);
    let o = winrun_cmd()
        .arg(&exe)
        .current_dir(exe.parent().unwrap())
        .output()
        .unwrap();
    assert_refused(&o, "greet.dll", BAD_IMAGE, &["cannot place the image"]);
}

#[test]
fn relocated_dll_runs() {
    let exe = greet_at_exe_base("relocated_dll_runs", false);
    let o = winrun_cmd()
        .arg(&exe)
        .current_dir(exe.parent().unwrap())
        .output()
        .unwrap();
    let out = stdout(&o);
    // The DLL's code, data export and ordinal export all work from the relocated copy.
    for fact in [
        "greet: Hello, winrun! (14)\r\n",
        "greet_version: 3\r\n",
        "greet_attached: 1\r\n",
        "GetProcAddress(ordinal 7): 42\r\n",
    ] {
        assert!(
            out.contains(fact),
            "missing {fact:?} in stdout:\n{out}\nstderr:\n{}",
            stderr(&o)
        );
    }
    assert_eq!(code(&o), Some(0), "stdout:\n{out}\nstderr:\n{}", stderr(&o));
    assert!(
        out.ends_with("all as expected\r\ngreet.dll: detach\n"),
        "stdout:\n{out}"
    );
}

// ---------------------------------------------------------------------------------------------
// winrun check, --strict and the unimplemented stub

/// One line of `winrun check`: owner, DLL, function, status.
#[derive(Debug)]
struct CheckLine {
    owner: String,
    dll: String,
    func: String,
    status: String,
}

/// Parses `winrun check` output: `owner: DLL!Func: status` lines, then `N imports, M missing`.
/// Asserts the format and that the summary agrees with the lines.
fn parse_check(o: &Output) -> (Vec<CheckLine>, usize) {
    let out = stdout(o);
    let mut lines: Vec<&str> = out.lines().collect();
    let summary = lines
        .pop()
        .unwrap_or_else(|| panic!("no output; stderr:\n{}", stderr(o)));
    let (n, m) = summary
        .strip_suffix(" missing")
        .and_then(|s| s.split_once(" imports, "))
        .unwrap_or_else(|| panic!("bad summary line {summary:?}"));
    let (n, m): (usize, usize) = (n.parse().unwrap(), m.parse().unwrap());
    let parsed: Vec<CheckLine> = lines
        .iter()
        .map(|l| {
            let (owner, rest) = l
                .split_once(": ")
                .unwrap_or_else(|| panic!("bad line {l:?}"));
            let (import, status) = rest
                .rsplit_once(": ")
                .unwrap_or_else(|| panic!("bad line {l:?}"));
            let (dll, func) = import
                .split_once('!')
                .unwrap_or_else(|| panic!("bad line {l:?}"));
            let ok = ["builtin", "builtin (partial)", "native"].contains(&status)
                || status.starts_with("MISSING");
            assert!(ok, "unknown status in {l:?}");
            CheckLine {
                owner: owner.into(),
                dll: dll.into(),
                func: func.trim_end_matches(" (delay-load)").into(),
                status: status.into(),
            }
        })
        .collect();
    assert_eq!(
        parsed.len(),
        n,
        "summary {summary:?} disagrees with the {} lines",
        parsed.len()
    );
    let missing = parsed
        .iter()
        .filter(|l| l.status.starts_with("MISSING"))
        .count();
    assert_eq!(
        missing, m,
        "summary {summary:?} disagrees with the MISSING lines"
    );
    let want = if missing == 0 { 0 } else { 1 };
    assert_eq!(
        code(o),
        Some(want),
        "exit status with {missing} missing; stderr:\n{}",
        stderr(o)
    );
    (parsed, missing)
}

fn check(program: &Path) -> Output {
    winrun_cmd()
        .arg("check")
        .arg(program)
        .output()
        .expect("running winrun check")
}

#[test]
fn check_lists_imports_of_hello() {
    let o = check(&sample("hello.exe"));
    let (lines, _) = parse_check(&o);
    let find = |dll: &str, func: &str| {
        lines
            .iter()
            .find(|l| l.dll == dll && l.func == func)
            .unwrap_or_else(|| panic!("no line for {dll}!{func}:\n{}", stdout(&o)))
    };
    for (dll, func) in [
        ("msvcrt.dll", "__getmainargs"),
        ("msvcrt.dll", "fwrite"),
        ("msvcrt.dll", "exit"),
        ("KERNEL32.dll", "GetStartupInfoA"),
        ("KERNEL32.dll", "VirtualQuery"),
    ] {
        let l = find(dll, func);
        assert_eq!(l.owner, "hello.exe");
        assert!(
            l.status.starts_with("builtin"),
            "{dll}!{func}: {}",
            l.status
        );
    }
}

/// The hello-world sample needs nothing winrun lacks.
#[test]
fn check_hello_has_nothing_missing() {
    let o = check(&sample("hello.exe"));
    let (lines, missing) = parse_check(&o);
    let names: Vec<String> = lines
        .iter()
        .filter(|l| l.status.starts_with("MISSING"))
        .map(|l| format!("{}!{}: {}", l.dll, l.func, l.status))
        .collect();
    assert_eq!(missing, 0, "missing imports: {names:?}");
}

#[test]
fn check_shows_native_dll_imports() {
    let o = check(&sample("usegreet.exe"));
    let (lines, _) = parse_check(&o);
    for func in ["greet", "greet_calls", "greet_attached", "greet_version"] {
        let l = lines
            .iter()
            .find(|l| l.owner == "usegreet.exe" && l.dll == "greet.dll" && l.func == func)
            .unwrap_or_else(|| panic!("no line for greet.dll!{func}:\n{}", stdout(&o)));
        assert_eq!(l.status, "native", "greet.dll!{func}");
    }
    // The DLL's own imports are listed under its name.
    assert!(
        lines
            .iter()
            .any(|l| l.owner == "greet.dll" && l.dll.eq_ignore_ascii_case("KERNEL32.dll")),
        "greet.dll's imports are not listed:\n{}",
        stdout(&o)
    );
}

/// A program importing KERNEL32!Beep, which winrun does not have. Built once with mingw.
fn beep_exe() -> Option<&'static Path> {
    static EXE: OnceLock<Option<PathBuf>> = OnceLock::new();
    EXE.get_or_init(|| {
        if !Toolchain::Mingw.available() {
            return None;
        }
        let dir = build_dir("loader");
        let src = write_file(
            &dir,
            "beep.c",
            br#"#include <stdio.h>
__declspec(dllimport) int __stdcall Beep(unsigned freq, unsigned ms);
int main(void)
{
    printf("before Beep\n");
    Beep(440, 10);
    printf("after Beep\n");
    return 0;
}
"#,
        );
        let exe = dir.join("beep.exe");
        compile(Toolchain::Mingw, &[&src], &exe, &["-O2"]);
        Some(exe)
    })
    .as_deref()
}

macro_rules! need_beep {
    () => {
        match beep_exe() {
            Some(exe) => exe,
            None => {
                eprintln!("skipped: x86_64-w64-mingw32-gcc is not installed");
                return;
            }
        }
    };
}

#[test]
fn check_reports_missing_import() {
    let exe = need_beep!();
    let o = check(exe);
    let (lines, missing) = parse_check(&o);
    assert!(missing >= 1);
    let beep = lines
        .iter()
        .find(|l| l.func == "Beep")
        .unwrap_or_else(|| panic!("no Beep line:\n{}", stdout(&o)));
    assert_eq!(beep.dll, "KERNEL32.dll");
    assert!(beep.status.starts_with("MISSING"), "{beep:?}");
    assert_eq!(code(&o), Some(1));
}

#[test]
fn calling_missing_import_stops_with_its_name() {
    let exe = need_beep!();
    let o = run(exe, &[]);
    assert!(
        o.status.signal().is_none(),
        "killed by a signal: {:?}",
        o.status
    );
    assert_eq!(stderr(&o), "winrun: unimplemented: KERNEL32.dll!Beep\n");
    assert_eq!(code(&o), Some(UNIMPLEMENTED));
    // What the program printed before the call is not lost; nothing after it runs.
    assert_eq!(stdout(&o), "before Beep\r\n");
}

#[test]
fn strict_refuses_missing_import() {
    let exe = need_beep!();
    let o = winrun_cmd().arg("--strict").arg(exe).output().unwrap();
    let err = stderr(&o);
    assert!(o.status.signal().is_none());
    assert_eq!(code(&o), Some(DLL_ERROR), "stderr:\n{err}");
    assert!(o.stdout.is_empty(), "the program ran: {:?}", stdout(&o));
    assert!(err.starts_with("winrun: "), "{err}");
    assert!(err.contains("--strict"), "{err}");
    assert!(!err.contains("internal error"), "{err}");
}

#[test]
fn strict_runs_a_complete_program() {
    let o = winrun_cmd()
        .arg("--strict")
        .arg(sample("hello.exe"))
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(0), "stderr:\n{}", stderr(&o));
    assert_eq!(o.stdout, HELLO);
}

// ---------------------------------------------------------------------------------------------
// winrun apis

/// DLL header lines (`NAME (i of n exports implemented)`) and the export lines under each.
fn parse_apis(out: &str) -> Vec<(String, Vec<String>)> {
    let mut dlls: Vec<(String, Vec<String>)> = Vec::new();
    for line in out.lines() {
        if let Some(export) = line.strip_prefix("  ") {
            let (_, lines) = dlls
                .last_mut()
                .unwrap_or_else(|| panic!("export before a DLL: {line}"));
            lines.push(export.to_string());
        } else {
            let (name, rest) = line
                .split_once(" (")
                .unwrap_or_else(|| panic!("bad header {line:?}"));
            assert!(
                rest.ends_with(" exports implemented)"),
                "bad header {line:?}"
            );
            dlls.push((name.to_string(), Vec::new()));
        }
    }
    dlls
}

fn assert_export_line(line: &str) {
    let status = ["implemented", "partial", "stub", "forward to "];
    assert!(
        status.iter().any(|s| line.contains(s)),
        "no status in export line {line:?}"
    );
}

#[test]
fn apis_lists_builtin_dlls() {
    let o = winrun_cmd().arg("apis").output().unwrap();
    assert_eq!(code(&o), Some(0), "stderr:\n{}", stderr(&o));
    let dlls = parse_apis(&stdout(&o));
    for want in ["KERNEL32.dll", "msvcrt.dll"] {
        let (_, exports) = dlls
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(want))
            .unwrap_or_else(|| panic!("{want} not listed:\n{}", stdout(&o)));
        assert!(!exports.is_empty(), "{want} lists no exports");
        exports.iter().for_each(|l| assert_export_line(l));
    }
    let kernel32 = &dlls.iter().find(|(n, _)| n == "KERNEL32.dll").unwrap().1;
    assert!(
        kernel32
            .iter()
            .any(|l| l.split_whitespace().next() == Some("GetStdHandle")),
        "KERNEL32.dll does not list GetStdHandle"
    );
    let msvcrt = &dlls.iter().find(|(n, _)| n == "msvcrt.dll").unwrap().1;
    assert!(
        msvcrt
            .iter()
            .any(|l| l.split_whitespace().next() == Some("__getmainargs")),
        "msvcrt.dll does not list __getmainargs"
    );
}

#[test]
fn apis_lists_one_dll() {
    let o = winrun_cmd().args(["apis", "kernel32"]).output().unwrap();
    assert_eq!(code(&o), Some(0), "stderr:\n{}", stderr(&o));
    let dlls = parse_apis(&stdout(&o));
    assert_eq!(dlls.len(), 1, "want only kernel32:\n{}", stdout(&o));
    assert_eq!(dlls[0].0, "KERNEL32.dll");
    assert!(!dlls[0].1.is_empty());
}

#[test]
fn apis_unknown_dll_fails() {
    let o = winrun_cmd().args(["apis", "nosuch"]).output().unwrap();
    assert!(o.status.signal().is_none());
    assert_ne!(code(&o), Some(0));
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with("winrun: ") && err.contains("nosuch"),
        "{err}"
    );
}

/// `winrun apis | head` must not end in a panic: output to a closed pipe stops quietly.
#[test]
fn apis_into_closed_pipe() {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let o = winrun_cmd()
        .arg("apis")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("running winrun apis")
        .wait_with_output()
        .unwrap();
    let err = stderr(&o);
    assert!(
        !err.contains("internal error") && !err.contains("panicked"),
        "{err}"
    );
    assert_ne!(
        code(&o),
        Some(123),
        "exit status {:?}; stderr:\n{err}",
        o.status
    );
}

// ---------------------------------------------------------------------------------------------
// Relay tracing

fn run_env(program: &Path, args: &[&str], log: Option<&str>) -> Output {
    let mut cmd = winrun_cmd();
    cmd.arg(program).args(args);
    match log {
        Some(v) => cmd.env("WINRUN_LOG", v),
        None => cmd.env_remove("WINRUN_LOG"),
    };
    cmd.output().expect("running winrun")
}

/// The relay lines of stderr: `<hex tid>:<DLL>.<Func>(...)`.
fn relay_lines(err: &str) -> Vec<&str> {
    err.lines()
        .filter(|l| {
            l.split_once(':').is_some_and(|(tid, rest)| {
                !tid.is_empty()
                    && tid.chars().all(|c| c.is_ascii_hexdigit())
                    && rest.contains(".dll.")
                    && rest.contains('(')
            })
        })
        .collect()
}

#[test]
fn relay_traces_every_call() {
    let o = run_env(&sample("hello.exe"), &[], Some("relay"));
    let err = stderr(&o);
    assert_eq!(code(&o), Some(0), "stderr:\n{err}");
    assert_eq!(o.stdout, HELLO, "tracing changed stdout");
    let lines = relay_lines(&err);
    assert!(!lines.is_empty(), "no relay lines:\n{err}");
    // Every line is one complete call: thread id, DLL.Function(args) -> result.
    for l in &lines {
        assert!(l.contains(") -> "), "incomplete relay line {l:?}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains(":msvcrt.dll.__getmainargs(")),
        "{err}"
    );
    assert!(lines.iter().any(|l| l.contains(":KERNEL32.dll.")), "{err}");
    // mingw's printf writes the greeting with one fputc per character: one line per call.
    let fputc = lines
        .iter()
        .filter(|l| l.contains(":msvcrt.dll.fputc("))
        .count();
    assert_eq!(fputc, "Hello from winrun!\n".len(), "fputc lines:\n{err}");
    // All on the main thread.
    let tid = lines[0].split_once(':').unwrap().0;
    assert!(
        lines.iter().all(|l| l.starts_with(&format!("{tid}:"))),
        "{err}"
    );
}

#[test]
fn relay_shows_string_arguments() {
    let o = run_env(&sample("args.exe"), &["--env", "PATH"], Some("relay"));
    let err = stderr(&o);
    assert!(
        relay_lines(&err)
            .iter()
            .any(|l| l.contains(":KERNEL32.dll.GetEnvironmentVariableA(lpName=\"PATH\"")),
        "no GetEnvironmentVariableA(lpName=\"PATH\" ...) line:\n{err}"
    );
    assert_eq!(code(&o), Some(0), "stderr:\n{err}");
}

#[test]
fn relay_shows_string_arguments_loadlibrary() {
    let o = run_env(&sample("usegreet.exe"), &[], Some("relay::kernel32"));
    let err = stderr(&o);
    assert!(
        relay_lines(&err)
            .iter()
            .any(|l| l.contains(":KERNEL32.dll.LoadLibraryA(lpLibFileName=\"greet.dll\")")),
        "no LoadLibraryA(\"greet.dll\") line:\n{err}"
    );
}

#[test]
fn relay_filter_by_dll() {
    let o = run_env(&sample("hello.exe"), &[], Some("relay::kernel32"));
    let err = stderr(&o);
    assert_eq!(code(&o), Some(0), "stderr:\n{err}");
    assert_eq!(o.stdout, HELLO, "tracing changed stdout");
    let lines = relay_lines(&err);
    assert!(
        lines.iter().any(|l| l.contains(":KERNEL32.dll.")),
        "no kernel32 lines:\n{err}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("msvcrt.dll.")),
        "msvcrt traced:\n{err}"
    );
}

#[test]
fn no_relay_without_winrun_log() {
    let o = run_env(&sample("hello.exe"), &[], None);
    let err = stderr(&o);
    assert_eq!(code(&o), Some(0), "stderr:\n{err}");
    assert_eq!(o.stdout, HELLO);
    assert!(
        relay_lines(&err).is_empty(),
        "relay lines without WINRUN_LOG:\n{err}"
    );
    assert!(err.is_empty(), "unexpected stderr:\n{err}");
}

// ---------------------------------------------------------------------------------------------
// binfmt_misc

const BINFMT_DIR: &str = "/proc/sys/fs/binfmt_misc";

/// Uninstalls the registration (and unmounts binfmt_misc if the test mounted it) however the
/// test ends.
struct BinfmtGuard {
    mounted: bool,
}

impl Drop for BinfmtGuard {
    fn drop(&mut self) {
        let o = winrun_cmd().args(["binfmt", "uninstall"]).output();
        if let Ok(o) = &o
            && !o.status.success()
        {
            eprintln!("winrun binfmt uninstall failed: {}", stderr(o));
        }
        if self.mounted {
            let _ = Command::new("umount").arg(BINFMT_DIR).status();
        }
    }
}

#[test]
fn binfmt_install_runs_exe_directly() {
    use std::os::unix::fs::PermissionsExt;
    if !is_root() {
        eprintln!("skipped: registering with binfmt_misc needs root");
        return;
    }
    let register = Path::new(BINFMT_DIR).join("register");
    let mut mounted = false;
    if !register.exists() {
        let m = Command::new("mount")
            .args(["-t", "binfmt_misc", "binfmt_misc", BINFMT_DIR])
            .output();
        match m {
            Ok(m) if m.status.success() && register.exists() => mounted = true,
            Ok(m) => {
                eprintln!(
                    "skipped: binfmt_misc is not mounted and mounting it failed: {}",
                    String::from_utf8_lossy(&m.stderr).trim()
                );
                return;
            }
            Err(e) => {
                eprintln!("skipped: binfmt_misc is not mounted and `mount` did not run: {e}");
                return;
            }
        }
    }
    if Path::new(BINFMT_DIR).join("winrun").exists() {
        eprintln!("skipped: winrun is already registered with binfmt_misc; not replacing it");
        if mounted {
            let _ = Command::new("umount").arg(BINFMT_DIR).status();
        }
        return;
    }
    let _guard = BinfmtGuard { mounted };
    let o = winrun_cmd().args(["binfmt", "install"]).output().unwrap();
    assert_eq!(
        code(&o),
        Some(0),
        "binfmt install: {}{}",
        stdout(&o),
        stderr(&o)
    );
    let status = winrun_cmd().args(["binfmt", "status"]).output().unwrap();
    assert_eq!(
        code(&status),
        Some(0),
        "binfmt status after install: {}",
        stdout(&status)
    );

    let dir = scratch("binfmt_install_runs_exe_directly");
    let exe = dir.join("hello.exe");
    std::fs::copy(sample("hello.exe"), &exe).unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let o = Command::new(&exe)
        .output()
        .expect("executing hello.exe directly");
    assert_eq!(code(&o), Some(0), "stderr:\n{}", stderr(&o));
    assert_eq!(o.stdout, HELLO);
}

#[test]
fn binfmt_install_needs_root() {
    if is_root() {
        eprintln!("skipped: running as root, so the non-root refusal cannot be seen");
        return;
    }
    let o = winrun_cmd().args(["binfmt", "install"]).output().unwrap();
    assert_eq!(code(&o), Some(1));
    assert!(stderr(&o).contains("root"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------
// Native DLLs that import each other, and delay-loaded DLLs

/// Builds `chain.exe` → `outer.dll` → `inner.dll` in `dir`; each DllMain prints its reason.
fn build_dll_chain(dir: &Path) {
    let say = r#"#include <windows.h>
static void say(const char *s)
{
    DWORD n;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), s, lstrlenA(s), &n, NULL);
}
"#;
    let inner = format!(
        r#"{say}
__declspec(dllexport) int inner_value(void) {{ return 7; }}
BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID r)
{{
    if (reason == DLL_PROCESS_ATTACH) say("inner attach\n");
    if (reason == DLL_PROCESS_DETACH) say("inner detach\n");
    return TRUE;
}}
"#
    );
    let outer = format!(
        r#"{say}
__declspec(dllimport) int inner_value(void);
__declspec(dllexport) int outer_value(void) {{ return inner_value() * 6; }}
BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID r)
{{
    if (reason == DLL_PROCESS_ATTACH) say(inner_value() == 7 ? "outer attach, inner ready\n" : "outer attach, inner NOT ready\n");
    if (reason == DLL_PROCESS_DETACH) say("outer detach\n");
    return TRUE;
}}
"#
    );
    let exe = r#"#include <stdio.h>
__declspec(dllimport) int outer_value(void);
int main(void) { printf("main: %d\n", outer_value()); fflush(stdout); return outer_value() == 42 ? 0 : 1; }
"#;
    let inner_c = write_file(dir, "inner.c", inner.as_bytes());
    let outer_c = write_file(dir, "outer.c", outer.as_bytes());
    let exe_c = write_file(dir, "chain.c", exe.as_bytes());
    let implib = |name: &str| dir.join(format!("lib{name}.a"));
    let dll = |src: &Path, name: &str, extra: &[&str]| {
        let out = dir.join(format!("{name}.dll"));
        let imp = format!("-Wl,--out-implib,{}", implib(name).display());
        let mut args = vec!["-shared", "-O1", imp.as_str()];
        args.extend_from_slice(extra);
        compile(Toolchain::Mingw, &[src], &out, &args);
    };
    dll(&inner_c, "inner", &[]);
    let libdir = format!("-L{}", dir.display());
    dll(&outer_c, "outer", &[&libdir, "-linner"]);
    compile(
        Toolchain::Mingw,
        &[&exe_c],
        &dir.join("chain.exe"),
        &[&libdir, "-louter"],
    );
}

#[test]
fn native_dlls_load_recursively_and_attach_dependencies_first() {
    if !Toolchain::Mingw.available() {
        println!("skipped: mingw-w64 is not installed (tests/run installs it)");
        return;
    }
    let dir = scratch("dll_chain");
    build_dll_chain(&dir);
    let o = run(&dir.join("chain.exe"), &[]);
    assert_eq!(code(&o), Some(0), "stderr: {}", stderr(&o));
    // Attach: dependencies first. Detach: reverse order, after main returns.
    assert_eq!(
        stdout(&o),
        "inner attach\nouter attach, inner ready\nmain: 42\r\nouter detach\ninner detach\n"
    );
    // The chain as `check` sees it: inner.dll's imports are listed under outer.dll.
    let c = check(&dir.join("chain.exe"));
    assert!(
        stdout(&c).contains("outer.dll: inner.dll!inner_value: native"),
        "{}",
        stdout(&c)
    );
}

/// mingw-w64's delay-load import library: the program's own helper loads the DLL on the first
/// call (through LoadLibrary/GetProcAddress), so the DLL is not there before it.
#[test]
fn delay_loaded_dll_loads_on_first_call() {
    if !Toolchain::Mingw.available() {
        println!("skipped: mingw-w64 is not installed (tests/run installs it)");
        return;
    }
    let dir = scratch("delay_load");
    let def = winrun_tests::root().join("samples/greet/greet.def");
    let delaylib = dir.join("libgreet_delay.a");
    let status = Command::new("x86_64-w64-mingw32-dlltool")
        .arg("--input-def")
        .arg(&def)
        .args(["--dllname", "greet.dll", "--output-delaylib"])
        .arg(&delaylib)
        .status()
        .expect("running dlltool");
    assert!(status.success(), "dlltool failed");
    let src = write_file(
        &dir,
        "delay.c",
        br#"#include <windows.h>
#include <stdio.h>
__declspec(dllimport) int greet(const char *name, char *out, int outlen);
int main(void)
{
    printf("loaded before the call: %s\n", GetModuleHandleA("greet.dll") ? "yes" : "no");
    char buf[64];
    int n = greet("delay", buf, sizeof buf);
    printf("%s (%d)\n", buf, n);
    printf("loaded after the call: %s\n", GetModuleHandleA("greet.dll") ? "yes" : "no");
    return 0;
}
"#,
    );
    let exe = dir.join("delay.exe");
    let lib = format!("-L{}", dir.display());
    compile(Toolchain::Mingw, &[&src], &exe, &[&lib, "-lgreet_delay"]);
    std::fs::copy(sample("greet.dll"), dir.join("greet.dll")).expect("copying greet.dll");
    let o = run(&exe, &[]);
    assert_eq!(code(&o), Some(0), "stderr: {}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "loaded before the call: no\r\nHello, delay! (13)\r\nloaded after the call: yes\r\ngreet.dll: detach\n"
    );
}
