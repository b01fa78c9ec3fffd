"""The nouns of a report, by the kind of document (`document.type`): a 整改 plan speaks of 问题 and
已整改, a 民生实事 table of 项目 and 已完成, a 督办 list of 事项 and 已办结.

Each is a message of the catalog, so a report in English reads the same way.
"""

from __future__ import annotations

from typing import NamedTuple

from zibo_rectify.i18n import N_

DOCUMENT_TYPES = ("zhenggai", "minsheng", "duban")


class Nouns(NamedTuple):
    """The words a document of one type uses, as catalog messages (translate with `_`)."""

    item: str  # the column of what is tracked: 问题 / 项目 / 事项
    measure: str  # 整改措施 / 推进措施 / 办理措施
    task: str  # 整改任务 / 建设任务 / 办理任务
    goal: str  # 整改目标 / 建设目标 / 办理目标
    ledger: str  # 整改台账 / 推进情况台账 / 办理情况台账
    report: str  # the 通报's title: 关于{subject}整改进展情况的报告 …
    by_item: str  # 各问题整改情况 / 各项目推进情况 / 各事项办理情况
    problems: str  # 共{problems}个问题，已整改… (a plan with problems)
    tasks: str  # {targets}项整改任务中，已完成… (its targets)
    items: str  # 共{targets}个项目，已完成… (a plan of targets only: they are the items)


NOUNS = {
    "zhenggai": Nouns(
        N_("Problem"),
        N_("Measure"),
        N_("Rectification task"),
        N_("Goal"),
        N_("Rectification ledger"),
        N_("Report on the progress of rectifying {subject}"),
        N_("Progress by problem"),
        N_(
            "{problems} problems in all: {rectified} rectified, {partly} partly rectified,"
            " {in_progress} in progress, {overdue} overdue."
        ),
        N_(
            "Of {targets} rectification tasks, {finished} are completed (completion rate {ratio});"
            " {on_path} keep to the planned pace and {off_path} do not."
        ),
        N_(
            "{targets} rectification tasks in all: {finished} completed (completion rate {ratio});"
            " {on_path} keep to the planned pace and {off_path} do not."
        ),
    ),
    "minsheng": Nouns(
        N_("Project"),
        N_("Measures of the project"),
        N_("Project task"),
        N_("Goal of the project"),
        N_("Project progress ledger"),
        N_("Report on the progress of {subject}"),
        N_("Progress by project"),
        N_(
            "{problems} projects in all: {rectified} completed, {partly} partly completed,"
            " {in_progress} under way, {overdue} overdue."
        ),
        N_(
            "Of {targets} project tasks, {finished} are completed (completion rate {ratio});"
            " {on_path} keep to the planned pace and {off_path} do not."
        ),
        N_(
            "{targets} projects in all: {finished} completed (completion rate {ratio});"
            " {on_path} keep to the planned pace and {off_path} do not."
        ),
    ),
    "duban": Nouns(
        N_("Matter"),
        N_("Measures of the matter"),
        N_("Task of the matter"),
        N_("Goal of the matter"),
        N_("Ledger of the matters"),
        N_("Report on the handling of {subject}"),
        N_("Progress by matter"),
        N_(
            "{problems} matters in all: {rectified} handled, {partly} partly handled,"
            " {in_progress} being handled, {overdue} overdue."
        ),
        N_(
            "Of {targets} tasks of the matters, {finished} are handled (handling rate {ratio});"
            " {on_path} keep to the planned pace and {off_path} do not."
        ),
        N_(
            "{targets} matters in all: {finished} handled (handling rate {ratio});"
            " {on_path} keep to the planned pace and {off_path} do not."
        ),
    ),
}


def nouns(document_type: str) -> Nouns:
    return NOUNS.get(document_type, NOUNS["zhenggai"])
