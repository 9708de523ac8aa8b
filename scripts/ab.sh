#!/usr/bin/env bash
# Measures the generator of a previous commit (BASE) against the current
# checkout, side by side in one run, and writes bench/ab/RESULTS.md plus the
# raw measurements in bench/ab/results/ (about 5 minutes on 2 cores):
#
#   scripts/ab.sh                   # BASE=d26a6e7, five rounds
#   BASE=<commit> ROUNDS=3 scripts/ab.sh
#
# "base" is a temporary `git worktree` of BASE; "head" is a copy of this
# checkout's working tree (tracked files plus untracked ones not ignored)
# taken when the run starts, so edits made during the run do not mix into it.
# Both are removed on exit.
#
#   lines       lines of the generated handler files (<type>_stelviogen.go; the
#               infra package is not counted) for the example's models and for
#               one Entity table
#   build       `go build ./models` of a package of ten Entity tables after a
#               comment is appended to models.go (only that package recompiles)
#   generation  each generator binary run with -force in that package
#   codec/query internal/codectest's Generated benchmarks and internal/benchtest's
#               BenchmarkQuery, run in each tree
#
# Every timed step runs once per round, base and head back to back (the order
# alternates between rounds), so both see the same load. The tables use the
# medians of the rounds; benchstat compares the raw rounds (-col /gen).
# Needs no server and no network beyond the Go module proxy.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

die() {
	echo "scripts/ab.sh: $*" >&2
	exit 1
}

base_rev="${BASE:-d26a6e7}"
rounds="${ROUNDS:-5}"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, not \"$rounds\""
base_sha="$(git rev-parse --verify --quiet "$base_rev^{commit}")" || die "BASE=$base_rev is not a commit of $root"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed for the CPU times"

out="bench/ab"
results="$out/results"
benchstat=(go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da)
gens=(base head)

