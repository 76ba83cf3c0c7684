#!/usr/bin/env bash
# Builds, from Debian packages only, a PostgreSQL image that honours the official postgres image's contract well
# enough for Testcontainers' PostgreSQLContainer, and tags it under the name the tests ask for, so that
# Testcontainers finds it locally and never pulls. For machines that reach a Debian mirror but no container registry.
#
# Usage: .ci/postgres-image/build.sh [image-name]
#   image-name: default $CLERK_TEST_DATABASE_IMAGE, else postgres:17-alpine (the test kit's image name).
# Environment:
#   CLERK_PG_BASE_IMAGE   the local Debian base image (default clerk-users/debian-base:bookworm), kept between runs
#   DEBIAN_MIRROR         the mirror for debootstrap (default: the one apt uses, else http://deb.debian.org/debian)
#   DOCKERD_FLAGS         extra flags when this script starts dockerd (e.g. "--storage-driver=vfs --iptables=false")
#   DOCKERD_LOG           dockerd's log when this script starts it (default /tmp/dockerd.log)
#   FORCE=1               rebuild the image even when an image of the same Dockerfile and entrypoint exists
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-}" in -h | --help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
image="${1:-${CLERK_TEST_DATABASE_IMAGE:-postgres:17-alpine}}"
base="${CLERK_PG_BASE_IMAGE:-clerk-users/debian-base:bookworm}"
suite=bookworm
label=dev.clerkusers.postgres-image.content-sha256
dockerd_log="${DOCKERD_LOG:-/tmp/dockerd.log}"

log() { printf '[postgres-image] %s\n' "$*" >&2; }
die() { printf '[postgres-image] error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
script_start="$(now)"
timings=()
# timed NAME COMMAND...: runs COMMAND and records how long it took.
timed() {
	local name="$1" start end secs
	shift
	start="$(now)"
	"$@"
	end="$(now)"
	secs="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
	timings+=("$(printf '%-28s %7s s' "$name" "$secs")")
	log "$name: ${secs} s"
}
report() {
	local total
	total="$(awk -v a="$script_start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')"
	log "timings:"
	local t
	for t in "${timings[@]+"${timings[@]}"}"; do log "  $t"; done
	log "  $(printf '%-28s %7s s' total "$total")"
}
is_root() { [ "$(id -u)" = 0 ]; }
# run_logged LOG COMMAND...: runs COMMAND with its output to LOG.
run_logged() { local out="$1"; shift; "$@" >"$out" 2>&1; }

# --- 1. debootstrap and docker.io, when missing -----------------------------------------------------------------
install_missing() {
	local pkgs=()
	command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || pkgs+=(debootstrap)
	# No dockerd here: install docker.io, unless a docker CLI already reaches a daemon elsewhere (DOCKER_HOST).
	if ! command -v dockerd >/dev/null 2>&1 && ! docker info >/dev/null 2>&1; then pkgs+=(docker.io); fi
	[ "${#pkgs[@]}" -eq 0 ] && { log "debootstrap and docker: present"; return; }
	is_root || die "missing ${pkgs[*]}; run this script as root, or install them: apt-get install ${pkgs[*]}"
	log "installing ${pkgs[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# No service start from the package scripts: this script starts dockerd itself, with its own flags.
	local policy=/usr/sbin/policy-rc.d added_policy=''
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 0755 "$policy" && added_policy=1
	fi
	local rc=0
	apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/tmp/postgres-image-apt.log 2>&1 || {
		apt-get update -qq >>/tmp/postgres-image-apt.log 2>&1 &&
			apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >>/tmp/postgres-image-apt.log 2>&1
	} || rc=$?
	[ -z "$added_policy" ] || rm -f "$policy"
	[ "$rc" -eq 0 ] || { tail -n 20 /tmp/postgres-image-apt.log >&2; die "apt-get install ${pkgs[*]} failed (log: /tmp/postgres-image-apt.log)"; }
}

# --- 2. a Docker daemon that answers ------------------------------------------------------------------------------
ensure_docker() {
	if docker info >/dev/null 2>&1; then log "docker: answering"; return; fi
	is_root || die "Docker does not answer and this script is not root, so it cannot start dockerd."
	command -v dockerd >/dev/null 2>&1 || die "Docker does not answer and dockerd is not installed."
	log "starting dockerd ${DOCKERD_FLAGS:-} (log: $dockerd_log)"
	# shellcheck disable=SC2086 # DOCKERD_FLAGS is a list of words
	setsid nohup dockerd ${DOCKERD_FLAGS:-} >"$dockerd_log" 2>&1 </dev/null &
	local pid=$! i
	for i in $(seq 1 60); do
		if docker info >/dev/null 2>&1; then log "dockerd answers after ~${i} s (pid $pid)"; return; fi
		if ! kill -0 "$pid" 2>/dev/null; then break; fi
		sleep 1
	done
	log "last lines of $dockerd_log:"
	tail -n 25 "$dockerd_log" >&2 || :
	if kill -0 "$pid" 2>/dev/null; then
		die "dockerd (pid $pid) still does not answer after 60 s; see $dockerd_log."
	fi
	die "dockerd exited: Docker cannot run here (no cgroups, no privileges, no overlay/iptables support?). See $dockerd_log; try DOCKERD_FLAGS='--storage-driver=vfs --iptables=false'."
}

# --- 3. the Debian base image, kept between runs --------------------------------------------------------------------
# The first "deb" URI for SUITE in apt's sources (one-line and deb822 formats), else FALLBACK.
apt_mirror() {
	local want="$1" fallback="$2" m=''
	if [ -r /etc/apt/sources.list ]; then
		m="$(sed -e 's/#.*//' -e 's/\[[^]]*\]//g' /etc/apt/sources.list |
			awk -v s="$want" '$1 == "deb" && $3 == s { print $2; exit }')"
	fi
	if [ -z "$m" ]; then
		local f
		for f in /etc/apt/sources.list.d/*.list; do
			[ -r "$f" ] || continue
			m="$(sed -e 's/#.*//' -e 's/\[[^]]*\]//g' "$f" | awk -v s="$want" '$1 == "deb" && $3 == s { print $2; exit }')"
			[ -n "$m" ] && break
		done
	fi
	if [ -z "$m" ]; then
		local f
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -r "$f" ] || continue
			m="$(awk -v s="$want" '
				function flush() { if (deb && suite && uri != "" && enabled) { print uri; found = 1; exit } }
				BEGIN { deb = 0; suite = 0; uri = ""; enabled = 1 }
				/^[ \t]*#/ { next }
				/^[ \t]*$/ { flush(); deb = 0; suite = 0; uri = ""; enabled = 1; next }
				tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
				tolower($1) == "uris:" { uri = $2 }
				tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == s) suite = 1 }
				tolower($1) == "enabled:" { if (tolower($2) == "no") enabled = 0 }
				END { if (!found) flush() }' "$f")"
			[ -n "$m" ] && break
		done
	fi
	printf '%s\n' "${m:-$fallback}"
}

