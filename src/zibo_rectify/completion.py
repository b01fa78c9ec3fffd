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


def _written_targets(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """(plan id, target mapping) for every target the plan files spell out, read without validation."""
    from zibo_rectify.plans import plan_files, read_plan_document

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


def target_ids(ctx: Any, incomplete: str) -> list[str]:
    """Target ids, aliases and names of every plan, and `plan-id/target` forms."""
    folder = _folder(ctx)
    if folder is None:
        return []
    names: list[str] = []
    for plan_id, target in _written_targets(folder):
        names.extend(_names(target))
        names.append(f"{plan_id}/{target['id']}")
    return sorted({n for n in names if n.startswith(incomplete)})


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
