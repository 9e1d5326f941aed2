//! OLEAUT32.dll: BSTRs and VARIANTs. Programs import these by ordinal, so each has its real one.

pub mod oleauto;

crate::dll! {
    name: "OLEAUT32.dll", id: 12;
    fn oleauto: SysAllocString @ 2, SysReAllocString @ 3, SysAllocStringLen @ 4,
        SysReAllocStringLen @ 5, SysFreeString @ 6, SysStringLen @ 7, VariantInit @ 8,
        SysStringByteLen @ 149, SysAllocStringByteLen @ 150;
    partial oleauto: VariantClear @ 9, VariantCopy @ 10;
}
