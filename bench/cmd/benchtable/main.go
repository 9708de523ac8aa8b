// Command benchtable reads `go test -bench` output and prints the suite's
// table: each measured ratio against its baseline from the same run, and the
// target it is judged by. Values are medians over the -count runs.
//
//	go run ./cmd/benchtable results/*.txt
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// samples maps benchmark name (without the -GOMAXPROCS suffix) and unit to
// the values of every run.
type samples map[string]map[string][]float64

var procSuffix = regexp.MustCompile(`-\d+$`)

func read(path string, s samples) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(fields[1]); err != nil {
			continue
		}
		name := procSuffix.ReplaceAllString(strings.TrimPrefix(fields[0], "Benchmark"), "")
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			if s[name] == nil {
				s[name] = map[string][]float64{}
			}
			s[name][fields[i+1]] = append(s[name][fields[i+1]], v)
		}
	}
	return sc.Err()
}

// median returns the median of name's unit and whether it was measured.
func (s samples) median(name, unit string) (float64, bool) {
	vs := slices.Clone(s[name][unit])
	if len(vs) == 0 {
		return 0, false
	}
	slices.Sort(vs)
	if len(vs)%2 == 1 {
		return vs[len(vs)/2], true
	}
	return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2, true
}

// A row compares a stelviogen benchmark with its baseline in one unit.
type row struct {
	area, what   string
	ours, base   string // benchmark names
	unit         string
	speedup      bool    // ratio shown as base/ours ("× faster") instead of ours/base
	target       float64 // 0: measured, no target
	targetAtMost bool    // target is an upper bound of the ratio (else a lower bound)
}

func codecRows() []row {
	var rows []row
	for _, dir := range []string{"Marshal", "Unmarshal"} {
		for _, shape := range []string{"Order", "Profile30", "Orders1000"} {
			ours := fmt.Sprintf("%s/shape=%s/impl=stelviogen", dir, shape)
			av := fmt.Sprintf("%s/shape=%s/impl=attributevalue", dir, shape)
			gg := fmt.Sprintf("%s/shape=%s/impl=guregu", dir, shape)
			rows = append(rows,
				row{"codec", dir + " " + shape + " vs attributevalue", ours, av, "ns/op", true, 5, false},
				row{"codec", dir + " " + shape + " vs attributevalue", ours, av, "allocs/op", true, 5, false},
				row{"codec", dir + " " + shape + " vs guregu", ours, gg, "ns/op", true, 0, false},
				row{"codec", dir + " " + shape + " vs guregu", ours, gg, "allocs/op", true, 0, false},
			)
		}
	}
	for _, shape := range []string{"Order", "Profile30"} {
		rows = append(rows, row{"codec", "Marshal " + shape + ": attributevalue vs map-building floor (most any encoder can gain)",
			fmt.Sprintf("Marshal/shape=%s/impl=floor", shape), fmt.Sprintf("Marshal/shape=%s/impl=attributevalue", shape), "ns/op", true, 0, false})
	}
	return rows
}

// codectestRows compares internal/codectest's own benchmarks, for every shape
// it has (<Dir>Generated/<shape> against <Dir>AttributeValue/<shape>).
func codectestRows(s samples) []row {
	var rows []row
	for _, dir := range []string{"Marshal", "Unmarshal"} {
		var shapes []string
		for name := range s {
			if shape, ok := strings.CutPrefix(name, dir+"Generated/"); ok {
				shapes = append(shapes, shape)
			}
		}
		slices.Sort(shapes)
		for _, shape := range shapes {
			for _, unit := range []string{"ns/op", "allocs/op"} {
				rows = append(rows, row{"codec (internal/codectest)", dir + " " + shape + " vs attributevalue",
					dir + "Generated/" + shape, dir + "AttributeValue/" + shape, unit, true, 5, false})
			}
			if dir == "Marshal" {
				rows = append(rows, row{"codec (internal/codectest)", "Marshal " + shape + ": attributevalue vs map-building floor (most any encoder can gain)",
					"MarshalFloor/" + shape, "MarshalAttributeValue/" + shape, "ns/op", true, 0, false})
			}
		}
	}
	return rows
}

func queryRows() []row {
	var rows []row
	for _, impl := range []string{"stelviogen", "stelviogen-all"} {
		what := "Page of 100 (request, decode, cursor)"
		if impl == "stelviogen-all" {
			what = "All, 100 items (request, decode)"
		}
		for _, unit := range []string{"ns/op", "allocs/op", "B/op"} {
			target := 0.6
			if unit == "B/op" {
				target = 0
			}
			rows = append(rows, row{"query", what + " vs handwritten", "Query/impl=" + impl, "Query/impl=handwritten", unit, false, target, true})
		}
	}
	for _, unit := range []string{"ns/op", "allocs/op"} {
		rows = append(rows, row{"query", "SDK request + response alone vs handwritten (floor of any helper)", "Query/impl=sdk-only", "Query/impl=handwritten", unit, false, 0, true})
	}
	return rows
}

