package keys

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

var (
	customerPK = MustBind("CUSTOMER#{CustomerID}", PartitionKey, 0, KindString)
	orderSK    = MustBind("ORDER#{PlacedAt}#{ID}", SortKey, 0, KindTime, KindString)
	emailPK    = MustBind("EMAIL#{Email|lower}", PartitionKey, 0, KindString)
)

type sku string

func (s sku) KeyText() (string, error) {
	if s == "" {
		return "", errors.New("no SKU")
	}
	return strings.ToUpper(string(s)), nil
}

func (s *sku) ParseKeyText(text string) error {
	if strings.ToUpper(text) != text {
		return errors.New("not upper case")
	}
	*s = sku(strings.ToLower(text))
	return nil
}

func TestParseCustom(t *testing.T) {
	v, err := ParseCustom[sku]("AB-1")
	if err != nil || v != "ab-1" {
		t.Errorf("ParseCustom = %q, %v", v, err)
	}
	_, err = ParseCustom[sku]("ab")
	if !errors.Is(err, ErrMalformed) || !errors.Is(err, ErrInvalid) || err.Error() != `keys: value "ab": ParseKeyText: not upper case` {
		t.Errorf("ParseCustom error: %v", err)
	}
}

func TestBuildGolden(t *testing.T) {
	placed := time.Date(2026, 11, 3, 10, 4, 5, 123000000, time.FixedZone("", -5*3600))
	check := func(got string, err error, want string) {
		t.Helper()
		if err != nil || got != want {
			t.Errorf("got %q, %v; want %q", got, err, want)
		}
	}
	k, err := customerPK.Begin(nil).Text("c-17").Key()
	check(k, err, "CUSTOMER#c-17")
	k, err = orderSK.Begin(nil).Time(placed).Text("o-1").Key()
	check(k, err, "ORDER#2026-11-03T15:04:05.123000000Z#o-1")
	k, err = emailPK.Begin(nil).Text("Ada@Example.COM").Key()
	check(k, err, "EMAIL#ada@example.com")
	k, err = emailPK.Begin(nil).Text("ÉLODIE@ÉCOLE.FR").Key()
	check(k, err, "EMAIL#élodie@école.fr")
	up := MustBind("CODE#{C|upper}", SortKey, 0, KindString)
	k, err = up.Begin(nil).Text("straße-x").Key()
	check(k, err, "CODE#STRASSE-X"[:0]+"CODE#STRAßE-X") // simple case mapping: ß has no single upper-case rune
	nums := MustBind("N#{I}#{U}#{F|fixed=3}#{G|fixed=0}", SortKey, 0, KindInt, KindUint, KindFloat, KindFloat)
	k, err = nums.Begin(nil).Int(math.MinInt64).Uint(math.MaxUint64).Float64(-2.5).Float32(7).Key()
	check(k, err, "N#-0776627963145224192#18446744073709551615#-9999999999999997.500#00000000000000000007")
	cu := MustBind("P#{SKU}", SortKey, 0, KindCustom)
	k, err = cu.Begin(nil).Custom(sku("ab-1").KeyText()).Key()
	check(k, err, "P#AB-1")
	if _, err := cu.Begin(nil).Custom(sku("").KeyText()).Key(); err == nil || err.Error() != `keys: key template "P#{SKU}": field SKU: value "": KeyText: no SKU` {
		t.Errorf("KeyText error: %v", err)
	}
	k, err = MustBind("PROFILE", SortKey, 0).Begin(nil).Key()
	check(k, err, "PROFILE")
	unicode := MustBind("名前#{N}#end", SortKey, 0, KindString)
	k, err = unicode.Begin(nil).Text("日本語 テキスト").Key()
	check(k, err, "名前#日本語 テキスト#end")
	// appends to dst
	b, err := customerPK.Begin([]byte("x:")).Text("1").Bytes()
	check(string(b), err, "x:CUSTOMER#1")
}

