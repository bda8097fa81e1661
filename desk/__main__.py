import multiprocessing

if __name__ == "__main__":  # a spawned import worker imports this module too: it must not run the CLI
    multiprocessing.freeze_support()
    from desk.cli import main

    raise SystemExit(main())
