package keys

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func bind(t *testing.T, src string, kinds ...Kind) *Template {
	t.Helper()
	tp, err := Parse(src, SortKey, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := tp.Bind(kinds...); err != nil {
		t.Fatal(err)
	}
	return tp
}

func TestCompareGolden(t *testing.T) {
	S, I, T := KindString, KindInt, KindTime
	for _, c := range []struct {
		a, b              *Template
		equal, aInB, bInA string // expected witness keys, "" for none
		explain           string
		unreal            bool
	}{
		{a: bind(t, "CUSTOMER#{ID}", S), b: bind(t, "ORDER#{ID}", S)},
		{a: bind(t, "ORDER#{ID}", S), b: bind(t, "ORDER#{OrderID}#ITEM#{N}", S, I),
			aInB: "ORDER#a", bInA: "ORDER#a#ITEM#00000000000000000000",
			explain: `key "ORDER#a" of "ORDER#{ID}" begins with "ORDER#", which a query of "ORDER#{OrderID}#ITEM#{N}" on no field matches; key "ORDER#a#ITEM#00000000000000000000" of "ORDER#{OrderID}#ITEM#{N}" begins with "ORDER#", which a query of "ORDER#{ID}" on no field matches`},
		// ORDER#PROFILE and an integer: no equal key, and the queries of ORDER#{ID} are BETWEEN digits
		{a: bind(t, "ORDER#PROFILE"), b: bind(t, "ORDER#{ID}", I)},
		{a: bind(t, "PROFILE"), b: bind(t, "{Name}", S), equal: "PROFILE",
			explain: `key "PROFILE" fits both "PROFILE" and "{Name}"`},
		{a: bind(t, "ORDER#PROFILE"), b: bind(t, "ORDER#{ID}", S), equal: "ORDER#PROFILE", aInB: "ORDER#PROFILE"},
		{a: bind(t, "ORDER#PROFILE"), b: bind(t, "ORDER#{ID}", I)},
		{a: bind(t, "ORDER#{PlacedAt}#{ID}", T, S), b: bind(t, "ORDER#LATEST")},
		{a: bind(t, "ORDER#{PlacedAt}#{ID}", T, S), b: bind(t, "ORDER#2026"), bInA: "ORDER#2026"},
		// no equal key (a time has "-" where an integer has digits), but the queries of either
		// select keys of the other: year 0026 is between integers 0 and MaxInt64
		{a: bind(t, "ORDER#{PlacedAt}#{ID}", T, S), b: bind(t, "ORDER#{N}#{ID}", I, S),
			aInB: "ORDER#0026-01-01T00:00:00.000000000Z#a", bInA: "ORDER#00000000000000000000#a"},
		// a literal prefix that is a prefix of another's: "ORDER" vs "ORDERS#"
		// values hold no "#", so no key of ORDER{ID} begins with ORDERS#
		{a: bind(t, "ORDER{ID}", S), b: bind(t, "ORDERS#{ID}", S), bInA: "ORDERS#a"},
		{a: bind(t, "ORDER#{ID}", S), b: bind(t, "ORDER#{ID}#{X}", S, S), aInB: "ORDER#a", bInA: "ORDER#a#a"},
		{a: bind(t, "A#{X}", I), b: bind(t, "A#{X}", U()), equal: "A#00000000000000000000", aInB: "A#00000000000000000000", bInA: "A#00000000000000000000"},
		// -0776627963145224192 is MinInt64; the witness comes from the over-approximation
		{a: bind(t, "A#{X}", I), b: bind(t, "A#-{X}", S), equal: "A#-0000000000000000000", aInB: "A#-0000000000000000000", bInA: "A#-a", unreal: true},
		{a: bind(t, "A#{X}", S), b: bind(t, "A#-{X}", S), equal: "A#-a", aInB: "A#-", bInA: "A#-a"},
		{a: bind(t, "A#{X}", S), b: bind(t, "B#{X}", S)},
		// a text value may be the digits of an integer; the integer queries' BETWEEN
		// selects text keys from "A#-0776627963145224192" to "A#09223372036854775807"
		{a: bind(t, "A#{X}", S), b: bind(t, "A#{Y}", I), equal: "A#00000000000000000000", aInB: "A#0", bInA: "A#00000000000000000000"},
		{a: bind(t, "A#{X}", S), b: bind(t, "A#{Y}", T), equal: "A#2026-01-01T00:00:00.000000000Z", aInB: "A#9", bInA: "A#2026-01-01T00:00:00.000000000Z"},
		{a: bind(t, "A#{X}", S), b: bind(t, "A#{Y}", U()), equal: "A#00000000000000000000", aInB: "A#1", bInA: "A#00000000000000000000"},
		{a: bind(t, "A#{X}#", S), b: bind(t, "A#{Y}", I), aInB: "A#0#", bInA: "A#00000000000000000000"},
	} {
		o := Compare(c.a, c.b)
		got := func(r *Relation) string {
			if r == nil {
				return ""
			}
			return r.Key
		}
		if got(o.Equal) != c.equal || got(o.AInB) != c.aInB || got(o.BInA) != c.bInA {
			t.Errorf("%s vs %s: equal %q, aInB %q, bInA %q; want %q %q %q", c.a, c.b, got(o.Equal), got(o.AInB), got(o.BInA), c.equal, c.aInB, c.bInA)
		}
		if o.Disjoint() != (c.equal == "" && c.aInB == "" && c.bInA == "") {
			t.Errorf("%s vs %s: Disjoint %t", c.a, c.b, o.Disjoint())
		}
		if c.explain != "" && o.Explain() != c.explain {
			t.Errorf("%s vs %s: Explain\n got %s\nwant %s", c.a, c.b, o.Explain(), c.explain)
		}
		if c.unreal {
			continue
		}
		// witnesses are real keys here
		for _, w := range []struct {
			r  *Relation
			tp *Template
		}{{o.Equal, c.a}, {o.Equal, c.b}, {o.AInB, c.a}, {o.BInA, c.b}} {
			if w.r == nil {
				continue
			}
			if _, err := w.tp.Split(nil, w.r.Key); err != nil {
				t.Errorf("%s vs %s: witness %q is no key of %s: %v", c.a, c.b, w.r.Key, w.tp, err)
			}
		}
		if o.AInB != nil && !strings.HasPrefix(o.AInB.Key, o.AInB.Prefix) {
			t.Errorf("AInB witness %+v", o.AInB)
		}
	}
}

func U() Kind { return KindUint }

// Soundness: whenever generated keys of two templates meet, Compare says so.
func TestCompareSound(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 9))
	lits := []string{"", "A", "A#", "#", "AB", "B#", "-", "0", "00", "#A#", "T", "Z", ".", ":", "-0", "A-"}
	kinds := []Kind{KindString, KindInt, KindUint, KindTime, KindFloat}
	texts := []string{"A", "0", "-", "A-", "AB", "00000000000000000000", "Z", "T", "A#x"[:1], "-0", "B", "x"}
	randTemplate := func() *Template {
		n := r.IntN(3)
		var b strings.Builder
		var ks []Kind
		b.WriteString(lits[r.IntN(len(lits))])
		for i := 0; i < n; i++ {
			k := kinds[r.IntN(len(kinds))]
			ks = append(ks, k)
			b.WriteString("{F" + string(rune('a'+i)))
			if k == KindFloat {
				b.WriteString("|fixed=" + string(rune('0'+r.IntN(3))))
			}
			b.WriteString("}")
			l := lits[1+r.IntN(len(lits)-1)]
			if i == n-1 && r.IntN(2) == 0 {
				l = ""
			}
			b.WriteString(l)
		}
		tp, err := Parse(b.String(), SortKey, 0)
		if err != nil {
			return nil
		}
		if tp.Bind(ks...) != nil {
			return nil
		}
		return tp
	}
	gen := func(tp *Template) ([]string, [][]string) {
		var keys []string
		var fields [][]string
		for i := 0; i < 60; i++ {
			b := tp.Begin(nil)
			for _, p := range tp.Fields {
				switch p.Kind {
				case KindString:
					b = b.Text(texts[r.IntN(len(texts))])
				case KindInt:
					b = b.Int([]int64{0, -1, 5, -1 << 63}[r.IntN(4)])
				case KindUint:
					b = b.Uint([]uint64{0, 5}[r.IntN(2)])
				case KindTime:
					b = b.Time(randTime(r))
				case KindFloat:
					b = b.Float64([]float64{0, 1, -1}[r.IntN(3)])
				}
			}
			if k, err := b.Key(); err == nil {
				f, _ := tp.Split(nil, k)
				keys = append(keys, k)
				fields = append(fields, f)
			}
		}
		return keys, fields
	}
	met := map[string]int{}
	for n := 0; n < 1500; n++ {
		a, b := randTemplate(), randTemplate()
		if a == nil || b == nil {
			continue
		}
		o := Compare(a, b)
		ka, fa := gen(a)
		kb, fb := gen(b)
		inB := map[string]bool{}
		for _, k := range kb {
			inB[k] = true
		}
		// the conditions of the queries on k < n equal fields (Range
		// conditions select within them)
		queries := func(tp *Template, fields [][]string) []Cond {
			var cs []Cond
			for _, f := range fields {
				for k := 0; k < len(tp.Fields); k++ {
					if c, err := tp.Prefix(f[:k]...); err == nil && c.Kind != CondNone {
						cs = append(cs, c)
					}
				}
			}
			return cs
		}
		qb, qa := queries(b, fb), queries(a, fa)
		for _, k := range ka {
			if inB[k] {
				met["equal"]++
				if o.Equal == nil {
					t.Fatalf("%s and %s both produce %q, Compare says no", a, b, k)
				}
			}
			for _, q := range qb {
				if q.Match(k) {
					met["aInB"]++
					if o.AInB == nil {
						t.Fatalf("key %q of %s matches %+q of %s, Compare says no", k, a, q, b)
					}
				}
			}
		}
		for _, k := range kb {
			for _, q := range qa {
				if q.Match(k) && o.BInA == nil {
					t.Fatalf("key %q of %s matches %+q of %s, Compare says no", k, b, q, a)
				}
			}
		}
		if o.Disjoint() {
			met["disjoint"]++
		}
	}
	t.Logf("%v", met)
	if met["equal"] == 0 || met["aInB"] == 0 || met["disjoint"] == 0 {
		t.Errorf("test did not exercise every outcome: %v", met)
	}
}
