"""``python -m bench``: run the benchmark (see ``bench/README.md`` and ``bench/run.py``)."""

from bench.run import main

raise SystemExit(main())
