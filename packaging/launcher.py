"""Entry script of the frozen app: the same main() as `python -m desktop` and `speechdraft`."""
from desktop.app import main

raise SystemExit(main())
