//! Lore's integration tests: one binary, one module per feature. Each test
//! builds a small site in a temporary folder with the real `lore` binary and
//! asserts on the files it writes or the server it runs. The slow suites
//! (Chromium, search parity, the stemmer) are in `tests/heavy`.

mod build;
mod cards;
mod check;
mod cjk;
mod code_size;
mod dates;
mod default_site;
mod diagrams;
mod errors;
mod feeds;
mod graph;
mod hostile;
mod images;
mod links;
mod live;
mod math;
mod module_graph;
mod output;
mod recent;
mod redirects;
mod render_spec;
mod scaffold;
mod search;
mod search_spec;
mod serve;
mod share;
mod sites;
mod support;
mod vault;
