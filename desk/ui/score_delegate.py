"""A stacked bar per candidate: each score part (region, availability, occupation, experience,
reliability) is a coloured segment whose width is its weighted contribution to the score."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desk.settings import DEFAULT_WEIGHTS
from desk.ui.labels import COMPONENT, word
from desk.ui.models.candidates_model import COMPONENTS_ROLE, SCORE_ROLE

COLOURS: dict[str, QColor] = {
    "region": QColor("#4e79a7"),
    "availability": QColor("#59a14f"),
    "occupation": QColor("#f28e2b"),
    "experience": QColor("#b07aa1"),
    "reliability": QColor("#e15759"),
}
ORDER = tuple(COLOURS)


def segments(components: dict[str, float], weights: dict[str, float]) -> list[tuple[str, float]]:
    """(part, fraction of the full bar) for each part, in legend order; fractions sum to ≤ 1."""
    total = sum(max(0.0, weights.get(k, 0.0)) for k in ORDER) or 1.0
    out = []
    for k in ORDER:
        value = max(0.0, min(1.0, float(components.get(k, 0.0))))
        out.append((k, value * max(0.0, weights.get(k, 0.0)) / total))
    return out


class ScoreBarDelegate(QStyledItemDelegate):
    def __init__(self, parent: Any = None, weights: dict[str, float] | None = None) -> None:
        super().__init__(parent)
        self.weights = dict(weights or DEFAULT_WEIGHTS)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        comps = index.data(COMPONENTS_ROLE) or {}
        score = index.data(SCORE_ROLE)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        r = option.rect.adjusted(3, 4, -3, -4)
        label_w = option.fontMetrics.horizontalAdvance("100") + 6
        bar = QRect(r.left(), r.top(), max(10, r.width() - label_w), r.height())
        painter.fillRect(bar, QColor("#eeeeee"))
        x = float(bar.left())
        parts = segments(comps, self.weights) if comps else []
        if not parts and score is not None:
            parts = [("", float(score))]
        for key, frac in parts:
            w = frac * bar.width()
            if w <= 0:
                continue
            seg = QRect(round(x), bar.top(), max(1, round(x + w) - round(x)), bar.height())
            painter.fillRect(seg, COLOURS.get(key, QColor("#888888")))
            x += w
        painter.setPen(QPen(QColor("#aaaaaa")))
        painter.drawRect(bar.adjusted(0, 0, -1, -1))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected else option.palette.text().color())
        painter.drawText(QRect(bar.right() + 4, r.top(), label_w, r.height()),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        return QSize(max(140, base.width()), base.height())


class ScoreLegend(QWidget):
    """Coloured swatches naming the parts of the bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(10)
        for k in ORDER:
            sw = QLabel()
            sw.setFixedSize(12, 12)
            sw.setStyleSheet(f"background:{COLOURS[k].name()}; border:1px solid #888;")
            lab = QLabel(word(COMPONENT, k))
            lay.addWidget(sw)
            lay.addWidget(lab)
        lay.addStretch(1)
