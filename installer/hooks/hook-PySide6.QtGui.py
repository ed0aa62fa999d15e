# Replaces PyInstaller's own hook for PySide6.QtGui (hooks in hookspath take precedence):
# the same Qt dependencies, minus the plugins a desk application never loads. Dropping a plugin here, before the
# binary analysis, also leaves out the libraries only it needs (the GTK theme pulls in GTK,
# cairo and pango on Linux).
import os

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)

UNUSED_PLUGIN_DIRS = {"egldeviceintegrations", "generic", "networkinformation", "tls", "qmltooling"}
UNUSED_PLUGIN_NAMES = (
    "qgtk3",  # GTK platform theme (Linux)
    "qeglfs", "qlinuxfb", "qvnc", "qvkkhrdisplay", "qminimalegl", "qdirect2d",  # platforms
    "qtiff", "qicns", "qtga", "qwbmp", "qpdf",  # image formats no desk opens (photos may be WebP)
)


def _wanted_plugin(src: str, dest_dir: str) -> bool:
    """dest_dir is e.g. PySide6/Qt/plugins/platforms for a plugin, something else for a library."""
    parts = dest_dir.replace("\\", "/").split("/")
    if "plugins" not in parts[:-1]:
        return True
    name = os.path.basename(src).lower()
    return parts[-1] not in UNUSED_PLUGIN_DIRS and not any(unused in name for unused in UNUSED_PLUGIN_NAMES)


binaries = [(src, dest) for src, dest in binaries if _wanted_plugin(src, dest)]
