"""Python's cyclic garbage collector kept off the data Adal builds once and keeps (issue 20).

The check builds hundreds of thousands of small objects (each YAML file's data and the line
of every key, then the schema's models) and keeps most of them to the end of the run. Every
700 new objects Python walks the young ones looking for reference cycles, and from time to
time all of them. Measured on the 100× portal: in a cold `adal check` a third of the time
(≈ 0.7 s of 2.5 s) went to walks that freed nothing (887 objects in cycles, 175,000 kept);
rendering its pages afterwards walked the checked portal again and again (≈ 0.4 s of 4.6 s).

- `paused`: no walk while the check reads a portal; what it left in cycles is freed by the
  first walk after it.
- `set_aside`: while the pages are rendered, what is alive when it starts (the checked
  portal, the imported modules) is not walked; the rendering's own garbage is collected as
  usual, and afterwards everything is walked again (a preview's next round frees the last
  round's portal).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection within; as it was after (nested uses keep it paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def set_aside() -> Iterator[None]:
    """What is alive now is left out of every collection within (`gc.freeze`); within an
    earlier freeze (another's), nothing is changed."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
