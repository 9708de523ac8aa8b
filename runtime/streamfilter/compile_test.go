package streamfilter_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// filterSnippets are function bodies type-checked against the example models;
// want is part of the compiler's message, or empty for the controls, which
// must compile.
var filterSnippets = []struct{ name, code, want string }{
	{"control: equals on a string", `_ = sf.Equals(&models.OrderAttrs.Status, "paid", "shipped")`, ``},
	{"control: a whole filter", `_ = sf.Match(sf.Events(sf.Insert), sf.NotTTLExpired(), sf.NewImage(sf.Prefix(&models.OrderAttrs.OrderDate, "2026-"), sf.Exists(&models.OrderAttrs.ExpiresAt), sf.AnythingBut(&models.OrderAttrs.Total, 0)))`, ``},
	{"control: a typed value of a named type", `type status string; _ = sf.Equals(&models.OrderAttrs.Status, string(status("paid")))`, ``},
	{"an attribute the model does not have", `_ = sf.Equals(&models.OrderAttrs.Colour, "red")`, `models.OrderAttrs.Colour undefined`},
	{"a string attribute with a number", `_ = sf.Equals(&models.OrderAttrs.Status, 5)`, `cannot use 5 (untyped int constant) as string value`},
	{"a number attribute with a string", `_ = sf.Equals(&models.OrderAttrs.Total, "10")`, `cannot use "10" (untyped string constant) as float64 value`},
	{"anything-but of the wrong type", `_ = sf.AnythingBut(&models.OrderAttrs.Version, "1")`, `cannot use "1" (untyped string constant) as int64 value`},
	{"prefix on a number", `_ = sf.Prefix(&models.OrderAttrs.Total, "1")`, `type *ddb.Number[float64] of &models.OrderAttrs.Total does not match`},
	{"equals on a list", `_ = sf.Equals(&models.OrderAttrs.Items, []string{"a"})`, `type *ddb.List[string, ddb.String[string]] of &models.OrderAttrs.Items does not match inferred type streamfilter.Scalar[[]string]`},
	{"contains on a list", `_ = sf.Contains(&models.OrderAttrs.Items, "a")`, `type *ddb.List[string, ddb.String[string]] of &models.OrderAttrs.Items does not match *ddb.Set[E]`},
	{"a handle by value", `_ = sf.Equals(models.OrderAttrs.Status, "paid")`, `type ddb.String[string] of models.OrderAttrs.Status does not match streamfilter.Scalar[V]`},
	{"an event condition inside an image", `_ = sf.NewImage(sf.Events(sf.Insert))`, `cannot use sf.Events(sf.Insert) (value of struct type streamfilter.Cond) as streamfilter.AttrCond value`},
	{"an attribute condition as a filter condition", `_ = sf.Match(sf.Equals(&models.OrderAttrs.Status, "paid"))`, `as streamfilter.Cond value`},
	{"an event name of another type", `_ = sf.Events("INSERT", 1)`, `cannot use 1 (untyped int constant) as streamfilter.EventName value`},
}

func TestWrongFiltersDoNotCompile(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("internal", "bad"))
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	src.WriteString(`package bad

import (
	"github.com/stelviogen/stelviogen/example/models"
	sf "github.com/stelviogen/stelviogen/runtime/streamfilter"
)

var (
	_ = models.OrderAttrs
	_ = sf.Insert
)
`)
	lines := map[int]int{} // line of a snippet -> its index
	line := strings.Count(src.String(), "\n") + 1
	for i, s := range filterSnippets {
		fmt.Fprintf(&src, "\nfunc snippet%d() {\n\t%s\n}\n", i, s.code)
		line += 2
		lines[line] = i
		line += 2
	}
	file := filepath.Join(dir, "snippets.go")
	pkgs, err := packages.Load(&packages.Config{
		Mode:    packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:     dir,
		Overlay: map[string][]byte{file: []byte(src.String())},
	}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 {
		t.Fatalf("loaded %d packages", len(pkgs))
	}
	got := map[int][]string{}
	for _, e := range pkgs[0].Errors {
		if e.Kind != packages.TypeError {
			continue
		}
		parts := strings.Split(e.Pos, ":")
		if len(parts) < 3 || !strings.HasSuffix(parts[0], "snippets.go") {
			t.Errorf("error outside the snippets: %v", e)
			continue
		}
		var ln int
		fmt.Sscan(parts[1], &ln)
		i, ok := lines[ln]
		if !ok {
			t.Errorf("error on line %d, which holds no snippet: %v", ln, e)
			continue
		}
		got[i] = append(got[i], e.Msg)
	}
	for i, s := range filterSnippets {
		t.Run(s.name, func(t *testing.T) {
			msgs := got[i]
			if s.want == "" {
				if len(msgs) != 0 {
					t.Fatalf("%s\ndoes not compile: %q", s.code, msgs)
				}
				return
			}
			for _, m := range msgs {
				if strings.Contains(m, s.want) {
					return
				}
			}
			t.Fatalf("%s\ncompiled with errors %q, want one containing %q", s.code, msgs, s.want)
		})
	}
}
