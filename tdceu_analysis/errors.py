"""Errors a person can act on.

`UserError` carries one line for the person at the keyboard (a missing file, a
wrong argument, a file without a required column). The command line prints it
and exits with code 2; it never shows a traceback.
"""


class UserError(Exception):
    """A problem with the input or the arguments, described in one actionable line."""
