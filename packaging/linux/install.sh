#!/bin/sh
# Install 讲稿助手 from this folder: for the current user (default) or, run as root, for everyone.
# Copies the program folder, adds the menu entry and the icon; no network is used.
#   ./install.sh            -> ~/.local/opt/speechdraft, menu entry for this user
#   sudo ./install.sh       -> /opt/speechdraft, menu entry for all users (统信 UOS、麒麟 等)
#   ./install.sh --uninstall
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = 0 ]; then
    prefix=/opt/speechdraft; share=/usr/share; bindir=/usr/local/bin
else
    prefix="$HOME/.local/opt/speechdraft"; share="${XDG_DATA_HOME:-$HOME/.local/share}"; bindir="$HOME/.local/bin"
fi
if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$prefix" "$share/applications/speechdraft.desktop" "$share/icons/hicolor/256x256/apps/speechdraft.png"
    rm -f "$bindir/speechdraft"
    echo "已卸载讲稿助手（素材库和草稿仍保留在用户数据文件夹中）。"
    exit 0
fi
if [ "$here" != "$prefix" ]; then
    rm -rf "$prefix.new"
    mkdir -p "$(dirname "$prefix")"
    cp -a "$here" "$prefix.new"
    rm -rf "$prefix"
    mv "$prefix.new" "$prefix"
fi
mkdir -p "$share/applications" "$share/icons/hicolor/256x256/apps" "$bindir"
cp "$prefix/speechdraft.png" "$share/icons/hicolor/256x256/apps/speechdraft.png"
sed "s|^Exec=.*|Exec=\"$prefix/speechdraft\" %f|" "$prefix/speechdraft.desktop" > "$share/applications/speechdraft.desktop"
ln -sf "$prefix/speechdraft" "$bindir/speechdraft"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$share/applications" >/dev/null 2>&1 || true
echo "已安装讲稿助手到 $prefix，可在应用菜单中打开，或在终端运行 speechdraft。"
