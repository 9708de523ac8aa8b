package streamfilter_test

import (
	"path/filepath"
	"testing"

	"github.com/stelviogen/stelviogen/internal/compilecheck"
)

// filterSnippets are function bodies type-checked against the example models;
// want is part of the compiler's message, or empty for the controls, which
// must compile.
var filterSnippets = []compilecheck.Snippet{
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
	compilecheck.Run(t, filepath.Join("internal", "bad"), `package bad

import (
	"github.com/stelviogen/stelviogen/example/models"
	sf "github.com/stelviogen/stelviogen/runtime/streamfilter"
)

var (
	_ = models.OrderAttrs
	_ = sf.Insert
)
`, "", filterSnippets)
}
