"""The import window's layout: the file row, the mapping table, the preview and its rejects, the
buttons. Behaviour lives in desk.ui.import_dialog.ImportDialog, which builds on this; strings stay in
the ImportDialog translation context."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from desk.ui.mapping_model import FieldDelegate, MappingModel, RejectsModel

KINDS = ("postings", "registrants")


class ImportDialogLayout:
    """Builds the widgets of the import dialog (a QDialog subclass mixes this in)."""

    # -- layout -------------------------------------------------------------------------------------

    def _build(self) -> None:
        file_row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("pathEdit")
        # typed or pasted paths are read on Enter (or when the field is left)
        self.path_edit.setPlaceholderText(QCoreApplication.translate("ImportDialog", "Choose a CSV or Excel file, or type or paste its path…"))
        self.path_edit.editingFinished.connect(self._path_typed)
        self.browse_button = QPushButton(QCoreApplication.translate("ImportDialog", "&Browse…"), self)
        self.browse_button.setObjectName("browseButton")
        self.browse_button.clicked.connect(self.browse)
        file_row.addWidget(QLabel(QCoreApplication.translate("ImportDialog", "File:"), self))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)

        facts = QHBoxLayout()
        form = QFormLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindCombo")
        self.kind_combo.addItem(QCoreApplication.translate("ImportDialog", "Postings"), "postings")
        self.kind_combo.addItem(QCoreApplication.translate("ImportDialog", "Registrants"), "registrants")
        self.kind_combo.activated.connect(self._kind_chosen)
        form.addRow(QCoreApplication.translate("ImportDialog", "&Contents:"), self.kind_combo)
        self.saved_combo = QComboBox(self)
        self.saved_combo.setObjectName("savedMappingCombo")
        self.saved_combo.activated.connect(self._saved_chosen)
        form.addRow(QCoreApplication.translate("ImportDialog", "Saved &mapping:"), self.saved_combo)
        # registrants: the registry the file comes from (登録ID is unique within it)
        self.registry_combo = QComboBox(self)
        self.registry_combo.setObjectName("registryCombo")
        self.registry_combo.setEditable(True)
        self.registry_combo.setToolTip(QCoreApplication.translate("ImportDialog", "The registry this file comes from; 登録ID is unique within it"))
        self.registry_combo.activated.connect(self.preview)
        self.registry_label = QLabel(QCoreApplication.translate("ImportDialog", "&Registry:"), self)
        self.registry_label.setBuddy(self.registry_combo)
        form.addRow(self.registry_label, self.registry_combo)
        facts.addLayout(form)
        facts.addSpacing(24)
        info = QFormLayout()
        self.encoding_label = QLabel("—", self)
        self.encoding_label.setObjectName("encodingLabel")
        self.header_row_label = QLabel("—", self)
        self.header_row_label.setObjectName("headerRowLabel")
        self.rows_label = QLabel("—", self)
        self.rows_label.setObjectName("rowsLabel")
        info.addRow(QCoreApplication.translate("ImportDialog", "Encoding:"), self.encoding_label)
        info.addRow(QCoreApplication.translate("ImportDialog", "Header row:"), self.header_row_label)
        info.addRow(QCoreApplication.translate("ImportDialog", "Data rows:"), self.rows_label)
        facts.addLayout(info)
        facts.addStretch(1)

        mapping_box = QGroupBox(QCoreApplication.translate("ImportDialog", "Columns"), self)
        mv = QVBoxLayout(mapping_box)
        self.mapping_view = QTableView(mapping_box)
        self.mapping_view.setObjectName("mappingView")
        self.mapping_view.setModel(self.mapping_model)
        self.mapping_view.setItemDelegateForColumn(MappingModel.FIELD, FieldDelegate(self.mapping_view))
        self.mapping_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mapping_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.mapping_view.verticalHeader().setVisible(False)
        header = self.mapping_view.horizontalHeader()
        header.setSectionResizeMode(MappingModel.HEADER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MappingModel.SAMPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MappingModel.FIELD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MappingModel.SCORE, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(MappingModel.FIELD, 230)
        self.missing_label = QLabel(mapping_box)
        self.missing_label.setObjectName("missingLabel")
        self.missing_label.setStyleSheet("color: #b3261e;")
        self.missing_label.setWordWrap(True)
        save_row = QHBoxLayout()
        self.save_check = QCheckBox(QCoreApplication.translate("ImportDialog", "&Save this mapping for the source:"), mapping_box)
        self.save_check.setObjectName("saveMappingCheck")
        self.source_edit = QLineEdit(mapping_box)
        self.source_edit.setObjectName("sourceEdit")
        self.source_edit.setPlaceholderText(QCoreApplication.translate("ImportDialog", "e.g. Key-Net export, Yokohama city sheet"))
        self.source_edit.setEnabled(False)
        self.save_check.toggled.connect(self.source_edit.setEnabled)
        self.save_check.toggled.connect(self._update_state)
        self.source_edit.textChanged.connect(self._update_state)
        save_row.addWidget(self.save_check)
        save_row.addWidget(self.source_edit, 1)
        mv.addWidget(self.mapping_view)
        mv.addWidget(self.missing_label)
        mv.addLayout(save_row)

        preview_box = QGroupBox(QCoreApplication.translate("ImportDialog", "Preview"), self)
        pv = QVBoxLayout(preview_box)
        counts = QHBoxLayout()
        self.preview_label = QLabel(QCoreApplication.translate("ImportDialog", "Choose a file to see what the import would do."), preview_box)
        self.preview_label.setObjectName("previewLabel")
        self.preview_label.setWordWrap(True)
        self.preview_button = QPushButton(QCoreApplication.translate("ImportDialog", "&Preview"), preview_box)
        self.preview_button.setObjectName("previewButton")
        self.preview_button.clicked.connect(self.preview)
        counts.addWidget(self.preview_label, 1)
        counts.addWidget(self.preview_button)
        self.rejects_view = QTableView(preview_box)
        self.rejects_view.setObjectName("rejectsView")
        self.rejects_view.setModel(self.rejects_model)
        self.rejects_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rejects_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejects_view.verticalHeader().setVisible(False)
        rh = self.rejects_view.horizontalHeader()
        rh.setSectionResizeMode(RejectsModel.ROW, QHeaderView.ResizeMode.ResizeToContents)
        rh.setSectionResizeMode(RejectsModel.COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        rh.setSectionResizeMode(RejectsModel.VALUE, QHeaderView.ResizeMode.Interactive)
        rh.resizeSection(RejectsModel.VALUE, 180)
        rh.setStretchLastSection(True)
        self.partial_check = QCheckBox(QCoreApplication.translate("ImportDialog", "Import the valid rows and &skip the rejected ones"), preview_box)
        self.partial_check.setObjectName("acceptPartialCheck")
        self.partial_check.toggled.connect(self._update_state)
        self.full_check = QCheckBox(QCoreApplication.translate("ImportDialog", "This file lists &every posting: mark postings it leaves out as missing"),
                                    preview_box)
        self.full_check.setObjectName("fullExportCheck")
        self.full_check.setToolTip(QCoreApplication.translate("ImportDialog", "Untick for a hand-made file that holds only some postings. "
                                           "Missing postings are only marked, never deleted."))
        self.full_note = QLabel(preview_box)
        self.full_note.setObjectName("fullExportNote")
        self.full_note.setWordWrap(True)
        self.full_note.setStyleSheet("color: #555;")
        self.full_check.setChecked(True)
        self.full_check.toggled.connect(self._full_export_toggled)
        pv.addLayout(counts)
        pv.addWidget(self.rejects_view)
        pv.addWidget(self.partial_check)
        pv.addWidget(self.full_check)
        pv.addWidget(self.full_note)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(mapping_box)
        splitter.addWidget(preview_box)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        bottom = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progressBar")
        self.progress.setVisible(False)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.progress)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(QCoreApplication.translate("ImportDialog", "&Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = self.buttons.addButton(QCoreApplication.translate("ImportDialog", "Cancel import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel_task)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("closeButton")
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addLayout(facts)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)

