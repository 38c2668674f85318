"""What every batch run shares, the explaining one (:mod:`lovkode.batch`) and the columnar one
(:mod:`lovkode.columnar.batch_io`): a pool of fresh worker processes, Ctrl+C and SIGTERM handled so no
output line is cut, a progress counter on a terminal, and a loaded spec kept out of the garbage
collector's way. Both batch modules import it; it imports neither."""
from __future__ import annotations

import contextlib
import gc
import signal
import sys
import threading


def settle() -> None:
    """The loaded spec lives as long as the batch: move it out of the garbage collector's way, so
    the collections that every case's short-lived objects cause do not walk it again and again."""
    gc.collect()
    gc.freeze()


class Stopped(Exception):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class Signals:
    """Ctrl+C (SIGINT) and SIGTERM end the run: at once while reading or evaluating, and after the
    output being written, so that no line is cut."""

    def __init__(self):
        self.received: int | None = None
        self.writing = False
        self._old = {}

    def _handle(self, signum, frame):
        self.received = signum
        if not self.writing:
            raise Stopped(signum)

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():  # only there can handlers be set
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._old[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc):
        for signum, old in self._old.items():
            signal.signal(signum, old)

    @contextlib.contextmanager
    def whole(self):
        """A line written and counted as one step: a signal that arrives meanwhile stops the run after
        it, so the count said on stderr is exactly the lines written."""
        self.writing = True
        try:
            yield
        finally:
            self.writing = False
        if self.received is not None:
            raise Stopped(self.received)


def start_pool(jobs: int, initializer, initargs):
    """A pool of ``jobs`` fresh processes. They start with Ctrl+C ignored (an ignored signal stays
    ignored in a new process), so that none can die with a traceback before its initializer runs;
    the parent ends them."""
    import multiprocessing

    main = threading.current_thread() is threading.main_thread()
    old = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        return multiprocessing.get_context("spawn").Pool(jobs, initializer=initializer, initargs=initargs)
    finally:
        if main:
            signal.signal(signal.SIGINT, old)


def progress_counter():
    """A rich progress counter on a terminal; nothing on a pipe."""
    if not sys.stderr.isatty():
        return None
    try:
        from rich.progress import Progress, SpinnerColumn, TextColumn
    except ImportError:
        return None
    bar = Progress(SpinnerColumn(), TextColumn("{task.completed} sager vurderet"), transient=True)
    bar.start()
    task = bar.add_task("batch", total=None)

    def update(done):
        if done is None:
            bar.stop()
        else:
            bar.update(task, completed=done)

    return update
