"""The tabs of a child's file (dialogs/child_file.py), one module each.

Each tab shows its part of the loaded file (``show_file``); the dialog around them keeps
the frame: the title, Save and Close, the buttons under the tabs, and the unsaved-edits
question. Moved strings keep the ``ChildFileDialog`` translation context they had.
"""
