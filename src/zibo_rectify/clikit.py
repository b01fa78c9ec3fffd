"""Typer's classes as rectify uses them: Typer's and Click's own words in the interface language,
the global options after a command as well as before it, and commands grouped in the help.

What is reached: the usage line ("Usage:", "[OPTIONS]", "COMMAND [ARGS]..."), the help option's
text, the completion options' texts, Typer's help panels and error panel ("Arguments", "Error",
"Try … for help."), and every usage error Click or Typer raises while parsing (no such option,
missing argument, extra arguments, an option without its value, no such command), translated from
the English text by the patterns below.  What is not: text Click writes outside parsing and help
("Aborted!" after Ctrl-C in a prompt is Typer's own and printed as is).
"""

# No `from __future__ import annotations`: Typer reads these classes' signatures at start-up.

import copy
import re
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any, TypeVar

import typer
from typer import core, main
from typer._click.exceptions import UsageError

from zibo_rectify.i18n import N_, _, language


class Settings:
    """What the global options set, wherever on the line they were given."""

    plans_dir: Any = None
    pager: bool = True
    lang: str | None = None
    done: str | None = None  # what a command changed, said again if its output cannot be written


settings = Settings()
F = TypeVar("F", bound=Callable[..., Any])

GLOBAL_OPTIONS = ("plans", "lang", "no_pager")

# The help's command groups: what each command is for.
RECORD, LOOK, CHECK, SET_UP = N_("Record progress"), N_("Look"), N_("Check"), N_("Set up")
PANELS = {
    "update": RECORD,
    "done": RECORD,
    "note": RECORD,
    "form": RECORD,
    "collect": RECORD,
    "status": LOOK,
    "targets": LOOK,
    "log": LOOK,
    "show": LOOK,
    "report": LOOK,
    "check": CHECK,
    "schema": SET_UP,
    "init": SET_UP,
}

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


class _CoercedWhenGiven:
    """Typer's coercion of one parameter, built when a value is given (Typer 0.29 builds a
    Pydantic TypeAdapter for every parameter of the command at every start, given or not:
    milliseconds each, for options left at their default)."""

    def __init__(self, param: Any) -> None:
        self.param = param
        self.built: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        several = param.multiple or param.nargs == -1
        if value is None:  # what Typer's own coercion returns for a value not given
            return () if several else None
        descriptor = self.param.type_descriptor
        if descriptor.annotation is str and descriptor.parameter_info.parser is None:
            if isinstance(value, str) and not several:
                return value  # what Typer's str coercion makes of a str
        if self.built is None:
            from typer._coercion import build_runtime_param

            self.built = build_runtime_param(descriptor)
        return self.built.coerce(value, param=param, ctx=ctx)


def coerce_when_given(params: list[Any]) -> None:
    """Each parameter's coercion built only when the parameter is given; a Typer without that
    machinery (an older one, or one that renames it) is left as it is."""
    if not hasattr(core, "build_runtime_param"):
        return
    for param in params:
        if getattr(param, "_runtime_param", False) is None:
            param._runtime_param = _CoercedWhenGiven(param)


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
        params = params[: len(params) - len(help_option)] + self._globals + help_option
        coerce_when_given(params)
        return params


class RectifyGroup(_Words, core.TyperGroup):
    """The `rectify` group: its options and commands in the interface language."""

    app: "RectifyApp"  # set on the class RectifyApp makes for its group

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = _("[OPTIONS]")
        kwargs["subcommand_metavar"] = _("COMMAND [ARGS]...")
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(self.app)

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            text = getattr(param, "help", None)
            if text in CLICK_HELP:
                param.help = _(CLICK_HELP[text])  # type: ignore[attr-defined]
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        coerce_when_given(params)
        return params

    def list_commands(self, ctx: Any) -> list[str]:
        """The commands in the order of their groups in the help: record, look, check, set up."""
        order = list(dict.fromkeys(PANELS.values()))
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: order.index(PANELS[n]) if n in PANELS else len(order))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as err:
            raise _translated(err) from None


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands by name, each made into a Click command when it is first looked up.

    Typer makes every command of an app at every start, reading each function's signature:
    for twenty commands that is most of what a start costs beyond Typer's own.  Running one
    command needs only that one; help and completion, which list them all, make them all.
    """

    def __init__(self, app: "RectifyApp") -> None:
        self.app = app
        self.infos = dict(app.infos)
        self.made: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.made:
            self.made[name] = main.get_command_from_info(
                self.infos[name],
                pretty_exceptions_short=self.app.pretty_exceptions_short,
                rich_markup_mode=self.app.rich_markup_mode,
            )
        return self.made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.infos.setdefault(name, None)
        self.made[name] = command

    def __delitem__(self, name: str) -> None:
        del self.infos[name]
        self.made.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.infos)

    def __len__(self) -> int:
        return len(self.infos)


class RectifyApp(typer.Typer):
    """A Typer app whose commands are `RectifyCommand`s, each in its panel of the help, made lazily."""

    def __init__(self, **kwargs: Any) -> None:
        self.infos: dict[str, Any] = {}  # Typer's CommandInfo of each command, by name
        kwargs["cls"] = type(RectifyGroup.__name__, (RectifyGroup,), {"app": self})
        super().__init__(**kwargs)

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
        kwargs.setdefault("cls", RectifyCommand)

        def register(function: F) -> F:
            called = name or main.get_command_name(function.__name__)
            panel = PANELS.get(called)
            if panel is not None:
                kwargs.setdefault("rich_help_panel", _(panel))
            super(RectifyApp, self).command(name, **kwargs)(function)
            # Kept out of Typer's list, which it would make into commands all at once.
            self.infos[called] = self.registered_commands.pop()
            return function

        return register
