"""Entry script of the frozen app: the same main() as `python -m desktop` and `speechdraft`."""

import multiprocessing

# A large import cuts files in a spawned worker process (desktop.store.importing.workers); in the
# frozen app that process is this executable again, and this call runs the worker and exits.
multiprocessing.freeze_support()

from desktop.app import main  # noqa: E402

raise SystemExit(main())
