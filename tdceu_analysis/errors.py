"""Errors a person can act on.

`UserError` carries one line for the person at the keyboard (a missing file, a
wrong argument, a file without a required column). The command line prints it
and exits with code 2; it never shows a traceback.

`file_error` turns an `OSError` (a full disk, a name too long, a folder removed while
writing) into such a line, naming the file and saying what to do.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path


class UserError(Exception):
    """A problem with the input or the arguments, described in one actionable line."""


# What to do about the usual reasons a file cannot be written or read.
_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space and run it again",
    errno.EDQUOT: "the disk quota is used up: free some space and run it again",
    errno.ENAMETOOLONG: "the name is too long: choose a shorter one",
    errno.ENOENT: "its folder is gone (removed while writing?): run it again",
    errno.EACCES: "permission denied: choose another folder",
    errno.EPERM: "permission denied: choose another folder",
    errno.EROFS: "the disk is read-only: choose another folder",
}
_SHOWN = 100  # characters of a path shown in a message


def error_number(problem: OSError) -> int | None:
    """The errno, also from polars' 'No space left on device (os error 28)', which has none."""
    if problem.errno is not None:
        return problem.errno
    found = re.search(r"\(os error (\d+)\)", str(problem))
    return int(found.group(1)) if found else None


def os_error_in(problem: BaseException) -> OSError | None:
    """The OSError inside another library's error (polars' ComputeError '... underlying IO
    error: No space left on device (os error 28)'), or None when it is not one."""
    if isinstance(problem, OSError):
        return problem
    found = re.search(r"([^:]*)\(os error (\d+)\)", str(problem))
    if found is None:
        return None
    return OSError(int(found.group(2)), found.group(1).strip())


def shown_path(path: str | Path) -> str:
    """A path as a message shows it: a very long one cut in the middle."""
    text = str(path)
    return text if len(text) <= _SHOWN else f"{text[:60]}...{text[-30:]}"


def file_error(path: str | Path, problem: OSError, doing: str = "write") -> UserError:
    """One line naming the file that could not be written (or read) and what to do."""
    number = error_number(problem)
    if number in _ADVICE:
        reason = _ADVICE[number]
    else:
        text = problem.strerror or re.sub(r"\s*\(os error \d+\)", "", str(problem))
        reason = (text.strip().splitlines() or [type(problem).__name__])[0].lower()
    return UserError(f"could not {doing} {shown_path(path)}: {reason}")
