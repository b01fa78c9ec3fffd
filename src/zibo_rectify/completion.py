"""Shell completion of plan ids and target ids, read from the plans folder.

Completion runs on every Tab, so it reads plan files with the YAML parser only
(no validation) and never raises: a broken plan just offers nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _folder(ctx: Any) -> Path | None:
    from zibo_rectify.plans import find_plans_dir

    root = ctx.find_root() if ctx is not None else None
    option = root.params.get("plans") if root is not None else None
    try:
        return find_plans_dir(Path(option) if option else None)
    except Exception:
        return None


def plan_ids(ctx: Any, incomplete: str) -> list[str]:
    from zibo_rectify.plans import plan_files

    folder = _folder(ctx)
    if folder is None:
        return []
    return [f.plan_id for f in plan_files(folder) if f.plan_id.startswith(incomplete)]


def _documents(ctx: Any) -> list[tuple[str, dict[str, Any]]]:
    """(plan id, the plan as parsed YAML) for every plan file that parses."""
    from zibo_rectify.plans import plan_files, read_plan_document

    folder = _folder(ctx)
    found = []
    for plan_file in plan_files(folder) if folder is not None else []:
        try:
            data = read_plan_document(plan_file.path).data
        except Exception:
            continue
        if isinstance(data, dict):
            found.append((plan_file.plan_id, data))
    return found


def _items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = data.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _targets(ctx: Any, kinds: tuple[str, ...] | None) -> list[tuple[str, str]]:
    """(what to type, the target's name) for every target of the given kinds."""
    names: list[tuple[str, str]] = []
    for plan_id, data in _documents(ctx):
        for problem in _items(data, "problems"):
            for target in _items(problem, "targets"):
                ident, name = target.get("id"), target.get("name")
                if not isinstance(ident, str) or (kinds is not None and target.get("kind") not in kinds):
                    continue
                shown = name if isinstance(name, str) else ""
                names += [(ident, shown), (f"{plan_id}/{ident}", shown)]
                names += [(a, shown) for a in target.get("aliases") or [] if isinstance(a, str)]
                if isinstance(name, str) and " " not in name:
                    names.append((name, ident))
    return names


def _matching(pairs: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """The pairs whose value starts with what was typed, once each, in order."""
    seen = dict(pair for pair in reversed(pairs) if pair[0].startswith(incomplete))
    return sorted(seen.items())


def target_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Target ids, names and aliases of every plan, and `plan-id/target` forms, each with its name."""
    return _matching(_targets(ctx, None), incomplete)


def figure_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """What `update` takes: targets that have a figure, not tasks."""
    return _matching(
        _targets(ctx, ("count", "amount", "quantity", "rate", "change", "indicator")), incomplete
    )


def task_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """What `done` takes: tasks only."""
    return _matching(_targets(ctx, ("task",)), incomplete)


def problem_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    pairs = [
        (p["id"], str(p.get("title") or ""))
        for __, data in _documents(ctx)
        for p in _items(data, "problems")
        if isinstance(p.get("id"), str)
    ]
    return _matching(pairs, incomplete)


def owner_names(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Units and people named as owners anywhere in the plans, with the document's label."""
    pairs: list[tuple[str, str]] = []
    for __, data in _documents(ctx):
        holders = [data, *_items(data, "problems")]
        holders += [t for p in _items(data, "problems") for t in _items(p, "targets")]
        for holder in holders:
            for owner in _items(holder, "owners"):
                if isinstance(owner.get("name"), str) and owner["name"] != "X":
                    pairs.append((owner["name"], str(owner.get("title") or owner.get("role") or "")))
    return _matching(pairs, incomplete)


def states(incomplete: str) -> list[tuple[str, str]]:
    from zibo_rectify.choices import complete_state

    return complete_state(incomplete)


def formats(incomplete: str) -> list[tuple[str, str]]:
    from zibo_rectify.i18n import _

    choices = [
        ("text", _("for people")),
        ("json", _("for machines")),
        ("github", _("GitHub Actions annotations")),
    ]
    return [c for c in choices if c[0].startswith(incomplete)]


def kinds(incomplete: str) -> list[tuple[str, str]]:
    from zibo_rectify.i18n import KIND_LABEL, kind_label

    return [(k, kind_label(k)) for k in KIND_LABEL if k.startswith(incomplete)]