func TestBuildErrors(t *testing.T) {
	dash := MustBind("A#{X}-{Y}", SortKey, 0, KindString, KindInt)
	aa := MustBind("A#{X}aa{Y}", SortKey, 0, KindString, KindString)
	for _, c := range []struct {
		name string
		got  func() error
		is   error
		msg  string
	}{
		{"separator", func() error { _, err := customerPK.Begin(nil).Text("a#b").Key(); return err }, ErrSeparator,
			`keys: key template "CUSTOMER#{CustomerID}": field CustomerID: value "a#b": contains the key separator '#', which the template reserves between fields`},
		{"empty", func() error { _, err := orderSK.Begin(nil).Time(time.Unix(0, 0)).Text("").Key(); return err }, ErrEmptyValue,
			`keys: key template "ORDER#{PlacedAt}#{ID}": field ID: value "": is empty: a key field needs text (leave a sparse index's key out instead)`},
		{"control", func() error { _, err := customerPK.Begin(nil).Text("a\nb").Key(); return err }, ErrInvalidText,
			`keys: key template "CUSTOMER#{CustomerID}": field CustomerID: value "a\nb": holds control character '\n'`},
		{"utf8", func() error { _, err := customerPK.Begin(nil).Text("a\xffb").Key(); return err }, ErrInvalidText,
			`keys: key template "CUSTOMER#{CustomerID}": field CustomerID: value "a\xffb": is not valid UTF-8`},
		{"utf8 lower", func() error { _, err := emailPK.Begin(nil).Text("A\xff").Key(); return err }, ErrInvalidText,
			`keys: key template "EMAIL#{Email|lower}": field Email: value "A\xff": is not valid UTF-8`},
		{"max rune", func() error { _, err := customerPK.Begin(nil).Text("a\U0010FFFF").Key(); return err }, ErrInvalidText,
			`keys: key template "CUSTOMER#{CustomerID}": field CustomerID: value "a\U0010ffff": holds U+10FFFF, which keys reserve`},
		{"following literal", func() error { _, err := dash.Begin(nil).Text("x-y").Int(1).Key(); return err }, ErrAmbiguous,
			`keys: key template "A#{X}-{Y}": field X: value "x-y": contains "-" (or ends with its beginning), the text that follows {X} in the template, so the key would not split back into its fields`},
		{"following literal overlap", func() error { _, err := aa.Begin(nil).Text("xa").Text("y").Key(); return err }, ErrAmbiguous,
			`keys: key template "A#{X}aa{Y}": field X: value "xa": contains "aa" (or ends with its beginning), the text that follows {X} in the template, so the key would not split back into its fields`},
		{"time range", func() error {
			_, err := orderSK.Begin(nil).Time(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)).Text("x").Key()
			return err
		}, ErrOutOfRange, `keys: key template "ORDER#{PlacedAt}#{ID}": field PlacedAt: value "10000-01-01 00:00:00 +0000 UTC": time is outside years 0000–9999 (UTC), which keys cannot encode`},
		{"too long pk", func() error { _, err := customerPK.Begin(nil).Text(strings.Repeat("x", 2040)).Key(); return err }, ErrKeyTooLong,
			`keys: key template "CUSTOMER#{CustomerID}": key "CUSTOMER#xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"...: key of 2049 bytes is over DynamoDB's limit of 2048 bytes for a partition key`},
		{"too long sk", func() error {
			_, err := orderSK.Begin(nil).Time(time.Unix(0, 0)).Text(strings.Repeat("é", 494)).Key()
			return err
		}, ErrKeyTooLong, ""},
		{"wrong kind", func() error { _, err := orderSK.Begin(nil).Text("x").Text("y").Key(); return err }, ErrUsage,
			`keys: key template "ORDER#{PlacedAt}#{ID}": placeholder {PlacedAt} is encoded as time, given text`},
		{"missing", func() error { _, err := orderSK.Begin(nil).Time(time.Unix(0, 0)).Key(); return err }, ErrUsage,
			`keys: key template "ORDER#{PlacedAt}#{ID}": placeholder {ID} was not filled`},
		{"extra", func() error { _, err := customerPK.Begin(nil).Text("a").Text("b").Key(); return err }, ErrUsage,
			`keys: key template "CUSTOMER#{CustomerID}": more values than placeholders`},
		{"unbound", func() error { tp, _ := Parse("A#{X}", SortKey, 0); _, err := tp.Begin(nil).Text("x").Key(); return err }, ErrUsage,
			`keys: key template "A#{X}": template used before Bind`},
	} {
		err := c.got()
		if !errors.Is(err, c.is) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want %v", c.name, err, c.is)
			continue
		}
		if c.msg != "" && err.Error() != c.msg {
			t.Errorf("%s: message\n got %s\nwant %s", c.name, err, c.msg)
		}
	}
	// fine where the literal contains the separator, and with '-' in values
	if k, err := dash.Begin(nil).Text("x").Int(-1).Key(); err != nil || k != "A#x--9999999999999999999" {
		t.Errorf("dash: %q %v", k, err)
	}
	if k, err := orderSK.Begin(nil).Time(time.Unix(0, 0)).Text("a-b c").Key(); err != nil || !strings.HasSuffix(k, "#a-b c") {
		t.Errorf("dash in text: %q %v", k, err)
	}
	var fe *FieldError
	if _, err := customerPK.Begin(nil).Text("a#b").Key(); !errors.As(err, &fe) || fe.Field != "CustomerID" || fe.Value != "a#b" {
		t.Errorf("FieldError: %#v", err)
	}
}

