package ddbjson_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

var hostileBodies = []string{
	``, `{`, `[]`, `null`, `{"Items":`, `{"Items":[`, `{"Items":[{`, `{"Items":[{"status"`,
	`{"Items":[{"status":{"S":"x"}}]}trailing`,
	`{"Items":[{"status":{"S":"x","N":"1"}}]}`,
	`{"Items":[{"status":{}}]}`,
	`{"Items":[{"status":{"Q":"x"}}]}`,
	`{"Items":[{"total":{"N":"1e"}}]}`,
	`{"Items":[{"total":{"N":1}}]}`,
	`{"Items":[{"total":{"N":"12abc"}}]}`,
	`{"Items":[{"version":{"N":"99999999999999999999"}}]}`,
	`{"Items":[{"items":{"L":[{"S":"a"},{"N":"1"}]}}]}`,
	`{"Items":[{"items":{"L":[{"S":"a"},]}}]}`,
	`{"Items":[{"items":{"SS":["a",1]}}]}`,
	`{"Items":[{"status":{"S":"\ud800"}}]}`,
	`{"Items":[{"status":{"S":"\x01"}}]}`,
	`{"Items":[{"status":{"S":"\q"}}]}`,
	`{"Items":[{"status":{"BOOL":null}}]}`,
	`{"Items":[{"status":{"NULL":false}}]}`,
	`{"Items":[{"x":{"M":{"y":{"M":{"z":{"B":"!!"}}}}}}]}`,
	`{"Count":99999999999,"Items":[]}`,
	`{"Items":[{"status":{"S":"ok"}}],"LastEvaluatedKey":{"k":{"S":}}}`,
	`{"ConsumedCapacity":{"CapacityUnits":"1"}}`,
	strings.Repeat(`{"M":`, 200),
	`{"Items":[` + strings.Repeat(`{"x":{"L":[`, 60) + strings.Repeat(`]}}`, 60) + `]}`,
}

// skippedButBad are bodies whose flaw is in an attribute the decoder does
// not read (x): they are refused all the same.
var skippedButBad = []string{
	`{"Items":[{"x":{"M":{"y":{"M":{"z":{"B":"!!"}}}}}}]}`,
	`{"Items":[{"x":{"L":[{"L":[{"N":"x"}]}]}}]}`,
	`{"Items":[{"x":{"M":{"a":{"S":"1"}]}}}]}`,
	`{"Items":[{"x":{"L":[{"S":"1"}}}}]}`,
	`{"Items":[{"x":{"L":[{"Q":"1"}]}}]}`,
	`{"Items":[{"x":{"M":{"a":{"S":"1","N":"1"}}}}]}`,
}

// decodePage decodes a Query body directly; on success it returns the
// orders.
func decodePage(b []byte) ([]benchtest.Order, *ddbjson.Page, error) {
	page, items := newPage()
	if err := page.DecodeResponse(b); err != nil {
		return nil, nil, err
	}
	return asOrders(items.Items), page, nil
}

// typedError reports whether err is one of the errors a body can give.
func typedError(err error) bool {
	var te *ddbjson.TypeError
	return errors.Is(err, ddbjson.ErrMalformed) || errors.Is(err, ddb.ErrDecode) || errors.As(err, &te)
}

func TestHostileBodies(t *testing.T) {
	for _, b := range hostileBodies {
		_, _, err := decodePage([]byte(b))
		if err != nil && !typedError(err) {
			t.Errorf("%.60q: untyped error %T %v", b, err, err)
		}
	}
	// Values the decoder skips are checked all the same.
	for _, b := range skippedButBad {
		if _, _, err := decodePage([]byte(b)); !errors.Is(err, ddbjson.ErrMalformed) {
			t.Errorf("%.60q: accepted", b)
		}
	}
	// Truncations of a good body all fail.
	good := benchtest.OrdersPage(3)
	for n := range len(good) {
		if _, _, err := decodePage(good[:n]); err == nil || !errors.Is(err, ddbjson.ErrMalformed) {
			t.Fatalf("truncated at %d: %v", n, err)
		}
	}
}

