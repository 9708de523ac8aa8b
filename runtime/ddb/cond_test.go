package ddb_test

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

var t0 = time.Unix(1700000000, 0)

// condWidgets are the items the condition tests run against, all under pk "c".
func condWidgets() []*widget {
	return []*widget{
		{PK: "c", SK: 1, Status: "open", Name: "alpha", Code: aws.String("c-1"), Tag: []byte{0xA}, Count: 1, Total: 10.5, Flag: true,
			Note: "hello world", When: t0, Tags: []string{"red", "blue"}, Nums: []int{1, 2, 3}, Bins: [][]byte{{1}, {2}},
			Items: []string{"x", "y", "z"}, Meta: map[string]string{"color": "red", "size": "L"},
			Addr: &address{City: "Oslo", Zip: "0150"}, Lines: []line{{"s-1", 1}, {"s-2", 5}}, Blob: []byte{1, 2, 3}},
		{PK: "c", SK: 2, Status: "closed", Name: "beta", Count: 5, Total: 99, When: t0.Add(100 * time.Second),
			Tags: []string{"green"}, Items: []string{"y"}, Meta: map[string]string{"color": "blue"},
			Addr: &address{City: "Bergen"}, Lines: []line{{"s-3", 2}}, Blob: []byte{2}},
		{PK: "c", SK: 3, Name: "gamma", Count: 10, Flag: true, Note: "hello", When: t0.Add(200 * time.Second), Nums: []int{5}},
		{PK: "c", SK: 4, Status: "open", Count: -3, Total: 50, Date: "2024-01-01", When: t0.Add(-100 * time.Second),
			Tags: []string{"red"}, Meta: map[string]string{"a.b": "x"}, Lines: []line{{"s-1", 9}, {"s-9", 0}, {"s-2", 3}}},
	}
}

type condCase struct {
	name string
	cond ddb.Cond
	want []int // the sort keys of the condWidgets it holds for
}

