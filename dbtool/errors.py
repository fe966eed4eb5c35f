"""The one exception type the CLI turns into a single line on stderr."""


class DbtoolError(Exception):
    """A problem the user can act on; printed as one line, exit code `exit_code`."""

    exit_code = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
