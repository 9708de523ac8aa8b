package ddbjson_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

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
