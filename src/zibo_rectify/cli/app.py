"""The `rectify` Typer app: its global options, its command groups in the help, Click's words in the
interface language, and the one boundary that turns a RectifyError into its message and exit code.

Translated: the usage line ("Usage:", "[OPTIONS]", "COMMAND [ARGS]..."), the help option's text,
the completion options' texts, Typer's help panels and error panel ("Arguments", "Error",
"Try … for help."), and every usage error Click or Typer raises while parsing (no such option,
missing argument, extra arguments, an option without its value, no such command), translated from
the English text by the patterns below.  Not: text Click writes outside parsing and help
("Aborted!" after Ctrl-C in a prompt is Typer's own and printed as is).
"""

# No `from __future__ import annotations`: Typer reads these signatures when it builds the commands.

import copy
import functools
import re
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer import core

from zibo_rectify import __version__
from zibo_rectify.cli.options import choose_known_at
from zibo_rectify.errors import RectifyError
from zibo_rectify.i18n import N_, _, language
from zibo_rectify.keeping import kept_to_the_end

# Click's UsageError, the parent of every parsing error.  Typer bundles its own Click and exports
# only this child of it, so the class is reached through the child.
UsageError: type[Exception] = typer.BadParameter.__mro__[1]


class Settings:
    """What the global options set, wherever on the line they were given."""

    plans_dir: Path | None = None
    pager: bool = True
    lang: str | None = None
    done: str | None = None  # what a command changed, said again if its output cannot be written


settings = Settings()
F = TypeVar("F", bound=Callable[..., Any])

GLOBAL_OPTIONS = ("plans", "lang", "no_pager")

# The help's command groups, in the order the help lists them: what each command is for.
RECORD = N_("Record progress")
WORKFLOW = N_("Sign off and review")
LOOK = N_("Look")
FOLLOW_UP = N_("Follow up")
REPORT = N_("Report")
CHECK = N_("Check")
SET_UP = N_("Set up")
PANELS = (RECORD, WORKFLOW, LOOK, FOLLOW_UP, REPORT, CHECK, SET_UP)

# Click's and Typer's English, as the patterns that find it and the Chinese templates it becomes.
CLICK_MESSAGES: tuple[tuple[str, str], ...] = (
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.*)\)",
        N_("there is no option {name}; options like it: {options}"),
    ),
    (r"No such option: (?P<name>.+)", N_("there is no option {name}")),
    (r"Missing argument (?P<name>.+)\.", N_("{name} is missing")),
    (r"Missing option (?P<name>.+)\.", N_("the option {name} is missing")),
    (
        r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)",
        N_("more arguments than the command takes: {args}"),
    ),
    (r"Option (?P<name>'.+') requires an argument\.", N_("the option {name} needs a value after it")),
    (
        r"Option (?P<name>'.+') requires (?P<count>\d+) arguments\.",
        N_("the option {name} needs {count} values after it"),
    ),
    (r"Option (?P<name>'.+') does not take a value\.", N_("the option {name} takes no value")),
    (
        r"No such command (?P<name>'.+')\. Did you mean (?P<options>.+)\?",
        N_("there is no command {name}; did you mean {options}?"),
    ),
    (r"No such command (?P<name>'.+')\.", N_("there is no command {name}")),
    (r"Missing command\.", N_("name a command")),
    (r"Invalid value for (?P<name>.+?): (?P<message>.*)", N_("{name}: {message}")),
    (r"Invalid value: (?P<message>.*)", N_("{message}")),
)
CLICK_HELP = {
    "Show this message and exit.": N_("Show this message and exit."),
    "Install completion for the current shell.": N_("Install completion for the current shell."),
    "Show completion for the current shell, to copy it or customize the installation.": N_(
        "Show completion for the current shell, to copy it or customize the installation."
    ),
}


def click_message(text: str) -> str:
    """A usage error's English text from Click or Typer in the interface language."""
    for pattern, template in CLICK_MESSAGES:
        found = re.fullmatch(pattern, text, re.DOTALL)
        if found:
            return _(template).format(**found.groupdict())
    return text


def _translated(err: Any) -> Any:
    """The same usage error in the interface language; Typer's error panel made to match."""
    if language() == "en" or type(err).__name__ == "NoArgsIsHelpError":
        return err
    from typer import rich_utils

    rich_utils.ERRORS_PANEL_TITLE = _("Error")
    rich_utils.RICH_HELP = _("Try [blue]'{command_path} {help_option}'[/] for help.")
    return UsageError(click_message(err.format_message()), err.ctx)


def _store(ctx: Any, param: Any, value: Any) -> Any:
    """A global option given after the command: it takes effect as if given before it."""
    if param.name == "plans" and value is not None:
        settings.plans_dir = Path(value)
    elif param.name == "no_pager" and value:
        settings.pager = False
    elif param.name == "lang" and value is not None:
        check_language(value)
        settings.lang = value
    return value


def check_language(value: str) -> None:
    from zibo_rectify import i18n

    if value.lower()[:2] not in i18n.LANGUAGES:
        raise typer.BadParameter(_("use zh or en"), param_hint="--lang")


def _no_type(ctx: Any = None) -> None:
    """No Python type beside a parameter in the help: its metavar (日期, TARGET) says what it takes."""
    return None


