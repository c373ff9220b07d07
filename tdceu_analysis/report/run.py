"""Running the dashboard notebooks: finding them, injecting the build's parameters, and
executing them in a kernel of this Python that the notebooks share one after another.

Starting a kernel and importing altair, polars and the package costs more than running
most pages, so one `KernelSession` runs every notebook; before each, the kernel forgets
what the last one defined (`KernelSession.fresh_namespace`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from tdceu_analysis._paths import notebooks_folder as package_notebooks_folder
from tdceu_analysis.errors import UserError

NOTEBOOK_PATTERN = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")
CELL_TIMEOUT = 300  # seconds a cell may run
STARTUP_TIMEOUT = 120  # seconds for a kernel to start


def notebooks_folder() -> Path:
    """The installed package's notebooks (they ship in the wheel)."""
    return package_notebooks_folder()


SUMMARY_NOTEBOOK = "board_summary.ipynb"  # not NN_: a build of every year runs it once


def summary_notebook(folder: Path | None = None) -> Path | None:
    """The board summary's notebook, if the folder has it (every-year builds run it first)."""
    path = (folder or notebooks_folder()) / SUMMARY_NOTEBOOK
    return path if path.is_file() else None


def discover_notebooks(folder: Path | None = None) -> list[Path]:
    """Every `NN_name.ipynb` of the folder, in name order."""
    folder = folder or notebooks_folder()
    if not folder.is_dir():
        raise UserError(f"no notebooks folder at {folder}: is the package installed whole?")
    found = sorted(p for p in folder.iterdir() if NOTEBOOK_PATTERN.match(p.name))
    if not found:
        raise UserError(f"no NN_name.ipynb notebook in {folder}")
    return found


def inject_parameters(notebook: Any, values: dict[str, Any]) -> Any:
    """A copy with `values` assigned in a cell after the one tagged `parameters`."""
    import nbformat

    copy = nbformat.from_dict(json.loads(json.dumps(notebook)))
    source = "# Parameters injected by tdceu build\n" + "\n".join(
        f"{name} = {value!r}" for name, value in values.items()
    )
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    tagged = [i for i, c in enumerate(copy.cells) if "parameters" in c.metadata.get("tags", [])]
    copy.cells.insert(tagged[0] + 1 if tagged else 0, cell)
    return copy


def _kernel_manager() -> Any:
    """A kernel of this very Python (the one with this package installed), whatever
    kernelspecs the machine has."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name=f"Python ({sys.executable})",
                language="python",
            )

    # an asyncio client, as nbclient expects: with a blocking one its wait for output
    # blocks the event loop, and a cell over the timeout is never stopped
    return KernelManager(
        kernel_name="tdceu-python",
        kernel_spec_manager=ThisPython(),
        client_class="jupyter_client.asynchronous.AsyncKernelClient",
    )


# Runs once in each new kernel: a private module whose `fresh_namespace()` gives the next
# notebook what a new kernel would (modules stay imported: that is the point of sharing).
KERNEL_SETUP = """
def _tdceu_setup():
    import gc, os, sys, types, warnings

    cwd, path, environ = os.getcwd(), list(sys.path), dict(os.environ)
    filters = list(warnings.filters)

    def fresh_namespace():
        get_ipython().reset(new_session=True)  # every variable, In/Out, the history
        os.chdir(cwd)
        sys.path[:] = path
        if dict(os.environ) != environ:
            os.environ.clear()
            os.environ.update(environ)
        warnings.filters[:] = filters
        getattr(warnings, "_filters_mutated", lambda: None)()  # (forget cached decisions)
        gc.freeze()  # what is left is alive (modules, caches): later collections skip it

    module = types.ModuleType("_tdceu_build")
    module.fresh_namespace = fresh_namespace
    sys.modules["_tdceu_build"] = module

