"""Single machine with sequence-dependent setups, 1|s_ij|sum wjTj, in Cicirello's format.

The instance format is that of Cicirello's benchmark library ("Weighted
tardiness scheduling with sequence-dependent setups: a benchmark library",
2003): a header, the generator parameters, then ``Process Times:``,
``Weights:``, ``Duedates:`` one value a line and ``Setup Times:`` as
``i<TAB>j<TAB>s`` lines, ``i = -1`` giving the setup before the first job.

The generator is ours and follows the published description: processing
times uniform on [50, 150], setups uniform on [0, 2 x eta x 100], weights
uniform on [0, 10], C_max estimated as the sum of processing times plus n x
the mean setup, mean due date (1 - tau) x C_max, and a due date uniform
on [(1 - R) x D, D] with probability tau, else on [D, D + R x (C_max - D)].
"""

from __future__ import annotations

import random
from dataclasses import dataclass

TAUS = (0.3, 0.6, 0.9)
RS = (0.25, 0.75)
ETAS = (0.25, 0.75)
N_JOBS = 60
PER_CLASS = 5


@dataclass(frozen=True, slots=True)
class SdsInstance:
    number: int
    tau: float
    r: float
    eta: float
    p: tuple[int, ...]
    w: tuple[int, ...]
    d: tuple[int, ...]
    initial: tuple[int, ...]
    setups: tuple[tuple[int, ...], ...]  # setups[i][j]; diagonal unused (0)

    @property
    def n(self) -> int:
        return len(self.p)


def sds_generate(
    *, number: int, n: int, tau: float, r: float, eta: float, seed: int
) -> SdsInstance:
    rng = random.Random(seed)
    p = tuple(rng.randint(50, 150) for _ in range(n))
    s_bar = round(eta * 100)
    initial = tuple(rng.randint(0, 2 * s_bar) for _ in range(n))
    setups = tuple(
        tuple(0 if i == j else rng.randint(0, 2 * s_bar) for j in range(n)) for i in range(n)
    )
    w = tuple(rng.randint(0, 10) for _ in range(n))
    c_max = sum(p) + n * s_bar
    d_bar = round((1 - tau) * c_max)
    d = []
    for _ in range(n):
        if rng.random() < tau:
            d.append(rng.randint(round((1 - r) * d_bar), d_bar))
        else:
            d.append(rng.randint(d_bar, d_bar + round(r * (c_max - d_bar))))
    return SdsInstance(number, tau, r, eta, p, w, tuple(d), initial, setups)


def sds_set() -> list[tuple[int, float, float, float, int]]:
    """(number, tau, R, eta, seed) of our set: 5 instances per class, 60 jobs each."""
    out = []
    number = 1
    for tau in TAUS:
        for r in RS:
            for eta in ETAS:
                for _ in range(PER_CLASS):
                    out.append((number, tau, r, eta, 60_000 + number))
                    number += 1
    return out


def sds_instance(number: int) -> SdsInstance:
    num, tau, r, eta, seed = sds_set()[number - 1]
    return sds_generate(number=num, n=N_JOBS, tau=tau, r=r, eta=eta, seed=seed)


def sds_format(inst: SdsInstance) -> str:
    """The instance as a file in Cicirello's format."""
    n = inst.n
    s_bar = round(inst.eta * 100)
    c_max = sum(inst.p) + n * s_bar
    lines = [
        f"Problem Instance: {inst.number}",
        f"Problem Size: {n}",
        "Begin Generator Parameters",
        f"Tau: {inst.tau}",
        f"R: {inst.r}",
        f"Eta: {inst.eta}",
        "P_bar: 100",
        "P_MIN: 50",
        "P_MAX: 150",
        f"S_bar: {s_bar}",
        "MAX_WEIGHT: 10",
        f"C_max: {c_max}",
        f"D_bar: {round((1 - inst.tau) * c_max)}",
        "End Generator Parameters",
        "Begin Problem Specification",
        "Process Times:",
        *map(str, inst.p),
        "Weights:",
        *map(str, inst.w),
        "Duedates:",
        *map(str, inst.d),
        "Setup Times:",
    ]
    lines += [f"-1\t{j}\t{inst.initial[j]}" for j in range(n)]
    lines += [f"{i}\t{j}\t{inst.setups[i][j]}" for i in range(n) for j in range(n) if i != j]
    lines.append("End Problem Specification")
    return "\n".join(lines) + "\n"


def sds_parse(text: str) -> SdsInstance:
    """Read an instance in Cicirello's format (ours or the published library's)."""
    header: dict[str, str] = {}
    section = ""
    values: dict[str, list[int]] = {"p": [], "w": [], "d": []}
    triples: list[tuple[int, int, int]] = []
    names = {"Process Times:": "p", "Weights:": "w", "Duedates:": "d", "Setup Times:": "s"}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line in names:
            section = names[line]
            continue
        if line.startswith(("Begin ", "End ")):
            section = ""
            continue
        if section == "s":
            i, j, s = (int(x) for x in line.split())
            triples.append((i, j, s))
        elif section:
            values[section].append(int(line))
        elif ":" in line:
            key, _, val = line.partition(":")
            header[key.strip()] = val.strip()
    n = int(header.get("Problem Size", len(values["p"])))
    if not (len(values["p"]) == len(values["w"]) == len(values["d"]) == n):
        raise ValueError(f"expected {n} processing times, weights and due dates")
    initial = [0] * n
    setups = [[0] * n for _ in range(n)]
    for i, j, s in triples:
        if i == -1:
            initial[j] = s
        else:
            setups[i][j] = s
    return SdsInstance(
        number=int(header.get("Problem Instance", "0")),
        tau=float(header.get("Tau", "nan")),
        r=float(header.get("R", "nan")),
        eta=float(header.get("Eta", "nan")),
        p=tuple(values["p"]),
        w=tuple(values["w"]),
        d=tuple(values["d"]),
        initial=tuple(initial),
        setups=tuple(tuple(r) for r in setups),
    )
