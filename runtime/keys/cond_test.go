package keys

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestPrefixGolden(t *testing.T) {
	region := MustBind("R#{Region}#{N}", SortKey, 0, KindString, KindInt)
	for _, c := range []struct {
		tp   *Template
		eq   []string
		want Cond
	}{
		{orderSK, nil, Cond{CondBetween, "ORDER#0000-01-01T00:00:00.000000000Z", "ORDER#9999-12-31T23:59:59.999999999Z\U0010FFFF"}},
		{orderSK, []string{"2026-11-03T15:04:05.123000000Z"}, Cond{CondBeginsWith, "ORDER#2026-11-03T15:04:05.123000000Z#", ""}},
		{orderSK, []string{"2026-11-03T15:04:05.123000000Z", "o-1"}, Cond{CondEq, "ORDER#2026-11-03T15:04:05.123000000Z#o-1", ""}},
		// a complete value never matches a longer one
		{region, []string{"eu"}, Cond{CondBetween, "R#eu#-0776627963145224192", "R#eu#09223372036854775807\U0010FFFF"}},
		{region, nil, Cond{CondBeginsWith, "R#", ""}},
		{MustBind("{A}#{B}", PartitionKey, 0, KindString, KindString), nil, Cond{CondNone, "", ""}},
		{emailPK, []string{"Ada@X.com"}, Cond{CondEq, "EMAIL#ada@x.com", ""}},
	} {
		got, err := c.tp.Prefix(c.eq...)
		if err != nil || got != c.want {
			t.Errorf("%s %q: %+v, %v; want %+v", c.tp, c.eq, got, err, c.want)
		}
	}
	// keys of another shape under the same literal stay out of the integer's queries
	num := MustBind("ORDER#{N}", SortKey, 0, KindInt)
	for _, c := range []func() (Cond, error){
		func() (Cond, error) { return num.Prefix() },
		func() (Cond, error) { return num.Range(nil, Ge, FormatInt(-5), "") },
		func() (Cond, error) { return num.Range(nil, Lt, FormatInt(5), "") },
	} {
		cond, err := c()
		if err != nil || cond.Match("ORDER#PROFILE") || cond.Match("ORDER#") || !cond.Match("ORDER#"+FormatInt(0)) {
			t.Errorf("%+q %v", cond, err)
		}
	}
	if _, err := orderSK.Prefix("2026-11"); !errors.Is(err, ErrMalformed) {
		t.Errorf("partial time accepted: %v", err)
	}
	if _, err := region.Prefix("e#u"); !errors.Is(err, ErrSeparator) {
		t.Errorf("separator in prefix: %v", err)
	}
}

