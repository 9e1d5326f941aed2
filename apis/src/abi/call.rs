//! Calls from winrun into guest code (TLS callbacks, DllMain, entry points, atexit functions,
//! qsort comparators ...) through `extern "win64"` function pointers.

/// Calls the guest function at `addr` with up to four integer arguments; returns rax.
pub fn call(addr: u64, args: &[u64]) -> u64 {
    assert!(addr != 0, "call to a null guest function");
    let a = |i: usize| args.get(i).copied().unwrap_or(0);
    // SAFETY: `addr` is a guest function (the caller got it from the guest or a PE image) that
    // follows the Win64 convention; passing unused argument registers is harmless under it.
    unsafe {
        let f: extern "win64" fn(u64, u64, u64, u64) -> u64 = std::mem::transmute(addr);
        f(a(0), a(1), a(2), a(3))
    }
}
