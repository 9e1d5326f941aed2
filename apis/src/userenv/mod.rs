//! USERENV.dll: the user profile (the Rust standard library imports GetUserProfileDirectoryW
//! for `env::home_dir`).

#[allow(clippy::module_inception)] // the file is named after its header, userenv.h
pub mod userenv;

crate::dll! {
    name: "USERENV.dll", id: 18;
    fn userenv: GetUserProfileDirectoryW, GetUserProfileDirectoryA;
}