class _Words:
    """What both of rectify's command classes do: Click's words translated, usage in them."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _(CLICK_HELP["Show this message and exit."])
            option.metavar = ""
        return option

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except UsageError as err:
            raise _translated(err) from None


class RectifyCommand(_Words, core.TyperCommand):
    """A command that also takes the global options (--plans, --lang, --no-pager) after its name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = _("[OPTIONS]")
        super().__init__(*args, **kwargs)
        for param in self.params:
            if getattr(param, "is_flag", False) or param.param_type_name == "argument":
                # A flag takes no value, an argument's name says what it is: no "<bool>", "<str>".
                param.display_type_rich = _no_type  # type: ignore[attr-defined]
        self._globals: list[Any] | None = None

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        if self._globals is None:
            root = ctx.find_root().command
            self._globals = []
            for param in root.params if root is not self else []:
                if param.name in GLOBAL_OPTIONS:
                    mine = copy.copy(param)
                    mine.expose_value, mine.callback = False, _store
                    mine.rich_help_panel = _("Global options")
                    self._globals.append(mine)
        help_option = params[-1:] if params and params[-1] is self.get_help_option(ctx) else []
        return params[: len(params) - len(help_option)] + self._globals + help_option


class Commands(MutableMapping[str, Any]):
    """The group's commands by name, each made into a Click command when first looked up.

    Typer makes a command by reading its function's signature and every option's type:
    about 12 ms of CPU a start for all 25 commands, when a run needs only its own.  So each
    command is kept as a Typer app of its own, made by Typer (`typer.main.get_command`)
    when it is looked up; help and completion look them all up.
    """

    def __init__(self, apps: Mapping[str, typer.Typer]) -> None:
        self._commands: dict[str, Any] = dict(apps)  # a Typer app until made, then its command

    def __getitem__(self, name: str) -> Any:
        command = self._commands[name]
        if isinstance(command, typer.Typer):
            command = self._commands[name] = typer.main.get_command(command)
        return command

    def __setitem__(self, name: str, command: Any) -> None:
        self._commands[name] = command

    def __delitem__(self, name: str) -> None:
        del self._commands[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._commands)

    def __len__(self) -> int:
        return len(self._commands)


class RectifyGroup(_Words, core.TyperGroup):
    """The `rectify` group: its options and commands in the interface language."""

    apps: Mapping[str, typer.Typer] = {}  # each command's own app, by name: set by RectifyApp

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = _("[OPTIONS]")
        kwargs["subcommand_metavar"] = _("COMMAND [ARGS]...")
        super().__init__(*args, **kwargs)
        self.commands = Commands(self.apps)

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            text = getattr(param, "help", None)
            if text in CLICK_HELP:
                param.help = _(CLICK_HELP[text])  # type: ignore[attr-defined]
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params

    def list_commands(self, ctx: Any) -> list[str]:
        """The commands in the order of their groups in the help: record, sign off, look …"""
        order = [_(panel) for panel in PANELS]
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: order.index(str(getattr(self.commands[n], "rich_help_panel", ""))))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as err:
            raise _translated(err) from None


class RectifyApp(typer.Typer):
    """A Typer app whose commands are `RectifyCommand`s, each in one of the help's groups, each
    behind the boundary that prints a RectifyError's diagnostics instead of a traceback."""

    def __init__(self, **kwargs: Any) -> None:
        self.apps: dict[str, typer.Typer] = {}
        # Typer makes the group from a class, with no way to hand it this app's commands: so the
        # class it gets is RectifyGroup with this app's table (tests make apps of their own).
        super().__init__(cls=type(RectifyGroup.__name__, (RectifyGroup,), {"apps": self.apps}), **kwargs)

    def command(  # type: ignore[override]
        self, name: str, *, panel: str, **kwargs: Any
    ) -> Callable[[F], F]:
        """Register the command `name` in `panel`, one of PANELS: every command has its group in
        the help.  It is an app of its own, which the group makes into a command when it is run."""
        if panel not in PANELS:
            raise ValueError(f"{panel!r} is not one of the help's groups {PANELS}")
        one = typer.Typer(
            add_completion=False,
            rich_markup_mode=self.rich_markup_mode,
            pretty_exceptions_short=self.pretty_exceptions_short,
        )
        register = one.command(name, cls=RectifyCommand, rich_help_panel=_(panel), **kwargs)

        def handled_command(function: F) -> F:
            register(_handled(function))
            self.apps[name] = one
            return function

        return handled_command


def _handled(command: F) -> F:
    """Print a RectifyError's diagnostics and exit with its code, never a traceback; the command
    runs as one (`keeping`: what it keeps is kept out of the garbage collector's walks)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            with kept_to_the_end():
                return command(*args, **kwargs)
        except (RectifyError, OSError) as err:
            from zibo_rectify.errors import refused_path
            from zibo_rectify.render.diagnostic import diagnostic_text
            from zibo_rectify.screen import console

            if isinstance(err, OSError):
                err = refused_path(err)  # a bug's OSError names no file: it is raised again
            err_console = console(stderr=True)
            for diagnostic in err.diagnostics:
                err_console.print(diagnostic_text(diagnostic))
            raise typer.Exit(int(err.exit_code)) from None

    return run  # type: ignore[return-value]


app = RectifyApp(
    name="rectify",
    help=_("Track a rectification plan (整改方案) kept as YAML: record progress, see status, check files."),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(show: bool) -> None:
    if show:
        typer.echo(f"rectify {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    plans: Annotated[
        str | None,
        typer.Option(
            "--plans",
            metavar=_("DIR"),
            help=_("The plans folder (default: RECTIFY_PLANS, else the nearest plans/)."),
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="zh|en",
            help=_("Interface language: zh or en (default: RECTIFY_LANG, else the locale)."),
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager", help=_("Print long output straight out (default: a pager on a terminal).")
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=_("Print the version."))
    ] = False,
) -> None:
    """Track a rectification plan (整改方案) kept as YAML."""
    # --lang took effect when the package was imported (help texts need it); here it is only checked.
    if lang is not None:
        check_language(lang)
    settings.plans_dir = None if plans is None else Path(plans)
    choose_known_at(None)  # a command without --known-at reads everything recorded
    settings.pager = not no_pager
    settings.lang = lang