func TestRangeGolden(t *testing.T) {
	ts := func(s string) string {
		v, _ := time.Parse(time.RFC3339Nano, s)
		x, _ := FormatTime(v)
		return x
	}
	name := MustBind("P#{Name}", SortKey, 0, KindString)
	region := MustBind("R#{Region}#{N}", SortKey, 0, KindString, KindInt)
	const M = "\U0010FFFF"
	for _, c := range []struct {
		tp   *Template
		eq   []string
		op   Op
		a, b string
		want Cond
	}{
		{orderSK, nil, Ge, ts("2026-11-01T00:00:00Z"), "", Cond{CondBetween, "ORDER#2026-11-01T00:00:00.000000000Z", "ORDER#9999-12-31T23:59:59.999999999Z" + M}},
		{orderSK, nil, Gt, ts("2026-11-01T00:00:00Z"), "", Cond{CondBetween, "ORDER#2026-11-01T00:00:00.000000000Z" + M, "ORDER#9999-12-31T23:59:59.999999999Z" + M}},
		{orderSK, nil, Le, ts("2026-11-01T00:00:00Z"), "", Cond{CondBetween, "ORDER#0000-01-01T00:00:00.000000000Z", "ORDER#2026-11-01T00:00:00.000000000Z" + M}},
		{orderSK, nil, Lt, ts("2026-11-01T00:00:00Z"), "", Cond{CondBetween, "ORDER#0000-01-01T00:00:00.000000000Z", "ORDER#2026-11-01T00:00:00.000000000Y" + M}},
		{orderSK, nil, Between, ts("2026-11-01T00:00:00Z"), ts("2026-12-01T00:00:00Z"), Cond{CondBetween, "ORDER#2026-11-01T00:00:00.000000000Z", "ORDER#2026-12-01T00:00:00.000000000Z" + M}},
		{orderSK, nil, GeLt, ts("2026-11-01T00:00:00Z"), ts("2026-12-01T00:00:00Z"), Cond{CondBetween, "ORDER#2026-11-01T00:00:00.000000000Z", "ORDER#2026-12-01T00:00:00.000000000Y" + M}},
		{orderSK, []string{ts("2026-11-01T00:00:00Z")}, Ge, "o-5", "", Cond{CondBetween, "ORDER#2026-11-01T00:00:00.000000000Z#o-5", "ORDER#2026-11-01T00:00:00.000000000Z#" + M}},
		{orderSK, []string{ts("2026-11-01T00:00:00Z")}, Gt, "o-5", "", Cond{CondBetween, "ORDER#2026-11-01T00:00:00.000000000Z#o-5\x01", "ORDER#2026-11-01T00:00:00.000000000Z#" + M}},
		{name, nil, Le, "m", "", Cond{CondBetween, "P#", "P#m"}},
		{name, nil, Lt, "m", "", Cond{CondBetween, "P#", "P#l" + M}},
		{name, nil, Lt, "a\uE000", "", Cond{CondBetween, "P#", "P#a\uD7FF" + M}}, // below U+E000 come the surrogates, no character
		{name, nil, Gt, "m", "", Cond{CondBetween, "P#m\x01", "P#" + M}},
		{name, nil, Between, "b", "d", Cond{CondBetween, "P#b", "P#d"}},
		{region, nil, Ge, "eu", "", Cond{CondBetween, "R#eu", "R#" + M}},
		{region, nil, GeLt, "eu", "ev", Cond{CondBetween, "R#eu", "R#eu" + M}},
		{region, []string{"eu"}, Lt, FormatInt(0), "", Cond{CondBetween, "R#eu#-0776627963145224192", "R#eu#0000000000000000000/" + M}},
	} {
		got, err := c.tp.Range(c.eq, c.op, c.a, c.b)
		if err != nil || got != c.want {
			t.Errorf("%s %q %s %q %q:\n got %+q, %v\nwant %+q", c.tp, c.eq, c.op, c.a, c.b, got, err, c.want)
		}
	}
	for _, c := range []struct {
		tp   *Template
		op   Op
		a, b string
		is   error
		msg  string
	}{
		{region, Gt, "eu", "", ErrInexactRange, `keys: key template "R#{Region}#{N}": Gt on {Region}: a value that extends another with a character below '#' sorts before it in keys; use Ge, Lt or GeLt`},
		{region, Le, "eu", "", ErrInexactRange, ""},
		{region, Between, "a", "b", ErrInexactRange, ""},
		{region, Ge, "eu west", "", ErrInexactRange, `keys: key template "R#{Region}#{N}": Ge on {Region}: bound "eu west" holds ' ', which does not sort above '#' (the text after the field), so keys and values would not be in the same order there`},
		{region, Ge, "e#", "", ErrSeparator, ""},
		{name, Between, "d", "b", ErrEmptyRange, `keys: key template "P#{Name}": Between on {Name}: "d" to "b" selects nothing`},
		{name, GeLt, "b", "b", ErrEmptyRange, ""},
		{orderSK, Ge, "2026", "", ErrMalformed, ""},
		{MustBind("I#{N}", SortKey, 0, KindInt), Lt, FormatInt(int64(math.MinInt64)), "", ErrEmptyRange, `keys: key template "I#{N}": Lt on {N}: "-0776627963145224192" selects nothing`},
		{MustBind("I#{N}", SortKey, 0, KindUint), Lt, FormatUint(uint64(0)), "", ErrEmptyRange, ""},
	} {
		_, err := c.tp.Range(nil, c.op, c.a, c.b)
		if !errors.Is(err, c.is) || !errors.Is(err, ErrInvalid) || (c.msg != "" && err.Error() != c.msg) {
			t.Errorf("%s %s %q %q: %v, want %v %s", c.tp, c.op, c.a, c.b, err, c.is, c.msg)
		}
	}
	if region.Exact(0, Gt) || !region.Exact(0, Ge) || !region.Exact(1, Gt) || !name.Exact(0, Between) || !orderSK.Exact(0, Le) {
		t.Error("Exact")
	}
}

