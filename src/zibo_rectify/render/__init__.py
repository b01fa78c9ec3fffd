"""The terminal: status tables and listings laid out from the presentation model (present/).

Each view is imported from its module (render.table, render.log, ...): a command loads only its own.
"""
