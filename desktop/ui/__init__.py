"""The director's desktop window (PySide6): the only package that imports QtWidgets."""