// writeRows compare the generated conditional update and 10-action
// transaction with hand-written expression-builder code (internal/benchtest).
func writeRows() []row {
	var rows []row
	for _, b := range []struct{ name, what string }{
		{"ConditionalUpdate", "conditional update (versioned, user condition, new item decoded)"},
		{"Transaction10", "10-action transaction (4 puts, 3 conditional updates, 2 deletes, 1 check)"},
	} {
		for _, unit := range []string{"ns/op", "allocs/op"} {
			rows = append(rows, row{"writes", b.what + " vs handwritten", b.name + "/impl=stelviogen", b.name + "/impl=handwritten", unit, false, 1.0, true})
		}
	}
	return rows
}

// entityRows compare single-table code (internal/entitytest) with
// hand-written code: keys with fmt, attributevalue, a switch on the type
// attribute.
func entityRows() []row {
	var rows []row
	for _, b := range []struct{ name, what string }{
		{"EntityKeys", "entity item with its 6 templated keys and type attribute"},
		{"CollectionPage", "100-item collection page decoded into typed members"},
	} {
		for _, unit := range []string{"ns/op", "allocs/op"} {
			target := 0.6
			if unit != "ns/op" {
				target = 0
			}
			rows = append(rows, row{"single-table", b.what + " vs handwritten", b.name + "/impl=stelviogen", b.name + "/impl=handwritten", unit, false, target, true})
		}
	}
	return rows
}

// directRows compare the direct JSON path (runtime/ddbjson with the
// generated DecodeJSONItem/EncodeJSONItem) with hand-written SDK code and
// attributevalue, and with the floor: one pass of a minimal JSON tokenizer
// over the same bytes.
func directRows() []row {
	var rows []row
	for _, b := range []struct {
		name, base, what string
		target, allocs   float64
	}{
		{"QueryPage", "SDKAttributevalue", "query page of 100 orders", 0.35, 0.15},
		{"ItemCalls/GetItem", "SDKAttributevalue", "GetItem of one order", 0.6, 0},
		{"ItemCalls/PutItem", "SDKAttributevalue", "PutItem of one order with a version condition", 0.6, 0},
		{"ItemCalls/BatchGetItem", "SDKAttributevalue", "BatchGetItem of 100 orders", 0.4, 0},
	} {
		rows = append(rows,
			row{"direct JSON", b.what + " vs handwritten SDK + attributevalue", b.name + "/Direct", b.name + "/" + b.base, "ns/op", false, b.target, true},
			row{"direct JSON", b.what + " vs handwritten SDK + attributevalue", b.name + "/Direct", b.name + "/" + b.base, "allocs/op", false, b.allocs, true})
	}
	// The generated store over ddbjson.NewClient (what the switch gives a
	// user) against hand-written code and against the same store over a
	// plain client.
	for _, b := range []struct{ name, what string }{
		{"Get", "store Get of one order"},
		{"BatchGet", "store BatchGet of 100 orders"},
		{"QueryPage", "store query page of 100 orders"},
		{"Update", "store Update (version condition, new item returned)"},
	} {
		name := "StoreCalls/" + b.name
		rows = append(rows,
			row{"direct JSON", b.what + ", direct client vs handwritten SDK + attributevalue", name + "/StoreDirect", name + "/SDKAttributevalue", "ns/op", false, 0, true},
			row{"direct JSON", b.what + ", direct client vs handwritten SDK + attributevalue", name + "/StoreDirect", name + "/SDKAttributevalue", "allocs/op", false, 0, true},
			row{"direct JSON", b.what + ", direct client vs plain client (map path)", name + "/StoreDirect", name + "/Store", "ns/op", false, 0, true})
	}
	return append(rows,
		row{"direct JSON", "query page of 100 orders vs the tokenizer floor", "QueryPage/Direct", "QueryPage/Floor", "ns/op", false, 2, true},
		row{"direct JSON", "query page, decode only (no client) vs the tokenizer floor", "QueryPage/DirectDecodeOnly", "QueryPage/Floor", "ns/op", false, 0, true},
		row{"direct JSON", "stream batch of 100 records, raw event JSON vs events + Decode<T>Change", "StreamBatch/Raw", "StreamBatch/EventsDecodeChange", "ns/op", false, 0.4, true},
		row{"direct JSON", "stream batch of 100 records vs the tokenizer floor", "StreamBatch/Raw", "StreamBatch/Floor", "ns/op", false, 0, true},
		row{"direct JSON", "stream invocation of 100 records: ddbjson.HandleChanges over the raw JSON vs encoding/json + Handle<T>Changes", "StreamChanges/RawHandleChanges", "StreamChanges/EventsHandleChanges", "ns/op", false, 0.4, true},
		row{"direct JSON", "stream invocation of 100 records: ddbjson.HandleChanges over the raw JSON vs encoding/json + Handle<T>Changes", "StreamChanges/RawHandleChanges", "StreamChanges/EventsHandleChanges", "allocs/op", false, 0, true},
	)
}

