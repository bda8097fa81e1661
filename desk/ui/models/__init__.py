"""Table models of the main window (QAbstractTableModel over plain row data)."""
