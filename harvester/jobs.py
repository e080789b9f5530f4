"""One report's work for the processing pool: read its captures from WARC, extract and parse them (no store)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import chain, islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

from .assemble import assemble
from .errors import HarvesterError
from .extract import extract, warm_up
from .lock import drop_inherited_locks
from .parse import Document, parse_document
from .parse.model import Report
from .store.rows import ReportRows
from .warc.reader import read_payload
from .warc.records import PreparedRecord, conversion_record

T = TypeVar("T")


@dataclass
class Capture:
    """What the work made of one capture: the documents row's fields (text included), the extracted document
    and its parse. Only the row travels back from a worker."""

    cand: dict[str, Any]
    row: dict[str, Any]
    doc: Document | None = None
    report: Report | None = None
    ok: bool = False  # extracted: the row has the text
    conversion: PreparedRecord | None = None  # the text as a WARC conversion record, built here, appended by the store


@dataclass
class JobResult:
    """A job's captures, and for a report job the assembled report with each borrowed fact's capture index."""

    captures: list[Capture]
    report: ReportRows | None = None
    sources: dict[int, int] = field(default_factory=dict)


@dataclass
class Job:
    """A report page and the attachments the crawler took from it (or a lone capture, with parse off)."""

    cand: dict[str, Any]
    own: list[dict[str, Any]] = field(default_factory=list)
    parse: bool = True


def extract_capture(warc_dir: Path, cand: dict[str, Any], parser_version: str) -> Capture:
    """Extract one capture; any failure is recorded in its row with its reason, never raised."""
    row: dict[str, Any] = {"capture_record_id": cand["capture_record_id"], "url": cand["url"], "parser_version": parser_version}
    try:
        path = Path(cand["warc_path"]) if cand.get("warc_path") else warc_dir / cand["warc_file"]
        body, ctype, _ = read_payload(path, cand["offset"])
        kind, doc = extract(body, ctype, cand["url"].split("?")[0])
    except HarvesterError as exc:
        row.update(status="unreadable", error=f"{type(exc).__name__}: {exc}")
        return Capture(cand, row)
    except (sqlite3.Error, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug or a library failure on this file: recorded, the run goes on
        row.update(status="failed", error=f"extract: {type(exc).__name__}: {exc}"[:500])
        return Capture(cand, row)
    text = doc.text  # built from every block's rows on each use: once here
    row.update(
        status="ok",
        kind=kind,
        extractor=doc.extractor,
        encoding=doc.encoding,
        declared_encoding=doc.declared_encoding,
        pages=doc.pages,
        title=doc.title_hint or cand.get("title"),
        text=text,
        extraction_path=doc.path,
        warnings=doc.warnings,
    )
    conversion = conversion_record(cand["url"], cand["capture_record_id"], text)
    return Capture(cand, row, doc, ok=True, conversion=conversion)


def parse_capture(capture: Capture) -> Capture:
    """The capture with its parse, or with the parse failure recorded on its row."""
    if capture.doc is None:
        return capture
    try:
        capture.report = parse_document(capture.doc, capture.row["text"])
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        capture.row.update(status="failed", error=f"parse: {type(exc).__name__}: {exc}"[:500])
    return capture


def run_job(job: Job, warc_dir: Path, parser_version: str) -> JobResult:
    """Every capture of the job, extracted (and, for a report job, parsed and assembled into one report)."""
    captures = []
    for cand in (job.cand, *job.own):
        capture = extract_capture(warc_dir, cand, parser_version)
        captures.append(parse_capture(capture) if job.parse else capture)
    return _result(job, captures)


def _result(job: Job, captures: list[Capture]) -> JobResult:
    """The job's result: for a report job the report assembled from its captures' parses (None: unreadable)."""
    result = JobResult(captures)
    if job.parse:
        page, *own = captures
        attachments = [(c.report, i, c.cand["capture_record_id"], c.cand["url"]) for i, c in enumerate(own, start=1)]
        report, sources = assemble(job.cand.get("title"), page.report, attachments)
        result.report = ReportRows.of(report)
        result.sources = {fact: index for fact, (index, _) in sources.items()}
    for capture in captures:  # what the store needs is in the row; documents and parses stay here
        capture.doc = capture.report = None
    return result


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` consecutive items (itertools.batched arrives in Python 3.12)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_workers() -> int:
    """One worker process per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def pool_for(workers: int | None) -> AbstractContextManager[Pool | None]:
    """Worker processes for `workers` (default: one per core), or none for one. A command makes its pool first:
    the workers import the extraction stack on the other cores while the command imports the store and indexes."""
    count = workers or default_workers()
    return Pool(count) if count > 1 else nullcontext()


