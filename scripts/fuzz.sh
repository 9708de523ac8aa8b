#!/usr/bin/env bash
# Runs every fuzz target for a bounded time each (default 10s):
#   scripts/fuzz.sh [duration]
# A crash is saved under the package's testdata/fuzz and fails the run; commit
# it so it stays a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
time="${1:-10s}"
targets=(
	"./tags FuzzParseStructTag"
	"./gen FuzzGenerate"
	"./runtime/ddb FuzzDecodeCursor"
	"./runtime/ddb FuzzCanonicalNumber"
	"./runtime/ddbjson FuzzPage"
	"./runtime/ddbjson FuzzStreamEvent"
	"./runtime/ddbjson FuzzBatchGet"
	"./runtime/ddbjson FuzzPlainNumbers"
	"./runtime/ddbjson FuzzKeptNumbers"
	"./runtime/keys FuzzParseTemplate"
	"./runtime/keys FuzzDecodeKey"
	"./internal/codectest FuzzCodecRoundTrip"
	"./internal/codectest FuzzJSONCodec"
	"./internal/entitytest FuzzEntityJSON"
)
for t in "${targets[@]}"; do
	set -- $t
	echo "fuzz $1 $2 for $time"
	go test -run '^$' -fuzz "^$2\$" -fuzztime "$time" "$1"
done
