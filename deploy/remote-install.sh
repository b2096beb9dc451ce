#!/usr/bin/env bash
# Host-side half of the Multithreaded deploy. deploy.sh / deploy-hetzner.sh
# stage this script, the systemd unit, a release folder and (for --setup and
# --env) the env file in ~/multithreaded-deploy on the host, then run it as
# root:
#
#   remote-install.sh setup        system user, folders, .env, PostgreSQL role
#                                  and database, systemd unit (enabled)
#   remote-install.sh install [--no-backup]
#                                  back up the database, stop the service,
#                                  swap in ./release (the old one is kept in
#                                  /opt/multithreaded/.previous); does not start
#   remote-install.sh seed         --migrate, then --seed (idempotent), as the
#                                  service user with the service's environment
#   remote-install.sh start        (re)start the service, wait for /api/health
#   remote-install.sh config       install the unit, static/ and migrations/
#                                  from ./release, then restart
#   remote-install.sh env          install ./env as /opt/multithreaded/.env,
#                                  then restart
#   remote-install.sh rollback     swap /opt/multithreaded/.previous back in,
#                                  then restart
#   remote-install.sh health       check /api/health once
#   remote-install.sh status       release, service state, health
#
# Commands can be chained: remote-install.sh install --no-backup seed start
#
# Debian 12 (bash 5, systemd, PostgreSQL 15 from Debian). Can be run by hand.
set -euo pipefail

readonly APP=multithreaded
readonly SERVICE=multithreaded.service
readonly PREFIX=/opt/multithreaded
readonly STATE_DIR=/var/lib/multithreaded
readonly UNIT_PATH=/etc/systemd/system/multithreaded.service
readonly BACKUP_DIR=/var/backups/multithreaded
readonly KEEP_BACKUPS=${MT_KEEP_BACKUPS:-10}
readonly HEALTH_TIMEOUT=${MT_HEALTH_TIMEOUT:-60}
readonly NODE=/usr/bin/node
readonly LOCK_FILE=/run/lock/multithreaded-deploy.lock
# What a release consists of (RELEASE is optional).
readonly RELEASE_ITEMS=(dist static migrations node_modules package.json package-lock.json RELEASE)
STAGE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly STAGE

log() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

usage() {
	sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

need_root() {
	[[ $(id -u) -eq 0 ]] || die "run as root (sudo bash $0 ...)"
}

take_lock() {
	mkdir -p "$(dirname "$LOCK_FILE")"
	exec 9>"$LOCK_FILE"
	flock -n 9 || die "another deploy is running on this host (lock: $LOCK_FILE)"
}

# Value of KEY in a systemd EnvironmentFile (last one wins, quotes removed).
env_get() {
	local key=$1 file=${2:-$PREFIX/.env} line value=""
	[[ -r $file ]] || return 0
	while IFS= read -r line || [[ -n $line ]]; do
		line=${line%$'\r'}
		if [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=[[:space:]]*(.*)$ ]] &&
			[[ ${BASH_REMATCH[1]} == "$key" ]]; then
			value=${BASH_REMATCH[2]}
		fi
	done <"$file"
	if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then
		value=${BASH_REMATCH[1]}
	fi
	printf '%s' "$value"
}

check_node() {
	[[ -x $NODE ]] || die "$NODE not found. Install Node.js 20 (NodeSource nodejs 20.x, or Debian's nodejs if it is >= 20.11); the unit runs $NODE."
	"$NODE" -e '
		const [maj, min] = process.versions.node.split(".").map(Number);
		if (maj < 20 || (maj === 20 && min < 11)) {
			console.error("error: Node.js >= 20.11 is required at /usr/bin/node, found " + process.version);
			process.exit(1);
		}
	' || exit 1
}

check_tools() {
	local c
	for c in systemctl systemd-run journalctl curl flock runuser useradd; do
		command -v "$c" >/dev/null 2>&1 || die "'$c' is required on the host"
	done
}

# --- database --------------------------------------------------------------

