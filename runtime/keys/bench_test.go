package keys

import (
	"fmt"
	"testing"
	"time"
)

var (
	benchCustomer = "c-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"
	benchOrder    = "o-6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b"
	benchPlaced   = time.Date(2026, 11, 3, 10, 4, 5, 123456789, time.FixedZone("", -5*3600))
	sinkPK        string
	sinkSK        string
)

const rfcNano = "2006-01-02T15:04:05.000000000Z"

// An Order's pk and sk: CUSTOMER#{CustomerID}, ORDER#{PlacedAt}#{ID}.
func BenchmarkOrderKeys(b *testing.B) {
	b.Run("keys", func(b *testing.B) {
		b.ReportAllocs()
		var buf [96]byte
		for b.Loop() {
			pk, err := customerPK.Begin(buf[:0]).Text(benchCustomer).Key()
			if err != nil {
				b.Fatal(err)
			}
			sk, err := orderSK.Begin(buf[:0]).Time(benchPlaced).Text(benchOrder).Key()
			if err != nil {
				b.Fatal(err)
			}
			sinkPK, sinkSK = pk, sk
		}
	})
	b.Run("sprintf", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkPK = fmt.Sprintf("CUSTOMER#%s", benchCustomer)
			sinkSK = fmt.Sprintf("ORDER#%s#%s", benchPlaced.UTC().Format(rfcNano), benchOrder)
		}
	})
	b.Run("concat", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkPK = "CUSTOMER#" + benchCustomer
			sinkSK = "ORDER#" + benchPlaced.UTC().Format(rfcNano) + "#" + benchOrder
		}
	})
}

// An integer sort key: ITEM#{N} with N an int64.
func BenchmarkIntKey(b *testing.B) {
	item := MustBind("ITEM#{N}", SortKey, 0, KindInt)
	b.Run("keys", func(b *testing.B) {
		b.ReportAllocs()
		var buf [32]byte
		n := int64(0)
		for b.Loop() {
			n++
			sk, err := item.Begin(buf[:0]).Int(n).Key()
			if err != nil {
				b.Fatal(err)
			}
			sinkSK = sk
		}
	})
	b.Run("sprintf", func(b *testing.B) {
		b.ReportAllocs()
		n := int64(0)
		for b.Loop() {
			n++
			sinkSK = fmt.Sprintf("ITEM#%020d", n) // hand-written: no negatives
		}
	})
}

// Decoding an Order's sort key back into its fields.
func BenchmarkSplitOrderSK(b *testing.B) {
	sk, _ := orderSK.Begin(nil).Time(benchPlaced).Text(benchOrder).Key()
	b.ReportAllocs()
	var texts [2]string
	for b.Loop() {
		got, err := orderSK.Split(texts[:0], sk)
		if err != nil {
			b.Fatal(err)
		}
		t, err := ParseTime(got[0])
		if err != nil || t.IsZero() {
			b.Fatal(err)
		}
		sinkSK = got[1]
	}
}

func TestBuildAllocations(t *testing.T) {
	var buf [96]byte
	n := testing.AllocsPerRun(100, func() {
		sinkSK, _ = orderSK.Begin(buf[:0]).Time(benchPlaced).Text(benchOrder).Key()
	})
	if n > 1 {
		t.Errorf("building a key allocates %v times, want 1 (the string)", n)
	}
}
