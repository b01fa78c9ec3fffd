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


def target_ids(ctx: Any, incomplete: str) -> list[str]:
    """Target ids and aliases of every plan, and `plan-id/target` forms."""
    from zibo_rectify.plans import plan_files, read_plan_document

    folder = _folder(ctx)
    if folder is None:
        return []
    names: list[str] = []
    for plan_file in plan_files(folder):
        try:
            data = read_plan_document(plan_file.path).data
        except Exception:
            continue
        for problem in data.get("problems") or [] if isinstance(data, dict) else []:
            for target in (problem.get("targets") or []) if isinstance(problem, dict) else []:
                if isinstance(target, dict) and isinstance(target.get("id"), str):
                    names.append(target["id"])
                    names.append(f"{plan_file.plan_id}/{target['id']}")
                    names.extend(a for a in target.get("aliases") or [] if isinstance(a, str))
    return sorted({n for n in names if n.startswith(incomplete)})
