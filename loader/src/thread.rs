//! Guest threads: a host thread with a stack sized as the image asks, a TEB behind GS, and a
//! static-TLS block for every module with a .tls section.

use crate::pe::tls::TlsTemplate;
use apis::abi::mem;
use apis::nt::teb;

/// Slots in each thread's ThreadLocalStoragePointer array (modules with static TLS).
const TLS_ARRAY_SLOTS: usize = 128;

/// The bounds of the calling thread's stack: (base = highest address, limit = lowest usable).
fn stack_bounds() -> (u64, u64) {
    let mut attr = std::mem::MaybeUninit::<libc::pthread_attr_t>::uninit();
    let mut addr: *mut libc::c_void = std::ptr::null_mut();
    let mut size: libc::size_t = 0;
    // SAFETY: pthread_getattr_np initialises `attr` for the calling thread; it is destroyed after
    // reading the stack address and size out of it.
    unsafe {
        if libc::pthread_getattr_np(libc::pthread_self(), attr.as_mut_ptr()) != 0 {
            return (0, 0);
        }
        libc::pthread_attr_getstack(attr.as_ptr(), &mut addr, &mut size);
        libc::pthread_attr_destroy(attr.as_mut_ptr());
    }
    let limit = addr as u64;
    // The lowest page is glibc's guard page.
    (limit + size as u64, limit + 4096)
}

/// Runs `body` on a new guest thread with a `stack_size`-byte stack and a fresh TEB, and never
/// returns: the process ends when the guest does (ExitProcess), or with `body`'s result.
pub fn run_main(stack_size: u64, body: impl FnOnce() -> u32 + Send + 'static) -> ! {
    let handle = std::thread::Builder::new()
        .name("guest-main".into())
        .stack_size(stack_size.max(256 * 1024) as usize)
        .spawn(move || {
            crate::fault::install_thread_stack();
            let (base, lowest) = stack_bounds();
            let limit = crate::fault::arm_stack_guard(lowest, base);
            let tls = mem::alloc_zeroed(TLS_ARRAY_SLOTS * 8, 16);
            let t = teb::create(base, limit, tls);
            mem::write(t + teb::offset::DEALLOCATION_STACK, lowest);
            if let Err(e) = teb::enter(t) {
                eprintln!("winrun: cannot run guest code here: {e}");
                std::process::exit(crate::exit::INTERNAL);
            }
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

/// Gives the calling thread its block of module `index`'s static TLS.
pub fn add_tls_block(index: u32, template: &TlsTemplate) {
    let array = mem::read::<u64>(teb::current() + teb::offset::TLS_POINTER).unwrap_or(0);
    if array == 0 || index as usize >= TLS_ARRAY_SLOTS {
        tracing::warn!(target: "loader", "no room for static TLS index {index}");
        return;
    }
    let size = template.data.len() + template.zero_fill as usize;
    let block = mem::alloc_zeroed(size.max(16), 16);
    mem::write_slice(block, &template.data);
    mem::write(array + 8 * index as u64, block);
}
