"""The words people write for a plan's keys when they do not know its own: other English words
(`deadline`), the document's Chinese headings (完成时限), so a misspelt key gets the right name.

A key that is close in spelling gets did-you-mean from difflib; a key that means the same thing
but is spelt nothing alike (`deadline` for `due`) needs this table.
"""

from __future__ import annotations

SYNONYMS: dict[str, tuple[str, ...]] = {
    # the plan's key: what people write for it, English then Chinese
    "due": (
        "deadline",
        "due_date",
        "duedate",
        "end",
        "until",
        "by",
        "完成时限",
        "完成时间",
        "截止日期",
        "截止时间",
        "时限",
    ),
    "start": ("begin", "from", "start_date", "开始", "开始日期", "开始时间", "起始日期"),
    "owners": (
        "owner",
        "responsible",
        "unit",
        "units",
        "lead",
        "责任单位",
        "责任科室",
        "牵头单位",
        "责任分工",
        "责任人",
    ),
    "goal": ("target", "target_value", "value", "goal_value", "目标", "目标值", "整改目标"),
    "name": ("label", "名称", "任务名称", "指标名称"),
    "title": ("name", "标题", "名称", "方案名称", "问题"),
    "unit": ("units", "measure_unit", "单位", "计量单位"),
    "kind": ("type", "category", "类型", "类别"),
    "milestones": ("milestone", "steps", "stages", "阶段目标", "节点", "时间节点"),
    "aliases": ("alias", "other_names", "别名"),
    "measures": ("measure", "actions", "steps", "整改措施", "措施"),
    "targets": ("target", "tasks", "indicators", "任务", "指标", "整改任务"),
    "problems": ("problem", "issues", "items", "问题", "存在问题"),
    "manifestations": ("symptoms", "details", "主要表现", "表现"),
    "period": ("duration", "term", "期限", "整改期限"),
    "issuer": ("issued_by", "office", "发文单位", "印发单位"),
    "comparison": ("compare", "operator", "比较"),
    "windows": ("schedule", "deadlines", "时间安排"),
    "text": ("content", "body", "原文", "内容"),
    "number": ("no", "index", "序号", "编号"),
    "id": ("slug", "key", "编号", "代码"),
}


def meant(key: str, allowed: list[str]) -> str | None:
    """The allowed key that `key` is another word for, if the table knows it."""
    folded = key.strip().casefold()
    return next((right for right, words in SYNONYMS.items() if right in allowed and folded in words), None)
