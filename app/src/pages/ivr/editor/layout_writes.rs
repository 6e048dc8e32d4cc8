//! Writing the positions to the server one at a time, the newest last.
//!
//! Every move ends in a write of the whole layout. Two writes on their way at once can be stored
//! in either order (two connections, two instances), and the older one landing last would undo
//! the newer one. So a move made while a write is on its way only replaces the layout waiting to
//! be written; when the write answers, the waiting one goes next.

use crate::error::AppError;
use crate::ivr::layout::Layout;
use crate::server_fns::flow::save_layout;
use futures::channel::oneshot;
use leptos::prelude::*;

#[derive(Default)]
struct Queue {
    writing: bool,
    next: Option<Layout>,
    /// Told once what is waiting (and so each layout given before it) is stored.
    done: Vec<oneshot::Sender<()>>,
}

#[derive(Clone, Copy)]
pub struct LayoutWrites {
    queue: StoredValue<Queue>,
    /// Why the last write failed, shown until one succeeds.
    pub failed: RwSignal<Option<AppError>>,
}

impl Default for LayoutWrites {
    fn default() -> Self {
        LayoutWrites {
            queue: StoredValue::new(Queue::default()),
            failed: RwSignal::new(None),
        }
    }
}

impl LayoutWrites {
    /// Writes `layout` after any write on its way; the answer comes once it, or a newer layout,
    /// has been written (failed or not: a failure is in `failed`). Dropping it is fine.
    pub fn write(self, layout: Layout) -> oneshot::Receiver<()> {
        let (tell, told) = oneshot::channel();
        let start = self.queue.try_update_value(|q| {
            q.next = Some(layout);
            q.done.push(tell);
            !std::mem::replace(&mut q.writing, true)
        });
        if start == Some(true) {
            leptos::task::spawn_local(self.drain());
        }
        told
    }

    async fn drain(self) {
        // The editor may be gone between two writes: its queue then answers `None`, and what
        // waits is dropped with it.
        while let Some(Some(layout)) = self.queue.try_update_value(|q| {
            let next = q.next.take();
            if next.is_none() {
                q.writing = false;
                for tell in q.done.drain(..) {
                    let _ = tell.send(());
                }
            }
            next
        }) {
            let failed = save_layout(layout).await.err();
            let _ = self.failed.try_set(failed);
        }
    }
}
