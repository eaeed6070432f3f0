"""extract_dask on a local two-process cluster writes the same tables as a local run."""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

import venextract  # noqa: E402
from venextract.distributed import extract_dask  # noqa: E402
from venextract.writers import read_tables  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _assert_same(a_dir: Path, b_dir: Path) -> dict[str, pd.DataFrame]:
    a, b = read_tables(a_dir), read_tables(b_dir)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    return a


# these two run before the cluster fixture starts, so no default client exists yet


def test_without_a_client_uses_local_processes(tmp_path: Path) -> None:
    extract_dask([ROOT / "corpus"], tmp_path / "dask", partition_size=2)
    venextract.run([ROOT / "corpus"], tmp_path / "local", formats=("parquet",), workers=1)
    _assert_same(tmp_path / "dask", tmp_path / "local")


def test_no_inputs_gives_empty_tables(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    summary = extract_dask([tmp_path / "empty"], tmp_path / "out")
    assert summary.documents == 0
    assert set(read_tables(tmp_path / "out")) == {"documents", "mentions", "facts", "errors"}


def test_corpus_folder_same_as_local_run(client: object, tmp_path: Path) -> None:
    summary = extract_dask([ROOT / "corpus"], tmp_path / "dask", client=client, partition_size=2)
    local = venextract.run([ROOT / "corpus"], tmp_path / "local", formats=("parquet",), workers=1)
    tables = _assert_same(tmp_path / "dask", tmp_path / "local")
    assert summary.documents == local.documents == len(tables["documents"]) > 0
    assert summary.mentions == local.mentions
    assert set(summary.outputs) == {f"{name}.parquet" for name in tables}
    assert not (tmp_path / "dask" / ".venextract").exists()  # staged parts are cleaned up


def test_repeated_ids_errors_and_batches_same_as_local_run(client: object, tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(ROOT / "corpus", src / "a")
    shutil.copytree(ROOT / "corpus", src / "b")  # the same file names: doc_ids repeat
    (src / "b" / "empty.txt").write_text("", encoding="utf-8")
    with (src / "batch.jsonl").open("w", encoding="utf-8") as f:
        for i, path in enumerate(sorted((ROOT / "corpus").glob("*.txt"))):
            f.write(json.dumps({"id": path.stem if i % 2 else f"row{i}", "text": path.read_text("utf-8")}) + "\n")
        f.write("{not json\n")
    summary = extract_dask([src], tmp_path / "dask", formats=("parquet", "csv"), client=client, partition_size=3)
    local = venextract.run([src], tmp_path / "local", formats=("parquet",), workers=1)
    tables = _assert_same(tmp_path / "dask", tmp_path / "local")
    assert (tmp_path / "dask" / "facts.csv").exists()
    assert summary.errors == local.errors == len(tables["errors"])
    assert tables["documents"]["doc_id"].is_unique
    assert (tables["errors"]["error"] == "duplicate_id").sum() >= 5
