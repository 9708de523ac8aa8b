package ddb_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// updateStart is the item every update case starts from.
func updateStart() *widget {
	return &widget{
		PK: "u", SK: 1, Status: "open", Name: "n", Count: 5, Total: 1.5, Note: "note", When: t0,
		Tags: []string{"a", "b"}, Nums: []int{1, 2}, Bins: [][]byte{{1}},
		Items: []string{"x", "y", "z"}, Meta: map[string]string{"k": "v", "size": "L"},
		Addr:  &address{City: "Oslo", Zip: "0150"},
		Lines: []line{{"s-1", 1}, {"s-2", 2}},
	}
}

func TestUpdateActions(t *testing.T) {
	s := newWidgets(t, false)
	cases := []struct {
		name   string
		before func(w *widget) // changes the start item
		opts   []ddb.UpdateOption
		want   func(w *widget) // changes the start item into the expected one
	}{
		{"set", nil, []ddb.UpdateOption{W.Name.Set("m"), W.Flag.Set(true), W.When.Set(t0.Add(5e9)), W.Blob.Set([]byte{9})},
			func(w *widget) { w.Name, w.Flag, w.When, w.Blob = "m", true, t0.Add(5e9), []byte{9} }},
		{"set of an omitted value removes", nil, []ddb.UpdateOption{W.Note.Set(""), W.Hits.Set(0), W.Blob.Set(nil)},
			func(w *widget) { w.Note = "" }},
		{"set of whole collections", nil, []ddb.UpdateOption{W.Items.Set([]string{"q"}), W.Meta.Set(map[string]string{"a": "b"}),
			W.Tags.Set([]string{"z"}), W.Nums.Set([]int{7}), W.Bins.Set([][]byte{{3}}), W.Lines.Set([]line{{"s-0", 0}})},
			func(w *widget) {
				w.Items, w.Meta, w.Tags, w.Nums, w.Bins, w.Lines = []string{"q"}, map[string]string{"a": "b"}, []string{"z"}, []int{7}, [][]byte{{3}}, []line{{"s-0", 0}}
			}},
		{"set of nil collections removes", nil, []ddb.UpdateOption{W.Items.Set(nil), W.Meta.Set(nil), W.Tags.Set(nil), W.Lines.Set(nil)},
			func(w *widget) { w.Items, w.Meta, w.Tags, w.Lines = nil, nil, nil, nil }},
		{"set of a nested struct field", nil, []ddb.UpdateOption{W.Addr.City.Set("Bergen")},
			func(w *widget) { w.Addr.City = "Bergen" }},
		{"set of a whole nested struct", nil, []ddb.UpdateOption{W.Addr.Set(address{City: "X"})},
			func(w *widget) { w.Addr = &address{City: "X"} }},
		{"set of map values", nil, []ddb.UpdateOption{W.Meta.Key("k").Set("w"), W.Meta.Key("new").Set("z")},
			func(w *widget) { w.Meta["k"], w.Meta["new"] = "w", "z" }},
		{"set of map values under names that need placeholders", nil,
			[]ddb.UpdateOption{W.Meta.Key("a.b").Set("1"), W.Meta.Key("with space").Set("2"), W.Meta.Key("#n0").Set("3"), W.Meta.Key(":v0").Set("4"), W.Meta.Key("ключ").Set("5")},
			func(w *widget) {
				w.Meta["a.b"], w.Meta["with space"], w.Meta["#n0"], w.Meta[":v0"], w.Meta["ключ"] = "1", "2", "3", "4", "5"
			}},
		{"more names and values than the spelled placeholders", nil, manyMetaSets(40),
			func(w *widget) {
				for i := range 40 {
					w.Meta["k"+itoa(i)] = "v" + itoa(i)
				}
			}},
		{"set of a list element", nil, []ddb.UpdateOption{W.Items.At(1).Set("Y")},
			func(w *widget) { w.Items[1] = "Y" }},
		{"set past the end of a list appends", nil, []ddb.UpdateOption{W.Items.At(10).Set("end")},
			func(w *widget) { w.Items = append(w.Items, "end") }},
		{"set of a field of a struct in a list", nil, []ddb.UpdateOption{W.Lines.At(1).Qty.Set(7), W.Lines.At(0).SKU.Set("s-0")},
			func(w *widget) { w.Lines[1].Qty, w.Lines[0].SKU = 7, "s-0" }},
		{"set of a struct in a list", nil, []ddb.UpdateOption{W.Lines.At(0).Set(line{"s-9", 9})},
			func(w *widget) { w.Lines[0] = line{"s-9", 9} }},
		{"set if not exists", func(w *widget) { w.Date = "" },
			[]ddb.UpdateOption{W.Name.SetIfNotExists("other"), W.Date.SetIfNotExists("2024"), W.Addr.Zip.SetIfNotExists("x"),
				W.Meta.Key("n").SetIfNotExists("q"), W.Count.SetIfNotExists(100), W.Hits.SetIfNotExists(3), W.Tags.SetIfNotExists([]string{"q"}),
				W.Items.At(0).SetIfNotExists("no")},
			func(w *widget) { w.Date, w.Meta["n"], w.Hits = "2024", "q", 3 }},
		{"set if not exists of an omitted value does nothing", nil, []ddb.UpdateOption{W.Note.SetIfNotExists(""), W.Count.Add(1)},
			func(w *widget) { w.Count = 6 }},
		{"increment and decrement", nil, []ddb.UpdateOption{W.Count.Increment(3), W.Total.Decrement(0.5),
			W.Lines.At(0).Qty.Increment(4), W.Lines.At(1).Qty.Decrement(2)},
			func(w *widget) { w.Count, w.Total, w.Lines[0].Qty, w.Lines[1].Qty = 8, 1, 5, 0 }},
		{"add to numbers", nil, []ddb.UpdateOption{W.Count.Add(-2), W.Hits.Add(4), W.Total.Add(0.25)},
			func(w *widget) { w.Count, w.Hits, w.Total = 3, 4, 1.75 }},
		{"append", nil, []ddb.UpdateOption{W.Items.Append("p", "q"), W.Lines.Append(line{"s-3", 3})},
			func(w *widget) { w.Items, w.Lines = append(w.Items, "p", "q"), append(w.Lines, line{"s-3", 3}) }},
		{"prepend", nil, []ddb.UpdateOption{W.Items.Prepend("a", "b")},
			func(w *widget) { w.Items = append([]string{"a", "b"}, w.Items...) }},
		{"append or create on a list", nil, []ddb.UpdateOption{W.Items.AppendOrCreate("w")},
			func(w *widget) { w.Items = append(w.Items, "w") }},
		{"append or create without a list", func(w *widget) { w.Items, w.Lines = nil, nil },
			[]ddb.UpdateOption{W.Items.AppendOrCreate("n", "o"), W.Lines.AppendOrCreate(line{"s-1", 1})},
			func(w *widget) { w.Items, w.Lines = []string{"n", "o"}, []line{{"s-1", 1}} }},
		{"add to sets", nil, []ddb.UpdateOption{W.Tags.Add("c", "a"), W.Nums.Add(3), W.Bins.Add([]byte{2})},
			func(w *widget) { w.Tags, w.Nums, w.Bins = []string{"a", "b", "c"}, []int{1, 2, 3}, [][]byte{{1}, {2}} }},
		{"add to missing sets creates them", func(w *widget) { w.Tags, w.Nums = nil, nil },
			[]ddb.UpdateOption{W.Tags.Add("x"), W.Nums.Add(4, 5)},
			func(w *widget) { w.Tags, w.Nums = []string{"x"}, []int{4, 5} }},
		{"delete from sets", nil, []ddb.UpdateOption{W.Tags.Delete("a"), W.Nums.Delete(9), W.Bins.Delete([]byte{1})},
			func(w *widget) { w.Tags, w.Bins = []string{"b"}, nil }},
		{"empty set actions do nothing", nil, []ddb.UpdateOption{W.Tags.Add(), W.Tags.Delete(), W.Nums.Add([]int{}...), W.Bins.Delete([][]byte{}...), W.Name.Set("m")},
			func(w *widget) { w.Name = "m" }},
		{"remove", nil, []ddb.UpdateOption{W.Note.Remove(), W.Meta.Key("k").Remove(), W.Addr.Zip.Remove(), W.Tags.Remove()},
			func(w *widget) { w.Note, w.Tags, w.Addr.Zip = "", nil, ""; delete(w.Meta, "k") }},
		{"remove of a list element moves the later ones up", nil, []ddb.UpdateOption{W.Items.At(0).Remove()},
			func(w *widget) { w.Items = []string{"y", "z"} }},
		{"remove of two list elements", nil, []ddb.UpdateOption{W.Items.At(0).Remove(), W.Items.At(2).Remove()},
			func(w *widget) { w.Items = []string{"y"} }},
		{"remove of a struct in a list", nil, []ddb.UpdateOption{W.Lines.At(0).Remove()},
			func(w *widget) { w.Lines = []line{{"s-2", 2}} }},
		{"remove of a field of a struct in a list", nil, []ddb.UpdateOption{W.Lines.At(1).Qty.Remove()},
			func(w *widget) { w.Lines[1].Qty = 0 }},
		{"every kind at once", nil, []ddb.UpdateOption{
			W.Name.Set("all"), W.Date.SetIfNotExists("d"), W.Count.Increment(1), W.Total.Decrement(1),
			W.Items.Append("a"), W.Lines.Prepend(line{"s-0", 0}), W.Meta.Key("k").Remove(),
			W.Hits.Add(2), W.Tags.Add("c"), W.Nums.Delete(1)},
			func(w *widget) {
				w.Name, w.Date, w.Count, w.Total, w.Hits = "all", "d", 6, 0.5, 2
				w.Items, w.Lines = append(w.Items, "a"), append([]line{{"s-0", 0}}, w.Lines...)
				delete(w.Meta, "k")
				w.Tags, w.Nums = []string{"a", "b", "c"}, []int{2}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := updateStart()
			if c.before != nil {
				c.before(start)
			}
			s.t = t
			s.put(start)
			want := updateStart()
			if c.before != nil {
				c.before(want)
			}
			c.want(want)
			got, err := s.update("u", 1, c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			sortSets(got)
			sortSets(want)
			if !sameWidget(got, want) {
				t.Errorf("returned\n%+v\nwant\n%+v", got, want)
			}
			stored := s.get("u", 1)
			sortSets(stored)
			if !sameWidget(stored, want) {
				t.Errorf("stored\n%+v\nwant\n%+v", stored, want)
			}
		})
	}
}

// manyMetaSets sets n map values, each under its own name.
func manyMetaSets(n int) []ddb.UpdateOption {
	var opts []ddb.UpdateOption
	for i := range n {
		opts = append(opts, W.Meta.Key("k"+itoa(i)).Set("v"+itoa(i)))
	}
	return opts
}

// sortSets puts the elements of w's sets in order: DynamoDB keeps no order.
func sortSets(w *widget) {
	slices.Sort(w.Tags)
	slices.Sort(w.Nums)
	slices.SortFunc(w.Bins, func(a, b []byte) int { return strings.Compare(string(a), string(b)) })
}

// Actions DynamoDB refuses on the stored item fail with its error and
// change nothing.
func TestUpdateActionsDynamoDBRefuses(t *testing.T) {
	s := newWidgets(t, false)
	start := updateStart()
	start.Items = nil
	s.put(start)
	bare := &widget{PK: "u", SK: 2}
	s.put(bare)
	for _, c := range []struct {
		name string
		sk   int
		opts []ddb.UpdateOption
	}{
		{"increment of a missing number", 1, []ddb.UpdateOption{W.Hits.Increment(1)}},
		{"decrement of a missing nested number", 1, []ddb.UpdateOption{W.Lines.At(5).Qty.Decrement(1)}},
		{"append to a missing list", 1, []ddb.UpdateOption{W.Items.Append("a")}},
		{"prepend to a missing list", 1, []ddb.UpdateOption{W.Items.Prepend("a")}},
		{"set in a missing map", 2, []ddb.UpdateOption{W.Addr.City.Set("x"), W.Name.Set("changed")}},
		{"set in a missing list", 2, []ddb.UpdateOption{W.Items.At(0).Set("x")}},
	} {
		_, err := s.update("u", c.sk, c.opts...)
		var api smithy.APIError
		if !errors.As(err, &api) || api.ErrorCode() != "ValidationException" || errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrNotFound) || !errors.Is(err, ddb.ErrInvalidInput) {
			t.Errorf("%s: %v, want DynamoDB's ValidationException, matching ErrInvalidInput", c.name, err)
		}
		t.Logf("%s: %v", c.name, err)
	}
	got := s.get("u", 1)
	sortSets(got)
	if !sameWidget(got, start) {
		t.Fatalf("stored %+v, want it unchanged", got)
	}
	if got := s.get("u", 2); !sameWidget(got, bare) {
		t.Fatalf("stored %+v, want it unchanged", got)
	}
}