// condCases use every operator and function on every kind of handle,
// top-level and nested, against condWidgets.
func condCases() []condCase {
	return []condCase{
		{"string eq", W.Status.Eq("open"), []int{1, 4}},
		{"string ne (missing counts)", W.Status.Ne("open"), []int{2, 3}},
		{"string lt", W.Name.Lt("beta"), []int{1}},
		{"string le", W.Name.Le("beta"), []int{1, 2}},
		{"string gt", W.Name.Gt("beta"), []int{3}},
		{"string ge", W.Name.Ge("beta"), []int{2, 3}},
		{"string between", W.Name.Between("b", "h"), []int{2, 3}},
		{"string in", W.Status.In("open", "closed"), []int{1, 2, 4}},
		{"string begins_with", W.Name.BeginsWith("ga"), []int{3}},
		{"string contains", W.Note.Contains("world"), []int{1}},
		{"string size", W.Note.Size().Lt(6), []int{3}},
		{"reserved word date", W.Date.Eq("2024-01-01"), []int{4}},
		{"number eq", W.Count.Eq(5), []int{2}},
		{"number ne", W.Count.Ne(5), []int{1, 3, 4}},
		{"number lt", W.Count.Lt(5), []int{1, 4}},
		{"number le", W.Count.Le(5), []int{1, 2, 4}},
		{"number gt", W.Count.Gt(5), []int{3}},
		{"number ge", W.Count.Ge(5), []int{2, 3}},
		{"number between", W.Count.Between(1, 5), []int{1, 2}},
		{"number between negative", W.Count.Between(-5, 0), []int{4}},
		{"number in", W.Count.In(1, 10, 42), []int{1, 3}},
		{"number in of the most values", W.Count.In(hundred()...), []int{1, 2, 3}},
		{"float gt", W.Total.Gt(10.5), []int{2, 4}},
		{"float eq", W.Total.Eq(10.5), []int{1}},
		{"sort key as a filter", W.SK.Gt(2), []int{3, 4}},
		{"bool eq", W.Flag.Eq(true), []int{1, 3}},
		{"bool ne", W.Flag.Ne(true), []int{2, 4}},
		{"bool in", W.Flag.In(false), []int{2, 4}},
		{"ordered eq", W.When.Eq(t0), []int{1}},
		{"ordered ne", W.When.Ne(t0), []int{2, 3, 4}},
		{"ordered lt", W.When.Lt(t0), []int{4}},
		{"ordered le", W.When.Le(t0), []int{1, 4}},
		{"ordered gt", W.When.Gt(t0), []int{2, 3}},
		{"ordered ge", W.When.Ge(t0.Add(100 * time.Second)), []int{2, 3}},
		{"ordered between", W.When.Between(t0, t0.Add(100*time.Second)), []int{1, 2}},
		{"ordered in", W.When.In(t0, t0.Add(200*time.Second)), []int{1, 3}},
		{"binary eq", W.Blob.Eq([]byte{2}), []int{2}},
		{"binary ne", W.Blob.Ne([]byte{2}), []int{1, 3, 4}},
		{"binary lt", W.Blob.Lt([]byte{2}), []int{1}},
		{"binary le", W.Blob.Le([]byte{2}), []int{1, 2}},
		{"binary gt", W.Blob.Gt([]byte{1, 2, 3}), []int{2}},
		{"binary ge", W.Blob.Ge([]byte{1, 2, 3}), []int{1, 2}},
		{"binary between", W.Blob.Between([]byte{1}, []byte{1, 255}), []int{1}},
		{"binary in", W.Blob.In([]byte{2}, []byte{9}), []int{2}},
		{"binary begins_with", W.Blob.BeginsWith([]byte{1, 2}), []int{1}},
		{"binary contains", W.Blob.Contains([]byte{2}), []int{1, 2}},
		{"binary size", W.Blob.Size().Between(2, 3), []int{1}},
		{"index keys", ddb.And(W.Code.Eq("c-1"), W.Tag.Eq([]byte{0xA})), []int{1}},
		{"exists", W.Note.Exists(), []int{1, 3}},
		{"not exists", W.Note.NotExists(), []int{2, 4}},
		{"type S", W.Status.IsType(ddb.TypeString), []int{1, 2, 4}},
		{"type N", W.Count.IsType(ddb.TypeNumber), []int{1, 2, 3, 4}},
		{"type B", W.Blob.IsType(ddb.TypeBinary), []int{1, 2}},
		{"type BOOL", W.Flag.IsType(ddb.TypeBool), []int{1, 2, 3, 4}},
		{"type SS", W.Tags.IsType(ddb.TypeStringSet), []int{1, 2, 4}},
		{"type NS", W.Nums.IsType(ddb.TypeNumberSet), []int{1, 3}},
		{"type BS", W.Bins.IsType(ddb.TypeBinarySet), []int{1}},
		{"type L", W.Items.IsType(ddb.TypeList), []int{1, 2}},
		{"type M", W.Addr.IsType(ddb.TypeMap), []int{1, 2}},
		{"type mismatch", W.Count.IsType(ddb.TypeString), nil},
		{"string set eq (any order)", W.Tags.Eq([]string{"blue", "red"}), []int{1}},
		{"string set ne", W.Tags.Ne([]string{"red"}), []int{1, 2, 3}},
		{"string set contains", W.Tags.Contains("red"), []int{1, 4}},
		{"number set contains", W.Nums.Contains(5), []int{3}},
		{"binary set contains", W.Bins.Contains([]byte{2}), []int{1}},
		{"set size eq", W.Tags.Size().Eq(2), []int{1}},
		{"set size ge", W.Tags.Size().Ge(1), []int{1, 2, 4}},
		{"set size ne (missing counts)", W.Nums.Size().Ne(3), []int{2, 3, 4}},
		{"list eq", W.Items.Eq([]string{"y"}), []int{2}},
		{"list ne", W.Items.Ne([]string{"y"}), []int{1, 3, 4}},
		{"list contains", W.Items.Contains("y"), []int{1, 2}},
		{"list size", W.Items.Size().Gt(1), []int{1}},
		{"list element eq", W.Items.At(0).Eq("x"), []int{1}},
		{"list element exists", W.Items.At(2).Exists(), []int{1}},
		{"list element begins_with", W.Items.At(0).BeginsWith("y"), []int{2}},
		{"map eq", W.Meta.Eq(map[string]string{"color": "blue"}), []int{2}},
		{"map ne", W.Meta.Ne(map[string]string{"color": "blue"}), []int{1, 3, 4}},
		{"map size", W.Meta.Size().Le(1), []int{2, 4}},
		{"map value eq", W.Meta.Key("color").Eq("red"), []int{1}},
		{"map value exists", W.Meta.Key("size").Exists(), []int{1}},
		{"map value begins_with", W.Meta.Key("color").BeginsWith("b"), []int{2}},
		{"map value in", W.Meta.Key("color").In("red", "blue"), []int{1, 2}},
		{"map value under a name with a dot", W.Meta.Key("a.b").Eq("x"), []int{4}},
		{"map value under a name with a dot, not the nested path", W.Meta.Key("a").Exists(), nil},
		{"struct eq", W.Addr.Eq(address{City: "Bergen"}), []int{2}},
		{"struct exists", W.Addr.Exists(), []int{1, 2}},
		{"struct field eq", W.Addr.City.Eq("Oslo"), []int{1}},
		{"struct field not exists", W.Addr.Zip.NotExists(), []int{2, 3, 4}},
		{"struct field gt", W.Addr.City.Gt("C"), []int{1}},
		{"struct in list eq", W.Lines.At(0).SKU.Eq("s-1"), []int{1, 4}},
		{"struct in list gt", W.Lines.At(1).Qty.Gt(4), []int{1}},
		{"struct in list third", W.Lines.At(2).SKU.Eq("s-2"), []int{4}},
		{"struct in list whole", W.Lines.At(1).Eq(line{"s-9", 0}), []int{4}},
		{"list of structs contains", W.Lines.Contains(line{"s-3", 2}), []int{2}},
		{"list of structs size", W.Lines.Size().Eq(3), []int{4}},
		{"and", ddb.And(W.Status.Eq("open"), W.Count.Gt(0)), []int{1}},
		{"and method", W.Status.Eq("open").And(W.Flag.Eq(false)), []int{4}},
		{"or", ddb.Or(W.Status.Eq("closed"), W.Count.Lt(0)), []int{2, 4}},
		{"or method", W.Name.Eq("gamma").Or(W.Name.Eq("beta"), W.Name.Eq("x")), []int{2, 3}},
		{"not", ddb.Not(W.Status.Eq("open")), []int{2, 3}},
		{"nested", ddb.Or(ddb.And(W.Status.Exists(), ddb.Not(W.Tags.Contains("red"))), ddb.And(W.Nums.Exists(), W.Addr.NotExists())), []int{2, 3}},
		{"not of or", ddb.Not(ddb.Or(W.Count.Lt(2), W.Count.Gt(9))), []int{2}},
		{"and with empty", ddb.And(ddb.Cond{}, W.Count.Eq(10), ddb.Cond{}), []int{3}},
		{"zero cond", ddb.Cond{}, []int{1, 2, 3, 4}},
		{"omitempty eq zero is missing", W.Addr.Zip.Eq(""), []int{2, 3, 4}},
		{"omitempty ne zero is present", W.Addr.Zip.Ne(""), []int{1}},
		{"omitempty in with zero", W.Addr.Zip.In("", "nope"), []int{2, 3, 4}},
		{"omitempty set eq nil is missing", W.Tags.Eq(nil), []int{3}},
		{"omitempty set ne nil is present", W.Tags.Ne(nil), []int{1, 2, 4}},
	}
}