_tdceu_setup()
del _tdceu_setup
"""
FRESH_NAMESPACE = "__import__('_tdceu_build').fresh_namespace()"


class KernelSession:
    """One kernel that runs notebooks one after another, each in a fresh user namespace.

    Use as a context manager: the kernel starts on entry and is shut down on exit. A
    notebook that times out or kills the kernel gets the next notebook a new kernel."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = Path(workdir)
        self.manager: Any = None
        self.client: Any = None
        self.used = False  # a notebook ran since the kernel started
        self.busy = threading.Event()  # set once a cell went to the kernel (or it failed)

    def __enter__(self) -> KernelSession:
        if self.client is None:
            self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def launch(self) -> None:
        """Start the kernel's process and return at once: it boots while we do other work
        (a build reads and checks the data folder meanwhile). A working directory not made
        yet is entered once the kernel is ready (`start`)."""
        self.manager = _kernel_manager()
        self.manager.start_kernel(
            cwd=str(self.workdir if self.workdir.is_dir() else Path.cwd()),
            stderr=subprocess.DEVNULL,  # the kernel's own warnings are noise here
            extra_arguments=["--HistoryManager.hist_file=:memory:"],
        )

    def start(self) -> None:
        """Launch the kernel (unless `launch` did) and wait until it is ready."""
        from jupyter_core.utils import run_sync  # (this thread's event loop, as nbclient's)

        if self.manager is None:
            self.launch()
        try:
            self.client = self.manager.client()
            self.client.start_channels()
            run_sync(self.client.wait_for_ready)(timeout=STARTUP_TIMEOUT)
            self.client.allow_stdin = False
            # (the working directory first: the setup keeps it for every notebook)
            self._run_quietly(f"__import__('os').chdir({str(self.workdir)!r})\n{KERNEL_SETUP}")
        except BaseException:
            self.close()
            raise
        self.used = False

    def close(self) -> None:
        """Stop the kernel (nothing in it needs saving, so no graceful wait)."""
        if self.client is not None:
            self.client.stop_channels()
            self.client = None
        manager, self.manager = self.manager, None
        if manager is not None and manager.has_kernel:
            manager.shutdown_kernel(now=True)

    def _run_quietly(self, code: str) -> None:
        """Run `code` without output or history; fail if it raises."""
        from jupyter_core.utils import run_sync

        async def reply_to(msg_id: str) -> dict[str, Any]:
            while True:
                reply = await self.client.get_shell_msg(timeout=STARTUP_TIMEOUT)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return reply

        msg_id = self.client.execute(code, silent=True, store_history=False)
        content = run_sync(reply_to)(msg_id)["content"]
        if content["status"] != "ok":
            raise RuntimeError(
                f"tdceu build: could not prepare the kernel: {content.get('ename')}: "
                f"{content.get('evalue')}"
            )

    def fresh_namespace(self) -> None:
        """Forget the last notebook: its variables and In/Out go; the working directory,
        sys.path, environment variables and warning filters go back to how the kernel
        started. Imported modules stay (with any state a notebook gave them)."""
        if self.used:
            self._run_quietly(FRESH_NAMESPACE)
            self.used = False

    def run(self, notebook: Any, name: str, timeout: int = CELL_TIMEOUT) -> Any:
        """Run every cell of `notebook` in a fresh namespace (see `execute_notebook`)."""
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        if self.client is None:
            self.start()
        self.fresh_namespace()
        self.used = True
        runner = NotebookClient(
            notebook,
            km=self.manager,
            timeout=timeout,
            startup_timeout=STARTUP_TIMEOUT,
            resources={"metadata": {"path": str(self.workdir)}},
            record_timing=False,
            on_cell_complete=lambda **_: self.busy.set(),  # (called once a cell is sent)
        )
        runner.kc = self.client  # this kernel, already started and set up
        try:
            runner.execute()
        except CellExecutionError as failure:
            if failure.ename == "UserError":
                raise UserError(f"{name}: {failure.evalue}") from None
            raise RuntimeError(
                f"notebook {name} failed: {failure.ename}: {failure.evalue}"
            ) from failure
        except CellTimeoutError:
            self.close()  # the cell may still be running: the next notebook gets a new kernel
            raise UserError(f"{name}: a cell ran longer than {timeout} s (see --timeout)") from None
        except DeadKernelError as failure:
            self.close()
            raise RuntimeError(f"notebook {name}: the kernel died ({failure})") from failure
        return notebook


def execute_notebook(
    notebook: Any,
    name: str,
    workdir: Path,
    timeout: int = CELL_TIMEOUT,
    kernel: KernelSession | None = None,
) -> Any:
    """Run every cell; a failing cell becomes a UserError naming the notebook (the
    kernel's own UserError message when the data or a parameter is the problem).
    In `kernel` when given (fresh namespace, same imports), else in a kernel of its own
    that is shut down afterwards."""
    if kernel is not None:
        return kernel.run(notebook, name, timeout)
    with KernelSession(workdir) as own:
        return own.run(notebook, name, timeout)
