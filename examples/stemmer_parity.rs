//! Development harness only (to be deleted): runs tests/it/stemmer.rs until
//! tests/it/main.rs declares `mod stemmer;`.
//!     cargo test --example stemmer_parity -- --nocapture
#![allow(dead_code)]

#[path = "../tests/it/stemmer.rs"]
mod stemmer;

fn main() {}
