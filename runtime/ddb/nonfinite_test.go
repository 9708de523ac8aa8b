package ddb_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// NaN and infinities in keys, conditions, filters, key conditions and update
// actions (numbers, number sets, lists and maps of floats) are refused
// before anything is sent, naming the attribute: DynamoDB refuses them with
// a ValidationException ("cannot be converted into a number"), which is what
// these requests got before.
func TestNonFiniteNumbersRefusedBeforeSending(t *testing.T) {
	s := newWidgets(t, false)
	s.put(&widget{PK: "c", SK: 1, Status: "open", Total: 5, Note: "n"})
	before := s.raw("c", 1)
	nan, inf := math.NaN(), math.Inf(1)
	nanKey := map[string]types.AttributeValue{"pk": ddb.S("c"), "sk": ddb.NFloat(nan, 64)}
	fs := ddb.NewSet(attr("fs"), ddb.OmitNilList(ddb.EncNumberSet[float64]), ddb.EncN[float64])
	fl := ddb.NewList(attr("fl"), ddb.OmitNilList(ddb.EncList(ddb.EncN[float64])), ddb.EncN[float64], ddb.NumberAt[float64])
	fm := ddb.NewMap(attr("fm"), ddb.OmitNilMap(ddb.EncMap(ddb.EncN[float64])), ddb.NumberAt[float64])
	update := func(opts ...ddb.UpdateOption) error { _, err := s.update("c", 1, opts...); return err }
	ctx := t.Context()
	cases := []struct {
		name string
		err  error
		path string // named in the message ("|" separates parts named apart)
	}{
		{"Get of a NaN key", func() error { _, err := ddb.Get(ctx, &s.r, nanKey, nil, new(widget)); return err }(), `"sk"`},
		{"Delete of a NaN key", ddb.Delete(ctx, &s.w, nanKey, nil), `"sk"`},
		{"Update of a NaN key", func() error {
			_, err := ddb.Update(ctx, &s.w, nanKey, []ddb.UpdateOption{W.Note.Set("x")}, new(widget))
			return err
		}(), `"sk"`},
		{"GetBatch of a NaN key", func() error {
			_, err := ddb.GetBatch[widget](ctx, &s.r, []map[string]types.AttributeValue{widgetKey("c", 1), nanKey}, nil)
			return err
		}(), `"sk"`},
		{"TxCheck of a NaN key", ddb.WriteTx(ctx, s.client, ddb.TxCheck(&s.w, nanKey, W.PK.Exists())), `"sk"`},
		{"Put condition", ddb.Put(ctx, &s.w, &widget{PK: "c", SK: 1}, []ddb.WriteOption{ddb.If(W.Total.Eq(nan))}), "total"},
		{"Delete condition", ddb.Delete(ctx, &s.w, widgetKey("c", 1), []ddb.WriteOption{ddb.If(W.Total.Gt(inf))}), "total"},
		{"Update condition", update(W.Note.Set("x"), ddb.If(W.Total.Between(-inf, 1))), "total"},
		{"TxPut condition", ddb.WriteTx(ctx, s.client, ddb.TxPut(&s.w, &widget{PK: "c", SK: 1}, []ddb.WriteOption{ddb.If(W.Total.Ne(nan))})), "total"},
		{"Set", update(W.Total.Set(nan)), "total"},
		{"Add", update(W.Total.Add(inf)), "total"},
		{"Increment", update(W.Total.Increment(-inf)), "total"},
		{"TxUpdate Decrement", ddb.WriteTx(ctx, s.client, ddb.TxUpdate(&s.w, widgetKey("c", 1), []ddb.UpdateOption{W.Total.Decrement(nan)})), "total"},
		{"number set Set", update(fs.Set([]float64{1, nan})), `Set fs: |attribute "[1]"`},
		{"number set Add", update(fs.Add(2, 3, inf)), `Add fs: |attribute "[2]"`},
		{"number set Contains", update(W.Note.Set("x"), ddb.If(fs.Contains(nan))), "fs"},
		{"list Append", update(fl.Append(1, inf)), `Append fl: |attribute "[1]"`},
		{"list element Set", update(fl.At(0).Set(nan)), "fl[0]"},
		{"map Set", update(fm.Set(map[string]float64{"a": nan})), `Set fm: |attribute "a"`},
		{"map value Set", update(fm.Key("a").Set(-inf)), "fm.a"},
		{"scan filter", func() error {
			_, err := all(t, ddb.QueryIndex[widget](&s.r, widgetPrimary, ddb.ScanAll, []ddb.TableQueryOption{ddb.Filter(W.Total.Lt(nan))}))
			return err
		}(), "total"},
		{"query filter", func() error {
			_, _, err := ddb.QueryIndex[widget](&s.r, widgetPrimary, W.PK.Key("c"), []ddb.TableQueryOption{ddb.Filter(W.Total.In(1, inf))}).Page(ctx, "")
			return err
		}(), "total"},
		{"query key condition", func() error {
			_, err := ddb.QueryIndex[widget](&s.r, widgetByStatus, W.Status.Key("open"), []ddb.QueryOption{W.Total.Ge(nan)}).Count(ctx)
			return err
		}(), "total"},
	}
	for _, c := range cases {
		err := c.err
		var api smithy.APIError
		switch {
		case err == nil:
			t.Errorf("%s: no error", c.name)
		case !errors.Is(err, ddb.ErrInvalidInput):
			t.Errorf("%s: %v, want ErrInvalidInput", c.name, err)
		case errors.As(err, &api):
			t.Errorf("%s: %v: sent to DynamoDB, want it refused before sending", c.name, err)
		case !strings.Contains(err.Error(), "DynamoDB numbers cannot be NaN or infinite") || !containsAll(err.Error(), strings.Split(c.path, "|")):
			t.Errorf("%s: message %q does not name %s and say why", c.name, err, c.path)
		}
	}
	if after := s.raw("c", 1); !reflect.DeepEqual(before, after) || s.count() != 1 {
		t.Fatalf("a refused request wrote: %v, %d items", after, s.count())
	}
	// Finite values still go through.
	got, err := s.update("c", 1, fs.Add(1.5), fl.Set([]float64{2.5}), fm.Set(map[string]float64{"a": -1}), W.Total.Add(-0.5), ddb.If(W.Total.Lt(6)))
	if err != nil || got.Total != 4.5 {
		t.Fatalf("finite update: %+v, %v", got, err)
	}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
