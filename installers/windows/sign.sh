#!/usr/bin/env bash
# Signs one Windows executable in place with the municipality's code-signing certificate
# (Authenticode, SHA-256, with an RFC 3161 timestamp when DL_WIN_SIGN_TIMESTAMP is set):
#   DL_WIN_SIGN_PKCS12=/pad/naar/certificaat.pfx DL_WIN_SIGN_PASSFILE=/pad/naar/wachtwoord.txt \
#   [DL_WIN_SIGN_TIMESTAMP=http://timestamp.example] bash installers/windows/sign.sh FILE.exe
# build-windows.sh calls it, when DL_WIN_SIGN_PKCS12 is set, for the program's .exe (before it is
# packed), the uninstaller and the installer (makensis !uninstfinalize and !finalize).
set -euo pipefail
file=$1
: "${DL_WIN_SIGN_PKCS12:?DL_WIN_SIGN_PKCS12 (het .pfx/.p12-bestand) ontbreekt}"
args=(sign -pkcs12 "$DL_WIN_SIGN_PKCS12" -h sha256 -n "Doorlopende Lijn")
[ -z "${DL_WIN_SIGN_PASSFILE:-}" ] || args+=(-readpass "$DL_WIN_SIGN_PASSFILE")
[ -z "${DL_WIN_SIGN_TIMESTAMP:-}" ] || args+=(-ts "$DL_WIN_SIGN_TIMESTAMP")
osslsigncode "${args[@]}" -in "$file" -out "$file.signed" >/dev/null
mv -f "$file.signed" "$file"
