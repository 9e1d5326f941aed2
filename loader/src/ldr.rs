//! The PEB's loader data (PEB_LDR_DATA and one LDR_DATA_TABLE_ENTRY per module, linked in load
//! and memory order as on Windows) and the stand-in images of builtin DLLs.
//!
//! A builtin DLL has no PE file, but programs treat an HMODULE as the address of a mapped image
//! (they read its DOS and NT headers), so each builtin gets a small read-only image: DOS
//! header, NT headers, no sections.

use crate::modules::Module;
use apis::abi::mem;

const LDR_SIZE: usize = 0x58;
const ENTRY_SIZE: usize = 0x120;
// PEB_LDR_DATA: Length, Initialized, SsHandle, then the three list heads.
const LOAD_ORDER: u64 = 0x10;
const MEMORY_ORDER: u64 = 0x20;
// LDR_DATA_TABLE_ENTRY fields.
const E_LOAD_LINKS: u64 = 0x00;
const E_MEMORY_LINKS: u64 = 0x10;
const E_INIT_LINKS: u64 = 0x20;
const E_DLL_BASE: u64 = 0x30;
const E_ENTRY_POINT: u64 = 0x38;
const E_SIZE_OF_IMAGE: u64 = 0x40;
const E_FULL_NAME: u64 = 0x48;
const E_BASE_NAME: u64 = 0x58;
const E_FLAGS: u64 = 0x68;
const E_LOAD_COUNT: u64 = 0x6C;

pub const BUILTIN_IMAGE_SIZE: u64 = 0x2000;

fn init_list(head: u64) {
    mem::write(head, head);
    mem::write(head + 8, head);
}

fn insert_tail(head: u64, link: u64) {
    let last = mem::read::<u64>(head + 8).unwrap_or(head);
    mem::write(link, head);
    mem::write(link + 8, last);
    mem::write(last, link);
    mem::write(head + 8, link);
}

fn unlink(link: u64) {
    let next = mem::read::<u64>(link).unwrap_or(0);
    let prev = mem::read::<u64>(link + 8).unwrap_or(0);
    if next != 0 && prev != 0 {
        mem::write(prev, next);
        mem::write(next + 8, prev);
    }
}

/// Allocates an empty PEB_LDR_DATA.
pub fn create() -> u64 {
    let ldr = mem::alloc_zeroed(LDR_SIZE, 16);
    mem::write(ldr, LDR_SIZE as u32);
    mem::write(ldr + 4, 1u8);
    init_list(ldr + LOAD_ORDER);
    init_list(ldr + MEMORY_ORDER);
    init_list(ldr + 0x30);
    ldr
}

/// Appends a module's entry to the load-order and memory-order lists.
pub fn append(ldr: u64, module: &Module) {
    let e = mem::alloc_zeroed(ENTRY_SIZE, 16);
    init_list(e + E_INIT_LINKS);
    mem::write(e + E_DLL_BASE, module.base);
    let entry = module
        .native()
        .filter(|n| n.headers.entry_rva != 0)
        .map_or(0, |n| module.base + n.headers.entry_rva as u64);
    mem::write(e + E_ENTRY_POINT, entry);
    mem::write(e + E_SIZE_OF_IMAGE, module.size as u32);
    apis::nt::process::write_unicode_string(e + E_FULL_NAME, &module.win_path);
    apis::nt::process::write_unicode_string(e + E_BASE_NAME, &module.name);
    // LDRP_IMAGE_DLL for DLLs; a static load count.
    mem::write(e + E_FLAGS, if module.is_exe { 0u32 } else { 0x4 });
    mem::write(e + E_LOAD_COUNT, u16::MAX);
    insert_tail(ldr + LOAD_ORDER, e + E_LOAD_LINKS);
    insert_tail(ldr + MEMORY_ORDER, e + E_MEMORY_LINKS);
}

/// Removes the entry of the module at `base` (FreeLibrary of its last reference).
pub fn remove(ldr: u64, base: u64) {
    let head = ldr + LOAD_ORDER;
    let mut link = mem::read::<u64>(head).unwrap_or(head);
    while link != head && link != 0 {
        let e = link - E_LOAD_LINKS;
        if mem::read::<u64>(e + E_DLL_BASE) == Some(base) {
            unlink(e + E_LOAD_LINKS);
            unlink(e + E_MEMORY_LINKS);
            return;
        }
        link = mem::read::<u64>(link).unwrap_or(head);
    }
}

/// Maps the stand-in image of a builtin DLL and returns its base (the HMODULE).
pub fn builtin_image() -> u64 {
    let base = apis::abi::host::map(
        0,
        BUILTIN_IMAGE_SIZE as usize,
        libc::PROT_READ | libc::PROT_WRITE,
    )
    .expect("address space for a builtin DLL image");
    let pe = base + 0x40;
    mem::write(base, *b"MZ");
    mem::write(base + 0x3C, 0x40u32);
    mem::write(pe, *b"PE\0\0");
    // IMAGE_FILE_HEADER
    mem::write(pe + 4, 0x8664u16);
    mem::write(pe + 6, 0u16); // sections
    mem::write(pe + 20, 0xF0u16); // SizeOfOptionalHeader
    mem::write(pe + 22, 0x2022u16); // EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE | DLL
    // IMAGE_OPTIONAL_HEADER64
    let opt = pe + 24;
    mem::write(opt, 0x20Bu16);
    mem::write(opt + 24, base); // ImageBase
    mem::write(opt + 32, 0x1000u32); // SectionAlignment
    mem::write(opt + 36, 0x200u32); // FileAlignment
    mem::write(opt + 40, 10u16); // OS version 10.0
    mem::write(opt + 48, 10u16); // subsystem version
    mem::write(opt + 56, BUILTIN_IMAGE_SIZE as u32); // SizeOfImage
    mem::write(opt + 60, 0x1000u32); // SizeOfHeaders
    mem::write(opt + 68, 3u16); // IMAGE_SUBSYSTEM_WINDOWS_CUI
    mem::write(opt + 108, 16u32); // NumberOfRvaAndSizes
    let _ = apis::abi::host::protect(base, BUILTIN_IMAGE_SIZE as usize, libc::PROT_READ);
    apis::kernel32::memoryapi::register_image(
        base,
        vec![0x02; (BUILTIN_IMAGE_SIZE / 4096) as usize],
    );
    base
}