# Sets DB_USER DB_PASSWORD DB_NAME DB_HOST DB_LOCAL from DATABASE_URL in .env.
parse_database_url() {
	local url parts
	url=$(env_get DATABASE_URL)
	[[ -n $url ]] || die "DATABASE_URL is not set in $PREFIX/.env"
	# Node's URL parser is the one the app uses; print NUL-separated fields.
	parts=$("$NODE" -e '
		const u = new URL(process.argv[1]);
		const host = u.searchParams.get("host") || decodeURIComponent(u.hostname).replace(/^\[|\]$/g, "");
		const f = [decodeURIComponent(u.username), decodeURIComponent(u.password),
			decodeURIComponent(u.pathname.replace(/^\//, "")), host];
		process.stdout.write(f.map((s) => s.replace(/\n/g, "")).join("\n") + "\n");
	' "$url") || die "DATABASE_URL in $PREFIX/.env is not a valid URL"
	{
		IFS= read -r DB_USER
		IFS= read -r DB_PASSWORD
		IFS= read -r DB_NAME
		IFS= read -r DB_HOST
	} <<<"$parts"
	[[ -n $DB_USER ]] || die "DATABASE_URL has no user name"
	[[ -n $DB_NAME ]] || die "DATABASE_URL has no database name"
	case $DB_HOST in
	"" | localhost | 127.0.0.1 | ::1 | /*) DB_LOCAL=1 ;;
	*) DB_LOCAL=0 ;;
	esac
}

# psql as the postgres superuser (peer auth on the local socket); SQL on stdin.
psql_admin() {
	(cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@")
}

setup_database() {
	parse_database_url
	if [[ $DB_LOCAL != 1 ]]; then
		log "DATABASE_URL points at $DB_HOST: create role '$DB_USER' and database '$DB_NAME' there yourself"
		return 0
	fi
	command -v psql >/dev/null 2>&1 || die "psql not found: install PostgreSQL 15 (apt-get install postgresql)"
	if [[ -z $DB_PASSWORD && $DB_USER != "$APP" ]]; then
		warn "DATABASE_URL has no password and its user '$DB_USER' is not '$APP': peer authentication will refuse the service user"
	fi

	local exists
	exists=$(psql_admin -tA -v role="$DB_USER" <<<"SELECT 1 FROM pg_roles WHERE rolname = :'role';")
	if [[ $exists == 1 ]]; then
		log "PostgreSQL role '$DB_USER' exists"
	else
		log "creating PostgreSQL role '$DB_USER'"
		psql_admin -v role="$DB_USER" <<<'CREATE ROLE :"role" LOGIN;'
	fi
	if [[ -n $DB_PASSWORD ]]; then
		log "setting the password of role '$DB_USER' from DATABASE_URL"
		# Through the environment (psql 15's \getenv), not the command line.
		MT_DB_PASSWORD=$DB_PASSWORD psql_admin -v role="$DB_USER" <<-'SQL'
			\getenv pw MT_DB_PASSWORD
			ALTER ROLE :"role" PASSWORD :'pw';
		SQL
	fi

	exists=$(psql_admin -tA -v db="$DB_NAME" <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")
	if [[ $exists == 1 ]]; then
		log "PostgreSQL database '$DB_NAME' exists"
	else
		log "creating PostgreSQL database '$DB_NAME' owned by '$DB_USER'"
		psql_admin -v db="$DB_NAME" -v role="$DB_USER" <<-'SQL'
			CREATE DATABASE :"db" OWNER :"role" ENCODING 'UTF8' TEMPLATE template0;
			REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
		SQL
	fi
}

backup_database() {
	parse_database_url
	if [[ $DB_LOCAL != 1 ]]; then
		warn "database is on $DB_HOST: not backed up by this script"
		return 0
	fi
	local exists file
	exists=$(psql_admin -tA -v db="$DB_NAME" <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")
	[[ $exists == 1 ]] || return 0
	install -d -o root -g root -m 0700 "$BACKUP_DIR"
	file="$BACKUP_DIR/$DB_NAME-$(date +%Y%m%d-%H%M%S).dump"
	log "backing up database '$DB_NAME' to $file"
	(cd / && runuser -u postgres -- pg_dump -Fc "$DB_NAME") >"$file.partial"
	chmod 0600 "$file.partial"
	mv "$file.partial" "$file"
	# Keep the newest $KEEP_BACKUPS dumps.
	find "$BACKUP_DIR" -maxdepth 1 -name "$DB_NAME-*.dump" -printf '%T@ %p\n' |
		sort -rn | tail -n +"$((KEEP_BACKUPS + 1))" | cut -d' ' -f2- | xargs -r rm -f --
}

# --- pieces ------------------------------------------------------------------

install_env() {
	[[ -f $STAGE/env ]] || die "no staged env file at $STAGE/env"
	if [[ -f $PREFIX/.env ]]; then
		if cmp -s "$STAGE/env" "$PREFIX/.env"; then
			log "$PREFIX/.env unchanged"
			rm -f "$STAGE/env"
			return 0
		fi
		local bak
		bak="$PREFIX/.env.bak.$(date +%Y%m%d-%H%M%S)"
		cp -p "$PREFIX/.env" "$bak"
		chmod 0600 "$bak"
		log "previous .env saved as $bak"
	fi
	install -o root -g "$APP" -m 0640 "$STAGE/env" "$PREFIX/.env"
	rm -f "$STAGE/env"
	log "installed $PREFIX/.env (root:$APP 0640)"
}

install_unit() {
	[[ -f $STAGE/$SERVICE ]] || die "no staged unit at $STAGE/$SERVICE"
	install -o root -g root -m 0644 "$STAGE/$SERVICE" "$UNIT_PATH"
	systemctl daemon-reload
	log "installed $UNIT_PATH"
}

# Copy a staged folder or file into $dest_dir, owned by root, readable by all
# (the service user reaches it through $PREFIX, which is root:$APP 0750).
stage_copy() {
	local src=$1 dest_dir=$2
	cp -a "$src" "$dest_dir/"
	chown -R root:root "$dest_dir/$(basename "$src")"
	chmod -R u+rwX,go+rX,go-w "$dest_dir/$(basename "$src")"
}

health_url() {
	local port bind host
	port=$(env_get PORT)
	bind=$(env_get BIND_ADDR)
	case $bind in
	"" | 0.0.0.0) host=127.0.0.1 ;;
	:: | "[::]") host="[::1]" ;;
	*:*) host="[${bind#\[}" && host="${host%\]}]" ;;
	*) host=$bind ;;
	esac
	printf 'http://%s:%s/api/health' "$host" "${port:-3400}"
}

check_health_once() {
	curl -fsS --max-time 5 "$(health_url)"
}

wait_healthy() {
	local url deadline body
	url=$(health_url)
	deadline=$((SECONDS + HEALTH_TIMEOUT))
	log "waiting for $url (up to ${HEALTH_TIMEOUT}s)"
	while ((SECONDS < deadline)); do
		if body=$(curl -fsS --max-time 5 "$url" 2>/dev/null); then
			log "healthy: $body"
			return 0
		fi
		if systemctl is-failed --quiet "$SERVICE"; then
			break
		fi
		sleep 1
	done
	journalctl -u "$SERVICE" -n 40 --no-pager >&2 || true
	die "$APP is not healthy (see the log above; journalctl -u $APP). To go back to the previous release: --rollback"
}

# Run the app once with the service's user, environment and working folder.
run_app() {
	systemd-run --quiet --wait --pipe --collect --service-type=exec \
		--unit="$APP-task-$$" \
		-p User="$APP" -p Group="$APP" \
		-p WorkingDirectory="$PREFIX" \
		-p Environment=NODE_ENV=production \
		-p Environment=DATA_DIR="$STATE_DIR" \
		-p EnvironmentFile="$PREFIX/.env" \
		-p StateDirectory="$APP" \
		-p NoNewPrivileges=yes -p ProtectSystem=strict -p ProtectHome=yes -p PrivateTmp=yes \
		"$NODE" "$PREFIX/dist/main.js" "$@" 9>&-
}

# --- commands ----------------------------------------------------------------

cmd_setup() {
	need_root
	check_tools
	check_node
	take_lock

	if getent group "$APP" >/dev/null; then
		log "group '$APP' exists"
	else
		groupadd --system "$APP"
		log "created system group '$APP'"
	fi
	if id -u "$APP" >/dev/null 2>&1; then
		log "user '$APP' exists"
	else
		useradd --system --gid "$APP" --home-dir "$STATE_DIR" --no-create-home \
			--shell /usr/sbin/nologin --comment "Multithreaded forum" "$APP"
		log "created system user '$APP'"
	fi

	install -d -o root -g "$APP" -m 0750 "$PREFIX"
	install -d -o "$APP" -g "$APP" -m 0750 "$STATE_DIR"
	install -d -o root -g root -m 0700 "$BACKUP_DIR"

	if [[ -f $STAGE/env ]]; then
		install_env
	elif [[ ! -f $PREFIX/.env ]]; then
		die "no env file staged and $PREFIX/.env does not exist"
	fi

	setup_database
	install_unit
	systemctl enable "$SERVICE"
	log "setup done"
}

cmd_install() {
	need_root
	check_node
	local backup=1
	if [[ ${1:-} == --no-backup ]]; then backup=0; fi
	local rel=$STAGE/release item
	[[ -f $rel/dist/main.js ]] || die "no release staged at $rel (dist/main.js missing)"
	[[ -d $rel/node_modules ]] || die "the staged release has no node_modules"
	[[ -f $PREFIX/.env ]] || die "$PREFIX/.env not found: run the deploy with --setup first"
	id -u "$APP" >/dev/null 2>&1 || die "user '$APP' not found: run the deploy with --setup first"
	take_lock

	if ((backup)); then backup_database; fi

	# Copy first (slow), then stop and swap with renames (fast).
	rm -rf "$PREFIX/.incoming"
	install -d -o root -g root -m 0755 "$PREFIX/.incoming"
	for item in "${RELEASE_ITEMS[@]}"; do
		if [[ -e $rel/$item ]]; then stage_copy "$rel/$item" "$PREFIX/.incoming"; fi
	done
	if [[ -f $STAGE/$SERVICE ]] && ! cmp -s "$STAGE/$SERVICE" "$UNIT_PATH"; then install_unit; fi

	if systemctl is-active --quiet "$SERVICE"; then
		log "stopping $SERVICE"
		systemctl stop "$SERVICE"
	fi
	rm -rf "$PREFIX/.previous"
	install -d -o root -g root -m 0755 "$PREFIX/.previous"
	for item in "${RELEASE_ITEMS[@]}"; do
		if [[ -e $PREFIX/$item ]]; then mv "$PREFIX/$item" "$PREFIX/.previous/"; fi
		if [[ -e $PREFIX/.incoming/$item ]]; then mv "$PREFIX/.incoming/$item" "$PREFIX/"; fi
	done
	rm -rf "$PREFIX/.incoming"
	if [[ ! -e $PREFIX/.previous/dist ]]; then rm -rf "$PREFIX/.previous"; fi
	log "installed release: $(cat "$PREFIX/RELEASE" 2>/dev/null || echo '(no RELEASE file)')"
}

cmd_seed() {
	need_root
	[[ -f $PREFIX/dist/main.js ]] || die "nothing installed in $PREFIX yet"
	log "applying migrations (--migrate)"
	run_app --migrate
	log "seeding demo data (--seed, idempotent)"
	run_app --seed
}

cmd_start() {
	need_root
	[[ -f $PREFIX/dist/main.js ]] || die "nothing installed in $PREFIX yet"
	systemctl reset-failed "$SERVICE" 2>/dev/null || true
	log "restarting $SERVICE"
	# 9>&-: the deploy lock must never be inherited by anything long-lived.
	systemctl restart "$SERVICE" 9>&-
	wait_healthy
}

cmd_config() {
	need_root
	local rel=$STAGE/release dir
	[[ -f $PREFIX/.env ]] || die "$PREFIX/.env not found: run the deploy with --setup first"
	for dir in static migrations; do
		[[ -d $rel/$dir ]] || die "no $dir/ staged at $rel/$dir"
	done
	take_lock
	install_unit
	for dir in static migrations; do
		rm -rf "$PREFIX/.incoming-$dir"
		install -d -o root -g root -m 0755 "$PREFIX/.incoming-$dir"
		stage_copy "$rel/$dir" "$PREFIX/.incoming-$dir"
		rm -rf "$PREFIX/$dir.old"
		if [[ -e $PREFIX/$dir ]]; then mv "$PREFIX/$dir" "$PREFIX/$dir.old"; fi
		mv "$PREFIX/.incoming-$dir/$dir" "$PREFIX/$dir"
		rm -rf "$PREFIX/$dir.old" "$PREFIX/.incoming-$dir"
		log "installed $PREFIX/$dir"
	done
	cmd_start
}

cmd_env() {
	need_root
	getent group "$APP" >/dev/null || die "group '$APP' not found: run the deploy with --setup first"
	take_lock
	install_env
	cmd_start
}

cmd_rollback() {
	need_root
	local item
	[[ -f $PREFIX/.previous/dist/main.js ]] || die "no previous release in $PREFIX/.previous"
	take_lock
	log "rolling back to: $(cat "$PREFIX/.previous/RELEASE" 2>/dev/null || echo '(no RELEASE file)')"
	warn "database migrations are not undone; if the newer release changed the schema, restore a dump from $BACKUP_DIR (see deploy/README.md)"
	if systemctl is-active --quiet "$SERVICE"; then systemctl stop "$SERVICE"; fi
	rm -rf "$PREFIX/.rollback"
	install -d -o root -g root -m 0755 "$PREFIX/.rollback"
	for item in "${RELEASE_ITEMS[@]}"; do
		if [[ -e $PREFIX/$item ]]; then mv "$PREFIX/$item" "$PREFIX/.rollback/"; fi
		if [[ -e $PREFIX/.previous/$item ]]; then mv "$PREFIX/.previous/$item" "$PREFIX/"; fi
	done
	# The release we rolled back from becomes .previous (roll forward with --rollback again).
	rm -rf "$PREFIX/.previous"
	mv "$PREFIX/.rollback" "$PREFIX/.previous"
	cmd_start
}

cmd_health() {
	check_health_once
	echo
}

cmd_status() {
	echo "release:  $(cat "$PREFIX/RELEASE" 2>/dev/null || echo '(none)')"
	echo "previous: $(cat "$PREFIX/.previous/RELEASE" 2>/dev/null || echo '(none)')"
	systemctl --no-pager status "$SERVICE" || true
	printf 'health:   '
	check_health_once || true
	echo
}

# Several commands may follow each other (one sudo prompt for a whole deploy):
#   remote-install.sh install --no-backup seed start
main() {
	local cmd args
	if [[ $# -eq 0 ]]; then
		usage >&2
		die "no command given"
	fi
	while [[ $# -gt 0 ]]; do
		cmd=$1
		shift
		args=()
		while [[ $# -gt 0 && $1 == --* ]]; do
			args+=("$1")
			shift
		done
		case $cmd in
		setup) cmd_setup "${args[@]}" ;;
		install) cmd_install "${args[@]}" ;;
		seed) cmd_seed "${args[@]}" ;;
		start) cmd_start "${args[@]}" ;;
		config) cmd_config "${args[@]}" ;;
		env) cmd_env "${args[@]}" ;;
		rollback) cmd_rollback "${args[@]}" ;;
		health) cmd_health "${args[@]}" ;;
		status) cmd_status "${args[@]}" ;;
		-h | --help | help)
			usage
			return 0
			;;
		*)
			usage >&2
			die "unknown command '${cmd}'"
			;;
		esac
	done
}

main "$@"
