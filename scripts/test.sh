#!/usr/bin/env bash
# Runs the Go tests against a real DynamoDB-API server (dynalite, pinned in
# package-lock.json) on a free loopback port. Extra arguments go to `go test`:
#
#   scripts/test.sh                      # go test ./...
#   scripts/test.sh -run Batch ./runtime/ddb/
#
# If the arguments name no package, ./... is tested.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Install dynalite with `npm ci` when node_modules is missing or was installed
# from a different lockfile (the stamp holds the lockfile's hash).
stamp="node_modules/.stelviogen-lock.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -x node_modules/.bin/dynalite || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
	echo "scripts/test.sh: installing dynalite (npm ci)" >&2
	npm ci --no-audit --no-fund >&2
	echo "$want" >"$stamp"
fi

# Ask the kernel for a free loopback port.
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

log="$(mktemp "${TMPDIR:-/tmp}/dynalite.XXXXXX.log")"
node_modules/.bin/dynalite --host 127.0.0.1 --port "$port" \
	--createTableMs 0 --deleteTableMs 0 --updateTableMs 0 >"$log" 2>&1 &
dynalite_pid=$!
cleanup() {
	kill "$dynalite_pid" 2>/dev/null || true
	wait "$dynalite_pid" 2>/dev/null || true
	rm -f "$log"
}
trap cleanup EXIT INT TERM

# Wait (up to ~10s) until dynalite accepts connections.
for _ in $(seq 1 100); do
	if ! kill -0 "$dynalite_pid" 2>/dev/null; then
		echo "scripts/test.sh: dynalite exited early:" >&2
		cat "$log" >&2
		exit 1
	fi
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		break
	fi
	sleep 0.1
done
if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
	echo "scripts/test.sh: dynalite did not start on port $port:" >&2
	cat "$log" >&2
	exit 1
fi

export STELVIOGEN_DYNAMODB_ENDPOINT="http://127.0.0.1:$port"

# Default to every package unless a package pattern was given.
has_pkg=0
for a in "$@"; do
	case "$a" in
	./* | ../* | github.com/*) has_pkg=1 ;;
	esac
done
if [[ $has_pkg == 1 ]]; then
	go test "$@"
else
	go test ./... "$@"
fi
