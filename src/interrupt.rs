//! Ctrl+C (and `kill`) during `sklaida build`: the first signal asks the build to stop,
//! loading stops at its next file read or stage ([`crate::input`], [`crate::load`]),
//! the output writer refuses every further file, the unfinished staging folder is
//! removed as the build unwinds, and the published output stays as it was. A second
//! signal stops the process at once (the next build removes what it left).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::Diagnostic;

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// The exit status of a build stopped by a signal (128 + SIGINT, as shells report it).
pub const EXIT_STATUS: u8 = 130;

/// Catches Ctrl+C, SIGTERM and SIGHUP for the rest of the process. Call it once, from
/// the command line program; a library user keeps its own handling.
pub fn install() {
    // Another handler already set (a host program's) is left in place.
    let _ = ctrlc::set_handler(|| {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            eprintln!("Stopped at once; the next build removes the unfinished copy.");
            std::process::exit(i32::from(EXIT_STATUS));
        }
    });
}

/// Asks the build to stop, as the first Ctrl+C does (for a host program's own handler).
pub fn request() {
    REQUESTED.store(true, Ordering::SeqCst);
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// An error once a stop was asked for, so writing ends and nothing is swapped in.
pub fn check(path: &Path) -> Result<(), Diagnostic> {
    if requested() {
        Err(Diagnostic::error(path, "the build was interrupted"))
    } else {
        Ok(())
    }
}
