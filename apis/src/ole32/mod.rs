//! ole32.dll: COM initialisation, the task allocator and GUID helpers.

pub mod combaseapi;

crate::dll! {
    name: "ole32.dll", id: 11;
    fn combaseapi: CoInitializeEx, CoInitialize, CoUninitialize, CoTaskMemAlloc, CoTaskMemFree,
        CoTaskMemRealloc, CoCreateGuid, StringFromGUID2, CoCreateInstance;
}
