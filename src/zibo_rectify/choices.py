"""The words a user types for a choice (a state, a format), in either language, and their labels.

`--state 滞后,逾期` and `--state behind --state overdue` name the same states; the labels are
what the table prints, so what a user reads is what they may type.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import DOMAIN, KIND_LABEL, LOCALE_DIR, N_, _, kind_label, language
from zibo_rectify.status import State

STATE_LABEL = {
    State.NOT_STARTED: N_("not started"),
    State.NO_DATA: N_("no data"),
    State.ON_TRACK: N_("on track"),
    State.BEHIND: N_("behind"),
    State.OVERDUE: N_("overdue"),
    State.DONE: N_("done"),
    State.MET: N_("met"),
    State.NOT_MET: N_("not met"),
}


def state_words() -> dict[str, State]:
    """Every way to type each state: its id, its English label, its Chinese label."""
    chinese = gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"])
    words: dict[str, State] = {}
    for state, label in STATE_LABEL.items():
        for word in (state.value, label, label.replace(" ", "-"), chinese.gettext(label)):
            words[word.casefold()] = state
    return words


def parse_states(given: Iterable[str] | None) -> set[str] | None:
    """The states named by `--state` (repeated, or with commas), or None for every state; a flag
    that is not also a state (stale, exceeded, late, at_risk) may be named too."""
    from zibo_rectify.status import FILTERS

    if not given:
        return None
    words = state_words()
    chosen: set[str] = set()
    for value in given:
        for word in (w.strip() for w in value.replace("，", ",").split(",")):
            if not word:
                continue
            state = words.get(word.casefold())
            if state is None and word.casefold() in FILTERS:
                chosen.add(word.casefold())
                continue
            if state is None:
                raise usage_error(
                    "bad-state",
                    _("--state {state!r} is not a state").format(state=word),
                    _("use one of: {states}").format(states=", ".join(state_names())),
                )
            chosen.add(state.value)
    return chosen


def state_names() -> list[str]:
    """The states as a user types them: their Chinese labels in Chinese, their ids in English."""
    if language() == "zh":
        return [_(label) for label in STATE_LABEL.values()]
    return [state.value for state in STATE_LABEL]


def complete_state(incomplete: str) -> list[tuple[str, str]]:
    """`--state` values for the shell: the label in the interface language, the id as its help."""
    out = []
    for state, label in STATE_LABEL.items():
        shown = _(label).replace(" ", "-")
        if shown.casefold().startswith(incomplete.casefold()) or state.value.startswith(incomplete):
            out.append((shown, state.value))
    return out


def parse_kind(given: str | None) -> str | None:
    """The kind `--kind` names, by its id or its label in either language; None for every kind."""
    if given is None:
        return None
    chinese = gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"])
    for kind, label in KIND_LABEL.items():
        if given.casefold() in (kind, label, chinese.gettext(label)):
            return kind
    raise usage_error(
        "bad-kind",
        _("--kind {kind!r} is not a kind").format(kind=given),
        _("use one of: {kinds}").format(kinds=", ".join(kind_label(k) for k in KIND_LABEL)),
    )
