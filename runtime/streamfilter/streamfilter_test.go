package streamfilter_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/internal/codectest"
	"github.com/stelviogen/stelviogen/internal/storetest"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	sf "github.com/stelviogen/stelviogen/runtime/streamfilter"
)

// orders is the example orders table's stream as its generated Subscribe describes it.
var orders = sf.Stream{Table: "orders", Keys: []string{"customer_id", "order_date"}, View: sf.ViewNewAndOldImages}

// The expected patterns are written out by hand: they are Lambda's documented
// DynamoDB filter shape, not a copy of the code's output.
func TestPatterns(t *testing.T) {
	created := time.Date(2026, 11, 25, 8, 0, 0, 500, time.UTC)
	profiles := sf.Stream{Table: "profiles"}
	dotted := ddb.NewString(ddb.Attr("a").Member("b.c"), ddb.EncS[string])
	cases := []struct {
		name   string
		stream sf.Stream
		filter sf.Filter
		want   string
	}{
		{"event names and a status", orders,
			sf.Match(sf.Events(sf.Insert, sf.Modify), sf.NewImage(sf.Equals(&models.OrderAttrs.Status, "paid", "shipped"))),
			`{"dynamodb":{"NewImage":{"status":{"S":["paid","shipped"]}}},"eventName":["INSERT","MODIFY"]}`},
		{"repeated values and names once", orders,
			sf.Match(sf.Events(sf.Remove, sf.Remove), sf.OldImage(sf.Equals(&models.OrderAttrs.Status, "paid", "paid"))),
			`{"dynamodb":{"OldImage":{"status":{"S":["paid"]}}},"eventName":["REMOVE"]}`},
		{"keys and a number as its text", orders,
			sf.Match(sf.Keys(sf.Equals(&models.OrderAttrs.CustomerID, "c1")), sf.NewImage(sf.Equals(&models.OrderAttrs.Total, 12.5, 100))),
			`{"dynamodb":{"Keys":{"customer_id":{"S":["c1"]}},"NewImage":{"total":{"N":["12.5","100"]}}}}`},
		{"a member name with a dot is one name", sf.Stream{},
			sf.Match(sf.NewImage(sf.Equals(&dotted, "y"))),
			`{"dynamodb":{"NewImage":{"a":{"M":{"b.c":{"S":["y"]}}}}}}`},
		{"prefix", orders,
			sf.Match(sf.Keys(sf.Prefix(&models.OrderAttrs.OrderDate, "2026-"))),
			`{"dynamodb":{"Keys":{"order_date":{"S":[{"prefix":"2026-"}]}}}}`},
		{"anything-but", orders,
			sf.Match(sf.OldImage(sf.AnythingBut(&models.OrderAttrs.Status, "cancelled", "refunded"))),
			`{"dynamodb":{"OldImage":{"status":{"S":[{"anything-but":["cancelled","refunded"]}]}}}}`},
		{"anything-but on a number", orders,
			sf.Match(sf.NewImage(sf.AnythingBut(&models.OrderAttrs.Version, 0))),
			`{"dynamodb":{"NewImage":{"version":{"N":[{"anything-but":["0"]}]}}}}`},
		// expires_at omits its zero value: the type comes from a non-zero probe.
		{"exists and not exists", orders,
			sf.Match(sf.OldImage(sf.Exists(&models.OrderAttrs.ExpiresAt)), sf.NewImage(sf.NotExists(&models.OrderAttrs.ExpiresAt))),
			`{"dynamodb":{"NewImage":{"expires_at":{"N":[{"exists":false}]}},"OldImage":{"expires_at":{"N":[{"exists":true}]}}}}`},
		{"TTL expiries", orders,
			sf.Match(sf.TTLExpired(), sf.Events(sf.Remove)),
			`{"eventName":["REMOVE"],"userIdentity":{"principalId":["dynamodb.amazonaws.com"],"type":["Service"]}}`},
		{"not TTL expiries", orders,
			sf.Match(sf.NotTTLExpired()),
			`{"userIdentity":{"type":[{"exists":false}]}}`},
		{"TTL expiries of one status", orders,
			sf.Match(sf.TTLExpired(), sf.OldImage(sf.Equals(&models.OrderAttrs.Status, "pending"))),
			`{"dynamodb":{"OldImage":{"status":{"S":["pending"]}}},"userIdentity":{"principalId":["dynamodb.amazonaws.com"],"type":["Service"]}}`},
		{"nested members merge into one map", profiles,
			sf.Match(sf.NewImage(sf.Equals(&codectest.ProfileAttrs.Home.City, "Oslo"), sf.Exists(&codectest.ProfileAttrs.Home.Street), sf.Equals(&codectest.ProfileAttrs.Home.Geo.Lat, 59.9))),
			`{"dynamodb":{"NewImage":{"home":{"M":{"city":{"S":["Oslo"]},"geo":{"M":{"lat":{"N":["59.9"]}}},"street":{"S":[{"exists":true}]}}}}}}`},
		{"map value", sf.Stream{Table: "counter"},
			sf.Match(sf.NewImage(sf.Equals(storetest.CounterAttrs.Meta.Key("color"), "red"))),
			`{"dynamodb":{"NewImage":{"meta":{"M":{"color":{"S":["red"]}}}}}}`},
		{"bool", profiles,
			sf.Match(sf.NewImage(sf.Equals(&codectest.ProfileAttrs.Active, true))),
			`{"dynamodb":{"NewImage":{"active":{"BOOL":[true]}}}}`},
		{"binary as base64", profiles,
			sf.Match(sf.NewImage(sf.Equals(&codectest.ProfileAttrs.Payload, []byte("hi")))),
			`{"dynamodb":{"NewImage":{"payload":{"B":["aGk="]}}}}`},
		{"times as the codec stores them", profiles,
			sf.Match(sf.NewImage(sf.Equals(&codectest.ProfileAttrs.Created, created), sf.Equals(&codectest.ProfileAttrs.Expires, created))),
			`{"dynamodb":{"NewImage":{"created":{"S":["2026-11-25T08:00:00.0000005Z"]},"expires":{"N":["1795593600"]}}}}`},
		{"sets contain", profiles,
			sf.Match(sf.NewImage(sf.Contains(&codectest.ProfileAttrs.Tags, "a", "b"), sf.Contains(&codectest.ProfileAttrs.Scores, 7), sf.Contains(&codectest.ProfileAttrs.Blobs, []byte{1}))),
			`{"dynamodb":{"NewImage":{"blobs":{"BS":["AQ=="]},"scores":{"NS":["7"]},"tags":{"SS":["a","b"]}}}}`},
		{"exists on a set", profiles,
			sf.Match(sf.NewImage(sf.Exists(&codectest.ProfileAttrs.Tags))),
			`{"dynamodb":{"NewImage":{"tags":{"SS":[{"exists":true}]}}}}`},
		// kitchen.b stores false as NULL (nullempty); the probe finds BOOL.
		{"exists on a nullempty bool", sf.Stream{Table: "kitchen"},
			sf.Match(sf.NewImage(sf.Exists(&codectest.KitchenAttrs.B))),
			`{"dynamodb":{"NewImage":{"b":{"BOOL":[{"exists":true}]}}}}`},
		{"a number stored as text (dynamodbav string)", sf.Stream{Table: "kitchen"},
			sf.Match(sf.NewImage(sf.Equals(&codectest.KitchenAttrs.U64, 18446744073709551615), sf.Exists(&codectest.KitchenAttrs.PInt))),
			`{"dynamodb":{"NewImage":{"pint":{"S":[{"exists":true}]},"u64":{"S":["18446744073709551615"]}}}}`},
		{"no stream description skips the checks", sf.Stream{},
			sf.Match(sf.Keys(sf.Equals(&models.UserAttrs.Name, "<Ann & Bo>"))),
			`{"dynamodb":{"Keys":{"name":{"S":["<Ann & Bo>"]}}}}`},
		{"raw is sent as written", orders,
			sf.Raw(`{ "eventName" : ["INSERT"] }`),
			`{ "eventName" : ["INSERT"] }`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.filter.Pattern(c.stream)
			if err != nil {
				t.Fatalf("Pattern: %v", err)
			}
			if got != c.want {
				t.Errorf("pattern\n got %s\nwant %s", got, c.want)
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(got), &v); err != nil {
				t.Errorf("not JSON: %v", err)
			}
			again, _ := c.filter.Pattern(c.stream)
			if again != got {
				t.Errorf("two renderings differ:\n%s\n%s", got, again)
			}
		})
	}
}

