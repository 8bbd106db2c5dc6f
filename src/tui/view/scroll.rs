//! Lists that scroll like lists: ratatui's `ListState`/`TableState` move the offset only
//! when the selection leaves the visible rows, and [`ScrollMemory`] carries that offset
//! from one frame to the next (views only read the state, hence interior mutability).

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{List, ListItem, ListState, Table, TableState};

/// The first visible row of each scrolling list, as the last frame drew it.
#[derive(Debug, Clone, Default)]
pub struct ScrollMemory {
    pub(super) bundle_ids: Offset,
    pub(super) config: Offset,
    pub(super) problems: Offset,
    pub(super) resume: Offset,
    pub(super) picker: Offset,
}

/// One list's first visible row. Atomic rather than a `Cell` only so that `State` stays
/// `Sync` (tests share start states between threads); frames are drawn one at a time.
#[derive(Debug, Default)]
pub(super) struct Offset(AtomicUsize);

impl Offset {
    pub(super) fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    pub(super) fn set(&self, offset: usize) {
        self.0.store(offset, Ordering::Relaxed);
    }
}

impl Clone for Offset {
    fn clone(&self) -> Offset {
        Offset(AtomicUsize::new(self.get()))
    }
}

/// The rows of a long list worth building for one frame, and the state that scrolls them.
///
/// With 10,000 bundle IDs a frame must not build 10,000 items: whatever the remembered
/// offset, ratatui shows either the rows from it (when they hold the selection) or rows
/// reaching the selection, so every row it can show lies within `height` of the selection.
/// Only those are built; the state is translated to and from that window.
pub(super) struct Window {
    /// The rows built, as indexes of the whole list.
    pub(super) rows: Range<usize>,
    offset: usize,
    selected: Option<usize>,
}

impl Window {
    /// The window of a `len`-row list `height` rows high, with `selected` kept in view.
    pub(super) fn new(len: usize, selected: usize, height: usize, memory: &Offset) -> Window {
        let selected = selected.min(len.saturating_sub(1));
        let rows = selected.saturating_sub(height)..len.min(selected + height + 1);
        // Never leave rows empty at the bottom while rows above are hidden (after a delete,
        // or when the screen grows): a list shows as much as fits.
        let offset = memory.get().min(len.saturating_sub(height));
        let offset = offset.clamp(rows.start, rows.end.max(rows.start + 1) - 1);
        Window {
            offset: offset - rows.start,
            selected: (len > 0).then(|| selected - rows.start),
            rows,
        }
    }

    /// Render `list` (made of the window's rows) and remember where it scrolled to.
    pub(super) fn list(&self, f: &mut Frame, area: Rect, list: List, memory: &Offset) {
        let mut state = ListState::default()
            .with_offset(self.offset)
            .with_selected(self.selected);
        f.render_stateful_widget(list, area, &mut state);
        memory.set(self.rows.start + state.offset());
    }

    /// Render a table of the window's rows, remember where it scrolled to, and say which
    /// row (of the whole list) is drawn first.
    pub(super) fn table(&self, f: &mut Frame, area: Rect, table: Table, memory: &Offset) -> usize {
        let mut state = TableState::default()
            .with_offset(self.offset)
            .with_selected(self.selected);
        f.render_stateful_widget(table, area, &mut state);
        let first = self.rows.start + state.offset();
        memory.set(first);
        first
    }
}

/// Render a list of items of any height (the review's problems), scrolled from the
/// remembered offset only as far as keeps `selected` in full; returns the visible range.
pub(super) fn tall_list(
    f: &mut Frame,
    area: Rect,
    items: Vec<ListItem>,
    selected: usize,
    memory: &Offset,
) -> Range<usize> {
    let heights: Vec<usize> = items.iter().map(ListItem::height).collect();
    let mut state = ListState::default()
        .with_offset(fill_from(&heights, memory.get(), area.height as usize))
        .with_selected(Some(selected));
    f.render_stateful_widget(List::new(items), area, &mut state);
    let first = state.offset();
    memory.set(first);
    first..first + fits_from(&heights, first, area.height as usize)
}

/// How many items, from `first`, fit whole in `height` rows (as ratatui's List draws them).
fn fits_from(heights: &[usize], first: usize, height: usize) -> usize {
    let mut used = 0;
    heights[first.min(heights.len())..]
        .iter()
        .take_while(|h| {
            used += **h;
            used <= height
        })
        .count()
}

/// `offset`, moved up while the rows below the last item would stay empty.
fn fill_from(heights: &[usize], offset: usize, height: usize) -> usize {
    let mut offset = offset.min(heights.len().saturating_sub(1));
    let below = |o: usize| heights[o..].iter().sum::<usize>();
    while offset > 0 && below(offset - 1) <= height {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offset(n: usize) -> Offset {
        let o = Offset::default();
        o.set(n);
        o
    }

    #[test]
    fn a_window_holds_every_row_the_list_can_show() {
        let memory = Offset::default();
        let w = Window::new(10_000, 9_999, 10, &memory);
        assert!(w.rows.len() <= 21, "{:?}", w.rows);
        assert!(w.rows.contains(&9_999));
        let w = Window::new(10_000, 50, 10, &offset(45));
        assert_eq!(w.rows.start + w.offset, 45, "the offset is kept");
        let w = Window::new(5, 4, 10, &offset(3));
        assert_eq!(
            w.rows.start + w.offset,
            0,
            "a short list shows from its top"
        );
    }

    #[test]
    fn tall_items_fill_the_box_from_the_top_when_they_can() {
        assert_eq!(fill_from(&[2, 3, 1], 2, 10), 0);
        assert_eq!(fill_from(&[2, 3, 1], 2, 4), 1);
        assert_eq!(fits_from(&[2, 3, 1], 1, 4), 2);
        assert_eq!(fits_from(&[2, 3, 1], 0, 4), 1);
    }
}
