#!/usr/bin/env bash
# Entrypoint of the Debian-built PostgreSQL image, a small subset of the official postgres image's one:
#   POSTGRES_USER (default postgres), POSTGRES_PASSWORD, POSTGRES_DB (default: the user), PGDATA,
#   POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD (default scram-sha-256), /docker-entrypoint-initdb.d/*.
# On a first start it runs initdb, starts a temporary server on the unix socket only, creates the database,
# stops that server, then execs the real one, listening on all addresses, in the foreground. So the line
# "database system is ready to accept connections" appears twice, which Testcontainers waits for.
set -Eeuo pipefail

# `docker run image -c fsync=off` means `postgres -c fsync=off`, as in the official image.
if [ "$#" -eq 0 ] || [ "${1:0:1}" = '-' ]; then
	set -- postgres "$@"
fi

# Anything but the server (e.g. `bash`, `psql`) runs as asked.
if [ "$1" != 'postgres' ]; then
	exec "$@"
fi

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

# Started as root: make the data directory and socket directory the postgres user's, then step down.
if [ "$(id -u)" = '0' ]; then
	mkdir -p "$PGDATA" /var/run/postgresql
	chmod 00700 "$PGDATA" 2>/dev/null || :
	find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' + 2>/dev/null || :
	chown postgres:postgres /var/run/postgresql
	chmod 3777 /var/run/postgresql
	exec setpriv --reuid=postgres --regid=postgres --init-groups -- "${BASH_SOURCE[0]}" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
	: "${POSTGRES_USER:=postgres}"
	: "${POSTGRES_DB:=$POSTGRES_USER}"
	: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
	: "${POSTGRES_PASSWORD:=}"
	if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != 'trust' ]; then
		echo 'error: the database is uninitialized and POSTGRES_PASSWORD is empty.' >&2
		echo '       Set POSTGRES_PASSWORD, or POSTGRES_HOST_AUTH_METHOD=trust to allow connections without one.' >&2
		exit 1
	fi

	mkdir -p "$PGDATA"
	chmod 00700 "$PGDATA"

	# initdb creates the superuser POSTGRES_USER with the password; local (unix socket) connections are trusted.
	initdb_args=(--username="$POSTGRES_USER" --auth-local=trust --auth-host="$POSTGRES_HOST_AUTH_METHOD")
	pwfile=''
	if [ -n "$POSTGRES_PASSWORD" ]; then
		pwfile="$(mktemp)"
		printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
		initdb_args+=(--pwfile="$pwfile")
	fi
	# shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of words, as in the official image
	initdb "${initdb_args[@]}" ${POSTGRES_INITDB_ARGS:-}
	[ -z "$pwfile" ] || rm -f "$pwfile"

	# Network connections from anywhere, with a password; listen on all addresses.
	printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"
	printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"

	# A temporary server on the unix socket only, with the caller's settings, to create the database.
	# pg_ctl hands -o to a shell: quote the caller's arguments (none: no empty word).
	extra=''
	if [ "$#" -gt 1 ]; then extra="$(printf '%q ' "${@:2}")"; fi
	pg_ctl -D "$PGDATA" -o "$extra -c listen_addresses='' -p 5432" -w start

	psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --no-password)
	if [ "$POSTGRES_DB" != 'postgres' ]; then
		"${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" <<-'SQL'
			CREATE DATABASE :"db";
		SQL
	fi
	shopt -s nullglob
	for f in /docker-entrypoint-initdb.d/*; do
		# shellcheck disable=SC1090 # sources the caller's scripts
		case "$f" in
			*.sh) echo "running $f"; if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
			*.sql) echo "running $f"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
			*.sql.gz) echo "running $f"; gunzip -c "$f" | "${psql[@]}" --dbname "$POSTGRES_DB" ;;
			*) echo "ignoring $f" ;;
		esac
	done
	shopt -u nullglob

	pg_ctl -D "$PGDATA" -m fast -w stop
	echo
	echo 'PostgreSQL init process complete; ready for start up.'
	echo
fi

exec "$@"
