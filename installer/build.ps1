# Build the Windows installer: dist\frontdesk\ (PyInstaller one-folder) and then
# dist\frontdesk-setup-<version>.exe (NSIS). Run from any folder in PowerShell:
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1
# Needs 64-bit Python 3.11+ (python.org) and NSIS 3 (nsis.sourceforge.io, or `winget install NSIS.NSIS`).
# -Python C:\path\to\python.exe uses that interpreter instead of the project's .venv.
param([string]$Python = "")

$ErrorActionPreference = "Stop"
$root = Split-Path -Parent $PSScriptRoot
Set-Location $root

function Invoke-Checked([string]$what, [scriptblock]$command) {
    & $command
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit code $LASTEXITCODE)" }
}

if (-not $Python) {
    $Python = Join-Path $root ".venv\Scripts\python.exe"
    if (-not (Test-Path $Python)) {
        $launcher = Get-Command py -ErrorAction SilentlyContinue
        if ($launcher) { Invoke-Checked "creating .venv" { py -3 -m venv .venv } }
        else { Invoke-Checked "creating .venv" { python -m venv .venv } }
    }
}
Invoke-Checked "pip install" { & $Python -m pip install --quiet --upgrade pip }
# The pinned versions of installer/constraints.txt, so the same commit builds the same program.
Invoke-Checked "pip install" { & $Python -m pip install --quiet -c installer\constraints.txt -e ".[build]" }

Invoke-Checked "PyInstaller" {
    & $Python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller installer\frontdesk.spec
}
$sizeMb = [math]::Round(((Get-ChildItem dist\frontdesk -Recurse -File | Measure-Object Length -Sum).Sum / 1MB), 1)
Write-Host "dist\frontdesk: $sizeMb MB (goal: at most 150 MB)"

# The frozen program must start: the same check CI runs on Linux.
$env:FRONTDESK_HOME = Join-Path $env:TEMP ("frontdesk-build-check-" + [guid]::NewGuid())
Invoke-Checked "frozen smoke test" { & dist\frontdesk\frontdesk.exe gui --smoke }
Remove-Item -Recurse -Force $env:FRONTDESK_HOME
Remove-Item Env:\FRONTDESK_HOME

$makensis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $makensis) {
    $makensis = @("${env:ProgramFiles(x86)}\NSIS\makensis.exe", "$env:ProgramFiles\NSIS\makensis.exe") |
        Where-Object { Test-Path $_ } | Select-Object -First 1
}
if (-not $makensis) { throw "makensis not found: install NSIS 3 (winget install NSIS.NSIS)" }
Invoke-Checked "makensis" { & $makensis /V2 /WX "/DDIST_DIR=$root\dist\frontdesk" installer\frontdesk.nsi }
Get-ChildItem dist\frontdesk-setup-*.exe | ForEach-Object { Write-Host "installer: $($_.FullName)" }
