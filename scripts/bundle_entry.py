"""Entry point of the desktop bundle (build.spec): the same ``desk`` command line as ``python -m desk``.

With a command it runs that command; with none it opens the window. Both executables of the bundle
(``desk`` and ``desk-gui``) start here.
"""

from desk.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
