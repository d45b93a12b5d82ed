"""`make bench`: speed of the whole pipeline on a generated batch of corpus variants.

    python -m extract.bench [--docs 2000] [--scale-docs 10000] [--repeats 5] [--budget 780]
                            [--keep DIR] [--profile]

The batch: copies of every corpus document with a text layer, each with its own doc_id and its own
text: a last line naming the copy (text, Markdown, DOCX), or bytes its reader ignores (a PDF comment
after %%EOF, .doc padding, RTF trailing whitespace). Scans are left out (OCR is timed on its own,
per page).

Printed, from one run: end-to-end documents/s and pages/s per format on one core (best of five
passes); the raw pypdfium2 text throughput of the same PDFs (best of five, each right before a
PDF pass) and the ratio; OCR seconds per page; whole-batch time on every
core and on one core; peak memory; the time of a no-change re-run. When the one-core pass over the
whole batch would not fit in the time budget, it runs on an every-format sample and the
whole-batch one-core time is extrapolated (printed as such). Last, a run over a batch of
--scale-docs documents built the same way gives the peak memory at that scale.
"""
from __future__ import annotations

import argparse
import io
import math
import multiprocessing
import shutil
import sys
import tempfile
import threading
import time
import zipfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import psutil

from extract.batch import expand_inputs, run_batch
from extract.engines import default_workers
from extract.readers import sniff

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
# Share of the batch per format (Markdown fills the rest); converted formats go through
# LibreOffice at seconds a document, so a handful is enough to time them.
SHARES = {"txt": 0.05, "docx": 0.08, "pdf": 0.01}
CONVERTED_COPIES = 2
REPEATS = 5  # default passes of the one-core run per format; the best one is reported


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.profile:
        return profile_corpus()
    started = time.perf_counter()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    try:
        bench(work, args, started)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m extract.bench", description=__doc__.split("\n")[0])
    p.add_argument("--docs", type=int, default=2000, help="documents in the batch (at least)")
    p.add_argument("--workers", type=int, default=0, help="processes of the parallel run; 0 = every core")
    p.add_argument("--scale-docs", type=int, default=10_000,
                   help="documents of the last run, which measures memory at scale (0: none)")
    p.add_argument("--repeats", type=int, default=REPEATS, help="one-core passes per format (best reported)")
    p.add_argument("--budget", type=float, default=780, help="seconds the whole bench may take")
    p.add_argument("--keep", help="build and keep the batch and outputs in this folder")
    p.add_argument("--profile", action="store_true", help="cProfile one pass over the corpus instead")
    return p


def bench(work: Path, args: argparse.Namespace, started: float) -> None:
    """The run that main() prints, with the options of _parser() in `args`."""
    workers, repeats = args.workers or default_workers(), args.repeats
    batch = work / "batch"
    counts = build_batch(CORPUS, batch, args.docs)
    say(f"batch: {sum(counts.values())} documents in {batch} ({_fmt_counts(counts)}); "
        f"{workers} workers; {psutil.cpu_count()} cores")

    out = work / "out_parallel"
    with MemoryWatch() as memory:
        parallel = run_batch([batch], out, workers=workers)
    say(f"every core ({workers} workers): {parallel.documents} documents, {parallel.pages} pages, "
        f"{parallel.errors} errors in {parallel.seconds:.1f} s = {parallel.documents / parallel.seconds:.1f} "
        f"documents/s, {parallel.pages / parallel.seconds:.1f} pages/s")
    say(f"peak memory: {memory}")

    again = run_batch([batch], out, workers=workers)
    say(f"no-change re-run: {again.skipped} skipped, {again.documents} redone in {again.seconds:.2f} s "
        f"= {100 * again.seconds / parallel.seconds:.1f} % of the first run")

    scale_estimate = 1.2 * parallel.seconds * args.scale_docs / max(parallel.documents, 1)
    remaining = args.budget - (time.perf_counter() - started) - 30 - scale_estimate
    fraction = min(1.0, max(0.05, remaining / (repeats * parallel.seconds * workers * 1.15)))
    per_format, serial_seconds, (raw_pages, raw_seconds) = in_fresh_worker(
        one_core_pass, batch, work / "out_serial", fraction, repeats)
    label = "whole batch" if fraction == 1.0 else f"{fraction:.0%} sample per format, extrapolated"
    say(f"one core ({label}; best of {repeats} passes per format): {serial_seconds / fraction:.1f} s"
        + ("" if fraction == 1.0 else f" (measured {serial_seconds:.1f} s)"))
    for fmt, (docs, pages, seconds) in sorted(per_format.items()):
        line = f"  {fmt:5s} {docs:5d} documents {docs / seconds:7.1f} documents/s per core"
        if pages:
            line += f", {pages / seconds:7.1f} pages/s"
            if fmt == "pdf":
                line += f" = {100 * (pages / seconds) / (raw_pages / raw_seconds):.1f} % of raw pypdfium2"
        say(line)
    say(f"  raw pypdfium2 text of the same PDFs (best of {repeats}): {raw_pages} pages in "
        f"{raw_seconds:.2f} s = {raw_pages / raw_seconds:.1f} pages/s")
    if workers != 2:
        say("(two workers: run with --workers 2)")
    say(f"OCR: {ocr_seconds_per_page()}")
    if args.scale_docs:
        say(f"at scale: {scale_run(work, args.scale_docs, workers)}")
    say(f"bench took {time.perf_counter() - started:.0f} s")


