package keys

import (
	"errors"
	"strings"
	"testing"
)

// Range and Prefix at DynamoDB's sort-key limit: no bound is over 1,024
// bytes (DynamoDB refuses the query), and each condition still selects
// exactly the keys whose field satisfies the operator (brute force over
// values whose keys are at or near the limit, ending in runes of 1 to 4
// bytes). A lower bound that cannot fit is ErrKeyTooLong.
func TestRangeBoundsAtKeyLimit(t *testing.T) {
	max := SortKey.MaxLen()
	for _, src := range []string{"A#{X}", "A#{N}#{X}", "A#{X}#B#{N}"} {
		var kinds []Kind
		for _, f := range strings.SplitAfter(src, "}") {
			switch {
			case strings.Contains(f, "{X}"):
				kinds = append(kinds, KindString)
			case strings.Contains(f, "{N}"):
				kinds = append(kinds, KindInt)
			}
		}
		tm := MustBind(src, SortKey, '#', kinds...)
		xi := 0
		if tm.Fields[0].Field == "N" {
			xi = 1
		}
		n5 := FormatInt(int64(5))
		texts := func(x string) []string {
			if len(tm.Fields) == 1 {
				return []string{x}
			}
			if xi == 1 {
				return []string{n5, x}
			}
			return []string{x, n5}
		}
		// the longest value whose key fits
		fixed := len(tm.Literals[0].Text) + len(tm.Literals[1].Text)
		if len(tm.Fields) == 2 {
			fixed += len(tm.Literals[2].Text) + len(n5)
		}
		room := max - fixed
		var vals []string
		for _, tail := range []string{"", "y", "é", "€", "😀", "\u007f", "\u07ff", "\uffff", "ÿ", "z~"} {
			for d := 0; d <= 5; d++ {
				v := strings.Repeat("x", room-len(tail)-d) + tail
				if xi == 0 && len(tm.Fields) == 2 {
					v = strings.Repeat("x", room-len(tail)-d) + strings.ReplaceAll(tail, "\u007f", "~") // keep bounds exact: above '#'
				}
				vals = append(vals, v)
			}
		}
		vals = append(vals, "x", "xx", "y")
		var eq []string
		if xi == 1 {
			eq = []string{n5}
		}
		keysOf := map[string]string{}
		for _, v := range vals {
			k, err := tm.Append(nil, texts(v)...)
			if err != nil {
				t.Fatalf("%s: key of a %d-byte value: %v", src, len(v), err)
			}
			keysOf[v] = string(k)
		}
		checked := 0
		for _, op := range []Op{Lt, Le, Gt, Ge, Between, GeLt} {
			if !tm.Exact(xi, op) {
				continue
			}
			for _, a := range vals {
				for _, b := range []string{vals[len(vals)-1], vals[len(vals)/2], a} {
					c, err := tm.Range(eq, op, a, b)
					if errors.Is(err, ErrEmptyRange) || errors.Is(err, ErrInexactRange) {
						continue
					}
					if errors.Is(err, ErrKeyTooLong) {
						if op != Gt {
							t.Errorf("%s %s %q: %v", src, op, a, err)
						}
						continue
					}
					if err != nil {
						t.Fatalf("%s %s %q %q: %v", src, op, a, b, err)
					}
					if len(c.A) > max || len(c.B) > max {
						t.Fatalf("%s %s %q %q: bounds of %d and %d bytes", src, op, head(a), head(b), len(c.A), len(c.B))
					}
					for _, v := range vals {
						want := map[Op]bool{Lt: v < a, Le: v <= a, Gt: v > a, Ge: v >= a, Between: a <= v && v <= b, GeLt: a <= v && v < b}[op]
						if got := c.Match(keysOf[v]); got != want {
							t.Errorf("%s: %s(%q..., %q...) on a %d-byte value ending %q: selected %v, want %v", src, op, head(a), head(b), len(v), v[len(v)-4:], got, want)
						}
						checked++
					}
				}
			}
		}
		if checked == 0 {
			t.Fatalf("%s: nothing checked", src)
		}
		// Prefix before a fixed-width field: BETWEEN whose upper bound fits.
		if len(tm.Fields) == 2 && xi == 0 {
			c, err := tm.Prefix(vals[0])
			if err != nil || len(c.B) > max || !c.Match(keysOf[vals[0]]) {
				t.Errorf("%s: Prefix of the longest value: %d-byte bound, %v", src, len(c.B), err)
			}
		}
	}
}

func head(s string) string {
	if len(s) > 8 {
		return s[len(s)-8:]
	}
	return s
}

// fitUpper cuts at a rune boundary and fills the bytes left with the
// greatest rune that fits.
func TestFitUpper(t *testing.T) {
	if got := fitUpper("abcdefg"+"\U0010FFFF", 8); got != "abcdefg\u007f" {
		t.Errorf("1 byte left: %q", got)
	}
	if got := fitUpper("abcdef"+"\U0010FFFF", 8); got != "abcdef\u07ff" {
		t.Errorf("2 bytes left: %q", got)
	}
	if got := fitUpper("abcde"+"\U0010FFFF", 8); got != "abcde\uffff" {
		t.Errorf("3 bytes left: %q", got)
	}
	if got := fitUpper("abcdefgh"+"\U0010FFFF", 8); got != "abcdefgh" {
		t.Errorf("none left: %q", got)
	}
}