// hundred is 1..100, as many values as DynamoDB takes in IN.
func hundred() []int {
	out := make([]int, ddb.MaxInValues)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func seedConds(t *testing.T, s *widgets) map[int]*widget {
	t.Helper()
	byKey := map[int]*widget{}
	for _, w := range condWidgets() {
		s.put(w)
		byKey[w.SK] = w
	}
	return byKey
}

// Every condition as the Filter of a scan.
func TestConditionsAsScanFilter(t *testing.T) {
	s := newWidgets(t, false)
	seedConds(t, s)
	for _, c := range condCases() {
		got, err := all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Filter(c.cond), ddb.ConsistentRead()}))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var sks []int
		for _, w := range got {
			sks = append(sks, w.SK)
		}
		slices.Sort(sks)
		if !slices.Equal(sks, c.want) {
			t.Errorf("%s: scan filter kept %v, want %v", c.name, sks, c.want)
		}
	}
}

// Every condition as the condition (If) of a Put, a Delete and an Update.
func TestConditionsOnWrites(t *testing.T) {
	s := newWidgets(t, false)
	byKey := seedConds(t, s)
	check := func(c condCase, op string, sk int, err error) bool {
		t.Helper()
		holds := slices.Contains(c.want, sk)
		switch {
		case holds && err != nil:
			t.Errorf("%s: %s of c/%d: %v, want success", c.name, op, sk, err)
		case !holds && !errors.Is(err, ddb.ErrConditionFailed):
			t.Errorf("%s: %s of c/%d: %v, want ErrConditionFailed", c.name, op, sk, err)
		case !holds:
			if cur := ddb.FailedItem[widget](err); cur == nil || cur.SK != sk {
				t.Errorf("%s: %s of c/%d: FailedItem = %+v, want the stored item", c.name, op, sk, cur)
			}
		}
		return err == nil
	}
	for _, c := range condCases() {
		for sk := 1; sk <= 4; sk++ {
			v := *byKey[sk]
			check(c, "Put", sk, ddb.Put(t.Context(), &s.w, &v, []ddb.WriteOption{ddb.If(c.cond)}))
			_, err := s.update("c", sk, W.Hits.Add(1), ddb.If(c.cond))
			check(c, "Update", sk, err)
			if check(c, "Delete", sk, ddb.Delete(t.Context(), &s.w, widgetKey("c", sk), []ddb.WriteOption{ddb.If(c.cond)})) {
				s.put(byKey[sk])
			}
		}
	}
}

