"""Readers: files (.txt/.md/.docx) into cleaned documents; no Qt, no bank."""