// Actions on overlapping paths are refused before anything is sent;
// actions on disjoint paths, however close, are not.
func TestUpdateOverlappingPaths(t *testing.T) {
	s := newWidgets(t, false)
	s.put(updateStart())
	refused := []struct {
		name string
		opts []ddb.UpdateOption
	}{
		{"struct and its field", []ddb.UpdateOption{W.Addr.Set(address{City: "a"}), W.Addr.City.Set("b")}},
		{"field and its struct", []ddb.UpdateOption{W.Addr.City.Set("b"), W.Addr.Remove()}},
		{"list and its element", []ddb.UpdateOption{W.Items.Set([]string{"a"}), W.Items.At(0).Set("b")}},
		{"list append and its element", []ddb.UpdateOption{W.Items.At(1).Remove(), W.Items.Append("b")}},
		{"element and its field", []ddb.UpdateOption{W.Lines.At(0).Set(line{"a", 1}), W.Lines.At(0).SKU.Set("b")}},
		{"map and its value", []ddb.UpdateOption{W.Meta.Key("a").Set("x"), W.Meta.Remove()}},
		{"after another action", []ddb.UpdateOption{W.Tags.Add("x"), W.Name.Set("m"), W.Addr.Zip.Set("z"), W.Addr.Set(address{})}},
		{"the same element twice", []ddb.UpdateOption{W.Items.At(0).Set("a"), W.Items.At(0).Remove()}},
		{"the same field twice", []ddb.UpdateOption{W.Addr.City.Remove(), W.Addr.City.Set("d")}},
	}
	for _, c := range refused {
		_, err := ddb.UpdateInput(&s.w, widgetKey("u", 1), nil, c.opts)
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "overlapping") && !strings.Contains(err.Error(), "two update actions on") {
			t.Errorf("%s: UpdateInput: %v, want ErrInvalidInput about overlapping paths", c.name, err)
		}
		if _, err := s.update("u", 1, c.opts...); !errors.Is(err, ddb.ErrInvalidInput) {
			t.Errorf("%s: Update: %v, want ErrInvalidInput", c.name, err)
		}
	}
	if got := s.get("u", 1); !sameWidget(got, updateStart()) {
		t.Fatalf("a refused update changed the item: %+v", got)
	}
	allowed := []struct {
		name string
		opts []ddb.UpdateOption
		want func(w *widget)
	}{
		{"two elements", []ddb.UpdateOption{W.Items.At(0).Set("a"), W.Items.At(1).Set("b")},
			func(w *widget) { w.Items[0], w.Items[1] = "a", "b" }},
		{"keys with a common prefix", []ddb.UpdateOption{W.Meta.Key("s").Set("1"), W.Meta.Key("size").Set("2"), W.Meta.Key("si").Remove()},
			func(w *widget) { w.Meta["s"], w.Meta["size"] = "1", "2" }},
		{"sibling fields", []ddb.UpdateOption{W.Addr.City.Set("c"), W.Addr.Zip.Remove()},
			func(w *widget) { w.Addr.City, w.Addr.Zip = "c", "" }},
		{"fields of different elements", []ddb.UpdateOption{W.Lines.At(0).Qty.Increment(1), W.Lines.At(1).Qty.Increment(2), W.Lines.At(0).SKU.Set("x")},
			func(w *widget) { w.Lines[0].Qty, w.Lines[1].Qty, w.Lines[0].SKU = 2, 4, "x" }},
		{"names that differ only in case", []ddb.UpdateOption{W.Meta.Key("k").Set("1"), W.Meta.Key("K").Set("2")},
			func(w *widget) { w.Meta["k"], w.Meta["K"] = "1", "2" }},
	}
	for _, c := range allowed {
		s.put(updateStart())
		got, err := s.update("u", 1, c.opts...)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		want := updateStart()
		c.want(want)
		if !sameWidget(got, want) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, want)
		}
	}
}

