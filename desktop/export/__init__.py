"""A parsed Speech → .docx (GB/T 9704 layout), .txt, .md; layout presets as data."""