func genRows() []row {
	var rows []row
	for _, n := range []int{1, 10, 100, 500} {
		rows = append(rows, row{"generation", fmt.Sprintf("%d structs, everything rendered, vs packages.Load floor", n),
			fmt.Sprintf("Generate/structs=%d", n), fmt.Sprintf("LoadFloor/structs=%d", n), "ns/op", false, 1.3, true})
	}
	for _, n := range []int{1, 10, 100, 500} {
		rows = append(rows, row{"generation", fmt.Sprintf("%d structs, rerun with nothing changed, vs packages.Load floor", n),
			fmt.Sprintf("GenerateUnchanged/structs=%d", n), fmt.Sprintf("LoadFloor/structs=%d", n), "ns/op", false, 1.3, true})
	}
	return rows
}

func handlerRows() []row {
	return []row{
		{"handler", "binary size, linux/arm64, vs raw-SDK handler", "HandlerSize/impl=stelviogen", "HandlerSize/impl=raw-sdk", "bytes", false, 1.1, true},
		{"handler", "exec to first invocation request vs raw-SDK handler", "ColdStart/impl=stelviogen", "ColdStart/impl=raw-sdk", "next-ns", false, 0, true},
		{"handler", "exec to first response vs raw-SDK handler", "ColdStart/impl=stelviogen", "ColdStart/impl=raw-sdk", "resp-ns", false, 0, true},
	}
}

// better names a speedup in unit: faster, fewer allocations, less memory.
func better(unit string) string {
	switch unit {
	case "ns/op":
		return "faster"
	case "allocs/op":
		return "fewer"
	}
	return "less"
}

func format(v float64, unit string) string {
	switch unit {
	case "ns/op", "next-ns", "resp-ns":
		switch {
		case v >= 1e9:
			return fmt.Sprintf("%.2fs", v/1e9)
		case v >= 1e6:
			return fmt.Sprintf("%.1fms", v/1e6)
		case v >= 1e3:
			return fmt.Sprintf("%.1fµs", v/1e3)
		}
		return fmt.Sprintf("%.0fns", v)
	case "bytes", "B/op":
		if v >= 1<<20 {
			return fmt.Sprintf("%.2fMiB", v/(1<<20))
		}
		return fmt.Sprintf("%.0fB", v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func main() {
	s := samples{}
	for _, p := range os.Args[1:] {
		if err := read(p, s); err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(1)
		}
	}
	fmt.Println("| area | comparison | unit | stelviogen | baseline | ratio | target | |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- |")
	var rows []row
	rows = append(rows, codecRows()...)
	rows = append(rows, codectestRows(s)...)
	rows = append(rows, queryRows()...)
	rows = append(rows, writeRows()...)
	rows = append(rows, entityRows()...)
	rows = append(rows, directRows()...)
	rows = append(rows, genRows()...)
	rows = append(rows, handlerRows()...)
	for _, r := range rows {
		ours, ok1 := s.median(r.ours, r.unit)
		base, ok2 := s.median(r.base, r.unit)
		if !ok1 || !ok2 {
			fmt.Printf("| %s | %s | %s | | | not measured | | |\n", r.area, r.what, r.unit)
			continue
		}
		var ratio float64
		var ratioText, targetText, verdict string
		if r.speedup {
			ratio = base / ours
			ratioText = fmt.Sprintf("%.2f× %s", ratio, better(r.unit))
			if math.IsInf(ratio, 1) {
				ratioText = "∞ (none left)"
			}
			if r.target > 0 {
				targetText = fmt.Sprintf("≥ %g× %s", r.target, better(r.unit))
			}
		} else {
			ratio = ours / base
			ratioText = fmt.Sprintf("%.2f×", ratio)
			if r.target > 0 {
				targetText = fmt.Sprintf("≤ %g×", r.target)
			}
		}
		if r.target > 0 {
			met := ratio >= r.target
			if r.targetAtMost {
				met = ratio <= r.target
			}
			verdict = "met"
			if !met {
				verdict = "**missed**"
			}
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", r.area, r.what, r.unit,
			format(ours, r.unit), format(base, r.unit), ratioText, targetText, verdict)
	}
	linearity(s)
}

// linearity prints the generation time per struct between successive sizes:
// constant if generation grows linearly.
func linearity(s samples) {
	sizes := []int{1, 10, 100, 500}
	var parts []string
	for i := 1; i < len(sizes); i++ {
		a, ok1 := s.median(fmt.Sprintf("Generate/structs=%d", sizes[i-1]), "ns/op")
		b, ok2 := s.median(fmt.Sprintf("Generate/structs=%d", sizes[i]), "ns/op")
		if !ok1 || !ok2 {
			return
		}
		parts = append(parts, fmt.Sprintf("%d→%d: %s", sizes[i-1], sizes[i], format((b-a)/float64(sizes[i]-sizes[i-1]), "ns/op")))
	}
	fmt.Printf("\nGeneration time per additional struct (constant when linear): %s\n", strings.Join(parts, ", "))
}
