//! Work that can wait until the page has shown a change: it runs just after the next painted
//! frame, and a newer change cancels it, so the changes of a moving slider coalesce.

use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;

/// Work waiting for the frame after the next one. Dropping it, or replacing it, cancels it.
#[derive(Default)]
pub struct AfterPaint {
    /// Held only so that dropping it cancels the frame.
    _frame: Option<AnimationFrame>,
    timeout: Rc<RefCell<Option<Timeout>>>,
}

impl AfterPaint {
    /// Schedules `f`: the frame is painted first, then `f` runs in a task of its own.
    pub fn new(f: impl FnOnce() + 'static) -> Self {
        let timeout = Rc::new(RefCell::new(None));
        let slot = timeout.clone();
        let frame = request_animation_frame(move |_| {
            *slot.borrow_mut() = Some(Timeout::new(0, f));
        });
        AfterPaint {
            _frame: Some(frame),
            timeout,
        }
    }
}

impl Drop for AfterPaint {
    fn drop(&mut self) {
        // The timeout, once set, cancels when dropped.
        self.timeout.borrow_mut().take();
    }
}
