package keys_test

import (
	"fmt"
	"time"

	"github.com/stelviogen/stelviogen/runtime/keys"
)

// What generated code does with an Order's sort key.
func Example() {
	sk := keys.MustBind("ORDER#{PlacedAt}#{ID}", keys.SortKey, '#', keys.KindTime, keys.KindString)

	placed := time.Date(2026, 11, 3, 10, 4, 5, 0, time.FixedZone("", -5*3600))
	key, err := sk.Begin(nil).Time(placed).Text("o-1").Key()
	fmt.Println(key, err)

	// back from a KEYS_ONLY index
	texts, _ := sk.Split(nil, key)
	at, _ := keys.ParseTime(texts[0])
	fmt.Println(at, texts[1])

	// orders placed in November 2026: one BETWEEN inside "ORDER#"
	from, _ := keys.FormatTime(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	to, _ := keys.FormatTime(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	c, _ := sk.Range(nil, keys.GeLt, from, to)
	fmt.Printf("%s %q %q\n", c.Kind, c.A, c.B)

	// a value holding the separator is refused before anything is sent
	_, err = sk.Begin(nil).Time(placed).Text("o#1").Key()
	fmt.Println(err)
	// Output:
	// ORDER#2026-11-03T15:04:05.000000000Z#o-1 <nil>
	// 2026-11-03 15:04:05 +0000 UTC o-1
	// BETWEEN "ORDER#2026-11-01T00:00:00.000000000Z" "ORDER#2026-12-01T00:00:00.000000000Y\U0010ffff"
	// keys: key template "ORDER#{PlacedAt}#{ID}": field ID: value "o#1": contains the key separator '#', which the template reserves between fields
}

// What the generator does to prove two entities' sort keys apart.
func ExampleCompare() {
	parse := func(src string, kinds ...keys.Kind) *keys.Template {
		t, _ := keys.Parse(src, keys.SortKey, '#')
		_ = t.Bind(kinds...)
		return t
	}
	order := parse("ORDER#{ID}", keys.KindString)
	item := parse("ORDER#{OrderID}#ITEM#{N}", keys.KindString, keys.KindInt)
	profile := parse("ORDER#PROFILE")

	o := keys.Compare(order, item)
	fmt.Println(o.Equal == nil, o.AInB != nil, o.BInA != nil)
	fmt.Println(keys.Compare(profile, order).Explain())
	fmt.Println(keys.Compare(profile, parse("ORDER#{N}", keys.KindInt)).Disjoint())
	// Output:
	// true true true
	// key "ORDER#PROFILE" fits both "ORDER#PROFILE" and "ORDER#{ID}"; key "ORDER#PROFILE" of "ORDER#PROFILE" begins with "ORDER#", which a query of "ORDER#{ID}" on no field matches
	// true
}
