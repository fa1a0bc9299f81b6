"""Import: documents read, parsed and cut into units, written into a bank (optionally in a worker process)."""
