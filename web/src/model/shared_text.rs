//! The page's policy texts as the core's scenario holds them.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::Arc;

/// Copies of the page's policy texts (`Rc<str>`) as shared texts for the core's scenario (`Arc<str>`),
/// kept from one evaluation to the next. After a keystroke only the edited text is copied; every other
/// text of the scenario is the allocation the last scenario held, which the parse cache and the scenario
/// comparison recognise by its address without reading it. At the size of an organization, copying and
/// then comparing every text took most of a keystroke's evaluation.
#[derive(Debug, Default)]
pub struct TextCopies {
    /// The copy of each page text, and whether it was asked for since the last sweep.
    copies: HashMap<ByAddress, (Arc<str>, bool)>,
}

/// A page text, known by its address: an entry keeps its text alive, so no other text takes that address.
#[derive(Debug)]
struct ByAddress(Rc<str>);

impl PartialEq for ByAddress {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for ByAddress {}

impl Hash for ByAddress {
    fn hash<H: Hasher>(&self, state: &mut H) {
        Rc::as_ptr(&self.0).cast::<u8>().hash(state);
    }
}

impl TextCopies {
    /// `text` as a shared text: the copy made before when there is one.
    pub fn of(&mut self, text: &Rc<str>) -> Arc<str> {
        let (copy, used) = self
            .copies
            .entry(ByAddress(Rc::clone(text)))
            .or_insert_with(|| (Arc::from(&**text), false));
        *used = true;
        Arc::clone(copy)
    }

    /// Forgets the copies not asked for since the previous sweep.
    pub fn sweep(&mut self) {
        self.copies.retain(|_, (_, used)| std::mem::replace(used, false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_copied_once_until_a_sweep_finds_it_unused() {
        let mut copies = TextCopies::default();
        let text: Rc<str> = Rc::from("{\"Version\": \"2012-10-17\"}");
        let first = copies.of(&text);
        assert_eq!(&*first, &*text);
        assert!(Arc::ptr_eq(&first, &copies.of(&text)), "the copy is reused");
        // The same contents in another allocation: an edit that typed and removed a character.
        let retyped: Rc<str> = Rc::from(&*text);
        let other = copies.of(&retyped);
        assert_eq!(&*other, &*text);
        assert!(!Arc::ptr_eq(&first, &other), "copied for its own allocation");
        copies.sweep();
        assert!(
            Arc::ptr_eq(&other, &copies.of(&retyped)),
            "used before the sweep, so kept"
        );
        copies.sweep();
        copies.sweep();
        assert!(
            !Arc::ptr_eq(&other, &copies.of(&retyped)),
            "unused since the last sweep, so copied anew"
        );
        assert_eq!(copies.copies.len(), 1, "the first text, unused, is forgotten");
    }
}
