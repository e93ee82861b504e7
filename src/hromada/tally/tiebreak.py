"""How ties between projects are resolved: the project with the smaller key wins."""

from __future__ import annotations

from dataclasses import dataclass

from hromada.tally.model import Project


class TieBreakError(ValueError):
    pass


@dataclass(frozen=True)
class TieBreak:
    """`id`: project ids compared as strings ("10" before "9", the reference's
    convention); `cost`: the cheaper project first, then by id; `order`: the position in
    a given list (first wins; unlisted projects after, by id); `lot`: by SHA-256 of
    "SEED:project_id", so a commission can publish the seed before the count."""

    kind: str = "id"
    order: tuple[str, ...] = ()
    seed: str = ""

    def key(self, project: Project) -> tuple[object, ...]:
        if self.kind == "id":
            return (project.project_id,)
        if self.kind == "cost":
            return (project.cost, project.project_id)
        if self.kind == "order":
            position = {project_id: index for index, project_id in enumerate(self.order)}
            return (position.get(project.project_id, len(self.order)), project.project_id)
        if self.kind == "lot":
            import hashlib  # only for a drawn lot: keeps the start of the CLI fast

            digest = hashlib.sha256(f"{self.seed}:{project.project_id}".encode()).hexdigest()
            return (digest, project.project_id)
        raise TieBreakError(f"unknown tie-break {self.kind!r}")

    def describe(self) -> str:
        if self.kind == "order":
            return f"order ({len(self.order)} projects)"
        if self.kind == "lot":
            return f"lot:{self.seed}"
        return self.kind

    @classmethod
    def parse(cls, spec: str) -> TieBreak:
        """`id`, `cost`, `order:FILE` (one project id per line) or `lot:SEED`."""
        kind, _colon, argument = spec.partition(":")
        if kind in {"id", "cost"} and not argument:
            return cls(kind)
        if kind == "order" and argument:
            try:
                with open(argument, encoding="utf-8-sig") as handle:
                    lines = handle.read().splitlines()
            except OSError as error:
                raise TieBreakError(
                    f"cannot read the order file {argument} ({error.strerror})"
                ) from error
            order = tuple(line.strip() for line in lines if line.strip())
            if len(set(order)) != len(order):
                raise TieBreakError(f"the order file {argument} lists a project twice")
            return cls("order", order=order)
        if kind == "lot" and argument:
            return cls("lot", seed=argument)
        raise TieBreakError(f"unknown tie-break {spec!r}: use id, cost, order:FILE or lot:SEED")
