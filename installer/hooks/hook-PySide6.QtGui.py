# Replaces PyInstaller's own hook for PySide6.QtGui (hooks in hookspath take precedence):
# the same Qt dependencies, minus the plugins a desk application never loads. Dropping a plugin here, before the
# binary analysis, also leaves out the libraries only it needs (the GTK theme pulls in GTK,
# cairo and pango on Linux).
import os

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)

# Wayland: every Wayland desktop (GNOME, KDE) runs X11 programs through XWayland, and Qt tries xcb by
# itself when its Wayland plugin is absent; the desktops Chinese offices run (UOS/Deepin, Kylin) are
# X11 anyway. Leaving out the Wayland platform, shells, decorations and buffer integrations drops
# Qt's Wayland client library with them (1.6 MB).
# xcbglintegrations: xcb loads GLX/EGL only for an OpenGL window, which the desk never opens
# (checked under Xvfb: neither plugin is loaded).
UNUSED_PLUGIN_DIRS = {"egldeviceintegrations", "generic", "networkinformation", "tls", "qmltooling",
                      "wayland-decoration-client", "wayland-graphics-integration-client",
                      "wayland-shell-integration", "xcbglintegrations"}
UNUSED_PLUGIN_NAMES = (
    "qgtk3",  # GTK platform theme (Linux)
    "qwayland", "qeglfs", "qlinuxfb", "qvnc", "qvkkhrdisplay", "qminimal", "qdirect2d",  # platforms
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