func TestPatternErrors(t *testing.T) {
	// Handles built by hand, for shapes no generated model has.
	whole := ddb.NewString(ddb.Attr("a"), ddb.EncS[string])
	member := ddb.NewString(ddb.Attr("a").Member("b"), ddb.EncS[string])
	ptr := ddb.NewValue(ddb.Attr("p"), ddb.EncPtr(ddb.EncS[string]))
	opaque := ddb.NewValue(ddb.Attr("o"), func(int) (types.AttributeValue, error) { return nil, nil })
	x := "x"
	long := strings.Repeat("x", 4000)

	cases := []struct {
		name   string
		stream sf.Stream
		filter sf.Filter
		want   string
	}{
		{"attribute of another table", orders,
			sf.Match(sf.NewImage(sf.Equals(&models.UserAttrs.Name, "Ann"))),
			"Equals(name) in NewImage: the attribute belongs to table users, but the subscription is to table orders"},
		{"keys hold only the key", orders,
			sf.Match(sf.Keys(sf.Equals(&models.OrderAttrs.Status, "paid"))),
			"Equals(status) in Keys: status is not a key attribute of table orders (customer_id, order_date)"},
		{"image the stream lacks", sf.Stream{Table: "orders", View: sf.ViewNewImage},
			sf.Match(sf.OldImage(sf.Equals(&models.OrderAttrs.Status, "paid"))),
			"a condition on OldImage never matches: the stream of table orders carries NEW_IMAGE"},
		{"keys-only stream", sf.Stream{Table: "orders", View: sf.ViewKeysOnly},
			sf.Match(sf.NewImage(sf.Equals(&models.OrderAttrs.Status, "paid"))),
			"a condition on NewImage never matches: the stream of table orders carries KEYS_ONLY"},
		{"unknown view", sf.Stream{View: "BOTH"},
			sf.Match(sf.NewImage(sf.Equals(&models.OrderAttrs.Status, "paid"))),
			`unknown stream view type "BOTH"`},
		{"old image of inserts", orders,
			sf.Match(sf.Events(sf.Insert), sf.OldImage(sf.Equals(&models.OrderAttrs.Status, "paid"))),
			"conditions on OldImage never match records of events [INSERT]"},
		{"both images of removals", orders,
			sf.Match(sf.Events(sf.Insert, sf.Remove), sf.OldImage(sf.Exists(&models.OrderAttrs.Status)), sf.NewImage(sf.Exists(&models.OrderAttrs.Status))),
			"conditions on OldImage and NewImage never match records of events [INSERT REMOVE]"},
		{"TTL without REMOVE", orders,
			sf.Match(sf.TTLExpired(), sf.Events(sf.Modify)),
			"TTLExpired with Events that leave out Remove never matches"},
		{"TTL with a new image", orders,
			sf.Match(sf.TTLExpired(), sf.NewImage(sf.Exists(&models.OrderAttrs.Status))),
			"TTLExpired with a NewImage condition never matches"},
		{"two TTL conditions", orders, sf.Match(sf.TTLExpired(), sf.NotTTLExpired()), "two TTL conditions in one filter"},
		{"two event conditions", orders, sf.Match(sf.Events(sf.Insert), sf.Events(sf.Modify)), "two Events conditions in one filter"},
		{"no event names", orders, sf.Match(sf.Events()), "Events needs at least one event name"},
		{"unknown event name", orders, sf.Match(sf.Events("UPSERT")), `unknown event name "UPSERT"`},
		{"empty filter", orders, sf.Match(), "a filter with no conditions would match every record"},
		{"empty image", orders, sf.Match(sf.NewImage()), "NewImage has no conditions"},
		{"zero condition", orders, sf.Match(sf.Cond{}), "a zero Cond"},
		{"zero attribute condition", orders, sf.Match(sf.NewImage(sf.AttrCond{})), "a zero AttrCond in NewImage"},
		{"same attribute twice", orders,
			sf.Match(sf.NewImage(sf.Equals(&models.OrderAttrs.Status, "paid"), sf.Prefix(&models.OrderAttrs.Status, "p"))),
			"Prefix(status) in NewImage: another condition in this filter is on the same attribute"},
		{"same attribute in two NewImage conditions", orders,
			sf.Match(sf.NewImage(sf.Equals(&models.OrderAttrs.Status, "paid")), sf.NewImage(sf.Exists(&models.OrderAttrs.Status))),
			"Exists(status) in NewImage: another condition in this filter is on the same attribute"},
		{"a member under a condition on the whole", sf.Stream{},
			sf.Match(sf.NewImage(sf.Equals(&whole, "x"), sf.Equals(&member, "y"))),
			"Equals(a.b) in NewImage: a already has a condition (Equals) on it as a whole"},
		{"the whole over a member", sf.Stream{},
			sf.Match(sf.NewImage(sf.Equals(&member, "y"), sf.Exists(&whole))),
			"Exists(a) in NewImage: another condition in this filter is on the same attribute (or inside it)"},
		{"a list element", sf.Stream{},
			sf.Match(sf.NewImage(sf.Equals(&codectest.ProfileAttrs.Lines.At(0).SKU, "s"))),
			"Equals(lines[0].sku) in NewImage: lines[0].sku goes through a list element"},
		{"a list element at the end", orders,
			sf.Match(sf.NewImage(sf.Equals(models.OrderAttrs.Items.At(1), "s"))),
			"Equals(items[1]) in NewImage: items[1] goes through a list element"},
		{"a value the codec omits", orders,
			sf.Match(sf.NewImage(sf.Equals(&models.OrderAttrs.ExpiresAt, 0))),
			"Equals(expires_at) in NewImage: value 0: the codec omits it (omitempty), so no record holds it: use NotExists"},
		{"a whole map value", sf.Stream{},
			sf.Match(sf.NewImage(sf.Equals(&codectest.ProfileAttrs.Home.Value, codectest.Address{City: "Oslo"}))),
			"it is stored as M, not a single value"},
		{"values of two types", sf.Stream{},
			sf.Match(sf.NewImage(sf.Equals(&ptr, nil, &x))),
			"Equals(p) in NewImage: the values are stored as both NULL and S"},
		{"no values", orders, sf.Match(sf.NewImage(sf.Equals(&models.OrderAttrs.Status))), "Equals(status) in NewImage: needs at least one value"},
		{"anything-but a bool", sf.Stream{},
			sf.Match(sf.NewImage(sf.AnythingBut(&codectest.ProfileAttrs.Active, true))),
			"anything-but does not apply to BOOL values"},
		{"empty prefix", orders, sf.Match(sf.NewImage(sf.Prefix(&models.OrderAttrs.Status, ""))), "the prefix is empty"},
		{"no set elements", sf.Stream{}, sf.Match(sf.NewImage(sf.Contains(&codectest.ProfileAttrs.Tags))), "Contains(tags) in NewImage: needs at least one element"},
		{"exists on a list", orders,
			sf.Match(sf.NewImage(sf.Exists(&models.OrderAttrs.Items))),
			"Exists(items) in NewImage: the attribute is stored as L, which has no leaf value of its own"},
		{"exists on a map", sf.Stream{},
			sf.Match(sf.NewImage(sf.NotExists(&codectest.ProfileAttrs.Home))),
			"NotExists(home) in NewImage: the attribute is stored as M"},
		{"exists of an unknown type", sf.Stream{},
			sf.Match(sf.NewImage(sf.Exists(&opaque))),
			"cannot tell which DynamoDB type the attribute is stored as"},
		{"too long", orders,
			sf.Match(sf.NewImage(sf.Equals(&models.OrderAttrs.Status, long, long+"y"))),
			"the pattern is 8051 characters, over Lambda's 4096"},
		{"raw not JSON", orders, sf.Raw(`eventName = INSERT`), "not a JSON object pattern"},
		{"raw null", orders, sf.Raw(`null`), "not a JSON object pattern: null"},
		{"raw array", orders, sf.Raw(`["INSERT"]`), "not a JSON object pattern"},
		{"raw empty", orders, sf.Raw(`{}`), "the pattern {} matches every record"},
		{"raw value not in an array", orders, sf.Raw(`{"eventName":"INSERT"}`), `field eventName is "INSERT": a pattern's values are arrays of values or rules, such as ["INSERT"]`},
		{"raw nested value not in an array", orders, sf.Raw(`{"dynamodb":{"NewImage":{"status":{"S":"paid"}}}}`), `field dynamodb.NewImage.status.S is "paid"`},
		{"raw empty array", orders, sf.Raw(`{"eventName":[]}`), "field eventName is an empty array"},
		{"raw too long", orders, sf.Raw(`{"eventName":["` + long + strings.Repeat("x", 100) + `"]}`), "the pattern is 4118 characters, over Lambda's 4096"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.filter.Pattern(c.stream)
			if err == nil {
				t.Fatalf("pattern %s, want an error containing %q", got, c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q\nwant one containing %q", err, c.want)
			}
		})
	}
}

// A pattern of exactly the limit passes; one character more does not.
func TestPatternLengthLimit(t *testing.T) {
	base, err := sf.Match(sf.NewImage(sf.Equals(&models.OrderAttrs.Status, ""))).Pattern(orders)
	if err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("é", sf.MaxPatternLength-len(base)) // counted in characters, not bytes
	at, err := sf.Match(sf.NewImage(sf.Equals(&models.OrderAttrs.Status, pad))).Pattern(orders)
	if err != nil {
		t.Fatalf("pattern of %d characters: %v", sf.MaxPatternLength, err)
	}
	if n := len([]rune(at)); n != sf.MaxPatternLength {
		t.Fatalf("test pattern is %d characters", n)
	}
	if _, err := sf.Match(sf.NewImage(sf.Equals(&models.OrderAttrs.Status, pad+"é"))).Pattern(orders); err == nil {
		t.Errorf("a pattern of %d characters passed", sf.MaxPatternLength+1)
	}
}
