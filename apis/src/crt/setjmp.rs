//! setjmp.h: non-local jumps. On x64 the jump buffer records the caller's non-volatile
//! registers; a `longjmp` to a buffer with a frame unwinds to it with RtlUnwind and
//! STATUS_LONGJUMP, so `__finally` blocks and C++ destructors in between run, as MSVC-built and
//! MinGW code expect.

use crate::abi::context::CallerContext;
use crate::abi::{GuestCell, GuestPtr, mem};
use crate::dllexport;
use crate::nt::exception::{self, read_context, status};
use windows_sys::Win32::System::Diagnostics::Debug::EXCEPTION_RECORD;

/// _JUMP_BUFFER (x64): Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12..R15, Rip, MxCsr, FpCsr, Spare,
/// Xmm6..Xmm15 — 256 bytes.
const JUMP_BUFFER_SIZE: usize = 256;
const XMM_SAVE_AREA: usize = 0x100;

/// `setjmp(env)` as MinGW's and MSVC's headers expand it: `_setjmp(env, frame)`, where `frame`
/// is the establisher frame `longjmp` unwinds to (0: jump without unwinding). Returns 0; a
/// `longjmp` to `env` returns here again with its value.
#[dllexport]
pub fn _setjmp(env: GuestPtr<u8>, frame: u64, caller: CallerContext) -> i32 {
    let c = read_context(caller.0);
    let words = [
        frame, c.Rbx, c.Rsp, c.Rbp, c.Rsi, c.Rdi, c.R12, c.R13, c.R14, c.R15, c.Rip,
    ];
    let mut buf = [0u8; JUMP_BUFFER_SIZE];
    for (i, w) in words.iter().enumerate() {
        buf[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
    }
    buf[88..92].copy_from_slice(&c.MxCsr.to_le_bytes());
    let context = mem::bytes_of(&c);
    // FpCsr: the x87 control word, first in the legacy save area.
    buf[92..94].copy_from_slice(&context[XMM_SAVE_AREA..XMM_SAVE_AREA + 2]);
    let xmm6 = crate::abi::context::offset::XMM0 + 6 * 16;
    buf[96..256].copy_from_slice(&context[xmm6..xmm6 + 160]);
    env.cast::<[u8; JUMP_BUFFER_SIZE]>().write(buf);
    0
}

/// `_setjmpex`: the same buffer (MSVC uses it under /EHa; unwinding is always on here).
#[dllexport]
pub fn _setjmpex(env: GuestPtr<u8>, frame: u64, caller: CallerContext) -> i32 {
    _setjmp(env, frame, caller)
}

/// Returns to the `_setjmp` that filled `env`, which then returns `value` (1 for 0).
#[dllexport]
pub fn longjmp(env: GuestPtr<u8>, value: i32, caller: CallerContext) -> ! {
    let value = if value == 0 { 1 } else { value as u32 as u64 };
    let frame = mem::read::<u64>(env.addr()).unwrap_or(0);
    let target_ip = mem::read::<u64>(env.addr() + 80).unwrap_or(0);
    let record = GuestCell::new(EXCEPTION_RECORD {
        ExceptionCode: status::LONGJUMP as i32,
        NumberParameters: 1,
        ExceptionInformation: {
            let mut info = [0usize; 15];
            info[0] = env.addr() as usize;
            info
        },
        ..Default::default()
    });
    if frame != 0 {
        exception::unwind(frame, target_ip, record.addr(), value, 0, 0, caller);
    }
    // No frame: straight to the buffer's registers.
    let mut c = read_context(caller.0);
    c.Rax = value;
    exception::write_context(caller.0, &c);
    exception::continue_with_record(caller.0, record.addr())
}
