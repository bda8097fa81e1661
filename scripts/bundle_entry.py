"""Entry point of the desktop bundle (build.spec): the same ``desk`` command line as ``python -m desk``.

With a command it runs that command; with none it opens the window. Both executables of the bundle
(``desk`` and ``desk-gui``) start here.
"""

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # a bundled import worker (spawned) starts here, then runs its job
    from desk.cli import main

    raise SystemExit(main())