def build_batch(corpus: Path, batch: Path, n_docs: int) -> dict[str, int]:
    """Variants of the corpus's text-layer documents under batch/<format>/."""
    sources = defaultdict(list)
    for path in expand_inputs([corpus]):
        fmt = sniff(path.read_bytes()[:2048], path)[0]
        if fmt == "pdf" and not _has_text_layer(path):
            continue
        sources[fmt].append(path)
    counts = {}
    for fmt, paths in sources.items():
        if fmt in ("doc", "rtf"):
            target = CONVERTED_COPIES * len(paths)
        elif fmt in SHARES:
            target = max(len(paths), round(SHARES[fmt] * n_docs))
        else:
            continue
        counts[fmt] = _write_variants(paths, batch / fmt, target)
    counts["md"] = _write_variants(sources["md"], batch / "md", max(0, n_docs - sum(counts.values())))
    return counts


def _write_variants(paths: list[Path], folder: Path, target: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    copies = math.ceil(target / len(paths)) if paths else 0
    written = 0
    for k in range(copies):
        for path in paths:
            if written >= target:
                return written
            data = variant(path.read_bytes(), k)
            (folder / f"{k:04d}-{path.name}").write_bytes(data)
            written += 1
    return written


def variant(data: bytes, k: int) -> bytes:
    """The document as copy `k`. Copies of one document are read one after another (largest file
    first), so where it is easy their texts differ: a text that repeats would find the per-text
    caches of the extractors already filled and flatter the figures."""
    line = f"Bench copy {k}."
    if data.startswith(b"%PDF"):
        return data + b"\n%cchc-bench-variant " + str(k).encode() + b"\n"
    if data.startswith(b"PK\x03\x04"):
        return _docx_with_last_paragraph(data, line)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return data + b"\0" * 512 * (k + 1)
    if data.lstrip().startswith(b"{\\rtf"):
        return data + bin(k + 1)[2:].replace("0", " ").replace("1", "\t").encode()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data + ("\n\n" + line + "\n").encode("utf-16-le" if data[0] == 0xFF else "utf-16-be")
    return data + ("\n\n" + line + "\n").encode()


def _docx_with_last_paragraph(data: bytes, line: str) -> bytes:
    """The package with a paragraph holding `line` at the end of the body (before its sectPr)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                end = content.rfind(b"<w:sectPr")
                end = end if end >= 0 else content.rfind(b"</w:body>")
                paragraph = f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>".encode()
                content = content[:end] + paragraph + content[end:]
            target.writestr(info, content)
    return out.getvalue()


def _has_text_layer(path: Path) -> bool:
    from extract.readers.pdf import page_texts
    try:
        texts = page_texts(path)
    except Exception:
        return False
    try:
        from extract.readers.ocr import page_needs_ocr
    except ImportError:
        return all(len(t.strip()) > 20 for t in texts)
    return not any(page_needs_ocr(t) for t in texts)


def raw_pdf_throughput(paths: list[Path]) -> tuple[int, float]:
    from extract.readers.pdf import page_texts
    if paths:
        page_texts(paths[0])  # first use (library loading) out of the timing, as for the pipeline
    begin = time.perf_counter()
    pages = sum(len(page_texts(p)) for p in paths)
    return pages, max(time.perf_counter() - begin, 1e-9)


def scale_run(work: Path, n_docs: int, workers: int) -> str:
    """Peak memory of a real run over `n_docs` documents (a bigger batch built the same way): the
    workers' memory depends on the largest document, the main process's is what could grow with
    the count."""
    batch = work / f"batch{n_docs}"
    counts = build_batch(CORPUS, batch, n_docs)
    with MemoryWatch() as memory:
        summary = run_batch([batch], work / f"out{n_docs}", workers=workers)
    return (f"{sum(counts.values())} documents, {workers} workers: {summary.seconds:.1f} s = "
            f"{summary.documents / summary.seconds:.1f} documents/s, {summary.errors} errors; "
            f"peak memory {memory}")


def in_fresh_worker(fn, *args):
    """fn(*args) in a new process started as the extract workers are (extract/engines.py): the
    per-core figures are a worker's, not those of this process after the bench's other phases."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["extract.pipeline"])
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(fn, *args).result()


def one_core_pass(batch: Path, out: Path, fraction: float,
                  repeats: int) -> tuple[dict, float, tuple[int, float]]:
    """Each format's documents (or a sample) through one worker, `repeats` times, each into a fresh
    folder: per-format rates per core from the best pass, their total, and raw pypdfium2 text
    throughput on the same PDFs, best of as many passes each run right before a PDF pass. Best-of
    because this machine's speed drifts by a third within a minute: the fastest pass is the one
    closest to what the code costs."""
    per_format = {}
    total = 0.0
    raw = (0, float("inf"))
    for folder in sorted(p for p in batch.iterdir() if p.is_dir()):
        files = sorted(folder.iterdir())
        files = files[:max(1, round(len(files) * fraction))]
        best = None
        for attempt in range(repeats):
            if folder.name == "pdf":
                raw = min(raw, raw_pdf_throughput(files), key=lambda r: r[1])
            summary = run_batch(files, out / f"{folder.name}-{attempt}", workers=1)
            if best is None or summary.seconds < best.seconds:
                best = summary
        per_format[folder.name] = (len(files), best.pages, max(best.seconds, 1e-9))
        total += best.seconds
    return per_format, total, raw


def ocr_seconds_per_page(max_pages: int = 3) -> str:
    try:
        from extract.readers import ocr
    except ImportError:
        return "n/a (no extract/readers/ocr.py)"
    if not ocr.tesseract_available():
        return "n/a (Tesseract with Vietnamese not installed)"
    import pypdfium2 as pdfium
    scans = [p for p in sorted(CORPUS.rglob("*.pdf")) if not _has_text_layer(p)]
    if not scans:
        return "n/a (no scan in the corpus)"
    pages = seconds = 0.0
    for scan in scans:
        pdf = pdfium.PdfDocument(str(scan))
        try:
            indexes = list(range(min(max_pages - int(pages), len(pdf))))
            begin = time.perf_counter()
            list(ocr.ocr_pages(pdf, indexes, n_workers=1))
            seconds += time.perf_counter() - begin
            pages += len(indexes)
        finally:
            pdf.close()
        if pages >= max_pages:
            break
    return f"{seconds / pages:.2f} s/page on one core (render + Tesseract, {pages:.0f} scanned pages)"


class MemoryWatch:
    """Peak resident memory of this process and of all its children, sampled 5 times a second."""

    def __init__(self) -> None:
        self.peak_total = self.peak_main = 0
        self.marks: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._begin = 0.0

    def __enter__(self) -> MemoryWatch:
        self._begin = time.monotonic()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def __str__(self) -> str:
        return (f"{self.peak_total / 2**20:.0f} MiB all processes, {self.peak_main / 2**20:.0f} MiB main "
                f"process ({_fmt_marks(self.marks)})")

    def _watch(self) -> None:
        me = psutil.Process()
        next_mark = 0.0
        while not self._stop.wait(0.2):
            try:
                main = me.memory_info().rss
                total = main + sum(c.memory_info().rss for c in me.children(recursive=True))
            except psutil.Error:
                continue
            self.peak_main = max(self.peak_main, main)
            self.peak_total = max(self.peak_total, total)
            elapsed = time.monotonic() - self._begin
            if elapsed >= next_mark:
                self.marks.append((elapsed, main))
                next_mark = max(2 * next_mark, 5.0)


def profile_corpus() -> None:
    import cProfile
    import pstats

    from extract.pipeline import process_file
    files = [p for p in expand_inputs([CORPUS])
             if not (p.suffix.lower() == ".pdf" and not _has_text_layer(p))]
    process_file(files[0])  # imports and first-use loading out of the profile
    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        process_file(path)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(r"extract|pdfplumber|underthesea|docx", 30)
    stats.sort_stats("tottime").print_stats(20)


def _fmt_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{fmt} {n}" for fmt, n in sorted(counts.items()))


def _fmt_marks(marks: list[tuple[float, int]]) -> str:
    return "main at " + ", ".join(f"{t:.0f} s {rss / 2**20:.0f} MiB" for t, rss in marks[-5:])


def say(line: str) -> None:
    print(line, flush=True)


if __name__ == "__main__":
    main()
