"""hds-lint: keeps French health data (HDS) on certified hosting, inside the EEA."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hds-lint")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
