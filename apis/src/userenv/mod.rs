//! USERENV.dll: present so programs that import it load (the Rust standard library imports
//! GetUserProfileDirectoryW for `env::home_dir`); no export is implemented yet, so every
//! import binds to a stub that reports itself when called.

crate::dll! {
    name: "USERENV.dll", id: 18;
}
