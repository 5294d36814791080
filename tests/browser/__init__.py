"""Real-browser tests: Debian's chromium driven by Playwright (fixtures in ``conftest.py``)."""
