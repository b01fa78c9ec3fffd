"""rectify: track a rectification plan (整改方案) kept as YAML, from the terminal."""

__version__ = "0.1.0"
