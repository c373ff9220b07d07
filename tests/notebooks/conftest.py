"""`live_runs`: every dashboard notebook run live once per session (notebook_runs.py)."""

from __future__ import annotations

import pytest
from notebook_runs import LiveRun, live_run  # tests/notebooks is on sys.path (rootdir)

from tdceu_analysis.report.run import KernelSession, discover_notebooks


@pytest.fixture(scope="session")
def live_runs(tmp_path_factory) -> dict[str, LiveRun]:
    workdir = tmp_path_factory.mktemp("live")
    with KernelSession(workdir) as kernel:
        return {path.name: live_run(kernel, path, workdir) for path in discover_notebooks()}
