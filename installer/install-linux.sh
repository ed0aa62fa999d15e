#!/usr/bin/env bash
# Install the one-folder build with a menu entry and icon. Runs from the repository
# (installs dist/frontdesk, made by installer/build.sh) or from inside a copied build folder,
# where build.sh puts this script too.
# Usage: install-linux.sh [PREFIX]
#   PREFIX defaults to ~/.local (or /usr/local as root): the program goes to PREFIX/lib/frontdesk,
#   a `frontdesk` command to PREFIX/bin, the launcher to PREFIX/share/applications and the icon
#   to PREFIX/share/icons/hicolor/256x256/apps. The user's data directory is not touched.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -x "$here/frontdesk" ]; then build="$here"; else build="$here/../dist/frontdesk"; fi

if [ "$(id -u)" -eq 0 ]; then default_prefix=/usr/local; else default_prefix="$HOME/.local"; fi
prefix="${1:-$default_prefix}"
if [ ! -x "$build/frontdesk" ]; then
  echo "没有找到 dist/frontdesk/frontdesk，请先运行 installer/build.sh。" >&2
  exit 1
fi

app_dir="$prefix/lib/frontdesk"
if [ "$(cd "$build" && pwd -P)" = "$(mkdir -p "$app_dir" && cd "$app_dir" && pwd -P)" ]; then
  echo "$app_dir 已是安装位置，请从构建文件夹（dist/frontdesk）运行本脚本。" >&2
  exit 1
fi
rm -rf "$app_dir"
mkdir -p "$app_dir" "$prefix/bin" "$prefix/share/applications" "$prefix/share/icons/hicolor/256x256/apps"
cp -a "$build/." "$app_dir/"
rm -f "$app_dir/install-linux.sh" "$app_dir/frontdesk.desktop"
ln -sfn "$app_dir/frontdesk" "$prefix/bin/frontdesk"
cp "$build/_internal/resources/icons/frontdesk.png" "$prefix/share/icons/hicolor/256x256/apps/frontdesk.png"
# Exec with the full path: a desktop session's PATH may not include PREFIX/bin.
sed "s|^Exec=frontdesk\$|Exec=$app_dir/frontdesk|" "$build/frontdesk.desktop" \
  > "$prefix/share/applications/frontdesk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$prefix/share/applications" || true
echo "已安装到 $app_dir；在应用程序菜单里点“物业客服前台”启动，或在终端运行 $prefix/bin/frontdesk。"
