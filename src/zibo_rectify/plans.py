"""Find the plans folder and the plan files in it (`model.load_plan` reads one)."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import NamedTuple

from zibo_rectify.errors import Diagnostic, ExitCode, RectifyError, usage_error
from zibo_rectify.i18n import _

PLAN_MAX_BYTES = 4 * 1024 * 1024
PLAN_MAX_NODES = 200_000
LOG_SUFFIX = ".progress.yaml"


class PlanFile(NamedTuple):
    """A plan file and the progress log beside it."""

    path: Path

    @property
    def plan_id(self) -> str:
        return self.path.name.removesuffix(".yaml")

    @property
    def log_path(self) -> Path:
        return self.path.with_name(self.plan_id + LOG_SUFFIX)


def find_plans_dir(option: Path | None, cwd: Path | None = None) -> Path:
    """`--plans`, else RECTIFY_PLANS, else the nearest `plans/` from the current folder up.

    Wherever it was found, the plans folder must stay inside its repository once links are
    followed: a committed link `plans -> /elsewhere` (or `-> ..`) is refused by every command,
    reading or writing, as `check` refuses to read through it.  Outside a git repository a
    folder is its own root, so a link there is the user's own choice.
    """
    chosen = given_plans_dir(option)
    if chosen is not None:
        if not chosen.is_dir():
            raise usage_error(
                "no-plans-folder",
                _("the plans folder {folder} does not exist").format(folder=chosen),
                _("give an existing folder with --plans DIR or RECTIFY_PLANS"),
            )
        return inside_repository(chosen, repository_of(chosen))
    here = current_folder(cwd)
    for folder in (here, *here.parents):
        if (folder / "plans").is_dir():
            return inside_repository(folder / "plans", folder)
    raise usage_error(
        "no-plans-folder",
        _("no plans/ folder in {folder} or any folder above it").format(folder=here),
        _("run rectify inside a plans repository, or give one with --plans DIR or RECTIFY_PLANS"),
    )


def inside_repository(folder: Path, root: Path) -> Path:
    """`folder`, once it is sure not to lead outside `root` through a link; else a usage error."""
    leaves = outside(folder, root)
    if leaves:
        raise RectifyError(leaves, exit_code=ExitCode.USAGE)
    return folder


def given_plans_dir(option: Path | None) -> Path | None:
    """The plans folder named with --plans or RECTIFY_PLANS, if one is."""
    return option or (Path(os.environ["RECTIFY_PLANS"]) if os.environ.get("RECTIFY_PLANS") else None)


def current_folder(cwd: Path | None = None) -> Path:
    """The current folder, resolved; a usage error when it was deleted under the shell."""
    try:
        return (cwd or Path.cwd()).resolve()
    except OSError:
        raise usage_error(
            "no-current-folder",
            _("the current folder no longer exists (it was deleted or moved)"),
            _("cd to your plans repository again, or give the folder with --plans DIR"),
        ) from None


def repository_of(path: Path) -> Path:
    """The nearest folder at or above `path` as written (links not followed) holding .git, else its folder."""
    start = Path(os.path.abspath(path))
    for folder in (start, *start.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return start if start.is_dir() else start.parent


def outside(path: Path, root: Path) -> Diagnostic | None:
    """Why `path` reaches outside `root` once every link in it is followed, or None when it stays in."""
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath([real, real_root]) == real_root:
        return None
    return Diagnostic(
        "outside-repository",
        _("{path} leads outside {root} through a symbolic link (to {target})").format(
            path=path, root=root, target=real
        ),
        str(path),
        fix=_("rectify reads and writes only inside the repository: replace the link with the folder itself"),
    )


def plan_files(folder: Path) -> list[PlanFile]:
    """The plan files of a folder, sorted by id: `*.yaml` but not logs, dotfiles or folders."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if not name.endswith(".yaml") or name.endswith(LOG_SUFFIX) or name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                continue  # a folder named other.yaml is not a plan
        except OSError:
            pass
        found.append(PlanFile(folder / name))
    return sorted(found, key=lambda f: f.plan_id)


def choose_plan(folder: Path, plan_id: str | None) -> list[PlanFile]:
    """The plan named on the command line, or every plan in the folder.

    A plan id becomes a file name, so it must be a slug: `../x` or `/etc/x`
    is refused before any path is built from it.
    """

    from zibo_rectify.model.plan import SLUG_PATTERN

    if plan_id is not None and not re.fullmatch(SLUG_PATTERN, plan_id):
        raise usage_error(
            "bad-plan-id",
            _("{plan!r} is not a plan id").format(plan=plan_id),
            _(
                "a plan id is lowercase letters, digits and single hyphens, like zibo-minzheng-2022"
                " (to check a file by its path: rectify check PATH)"
            ),
        )
    files = plan_files(folder)
    if plan_id is None:
        if not files:
            raise usage_error(
                "no-plans",
                _("{folder} holds no plan files").format(folder=folder),
                _("create one with rectify init PLAN-ID"),
            )
        return files
    for plan_file in files:
        if plan_file.plan_id == plan_id:
            return [plan_file]
    ids = [f.plan_id for f in files]
    close = difflib.get_close_matches(plan_id, ids, n=1)
    fix = (
        _("did you mean {name}?").format(name=close[0])
        if close
        else _("plans here: {ids}").format(ids=", ".join(ids) or _("none"))
    )
    raise usage_error(
        "unknown-plan", _("there is no plan {plan!r} in {folder}").format(plan=plan_id, folder=folder), fix
    )
