"""The words a user types for a choice (a state, a format), in either language, and their labels.

`--state 滞后,逾期` and `--state behind --state overdue` name the same states; the labels are
what the table prints, so what a user reads is what they may type.
"""

from __future__ import annotations

from collections.abc import Iterable

from zibo_rectify.errors import usage_error
from zibo_rectify.i18n import KIND_LABEL, N_, _, catalog, kind_label, language
from zibo_rectify.present.labels import STATE_LABEL, VERDICT_LABEL
from zibo_rectify.status import Flag, State

# The flags `--state` may name, by what the status table and the report print for them; the
# first of each is what completion offers.
FLAG_WORDS = {
    Flag.STALE: (N_("stale"), N_("not updated for long")),
    Flag.EXCEEDED: (N_("exceeded"), N_("done, exceeded")),
    Flag.OVERSHOOT: (N_("over the goal"),),
    Flag.LATE: (N_("done late"),),
    Flag.AT_RISK: (N_("at risk"),),
    Flag.VERDICT_DIFFERS: (N_("verdict differs"),),
}
# The other words offices write for each verdict (进度提前, 序时推进 …).
VERDICT_SYNONYMS = {
    "ahead": ("提前", "进度提前", "超序时"),
    "on_track": ("按序时", "正常", "正常推进", "按序时推进", "序时推进", "on-track"),
    "slow": ("推进缓慢", "缓慢", "进度缓慢", "滞后"),
    "stalled": ("严重滞后", "停滞", "未推进"),
}


def parse_verdict(given: str | None) -> str | None:
    """The verdict `--verdict` names, by its id, its label in either language, or an office's word."""
    if given is None:
        return None
    chinese = catalog("zh")
    word = given.strip().casefold()
    for verdict, label in VERDICT_LABEL.items():
        if word in (verdict, label, chinese.gettext(label), *VERDICT_SYNONYMS[verdict]):
            return verdict
    names = ", ".join(f"{_(label)} ({verdict})" for verdict, label in VERDICT_LABEL.items())
    raise usage_error(
        "bad-verdict",
        _("--verdict {verdict!r} is not a verdict").format(verdict=given),
        _("use one of: {verdicts}").format(verdicts=names),
    )


# What offices also call a state in their ledgers and 督办 reports, each naming one state only.
STATE_SYNONYMS = {
    State.NOT_STARTED: ("未启动",),
    State.NO_DATA: ("未填报", "尚未填报", "暂无数据"),
    State.ON_TRACK: ("正常推进", "序时推进", "按进度推进"),
    State.BEHIND: ("落后", "进度滞后", "进度落后", "落后于序时进度"),
    State.OVERDUE: ("超期", "超期未完成", "逾期未完成"),
    State.DONE: ("完成", "办结", "已办结"),
    State.MET: ("达标",),
    State.NOT_MET: ("不达标",),
}


def state_words() -> dict[str, str]:
    """Every way to type each state and flag, as what `--state` selects: its id, its English label,
    its Chinese label, and the other words offices use for it."""
    chinese = catalog("zh")
    words: dict[str, str] = {}
    named = [(state.value, [label]) for state, label in STATE_LABEL.items()]
    named += [(flag.value, list(labels)) for flag, labels in FLAG_WORDS.items()]
    for value, labels in named:
        for label in labels:
            for word in (value, label, label.replace(" ", "-"), chinese.gettext(label)):
                words.setdefault(word.casefold(), value)
    for state, synonyms in STATE_SYNONYMS.items():
        for word in synonyms:
            words.setdefault(word, state.value)
    return words


def parse_states(given: Iterable[str] | None) -> set[str] | None:
    """The states named by `--state` (repeated, or with commas), or None for every state; a flag
    that is not also a state may be named too, by its id or label (stale, 逾期完成, 超额完成)."""
    if not given:
        return None
    words = state_words()
    chosen: set[str] = set()
    for value in given:
        commas = value.replace("\uff0c", ",").replace("\u3001", ",")  # ，and 、 from an input method
        for word in (w.strip() for w in commas.split(",")):
            if not word:
                continue
            selected = words.get(word.casefold())
            if selected is None:
                raise usage_error(
                    "bad-state",
                    _("--state {state!r} is not a state").format(state=word),
                    _("use one of: {states}").format(states=", ".join(state_names())),
                )
            chosen.add(selected)
    return chosen


def state_names() -> list[str]:
    """The states as a user types them: their Chinese labels in Chinese, their ids in English."""
    if language() == "zh":
        return [_(label) for label in STATE_LABEL.values()]
    return [state.value for state in STATE_LABEL]


def complete_state(incomplete: str) -> list[tuple[str, str]]:
    """`--state` values for the shell: each state's and flag's label in the interface language (a
    flag's as the status table prints it), the id as its help."""
    labels = [(state.value, label) for state, label in STATE_LABEL.items()]
    labels += [(flag.value, words[0]) for flag, words in FLAG_WORDS.items()]
    out = []
    for value, label in labels:
        shown = _(label).replace(" ", "-")
        if shown.casefold().startswith(incomplete.casefold()) or value.startswith(incomplete):
            out.append((shown, value))
    return out


def parse_kind(given: str | None) -> str | None:
    """The kind `--kind` names, by its id or its label in either language; None for every kind."""
    if given is None:
        return None
    chinese = catalog("zh")
    for kind, label in KIND_LABEL.items():
        if given.casefold() in (kind, label, chinese.gettext(label)):
            return kind
    raise usage_error(
        "bad-kind",
        _("--kind {kind!r} is not a kind").format(kind=given),
        _("use one of: {kinds}").format(kinds=", ".join(kind_label(k) for k in KIND_LABEL)),
    )
