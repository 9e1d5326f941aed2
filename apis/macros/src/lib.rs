//! `#[dllexport]`: turns a plain typed Rust function into a Win64 export.
//!
//! For `pub fn GetEnvironmentVariableW(lpName: WStrPtr, lpBuffer: GuestPtr<u16>, nSize: u32) -> Win32Result<u32>`
//! it keeps the function unchanged and adds a module of the same name (modules and functions live in different namespaces) with
//!
//! - `entry`: the `extern "win64"` function the binder stores in import tables. Each parameter is
//!   received in its raw ABI form (`<T as Arg>::Raw`: an integer register or an XMM register) and
//!   converted to the typed parameter; the result goes back through `<R as Ret>`, which is where a
//!   `Win32Result` becomes the documented failure value plus the thread's last error;
//! - `relay::<DLL>`: the same, logging the decoded arguments and the return value. The DLL's export
//!   list (its `dll!` spec) instantiates it with the DLL's id; the binder uses it only when relay
//!   tracing is enabled for that DLL and family, so untraced calls never run relay code.
//!
//! A function whose last parameter has type `VarArgs` is variadic: its entry is a naked trampoline
//! that spills the four register arguments into the caller's home area (which the Win64 ABI
//! reserves for exactly this) and hands the implementation a pointer to the argument slots.
//! A function whose last parameter has type `CallerContext` gets its caller's registers: its entry
//! is a naked thunk that captures them into a CONTEXT on its frame (for RaiseException,
//! RtlUnwindEx and the like, which Windows implements by unwinding out of their own frame).
//! A function returning `!` logs its relay line before the call, since it never returns.

use proc_macro::TokenStream;
use quote::{format_ident, quote};
use syn::{FnArg, ItemFn, Pat, ReturnType, Type, parse_macro_input};

#[proc_macro_attribute]
pub fn dllexport(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return syn::Error::new(
            proc_macro2::Span::call_site(),
            "#[dllexport] takes no arguments",
        )
        .to_compile_error()
        .into();
    }
    let func = parse_macro_input!(item as ItemFn);
    match expand(&func) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn is_type(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name))
}

