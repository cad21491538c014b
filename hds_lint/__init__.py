"""hds-lint: keeps French health data (HDS) on certified hosting, inside the EEA."""

# The one place the version is written (pyproject.toml reads it from here): a constant, as
# asking the installed metadata for it costs a run 40 ms of imports.
__version__ = "0.1.0"