// Actions that cannot be sent are refused before anything is sent.
func TestUpdateInvalidActionsAreRefused(t *testing.T) {
	s := newWidgets(t, false)
	s.put(updateStart())
	gadget := ddb.NewString(ddb.TableAttr("gadgets", "name"), ddb.EncS[string])
	gadgetCount := ddb.NewNumber(ddb.TableAttr("gadgets", "count"), ddb.EncN[int])
	emptyName := ddb.StringAt[string](attr("meta").Member(""))
	untyped := ddb.NewString(ddb.Attr("note"), ddb.EncS[string])
	for _, c := range []struct {
		name string
		opts []ddb.UpdateOption
	}{
		{"another table's attribute", []ddb.UpdateOption{gadget.Set("x")}},
		{"another table's attribute among others", []ddb.UpdateOption{W.Name.Set("x"), gadgetCount.Add(1)}},
		{"empty name in a path", []ddb.UpdateOption{emptyName.Set("x")}},
		{"negative list index", []ddb.UpdateOption{W.Items.At(-1).Set("x")}},
		{"negative list index remove", []ddb.UpdateOption{W.Items.At(-2).Remove()}},
		{"encoding error", []ddb.UpdateOption{W.Meta.Set(map[string]string{"": "x"})}},
	} {
		_, err := s.update("u", 1, c.opts...)
		if !errors.Is(err, ddb.ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", c.name, err)
		}
	}
	// A path without a table (ddb.Attr) is accepted on any table.
	if got, err := s.update("u", 1, untyped.Set("plain")); err != nil || got.Note != "plain" {
		t.Fatalf("update through an untyped path: %+v, %v", got, err)
	}
	want := updateStart()
	want.Note = "plain"
	if got := s.get("u", 1); !sameWidget(got, want) {
		t.Fatalf("stored %+v, want %+v", got, want)
	}
}