import_rootfs() { tar --numeric-owner -C "$1" -c . | docker import - "$2" >/dev/null; }

build_base() {
	if docker image inspect "$base" >/dev/null 2>&1; then log "base image $base: present, kept"; return; fi
	is_root || die "the base image $base is missing and debootstrap needs root."
	local mirror security rootfs
	mirror="${DEBIAN_MIRROR:-$(apt_mirror "$suite" http://deb.debian.org/debian)}"
	security="$(apt_mirror "$suite-security" http://deb.debian.org/debian-security)"
	rootfs="$(mktemp -d "${TMPDIR:-/tmp}/clerk-users-debootstrap.XXXXXX")"
	trap 'rm -rf "$rootfs"' EXIT
	log "debootstrap --variant=minbase $suite from $mirror"
	timed "debootstrap" run_logged /tmp/postgres-image-debootstrap.log debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" ||
		{ tail -n 20 /tmp/postgres-image-debootstrap.log >&2; die "debootstrap failed (log: /tmp/postgres-image-debootstrap.log)"; }
	# The same mirrors as this machine, with updates and security updates.
	rm -f "$rootfs/etc/apt/sources.list"
	cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<-SOURCES
		Types: deb
		URIs: $mirror
		Suites: $suite $suite-updates
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

		Types: deb
		URIs: $security
		Suites: $suite-security
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	SOURCES
	rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/tmp/* 2>/dev/null || :
	timed "docker import (base)" import_rootfs "$rootfs" "$base"
	rm -rf "$rootfs"
	trap - EXIT
	log "base image $base: imported"
}

# --- 4. the PostgreSQL image -----------------------------------------------------------------------------------------
content_hash() {
	(cd "$here" && sha256sum Dockerfile docker-entrypoint.sh) | sha256sum | cut -d' ' -f1
}

build_image() {
	local hash current same
	hash="$(content_hash)"
	current="$(docker image inspect -f "{{ index .Config.Labels \"$label\" }}" "$image" 2>/dev/null || :)"
	if [ "${FORCE:-}" != 1 ] && [ "$current" = "$hash" ]; then
		log "image $image: up to date (label $label=${hash:0:12}), build skipped"
		return
	fi
	# The same content under another name (e.g. built for another image name): tag it, no build.
	same="$(docker images -q --filter "label=$label=$hash" | head -n 1)"
	if [ "${FORCE:-}" != 1 ] && [ -n "$same" ]; then
		timed "docker tag" docker tag "$same" "$image"
		log "image $image: tagged from ${same} (same content)"
		return
	fi
	timed "base image (all)" build_base
	local previous
	previous="$(docker image inspect -f '{{ .Id }}' "$image" 2>/dev/null || :)"
	log "docker build -t $image (FROM $base)"
	# The legacy builder needs no BuildKit/buildx; the host network needs no bridge NAT to reach the mirror.
	timed "docker build" env DOCKER_BUILDKIT=0 docker build --network=host --pull=false \
		--build-arg "BASE_IMAGE=$base" --label "$label=$hash" -t "$image" "$here"
	# The image this build replaced, now untagged: remove it (kept if a container still uses it).
	if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{ .Id }}' "$image")" ] &&
		[ -z "$(docker image inspect -f '{{ join .RepoTags "" }}' "$previous" 2>/dev/null)" ]; then
		if docker rmi "$previous" >/dev/null 2>&1; then log "removed the replaced image ${previous:7:12}"; fi
	fi
}

log "image name: $image"
timed "install missing packages" install_missing
timed "ensure docker" ensure_docker
timed "postgres image (all)" build_image
docker image inspect -f '{{ .Id }} {{ .Size }}' "$image" | awk -v n="$image" '{ printf "[postgres-image] %s: %s, %.0f MB\n", n, $1, $2 / 1e6 }' >&2
report
if [ -e /.dockerenv ]; then
	log "note: /.dockerenv exists, so Testcontainers believes it runs inside a container and starts alpine:3.17 to find"
	log "      the Docker host, a pull that fails without a registry. When Docker runs on this machine, set"
	log "      TESTCONTAINERS_HOST_OVERRIDE=localhost (and TESTCONTAINERS_RYUK_DISABLED=true) for the tests."
fi
