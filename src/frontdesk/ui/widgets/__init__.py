"""Pieces the tabs are built from."""
