"""dbtool: renders, applies, lints, tests and runs the healthcare database."""

__version__ = "0.1.0"
