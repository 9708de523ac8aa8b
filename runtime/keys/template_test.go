package keys

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseStructure(t *testing.T) {
	tp, err := Parse("ORDER#{PlacedAt}#{ID|lower}", SortKey, 0)
	if err != nil {
		t.Fatal(err)
	}
	if tp.Sep != '#' || len(tp.Fields) != 2 || len(tp.Literals) != 3 {
		t.Fatalf("parsed %+v", tp)
	}
	want := []Literal{{"ORDER#", 0}, {"#", 16}, {"", 27}}
	for i, l := range want {
		if tp.Literals[i] != l {
			t.Errorf("literal %d = %+v, want %+v", i, tp.Literals[i], l)
		}
	}
	f := tp.Fields[1]
	if f.Field != "ID" || f.Offset != 17 || f.FieldOffset != 18 || f.End != 27 || f.Case != CaseLower || f.Decimals != -1 ||
		len(f.Mods) != 1 || f.Mods[0] != (Modifier{Name: "lower", Offset: 21}) {
		t.Errorf("field 1 = %+v", f)
	}
	p, err := Parse("PRICE#{P|fixed=2}", SortKey, 0)
	if err != nil || p.Fields[0].Decimals != 2 || p.Fields[0].Mods[0] != (Modifier{Name: "fixed", Arg: "2", Offset: 9}) {
		t.Fatalf("fixed: %+v %v", p, err)
	}
	c, err := Parse("PROFILE", SortKey, 0)
	if err != nil || !c.IsConstant() || c.Literals[0].Text != "PROFILE" {
		t.Fatalf("constant: %+v %v", c, err)
	}
	if names := tp.FieldNames(); strings.Join(names, ",") != "PlacedAt,ID" {
		t.Errorf("FieldNames = %v", names)
	}
}

