"""Which problem codes can a route answer with? Derived from the source, not from what the route declares.

:class:`CodeWalker` reads, with :mod:`ast` and :mod:`inspect`, the route's endpoint and every FastAPI dependency it
runs (``route.dependant``, recursively), and from there every function and method they call that resolves to our
own code:

- a name the module imports or defines (``ensure_region(...)``, ``service.create(...)``: ``module.func``);
- ``self.method(...)`` / ``cls.method(...)`` in a method of a class;
- ``x.method(...)`` where ``x`` is a parameter or a local annotated with one of our classes (``upstreams:
  Upstreams``, ``codec: TokenCodec = ...``), or a local built from one (``repo = Repository(session)``);
- as a fallback for a receiver it cannot type (``request.app.state.directory.project(...)``), every method of that
  name defined in the same package (``tuijin.meetings``), except the names of builtin containers' methods.

It collects every construction of a :class:`~tuijin.kernel.errors.ProblemError` subclass (``raise X(...)``,
``err = X(...); raise err``, a helper returning one), and ``raise X`` of a class: the class's ``code``, or a
literal ``code="..."`` passed to it. A helper that passes its own parameter as the code (``invalid_field(field,
message, code)``, ``ensure_visible(p, region, detail, code)``) is followed back to the literal at each call site.
A code it cannot know (relayed from another service: ``code=resp.code``) is not collected.

The body of a ``try`` one of whose handlers catches every problem (``except ProblemError``/``Exception``) and raises
nothing is left out; otherwise it over-approximates (a narrower ``except`` is not read), which errs on the side of
declaring.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import sys
import textwrap
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tuijin.kernel.errors import ProblemError

# methods of dicts, lists, sets and strings: a call of one of these on an untyped receiver is not ours
CONTAINER_METHODS = frozenset(
    name for kind in (dict, list, set, str, bytes, tuple, frozenset) for name in dir(kind) if not name.startswith("_")
) | {"execute", "scalar", "scalars", "flush", "commit", "rollback", "refresh", "delete", "merge", "close",
     "get_secret_value", "model_dump", "model_validate", "isoformat", "all", "first", "one", "one_or_none",
     "scalar_one", "scalar_one_or_none", "mappings", "unique", "where", "order_by", "limit", "json", "raise_for_status"}


@dataclass
class Found:
    """What one function can raise: ``codes`` (code → where it is raised) and ``code_params`` (its parameters
    whose value becomes a raised problem's code)."""

    codes: dict[str, str] = field(default_factory=dict)
    code_params: set[str] = field(default_factory=set)

    def add(self, code: str, where: str) -> None:
        self.codes.setdefault(code, where)


def _is_problem_class(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, ProblemError)


def _function_of(obj: Any) -> tuple[Callable[..., Any] | None, type | None]:
    """The plain function behind ``obj`` (a function, a bound method, a callable instance) and the class it is
    bound to, if any."""
    if isinstance(obj, types.MethodType):
        return obj.__func__, obj.__self__ if isinstance(obj.__self__, type) else type(obj.__self__)
    if isinstance(obj, staticmethod | classmethod):
        return obj.__func__, None
    if isinstance(obj, types.FunctionType):
        return inspect.unwrap(obj), None
    call = inspect.getattr_static(type(obj), "__call__", None)
    if not isinstance(obj, type) and isinstance(call, types.FunctionType):  # a callable instance
        return call, type(obj)
    return None, None


class CodeWalker:
    """Walks our sources from a route to the problem codes it can raise (see the module's docstring)."""

    def __init__(self, roots: tuple[str, ...] = ("tuijin.",)) -> None:
        self.roots = roots
        self._memo: dict[Any, Found] = {}
        self._methods: dict[str, dict[str, list[Callable[..., Any]]]] = {}

    # ------------------------------------------------------------ entry points

    def route_codes(self, route: Any) -> dict[str, str]:
        """code → where, for everything ``route`` (a FastAPI ``APIRoute`` or route context) runs."""
        found: dict[str, str] = {}
        for call in [route.endpoint, *self._dependency_calls(route.dependant)]:
            for code, where in self.function_codes(call).codes.items():
                found.setdefault(code, where)
        return found

    def _dependency_calls(self, dependant: Any) -> Iterator[Any]:
        for dep in dependant.dependencies:
            if dep.call is not None:
                yield dep.call
            yield from self._dependency_calls(dep)

    def function_codes(self, obj: Any, owner: type | None = None) -> Found:
        fn, bound = _function_of(obj)
        owner = owner or bound
        if fn is None or not self._ours(fn):
            return Found()
        key = (fn, owner)
        if key not in self._memo:
            self._memo[key] = Found()  # recursion: a function calling itself adds nothing new
            self._memo[key] = self._analyse(fn, owner)
        return self._memo[key]

    def _ours(self, fn: Any) -> bool:
        return any((getattr(fn, "__module__", None) or "").startswith(r) for r in self.roots)

    # ------------------------------------------------------------ one function

    def _analyse(self, fn: Callable[..., Any], owner: type | None) -> Found:
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
        except (OSError, TypeError, SyntaxError):
            return Found()
        node = next((n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)), None)
        if node is None:
            return Found()
        scope = _Scope(self, fn, node, owner)
        found = Found()
        where = f"{fn.__module__}.{fn.__qualname__}"
        for sub in _reachable(node, scope):
            if isinstance(sub, ast.Call):
                self._call(scope, sub, found, where)
            elif isinstance(sub, ast.Raise) and isinstance(sub.exc, ast.Name | ast.Attribute):
                for target in scope.resolve(sub.exc):
                    if _is_problem_class(target.obj):
                        found.add(target.obj.code, where)
        return found

    def _call(self, scope: _Scope, call: ast.Call, found: Found, where: str) -> None:
        for target in scope.resolve(call.func):
            obj = target.obj
            if _is_problem_class(obj):
                code = next((kw.value for kw in call.keywords if kw.arg == "code"), None)
                if code is None:
                    found.add(obj.code, where)
                elif isinstance(code, ast.Constant) and isinstance(code.value, str):
                    found.add(code.value, where)
                elif isinstance(code, ast.Name) and code.id in scope.params:
                    found.code_params.add(code.id)
                continue
            if isinstance(obj, type):
                continue
            callee = self.function_codes(obj, target.owner)
            for code, there in callee.codes.items():
                found.add(code, there)
            for param in callee.code_params:
                arg = _argument(obj, call, param, target.bound)
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value, where)
                elif isinstance(arg, ast.Name) and arg.id in scope.params:
                    found.code_params.add(arg.id)

    # ------------------------------------------------------------ the fallback by method name

    def methods_named(self, module: str, name: str) -> list[tuple[Callable[..., Any], type]]:
        package = ".".join(module.split(".")[:2])
        index = self._methods.get(package)
        if index is None:
            index = self._methods[package] = {}
            for mod_name, mod in list(sys.modules.items()):
                if mod is None or not (mod_name == package or mod_name.startswith(package + ".")):
                    continue
                for cls in vars(mod).values():
                    if isinstance(cls, type) and cls.__module__ == mod_name:
                        for attr, value in vars(cls).items():
                            if not attr.startswith("__") and isinstance(value, types.FunctionType):
                                index.setdefault(attr, []).append((value, cls))
        return index.get(name, [])


