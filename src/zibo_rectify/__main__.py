"""Let `python -m zibo_rectify` run the same program as `rectify`."""

from zibo_rectify.cli import main

main()
