"""Where corpus mode's work runs: this process, a local process pool, or a Dask cluster.

One executor is opened per corpus run, so the reports' stages and the corpus topic model's fits
run on the same workers (a Dask cluster is started once, not per step).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import as_completed as pool_completed

from pipeline.errors import SettingsError


class Executor:
    """``kind`` "local": ``workers`` processes (forked; one worker runs in this process); "dask": the
    cluster at ``scheduler`` (host:port), or a LocalCluster of ``workers`` processes on loopback."""

    def __init__(self, kind: str, workers: int, scheduler: str = ""):
        self.kind, self.workers, self.scheduler = kind, workers, scheduler
        self._pool = self._client = self._cluster = None

    def __enter__(self) -> Executor:
        if self.kind != "dask":  # forked now, while this process is small: a fork shares its parent's pages,
            self._start()  # and a worker forked from a parent holding the corpus tables would count them too
        return self

    def _start(self) -> None:
        """The pool, or the cluster at the first submit (a run with nothing to do starts no cluster)."""
        if self._client is not None or self._pool is not None:
            return
        if self.kind == "dask":
            try:
                from dask.distributed import Client, LocalCluster
            except ImportError:
                raise SettingsError("corpus.executor = \"dask\" needs dask.distributed: pip install "
                                    "'dask[distributed]' (make setup installs it)") from None
            if not self.scheduler:
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None)
            self._client = Client(self.scheduler or self._cluster)
        elif self.workers > 1:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("fork"))
            self._pool.submit(int).result()  # the pool forks its workers at the first task: now

    def __exit__(self, *exc) -> None:
        for resource in (self._client, self._cluster):
            if resource is not None:
                resource.close()
        if self._pool is not None:
            self._pool.shutdown()

    @property
    def parallel(self) -> bool:
        return self.kind == "dask" or self.workers > 1

    def submit(self, function: Callable, *args):
        """A future of ``function(*args)`` (in this process: run when its result is asked for)."""
        if not self.parallel:
            return _Deferred(function, args)
        self._start()
        if self._client is not None:
            return self._client.submit(function, *args, pure=False)
        return self._pool.submit(function, *args)

    def completed(self, futures: Iterable) -> Iterator:
        """The futures as they finish (in this process: in order, each run as it is reached)."""
        futures = list(futures)
        if not self.parallel:
            return iter(futures)
        if self._client is not None:
            from dask.distributed import as_completed

            return iter(as_completed(futures))
        return pool_completed(futures)

    def share(self, value):
        """``value`` for many tasks' arguments: on a cluster, sent to every worker once (tasks that name it
        get the worker's copy), rather than once per task."""
        if self.kind != "dask":
            return value
        self._start()
        return self._client.scatter(value, broadcast=True)

    def map(self, function: Callable, items: list) -> list:
        """``function`` of each item, in order (an error is raised here)."""
        futures = [self.submit(function, item) for item in items]
        return [future.result() for future in futures]


class _Deferred:
    """A future of work in this process, run once when its result is first asked for."""

    def __init__(self, function: Callable, args: tuple):
        self._work, self._future = (function, args), None

    def result(self):
        if self._future is None:
            self._future = Future()
            function, args = self._work
            try:
                self._future.set_result(function(*args))
            except Exception as err:  # noqa: BLE001 - raised to the caller, as a pool's future raises it
                self._future.set_exception(err)
        return self._future.result()