// Templates of every shape and encoding, with random values: build, split,
// decode and rebuild.
var roundTripTemplates = []struct {
	src   string
	kinds []Kind
}{
	{"CUSTOMER#{ID}", []Kind{KindString}},
	{"ORDER#{PlacedAt}#{ID}", []Kind{KindTime, KindString}},
	{"{A}#{B}#{C}", []Kind{KindString, KindString, KindString}},
	{"X{A}-{B}aa{C}!", []Kind{KindString, KindString, KindString}},
	{"N#{I}{U}{F|fixed=2}", nil}, // adjacent: refused, skipped
	{"N#{I}:{U}#{F|fixed=2}#{T}x", []Kind{KindInt, KindUint, KindFloat, KindTime}},
	{"E#{Email|lower}#{Code|upper}", []Kind{KindString, KindString}},
	{"{Name}", []Kind{KindString}},
	{"{N}0{M}", []Kind{KindInt, KindInt}},
}

var alphabet = []string{"a", "b", "Z", "0", "9", "-", "#", "|", " ", "!", "\"", "é", "日", "😀", "aa", "x", ":", ".", "\x01", "\U0010FFFF", "ß", "İ"}

func randText(r *rand.Rand) string {
	n := 1 + r.IntN(5)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

func TestTemplateRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 2))
	for _, c := range roundTripTemplates {
		tp, err := Parse(c.src, SortKey, 0)
		if c.kinds == nil {
			if err == nil {
				t.Errorf("%q parsed", c.src)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := tp.Bind(c.kinds...); err != nil {
			t.Fatal(err)
		}
		built := 0
		for i := 0; i < 3000; i++ {
			b := tp.Begin(nil)
			var want []any
			for _, p := range tp.Fields {
				switch p.Kind {
				case KindString:
					s := randText(r)
					b = b.Text(s)
					switch p.Case {
					case CaseLower:
						s = strings.ToLower(s)
					case CaseUpper:
						s = strings.ToUpper(s)
					}
					want = append(want, s)
				case KindInt:
					v := randInt64(r)
					b = b.Int(v)
					want = append(want, v)
				case KindUint:
					v := r.Uint64()
					b = b.Uint(v)
					want = append(want, v)
				case KindFloat:
					v := randFixed(r, p.Decimals)
					b = b.Float64(v)
					want = append(want, v)
				case KindTime:
					v := randTime(r)
					b = b.Time(v)
					want = append(want, v.UTC())
				}
			}
			key, err := b.Key()
			if err != nil {
				if !errors.Is(err, ErrSeparator) && !errors.Is(err, ErrAmbiguous) && !errors.Is(err, ErrInvalidText) {
					t.Fatalf("%q: %v", c.src, err)
				}
				continue
			}
			built++
			texts, err := tp.Split(nil, key)
			if err != nil {
				t.Fatalf("%q: Split(%q): %v", c.src, key, err)
			}
			for j, p := range tp.Fields {
				var got any
				switch p.Kind {
				case KindString:
					got = texts[j]
				case KindInt:
					got, err = ParseInt[int64](texts[j])
				case KindUint:
					got, err = ParseUint[uint64](texts[j])
				case KindFloat:
					got, err = ParseFixed[float64](texts[j], p.Decimals)
				case KindTime:
					got, err = ParseTime(texts[j])
				}
				if err != nil || got != want[j] {
					t.Fatalf("%q: key %q field %s = %v (%v), want %v", c.src, key, p.Field, got, err, want[j])
				}
			}
			again, err := tp.Append(nil, texts...)
			if err != nil || string(again) != key {
				t.Fatalf("%q: Append(Split(%q)) = %q, %v", c.src, key, again, err)
			}
		}
		if built < 300 {
			t.Errorf("%q: only %d keys built", c.src, built)
		}
	}
}

func TestSplitRejects(t *testing.T) {
	nums := MustBind("N#{I}#{T}", SortKey, 0, KindInt, KindTime)
	for _, c := range []struct {
		tp  *Template
		key string
		msg string
	}{
		{orderSK, "ORDERS#2026-11-03T15:04:05.123000000Z#o-1", `does not begin with "ORDER#"`},
		{orderSK, "ORDER#2026-11-03T15:04:05.123Z#o-1", `too short for {PlacedAt}`},
		{orderSK, "ORDER#2026-11-03T15:04:05.123000000Z#", `{ID}: value "": is empty: a key field needs text (leave a sparse index's key out instead)`},
		{orderSK, "ORDER#2026-11-03T15:04:05.123000000Z#a#b", `{ID}: value "a#b": contains the key separator '#', which the template reserves between fields`},
		{orderSK, "ORDER#2026-11-03T15:04:05.123000000Zx#a", `no "#" after {PlacedAt}`},
		{customerPK, "CUSTOMER#a\x00", `{CustomerID}: value "a\x00": holds control character '\x00'`},
		{emailPK, "EMAIL#Ada@x", `{Email}: value "Ada@x": is not in the case its modifier writes`},
		{nums, "N#00000000000000000001#2026-11-03T15:04:05.123000000Z!", `text after the template's end`},
		{nums, "N#+0000000000000000001#2026-11-03T15:04:05.123000000Z", `{I}: value "+0000000000000000001": an integer key text begins with '0' or '-'`},
		{MustBind("A#{X}#B", SortKey, 0, KindString), "A#x", `no "#B" after {X}`},
	} {
		_, err := c.tp.Split(nil, c.key)
		var ke *KeyError
		if !errors.Is(err, ErrMalformed) || !errors.As(err, &ke) || ke.Detail != c.msg {
			t.Errorf("Split(%q) = %v, want detail %q", c.key, err, c.msg)
		}
	}
}

// A key appended to a buffer that already holds others (as one item's keys
// are built into one buffer) is measured alone: the length limit applies to
// the key, not to the buffer.
func TestKeyLengthAfterPrefix(t *testing.T) {
	prev := []byte(strings.Repeat("p", 1500))
	sk := MustBind("ORDER#{ID}", SortKey, '#', KindString)
	b, err := sk.Begin(prev).Text("o1").Bytes()
	if err != nil {
		t.Fatalf("a 9-byte key after 1,500 bytes: %v", err)
	}
	if got := string(b[len(prev):]); got != "ORDER#o1" {
		t.Errorf("key %q", got)
	}
	_, err = sk.Begin(prev).Text(strings.Repeat("x", 1020)).Bytes()
	var ke *KeyError
	if !errors.Is(err, ErrKeyTooLong) || !errors.As(err, &ke) || !strings.Contains(ke.Detail, "key of 1026 bytes") || len(ke.Key) != 1026 {
		t.Errorf("a 1,026-byte sort key after 1,500 bytes: %v", err)
	}
	if _, err := sk.Append(prev, strings.Repeat("x", 1000)); err != nil {
		t.Errorf("Append of a 1,006-byte key after 1,500 bytes: %v", err)
	}
}