// FuzzPage feeds any body to the direct decoder: it never panics; an error
// is typed; and a body it accepts, the SDK's deserializer and the generated
// UnmarshalItem accept too, with the same orders, count and key.
func FuzzPage(f *testing.F) {
	f.Add(benchtest.OrdersPage(2))
	f.Add([]byte(`{"Items":[{"items":{"SS":["a","b"]},"STATUS":{"S":"\u00e9\n"},"total":{"N":"-1.5e3"},"version":{"NULL":true}}],"Count":1}`))
	for _, b := range append(hostileBodies, skippedButBad...) {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, page, err := decodePage(b)
		if err != nil {
			if !typedError(err) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		s := &script{answers: []answer{{status: 200, body: b}}}
		out, err := scriptClient(s).Query(t.Context(), queryIn)
		if err != nil {
			t.Fatalf("direct path accepted what the SDK refuses: %v", err)
		}
		want := make([]benchtest.Order, len(out.Items))
		for i, it := range out.Items {
			if err := want[i].UnmarshalItem(it); err != nil {
				t.Fatalf("direct path decoded item %d, UnmarshalItem refuses it: %v", i, err)
			}
		}
		if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
			t.Fatalf("direct %+v\nSDK    %+v", got, want)
		}
		if page.Count != out.Count || !reflect.DeepEqual(page.LastEvaluatedKey, out.LastEvaluatedKey) {
			t.Fatalf("count %d key %v; SDK %d %v", page.Count, page.LastEvaluatedKey, out.Count, out.LastEvaluatedKey)
		}
	})
}

// FuzzStreamEvent feeds any event to DecodeStreamEvent and the images it
// accepts to the decoder: never a panic, only typed errors.
func FuzzStreamEvent(f *testing.F) {
	f.Add(streamEvent(2))
	f.Add([]byte(`{"Records":[{"eventName":"REMOVE","dynamodb":{"Keys":{"k":{"S":"1"}},"OldImage":{"status":{"S":"x"}},"NewImage":null}}]}`))
	f.Add([]byte(`{"Records":[{"dynamodb":{"NewImage":{"items":{"L":[{"S":"a"},{"N":"x"}]}}}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := ddbjson.DecodeStreamEvent(b)
		if err != nil {
			if !typedError(err) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		for _, r := range recs {
			for _, im := range []ddbjson.Image{r.NewImage, r.OldImage} {
				var o order
				if err := im.Decode(&o); err != nil && !typedError(err) {
					t.Fatalf("untyped error %T: %v", err, err)
				}
			}
		}
	})
}

// FuzzBatchGet feeds any BatchGetItem body to a store's BatchGet through
// ddbjson.NewClient (items decoded directly, their keys peeked to match them
// to the requested keys): never a panic; an error is typed; and when the
// direct BatchGet succeeds, the map path's (SDK deserializer, UnmarshalItem)
// succeeds too with the same orders in the same order.
func FuzzBatchGet(f *testing.F) {
	item := func(date, extra string) string {
		return `{"customer_id":{"S":"c"},"order_date":{"S":"` + date + `"}` + extra + `}`
	}
	f.Add([]byte(`{"Responses":{"orders":[` + item("d2", `,"total":{"N":"1.5"}`) + `,` + item("d0", "") + `]},"UnprocessedKeys":{}}`))
	f.Add([]byte(`{"Responses":{"orders":[{"status":{"S":"x"},"order_date":{"S":"d1"},"customer_id":{"S":"c"}}]}}`))
	f.Add([]byte(`{"Responses":{"orders":[` + item("d1", `,"version":{"BOOL":true}`) + `,` + item("d0", `,"items":{"L":[{"S":"a"}]}`) + `]}}`))
	f.Add([]byte(`{"Responses":{"orders":[` + item("zz", "") + `]}}`))
	f.Add([]byte(`{"Responses":{"orders":[]},"UnprocessedKeys":{"orders":{"Keys":[{"customer_id":{"S":"c"},"order_date":{"S":"d0"}}]}}}`))
	f.Add([]byte(`{"Responses":{"other":[` + item("d0", "") + `]}}`))
	keys := []benchtest.OrderKey{{CustomerID: "c", OrderDate: "d0"}, {CustomerID: "c", OrderDate: "d1"}, {CustomerID: "c", OrderDate: "d2"}}
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		direct := benchtest.NewOrderStore(ddbjson.NewClient(scriptClient(&script{answers: []answer{{status: 200, body: b}}})), "orders")
		got, err := direct.BatchGet(ctx, keys)
		if err != nil {
			if ctx.Err() != nil {
				return // retried unprocessed keys until the deadline
			}
			var ie *ddb.ItemError
			if !typedError(err) && !errors.As(err, &ie) && !strings.Contains(err.Error(), "matches no requested key") {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		viaMap := benchtest.NewOrderStore(scriptClient(&script{answers: []answer{{status: 200, body: b}}}), "orders")
		want, err := viaMap.BatchGet(t.Context(), keys)
		if err != nil {
			t.Fatalf("direct path accepted what the map path refuses: %v", err)
		}
		if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
			t.Fatalf("direct %+v\nmap    %+v", got, want)
		}
	})
}
