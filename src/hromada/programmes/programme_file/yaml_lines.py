"""YAML with line numbers: every mapping and list remembers where it stands in the file,
so each problem found later can be reported with its line."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hromada.programmes.programme_file.specs import ProgrammeFileError


class LineMapping(dict[Any, Any]):
    """A YAML mapping that remembers where it and each of its keys stand in the file."""

    line: int
    key_lines: dict[Any, int]
    # Keys written twice (YAML itself keeps the last silently): key -> line of the repeat.
    duplicate_keys: dict[Any, int]


class LineSequence(list[Any]):
    line: int
    item_lines: list[int]


class LineLoader(yaml.SafeLoader):
    """SafeLoader that records line numbers, keeps dates as text (so a bad date is our
    error with a line, not a crash) and reads decimals exactly (money is never float)."""


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _construct_mapping(loader: LineLoader, node: MappingNode) -> Iterator[LineMapping]:
    data = LineMapping()
    data.line = _line(node)
    data.key_lines = {}
    data.duplicate_keys = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found an unhashable key",
                key_node.start_mark,
            )
        if key in data.key_lines:
            data.duplicate_keys.setdefault(key, _line(key_node))
        data[key] = loader.construct_object(value_node, deep=False)
        data.key_lines[key] = _line(key_node)


def _construct_sequence(loader: LineLoader, node: SequenceNode) -> Iterator[LineSequence]:
    data = LineSequence()
    data.line = _line(node)
    data.item_lines = [_line(child) for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=False) for child in node.value)


def _construct_timestamp(loader: LineLoader, node: ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def _construct_decimal(loader: LineLoader, node: ScalarNode) -> Decimal | float:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf, .nan: refused later as "not a number"
        return float(loader.construct_yaml_float(node))


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def load_document(text: str, file_name: str) -> Any:
    """The single YAML document of the text; a syntax error as a ProgrammeFileError."""
    loader = LineLoader(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        problem = error.problem or error.context or "not valid YAML"
        raise ProgrammeFileError(f"{file_name}:{line}: YAML: {problem}") from error
    except yaml.YAMLError as error:
        raise ProgrammeFileError(f"{file_name}:1: YAML: {error}") from error
    finally:
        loader.dispose()
