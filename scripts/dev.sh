#!/usr/bin/env bash
# Runs the example app's orders API on this machine (docs/local-development.md):
# starts AWS's DynamoDB Local in memory on a free loopback port, as
# scripts/test.sh does (scripts/ddblocal.sh), then builds and runs
# `go run -tags localdev ./example/handler`, which creates the example's tables
# (orders and users, from their generated schemas, with TTL) as
# stelviogen-example-local-<table>, sets the link variables a deployed link sets
# (STLV_ORDERS_TABLE_NAME, STLV_ORDERS_TABLE_ARN, ...) and serves the handler
# as an API Gateway HTTP API on http://127.0.0.1:8080 (PORT overrides the port).
# Ctrl-C stops the API and DynamoDB Local; the tables live in memory only.
#
#   scripts/dev.sh
#   PORT=9000 scripts/dev.sh
#   scripts/dev.sh -prefix myapp-local       # other arguments go to the handler
#
# Needs Go, Node.js (npm) and a Java runtime (17 or newer).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

ddblocal_me="scripts/dev.sh"
# shellcheck source=scripts/ddblocal.sh
source "$root/scripts/ddblocal.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/stelviogen-dev.XXXXXX")"
app_pid=""
cleanup() {
	if [[ -n "$app_pid" ]]; then
		kill "$app_pid" 2>/dev/null || true
		wait "$app_pid" 2>/dev/null || true
		app_pid=""
	fi
	ddblocal_cleanup
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# `go run -tags localdev ./example/handler`, built first and then started, so
# that the script stops the API itself rather than the go command (which does
# not pass SIGTERM on).
echo "$ddblocal_me: building the API (go build -tags localdev ./example/handler)" >&2
go build -tags localdev -o "$work/handler" ./example/handler

ddblocal_start
export STELVIOGEN_DYNAMODB_ENDPOINT="$ddblocal_endpoint"
echo "$ddblocal_me: DynamoDB Local at $ddblocal_endpoint (access key \"local\", region us-east-1)" >&2

export PORT="${PORT:-8080}"
# port_taken succeeds when something accepts connections on the API's port.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
if port_taken; then
	echo "$ddblocal_me: port $PORT is in use; set PORT to a free port" >&2
	exit 1
fi
"$work/handler" "$@" &
app_pid=$!
# Wait (up to ~60s) until the API listens: it creates the tables first.
for _ in $(seq 1 600); do
	if ! kill -0 "$app_pid" 2>/dev/null || port_taken; then
		break
	fi
	sleep 0.1
done
if kill -0 "$app_pid" 2>/dev/null; then
	echo "$ddblocal_me: the API is at http://127.0.0.1:$PORT (Ctrl-C stops it and DynamoDB Local)" >&2
fi
# wait returns when the API exits, or when a signal's trap runs.
status=0
wait "$app_pid" || status=$?
app_pid=""
exit "$status"
