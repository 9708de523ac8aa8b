package codec

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"
)

// The three codecs must produce the same items from the benchmark values and
// read them back to the same values, or the benchmarks compare different work.
func TestCodecsAgree(t *testing.T) {
	o := NewOrder(3)
	want, err := attributevalue.MarshalMap(o)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := o.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	gg, err := dynamo.MarshalItem(GOrderOf(o))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gen, want) || !reflect.DeepEqual(gg, want) {
		t.Fatalf("Order items differ:\nattributevalue %#v\ngenerated      %#v\nguregu         %#v", want, gen, gg)
	}

	p := NewProfile()
	pwant, err := attributevalue.MarshalMap(p)
	if err != nil {
		t.Fatal(err)
	}
	pgen, err := p.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pgen, pwant) {
		t.Fatalf("Profile items differ:\nattributevalue %#v\ngenerated      %#v", pwant, pgen)
	}
	pgg, err := dynamo.MarshalItem(GProfileOf(p))
	if err != nil {
		t.Fatal(err)
	}
	// Same attribute names, and the same value types except for the fields
	// guregu cannot encode as the original (see GProfile).
	if len(pgg) != len(pwant) {
		t.Fatalf("guregu item has %d attributes, attributevalue %d", len(pgg), len(pwant))
	}
	for k, v := range pwant {
		g, ok := pgg[k]
		if !ok {
			t.Fatalf("guregu item lacks %q", k)
		}
		if k == "score" || k == "rank" {
			continue
		}
		if reflect.TypeOf(g) != reflect.TypeOf(v) {
			t.Errorf("attribute %q: guregu %T, attributevalue %T", k, g, v)
		}
	}

	var back Profile
	if err := back.UnmarshalItem(pwant); err != nil {
		t.Fatal(err)
	}
	var gback GProfile
	if err := dynamo.UnmarshalItem(pgg, &gback); err != nil {
		t.Fatal(err)
	}
	// Compared through guregu's encoding: time.Time values that are equal
	// may differ in their *Location pointer, which DeepEqual would see.
	a, err := dynamo.MarshalItem(GProfileOf(&back))
	if err != nil {
		t.Fatal(err)
	}
	b, err := dynamo.MarshalItem(&gback)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(a, pgg) {
		t.Fatalf("decoded profiles differ:\ngenerated %+v\nguregu    %+v", GProfileOf(&back), &gback)
	}
}

var (
	sinkItem  map[string]types.AttributeValue
	sinkItems []map[string]types.AttributeValue
)

const listLen = 1000

func BenchmarkMarshal(b *testing.B) {
	o := NewOrder(0)
	go_ := GOrderOf(o)
	p := NewProfile()
	gp := GProfileOf(p)
	os := NewOrders(listLen)
	gos := GOrdersOf(os)

	b.Run("shape=Order/impl=attributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = attributevalue.MarshalMap(o)
		}
	})
	b.Run("shape=Order/impl=stelviogen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = o.MarshalItem()
		}
	})
	b.Run("shape=Order/impl=guregu", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = dynamo.MarshalItem(go_)
		}
	})
	b.Run("shape=Profile30/impl=attributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = attributevalue.MarshalMap(p)
		}
	})
	b.Run("shape=Profile30/impl=stelviogen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = p.MarshalItem()
		}
	})
	b.Run("shape=Profile30/impl=guregu", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem, _ = dynamo.MarshalItem(gp)
		}
	})
	// The floor of any encoder: building the same maps and lists from
	// attribute values that already exist (as internal/codectest's
	// BenchmarkMarshalFloor). attributevalue's time over this is the most any
	// encoder can save.
	orderItem, _ := o.MarshalItem()
	profileItem, _ := p.MarshalItem()
	b.Run("shape=Order/impl=floor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem = rebuildItem(orderItem)
		}
	})
	b.Run("shape=Profile30/impl=floor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkItem = rebuildItem(profileItem)
		}
	})
	// A list of 1,000 orders into 1,000 items, as for a batch write.
	b.Run("shape=Orders1000/impl=attributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			items := make([]map[string]types.AttributeValue, len(os))
			for i := range os {
				items[i], _ = attributevalue.MarshalMap(&os[i])
			}
			sinkItems = items
		}
	})
	b.Run("shape=Orders1000/impl=stelviogen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			items := make([]map[string]types.AttributeValue, len(os))
			for i := range os {
				items[i], _ = os[i].MarshalItem()
			}
			sinkItems = items
		}
	})
	b.Run("shape=Orders1000/impl=guregu", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			items := make([]map[string]types.AttributeValue, len(gos))
			for i := range gos {
				items[i], _ = dynamo.MarshalItem(&gos[i])
			}
			sinkItems = items
		}
	})
}

func BenchmarkUnmarshal(b *testing.B) {
	orderItem, _ := attributevalue.MarshalMap(NewOrder(0))
	profileItem, _ := attributevalue.MarshalMap(NewProfile())
	gprofileItem, _ := dynamo.MarshalItem(GProfileOf(NewProfile()))
	var listItems []map[string]types.AttributeValue
	for i := range listLen {
		item, _ := attributevalue.MarshalMap(NewOrder(i))
		listItems = append(listItems, item)
	}

	b.Run("shape=Order/impl=attributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var o Order
			if err := attributevalue.UnmarshalMap(orderItem, &o); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shape=Order/impl=stelviogen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var o Order
			if err := o.UnmarshalItem(orderItem); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shape=Order/impl=guregu", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var o GOrder
			if err := dynamo.UnmarshalItem(orderItem, &o); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shape=Profile30/impl=attributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p Profile
			if err := attributevalue.UnmarshalMap(profileItem, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shape=Profile30/impl=stelviogen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p Profile
			if err := p.UnmarshalItem(profileItem); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shape=Profile30/impl=guregu", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p GProfile
			if err := dynamo.UnmarshalItem(gprofileItem, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	// 1,000 items into a list of orders, as a page of a scan or a batch get.
	b.Run("shape=Orders1000/impl=attributevalue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var os []Order
			if err := attributevalue.UnmarshalListOfMaps(listItems, &os); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shape=Orders1000/impl=stelviogen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			os := make([]Order, len(listItems))
			for i, item := range listItems {
				if err := os[i].UnmarshalItem(item); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("shape=Orders1000/impl=guregu", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			os := make([]GOrder, len(listItems))
			for i, item := range listItems {
				if err := dynamo.UnmarshalItem(item, &os[i]); err != nil {
					b.Fatal(err)
				}
			}
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
