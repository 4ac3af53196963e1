"""Import rate of a 100,000-row KoBoToolbox export of the Flow Monitoring Survey.

Issue 7 asks for the import rate of a large Kobo export. This script loads the
shipped Flow Monitoring Survey form into a scratch database, writes a Kobo-style
CSV export of synthetic interviews (the demo generator of rehber/surveys/demo.py,
seeded), and imports it through the real service (`submissions_import`: parse,
check every row against the form, save all rows in one transaction), timing the
whole import and reporting rows per second and the peak memory of the process.

    .venv/bin/python bench/survey_import.py                        # SQLite file
    .venv/bin/python bench/survey_import.py --rows 20000           # quicker
    .venv/bin/python bench/survey_import.py \\
        --database-url postgres://postgres@127.0.0.1:5432/rehber_survey_bench

Results: bench/results/survey_import_<vendor>.json. Exit code 0 when every row was
imported, 2 on a setup problem.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import django_scratch, utc_timestamp, write_json  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="postgres://… (local) instead of SQLite")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    if not 100 <= args.rows <= 1_000_000:
        parser.error("--rows must be 100-1000000")
    return args


def main() -> int:
    args = parse_args()
    label = django_scratch(args.database_url, "survey-import-sqlite", fresh=True)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from rehber.surveys import services
    from rehber.surveys.demo import demo_export_csv
    from rehber.surveys.models import Submission

    version = services.fms_form_load(actor=None)
    Submission.objects.filter(version__form=version.form).delete()
    data = demo_export_csv(count=args.rows, seed=args.seed)
    megabytes = len(data) / 1024 / 1024
    print(f"{label}: {args.rows:,} rows, {megabytes:.1f} MB of CSV")

    started = time.perf_counter()
    cpu_started = time.process_time()
    report = services.submissions_import(
        version=version, data=data, filename="kobo-export.csv", actor=None
    )
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    if report.problems:
        print(f"the export was refused: {report.problems[:3]}", file=sys.stderr)
        return 2
    saved = Submission.objects.filter(version=version).count()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "when": utc_timestamp(),
        "database": connection.vendor,
        "rows": args.rows,
        "csv_megabytes": round(megabytes, 1),
        "saved": saved,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "rows_per_second": round(args.rows / seconds),
        "peak_memory_megabytes": round(peak_mb),
    }
    print(
        f"imported {saved:,} rows in {seconds:.1f} s ({result['rows_per_second']:,} rows/s, "
        f"{cpu_seconds:.1f} s CPU), peak memory {peak_mb:.0f} MB"
    )
    write_json(f"survey_import_{connection.vendor}.json", result)
    return 0 if saved == args.rows else 2


if __name__ == "__main__":
    sys.exit(main())
