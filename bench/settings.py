"""The project's settings plus the bare baseline view used by bench/throughput.py.

Same middleware, templates, database and static files as ``rehber.settings``; only
the URLconf differs, adding ``/bench/bare/``. Its template is generated at run time
under bench/results/templates/ (gitignored).
"""

from rehber.settings import *  # noqa: F403
from rehber.settings import BASE_DIR, TEMPLATES

BENCH_TEMPLATES_DIR = BASE_DIR / "bench" / "results" / "templates"

ROOT_URLCONF = "bench.urls"
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BENCH_TEMPLATES_DIR]},
    *TEMPLATES[1:],
]
