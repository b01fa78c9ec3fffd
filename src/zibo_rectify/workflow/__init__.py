"""The rectification workflow between the log and status: review, sign-off, evidence, warnings, undo."""
