"""Where the per-document function runs: this process, a pool of local processes, or Dask.

Every engine runs `extract.pipeline.process_file` on each path and yields the FileResults in the
order they finish, with a bounded number in flight (memory stays flat however many paths).
`should_stop()` is polled about twice a second: when it turns true no new document starts, and
the documents already running are finished and yielded, so their work is saved.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager

from extract.pipeline import FileResult, process_file

POLL_SECONDS = 0.5
IN_FLIGHT_PER_WORKER = 4
# A document makes tens of thousands of short-lived containers (blocks, numerals, rows): at
# Python's default young-generation threshold (700) the cycle collector ran ≈ 3 times a DOCX and
# took ≈ 8 % of the time; at 20,000 it takes under 1 %, for a few MB of garbage held a little longer.
YOUNG_GC_THRESHOLD = 20_000

StopCheck = Callable[[], bool]


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def make_engine(name: str = "local", workers: int | None = None, scheduler: str | None = None):
    if name == "local":
        return LocalEngine(workers or default_workers())
    if name == "dask":
        return DaskEngine(scheduler=scheduler, workers=workers or default_workers())
    raise ValueError(f"unknown engine {name!r} (local or dask)")


class LocalEngine:
    """Processes on this machine; one worker runs in this process (no start-up cost at all)."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def results(self, paths: list[str], should_stop: StopCheck) -> Iterator[FileResult]:
        if self.workers == 1 or len(paths) <= 1:
            with _young_gc_threshold():
                for path in paths:
                    if should_stop():
                        return
                    yield process_file(path)
            return
        # forkserver: workers fork from a server that imported the pipeline (patterns compiled once),
        # and never from this process's threads (progress bar, Dask).
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["extract.pipeline"])
        with ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker,
                                 initargs=(self.workers,)) as pool:
            yield from _bounded(lambda p: pool.submit(process_file, p), paths, self.workers, should_stop,
                                _wait_local, lambda f: f.cancel())


class DaskEngine:
    """A Dask cluster: the scheduler at `scheduler` (tcp://host:8786), or a LocalCluster."""

    def __init__(self, scheduler: str | None = None, workers: int = 2, processes: bool = True) -> None:
        self.scheduler, self.n_local, self.processes = scheduler, workers, processes
        self.client = self.cluster = None

    def __enter__(self) -> DaskEngine:
        from distributed import Client, LocalCluster
        if self.scheduler:
            self.client = Client(self.scheduler)
        else:
            self.cluster = LocalCluster(n_workers=self.n_local, threads_per_worker=1,
                                        processes=self.processes, dashboard_address=None)
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    @property
    def workers(self) -> int:
        return max(1, sum(self.client.nthreads().values())) if self.client else self.n_local

    def results(self, paths: list[str], should_stop: StopCheck) -> Iterator[FileResult]:
        # pure=False: a file edited between two runs on one cluster must be read again
        submit = lambda p: self.client.submit(process_file, p, pure=False)  # noqa: E731
        yield from _bounded(submit, paths, self.workers, should_stop, _wait_dask, lambda f: f.cancel())


def _bounded(submit, paths, workers, should_stop, wait_some, cancel) -> Iterator[FileResult]:
    """Keep at most IN_FLIGHT_PER_WORKER × workers documents submitted; yield each as it finishes."""
    todo = iter(paths)
    pending = set()
    stopping = False
    while True:
        while not stopping and len(pending) < IN_FLIGHT_PER_WORKER * workers:
            path = next(todo, None)
            if path is None:
                break
            pending.add(submit(path))
        if not pending:
            return
        done, pending = wait_some(pending)
        for future in done:
            if not future.cancelled():
                yield future.result()
        if not stopping and should_stop():
            stopping = True
            for future in pending:
                cancel(future)


def _wait_local(pending):
    done, rest = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
    return done, rest


def _wait_dask(pending):
    from distributed import wait as dask_wait
    try:
        done, rest = dask_wait(list(pending), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
    except TimeoutError:
        return set(), pending
    return set(done), set(rest)


@contextmanager
def _young_gc_threshold() -> Iterator[None]:
    """YOUNG_GC_THRESHOLD while documents are processed in this process, the caller's after."""
    previous = gc.get_threshold()
    gc.set_threshold(YOUNG_GC_THRESHOLD, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _init_worker(pool_size: int) -> None:
    _ignore_sigint()
    gc.set_threshold(YOUNG_GC_THRESHOLD, *gc.get_threshold()[1:])
    # OCR in a pool worker shares the cores with the other workers: cores // workers Tesseracts
    # (extract/readers/ocr.py), not one per core in every worker.
    os.environ.setdefault("CCHC_OCR_WORKERS", str(max(1, default_workers() // pool_size)))


def _ignore_sigint() -> None:
    # Ctrl-C reaches every process of the terminal's group; only the main process decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
