package codectest

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Benchmarks of the generated codec against attributevalue, on the same
// values in the same run: go test -bench . -benchmem -count 6 | benchstat.

var benchOrder = &Order{
	CustomerID: "customer-4711",
	OrderDate:  "2026-11-25T08:00:00Z",
	Status:     "shipped",
	Total:      129.95,
	ExpiresAt:  1795600000,
	Version:    7,
}

// benchProfile is a fully populated Profile: every field set, nested
// structs, sets, maps and lists of a few elements.
func benchProfile() *Profile {
	nick := "tin"
	gift := true
	seen := time.Date(2026, 11, 24, 18, 30, 0, 123456789, time.UTC)
	return &Profile{
		ID: "profile-0001", Seq: 42, Name: "Ada Lovelace", Nick: &nick, Note: "likes engines",
		Active: true, Age: 36, Level: 7, Count: 1234, Big: 1 << 60, Ratio: 0.75, Score: 98.5,
		Payload: []byte("some opaque bytes"),
		Created: time.Date(2026, 1, 2, 3, 4, 5, 600000000, time.UTC),
		Expires: time.Unix(1795600000, 0),
		Seen:    &seen,
		Tags:    []string{"math", "poetry", "engines"},
		Scores:  []int{10, 200, 3000},
		Blobs:   [][]byte{[]byte("a"), []byte("bc")},
		Lines: []Line{
			{SKU: "sku-1", Qty: 2, Price: 9.99, Gift: &gift},
			{SKU: "sku-2", Qty: 1, Price: 120},
		},
		Home:     Address{Street: "1 Main St", City: "London", Geo: &GeoPoint{Lat: 51.5, Lng: -0.12}},
		Work:     &Address{Street: "2 Side St", City: "Cambridge"},
		Attrs:    map[string]string{"eyes": "brown", "hair": "dark"},
		Counters: map[int]float64{1: 1.5, 2: 2.5},
		Price:    Money{Units: 1999, Currency: "EUR"},
		Prices:   map[string]Money{"eu": {Units: 1999, Currency: "EUR"}},
		Kind:     "premium",
		Rank:     3,
		Matrix:   [][]int{{1, 2}, {3}},
		Flags:    map[Kind]bool{"beta": true},
	}
}

// benchRecord is a fully populated Record, the typical 30-field record.
func benchRecord() *Record {
	reviewer := "grace"
	score := 4.5
	return &Record{
		Tenant: "tenant-7", ID: "rec-000123", Title: "Quarterly report", Description: "numbers and charts",
		State: "open", Owner: "ada", Priority: 2, Weight: 12.75, Quantity: 40, Limit: 1000, Ratio: 0.25,
		Code: 987654321, Archived: false, Public: true, Version: 3,
		CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		UpdatedAt: time.Date(2026, 11, 25, 8, 0, 0, 500000000, time.UTC),
		ExpiresAt: time.Unix(1795600000, 0),
		Reviewer:  &reviewer, Score: &score,
		Tags:     []string{"finance", "q3"},
		Levels:   []int{1, 2},
		Notes:    []string{"draft", "reviewed"},
		Meta:     map[string]string{"source": "import"},
		Location: GeoPoint{Lat: 45.46, Lng: 9.19},
		Price:    Money{Units: 4999, Currency: "EUR"},
		Checksum: []byte{0xde, 0xad, 0xbe, 0xef},
		Region:   "eu-south-1", Zone: "a", Rank: 9,
	}
}

var sinkItem map[string]types.AttributeValue

func BenchmarkMarshalGenerated(b *testing.B) {
	b.Run("Order", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = benchOrder.MarshalItem()
		}
	})
	p := benchProfile()
	b.Run("Profile30", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = p.MarshalItem()
		}
	})
	r := benchRecord()
	b.Run("Record30", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = r.MarshalItem()
		}
	})
}

func BenchmarkMarshalAttributeValue(b *testing.B) {
	b.Run("Order", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = attributevalue.MarshalMap(benchOrder)
		}
	})
	p := benchProfile()
	b.Run("Profile30", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = attributevalue.MarshalMap(p)
		}
	})
	r := benchRecord()
	b.Run("Record30", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = attributevalue.MarshalMap(r)
		}
	})
}

func BenchmarkUnmarshalGenerated(b *testing.B) {
	orderItem, _ := attributevalue.MarshalMap(benchOrder)
	b.Run("Order", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var o Order
			if err := o.UnmarshalItem(orderItem); err != nil {
				b.Fatal(err)
			}
		}
	})
	profileItem, _ := attributevalue.MarshalMap(benchProfile())
	b.Run("Profile30", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p Profile
			if err := p.UnmarshalItem(profileItem); err != nil {
				b.Fatal(err)
			}
		}
	})
	recordItem, _ := attributevalue.MarshalMap(benchRecord())
	b.Run("Record30", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r Record
			if err := r.UnmarshalItem(recordItem); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkUnmarshalAttributeValue(b *testing.B) {
	orderItem, _ := attributevalue.MarshalMap(benchOrder)
	b.Run("Order", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var o Order
			if err := attributevalue.UnmarshalMap(orderItem, &o); err != nil {
				b.Fatal(err)
			}
		}
	})
	profileItem, _ := attributevalue.MarshalMap(benchProfile())
	b.Run("Profile30", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p Profile
			if err := attributevalue.UnmarshalMap(profileItem, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	recordItem, _ := attributevalue.MarshalMap(benchRecord())
	b.Run("Record30", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r Record
			if err := attributevalue.UnmarshalMap(recordItem, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The benchmark values are valid inputs of the property: a benchmark of a
// codec that disagrees with attributevalue would measure nothing useful.
func TestBenchmarkValuesInterchangeable(t *testing.T) {
	checkInterchangeable[Order](t, benchOrder)
	checkInterchangeable[Profile](t, benchProfile())
	checkInterchangeable[Record](t, benchRecord())
}

// BenchmarkMarshalFloor measures what any encoder must spend at least:
// building the same maps and lists as the item, from attribute values that
// already exist. The generated encoder's distance to attributevalue is
// bounded by this cost.
func BenchmarkMarshalFloor(b *testing.B) {
	orderItem, _ := benchOrder.MarshalItem()
	b.Run("Order", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem = rebuildItem(orderItem)
		}
	})
	profileItem, _ := benchProfile().MarshalItem()
	b.Run("Profile30", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem = rebuildItem(profileItem)
		}
	})
	recordItem, _ := benchRecord().MarshalItem()
	b.Run("Record30", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem = rebuildItem(recordItem)
		}
	})
}

// rebuildItem copies the maps and lists of an item, sharing its scalar values.
func rebuildItem(m map[string]types.AttributeValue) map[string]types.AttributeValue {
	out := make(map[string]types.AttributeValue, len(m))
	for k, v := range m {
		out[k] = rebuildAV(v)
	}
	return out
}

func rebuildAV(av types.AttributeValue) types.AttributeValue {
	switch v := av.(type) {
	case *types.AttributeValueMemberM:
		return &types.AttributeValueMemberM{Value: rebuildItem(v.Value)}
	case *types.AttributeValueMemberL:
		l := make([]types.AttributeValue, len(v.Value))
		for i, e := range v.Value {
			l[i] = rebuildAV(e)
		}
		return &types.AttributeValueMemberL{Value: l}
	}
	return av
}