tmp="$(mktemp -d "${TMPDIR:-/tmp}/stelviogen-ab.XXXXXX")"
cleanup() {
	local status=$?
	trap - EXIT INT TERM
	if [[ -e $tmp/base ]]; then
		git -C "$root" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
	git -C "$root" worktree prune || true
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { echo "== $*" >&2; }

# run <log name> <dir> <command...>: runs the command in dir; on failure shows
# the end of its output and stops the script.
run() {
	local log="$tmp/$1.log" dir="$2"
	shift 2
	if ! (cd "$dir" && "$@") >"$log" 2>&1; then
		echo "scripts/ab.sh: failed in $dir: $*" >&2
		tail -30 "$log" >&2
		exit 1
	fi
}

# timed <dir> <command...>: runs the command in dir and sets ns to its wall
# time in nanoseconds and cpu to its user+sys CPU time in seconds.
ns="" cpu=""
timed() {
	local dir="$1" t0 t1 user sys
	shift
	t0="$(date +%s%N)"
	if ! (cd "$dir" && /usr/bin/time -f '%U %S' -o "$tmp/time.out" "$@") >"$tmp/timed.log" 2>&1; then
		echo "scripts/ab.sh: failed in $dir: $*" >&2
		tail -30 "$tmp/timed.log" >&2
		exit 1
	fi
	t1="$(date +%s%N)"
	read -r user sys <<<"$(tail -1 "$tmp/time.out")"
	ns="$((t1 - t0))"
	cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}

# order <round>: base first in odd rounds, head first in even ones.
order() {
	if (($1 % 2)); then echo base head; else echo head base; fi
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date +%s)"

# --- The two trees and their generators -----------------------------------

step "base: worktree of $base_rev ($base_sha)"
run worktree "$root" git worktree add --detach "$tmp/base" "$base_sha"

step "head: copy of the working tree"
mkdir "$tmp/head"
{
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			if [[ -e $f ]]; then printf '%s\0' "$f"; fi
		done |
		tar --null -T - -cf - | tar -xf - -C "$tmp/head"
} || die "could not copy the working tree of $root to $tmp/head"
head_sha="$(git rev-parse --short HEAD)"
changed="$(git --no-optional-locks status --porcelain | wc -l)"
if ((changed == 0)); then
	head_desc="$(git describe --always) (clean working tree)"
else
	head_desc="working tree of $head_sha ($changed paths changed or untracked, copied when the run started)"
fi
base_desc="$(git log -1 --format='%h (%cs, "%s")' "$base_sha")"

for g in "${gens[@]}"; do
	step "$g: go build ./cmd/stelviogen"
	run "build-generator-$g" "$tmp/$g" go build -o "$tmp/stelviogen-$g" ./cmd/stelviogen
done

# --- Temporary model modules ------------------------------------------------

entity_struct() { # entity_struct <suffix>
	cat <<EOF

type Entity$1 struct {
	_         struct{}          \`dynamo:"table=entity$1,stream=new-image"\`
	TenantID  string            \`dynamodbav:"tenant_id" dynamo:"pk"\`
	ID        string            \`dynamodbav:"id" dynamo:"sk"\`
	Status    string            \`dynamodbav:"status" gsi:"by-status,pk" lsi:"status-lsi"\`
	Owner     string            \`dynamodbav:"owner,omitempty" gsi:"by-owner,pk,project=all"\`
	Created   int64             \`dynamodbav:"created" gsi:"by-status,sk;by-owner,sk"\`
	Amount    float64           \`dynamodbav:"amount"\`
	Tags      []string          \`dynamodbav:"tags,stringset,omitempty"\`
	Meta      map[string]string \`dynamodbav:"meta,omitempty"\`
	UpdatedAt time.Time         \`dynamodbav:"updated_at"\`
	Version   int64             \`dynamodbav:"version" dynamo:"version"\`
}
EOF
}

# Each module has three model packages: example (the example app's models),
# entity (one Entity table) and models (Entity0..Entity9).
for g in "${gens[@]}"; do
	mod="$tmp/mod-$g"
	step "$g: model module $mod"
	mkdir -p "$mod/example" "$mod/entity" "$mod/models"
	cat >"$mod/go.mod" <<EOF
module example.com/ab

go 1.26

require github.com/stelviogen/stelviogen v0.0.0

replace github.com/stelviogen/stelviogen => $tmp/$g
EOF
	cp "$tmp/$g/go.sum" "$mod/go.sum"
	# The same input for both generators: this checkout's example models.
	cp "$tmp/head/example/models/models.go" "$mod/example/models.go"
	{
		printf 'package entity\n\nimport "time"\n'
		entity_struct ""
	} >"$mod/entity/models.go"
	{
		printf 'package models\n\nimport "time"\n'
		for i in {0..9}; do entity_struct "$i"; done
	} >"$mod/models/models.go"
	for pkg in example entity models; do
		run "generate-$g-$pkg" "$mod/$pkg" env STELVIOGEN_CACHE_DIR="$tmp/cache-$g" "$tmp/stelviogen-$g" -force
	done
	run "tidy-$g" "$mod" go mod tidy
	for f in example/order example/user entity/entity models/entity0 models/entity9; do
		[[ -f $mod/${f}_stelviogen.go ]] || die "$g generator wrote no $mod/${f}_stelviogen.go"
	done
	# Warm the build cache: afterwards only the edited package recompiles.
	run "warm-$g" "$mod" go build ./example ./entity ./models
done

# --- 1. Lines of the generated handler files ------------------------------

lines() { wc -l <"$tmp/mod-$1/$2"; }
{
	printf 'file\tbase\thead\n'
	for f in example/order_stelviogen.go example/user_stelviogen.go entity/entity_stelviogen.go models/entity0_stelviogen.go; do
		printf '%s\t%s\t%s\n' "$f" "$(lines base "$f")" "$(lines head "$f")"
	done
} >"$tmp/lines.txt"

# --- 2. and 3. Build after a change, generation ---------------------------

bench_header() { # bench_header <pkg description>
	printf 'goos: %s\ngoarch: %s\npkg: %s\n' "$(go env GOOS)" "$(go env GOARCH)" "$1"
}
bench_header "go build ./models after appending a comment to models.go (ten tables; wall ns, user+sys CPU s)" >"$tmp/build.txt"
bench_header "go build ./models again, nothing changed (ten tables; wall ns, user+sys CPU s)" >"$tmp/build-unchanged.txt"
bench_header "stelviogen -force in the ten-table package (wall ns, user+sys CPU s)" >"$tmp/generation.txt"
for round in $(seq "$rounds"); do
	step "build and generation: round $round of $rounds"
	for g in $(order "$round"); do
		mod="$tmp/mod-$g"
		printf '\n// edit %d\n' "$round" >>"$mod/models/models.go"
		timed "$mod" go build ./models
		echo "BenchmarkBuildTenTables/gen=$g 1 $ns ns/op $cpu cpu-sec/op" >>"$tmp/build.txt"
		# The same build with nothing changed: the go command's own cost,
		# which neither generator can reduce.
		timed "$mod" go build ./models
		echo "BenchmarkBuildUnchanged/gen=$g 1 $ns ns/op $cpu cpu-sec/op" >>"$tmp/build-unchanged.txt"
	done
	for g in $(order "$round"); do
		timed "$tmp/mod-$g/models" env STELVIOGEN_CACHE_DIR="$tmp/cache-$g" "$tmp/stelviogen-$g" -force
		echo "BenchmarkGenerateTenTables/gen=$g 1 $ns ns/op $cpu cpu-sec/op" >>"$tmp/generation.txt"
	done
done

# --- 4. Codec and query benchmarks ----------------------------------------

# label <gen>: inserts /gen=<gen> before the GOMAXPROCS suffix of each
# benchmark name (or at its end when there is none).
label() {
	sed -E -e "s#^(Benchmark[^[:space:]]*)(-[0-9]+)([[:space:]])#\1/gen=$1\2\3#; t" \
		-e "s#^(Benchmark[^[:space:]]*)([[:space:]])#\1/gen=$1\2#"
}
: >"$tmp/codec.txt"
: >"$tmp/query.txt"
for round in $(seq "$rounds"); do
	step "codec and query benchmarks: round $round of $rounds"
	for g in $(order "$round"); do
		run "codec-$g" "$tmp/$g" go test -run '^$' -bench 'Generated' -benchmem -count 1 ./internal/codectest
		label "$g" <"$tmp/codec-$g.log" >>"$tmp/codec.txt"
		run "query-$g" "$tmp/$g" go test -run '^$' -bench 'BenchmarkQuery$' -benchmem -count 1 ./internal/benchtest
		label "$g" <"$tmp/query-$g.log" >>"$tmp/query.txt"
	done
done

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
elapsed="$(($(date +%s) - started))"

# --- Report ----------------------------------------------------------------

mkdir -p "$results"
cp "$tmp/lines.txt" "$tmp/build.txt" "$tmp/build-unchanged.txt" "$tmp/generation.txt" "$tmp/codec.txt" "$tmp/query.txt" "$results/"

# medians <file>...: "<name without /gen=> <unit> <gen> <median>" per benchmark.
medians() {
	awk '$1 ~ /^Benchmark/ && match($1, /\/gen=[a-z]+/) {
		gen = substr($1, RSTART + 5, RLENGTH - 5)
		name = substr($1, 1, RSTART - 1) substr($1, RSTART + RLENGTH)
		sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
		for (i = 3; i < NF; i += 2) print name, $(i + 1), gen, $i
	}' "$@" | sort -k1,1 -k2,2 -k3,3 -k4,4g | awk '
	function flush() {
		if (n) print key, (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2)
		n = 0
	}
	{ k = $1 " " $2 " " $3; if (k != key) { flush(); key = k }; v[++n] = $4 }
	END { flush() }'
}
# median_of <name> <unit> <gen>: one value of the medians in $tmp/medians.txt.
median_of() {
	awk -v n="$1" -v u="$2" -v g="$3" '$1 == n && $2 == u && $3 == g { print $4 }' "$tmp/medians.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == 0) print "—"; else printf "%.2f", b / a }'; }
# judge <value> <limit>: met when value <= limit.
judge() { awk -v v="$1" -v l="$2" 'BEGIN { if (v == "" || v == "—") print "not measured"; else print (v + 0 <= l + 0 ? "met" : "missed") }'; }
secs() { awk -v ns="$1" 'BEGIN { if (ns == "") print "—"; else printf "%.3f s", ns / 1e9 }'; }
num() { # num <value> [unit]
	awk -v x="$1" -v u="${2:+ $2}" 'BEGIN { if (x == "") print "—"; else if (x == int(x)) printf "%d%s\n", x, u; else printf "%.1f%s\n", x, u }'
}
cpus() { awk -v x="$1" 'BEGIN { if (x == "") print "—"; else printf "%.2f s\n", x }'; }

medians "$results/build.txt" "$results/build-unchanged.txt" "$results/generation.txt" "$results/codec.txt" "$results/query.txt" >"$tmp/medians.txt"

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }
line_of() { awk -F'\t' -v f="$1" -v c="$2" '$1 == f { print $c }' "$results/lines.txt"; }

for spec in "example/order_stelviogen.go|example Order handler file, lines|450" \
	"example/user_stelviogen.go|example User handler file, lines|" \
	"entity/entity_stelviogen.go|Entity handler file (one table), lines|600" \
	"models/entity0_stelviogen.go|one of the ten tables' handler files, lines|"; do
	IFS='|' read -r f what limit <<<"$spec"
	b="$(line_of "$f" 2)" h="$(line_of "$f" 3)"
	if [[ -n $limit ]]; then
		row "$what" "$b" "$h" "$(ratio "$b" "$h")" "head ≤ $limit" "$(judge "$h" "$limit")"
	else
		row "$what" "$b" "$h" "$(ratio "$b" "$h")" "" ""
	fi
done

for spec in "BuildTenTables|build of the ten-table package after a change|0.35" \
	"BuildUnchanged|the same build with nothing changed (the go command's floor)|" \
	"GenerateTenTables|generation, ten tables (-force)|1.00"; do
	IFS='|' read -r name what limit <<<"$spec"
	b="$(median_of "$name" ns/op base)" h="$(median_of "$name" ns/op head)"
	r="$(ratio "$b" "$h")"
	if [[ -n $limit ]]; then
		row "$what: wall, median" "$(secs "$b")" "$(secs "$h")" "$r" "≤ $limit" "$(judge "$r" "$limit")"
	else
		row "$what: wall, median" "$(secs "$b")" "$(secs "$h")" "$r" "" ""
	fi
	b="$(median_of "$name" cpu-sec/op base)" h="$(median_of "$name" cpu-sec/op head)"
	row "$what: user+sys CPU, median" "$(cpus "$b")" "$(cpus "$h")" "$(ratio "$b" "$h")" "" ""
done

# Query/impl=handwritten and impl=sdk-only run no generated code: they are
# controls, the same code in both trees, so their ratios show the noise.
for name in $(cut -d' ' -f1 "$tmp/medians.txt" | grep -v -x -e BuildTenTables -e BuildUnchanged -e GenerateTenTables | sort -u); do
	b="$(median_of "$name" ns/op base)" h="$(median_of "$name" ns/op head)"
	case "$name" in
	*/impl=handwritten | */impl=sdk-only) what="$name (control: no generated code)" control=1 ;;
	*) what="$name" control=0 ;;
	esac
	row "$what: time/op, median" "$(num "$b" ns)" "$(num "$h" ns)" "$(ratio "$b" "$h")" "" ""
	b="$(median_of "$name" allocs/op base)" h="$(median_of "$name" allocs/op head)"
	if ((control)); then
		target="" verdict=""
	elif [[ -z $b || -z $h ]]; then
		target="≤ base" verdict="not measured in both"
	else
		target="≤ base" verdict="$(judge "$h" "$b")"
	fi
	row "$what: allocs/op, median" "$(num "$b")" "$(num "$h")" "$(ratio "$b" "$h")" "$target" "$verdict"
done

stats() { # stats <title> <file>
	printf '### %s\n\n```\n' "$1"
	if ! "${benchstat[@]}" -col /gen "$results/$2" 2>"$tmp/benchstat.log"; then
		echo "(benchstat failed on $2)"
		cat "$tmp/benchstat.log" >&2
	fi
	printf '```\n\n'
}

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
family="$(grep -m1 '^cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')"
model="$(grep -m1 '^model[[:space:]]*:' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')"
machine="$cpu (family $family, model $model), $(nproc) CPUs, $(uname -sr), $(go env GOVERSION)"
{
	printf '# Previous generator vs current: side by side\n\n'
	printf 'Measured with `scripts/ab.sh` (ROUNDS=%s) on %s.\n\n' "$rounds" "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf -- '- machine: %s\n' "$machine"
	printf -- '- load average before / after: %s / %s\n' "$load_before" "$load_after"
	printf -- '- base: %s\n' "$base_desc"
	printf -- '- head: %s\n' "$head_desc"
	printf -- '- run time: %dm%02ds\n\n' "$((elapsed / 60))" "$((elapsed % 60))"
	printf 'Ratios are head / base, of the medians of %s interleaved rounds (lines: one generation).\n' "$rounds"
	printf 'Times depend on the load of the machine; line and allocation counts do not.\n\n'
	printf '| measurement | base | head | head/base | target | result |\n'
	printf '| --- | --- | --- | --- | --- | --- |\n'
	printf '%s\n' "${rows[@]}"
	printf '\nRaw measurements: `bench/ab/results/` (lines.txt, and benchmark-format build.txt,\n'
	printf 'build-unchanged.txt, generation.txt, codec.txt, query.txt).\n\n'
	printf '## benchstat (-col /gen)\n\n'
	stats "Build of the ten-table package after a change" build.txt
	stats "The same build with nothing changed (the go command's floor)" build-unchanged.txt
	stats "Generation, ten tables" generation.txt
	stats "Codec: internal/codectest, Generated benchmarks" codec.txt
	stats "Query: internal/benchtest, BenchmarkQuery" query.txt
} >"$out/RESULTS.md"

echo
echo "Machine: $machine; load average $load_before before, $load_after after; ${elapsed}s"
echo
printf '| measurement | base | head | head/base | target | result |\n'
printf '%s\n' "${rows[@]}"
echo
echo "Report: $out/RESULTS.md; raw measurements: $results/"
