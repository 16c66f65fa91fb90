//! `lore serve`: build, serve from memory on loopback, watch the site and
//! rebuild on every change, telling open pages to reload (the library's
//! `crate::serve` does all of that); this command reads the arguments,
//! prints what the server reports, and opens a browser.

use super::{load_config, report, Verbosity};
use crate::cli::{Global, ServeArgs};
use crate::error::{Diagnostic, Result};
use crate::serve::{DevServer, Event, Listener, Live, Settings};
use crate::watch::SiteWatcher;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

pub fn run(global: &Global, args: &ServeArgs) -> Result<()> {
    let verbosity = Verbosity::from(global);
    let config = load_config(global)?;
    // Watch before the first build, so that no change is missed.
    let mut watcher = SiteWatcher::new(&config);
    for w in watcher.take_warnings() {
        eprintln!("warning: {w}");
    }
    let listener = Listener::bind(&args.bind, args.port)?;
    let url = listener.url();
    if !listener.addr().ip().is_loopback() {
        eprintln!(
            "warning: serving on {}: the site (and its drafts, with --drafts) is reachable from other machines on the network",
            listener.addr()
        );
    }
    let settings = Settings {
        root: config.root.clone(),
        url: url.clone(),
        bind: args.bind.clone(),
        drafts: args.drafts,
    };
    let printer = Printer {
        verbosity,
        printed: Mutex::default(),
    };
    let server = DevServer::new(settings, Arc::new(move |e: &Event<'_>| printer.print(e)));
    server.build();
    eprintln!("Serving {} at {url} (Ctrl-C to stop)", config.title);
    if args.open {
        open_browser(&url);
    }
    server.watch(watcher);
    server.serve(listener)
}

/// Prints what the server reports.
struct Printer {
    verbosity: Verbosity,
    /// Diagnostics already printed: a rebuild prints only new ones.
    printed: Mutex<HashSet<String>>,
}

impl Printer {
    fn print(&self, event: &Event<'_>) {
        match event {
            Event::Built {
                diagnostics,
                update,
                notes,
                took,
                timings,
                message,
            } => {
                self.report_new(diagnostics);
                if self.verbosity >= Verbosity::Normal {
                    let what = built_what(*update, *message);
                    eprintln!("{what} {notes} notes in {} ms", took.as_millis());
                }
                if self.verbosity == Verbosity::Verbose {
                    let laps: Vec<String> = timings
                        .iter()
                        .map(|(s, d)| format!("{s} {:.1} ms", d.as_secs_f64() * 1000.0))
                        .collect();
                    eprintln!("  {}", laps.join(", "));
                }
            }
            Event::Failed {
                diagnostics,
                serving,
            } => {
                self.report_new(diagnostics);
                if *serving {
                    eprintln!("Build failed; still serving the last good build.");
                } else {
                    eprintln!("Build failed; there is no good build to serve yet (pages show the errors until it builds).");
                }
            }
            Event::Rescan => eprintln!("The file watcher lost events; rebuilding everything."),
            Event::Warning(w) => eprintln!("warning: {w}"),
        }
    }

    /// Prints the diagnostics not printed after the previous build, so that
    /// each rebuild says only what is new.
    fn report_new(&self, diagnostics: &[Diagnostic]) {
        let mut printed = self.printed.lock().unwrap_or_else(|e| e.into_inner());
        let fresh: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| !printed.contains(&d.render()))
            .cloned()
            .collect();
        report(&fresh, self.verbosity);
        *printed = diagnostics.iter().map(Diagnostic::render).collect();
    }
}

/// How a good build is announced: `Built` first, then `Rebuilt` with what
/// the open pages were told.
fn built_what(update: bool, message: Option<&Live>) -> String {
    match (message, update) {
        (_, false) => "Built".to_owned(),
        (
            Some(Live::Reload {
                pages, all: false, ..
            }),
            true,
        ) => {
            format!("Rebuilt ({} page(s) changed)", pages.len())
        }
        (Some(Live::Css { .. }), true) => "Rebuilt (styles changed)".to_owned(),
        (Some(_), true) => "Rebuilt".to_owned(),
        (None, true) => "Rebuilt (no change)".to_owned(),
    }
}

/// Opens `url` with the desktop's opener; a failure is only a warning.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("warning: could not open a browser ({program}: {e}); open {url} yourself");
    }
}
