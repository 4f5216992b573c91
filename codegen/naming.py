"""Every name the generator emits is made here.

- classes: PascalCase from component names (``LLMObsProjectResponse`` stays as is);
- attributes, functions, parameters, modules: snake_case, with acronyms kept
  together (``JSONAPIErrorItem`` → ``jsonapi_error_item``,
  ``ListLLMObsProjects`` → ``list_llm_obs_projects``, ``filter[id]`` → ``filter_id``);
- accented letters as their ASCII letters (``Überweisung`` → ``Uberweisung``,
  ``größe`` → ``grosse``); JSON names on the wire stay as the spec writes them;
- a trailing ``_`` for Python keywords and builtin types (``type`` → ``type_``,
  ``class`` → ``class_``; builtin functions such as ``id`` stay), and for classes
  named as any builtin (``KeyError`` → ``KeyError_``);
- inline schemas are named after where they appear (``Parent`` + ``Property``);
- names the generated runtime defines are reserved; a very long module name is cut
  and ends with a hash of the whole.

Collisions are not resolved silently: ``Names.claim`` reports them.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import unicodedata

# Builtins that are types: used in annotations, so a field must not shadow them.
BUILTIN_TYPES = frozenset(
    name for name in dir(builtins) if isinstance(getattr(builtins, name), type) and not name.startswith("_")
)

# Names the generated package's runtime defines; no model may take them.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Any",
        "ApiError",
        "AuthenticationError",
        "BadRequestError",
        "Client",
        "ConflictError",
        "ConnectionError",
        "DecodeError",
        "Decoder",
        "EncodeError",
        "Final",
        "ForbiddenError",
        "Iterator",
        "JsonValue",
        "NotFoundError",
        "Paginator",
        "RateLimitError",
        "Response",
        "ServerError",
        "Timeout",
        "TimeoutError",
        "TransportError",
        "TypeAlias",
        "UNSET",
        "UnauthorizedError",
        "Union",
        "UnknownVariant",
        "Unset",
    }
)

# Attribute names every model class already uses.
RESERVED_FIELD_NAMES = frozenset({"additional_properties", "from_dict", "to_dict", "from_json", "to_json"})

# Keyword arguments every endpoint function already takes.
RESERVED_PARAMETER_NAMES = frozenset({"client", "body", "timeout"})

# Module-level names of the ``api`` package and its modules that a snake_case
# function name could take (``from __future__ import annotations`` binds one), and
# the arguments every endpoint function takes: an iterator calls its operation by
# name where an argument of the same name would hide it.
RESERVED_FUNCTION_NAMES = frozenset({"annotations", "importlib"}) | RESERVED_PARAMETER_NAMES

# Arguments ``Client`` takes whatever the spec says, and the local and module
# names its constructor uses; server variables and credentials get arguments of
# their own beside these.
RESERVED_CLIENT_ARGUMENTS = frozenset(
    {
        # the client module's own names (tests/test_codegen_naming.py keeps this whole)
        "Any",
        "Callable",
        "Client",
        "IDEMPOTENT",
        "Mapping",
        "SERVER_URL",
        "Secret",
        "TYPE_CHECKING",
        "Timeout",
        "Transport",
        "UNSET",
        "annotations",
        "backoff",
        "base64",
        "check_count",
        "check_header",
        "check_header_name",
        "check_text",
        "check_timeout",
        "check_wait",
        "file_path",
        "hide_in_urllib3_logs",
        "put_header",
        "query_string",
        "redact_url",
        "redact_userinfo",
        "retryable_status",
        "server_wait",
        "math",
        "threading",
        "urlsplit",
        # the constructor's locals and arguments
        "agent",
        "base_headers",
        "credentials",
        "error",
        "errors",
        "logging",
        "name",
        "os",
        "from_env",
        "given",
        "passed",
        "platform",
        "proxy_url",
        "scheme",
        "secret",
        "setting",
        "time",
        "url",
        "value",
        "warnings",
        "self",
        "base_url",
        "connect_timeout",
        "read_timeout",
        "retries",
        "retry_non_idempotent",
        "max_retry_wait",
        "max_total_wait",
        "backoff_base",
        "sleep",
        "verify",
        "ca_certs",
        "client_cert",
        "client_key",
        "proxy",
        "trust_env",
        "pool_maxsize",
        "headers",
        "user_agent",
        "gzip_requests_over",
    }
)

_ACRONYM_END = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")
# Latin letters that Unicode does not decompose into an ASCII letter and a mark.
_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)


def ascii_letters(text: str) -> str:
    """``text`` with its accented Latin letters as ASCII letters (``Ü`` → ``U``,
    ``é`` → ``e``, ``ß`` → ``ss``); other characters outside ASCII are left as they are."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Split an identifier-ish string into lowercase words (accented letters as ASCII)."""
    text = ascii_letters(text)
    text = _ACRONYM_END.sub(r"\1_\2", text)
    text = _LOWER_UPPER.sub(r"\1_\2", text)
    return [w.lower() for w in _NON_WORD.split(text) if w]