fn expand(func: &ItemFn) -> syn::Result<proc_macro2::TokenStream> {
    let name = &func.sig.ident;
    let name_str = name.to_string();
    // The module shares the function's name: modules and functions live in different namespaces,
    // so `fileapi::CreateFileW::entry` sits beside `fileapi::CreateFileW`.
    let module = name.clone();

    let mut names = Vec::new();
    let mut types = Vec::new();
    for input in &func.sig.inputs {
        let FnArg::Typed(pt) = input else {
            return Err(syn::Error::new_spanned(input, "exports are free functions"));
        };
        let Pat::Ident(id) = &*pt.pat else {
            return Err(syn::Error::new_spanned(
                &pt.pat,
                "export parameters must be plain names",
            ));
        };
        names.push(id.ident.clone());
        types.push((*pt.ty).clone());
    }
    let variadic = types.last().is_some_and(|t| is_type(t, "VarArgs"));
    let with_context = types.last().is_some_and(|t| is_type(t, "CallerContext"));
    let fixed = if variadic || with_context {
        types.len() - 1
    } else {
        types.len()
    };
    let fixed_names = &names[..fixed];
    let fixed_types = &types[..fixed];
    let name_strs: Vec<String> = fixed_names.iter().map(|n| n.to_string()).collect();
    let raw_names: Vec<_> = fixed_names
        .iter()
        .map(|n| format_ident!("raw_{}", n))
        .collect();

    let never = matches!(&func.sig.output, ReturnType::Type(_, t) if matches!(**t, Type::Never(_)));
    let ret_ty: Type = match &func.sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, t) => (**t).clone(),
    };
    let ret_raw = if never {
        quote!(!)
    } else {
        quote!(<#ret_ty as crate::abi::Ret>::Raw)
    };

    // Converting the raw arguments: from registers/stack for ordinary exports, from the argument
    // slots for variadic ones.
    let convert = if variadic || with_context {
        quote! {
            let mut va = crate::abi::VarArgs::from_slots(slots);
            #( let #fixed_names = <#fixed_types as crate::abi::Arg>::from_slot(va.next_slot()); )*
            let va_rest = va;
        }
    } else {
        quote! {
            #( let #fixed_names = <#fixed_types as crate::abi::Arg>::from_raw(#raw_names); )*
        }
    };
    let call_args = if variadic {
        quote!(#(#fixed_names,)* va_rest)
    } else if with_context {
        quote!(#(#fixed_names,)* crate::abi::context::CallerContext(context))
    } else {
        quote!(#(#fixed_names),*)
    };
    let params = if variadic {
        quote!(slots: *const u64)
    } else if with_context {
        quote!(slots: *const u64, context: u64)
    } else {
        quote!(#( #raw_names: <#fixed_types as crate::abi::Arg>::Raw ),*)
    };

    let plain_body = if never {
        quote!( #convert super::#name(#call_args) )
    } else {
        quote!( #convert <#ret_ty as crate::abi::Ret>::into_raw(super::#name(#call_args)) )
    };
    let relay_body = if never {
        quote! {
            #convert
            crate::relay::call_noreturn(DLL, #name_str, &[#( (#name_strs, &#fixed_names as &dyn crate::abi::RelayArg) ),*]);
            super::#name(#call_args)
        }
    } else {
        quote! {
            #convert
            let call = crate::relay::Call::begin(DLL, #name_str, &[#( (#name_strs, &#fixed_names as &dyn crate::abi::RelayArg) ),*]);
            let ret = super::#name(#call_args);
            call.end(&ret);
            <#ret_ty as crate::abi::Ret>::into_raw(ret)
        }
    };

    let entries = if with_context {
        quote! {
            extern "win64" fn entry_slots(#params) -> #ret_raw { #plain_body }
            extern "win64" fn relay_slots<const DLL: u8>(#params) -> #ret_raw { #relay_body }

            #[unsafe(naked)]
            #[allow(unsafe_code)]
            pub extern "win64" fn entry() {
                crate::caller_context_thunk!(entry_slots)
            }
            #[unsafe(naked)]
            #[allow(unsafe_code)]
            pub extern "win64" fn relay<const DLL: u8>() {
                crate::caller_context_thunk!(relay_slots::<DLL>)
            }
        }
    } else if variadic {
        quote! {
            extern "win64" fn entry_slots(#params) -> #ret_raw { #plain_body }
            extern "win64" fn relay_slots<const DLL: u8>(#params) -> #ret_raw { #relay_body }

            /// The variadic entry: spill rcx/rdx/r8/r9 into the caller's home area, then call the
            /// implementation with a pointer to the contiguous argument slots.
            #[unsafe(naked)]
            #[allow(unsafe_code)]
            pub extern "win64" fn entry() {
                core::arch::naked_asm!(
                    "mov [rsp+8], rcx", "mov [rsp+16], rdx", "mov [rsp+24], r8", "mov [rsp+32], r9",
                    "lea rcx, [rsp+8]", "sub rsp, 40", "call {imp}", "add rsp, 40", "ret",
                    imp = sym entry_slots,
                )
            }
            #[unsafe(naked)]
            #[allow(unsafe_code)]
            pub extern "win64" fn relay<const DLL: u8>() {
                core::arch::naked_asm!(
                    "mov [rsp+8], rcx", "mov [rsp+16], rdx", "mov [rsp+24], r8", "mov [rsp+32], r9",
                    "lea rcx, [rsp+8]", "sub rsp, 40", "call {imp}", "add rsp, 40", "ret",
                    imp = sym relay_slots::<DLL>,
                )
            }
        }
    } else {
        quote! {
            pub extern "win64" fn entry(#params) -> #ret_raw { #plain_body }
            pub extern "win64" fn relay<const DLL: u8>(#params) -> #ret_raw { #relay_body }
        }
    };

    Ok(quote! {
        // Parameters keep their documented names even where an implementation ignores them.
        // `#[inline]` lets a small implementation be inlined into its entry even from another
        // codegen unit: a Win64 entry that calls a SysV function must save and restore
        // xmm6-15 around the call, which costs more than tiny APIs (TlsGetValue) themselves.
        #[allow(non_snake_case, unused_variables)]
        #[inline]
        #func

        #[doc(hidden)]
        #[allow(non_snake_case, unused_variables, unused_mut, clippy::unused_unit)]
        pub mod #module {
            #[allow(unused_imports)]
            use super::*;
            #entries
        }
    })
}
