# shellcheck shell=bash
# Shared functions for scripts/serve, scripts/test, scripts/pg and the CTest
# fixtures in scripts/fixtures/.
# Sourced, not run. The caller sets ROOT (the repository root) first.

: "${ROOT:?ROOT must be set before sourcing scripts/lib.sh}"

say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# ------------------------------------------------------------ packages

# Debian packages the build, the tests and the private PostgreSQL need
# (python3 runs scripts/check-layers and scripts/test-summary; prometheus
# brings promtool, which checks the /metrics output; systemd brings
# systemd-analyze, which checks docs/scimd.service, and installs without a
# running systemd, as in a container; clang builds the fuzz targets).
SCIMD_PACKAGES=(build-essential cmake pkg-config libevent-dev libcjson-dev
	libpq-dev libssl-dev libcmocka-dev postgresql-15 curl ca-certificates
	prometheus systemd clang)

pkg_installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

# node_ok: a Node.js that runs `node --test` with reporters (18.19+) is on PATH.
node_ok() {
	command -v node >/dev/null 2>&1 || return 1
	node -e 'const [a, b] = process.versions.node.split(".").map(Number);
		process.exit(a > 18 || (a === 18 && b >= 19) ? 0 : 1)' 2>/dev/null
}

# ensure_packages: install whatever is missing, with one `apt-get update`.
# Node.js, npm and python3 are checked as commands, not packages: one from
# elsewhere (a Node.js that ships its own npm, say) is used as it is.
ensure_packages() {
	local missing=() p
	if ! command -v dpkg-query >/dev/null 2>&1; then
		warn "dpkg-query not found: not a Debian system, assuming the dependencies are installed"
		return 0
	fi
	for p in "${SCIMD_PACKAGES[@]}"; do
		pkg_installed "$p" || missing+=("$p")
	done
	node_ok || missing+=(nodejs)
	command -v python3 >/dev/null 2>&1 || missing+=(python3)
	command -v npm >/dev/null 2>&1 || pkg_installed npm || missing+=(npm)
	[ ${#missing[@]} -eq 0 ] && return 0

	say "installing missing packages: ${missing[*]}"
	local sudo=()
	if ! is_root; then
		command -v sudo >/dev/null 2>&1 ||
			die "missing packages (${missing[*]}) and no sudo: install them as root with apt-get install ${missing[*]}"
		sudo=(sudo)
		[ -t 0 ] || sudo=(sudo -n)
	fi
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update ||
		die "apt-get update failed"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
		--no-install-recommends "${missing[@]}" ||
		die "apt-get install failed"
	node_ok || die "Node.js 18.19 or newer is needed (found: $(node --version 2>/dev/null || echo none))"
}

# ------------------------------------------------------------ build

# build_tree DIR [CMAKE_ARGS...]: configure (RelWithDebInfo) and build DIR.
build_tree() {
	local dir="$1"
	shift
	say "building $dir"
	cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" &&
		cmake --build "$dir" -j "$(nproc)"
}

# ------------------------------------------------------------ ports

# port_in_use PORT: something accepts connections on 127.0.0.1:PORT.
port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port START: print the first port from START on that nobody listens on.
free_port() {
	local p="$1" end=$(($1 + 500))
	while [ "$p" -lt "$end" ] && [ "$p" -lt 65536 ]; do
		port_in_use "$p" || { echo "$p"; return 0; }
		p=$((p + 1))
	done
	return 1
}

# random_port: a free port in 10000..31999, below Linux's ephemeral range
# (32768..60999): a port there can be taken by any outgoing connection
# between this check and the bind.
random_port() {
	free_port $((10000 + (RANDOM * 32768 + RANDOM) % 22000))
}

# ------------------------------------------------------------ PostgreSQL

PG_BIN="${SCIMD_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_USER=scimd # database superuser name in the private clusters
PG_RUN=()     # prefix that runs a command as the unprivileged cluster owner

# pg_setup_owner: the PostgreSQL server refuses to run as root. As root,
# run it as the system user `scimd` (created if needed); otherwise as the
# current user.
pg_setup_owner() {
	[ -x "$PG_BIN/initdb" ] || die "PostgreSQL server binaries not found in $PG_BIN (package postgresql-15)"
	if is_root; then
		if ! id -u scimd >/dev/null 2>&1; then
			say "creating system user scimd to own the PostgreSQL cluster"
			useradd --system --user-group --no-create-home \
				--home-dir /nonexistent --shell /usr/sbin/nologin scimd ||
				die "could not create the system user scimd"
		fi
		PG_RUN=(runuser -u scimd --)
	fi
}

# pg_as CMD...: run CMD as the cluster owner, from / so that an
# unreadable working directory does not matter.
pg_as() {
	(cd / && "${PG_RUN[@]}" "$@")
}

# pg_give DIR...: hand directories to the cluster owner.
pg_give() {
	if is_root; then chown scimd:scimd "$@"; fi
	chmod 700 "$@"
}

# pg_can_reach DIR: the cluster owner can create files in DIR.
pg_can_reach() {
	pg_as test -w "$1" -a -x "$1"
}

# pg_initdb DATADIR: create a cluster whose superuser is `scimd`, with
# trust authentication (it only listens on 127.0.0.1 and a private socket).
pg_initdb() {
	pg_as "$PG_BIN/initdb" -D "$1" -U "$PG_USER" --auth=trust \
		--encoding=UTF8 --locale=C.UTF-8 --no-instructions >/dev/null
}

# pg_start DATADIR PORT SOCKDIR LOGFILE [SERVER_OPTIONS]
pg_start() {
	local data="$1" port="$2" sock="$3" logf="$4" extra="${5:-}"
	# a Unix socket path is limited to 107 bytes: without room, TCP only
	[ ${#sock} -gt 80 ] && sock=""
	pg_as "$PG_BIN/pg_ctl" -D "$data" -l "$logf" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$sock' $extra" \
		start >/dev/null || { tail -n 30 "$logf" >&2; return 1; }
}

pg_running() {
	[ -f "$1/postmaster.pid" ] && pg_as "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}

# pg_port DATADIR: the port of a running cluster (4th line of postmaster.pid).
pg_port() {
	sed -n 4p "$1/postmaster.pid"
}

pg_stop() {
	pg_running "$1" || return 0
	pg_as "$PG_BIN/pg_ctl" -D "$1" -m fast -w -t 60 stop >/dev/null
}

# pg_psql PORT DB ARGS...: psql over TCP as the superuser.
pg_psql() {
	local port="$1" db="$2"
	shift 2
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" \
		-U "$PG_USER" -d "$db" "$@"
}

# pg_createdb PORT NAME: create database NAME unless it exists.
pg_createdb() {
	local have
	have=$(pg_psql "$1" postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$2'") || return 1
	[ "$have" = 1 ] || pg_psql "$1" postgres -c "CREATE DATABASE \"$2\""
}

pg_url() { # PORT DB
	printf 'postgresql://%s@127.0.0.1:%s/%s\n' "$PG_USER" "$1" "$2"
}

# ------------------------------------------------------------ the persistent cluster of scripts/serve

# dev_cluster_locate: set DEV_PG (the folder holding data/, the log and
# the socket) and DEV_PG_PORT_FILE. The folder is var/pg unless the
# cluster owner cannot reach the checkout (root's home, say): then a
# folder of its own under /var/lib/scimd-dev.
dev_cluster_locate() {
	pg_setup_owner
	DEV_PG_PORT_FILE="$ROOT/var/pg.port"
	DEV_PG="$ROOT/var/pg"
	mkdir -p "$ROOT/var"
	if [ ! -d "$DEV_PG" ]; then
		mkdir "$DEV_PG"
		pg_give "$DEV_PG"
	fi
	if is_root && ! pg_can_reach "$DEV_PG"; then
		rmdir "$DEV_PG" 2>/dev/null || true
		DEV_PG="/var/lib/scimd-dev/$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
		if [ ! -d "$DEV_PG" ]; then
			mkdir -p "$DEV_PG"
			pg_give "$DEV_PG"
		fi
	fi
}

# dev_cluster_start: initdb on first use, start unless running, create the
# database `scimd`, and set SCIMD_DATABASE_URL. DEV_PG_FRESH=1 tells that
# the cluster was created just now.
# shellcheck disable=SC2034 # DEV_PG_FRESH is read by scripts/serve
dev_cluster_start() {
	local port=""
	DEV_PG_FRESH=0
	dev_cluster_locate
	if [ ! -f "$DEV_PG/data/PG_VERSION" ]; then
		say "creating the PostgreSQL cluster in $DEV_PG/data"
		rm -rf "$DEV_PG/data"
		pg_initdb "$DEV_PG/data" || die "initdb failed"
		DEV_PG_FRESH=1
	fi
	if pg_running "$DEV_PG/data"; then
		port=$(pg_port "$DEV_PG/data")
	else
		[ -f "$DEV_PG_PORT_FILE" ] && port=$(cat "$DEV_PG_PORT_FILE")
		if [ -z "$port" ] || port_in_use "$port"; then
			port=$(free_port 5433) || die "no free port from 5433 on"
		fi
		say "starting PostgreSQL on 127.0.0.1:$port (log: $DEV_PG/postgres.log)"
		pg_start "$DEV_PG/data" "$port" "$DEV_PG" "$DEV_PG/postgres.log" ||
			die "PostgreSQL did not start; see $DEV_PG/postgres.log"
	fi
	echo "$port" >"$DEV_PG_PORT_FILE"
	pg_createdb "$port" scimd >/dev/null || die "could not create the database scimd"
	SCIMD_DATABASE_URL=$(pg_url "$port" scimd)
	export SCIMD_DATABASE_URL
}

# ------------------------------------------------------------ the state of the test fixtures

# The CTest fixtures (scripts/fixtures/) pass what they started to the tests
# through files STATE_DIR/NAME.env of NAME=VALUE lines, shell-quoted.

# state_put FILE NAME VALUE [NAME VALUE...]: append the pairs to FILE.
state_put() {
	local f="$1"
	shift
	while [ $# -ge 2 ]; do
		printf '%s=%q\n' "$1" "$2" >>"$f"
		shift 2
	done
}

# state_load DIR NAME...: export the variables of DIR/NAME.env for each NAME;
# fails when a fixture has not written its file.
state_load() {
	local dir="$1" name
	shift
	for name; do
		[ -f "$dir/$name.env" ] ||
			die "$dir/$name.env not found: the CTest fixture $name has not run (run the tests with ctest)"
		set -a
		# shellcheck source=/dev/null
		. "$dir/$name.env"
		set +a
	done
}