func TestUpdateReturn(t *testing.T) {
	s := newWidgets(t, false)
	start := updateStart()
	reset := func() { s.put(start) }

	reset()
	got, err := s.update("u", 1, W.Name.Set("m"), W.Count.Add(1))
	if want := updateStart(); err != nil || !sameWidget(got, func() *widget { want.Name, want.Count = "m", 6; return want }()) {
		t.Errorf("default: %+v, %v; want the whole new item", got, err)
	}
	reset()
	got, err = s.update("u", 1, W.Name.Set("m"), W.Count.Add(1), ddb.Return(ddb.NewItem))
	if err != nil || got.Name != "m" || got.Count != 6 || got.Note != "note" || got.PK != "u" {
		t.Errorf("NewItem: %+v, %v; want the whole new item", got, err)
	}
	reset()
	got, err = s.update("u", 1, W.Name.Set("m"), W.Count.Add(1), ddb.Return(ddb.OldItem))
	if err != nil || !sameWidget(got, start) {
		t.Errorf("OldItem: %+v, %v; want the whole old item", got, err)
	}
	reset()
	got, err = s.update("u", 1, W.Name.Set("m"), W.Count.Add(1), W.Lines.At(0).Qty.Increment(1), ddb.Return(ddb.UpdatedNew))
	// Only the updated attributes: DynamoDB returns just the updated part of a
	// nested attribute, DynamoDB Local the whole top-level attribute.
	if err != nil || got == nil || got.Name != "m" || got.Count != 6 || len(got.Lines) == 0 || got.Lines[0].Qty != 2 ||
		got.PK != "" || got.Note != "" || got.Total != 0 || got.Items != nil {
		t.Errorf("UpdatedNew: %+v, %v; want name m, count 6, lines[0].qty 2 and nothing else", got, err)
	}
	reset()
	got, err = s.update("u", 1, W.Name.Set("m"), W.Count.Add(1), W.Meta.Key("k").Remove(), ddb.Return(ddb.UpdatedOld))
	if err != nil || got == nil || got.Name != "n" || got.Count != 5 || got.Meta["k"] != "v" ||
		got.PK != "" || got.Note != "" || got.Total != 0 || got.Items != nil {
		t.Errorf("UpdatedOld: %+v, %v; want name n, count 5, meta.k v and nothing else", got, err)
	}
	reset()
	got, err = s.update("u", 1, W.Hits.Add(1), ddb.Return(ddb.UpdatedOld))
	if err != nil || got != nil {
		t.Errorf("UpdatedOld of an attribute that was missing: %+v, %v; want nil", got, err)
	}
	reset()
	got, err = s.update("u", 1, W.Name.Set("m"), ddb.Return(ddb.NoItem))
	if err != nil || got != nil || s.get("u", 1).Name != "m" {
		t.Errorf("NoItem: %+v, %v; want nil and the update applied", got, err)
	}
	got, err = s.update("u", 7, W.Name.Set("m"), ddb.Upsert(), ddb.Return(ddb.OldItem))
	if err != nil || got != nil || s.get("u", 7) == nil {
		t.Errorf("OldItem of an upsert that created the item: %+v, %v; want nil and the item created", got, err)
	}
	got, err = s.update("u", 8, W.Name.Set("m"), ddb.Upsert(), ddb.Return(ddb.UpdatedNew))
	if err != nil || got == nil || got.Name != "m" || got.PK != "" {
		t.Errorf("UpdatedNew of an upsert: %+v, %v; want the name only", got, err)
	}
	for _, r := range []struct {
		ret  ddb.Returned
		want string
	}{{ddb.NewItem, "ALL_NEW"}, {ddb.OldItem, "ALL_OLD"}, {ddb.UpdatedNew, "UPDATED_NEW"}, {ddb.UpdatedOld, "UPDATED_OLD"}, {ddb.NoItem, "NONE"}} {
		in, err := ddb.UpdateInput(&s.w, widgetKey("u", 1), nil, []ddb.UpdateOption{W.Name.Set("m"), ddb.Return(r.ret)})
		if err != nil || string(in.ReturnValues) != r.want {
			t.Errorf("Return(%d): ReturnValues %q, %v; want %s", r.ret, in.ReturnValues, err, r.want)
		}
	}
	// The versioned update returns the new version with UpdatedNew.
	vs := newWidgets(t, true)
	vs.put(&widget{PK: "u", SK: 1, Version: 4, Name: "n"})
	got, err = vs.updateVersion("u", 1, 4, W.Name.Set("m"), ddb.Return(ddb.UpdatedNew))
	if err != nil || got == nil || got.Version != 5 || got.Name != "m" || got.PK != "" {
		t.Errorf("versioned UpdatedNew: %+v, %v; want name m at version 5", got, err)
	}
}

