#[path = "it/browser.rs"]
mod browser;
