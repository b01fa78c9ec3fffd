"""Text from plans and logs made safe to show: inert on a terminal, escaped in JSON.

A plan or a log line may hold anything a careless or hostile writer put there:
escape sequences that clear the screen or set the clipboard (ESC ] 52), bidi
overrides that reorder what a reader sees, lone surrogates that no encoder
accepts.  Every character that is not printable (Unicode categories Cc, Cf,
Cs, Co, Cn, Zl, Zp) is written as a visible escape instead; spaces stay.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from typing import Any


def _unsafe(char: str) -> bool:
    return not char.isprintable() and unicodedata.category(char) != "Zs"


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


SHOWN_MAX = 10_000  # characters of one text any view shows: a longer one is cut, with its length


def inert(text: object) -> str:
    """Text for the terminal: tabs and line breaks become spaces, other unsafe characters escapes.

    A text past SHOWN_MAX characters (a note of megabytes) is cut there and says how long it
    is: laying out lines and cells of it would cost time and memory past all use to a reader.
    """
    value = str(text)
    if len(value) > SHOWN_MAX:
        from zibo_rectify.i18n import _

        more = _("… ({count} characters in all; the log holds the whole text)").format(count=len(value))
        value = value[:SHOWN_MAX] + more
    if value.isprintable():
        return value
    return "".join(" " if char in "\n\t" else _escape(char) if _unsafe(char) else char for char in value)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP JSON spells a character as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_number(value: float | None) -> int | float | None:
    """A figure as every JSON view writes it, recorded or worked out: whole figures as integers
    (120, not 120.0), and a sum without the float's noise (156.92, not 156.92000000000002)."""
    if value is None:
        return None
    figure = float(value)
    if not figure.is_integer():  # a whole figure has no noise to round away, and rounding is slow
        figure = round(figure, 9)
    return int(figure) if figure.is_integer() else figure


@functools.cache  # a status writes a dozen days a target, and the same few hundred days over and over
def json_day(day: dt.date | None) -> str | None:
    """A date as JSON gives it: ISO text, or null."""
    return day.isoformat() if day else None


def json_dumps(data: Any, indent: int | None = None, yaml_too: bool = False) -> str:
    """JSON that stays valid and inert whatever the strings hold; Chinese text stays readable.

    Every JSON rectify writes (status, warnings, due, changes, log, check, reports) is
    made here.  `json.dumps` already escapes the C0 controls inside strings; the other
    unsafe characters are escaped here, which leaves every value unchanged.
    With `yaml_too` (a log line, which YAML must read alike) a character past
    U+FFFF stays as it is: JSON can only spell it as a surrogate pair, which
    YAML reads as two broken halves, while both read the character itself.
    """
    return json_utf8(data, indent, yaml_too).decode("utf-8")


def json_utf8(data: Any, indent: int | None = None, yaml_too: bool = False) -> bytes:
    """`json_dumps` in UTF-8, as it is printed: over a thousand plans 72 MB that is never made a str."""
    utf8 = encode_json(data, indent)
    if _printable_but_line_breaks(utf8):
        return utf8
    text = utf8.decode("utf-8", "surrogatepass")
    return "\n".join(
        line if line.isprintable() else _json_line(line, yaml_too) for line in text.split("\n")
    ).encode("utf-8")


# Printable ASCII, and the line break indented JSON has after each value and nowhere else.
_SHOWN_AS_IS = bytes(range(0x20, 0x7F)) + b"\n"


def _printable_but_line_breaks(utf8: bytes) -> bool:
    """Whether JSON text is all printable but its line breaks, looking only where it may not be.

    A byte of printable ASCII is never part of another character in UTF-8: with those left
    out, what is left to decode and check is the Chinese text and any control (a few
    megabytes of a status over many plans, not all of it).
    """
    return utf8.translate(None, _SHOWN_AS_IS).decode("utf-8", "surrogatepass").isprintable()


# What pydantic-core writes otherwise than `json.dumps`: a float below 1e-4 (0.00001, 1.5e-7
# where Python writes 1e-05, 1.5e-07), NaN and infinities (which json.dumps refuses here).  A
# float of 1e16 or more is written alike by both (1e+16); these marks find that case too.
_NOT_ALIKE = (b"0e", b"0.0000")
_DIGITS_AS_0 = bytes.maketrans(b"123456789", b"000000000")  # 1.5e-7 reads 0.0e-0: one mark for all
_WORDS_NOT_ALIKE = {b"N": b"NaN", b"I": b"Infinity"}


def _written_alike(raw: bytes) -> bool:
    """Whether json.dumps writes these bytes too: no number in them is one the two spell otherwise.

    NaN and Infinity are looked for only in a text that holds their capital: a search for one
    byte is many times faster than one for a word, and JSON text seldom holds either.
    """
    marked = raw.translate(_DIGITS_AS_0)
    if any(mark in marked for mark in _NOT_ALIKE):
        return False
    return not any(capital in raw and word in raw for capital, word in _WORDS_NOT_ALIKE.items())


def encode_json(data: Any, indent: int | None = None) -> bytes:
    """Exactly `json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)`, fast, in
    UTF-8 (a lone surrogate, which json.dumps keeps, encoded as Python's "surrogatepass" does).

    Python's JSON encoder is written in C only for compact output: any indent turns
    it to the pure-Python one, which spent a third of `status --json` over a
    thousand plans (issue 24).  Indented JSON is written by pydantic-core instead,
    which agrees with json.dumps byte for byte on JSON's own types except floats
    below 1e-4, NaN and infinities; a text that may hold one of those, or a lone
    surrogate (which pydantic-core refuses), is written by json.dumps after all.
    tests/test_json_encoding.py holds the two to the same bytes on generated values.
    """
    import json  # here: a status table needs `inert` only

    if indent is not None:
        import pydantic_core

        try:
            raw = pydantic_core.to_json(data, indent=indent)
        except pydantic_core.PydanticSerializationError:
            pass
        else:
            if _written_alike(raw):
                return raw
    text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    return text.encode("utf-8", "surrogatepass")


def _json_line(line: str, yaml_too: bool) -> str:
    return "".join(
        _json_escape(char) if _unsafe(char) and not (yaml_too and ord(char) > 0xFFFF) else char
        for char in line
    )
