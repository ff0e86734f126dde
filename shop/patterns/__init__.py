"""Made-to-measure pattern drafting, cut files and nesting (pure Python, no Django).

    from shop.patterns import draft_spec_from_snapshot, pattern_draft
    pattern = pattern_draft(draft_spec_from_snapshot(unit.snapshot, unit_code=unit.code))
    assert pattern.failed_checks == []

Drafting system
---------------
Proportional drafting from *finished* dimensions (成品尺寸), the method of the Chinese
clothing-structure textbooks: the chest line, across-back and across-front widths, neck width
and depth are fractions of the finished chest ``B`` and neck ``N`` plus constants (for the
shirt: scye depth ``0.15 B + 8 cm``, back neck width ``N/5 - 0.3 cm``, front neck depth
``N/5 + 0.5 cm``, across-back ``0.15 B + 4.5 cm``; front and back each ``B/4`` at the chest
line), as in 张文斌 主编《服装结构设计》(中国纺织出版社) and 刘瑞璞《服装纸样设计原理与应用·男装编》
(中国纺织出版社). The block shapes — yoke shirt with a one-piece sleeve, the trouser block
with front and back crotch extensions and a dropped back crotch point, the three-panel
jacket block with a two-piece sleeve — follow Winifred Aldrich, *Metric Pattern Cutting for
Menswear* (5th ed., Wiley-Blackwell, 2011), chapters on the classic shirt, trouser and
tailored jacket blocks. Where a textbook constant would leave a seam the wrong length, the
draft solves for it instead (neck width scaled until the neckline equals the collar; the
sleeve crown raised until the cap equals the armhole plus its ease; the jacket chest line
lowered until the armhole equals the finished armhole; the trouser crotch depth set so the
outseam and inseam are as measured) — each such value is then measured back off the pieces
by :attr:`Pattern.checks`.

Ease comes from the fit choice twice: the girth ease is already in the finished dimensions
(:mod:`shop.tailoring.fit`), and the sleeve-cap ease is chosen here by fit (shirt 6/8/10 mm,
jacket 25/30/35 mm for slim/regular/relaxed).

Units are millimetres; y points up. Modules: :mod:`.geometry` (lines, Béziers),
:mod:`.pieces` (piece, edges, seam allowance outline), :mod:`.shirt`, :mod:`.trousers`,
:mod:`.jacket` (the drafts), :mod:`.sheet`, :mod:`.svg`, :mod:`.pdf`, :mod:`.dxf` (outputs),
:mod:`.nesting` and :mod:`.cutplan` (markers and the cut plan of a batch).
"""

from shop.patterns.draft import pattern_draft
from shop.patterns.pattern import Check, Pattern
from shop.patterns.spec import DraftSpec, PatternError, draft_spec_from_snapshot

__all__ = [
    "Check",
    "DraftSpec",
    "Pattern",
    "PatternError",
    "draft_spec_from_snapshot",
    "pattern_draft",
]
