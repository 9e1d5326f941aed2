//! Guest threads: a host thread with a stack sized as the image asks, a TEB behind GS, and a
//! static-TLS block for every module with a .tls section.

use crate::pe::tls::TlsTemplate;
use apis::abi::mem;
use apis::nt::teb;

/// Slots in each thread's ThreadLocalStoragePointer array (modules with static TLS).
const TLS_ARRAY_SLOTS: usize = 128;

/// Runs `body` on a new guest thread with a `stack_size`-byte stack and a fresh TEB, and never
/// returns: the process ends when the guest does (ExitProcess), or with `body`'s result.
pub fn run_main(stack_size: u64, body: impl FnOnce() -> u32 + Send + 'static) -> ! {
    let handle = std::thread::Builder::new()
        .name("guest-main".into())
        .stack_size(stack_size.max(256 * 1024) as usize)
        .spawn(move || {
            crate::fault::install_thread_stack();
            let (base, lowest) = apis::abi::host::thread_stack_bounds();
            let limit = crate::fault::arm_stack_guard(lowest, base);
            let tls = mem::alloc_zeroed(TLS_ARRAY_SLOTS * 8, 16);
            let t = teb::create(base, limit, tls);
            mem::write(t + teb::offset::DEALLOCATION_STACK, lowest);
            if let Err(e) = teb::enter(t) {
                eprintln!("winrun: cannot run guest code here: {e}");
                std::process::exit(crate::exit::INTERNAL);
            }
            // The main thread's object exists from the start, so OpenThread finds it.
            apis::nt::thread::current();
            let code = body();
            apis::nt::modules::loader().exit_process(code)
        })
        .unwrap_or_else(|e| {
            eprintln!("winrun: cannot create the guest thread: {e}");
            std::process::exit(crate::exit::INTERNAL)
        });
    let _ = handle.join();
    // The guest thread ends the process itself; reaching here means it panicked.
    std::process::exit(crate::exit::INTERNAL)
}

/// Gives a thread started by CreateThread its (empty) static-TLS array.
pub fn create_tls_array() {
    let array = mem::alloc_zeroed(TLS_ARRAY_SLOTS * 8, 16);
    mem::write(teb::current() + teb::offset::TLS_POINTER, array);
}

/// Frees the calling thread's static-TLS blocks (module index and template of each) and array.
pub fn free_tls(modules: &[(u32, &TlsTemplate)]) {
    let at = teb::current() + teb::offset::TLS_POINTER;
    let array = mem::read::<u64>(at).unwrap_or(0);
    if array == 0 {
        return;
    }
    for &(index, template) in modules {
        if index as usize >= TLS_ARRAY_SLOTS {
            continue;
        }
        let slot = array + 8 * index as u64;
        let block = mem::read::<u64>(slot).unwrap_or(0);
        if block != 0 {
            mem::free_zeroed(block, block_size(template), 16);
            mem::write(slot, 0u64);
        }
    }
    mem::write(at, 0u64);
    mem::free_zeroed(array, TLS_ARRAY_SLOTS * 8, 16);
}

fn block_size(template: &TlsTemplate) -> usize {
    (template.data.len() + template.zero_fill as usize).max(16)
}

/// Gives the calling thread its block of module `index`'s static TLS.
pub fn add_tls_block(index: u32, template: &TlsTemplate) {
    let array = mem::read::<u64>(teb::current() + teb::offset::TLS_POINTER).unwrap_or(0);
    if array == 0 || index as usize >= TLS_ARRAY_SLOTS {
        tracing::warn!(target: "loader", "no room for static TLS index {index}");
        return;
    }
    let block = mem::alloc_zeroed(block_size(template), 16);
    mem::write_slice(block, &template.data);
    mem::write(array + 8 * index as u64, block);
}
