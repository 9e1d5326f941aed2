//! Stubs for imports nothing provides: calling one prints `winrun: unimplemented: DLL!Name`
//! and ends the process with exit::UNIMPLEMENTED. Each stub is a few bytes of code that loads
//! its name and jumps to one handler.

use std::collections::BTreeMap;
use std::ffi::CString;
use std::sync::Mutex;

const STUB_SIZE: usize = 32;
const PAGE: usize = 4096;

struct StubPages {
    /// The page being filled and the next free offset in it.
    page: u64,
    used: usize,
    by_name: BTreeMap<String, u64>,
}

static STUBS: Mutex<StubPages> = Mutex::new(StubPages {
    page: 0,
    used: PAGE,
    by_name: BTreeMap::new(),
});

extern "win64" fn unimplemented(name: *const libc::c_char) -> ! {
    // SAFETY: `name` is one of the leaked CStrings made in `stub_for`.
    let name = unsafe { std::ffi::CStr::from_ptr(name) }.to_string_lossy();
    apis::crt::stdio::flush_all();
    eprintln!("winrun: unimplemented: {name}");
    std::process::exit(crate::exit::UNIMPLEMENTED)
}

/// The address of the stub for `dll!name` (made once per name).
pub fn stub_for(dll: &str, name: &str) -> u64 {
    let full = format!("{dll}!{name}");
    let mut stubs = STUBS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&addr) = stubs.by_name.get(&full) {
        return addr;
    }
    if stubs.used + STUB_SIZE > PAGE {
        // SAFETY: a fresh anonymous page; it is written below and then made read+execute.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                PAGE,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert!(p != libc::MAP_FAILED, "out of memory for import stubs");
        stubs.page = p as u64;
        stubs.used = 0;
    }
    let addr = stubs.page + stubs.used as u64;
    let name_ptr = CString::new(full.clone()).unwrap_or_default().into_raw() as u64;
    let mut code = Vec::with_capacity(STUB_SIZE);
    code.extend_from_slice(&[0x48, 0xB9]); // mov rcx, imm64
    code.extend_from_slice(&name_ptr.to_le_bytes());
    code.extend_from_slice(&[0x48, 0xB8]); // mov rax, imm64
    code.extend_from_slice(&(unimplemented as *const () as u64).to_le_bytes());
    code.extend_from_slice(&[0xFF, 0xE0]); // jmp rax
    code.resize(STUB_SIZE, 0xCC);
    // SAFETY: the page is ours. It is read-write-execute only while the new stub is written
    // (so stubs already on it stay callable by other threads), then read-execute again; the
    // write goes to the unused tail of the page.
    unsafe {
        libc::mprotect(
            stubs.page as *mut libc::c_void,
            PAGE,
            libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC,
        );
        std::ptr::copy_nonoverlapping(code.as_ptr(), addr as *mut u8, STUB_SIZE);
        libc::mprotect(
            stubs.page as *mut libc::c_void,
            PAGE,
            libc::PROT_READ | libc::PROT_EXEC,
        );
    }
    stubs.used += STUB_SIZE;
    stubs.by_name.insert(full, addr);
    addr
}
