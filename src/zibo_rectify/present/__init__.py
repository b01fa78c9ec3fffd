"""The one presentation model: what every view shows of the status engine's judgment, phrased once.

`rows` holds its records, `build` makes them from a plan's status, `phrase`
and `labels` word them, `text` lays out the report's cells and sentences.
Every view (the status table, `show`, `log`, every report format) reads
these and phrases nothing itself.
"""