def snake(text: str) -> str:
    """snake_case, not yet made safe as an identifier (see ``identifier``)."""
    return "_".join(words(text))


def pascal(text: str, fallback: str = "") -> str:
    """PascalCase, accented letters as ASCII. A name that is already PascalCase keeps
    its acronyms; a name with no ASCII letter or digit gives ``fallback``."""
    text = ascii_letters(text)
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", text):
        return text
    parts = [p for p in _NON_WORD.split(text) if p]
    return "".join(p[0].upper() + p[1:] for p in parts) or fallback


# Lowercase names the generated modules use themselves: a model attribute or an
# argument of that name would shadow them (``self`` in attrs' ``__init__``, the
# ``attrs`` module in a class body, the ``datetime`` type in annotations).
SHADOWED = frozenset({"self", "cls", "attrs", "datetime", "enum"})


def identifier(name: str, fallback: str = "value", taken: frozenset[str] = frozenset()) -> str:
    """Make ``name`` (already snake_case) a safe Python identifier: a trailing ``_``
    after a keyword, a builtin type, a name the generated code shadows, or a name in
    ``taken`` (what the surrounding generated code already uses)."""
    name = name.strip("_") or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in BUILTIN_TYPES or name in SHADOWED or name in taken:
        name += "_"
    return name


def attribute(json_name: str, taken: frozenset[str] = frozenset()) -> str:
    """The attribute (or parameter) name for a JSON property or parameter name."""
    return identifier(snake(json_name), fallback="field", taken=taken)


def class_name(name: str) -> str:
    """The class name for a component or a derived inline-schema name (with ``_``
    after a keyword or a builtin's name: a class ``KeyError`` would hide the
    exception the generated modules catch)."""
    result = pascal(name)
    if not result or result[0].isdigit():
        result = "Model" + result
    if keyword.iskeyword(result) or result in _BUILTIN_NAMES:
        result += "_"
    return result


_BUILTIN_NAMES = frozenset(dir(builtins))


MODULE_NAME_MAX = 120


def module_name(class_or_op: str) -> str:
    """The module name for a class or a tag; a very long one is cut and ends with a
    hash of the whole, so that its file name fits every file system."""
    name = identifier(snake(class_or_op), fallback="module")
    if len(name) <= MODULE_NAME_MAX:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return f"{name[: MODULE_NAME_MAX - 11]}_{digest}"


def function_name(operation_id: str) -> str:
    """The endpoint function name: the snake_case of the operationId (with ``_`` after
    a name the generated modules already use, and after a builtin's name, which the
    other functions of its module, and code importing it, would find in its place)."""
    return identifier(snake(operation_id), fallback="operation", taken=RESERVED_FUNCTION_NAMES | _BUILTIN_NAMES)


def enum_member(value: object) -> str:
    """An enum member name derived from its value (``experiment_trace`` → ``EXPERIMENT_TRACE``)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return f"VALUE_{value}".replace("-", "MINUS_")
    text = str(value)
    # Accents dropped (é → E, ß → SS); a value of signs only is named after them
    # (">=" → GREATER_THAN_SIGN_EQUALS_SIGN) rather than every such value being EMPTY.
    name = "_".join(words(text)).upper()
    if not name and text:
        name = "_".join(words(" ".join(unicodedata.name(c, f"U{ord(c):04X}") for c in text))).upper()
    if not name:
        return "EMPTY"
    if name[0].isdigit():
        name = "VALUE_" + name
    if keyword.iskeyword(name):
        name += "_"
    return name


class Names:
    """A namespace in which each name may be claimed once.

    ``claim`` returns an error message (or ``None``) rather than raising, so
    that a build can collect every collision and report them together.
    """

    def __init__(self, what: str, reserved: frozenset[str] = frozenset()) -> None:
        self.what = what
        self.reserved = reserved
        self.owners: dict[str, str] = {}

    def claim(self, name: str, owner: str) -> str | None:
        if name in self.reserved:
            return f"{self.what} {name!r} (from {owner}) is reserved by the generated runtime"
        previous = self.owners.get(name)
        if previous is not None and previous != owner:
            return f"{self.what} {name!r} is produced by both {previous} and {owner}"
        self.owners[name] = owner
        return None
