"""The language gilint speaks to its user: Chinese (zh) or English (en).

Chosen by ``--lang``, else ``GILINT_LANG``, else the locale (``LC_ALL`` / ``LC_MESSAGES`` /
``LANG``, the first one set, as the C library reads them): ``zh_*`` gives Chinese, anything else
English. The language server follows the client's ``locale`` instead (``set_language``).

Messages are looked up with the standard library's gettext in ``gilint/locale`` (catalogue
``gilint``; the source strings are English, ``zh_CN`` translates them). Findings' messages are
Chinese in both languages (they quote the template) and are not translated. The catalogue is
extracted and compiled with Babel (``bash scripts/i18n.sh``; docs/i18n.md).
"""
from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

LANGUAGES = ("zh", "en")
DOMAIN = "gilint"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_state: dict = {"lang": None, "translations": {}}


def language_of(tag: str | None) -> str | None:
    """``zh_CN.UTF-8`` / ``zh-cn`` / ``zh`` → "zh"; another non-empty tag → "en"; None for
    an empty one (look further)."""
    tag = (tag or "").strip()
    if not tag:
        return None
    return "zh" if tag.lower().replace("-", "_").split("_")[0].split(".")[0] == "zh" else "en"


def language_from_env(environ=None) -> str:
    env = os.environ if environ is None else environ
    for name in ("GILINT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        lang = language_of(env.get(name))
        if lang:
            return lang
    return "en"


def set_language(lang: str | None) -> str:
    """Speak ``lang`` ("zh"/"en", or a locale tag) from now on; None: from the environment."""
    _state["lang"] = language_of(lang) if lang else language_from_env()
    return _state["lang"]


def current() -> str:
    if _state["lang"] is None:
        set_language(None)
    return _state["lang"]


def translations(lang: str | None = None):
    lang = lang or current()
    t = _state["translations"].get(lang)
    if t is None:
        t = _state["translations"][lang] = (
            _gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"], fallback=True)
            if lang == "zh" else _gettext.NullTranslations())
    return t


def gettext(message: str) -> str:
    """``message`` in the current language."""
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations().ngettext(singular, plural, n)


def lgettext(lang: str, message: str) -> str:
    """``message`` in ``lang`` whatever the current language (the language server's client)."""
    return translations(lang).gettext(message)


_ = gettext


def log_message(record) -> str:
    """A ``logging.LogRecord``'s message in the current language: gilint's own log messages
    are ``N_()`` ids with %-style arguments (an untranslated one is said as it is)."""
    if isinstance(record.msg, str) and record.args:
        return gettext(record.msg) % record.args
    return record.getMessage()


def N_(message: str) -> str:
    """Marks a message for extraction that is translated later (``gettext(variable)``)."""
    return message


# Words translated where they are shown (severities, fix kinds) and argparse's own messages
# (argparse asks ``argparse._``, which gilint.cli points at ``gettext``).
WORDS = (N_("error"), N_("warning"), N_("info"), N_("safe"), N_("unsafe"), N_("none"),
         # what a configuration value must be (gilint.packs)
         N_("a boolean"), N_("an integer"), N_("a number"), N_("a string"), N_("an array"),
         N_("a table"), N_("a table of rule codes"), N_("true or false"))
ARGPARSE = (N_("usage: "), N_("positional arguments"), N_("options"),
            N_("show this help message and exit"), N_("show program's version number and exit"),
            N_("invalid choice: %(value)r (choose from %(choices)s)"),
            N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
            N_("expected one argument"), N_("argument %(argument_name)s: %(message)s"),
            N_("invalid %(type)s value: %(value)r"), N_("ambiguous option: %(option)s could match %(matches)s"))