// Every check of Parse and Bind: its offset and message.
func TestTemplateErrors(t *testing.T) {
	type problem struct {
		off int
		msg string
	}
	for _, c := range []struct {
		src   string
		sep   byte
		role  Role
		kinds []Kind // nil: Parse only
		want  []problem
	}{
		{src: "", want: []problem{{0, "empty key template: write literal text, placeholders {Field}, or both"}}},
		{src: "A#{ID", want: []problem{{2, "unclosed '{': a placeholder is {Field} or {Field|modifier}"}}},
		{src: "A#ID}", want: []problem{{4, "'}' without '{': literal text cannot contain braces"}}},
		{src: "A#{I{D}#{X", want: []problem{{4, "'{' inside a placeholder: placeholders do not nest and literal text cannot contain braces"}, {8, "unclosed '{': a placeholder is {Field} or {Field|modifier}"}}},
		{src: "A#{I{D}", want: []problem{{4, "'{' inside a placeholder: placeholders do not nest and literal text cannot contain braces"}}},
		{src: "A#{}", want: []problem{{3, "empty field name: a placeholder is {Field} or {Field|modifier}"}}},
		{src: "A#{|lower}", want: []problem{{3, "empty field name: a placeholder is {Field} or {Field|modifier}"}}},
		{src: "A#{1D}", want: []problem{{3, `field name "1D" is not a Go identifier`}}},
		{src: "A#{ID|title}", want: []problem{{6, `unknown modifier "title" (known: lower, upper, fixed=N)`}}},
		{src: "A#{ID|}", want: []problem{{6, "empty modifier after '|' (known: lower, upper, fixed=N)"}}},
		{src: "A#{ID|lower|upper}", want: []problem{{12, "modifiers lower and upper exclude each other"}}},
		{src: "A#{ID|lower|lower}", want: []problem{{12, "modifier lower given twice"}}},
		{src: "A#{ID|lower=1}", want: []problem{{6, "modifier lower takes no argument"}}},
		{src: "A#{P|fixed}", want: []problem{{5, "modifier fixed needs a number of decimals from 0 to 18, e.g. {P|fixed=2}"}}},
		{src: "A#{P|fixed=19}", want: []problem{{5, "modifier fixed needs a number of decimals from 0 to 18, e.g. {P|fixed=2}"}}},
		{src: "A#{P|fixed=02}", want: []problem{{5, "modifier fixed needs a number of decimals from 0 to 18, e.g. {P|fixed=2}"}}},
		{src: "A#{X}{Y}", want: []problem{{5, "placeholders {X} and {Y} are adjacent: put literal text between them (the separator: {X}#{Y}) so the key splits back into its fields"}}},
		{src: "A\x01#{X}", want: []problem{{1, `literal text holds control character '\x01'`}}},
		{src: "A\xff#{X}", want: []problem{{1, "literal text is not valid UTF-8"}}},
		{src: "A\U0010FFFF", want: []problem{{1, "literal text holds U+10FFFF, which key conditions reserve as their upper bound"}}},
		{src: "A#{X}", sep: '-', want: []problem{{0, "separator '-' is not allowed: use a printable ASCII punctuation character other than { } - . : (the default is #)"}}},
		{src: strings.Repeat("x", 1025), role: SortKey, want: []problem{{0, "fixed text of 1025 bytes is over DynamoDB's limit of 1024 bytes for a sort key"}}},
		{src: strings.Repeat("x", 2048), role: PartitionKey}, // fits
		// several problems at once, in source order
		{src: "{}{A|x}}", want: []problem{
			{1, "empty field name: a placeholder is {Field} or {Field|modifier}"},
			{2, "placeholders {} and {A} are adjacent: put literal text between them (the separator: {}#{A}) so the key splits back into its fields"},
			{5, `unknown modifier "x" (known: lower, upper, fixed=N)`},
			{7, "'}' without '{': literal text cannot contain braces"},
		}},
		// Bind
		{src: "A#{Email|lower}", kinds: []Kind{KindInt}, want: []problem{{9, "modifier lower applies to string fields; Email is an integer"}}},
		{src: "A#{N|fixed=2}", kinds: []Kind{KindInt}, want: []problem{{5, "modifier fixed applies to float fields; N is an integer"}}},
		{src: "A#{Price}", kinds: []Kind{KindFloat}, want: []problem{{2, "float field Price needs a fixed format to sort as numbers in a key, e.g. {Price|fixed=2}"}}},
		{src: "A#{SKU|upper}", kinds: []Kind{KindCustom}, want: []problem{{7, "modifier upper applies to string fields; SKU is a custom key type"}}},
		{src: "A#{X}", kinds: []Kind{KindString, KindInt}, want: []problem{{0, "template has 1 placeholders but 2 field kinds were given"}}},
		{src: strings.Repeat("x", 1000) + "#{T}", role: SortKey, kinds: []Kind{KindTime}, want: []problem{{0, "every key of this template is at least 1031 bytes, over DynamoDB's limit of 1024 bytes for a sort key"}}},
	} {
		tp, err := Parse(c.src, c.role, c.sep)
		if c.kinds != nil && err == nil {
			err = tp.Bind(c.kinds...)
		}
		var got []problem
		var errs TemplateErrors
		if err != nil && !errors.As(err, &errs) {
			t.Errorf("%q: error %T %v is not TemplateErrors", c.src, err, err)
			continue
		}
		for _, e := range errs {
			got = append(got, problem{e.Offset, e.Msg})
			if e.Template != c.src {
				t.Errorf("%q: error names template %q", c.src, e.Template)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%q: got %d problems %v, want %v", c.src, len(got), got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: problem %d = %+v, want %+v", c.src, i, got[i], c.want[i])
			}
		}
	}
}

func TestCheckLiteralPrefix(t *testing.T) {
	for src, ok := range map[string]bool{"ORDER#{ID}": true, "PROFILE": true, "{ID}": false, "{ID}#X": false} {
		tp, err := Parse(src, SortKey, 0)
		if err != nil {
			t.Fatal(err)
		}
		err = tp.CheckLiteralPrefix()
		if (err == nil) != ok {
			t.Errorf("%q: CheckLiteralPrefix = %v", src, err)
		}
		if err != nil {
			want := `key template "` + src + `" at offset 0: a sort key template must begin with literal text naming the entity (e.g. ORDER#` + src + `) so entities sharing an index are told apart by their keys`
			if err.Error() != want {
				t.Errorf("message\n got %s\nwant %s", err, want)
			}
		}
	}
}

