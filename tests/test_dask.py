"""Dask: the same per-document function on a cluster's workers writes the same tables."""
from __future__ import annotations

from extract.batch import run_batch
from extract.engines import DaskEngine
from extract.tables import read_table
from tests.test_batch import SMALL, assert_no_duplicates, assert_same_tables, make_batch


def test_dask_local_cluster_run_equals_the_local_run(tmp_path):
    make_batch(tmp_path / "in")
    run_batch([tmp_path / "in"], tmp_path / "local", workers=1)
    # two single-threaded workers in this process: the scheduler, transfers and results are real
    summary = run_batch([tmp_path / "in"], tmp_path / "dask",
                        engine=DaskEngine(workers=2, processes=False))
    assert summary.documents == 2 * len(SMALL)
    assert_same_tables(tmp_path / "local", tmp_path / "dask")
    assert_no_duplicates(tmp_path / "dask")


def test_dask_runs_are_incremental_too(tmp_path):
    make_batch(tmp_path / "in", copies=1)
    run_batch([tmp_path / "in" / "set0" / SMALL[0]], tmp_path / "out", workers=1)
    summary = run_batch([tmp_path / "in"], tmp_path / "out", engine=DaskEngine(workers=2, processes=False))
    assert summary.skipped == 1 and summary.documents == len(SMALL) - 1
    assert len(read_table(tmp_path / "out", "documents")) == len(SMALL)


def test_a_running_scheduler_is_used_by_its_address(tmp_path):
    from distributed import LocalCluster
    make_batch(tmp_path / "in", copies=1)
    run_batch([tmp_path / "in"], tmp_path / "local", workers=1)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        summary = run_batch([tmp_path / "in"], tmp_path / "dask", engine="dask",
                            scheduler=cluster.scheduler_address)
    assert summary.documents == len(SMALL)
    assert_same_tables(tmp_path / "local", tmp_path / "dask")