// Every name and value of a condition is a placeholder.
func TestConditionsRenderOnlyPlaceholders(t *testing.T) {
	s := newWidgets(t, false)
	names := regexp.MustCompile(`#n[0-9]+`)
	values := regexp.MustCompile(`:v[0-9]+`)
	for _, c := range condCases() {
		in, err := ddb.UpdateInput(&s.w, widgetKey("c", 1), nil, []ddb.UpdateOption{W.Hits.Add(1), ddb.If(c.cond)})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		e := aws.ToString(in.ConditionExpression)
		rest := values.ReplaceAllString(names.ReplaceAllString(e, ""), "")
		for _, word := range []string{"status", "name", "count", "note", "date", "items", "meta", "addr", "lines", "blob", "city", "sku", "qty", "data", "flag", "when", "color"} {
			if strings.Contains(rest, word) {
				t.Errorf("%s: condition %q spells %q", c.name, e, word)
			}
		}
		for _, p := range names.FindAllString(e, -1) {
			if _, ok := in.ExpressionAttributeNames[p]; !ok {
				t.Errorf("%s: %s is not in ExpressionAttributeNames", c.name, p)
			}
		}
		for _, p := range values.FindAllString(e, -1) {
			if _, ok := in.ExpressionAttributeValues[p]; !ok {
				t.Errorf("%s: %s is not in ExpressionAttributeValues", c.name, p)
			}
		}
	}
}

// Conditions that cannot be sent are refused before anything is sent, on
// every operation that takes one.
func TestInvalidConditionsAreRefused(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "c", SK: 1, Status: "open"})
	many := make([]string, ddb.MaxInValues+1)
	for i := range many {
		many[i] = "v" + itoa(i)
	}
	gadget := ddb.NewString(ddb.TableAttr("gadgets", "status"), ddb.EncS[string])
	emptyName := ddb.StringAt[string](attr("meta").Member(""))
	cases := []struct {
		name     string
		cond     ddb.Cond
		emptyKey bool
	}{
		{"IN of nothing", W.Status.In(), false},
		{"IN of too many", W.Status.In(many...), false},
		{"another table's attribute", gadget.Eq("open"), false},
		{"another table's attribute, nested", ddb.And(W.Status.Eq("open"), ddb.Not(gadget.Exists())), false},
		{"empty name in a path", emptyName.Eq("x"), false},
		{"negative list index", W.Items.At(-1).Eq("x"), false},
		{"Not of no condition", ddb.Not(ddb.Cond{}), false},
		{"Or of nothing", ddb.Or(), false},
		{"Or of empty conditions", ddb.Or(ddb.Cond{}, ddb.Cond{}), false},
		{"Or of nothing inside And", ddb.And(W.Status.Eq("open"), ddb.Or()), false},
	}
	for _, c := range cases {
		check := func(op string, err error) {
			t.Helper()
			if !errors.Is(err, ddb.ErrInvalidInput) || errors.Is(err, ddb.ErrEmptyKey) != c.emptyKey {
				t.Errorf("%s: %s: %v, want ErrInvalidInput (ErrEmptyKey: %t)", c.name, op, err, c.emptyKey)
			}
		}
		check("Put", ddb.Put(t.Context(), &s.w, &widget{PK: "c", SK: 2}, []ddb.WriteOption{ddb.If(c.cond)}))
		check("Create", ddb.Create(t.Context(), &s.w, &widget{PK: "c", SK: 3}, []ddb.WriteOption{ddb.If(c.cond)}))
		check("Delete", ddb.Delete(t.Context(), &s.w, widgetKey("c", 1), []ddb.WriteOption{ddb.If(c.cond)}))
		_, err := s.update("c", 1, W.Note.Set("changed"), ddb.If(c.cond))
		check("Update", err)
		_, err = ddb.UpdateInput(&s.w, widgetKey("c", 1), nil, []ddb.UpdateOption{W.Note.Set("changed"), ddb.If(c.cond)})
		check("UpdateInput", err)
		_, err = all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Filter(c.cond)}))
		check("Scan", err)
		_, err = ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Filter(c.cond)}).Count(t.Context())
		check("Scan Count", err)
		_, _, err = ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Filter(c.cond)}).Page(t.Context(), "")
		check("Scan Page", err)
		_, err = all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("c"), []ddb.TableQueryOption{ddb.Filter(c.cond)}))
		check("Query", err)
	}
	if got := s.get("c", 1); got == nil || got.Note != "" || s.count() != 1 {
		t.Fatalf("a refused request wrote: %+v, %d items", got, s.count())
	}
}