func TestSeparators(t *testing.T) {
	for _, c := range []byte("#|$~!@%&*+/;<=>?^_`,'()[]\\\"") {
		if err := CheckSeparator(c); err != nil {
			t.Errorf("%q: %v", c, err)
		}
	}
	for _, c := range []byte("{}-.:aZ0 \x00\x7f\x80") {
		if err := CheckSeparator(c); err == nil {
			t.Errorf("%q accepted", c)
		}
	}
}

func TestNormalizedAndShape(t *testing.T) {
	for _, c := range []struct {
		tp                *Template
		normalized, shape string
	}{
		{MustBind("ORDER#{PlacedAt}#{ID}", SortKey, 0, KindTime, KindString), "ORDER#{PlacedAt:time}#{ID:string}", "ORDER#{time}#{string}"},
		{MustBind("EMAIL#{Email|lower}", PartitionKey, 0, KindString), "EMAIL#{Email:string|lower}", "EMAIL#{string|lower}"},
		{MustBind("P#{P|fixed=2}#{N}:{U}#{S}", SortKey, 0, KindFloat, KindInt, KindUint, KindCustom), "P#{P:float|fixed=2}#{N:int}:{U:uint}#{S:custom}", "P#{float|fixed=2}#{int}:{uint}#{custom}"},
		{MustBind("PROFILE", SortKey, 0), "PROFILE", "PROFILE"},
	} {
		if got := c.tp.Normalized(); got != c.normalized {
			t.Errorf("Normalized(%s) = %q, want %q", c.tp, got, c.normalized)
		}
		if got := c.tp.Shape(); got != c.shape {
			t.Errorf("Shape(%s) = %q, want %q", c.tp, got, c.shape)
		}
	}
	a := MustBind("CUSTOMER#{ID}", PartitionKey, 0, KindString)
	b := MustBind("CUSTOMER#{CustomerID}", PartitionKey, 0, KindString)
	if a.Shape() != b.Shape() || a.Normalized() == b.Normalized() {
		t.Errorf("%s / %s", a.Shape(), b.Shape())
	}
}

// A template's Normalized form parses back into a template that builds the
// same keys; a placeholder without its kind is refused.
func TestParseNormalized(t *testing.T) {
	for _, tc := range []struct {
		src   string
		role  Role
		kinds []Kind
	}{
		{"ORDER#{PlacedAt}#{ID}", SortKey, []Kind{KindTime, KindString}},
		{"EMAIL#{Email|lower}", PartitionKey, []Kind{KindString}},
		{"PRICE#{P|fixed=2}#{N}", SortKey, []Kind{KindFloat, KindInt}},
		{"PROFILE", SortKey, nil},
		{"{ID}", PartitionKey, []Kind{KindUint}},
	} {
		orig := MustBind(tc.src, tc.role, '#', tc.kinds...)
		back, err := ParseNormalized(orig.Normalized(), tc.role, '#')
		if err != nil {
			t.Fatalf("%s: %v", orig.Normalized(), err)
		}
		if back.Normalized() != orig.Normalized() || back.Source != tc.src {
			t.Errorf("%s: parsed back as %s (%s)", orig.Normalized(), back.Normalized(), back.Source)
		}
	}
	k1, _ := MustBind("ORDER#{PlacedAt}#{ID}", SortKey, '#', KindTime, KindString).Begin(nil).Time(time.Unix(5, 0)).Text("o1").Key()
	k2, _ := MustParseNormalized("ORDER#{PlacedAt:time}#{ID:string}", SortKey, '#').Begin(nil).Time(time.Unix(5, 0)).Text("o1").Key()
	if k1 != k2 {
		t.Errorf("keys differ: %q, %q", k1, k2)
	}
	for _, bad := range []string{"ORDER#{ID}", "ORDER#{ID:bool}", "ORDER#{ID:string", "ORDER#{Email:int|lower}"} {
		if _, err := ParseNormalized(bad, SortKey, '#'); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