func TestReturnOldOnPutAndDelete(t *testing.T) {
	s := newWidgets(t, false)
	var old *widget
	if err := ddb.Put(t.Context(), &s.w, &widget{PK: "p", SK: 1, Name: "first"}, []ddb.WriteOption{ddb.ReturnOld(&old)}); err != nil || old != nil {
		t.Fatalf("put of a new item: old %+v, %v; want nil", old, err)
	}
	if err := ddb.Put(t.Context(), &s.w, &widget{PK: "p", SK: 1, Name: "second"}, []ddb.WriteOption{ddb.ReturnOld(&old)}); err != nil || old == nil || old.Name != "first" {
		t.Fatalf("put over an item: old %+v, %v; want the first", old, err)
	}
	if err := ddb.Put(t.Context(), &s.w, &widget{PK: "p", SK: 2}, []ddb.WriteOption{ddb.ReturnOld(&old)}); err != nil || old != nil {
		t.Fatalf("put of another new item: old %+v, %v; want nil (cleared)", old, err)
	}
	old = &widget{Name: "stale"}
	if err := ddb.Delete(t.Context(), &s.w, widgetKey("p", 1), []ddb.WriteOption{ddb.ReturnOld(&old)}); err != nil || old == nil || old.Name != "second" || old.PK != "p" {
		t.Fatalf("delete: old %+v, %v; want the second", old, err)
	}
	if err := ddb.Delete(t.Context(), &s.w, widgetKey("p", 1), []ddb.WriteOption{ddb.ReturnOld(&old)}); err != nil || old != nil {
		t.Fatalf("delete of a missing item: old %+v, %v; want nil", old, err)
	}
	// A failed write leaves the destination alone and reports the stored item in the error.
	s.put(&widget{PK: "p", SK: 3, Name: "kept"})
	old = nil
	err := ddb.Put(t.Context(), &s.w, &widget{PK: "p", SK: 3, Name: "x"}, []ddb.WriteOption{ddb.ReturnOld(&old), ddb.If(W.Name.Eq("other"))})
	if !errors.Is(err, ddb.ErrConditionFailed) || old != nil {
		t.Fatalf("failed put: %v, old %+v; want ErrConditionFailed and no old item", err, old)
	}
	if cur := ddb.FailedItem[widget](err); cur == nil || cur.Name != "kept" {
		t.Fatalf("FailedItem = %+v, want the stored item", cur)
	}
	// Versioned: the old item has the old version.
	vs := newWidgets(t, true)
	v := &widget{PK: "p", SK: 1, Name: "a"}
	if err := ddb.Put(t.Context(), &vs.w, v, nil); err != nil {
		t.Fatal(err)
	}
	v.Name = "b"
	if err := ddb.Put(t.Context(), &vs.w, v, []ddb.WriteOption{ddb.ReturnOld(&old)}); err != nil || old == nil || old.Version != 1 || old.Name != "a" || v.Version != 2 {
		t.Fatalf("versioned put: old %+v, %v, version %d; want a at version 1, now 2", old, err, v.Version)
	}
	if err := ddb.DeleteVersion(t.Context(), &vs.w, widgetKey("p", 1), 2, []ddb.WriteOption{ddb.ReturnOld(&old)}); err != nil || old == nil || old.Version != 2 {
		t.Fatalf("versioned delete: old %+v, %v", old, err)
	}
}

