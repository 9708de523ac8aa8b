package codec

import (
	"fmt"
	"time"
)

// NewOrder is the i-th order of the benchmarks' values.
func NewOrder(i int) *Order {
	return &Order{
		CustomerID: fmt.Sprintf("customer-%04d", 4711+i),
		OrderDate:  fmt.Sprintf("2026-11-%02dT08:%02d:00Z", 1+i%28, i%60),
		Status:     "shipped",
		Total:      129.95 + float64(i),
		ExpiresAt:  1795600000 + int64(i),
		Version:    int64(7 + i%3),
	}
}

// NewOrders is the list of n orders.
func NewOrders(n int) []Order {
	out := make([]Order, n)
	for i := range out {
		out[i] = *NewOrder(i)
	}
	return out
}

// NewProfile is a fully populated Profile: every field set, nested structs,
// sets, maps and lists of a few elements (the value of internal/codectest's
// benchmarks).
func NewProfile() *Profile {
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

// GOrderOf is o for guregu/dynamo.
func GOrderOf(o *Order) *GOrder {
	return &GOrder{CustomerID: o.CustomerID, OrderDate: o.OrderDate, Status: o.Status, Total: o.Total, ExpiresAt: o.ExpiresAt, Version: o.Version}
}

// GOrdersOf is os for guregu/dynamo.
func GOrdersOf(os []Order) []GOrder {
	out := make([]GOrder, len(os))
	for i := range os {
		out[i] = *GOrderOf(&os[i])
	}
	return out
}

// GProfileOf is p for guregu/dynamo.
func GProfileOf(p *Profile) *GProfile {
	g := &GProfile{
		ID: p.ID, Seq: p.Seq, Name: p.Name, Nick: p.Nick, Note: p.Note, Active: p.Active, Age: p.Age,
		Level: p.Level, Count: p.Count, Big: p.Big, Ratio: p.Ratio, Score: p.Score, Payload: p.Payload,
		Created: p.Created, Expires: p.Expires, Seen: p.Seen, Tags: p.Tags, Scores: p.Scores, Blobs: p.Blobs,
		Home: gAddress(p.Home), Attrs: p.Attrs, Price: GMoney(p.Price), Kind: p.Kind, Rank: p.Rank,
		Matrix: p.Matrix, Flags: p.Flags,
	}
	for _, l := range p.Lines {
		g.Lines = append(g.Lines, GLine(l))
	}
	if p.Work != nil {
		w := gAddress(*p.Work)
		g.Work = &w
	}
	if p.Counters != nil {
		g.Counters = make(map[string]float64, len(p.Counters))
		for k, v := range p.Counters {
			g.Counters[fmt.Sprint(k)] = v
		}
	}
	if p.Prices != nil {
		g.Prices = make(map[string]GMoney, len(p.Prices))
		for k, v := range p.Prices {
			g.Prices[k] = GMoney(v)
		}
	}
	return g
}

func gAddress(a Address) GAddress {
	g := GAddress{Street: a.Street, City: a.City}
	if a.Geo != nil {
		g.Geo = &GGeoPoint{Lat: a.Geo.Lat, Lng: a.Geo.Lng}
	}
	return g
}
