//! Lore's heavy integration tests: the Chromium checks (the default theme,
//! accessibility, each feature's page in the browser), the search parity
//! suite (the shipped client against `lore search`, over 2,000 generated
//! notes among others) and the tokenizer/stemmer test (every code point and
//! dictionary word). They take minutes where `tests/it` takes seconds, so
//! they are a target of their own: `cargo test --test it` leaves them out,
//! `cargo test --test heavy` runs only them, plain `cargo test` runs both.
//!
//! Fixture sites come from the same DSL as `tests/it` (`support.rs`).

#[allow(dead_code)]
#[path = "../it/support.rs"]
mod support;

#[path = "../it/sites.rs"]
mod sites;

mod a11y;
mod browser;
mod features;
mod search_parity;
mod stemmer;
