"""Rendering the repeatable SQL templates under sql/.

Each file under the repeatable folders is a jinja2 template rendering to
idempotent SQL (CREATE OR REPLACE ...). Macros in sql/macros/*.sql are global
to every template (the same way sqlfluff's jinja templater loads them), so a
template calls `{{ updated_at_trigger('clinic.patient') }}` without an import.

Order: folders in REPEATABLE_DIRS order, then file name, adjusted by
`-- requires: <path relative to sql/>` lines so a file comes after what it uses.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from dbtool.errors import DbtoolError

REPEATABLE_DIRS = ("functions", "procedures", "triggers", "views", "warehouse")
MACRO_DIR = "macros"

_REQUIRES = re.compile(r"^\s*--\s*requires:\s*(.+?)\s*$", re.MULTILINE | re.IGNORECASE)
_IDENT = r"[a-z_][a-z0-9_$]*"
_QUALIFIED = rf"({_IDENT})\.({_IDENT})"
_ROUTINE = re.compile(rf"\bcreate\s+(?:or\s+replace\s+)?(function|procedure)\s+{_QUALIFIED}\s*\(", re.IGNORECASE)
_VIEW = re.compile(rf"\bcreate\s+(?:or\s+replace\s+)?(materialized\s+view|view)\s+(?:if\s+not\s+exists\s+)?{_QUALIFIED}\b", re.IGNORECASE)
_TRIGGER = re.compile(
    rf"\bcreate\s+(?:or\s+replace\s+)?(?:constraint\s+)?trigger\s+({_IDENT})\b.*?\bon\s+{_QUALIFIED}", re.IGNORECASE | re.DOTALL
)
_UNQUALIFIED = re.compile(
    rf"\bcreate\s+(?:or\s+replace\s+)?(function|procedure|view|materialized\s+view)\s+(?:if\s+not\s+exists\s+)?({_IDENT})\s*[\s(]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DbObject:
    """A database object a template creates: kind, schema, name (and table for triggers)."""

    kind: str  # function | procedure | view | materialized view | trigger
    schema: str
    name: str
    table: str | None = None

    def label(self) -> str:
        base = f"{self.schema}.{self.name}"
        return f"{self.kind} {self.name} on {self.schema}.{self.table}" if self.kind == "trigger" else f"{self.kind} {base}"

    def as_json(self) -> dict:
        return {"kind": self.kind, "schema": self.schema, "name": self.name, "table": self.table}

    @classmethod
    def from_json(cls, data: dict) -> "DbObject":
        return cls(data["kind"], data["schema"], data["name"], data.get("table"))


@dataclass
class Rendered:
    path: str  # relative to sql/, e.g. "functions/clinic.outstanding_balance.sql"
    sql: str
    requires: list[str] = field(default_factory=list)

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()

    @property
    def objects(self) -> list[DbObject]:
        return objects_in(self.sql)


def _strip_comments(sql: str) -> str:
    sql = re.sub(r"/\*.*?\*/", " ", sql, flags=re.DOTALL)
    return re.sub(r"--[^\n]*", " ", sql)


def _outside_bodies(sql: str) -> str:
    """The statement text with dollar-quoted bodies blanked, so a CREATE inside
    a function body (dynamic SQL) is not taken for an object of the file."""
    out, pos = [], 0
    for match in re.finditer(r"\$([a-zA-Z_]*)\$", sql):
        if match.start() < pos:
            continue
        tag = match.group(0)
        end = sql.find(tag, match.end())
        if end < 0:
            break
        out.append(sql[pos:match.start()])
        out.append(" $body$ ")
        pos = end + len(tag)
    out.append(sql[pos:])
    return "".join(out)


def objects_in(sql: str) -> list[DbObject]:
    text = _outside_bodies(_strip_comments(sql)).lower()
    found: list[DbObject] = []
    for kind, schema, name in _ROUTINE.findall(text):
        found.append(DbObject(kind, schema, name))
    for kind, schema, name in _VIEW.findall(text):
        found.append(DbObject(re.sub(r"\s+", " ", kind), schema, name))
    for name, schema, table in _TRIGGER.findall(text):
        found.append(DbObject("trigger", schema, name, table))
    unique: list[DbObject] = []
    for obj in found:
        if obj not in unique:
            unique.append(obj)
    return unique


def unqualified_objects(sql: str) -> list[str]:
    text = _outside_bodies(_strip_comments(sql)).lower()
    return [name for _, name in _UNQUALIFIED.findall(text)]


class Renderer:
    def __init__(self, sql_dir: Path) -> None:
        self.sql_dir = sql_dir
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(sql_dir)),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            autoescape=False,
        )
        self._load_macros()

    def _load_macros(self) -> None:
        macro_dir = self.sql_dir / MACRO_DIR
        if not macro_dir.is_dir():
            return
        for path in sorted(macro_dir.glob("*.sql")):
            name = f"{MACRO_DIR}/{path.name}"
            try:
                module = self.env.get_template(name).module
            except jinja2.TemplateError as exc:
                raise DbtoolError(f"template error in sql/{name}: {_describe_template_error(exc)}") from exc
            for attr in dir(module):
                if not attr.startswith("_"):
                    self.env.globals[attr] = getattr(module, attr)

    def template_paths(self) -> list[str]:
        paths: list[str] = []
        for folder in REPEATABLE_DIRS:
            base = self.sql_dir / folder
            if base.is_dir():
                paths.extend(sorted(p.relative_to(self.sql_dir).as_posix() for p in base.rglob("*.sql")))
        return paths

    def render_one(self, path: str) -> Rendered:
        try:
            text = self.env.get_template(path).render()
        except jinja2.TemplateSyntaxError as exc:
            raise DbtoolError(f"template error in sql/{exc.name or path}, line {exc.lineno}: {exc.message}") from exc
        except jinja2.TemplateError as exc:
            raise DbtoolError(f"template error in sql/{path}: {_describe_template_error(exc)}") from exc
        requires = [r.strip() for line in _REQUIRES.findall(text) for r in line.split(",") if r.strip()]
        return Rendered(path=path, sql=text, requires=requires)

    def render_all(self) -> list[Rendered]:
        """Every repeatable template, rendered, in dependency order."""
        rendered = {path: self.render_one(path) for path in self.template_paths()}
        for item in rendered.values():
            for required in item.requires:
                if required not in rendered:
                    raise DbtoolError(f"sql/{item.path} requires {required}, which is not a template under sql/")
            bad = unqualified_objects(item.sql)
            if bad:
                raise DbtoolError(f"sql/{item.path}: object {bad[0]} must be schema-qualified (schema.name)")
        return _ordered(rendered)


def _describe_template_error(exc: Exception) -> str:
    lineno = getattr(exc, "lineno", None)
    message = getattr(exc, "message", None) or str(exc)
    return f"line {lineno}: {message}" if lineno else message


def _ordered(rendered: dict[str, Rendered]) -> list[Rendered]:
    """Stable topological order: natural order unless a `requires` says otherwise."""
    natural = list(rendered)
    done: list[str] = []
    visiting: set[str] = set()

    def visit(path: str, chain: tuple[str, ...]) -> None:
        if path in done:
            return
        if path in visiting:
            cycle = " -> ".join((*chain, path))
            raise DbtoolError(f"circular requires between templates: {cycle}")
        visiting.add(path)
        for required in rendered[path].requires:
            visit(required, (*chain, path))
        visiting.discard(path)
        done.append(path)

    for path in natural:
        visit(path, ())
    return [rendered[path] for path in done]