// FailedItem is nil for errors that are not failed conditions.
func TestFailedItemOfOtherErrors(t *testing.T) {
	s := newWidgets(t, false)
	if ddb.FailedItem[widget](nil) != nil || ddb.FailedItem[widget](errors.New("x")) != nil {
		t.Fatal("FailedItem of a plain error is not nil")
	}
	_, err := s.getWidget("nope", 1)
	if ddb.FailedItem[widget](err) != nil {
		t.Fatal("FailedItem of ErrNotFound is not nil")
	}
	_, err = s.update("nope", 1, W.Name.Set("x"))
	if !errors.Is(err, ddb.ErrNotFound) || ddb.FailedItem[widget](err) != nil {
		t.Fatalf("update of a missing item: %v, FailedItem %+v; want ErrNotFound and nil", err, ddb.FailedItem[widget](err))
	}
	// The stored item of a failed condition decodes only into the table's model.
	s.put(&widget{PK: "p", SK: 1, Name: "n"})
	err = ddb.Put(t.Context(), &s.w, &widget{PK: "p", SK: 1}, []ddb.WriteOption{ddb.If(W.Name.Eq("x"))})
	if k := ddb.FailedItem[widgetKeys](err); k != nil {
		t.Fatalf("FailedItem into another type = %+v, want nil", k)
	}
	var ie *ddb.ItemError
	if !errors.As(err, &ie) || ie.Item["name"] == nil {
		t.Fatalf("ItemError.Item = %v, want the stored item", ie.Item)
	}
}
