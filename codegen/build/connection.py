"""Where requests go and how they are authenticated: servers and security schemes,
which become the arguments of the generated ``Client``."""

from __future__ import annotations

import dataclasses
import keyword
import re
from typing import Any, Literal

from .. import ir, naming
from ..problems import pointer
from .context import Context, listing, mapping

_VARIABLE = re.compile(r"\{([^{}]+)\}")


class Connection:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.unsupported: dict[str, str] = {}  # scheme name -> why the client cannot use it
        # Server variables and credentials become Client arguments: one namespace.
        self.arguments = naming.Names("Client argument", naming.RESERVED_CLIENT_ARGUMENTS)
        self.server_path = ""  # the path of a relative server URL ("/api/v1")

    def servers(self) -> tuple[ir.Server, ...]:
        """The first server, if it names a host. A relative URL names none: the user
        gives ``base_url``, and its path is kept in ``server_path``."""
        servers = self.ctx.doc.data.get("servers")
        if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
            return ()
        server, where = servers[0], pointer("servers", 0)
        url = server.get("url")
        if not isinstance(url, str) or not url:
            self.ctx.problem(where, "a server needs a url")
            return ()
        declared = mapping(server.get("variables"))
        used = _VARIABLE.findall(url)
        variables: dict[str, ir.ServerVariable] = {}
        for name in sorted(declared):
            variable = self._variable(name, declared[name], self.ctx.at(where, "variables", name))
            if variable is not None:
                variables[name] = variable
        for name in used:
            if name not in declared:
                self.ctx.problem(
                    self.ctx.at(where, "url"), f"the URL uses {{{name}}} but the server defines no such variable"
                )
        whole = _VARIABLE.fullmatch(url)
        if whole is not None:
            variable = variables.get(whole.group(1))
            if variable is None:
                return ()
            return (ir.Server(url, server.get("description"), (), url_variable=variable),)
        if "://" not in url:
            if url.startswith("/") and not used:
                self.server_path = url.rstrip("/")
            elif used:
                self.ctx.problem(self.ctx.at(where, "url"), "a relative server URL with variables is not supported")
            return ()
        authority_end = url.find("/", url.index("://") + 3)
        in_path = {name for name in used if authority_end != -1 and url.find("{" + name + "}") > authority_end}
        kept = tuple(dataclasses.replace(v, in_path=name in in_path) for name, v in variables.items() if name in used)
        for v in kept:
            self.ctx.claim(
                self.arguments, v.py_name, f"server variable {v.name!r}", self.ctx.at(where, "variables", v.name)
            )
        return (ir.Server(url, server.get("description"), kept),)

    def _variable(self, name: str, spec: Any, where: str) -> ir.ServerVariable | None:
        if not isinstance(spec, dict):
            return None
        default = spec.get("default")
        if not isinstance(default, str):
            self.ctx.problem(where, "a server variable needs a default")
            return None
        enum = listing(spec.get("enum"))
        if enum and default not in enum:
            self.ctx.problem(self.ctx.at(where, "default"), f"the default {default!r} is not one of enum")
        if not name.isidentifier():
            self.ctx.problem(where, f"server variable name {name!r} is not an identifier")
            return None
        return ir.ServerVariable(
            name=name,
            py_name=naming.attribute(name, naming.RESERVED_CLIENT_ARGUMENTS),
            default=default,
            enum=tuple(str(v) for v in enum),
            description=spec.get("description"),
            env=spec.get("x-env"),
        )

    def security_schemes(self) -> tuple[ir.SecurityScheme, ...]:
        out: list[ir.SecurityScheme] = []
        schemes = self.ctx.components("securitySchemes")
        for name in sorted(schemes):
            scheme, where = self.ctx.deref(schemes[name], pointer("components", "securitySchemes", name))
            if isinstance(scheme, dict):
                built = self._scheme(name, scheme, where)
                if built is not None:
                    out.append(built)
        return tuple(out)

    def _scheme(self, name: str, spec: dict[str, Any], where: str) -> ir.SecurityScheme | None:
        kind = spec.get("type")
        http_scheme: str | None = None
        location: Literal["header", "query", "cookie"]
        if kind == "apiKey":
            where_in, key = spec.get("in"), spec.get("name")
            if where_in == "header" or where_in == "query" or where_in == "cookie":
                location = where_in
            else:
                self.ctx.problem(
                    self.ctx.at(where, "in"), f"an apiKey goes in a header, query or cookie, not {where_in!r}"
                )
                return None
            if not isinstance(key, str) or not key:
                self.ctx.problem(
                    self.ctx.at(where, "name"), "an apiKey scheme needs the name of its header or parameter"
                )
                return None
        elif kind == "http":
            http_scheme = str(spec.get("scheme") or "").lower()
            if http_scheme not in ("bearer", "basic"):
                self.unsupported[name] = (
                    f"{name!r}: HTTP authentication {http_scheme!r} is not supported (bearer, basic)"
                )
                return None
            location, key = "header", "Authorization"
        else:
            self.unsupported[name] = f"{name!r}: security scheme type {kind!r} is not supported (apiKey, http)"
            return None
        given = spec.get("x-client-param")
        own_name = naming.attribute(name, naming.RESERVED_CLIENT_ARGUMENTS)
        py_name = given if isinstance(given, str) else (http_scheme or own_name)
        if not isinstance(given, str) and http_scheme and py_name in self.arguments.owners:
            py_name = own_name  # a second bearer (or basic) scheme: named after itself
        if not py_name.isidentifier() or keyword.iskeyword(py_name) or py_name.startswith("_"):
            self.ctx.problem(self.ctx.at(where, "x-client-param"), f"{py_name!r} is not a usable argument name")
            return None
        if not self.ctx.claim(self.arguments, py_name, f"security scheme {name!r}", where):
            return None
        default = spec.get("x-default")
        return ir.SecurityScheme(
            name=name,
            kind=kind,
            location=location,
            key=key,
            scheme=http_scheme,
            py_name=py_name,
            env=spec.get("x-env"),
            description=spec.get("description"),
            default=default if isinstance(default, str) else None,
        )
