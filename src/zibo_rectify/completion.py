"""Shell completion of plan ids, targets by kind and option values, read from the plans folder.

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


def _written_targets(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """(plan id, target mapping) for every target the plan files spell out, read without validation."""
    from zibo_rectify.model import read_plan_document
    from zibo_rectify.plans import plan_files

    found: list[tuple[str, dict[str, Any]]] = []
    for plan_file in plan_files(folder):
        try:
            data = read_plan_document(plan_file.path).data
        except Exception:
            continue
        if not isinstance(data, dict):
            continue
        groups = [data] + [p for p in data.get("problems") or [] if isinstance(p, dict)]
        for group in groups:
            for target in group.get("targets") or []:
                if isinstance(target, dict) and isinstance(target.get("id"), str):
                    found.append((plan_file.plan_id, target))
    return found


def _names(item: dict[str, Any]) -> list[str]:
    names = [item.get("id"), item.get("name"), *(item.get("aliases") or [])]
    return [n for n in names if isinstance(n, str)]


def _targets(ctx: Any, kinds: tuple[str, ...] | None) -> list[tuple[str, str]]:
    """(what to type, the target's name) for every target of the given kinds (all when None)."""
    folder = _folder(ctx)
    pairs: list[tuple[str, str]] = []
    for plan_id, target in _written_targets(folder) if folder is not None else []:
        if kinds is not None and target.get("kind") not in kinds:
            continue
        name: str = target["name"] if isinstance(target.get("name"), str) else ""
        pairs += [(word, name) for word in _names(target) if word != name]
        pairs.append((f"{plan_id}/{target['id']}", name))
        if name:
            pairs.append((name, target["id"]))
    return pairs


def _matching(pairs: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """The pairs whose value starts with what was typed, once each (the first description wins)."""
    seen = dict(pair for pair in reversed(pairs) if pair[0].startswith(incomplete))
    return sorted(seen.items())


def target_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Target ids, aliases and names of every plan, and `plan-id/target` forms, each described."""
    return _matching(_targets(ctx, None), incomplete)


FIGURES = ("count", "amount", "quantity", "rate", "change", "indicator")


def figure_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """What `update` takes: targets that have a figure, not tasks."""
    return _matching(_targets(ctx, FIGURES), incomplete)


def task_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """What `done` takes: tasks only."""
    return _matching(_targets(ctx, ("task",)), incomplete)


def _documents(ctx: Any) -> list[dict[str, Any]]:
    """Every plan file that parses, as parsed YAML."""
    from zibo_rectify.model import read_plan_document
    from zibo_rectify.plans import plan_files

    folder = _folder(ctx)
    found = []
    for plan_file in plan_files(folder) if folder is not None else []:
        try:
            data = read_plan_document(plan_file.path).data
        except Exception:
            continue
        if isinstance(data, dict):
            found.append(data)
    return found


def _items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = data.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def problem_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    pairs = [
        (p["id"], str(p.get("title") or ""))
        for data in _documents(ctx)
        for p in _items(data, "problems")
        if isinstance(p.get("id"), str)
    ]
    return _matching(pairs, incomplete)


def owner_names(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Units and people named as owners anywhere in the plans, with the document's label."""
    pairs: list[tuple[str, str]] = []
    for data in _documents(ctx):
        holders = [data, *_items(data, "problems"), *_items(data, "targets")]
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


def part_names(ctx: Any, incomplete: str) -> list[str]:
    """Part ids and names of the target typed before --part (张店区)."""
    folder = _folder(ctx)
    # While --part is the word being completed, Click leaves the arguments before it unparsed in ctx.args.
    typed = None
    if ctx is not None:
        typed = ctx.params.get("target") or ctx.params.get("task") or (ctx.args[0] if ctx.args else None)
    if folder is None or not typed:
        return []
    plan_id, __, name = str(typed).rpartition("/")
    names: list[str] = []
    for plan, target in _written_targets(folder):
        if (not plan_id or plan == plan_id) and name in _names(target):
            for part in target.get("parts") or []:
                if isinstance(part, dict):
                    names.extend(_names(part))
    return sorted({n for n in names if n.startswith(incomplete)})
