//! Progress of a long build step, told to whoever shows it: the library
//! only calls a [`Progress`] (a plain callback); `lore build` draws it as a
//! terminal bar (`cmd/build.rs`), and tests or the dev server give none.

use std::sync::Arc;

/// What a step tells its [`Progress`], in this order: `Start` once,
/// `Advance` as items are done (from any thread), `Finish` once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressEvent {
    /// A step of `total` items begins (`message`: what it does).
    Start { message: &'static str, total: u64 },
    /// `n` more items are done.
    Advance(u64),
    /// The step is over (also when it failed).
    Finish,
}

/// A callback for [`ProgressEvent`]s, called from the build's threads.
/// The default does nothing.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<dyn Fn(ProgressEvent) + Send + Sync>>);

impl Progress {
    pub fn new(f: impl Fn(ProgressEvent) + Send + Sync + 'static) -> Self {
        Progress(Some(Arc::new(f)))
    }

    pub(crate) fn start(&self, message: &'static str, total: usize) {
        self.tell(ProgressEvent::Start {
            message,
            total: total as u64,
        });
    }

    pub(crate) fn advance(&self, n: u64) {
        self.tell(ProgressEvent::Advance(n));
    }

    pub(crate) fn finish(&self) {
        self.tell(ProgressEvent::Finish);
    }

    fn tell(&self, event: ProgressEvent) {
        if let Some(f) = &self.0 {
            f(event);
        }
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress"
        } else {
            "Progress(none)"
        })
    }
}