// The brute-force check: over many generated keys, the keys a condition
// selects are exactly those whose fields satisfy the operator, and nothing
// outside the equality prefix is ever selected.
func TestConditionsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 6))
	texts := []string{"e", "eu", "eu-west", "eu west", "eu!", "eua", "f", "a", "z", "é", "日本", "\"q", "e u", "eu-", "~", "a-", "-", "aa", "a-a"}
	ints := []int64{-1 << 63, -5, -1, 0, 1, 2, 10, 1<<63 - 1}
	base := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	times := []time.Time{base, base.Add(1), base.Add(time.Second), base.Add(-time.Nanosecond), base.AddDate(0, 1, 0), base.AddDate(-30, 0, 0)}
	for _, c := range []struct {
		src   string
		kinds []Kind
	}{
		{"ORDER#{PlacedAt}#{ID}", []Kind{KindTime, KindString}},
		{"R#{Region}#{N}", []Kind{KindString, KindInt}},
		{"R#{Region}", []Kind{KindString}},
		{"V#{A}-{B}", []Kind{KindString, KindString}},
		{"I#{I}", []Kind{KindInt}},
		{"I#{I}#{S}#{U}", []Kind{KindInt, KindString, KindUint}},
		{"F#{F|fixed=1}#x", []Kind{KindFloat}},
		{"E#{E|lower}!{X}", []Kind{KindString, KindString}},
	} {
		tp := MustBind(c.src, SortKey, 0, c.kinds...)
		// every key from the small value sets (a sample when too many)
		var keys []string
		var fields [][]string
		for i := 0; i < 4000; i++ {
			b := tp.Begin(nil)
			for _, p := range tp.Fields {
				switch p.Kind {
				case KindString:
					b = b.Text(texts[r.IntN(len(texts))])
				case KindInt:
					b = b.Int(ints[r.IntN(len(ints))])
				case KindUint:
					b = b.Uint(uint64(ints[r.IntN(len(ints))]))
				case KindTime:
					b = b.Time(times[r.IntN(len(times))])
				case KindFloat:
					b = b.Float64([]float64{-1.5, -0.1, 0, 0.1, 2, 1e6}[r.IntN(6)])
				}
			}
			k, err := b.Key()
			if err != nil {
				continue
			}
			f, err := tp.Split(nil, k)
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k)
			fields = append(fields, f)
		}
		// strings that are no key of the template, near its keys
		var foreign []string
		for _, k := range keys[:200] {
			for _, s := range []string{k[:r.IntN(len(k)+1)], k + "x", k + " ", k[:len(k)-1] + "\x01", strings.ToUpper(k), "A" + k, k[:r.IntN(len(k)+1)] + "\U0010FFFE"} {
				if _, err := tp.Split(nil, s); err != nil {
					foreign = append(foreign, s)
				}
			}
		}
		stats := map[string]int{}
		for n := 0; n < 3000; n++ {
			ref := fields[r.IntN(len(fields))]
			other := fields[r.IntN(len(fields))]
			k := r.IntN(len(tp.Fields) + 1)
			eq := ref[:k]
			if k == len(tp.Fields) || r.IntN(4) == 0 {
				if k == len(tp.Fields) {
					eq = ref
				}
				cond, err := tp.Prefix(eq...)
				if err != nil {
					t.Fatalf("%s Prefix(%q): %v", c.src, eq, err)
				}
				checkSelection(t, c.src, cond, keys, fields, foreign, func(f []string) bool { return equalPrefix(f, eq) }, string(mustPrefix(t, tp, eq)))
				stats["prefix"]++
				continue
			}
			op := Op(1 + r.IntN(6))
			a, b := other[k], fields[r.IntN(len(fields))][k]
			if r.IntN(3) == 0 {
				a = ref[k] // the boundary itself
			}
			cond, err := tp.Range(eq, op, a, b)
			if err != nil {
				switch {
				case errors.Is(err, ErrInexactRange):
					stats["inexact"]++
				case errors.Is(err, ErrEmptyRange):
					stats["empty"]++
					for _, f := range fields {
						if equalPrefix(f, eq) && opHolds(op, f[k], a, b) {
							t.Fatalf("%s: %s %q %q is not empty: %q", c.src, op, a, b, f)
						}
					}
				default:
					t.Fatalf("%s Range(%q, %s, %q, %q): %v", c.src, eq, op, a, b, err)
				}
				continue
			}
			stats["range"]++
			checkSelection(t, c.src+" "+op.String(), cond, keys, fields, foreign, func(f []string) bool {
				return equalPrefix(f, eq) && opHolds(op, f[k], a, b)
			}, string(mustPrefix(t, tp, eq)))
		}
		t.Logf("%s: %d keys, %d foreign, %v", c.src, len(keys), len(foreign), stats)
		if stats["range"] < 500 {
			t.Errorf("%s: only %d range conditions checked", c.src, stats["range"])
		}
	}
}

func mustPrefix(t *testing.T, tp *Template, eq []string) []byte {
	p, err := tp.prefix(eq)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func equalPrefix(f, eq []string) bool {
	for i, e := range eq {
		if f[i] != e {
			return false
		}
	}
	return true
}

func opHolds(op Op, v, a, b string) bool {
	switch op {
	case Lt:
		return v < a
	case Le:
		return v <= a
	case Gt:
		return v > a
	case Ge:
		return v >= a
	case Between:
		return a <= v && v <= b
	case GeLt:
		return a <= v && v < b
	}
	panic(op)
}

func checkSelection(t *testing.T, what string, cond Cond, keys []string, fields [][]string, foreign []string, pred func([]string) bool, prefix string) {
	t.Helper()
	if cond.Kind == CondBetween && cond.A > cond.B {
		t.Fatalf("%s: condition %+q has its bounds reversed, which DynamoDB refuses", what, cond)
	}
	for i, k := range keys {
		if got, want := cond.Match(k), pred(fields[i]); got != want {
			t.Fatalf("%s: condition %+q on key %q (fields %q): selected %t, predicate %t", what, cond, k, fields[i], got, want)
		}
	}
	for _, s := range foreign {
		if cond.Match(s) && !strings.HasPrefix(s, prefix) {
			t.Fatalf("%s: condition %+q selects %q outside prefix %q", what, cond, s, prefix)
		}
	}
}
