#!/usr/bin/env bash
# Deploy Multithreaded to the staging host ("astra"), building on the host.
#
# Routine deploy: rsync the source to ~/src/multithreaded on the host, run
# `npm ci && npm run build` there, assemble a release (dist, static,
# migrations, package*.json, production node_modules), back up the database,
# install it into /opt/multithreaded and restart the service, then wait for
# GET /api/health on the host. See deploy/README.md.
set -euo pipefail

DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$DEPLOY_DIR/.." && pwd)
# shellcheck source=lib.sh
. "$DEPLOY_DIR/lib.sh"

REMOTE_SRC=src/multithreaded

usage() {
	cat <<EOF
Usage: deploy/deploy.sh --host HOST --user USER [MODE] [OPTIONS]

Deploys Multithreaded to a staging host, building it there (see deploy/README.md).

Target (required; flags win over the environment):
  --host HOST        host name or address       (or DEPLOY_HOST)
  --user USER        SSH user; sudo is used when it is not root   (or DEPLOY_USER)
  DEPLOY_SSH_OPTS    extra ssh options, e.g. "-p 2222 -i ~/.ssh/id_deploy"

Mode (default: routine deploy of the current working tree):
  --setup            first time: system user, /opt/multithreaded, .env from the
                     env file, PostgreSQL role + database, systemd unit (enabled),
                     install, --migrate + --seed, start. Safe to re-run.
  --config           rsync the source and install only the unit, static/ and
                     migrations/, then restart (no rebuild)
  --env              install the env file as /opt/multithreaded/.env, restart
  --rollback         swap the previous release back in, restart

Options:
  --env-file FILE    env file for --setup/--env (default: deploy/env.production,
                     your filled-in copy of deploy/env.production.example)
  --no-backup        skip the pg_dump taken before installing a release
  --no-seed          with --setup: do not load the demo data
  -h, --help         this help
EOF
}

ENV_FILE=$DEPLOY_DIR/env.production
parse_deploy_args "$@"
init_ssh
trap close_ssh EXIT

# rsync the working tree (not node_modules, build output, data, git or secrets).
sync_source() {
	log "syncing $REPO_ROOT to $TARGET:$REMOTE_SRC"
	remote "mkdir -p $REMOTE_SRC"
	push \
		--exclude=/node_modules/ --exclude=/dist/ --exclude=/data/ --exclude=/.git/ \
		--exclude=/.test-data/ --exclude=/screenshots/ --exclude='*.log' --exclude=/.env \
		--exclude=/deploy/env.production --exclude=/deploy/env.hetzner \
		"$REPO_ROOT/" "$TARGET:$REMOTE_SRC/"
}

# Build on the host into ~/multithreaded-deploy/release and stage the helper.
build_remote() {
	local info
	info=$(release_info)
	log "building on $DEPLOY_HOST (npm ci && npm run build, then npm ci --omit=dev)"
	remote "bash $REMOTE_SRC/deploy/build-release.sh $(quote_args "$REMOTE_SRC" "$REMOTE_STAGE/release" "$info")"
	remote "cp $REMOTE_SRC/deploy/remote-install.sh $REMOTE_SRC/deploy/multithreaded.service $REMOTE_STAGE/"
}

install_flags=()
if [ "$NO_BACKUP" -eq 1 ]; then install_flags=(--no-backup); fi

case $MODE in
deploy)
	sync_source
	build_remote
	remote_root install ${install_flags[@]+"${install_flags[@]}"} start
	;;
setup)
	sync_source
	build_remote
	push_env "$ENV_FILE"
	if [ "$NO_SEED" -eq 0 ]; then
		remote_root setup install --no-backup seed start
	else
		remote_root setup install --no-backup start
	fi
	;;
config)
	sync_source
	remote "mkdir -p $REMOTE_STAGE/release && cp $REMOTE_SRC/deploy/remote-install.sh $REMOTE_SRC/deploy/multithreaded.service $REMOTE_STAGE/"
	remote "rm -rf $REMOTE_STAGE/release/static $REMOTE_STAGE/release/migrations && cp -R $REMOTE_SRC/static $REMOTE_SRC/migrations $REMOTE_STAGE/release/"
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
