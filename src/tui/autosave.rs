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

/// What the driver does after handling a burst of events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Nothing unsaved: wait for input with no deadline (no timer ticks).
    Idle,
    /// Unsaved changes: wait for input until this instant at most.
    WaitUntil(Instant),
    /// Write the draft now.
    SaveNow,
}

impl Autosave {
    /// Step the timer at `now`, given whether the draft has unsaved changes.
    pub fn after(&mut self, now: Instant, unsaved: bool) -> Next {
        if !unsaved {
            self.due = None;
            return Next::Idle;
        }
        let due = *self.due.get_or_insert(now + AUTOSAVE_DELAY);
        if now >= due {
            self.due = None;
            Next::SaveNow
        } else {
            Next::WaitUntil(due)
        }
    }

    /// When the pending save is due (how long the driver may wait for input).
    pub fn due(&self) -> Option<Instant> {
        self.due
    }
}
