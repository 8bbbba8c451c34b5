#!/usr/bin/env bash
# System packages the tests need, from Debian's apt when missing: Chromium (browser tests;
# no test tool may download its own browser), PostgreSQL server binaries (a throwaway
# cluster for the integration suite), poppler-utils (pdftotext checks generated PDFs), a
# Java runtime (the Nu HTML checker, shipped in the vnu-jar package) and ffmpeg (turns a
# ticket's QR code into the fake camera video of the check-in tests).
set -euo pipefail
need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${TEST_DATABASE_URL:-}" ] || need+=(postgresql)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
[ ${#need[@]} -eq 0 ] && exit 0

echo "Installing with apt: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
