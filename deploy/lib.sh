# shellcheck shell=bash
# Helpers shared by deploy/deploy.sh and deploy/deploy-hetzner.sh.
# Sourced, never run. Runs on the operator's machine, which may be macOS:
# keep it to bash 3.2 (no mapfile, no ${x,,}, guard empty-array expansions).

# Folder on the host, relative to the SSH user's home, where releases and the
# host-side helper (remote-install.sh) are staged before installation.
REMOTE_STAGE=multithreaded-deploy

# Keys the app needs in production (see deploy/README.md for each one).
REQUIRED_ENV_KEYS="NODE_ENV DATABASE_URL MNW_BASE_URL OAUTH_CLIENT_ID OAUTH_REDIRECT_URL PLATFORM_ADMIN_ID SESSION_SECRET BIND_ADDR PORT"

if [ -t 1 ]; then
	log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
else
	log() { printf '==> %s\n' "$*"; }
fi
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || die "'$c' is required on this machine but was not found in PATH"
	done
}

# The value of KEY in a systemd-style env file ("" if absent); the last
# assignment wins, surrounding quotes are removed.
env_value() {
	local key=$1 file=$2 line value=""
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%$'\r'}
		if [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=[[:space:]]*(.*)$ ]] &&
			[ "${BASH_REMATCH[1]}" = "$key" ]; then
			value=${BASH_REMATCH[2]}
		fi
	done <"$file"
	if [[ $value =~ ^\"(.*)\"$ ]] || [[ $value =~ ^\'(.*)\'$ ]]; then
		value=${BASH_REMATCH[1]}
	fi
	printf '%s' "$value"
}

# Refuse to ship an env file that is missing, incomplete or still has
# placeholders: the app would stop at start anyway, but later and on the host.
check_env_file() {
	local file=$1 key value bad=0
	[ -f "$file" ] || die "$file not found. Copy $(basename "$file").example to $file and fill it in (see deploy/README.md)."
	if grep -v '^[[:space:]]*#' "$file" | grep -q 'CHANGE_ME'; then
		die "$file still contains CHANGE_ME placeholders; fill them in first."
	fi
	for key in $REQUIRED_ENV_KEYS; do
		value=$(env_value "$key" "$file")
		if [ -z "$value" ]; then
			warn "$file: $key is missing or empty"
			bad=1
		fi
	done
	[ "$bad" -eq 0 ] || die "$file is incomplete."
	value=$(env_value NODE_ENV "$file")
	[ "$value" = production ] || die "$file: NODE_ENV must be 'production' (is '$value')"
	value=$(env_value SESSION_SECRET "$file")
	[ "${#value}" -ge 32 ] || die "$file: SESSION_SECRET must be at least 32 characters (openssl rand -hex 32)"
	value=$(env_value PORT "$file")
	[[ $value =~ ^[0-9]+$ ]] || die "$file: PORT must be a number (is '$value')"
	value=$(env_value DATABASE_URL "$file")
	[[ $value =~ ^postgres(ql)?:// ]] || die "$file: DATABASE_URL must start with postgres:// or postgresql://"
	for key in MNW_BASE_URL OAUTH_REDIRECT_URL; do
		value=$(env_value "$key" "$file")
		[[ $value =~ ^https?:// ]] || die "$file: $key must be an http:// or https:// URL (is '$value')"
	done
}

# Host and SSH user: flags win over DEPLOY_HOST / DEPLOY_USER; both required.
require_target() {
	if [ -z "${DEPLOY_HOST:-}" ] || [ -z "${DEPLOY_USER:-}" ]; then
		usage >&2
		echo >&2
		die "the target host and SSH user are required: pass --host HOST --user USER (or set DEPLOY_HOST and DEPLOY_USER)."
	fi
	case $DEPLOY_HOST$DEPLOY_USER in
	*[[:space:]]* | *@*) die "--host and --user must be a plain host name/address and user name" ;;
	esac
	TARGET="$DEPLOY_USER@$DEPLOY_HOST"
}

# One multiplexed SSH connection for the whole run: a single authentication,
# and it is faster. DEPLOY_SSH_OPTS adds options, e.g. "-p 2222 -i ~/.ssh/deploy".
SSH_CTL_DIR=""
init_ssh() {
	# /tmp, not $TMPDIR: macOS's long $TMPDIR overflows the socket path limit.
	SSH_CTL_DIR=$(mktemp -d /tmp/mt-ssh.XXXXXX)
	SSH_OPTS=(-o ControlMaster=auto -o "ControlPath=$SSH_CTL_DIR/%C" -o ControlPersist=120 -o ServerAliveInterval=15)
	if [ -n "${DEPLOY_SSH_OPTS:-}" ]; then
		local extra
		read -r -a extra <<<"$DEPLOY_SSH_OPTS"
		SSH_OPTS+=(${extra[@]+"${extra[@]}"})
	fi
	RSYNC_RSH="ssh -o ControlMaster=auto -o ControlPath=$SSH_CTL_DIR/%C -o ControlPersist=120 ${DEPLOY_SSH_OPTS:-}"
}

close_ssh() {
	if [ -n "$SSH_CTL_DIR" ]; then
		ssh "${SSH_OPTS[@]}" -O exit "$TARGET" >/dev/null 2>&1 || true
		rm -rf "$SSH_CTL_DIR"
		SSH_CTL_DIR=""
	fi
}

# Quote arguments for the remote shell.
quote_args() {
	local out="" a
	for a in "$@"; do
		out="$out $(printf '%q' "$a")"
	done
	printf '%s' "${out# }"
}

# Run a shell command line on the host as the SSH user. The line is built
# here on purpose (values quoted with quote_args where needed).
# shellcheck disable=SC2029
remote() {
	ssh "${SSH_OPTS[@]}" "$TARGET" "$@"
}

# Run the host-side helper (staged in ~/$REMOTE_STAGE) as root; sudo when the
# SSH user is not root, with a terminal when we have one so sudo can prompt.
# shellcheck disable=SC2029 # the command line is quoted with quote_args
remote_root() {
	local sudo="" cmd
	[ "$DEPLOY_USER" = root ] || sudo="sudo "
	cmd="cd $REMOTE_STAGE && ${sudo}bash ./remote-install.sh $(quote_args "$@")"
	if [ -t 0 ] && [ -t 1 ]; then
		ssh "${SSH_OPTS[@]}" -t "$TARGET" "$cmd"
	else
		ssh "${SSH_OPTS[@]}" "$TARGET" "$cmd"
	fi
}

# rsync to the host over the shared connection.
push() {
	rsync -rlptz --delete -e "$RSYNC_RSH" "$@"
}

# Stage the host-side helper and the systemd unit.
push_helper() {
	remote "mkdir -p $REMOTE_STAGE/release"
	rsync -rlptz -e "$RSYNC_RSH" "$DEPLOY_DIR/remote-install.sh" "$DEPLOY_DIR/multithreaded.service" "$TARGET:$REMOTE_STAGE/"
}

# Stage the env file (created mode 0600 through umask); remote-install.sh
# moves it into place and deletes the staged copy.
push_env() {
	check_env_file "$1"
	remote "mkdir -p $REMOTE_STAGE && umask 077 && cat > $REMOTE_STAGE/env" <"$1"
}

# One line describing what is being deployed, stored as RELEASE next to dist/.
release_info() {
	local commit="unknown" dirty="" version
	if command -v git >/dev/null 2>&1 && git -C "$REPO_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo none)
		if [ -n "$(git -C "$REPO_ROOT" --no-optional-locks status --porcelain 2>/dev/null)" ]; then
			dirty="+uncommitted"
			warn "the working tree has uncommitted changes; they are deployed too."
		fi
	fi
	version=$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$REPO_ROOT/package.json" | head -n 1)
	printf 'version=%s commit=%s%s built=%s by=%s@%s\n' "${version:-unknown}" "$commit" "$dirty" \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${USER:-unknown}" "$(hostname 2>/dev/null || echo unknown)"
}

# The command line both deploy scripts take (their usage() describes it). Sets MODE, ENV_FILE,
# NO_BACKUP, NO_SEED, DEPLOY_HOST and DEPLOY_USER (ENV_FILE holds the script's default before the
# call), then checks the target, the tools, and the env file when one is needed.
# shellcheck disable=SC2034 # NO_BACKUP and NO_SEED are read by the sourcing script
parse_deploy_args() {
	MODE=deploy
	NO_BACKUP=0
	NO_SEED=0
	DEPLOY_HOST=${DEPLOY_HOST:-}
	DEPLOY_USER=${DEPLOY_USER:-}
	while [ $# -gt 0 ]; do
		case $1 in
		--host) need_value "$@"; DEPLOY_HOST=$2; shift 2 ;;
		--host=*) DEPLOY_HOST=${1#*=}; shift ;;
		--user) need_value "$@"; DEPLOY_USER=$2; shift 2 ;;
		--user=*) DEPLOY_USER=${1#*=}; shift ;;
		--env-file) need_value "$@"; ENV_FILE=$2; shift 2 ;;
		--env-file=*) ENV_FILE=${1#*=}; shift ;;
		--setup) set_mode setup; shift ;;
		--config) set_mode config; shift ;;
		--env) set_mode env; shift ;;
		--rollback) set_mode rollback; shift ;;
		--no-backup) NO_BACKUP=1; shift ;;
		--no-seed) NO_SEED=1; shift ;;
		-h | --help) usage; exit 0 ;;
		*) usage >&2; echo >&2; die "unknown argument: $1" ;;
		esac
	done
	require_target
	require_cmd ssh rsync
	if [ "$MODE" = setup ] || [ "$MODE" = env ]; then
		check_env_file "$ENV_FILE"
	fi
}

set_mode() {
	[ "$MODE" = deploy ] || die "choose one of --setup, --config, --env, --rollback"
	MODE=$1
}

need_value() {
	if [ $# -lt 2 ] || [ -z "$2" ] || [ "${2#-}" != "$2" ]; then die "$1 needs a value"; fi
}
