//! `lore serve`: build the site and serve it from memory on loopback.

use super::{load_config, report, Verbosity};
use crate::cli::{Global, ServeArgs};
use crate::error::{Error, Result};
use crate::serve::{router, ServeState};
use crate::site::{self, BuildOptions};
use std::sync::Arc;
use std::time::Instant;

pub fn run(global: &Global, args: &ServeArgs) -> Result<()> {
    let verbosity = Verbosity::from(global);
    let mut config = load_config(global)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("could not start the server runtime: {e}")))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind((
            args.bind.as_str(),
            args.port,
        )))
        .map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                format!(
                    "; another program uses it — try `lore serve --port {}`",
                    args.port.wrapping_add(1)
                )
            } else {
                String::new()
            };
            Error::Other(format!(
                "could not listen on {}:{}: {e}{hint}",
                args.bind, args.port
            ))
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Other(e.to_string()))?;
    let url = format!(
        "http://{}/",
        if addr.ip().is_loopback() && addr.is_ipv4() {
            format!("127.0.0.1:{}", addr.port())
        } else {
            addr.to_string()
        }
    );
    // Pages are served from the root of this server, whatever base_url says.
    config
        .set_base_url(&url)
        .map_err(|d| Error::Other(d.message))?;
    let start = Instant::now();
    let built = site::build(
        &config,
        &BuildOptions {
            drafts: args.drafts,
            ..Default::default()
        },
    )?;
    report(&built.diagnostics, verbosity);
    if !addr.ip().is_loopback() {
        eprintln!("warning: serving on {addr}, reachable from other machines on the network");
    }
    eprintln!(
        "Built {} notes in {} ms",
        built.note_count,
        start.elapsed().as_millis()
    );
    eprintln!("Serving {} at {url} (Ctrl-C to stop)", config.title);
    let state = Arc::new(ServeState::new(built.files, &args.bind));
    runtime.block_on(async move {
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::Other(format!("server error: {e}")))
    })
}
