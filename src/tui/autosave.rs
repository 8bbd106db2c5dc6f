//! When the driver writes the draft: a pure schedule, so its delay is tested without a clock.

use std::time::{Duration, Instant};

/// How long after the first unsaved change the draft is written (SPEC §4: at most ~1 s
/// behind). Short enough that a dropped SSH session loses little, long enough that a burst
/// of typing is one write.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(400);

/// The autosave timer: armed by the first unsaved change, fired once it is due. Later
/// changes do not push it back, so typing without a pause is still saved every
/// [`AUTOSAVE_DELAY`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Autosave {
    due: Option<Instant>,
}

impl Autosave {
    /// A change is not on disk yet: the save falls due [`AUTOSAVE_DELAY`] after the first
    /// such change (an armed timer keeps its time).
    pub fn arm(&mut self, now: Instant) {
        self.due.get_or_insert(now + AUTOSAVE_DELAY);
    }

    /// Whether the save is due at `now` (then the timer is disarmed).
    pub fn fire(&mut self, now: Instant) -> bool {
        if self.due.is_some_and(|due| now >= due) {
            self.due = None;
            return true;
        }
        false
    }

    /// When the pending save is due (how long the driver may wait for input).
    pub fn due(&self) -> Option<Instant> {
        self.due
    }
}
