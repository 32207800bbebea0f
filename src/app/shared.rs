//! A value several components hold at once (the player, the cursors, the phase diagram's and
//! the map's canvases): one `Rc`, equal when it is the same one, so handing a component the
//! same holder again re-renders nothing.

use std::cell::RefCell;
use std::ops::Deref;
use std::rc::Rc;

pub struct Shared<T>(pub Rc<RefCell<T>>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T: Default> Default for Shared<T> {
    fn default() -> Self {
        Shared(Rc::default())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = RefCell<T>;
    fn deref(&self) -> &RefCell<T> {
        &self.0
    }
}
