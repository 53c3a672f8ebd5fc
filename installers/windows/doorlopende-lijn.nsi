; Doorlopende Lijn: 64-bit Windows installer, per machine (Program Files), Modern UI 2, Dutch.
; Built by installers/build-windows.sh with Debian's makensis, which passes:
;   APP_DIR       the PyInstaller one-folder bundle       APP_EXE       its .exe (file name)
;   PRODUCT_NAME  shown name                               OUT_FILE      installer to write
;   VERSION       e.g. 0.1.0                               VERSION4      e.g. 0.1.0.0 (VIProductVersion)
;   ICON          the .ico of the program and installer    UNINSTALL_NSH generated: deletes the bundle's
;                                                                         top-level entries (no RMDir /r $INSTDIR)
;
; For IT (see installers/README.md): silent install with
;   DoorlopendeLijn-<v>-setup.exe /S [/CONFIG=\\server\share\doorlopende-lijn.ini] [/D=C:\Program Files\Doorlopende Lijn]
; (/D= last, no quotes). Without /CONFIG a doorlopende-lijn.ini beside the installer is used. The
; preset goes to %ProgramData%\DoorlopendeLijn\doorlopende-lijn.ini, where the program reads its
; machine-wide settings (platformdirs.site_config_dir). Uninstall keeps the users' data folders.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel admin
ManifestDPIAware true

; Code signing (build-windows.sh defines SIGN_CMD when DL_WIN_SIGN_PKCS12 is set): the uninstaller
; that WriteUninstaller writes, and then the installer itself, are signed as makensis makes them.
!ifdef SIGN_CMD
  !uninstfinalize '${SIGN_CMD} "%1"' = 0
  !finalize '${SIGN_CMD} "%1"' = 0
!endif

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh
!include x64.nsh

!ifndef PRODUCT_NAME
  !define PRODUCT_NAME "Doorlopende Lijn"
!endif
!define PUBLISHER "Regio Utrecht (U16)"
!define APP_ID "DoorlopendeLijn"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!if "${PRODUCT_NAME}" != "Doorlopende Lijn"
  ; the bare comparison build of bench_windows must not touch the real program's registration
  !undef UNINST_KEY
  !define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}-bare"
!endif
!define CONFIG_NAME "doorlopende-lijn.ini"

Name "${PRODUCT_NAME}"
OutFile "${OUT_FILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT_NAME}"
; Installing over an earlier version: in the folder it was installed in. NSIS's own order of
; precedence then holds (NSIS wiki "InstallDir doesn't work"): IT's /D= first, this registry value
; next, InstallDir last. (Setting $INSTDIR from the registry in .onInit, as an earlier version did,
; overrode /D=.) The installer is 64-bit (amd64-unicode), so it reads the 64-bit registry view.
InstallDirRegKey HKLM "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT_NAME} ${VERSION}"
ShowInstDetails hide
ShowUninstDetails hide

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=1043 "ProductName" "${PRODUCT_NAME}"
VIAddVersionKey /LANG=1043 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1043 "LegalCopyright" "${PUBLISHER}"
VIAddVersionKey /LANG=1043 "FileDescription" "Installatieprogramma van ${PRODUCT_NAME}"
VIAddVersionKey /LANG=1043 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1043 "ProductVersion" "${VERSION}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_NOAUTOCLOSE

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Dutch"

Var PresetConfig  ; path of the preset connection file to install, or empty

Function .onInit
  SetRegView 64
  SetShellVarContext all
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${PRODUCT_NAME} vraagt een 64-bits Windows." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
  ; The preset connection: /CONFIG=path on the command line, else doorlopende-lijn.ini beside the
  ; installer. A named file that does not exist stops the installation (IT gets an exit code).
  StrCpy $PresetConfig ""
  ${GetParameters} $1
  ClearErrors
  ${GetOptions} $1 "/CONFIG=" $2
  ${IfNot} ${Errors}
    ${If} ${FileExists} "$2"
      GetFullPathName $PresetConfig "$2"
    ${Else}
      MessageBox MB_ICONSTOP "Het verbindingsbestand $2 bestaat niet." /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
  ${ElseIf} ${FileExists} "$EXEDIR\${CONFIG_NAME}"
    StrCpy $PresetConfig "$EXEDIR\${CONFIG_NAME}"
  ${EndIf}
FunctionEnd

Section "Programma" SecMain
  SectionIn RO
  SetShellVarContext all
  SetRegView 64
  ; An earlier version's bundle goes first, so no stale module of it stays behind.
  ${If} ${FileExists} "$INSTDIR\uninstall.exe"
    !include "${UNINSTALL_NSH}"
  ${EndIf}
  SetOutPath "$INSTDIR"
  File /r "${APP_DIR}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  ${If} $PresetConfig != ""
    CreateDirectory "$APPDATA\${APP_ID}"
    CopyFiles /SILENT "$PresetConfig" "$APPDATA\${APP_ID}\${CONFIG_NAME}"
    DetailPrint "Verbindingsinstellingen van IT: $APPDATA\${APP_ID}\${CONFIG_NAME}"
  ${EndIf}

  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${PRODUCT_NAME}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

; Removes only what the installer put there: the bundle's own entries, the uninstaller, the
; shortcut and the registry key. The users' data (%LOCALAPPDATA% and %APPDATA%\DoorlopendeLijn) and
; IT's preset in %ProgramData% stay; the folder itself goes only when it is then empty.
Section "Uninstall"
  SetShellVarContext all
  SetRegView 64
  Delete "$SMPROGRAMS\${PRODUCT_NAME}.lnk"
  !include "${UNINSTALL_NSH}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINST_KEY}"
SectionEnd
