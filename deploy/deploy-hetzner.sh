#!/usr/bin/env bash
# Deploy Multithreaded to the production host ("hetzner", alpha-west-1),
# building on THIS machine.
#
# Routine deploy: `npm ci && npm run build` here, assemble a release (dist,
# static, migrations, package*.json, production node_modules from a separate
# `npm ci --omit=dev`), rsync it to the host, back up the database, install it
# into /opt/multithreaded, restart, and check GET /api/health on the host.
# See deploy/README.md.
set -euo pipefail

DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$DEPLOY_DIR/.." && pwd)
# shellcheck source=lib.sh
. "$DEPLOY_DIR/lib.sh"

usage() {
	cat <<EOF
Usage: deploy/deploy-hetzner.sh --host HOST --user USER [MODE] [OPTIONS]

Builds Multithreaded here and deploys it to the production host (see deploy/README.md).

Target (required; flags win over the environment):
  --host HOST        host name or address       (or DEPLOY_HOST)
  --user USER        SSH user; sudo is used when it is not root   (or DEPLOY_USER)
  DEPLOY_SSH_OPTS    extra ssh options, e.g. "-p 2222 -i ~/.ssh/id_deploy"

Mode (default: routine deploy of the current working tree):
  --setup            first time: system user, /opt/multithreaded, .env from the
                     env file, PostgreSQL role + database, systemd unit (enabled),
                     install, --migrate + --seed, start. Safe to re-run.
  --config           upload only the systemd unit, static/ and migrations/, restart
  --env              install the env file as /opt/multithreaded/.env, restart
  --rollback         swap the previous release back in, restart

Options:
  --env-file FILE    env file for --setup/--env (default: deploy/env.hetzner,
                     your filled-in copy of deploy/env.hetzner.example)
  --no-backup        skip the pg_dump taken before installing a release
  --no-seed          with --setup: do not load the demo data
  -h, --help         this help

Note: a routine deploy runs \`npm ci\` in this working tree (node_modules is
reinstalled from package-lock.json).
EOF
}

ENV_FILE=$DEPLOY_DIR/env.hetzner
parse_deploy_args "$@"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mt-release.XXXXXX")
cleanup() {
	close_ssh
	rm -rf "$WORK"
}
trap cleanup EXIT
init_ssh

# Build the release here, into $WORK/release.
build_local() {
	require_cmd node npm
	bash "$DEPLOY_DIR/build-release.sh" "$REPO_ROOT" "$WORK/release" "$(release_info)"
}

# node_modules is built for this machine. Pure-JavaScript dependencies run
# anywhere; a native addon (*.node) only runs on the OS/CPU it was built for.
check_portable() {
	local here there addon
	here="$(uname -s) $(uname -m)"
	there=$(remote "uname -s; uname -m" | tr '\n' ' ')
	there=${there% }
	addon=$(find "$WORK/release/node_modules" -name '*.node' -type f -print 2>/dev/null | head -n 1)
	if [ -n "$addon" ] && [ "$here" != "$there" ]; then
		die "the release contains a native addon (${addon#"$WORK/release/"}) built for $here, but the host is $there. Build on a $there machine (e.g. the staging flow, deploy/deploy.sh) or drop the native dependency."
	fi
}

upload_release() {
	log "uploading the release to $TARGET:$REMOTE_STAGE/release"
	push_helper
	push "$WORK/release/" "$TARGET:$REMOTE_STAGE/release/"
}

install_flags=()
if [ "$NO_BACKUP" -eq 1 ]; then install_flags=(--no-backup); fi

case $MODE in
deploy)
	build_local
	check_portable
	upload_release
	remote_root install ${install_flags[@]+"${install_flags[@]}"} start
	;;
setup)
	build_local
	check_portable
	upload_release
	push_env "$ENV_FILE"
	if [ "$NO_SEED" -eq 0 ]; then
		remote_root setup install --no-backup seed start
	else
		remote_root setup install --no-backup start
	fi
	;;
config)
	log "uploading the unit, static/ and migrations/ to $TARGET:$REMOTE_STAGE"
	push_helper
	push "$REPO_ROOT/static/" "$TARGET:$REMOTE_STAGE/release/static/"
	push "$REPO_ROOT/migrations/" "$TARGET:$REMOTE_STAGE/release/migrations/"
	remote_root config
	;;
env)
	push_helper
	push_env "$ENV_FILE"
	remote_root env
	;;
rollback)
	push_helper
	remote_root rollback
	;;
esac

log "done: $MODE on $DEPLOY_HOST"
