"""`python -m hromada.tally FILE.pb --rule greedy|mes|phragmen [options] [--json]`."""

from hromada.tally.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
