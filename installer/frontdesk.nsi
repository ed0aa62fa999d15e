; 物业客服前台 — the Windows installer (NSIS 3, Unicode).
;
; installer/build.ps1 runs it after PyInstaller:  makensis installer\frontdesk.nsi
; makensis works in this folder, so relative paths are relative to installer\.
; Optional defines: /DDIST_DIR=<one-folder build> (default ..\dist\frontdesk),
; /DOUT_FILE=<setup.exe> (default ..\dist\frontdesk-setup-<version>.exe), /DVERSION=<x.y.z>
; (default: __version__ from src\frontdesk\__init__.py), /DNO_COMPRESSION for a quick check.
; CI compiles it on Linux with Debian's nsis against the Linux build folder.
;
; Installs for all users under Program Files with Start-menu and desktop shortcuts to the
; windowed program; the uninstaller removes the program and its shortcuts and keeps every
; user's data directory (%LOCALAPPDATA%\frontdesk: database, backups, attachments).

Unicode true
ManifestDPIAware true

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!ifndef VERSION
  !searchparse /file "../src/frontdesk/__init__.py" `__version__ = "` VERSION `"`
!endif
!ifndef DIST_DIR
  !define DIST_DIR "../dist/frontdesk"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "../dist/frontdesk-setup-${VERSION}.exe"
!endif

!define APP_NAME "物业客服前台"
!define APP_ID "frontdesk"
!define PUBLISHER "frontdesk"
!define GUI_EXE "frontdesk-gui.exe"
!define CLI_EXE "frontdesk.exe"
!define UNINSTALLER "uninstall.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define DATA_DIR_TEXT "%LOCALAPPDATA%\frontdesk"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUT_FILE}"
InstallDir "$PROGRAMFILES64\${APP_ID}"
InstallDirRegKey HKLM "Software\${APP_ID}" "InstallDir"
RequestExecutionLevel admin
!ifdef NO_COMPRESSION  ; CI: checks the script and the file list quickly
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} ${VERSION} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${DIST_DIR}/_internal/resources/icons/frontdesk.ico"
!define MUI_UNICON "${DIST_DIR}/_internal/resources/icons/frontdesk.ico"
!define MUI_ABORTWARNING

; --- installer pages ---
!define MUI_WELCOMEPAGE_TEXT "将在这台电脑上安装 ${APP_NAME} ${VERSION}。$\r$\n$\r$\n已安装旧版本时直接覆盖升级，已有的数据保留不变，程序第一次打开时会先备份再升级数据库。$\r$\n$\r$\n点“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "${APP_NAME} 已安装。$\r$\n$\r$\n双击桌面上的“${APP_NAME}”图标，或从“开始”菜单打开它。$\r$\n$\r$\n数据保存在每位用户自己的 ${DATA_DIR_TEXT} 文件夹中。"
!insertmacro MUI_PAGE_FINISH

; --- uninstaller pages ---
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将卸载 ${APP_NAME} 程序。$\r$\n您的数据（数据库、备份、附件）保存在 ${DATA_DIR_TEXT} 中，卸载不会删除；重新安装后可继续使用。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${APP_NAME} 已卸载"
!define MUI_FINISHPAGE_TEXT "程序和快捷方式已删除。$\r$\n$\r$\n您的数据仍保存在 ${DATA_DIR_TEXT} 中，没有删除。不再需要时可以手动删除这个文件夹。"
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APP_NAME} 需要 64 位 Windows 10 或更新版本。"
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "程序" SecProgram
  SectionIn RO
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  ; Upgrading: remove the previous version's bundle first so no stale library stays behind.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST_DIR}/*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\卸载 ${APP_NAME}.lnk" "$INSTDIR\${UNINSTALLER}"
  ; 备份: a console that stays open to show where the copy went; 数据文件夹: the user's data in Explorer.
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\备份数据.lnk" "$SYSDIR\cmd.exe" '/k ""$INSTDIR\${CLI_EXE}" backup"' \
    "$INSTDIR\${GUI_EXE}" 0
  CreateShortCut "$SMPROGRAMS\${APP_NAME}\数据文件夹.lnk" "$INSTDIR\${CLI_EXE}" "folder --open" "$SYSDIR\shell32.dll" 3
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0

  WriteRegStr HKLM "Software\${APP_ID}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$DESKTOP\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\卸载 ${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\备份数据.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\数据文件夹.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"

  ; Only what the installer put there: the program folder may have been chosen by hand.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"

  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "Software\${APP_ID}"
  DetailPrint "已保留您的数据：${DATA_DIR_TEXT}（数据库、备份、附件）。"
SectionEnd
