#!/usr/bin/env bash
# Build a self-contained Multithreaded release folder:
#   OUT_DIR/{dist,static,migrations,package.json,package-lock.json,node_modules,RELEASE}
# with production dependencies only. Used by deploy-hetzner.sh (on the
# operator's machine) and by deploy.sh (on the staging host).
#
# Usage: deploy/build-release.sh SOURCE_DIR OUT_DIR [RELEASE_INFO]
#
# Runs `npm ci && npm run build` in SOURCE_DIR (this replaces SOURCE_DIR's
# node_modules with a fresh install), then `npm ci --omit=dev` in OUT_DIR.
# Bash 3.2 compatible (macOS).
set -euo pipefail

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}
log() { printf '==> %s\n' "$*"; }

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	die "usage: $0 SOURCE_DIR OUT_DIR [RELEASE_INFO]"
fi
SRC=$(cd "$1" && pwd) || die "source folder $1 not found"
OUT=$2
INFO=${3:-}
case $OUT in
/*) ;;
*) OUT=$PWD/$OUT ;;
esac
OUT=${OUT%/}
case $OUT in
"" | "$SRC" | "$SRC"/dist | "$SRC"/node_modules) die "refusing to build into $OUT" ;;
esac
case $SRC/ in
"$OUT"/*) die "refusing to build into $OUT (it contains the source)" ;;
esac

command -v node >/dev/null 2>&1 || die "node is not installed (Node.js 20 is required)"
command -v npm >/dev/null 2>&1 || die "npm is not installed (Debian: apt-get install npm, or use NodeSource's nodejs)"
node -e '
	const [maj, min] = process.versions.node.split(".").map(Number);
	if (maj < 20 || (maj === 20 && min < 11)) {
		console.error("error: Node.js >= 20.11 is required, found " + process.version);
		process.exit(1);
	}
' || exit 1

cd "$SRC"
[ -f package-lock.json ] || die "$SRC/package-lock.json is missing (npm ci needs it)"

log "npm ci (all dependencies) in $SRC"
npm ci --no-audit --no-fund
log "npm run build"
npm run build
[ -f dist/main.js ] || die "the build did not produce dist/main.js"
for item in static migrations; do
	[ -d "$item" ] || die "$SRC/$item is missing; the app needs it at run time"
done

log "assembling the release in $OUT"
rm -rf "$OUT"
mkdir -p "$OUT"
cp -R dist static migrations package.json package-lock.json "$OUT/"

log "npm ci --omit=dev (production dependencies only)"
(cd "$OUT" && npm ci --omit=dev --no-audit --no-fund)

if [ -n "$INFO" ]; then
	printf '%s\n' "$INFO" >"$OUT/RELEASE"
fi
log "release ready: $(du -sh "$OUT" | cut -f1) in $OUT"
