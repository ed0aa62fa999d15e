"""The PySide6 front: main window, one module per tab, shared widgets and dialogs."""
