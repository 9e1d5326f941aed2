//! setjmp.h: `_setjmp`/`longjmp` on the x64 `_JUMP_BUFFER`. The code is machine code in
//! `abi::setjmp` (it saves and restores registers); this is the family the DLLs list.

pub use crate::abi::setjmp::{
    __intrinsic_setjmp, __intrinsic_setjmpex, _setjmp, _setjmpex, longjmp,
};