CHUNK = 8  # jobs sent to a worker at once: one pickling and one queue hop per chunk, not per job


def in_flight(workers: int) -> int:
    """Jobs run_jobs keeps with `workers` processes: enough to keep each busy while the store writes a batch, and
    while it builds its indexes once the last jobs are with them (about 0.4 s of work for two)."""
    return workers * 8 + 96


def run_chunk(chunk: list[Job], warc_dir: Path, parser_version: str) -> list[JobResult]:
    """A worker's task: several jobs, in order."""
    return [run_job(job, warc_dir, parser_version) for job in chunk]


def run_jobs(
    jobs: Iterable[Job], warc_dir: Path, parser_version: str, workers: int = 1, pool: Pool | None = None
) -> Iterator[tuple[Job, JobResult]]:
    """Each job with its result, in the order given. With a pool (or workers > 1) the jobs run in worker
    processes, in chunks, a bounded number in flight (enough to keep every worker busy while the store writes a
    batch), so memory stays flat however many jobs there are. A job whose worker died (a crash in a native
    library) comes back with every capture marked failed; the other jobs of its chunk run again."""
    jobs = iter(jobs)
    window = in_flight(pool.workers if pool else workers)
    first = list(islice(jobs, window))
    if pool is None and (workers <= 1 or len(first) < 2 * workers):  # a handful: a pool would cost more than it saves
        for job in chain(first, jobs):
            yield job, run_job(job, warc_dir, parser_version)
        return
    own = pool is None
    pool = pool or Pool(workers)
    pending: deque[tuple[list[Job], Future[list[JobResult]]]] = deque()
    try:
        for chunk in batched(chain(first, jobs), CHUNK):
            pending.append((chunk, pool.submit(run_chunk, chunk, warc_dir, parser_version)))
            while len(pending) * CHUNK >= window:
                yield from _next(pending, pool, warc_dir, parser_version)
        while pending:
            yield from _next(pending, pool, warc_dir, parser_version)
    finally:
        for _, future in pending:  # a consumer that stopped early: nothing more is computed for it
            future.cancel()
        if own:
            pool.close()


class Pool:
    """Forked worker processes for run_jobs. Started ahead of the work, each imports the extraction stack
    while the caller is still indexing; a pool a worker died in is replaced."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor = _executor(workers)
        self.executor.submit(int)  # forks every worker now (an executor forks on its first task)

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        return self.executor.submit(fn, *args)

    def renew(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = _executor(self.workers)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _executor(workers: int) -> ProcessPoolExecutor:
    """Forked workers (cheap to start, the parser already imported)."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("fork"), initializer=_worker_start, initargs=(os.getpid(),)
    )


def _worker_start(parent: int) -> None:
    """A worker drops the parent's archive lock and signal handlers (Scrapy's, in a crawl), and dies with it:
    a killed command leaves neither its lock held nor its workers behind. Then it imports what extraction
    imports on first use, before its first job arrives."""
    drop_inherited_locks()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the kernel kills this worker when its parent dies
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    try:
        warm_up()
    except Exception:  # a broken install: each job that needs the import records the error itself
        pass


def _next(
    pending: deque[tuple[list[Job], Future[list[JobResult]]]], pool: Pool, warc_dir: Path, version: str
) -> list[tuple[Job, JobResult]]:
    chunk, future = pending.popleft()
    try:
        return list(zip(chunk, future.result(), strict=True))
    except BrokenProcessPool:
        pass
    # A worker died and took every chunk in flight with it: this chunk's jobs run again one by one, to find the
    # job that was the cause; the other chunks go to the new pool.
    pool.renew()
    results = []
    for job in chunk:
        try:
            result = pool.submit(run_job, job, warc_dir, version).result()
        except BrokenProcessPool as exc:
            pool.renew()
            reason = f"worker died: {exc}"[:500]
            dead = [Capture(c, {"capture_record_id": c["capture_record_id"], "url": c["url"], "parser_version": version,
                                "status": "failed", "error": reason}) for c in (job.cand, *job.own)]  # fmt: skip
            result = _result(job, dead)
        results.append((job, result))
    for i, (other, _) in enumerate(pending):
        pending[i] = (other, pool.submit(run_chunk, other, warc_dir, version))
    return results