// BeginsWith of an empty prefix holds for every string (and every binary
// value): DynamoDB takes it in a condition or a filter, where the attribute
// is no key. It used to be refused there as an empty key value. Only a
// query's sort key condition refuses it, as DynamoDB does.
func TestEmptyPrefixInConditionsAndFilters(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "c", SK: 1, Note: "hello", Name: "a", Blob: []byte{1}, Meta: map[string]string{"k": "v"}})
	s.put(&widget{PK: "c", SK: 2, Note: "x", Name: "b"})
	s.put(&widget{PK: "c", SK: 3}) // no note, name, blob, meta
	filtered := func(c ddb.Cond) []string {
		t.Helper()
		got, err := all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Filter(c)}))
		if err != nil {
			t.Fatalf("scan: %v", err)
		}
		out := ids(got)
		slices.Sort(out)
		return out
	}
	if got := filtered(W.Note.BeginsWith("")); !slices.Equal(got, []string{"c/1", "c/2"}) {
		t.Errorf("filter note begins with \"\": %v, want the items with a note", got)
	}
	if got := filtered(W.Blob.BeginsWith(nil)); !slices.Equal(got, []string{"c/1"}) {
		t.Errorf("filter blob begins with nil: %v, want the item with a blob", got)
	}
	if got := filtered(ddb.Not(W.Meta.Key("k").BeginsWith(""))); !slices.Equal(got, []string{"c/2", "c/3"}) {
		t.Errorf("filter NOT meta.k begins with \"\": %v, want the items without meta.k", got)
	}
	q, err := all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("c"), []ddb.TableQueryOption{ddb.Filter(W.Name.BeginsWith(""))}))
	if err != nil || !slices.Equal(ids(q), []string{"c/1", "c/2"}) {
		t.Errorf("query filter name begins with \"\": %v, %v", ids(q), err)
	}
	// As a write condition.
	if _, err := s.update("c", 1, W.Count.Set(7), ddb.If(W.Note.BeginsWith(""))); err != nil {
		t.Errorf("update if note begins with \"\": %v", err)
	}
	if _, err := s.update("c", 3, W.Count.Set(7), ddb.If(W.Note.BeginsWith(""))); !errors.Is(err, ddb.ErrConditionFailed) {
		t.Errorf("update of an item without note if it begins with \"\": %v, want ErrConditionFailed", err)
	}
	if err := ddb.WriteTx(t.Context(), s.client, ddb.TxCheck(&s.w, widgetKey("c", 2), W.Note.BeginsWith(""))); err != nil {
		t.Errorf("TxCheck note begins with \"\": %v", err)
	}
	if got := s.get("c", 1); got == nil || got.Count != 7 {
		t.Errorf("stored %+v, want count 7", got)
	}
	// As a sort key condition it is refused before sending, as an empty key value.
	_, err = ddb.QueryIndex[widget](&s.r, widgetByName, W.PK.Key("c"), []ddb.TableQueryOption{W.Name.BeginsWith("")}).Count(t.Context())
	emptyKeyError(t, "sort key condition begins_with \"\"", err, "name")
	want := `attribute "name": empty key value: begins_with of an empty prefix in the sort key condition, which DynamoDB refuses: leave the sort key condition out to read the whole partition (every value begins with the empty prefix)`
	if err == nil || !strings.HasSuffix(err.Error(), want) || !strings.Contains(err.Error(), "index by-name") {
		t.Errorf("message %q, want it to end %q", err, want)
	}
}