@dataclass(frozen=True)
class _Target:
    obj: Any
    owner: type | None = None
    bound: bool = False
    """Reached through an instance (``self.m``, ``x.m``): the callee's first parameter is not in the call."""


class _Scope:
    """Names visible in one function: its module's globals, its closure, its parameters' and locals' types."""

    def __init__(self, walker: CodeWalker, fn: Callable[..., Any], node: ast.AST, owner: type | None) -> None:
        self.walker = walker
        self.module = fn.__module__
        self.names: dict[str, Any] = dict(vars(builtins))
        self.names.update(getattr(fn, "__globals__", {}))
        try:
            self.names.update(inspect.getclosurevars(fn).nonlocals)
        except (TypeError, ValueError):
            pass
        self.owner = owner or self._defining_class(fn)
        self.params: set[str] = set()
        self.types: dict[str, type] = {}
        for sub in ast.walk(node):
            if isinstance(sub, ast.arguments):
                for arg in [*sub.posonlyargs, *sub.args, *sub.kwonlyargs]:
                    self.params.add(arg.arg)
                    self._type(arg.arg, arg.annotation)
            elif isinstance(sub, ast.AnnAssign) and isinstance(sub.target, ast.Name):
                self._type(sub.target.id, sub.annotation)
            elif isinstance(sub, ast.Assign) and isinstance(sub.value, ast.Call) and len(sub.targets) == 1 \
                    and isinstance(sub.targets[0], ast.Name):
                built = [t.obj for t in self.resolve(sub.value.func, fallback=False)]
                if built and isinstance(built[0], type) and self.walker._ours(built[0]):
                    self.types.setdefault(sub.targets[0].id, built[0])

    def _defining_class(self, fn: Callable[..., Any]) -> type | None:
        parts = fn.__qualname__.split(".")
        if len(parts) < 2 or "<locals>" in parts:
            return None
        cls = self.names.get(parts[0])
        for part in parts[1:-1]:
            cls = getattr(cls, part, None)
        return cls if isinstance(cls, type) else None

    def _type(self, name: str, annotation: ast.expr | None) -> None:
        for cls in self._classes(annotation):
            if self.walker._ours(cls):
                self.types.setdefault(name, cls)
                return

    def _classes(self, annotation: ast.expr | None) -> Iterator[type]:
        """The classes an annotation names: ``X``, ``X | None``, ``Annotated[X, ...]``, ``"X"``."""
        if annotation is None:
            return
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                yield from self._classes(ast.parse(annotation.value, mode="eval").body)
            except SyntaxError:
                return
        elif isinstance(annotation, ast.BinOp):
            yield from self._classes(annotation.left)
            yield from self._classes(annotation.right)
        elif isinstance(annotation, ast.Subscript):
            base = self._value(annotation.value)
            if getattr(base, "__name__", None) in ("Annotated", "Optional"):
                inner = annotation.slice.elts[0] if isinstance(annotation.slice, ast.Tuple) else annotation.slice
                yield from self._classes(inner)
        else:
            value = self._value(annotation)
            args = getattr(value, "__metadata__", None) and getattr(value, "__origin__", None)  # an Annotated alias
            if isinstance(args, type):
                yield args
            elif isinstance(value, type):
                yield value

    def _value(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self._value(node.value)
            return getattr(base, node.attr, None) if base is not None else None
        return None

    def resolve(self, node: ast.expr, fallback: bool = True) -> list[_Target]:
        """What a called expression may be."""
        if isinstance(node, ast.Name):
            value = self.names.get(node.id)
            return [_Target(value)] if value is not None else []
        if not isinstance(node, ast.Attribute):
            return []
        attr, base = node.attr, node.value
        if isinstance(base, ast.Name) and base.id in ("self", "cls") and self.owner is not None:
            value = inspect.getattr_static(self.owner, attr, None)
            if value is not None:
                return [_Target(_plain(value), self.owner, bound=not isinstance(value, staticmethod))]
        if isinstance(base, ast.Name) and base.id in self.types:
            cls = self.types[base.id]
            value = inspect.getattr_static(cls, attr, None)
            if value is not None:
                return [_Target(_plain(value), cls, bound=not isinstance(value, staticmethod))]
        holder = self._value(base)
        if isinstance(holder, types.ModuleType | type):
            value = getattr(holder, attr, None)
            return [_Target(value)] if value is not None else []
        if holder is not None and not isinstance(holder, types.ModuleType):
            value = getattr(holder, attr, None)
            if value is not None:
                return [_Target(value)]
        if not fallback or attr in CONTAINER_METHODS or attr.startswith("__"):
            return []
        return [_Target(fn, cls, bound=True) for fn, cls in self.walker.methods_named(self.module, attr)]


BROAD = (ProblemError, Exception, BaseException)


def _swallows(node: ast.Try, scope: _Scope) -> bool:
    """A ``try`` one of whose handlers catches every problem (``except ProblemError``, ``except Exception``) and
    raises nothing itself: what its body raises does not leave it."""
    for handler in node.handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        caught = [t.obj for k in kinds if k is not None for t in scope.resolve(k, fallback=False)]
        broad = handler.type is None or any(c in BROAD for c in caught)
        if broad and not any(isinstance(n, ast.Raise) for stmt in handler.body for n in ast.walk(stmt)):
            return True
    return False


def _reachable(node: ast.AST, scope: _Scope) -> Iterator[ast.AST]:
    """Every node of ``node``, but the body of a ``try`` that swallows every problem."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, ast.Try) and _swallows(current, scope):
            children: list[ast.AST] = [*current.handlers, *current.orelse, *current.finalbody]
        else:
            children = list(ast.iter_child_nodes(current))
        stack.extend(reversed(children))


def _plain(value: Any) -> Any:
    return value.__func__ if isinstance(value, staticmethod | classmethod) else value


def _argument(callee: Any, call: ast.Call, param: str, bound: bool) -> ast.expr | None:
    """The expression a call passes for ``callee``'s parameter ``param``."""
    for kw in call.keywords:
        if kw.arg == param:
            return kw.value
    fn, _ = _function_of(callee)
    try:
        names = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return None
    if bound and names:
        names = names[1:]
    if param in names and names.index(param) < len(call.args):
        arg = call.args[names.index(param)]
        return None if isinstance(arg, ast.Starred) else arg
    return None


def codes_by_route(walker: CodeWalker, routes: Iterable[Any]) -> Iterator[tuple[Any, dict[str, str]]]:
    for route in routes:
        yield route, walker.route_codes(route)
