"""Printed documents (PDF): the entrustment confirmation, the one-page dossier and the
monthly work report. Rendered with QtGui only (no widgets), so they work from the CLI."""
