if __name__ == "__main__":  # a spawned import worker imports this module too: it must not run the CLI
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen (bundled) worker runs its job here and exits
    from desk.cli import main

    raise SystemExit(main())
