package codectest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// FuzzCodecRoundTrip drives both properties of the codec from fuzz input:
// random values (from seed) must be encoded exactly as attributevalue encodes
// them and decoded back by either side; and items damaged as the mutation
// bytes say must never make the generated decoder panic, must give a
// *ddb.DecodeError when they fail, and when it succeeds attributevalue must
// succeed too with the same value.
func FuzzCodecRoundTrip(f *testing.F) {
	f.Add(uint64(1), []byte{})
	f.Add(uint64(20261125), []byte{0, 1, 2, 3})
	f.Add(uint64(42), []byte("mutate every attribute of the item"))
	f.Fuzz(func(t *testing.T, seed uint64, mutations []byte) {
		r := rand.New(rand.NewPCG(seed, uint64(len(mutations))))
		checkInterchangeable[Order](t, randomValue[Order](r), func() projection { return new(OrderStatusIndexProjection) })
		checkInterchangeable[User](t, randomValue[User](r), func() projection { return new(UserByEmailIndexProjection) })
		profile := randomValue[Profile](r)
		checkInterchangeable[Profile](t, profile, func() projection { return new(ProfileByNameIndexProjection) })
		kitchen := randomValue[Kitchen](r)
		checkInterchangeable[Kitchen](t, kitchen)

		m := &mutator{r: rand.New(rand.NewPCG(seed, 7)), bytes: mutations}
		pi, err := attributevalue.MarshalMap(profile)
		if err != nil {
			t.Fatal(err)
		}
		checkHostileDecode[Profile](t, m.mutate(pi))
		ki, err := attributevalue.MarshalMap(kitchen)
		if err != nil {
			t.Fatal(err)
		}
		checkHostileDecode[Kitchen](t, m.mutate(ki))
		oi, _ := attributevalue.MarshalMap(randomValue[Order](r))
		checkHostileDecode[Order](t, m.mutate(oi))
	})
}

// TestHostileItems runs the hostile half of the fuzz target over many seeds
// in every test run.
func TestHostileItems(t *testing.T) {
	for i := range 300 {
		seed := uint64(propertySeed + i)
		r := rand.New(rand.NewPCG(seed, seed))
		muts := make([]byte, 1+r.IntN(8))
		for j := range muts {
			muts[j] = byte(r.IntN(256))
		}
		m := &mutator{r: r, bytes: muts}
		for _, v := range []any{randomValue[Profile](r), randomValue[Kitchen](r), randomValue[Order](r)} {
			item, err := attributevalue.MarshalMap(v)
			if err != nil {
				t.Fatal(err)
			}
			item = m.mutate(item)
			ok := t.Run(fmt.Sprintf("seed=%d/%T", seed, v), func(t *testing.T) {
				switch v.(type) {
				case *Profile:
					checkHostileDecode[Profile](t, item)
				case *Kitchen:
					checkHostileDecode[Kitchen](t, item)
				case *Order:
					checkHostileDecode[Order](t, item)
				}
			})
			if !ok {
				return
			}
		}
	}
}

func checkHostileDecode[T any, P itemPtr[T]](t *testing.T, item map[string]types.AttributeValue) {
	t.Helper()
	var got T
	genErr := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("UnmarshalItem panicked: %v\nitem: %s", p, showItem(item))
			}
		}()
		return P(&got).UnmarshalItem(item)
	}()
	var want T
	avErr := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("attributevalue panicked: %v", p)
			}
		}()
		return attributevalue.UnmarshalMap(item, &want)
	}()
	if genErr != nil {
		var de *ddb.DecodeError
		if !errors.As(genErr, &de) {
			t.Fatalf("UnmarshalItem error %v is not a *ddb.DecodeError", genErr)
		}
		return
	}
	if avErr != nil {
		t.Fatalf("UnmarshalItem accepts an item attributevalue rejects (%v)\nitem: %s", avErr, showItem(item))
	}
	if d := diffValues(reflectValue(got), reflectValue(want), "v"); d != "" {
		t.Fatalf("UnmarshalItem and attributevalue decode differently: %s\nitem: %s", d, showItem(item))
	}
}

// mutator damages items: each mutation byte replaces, removes or adds one
// attribute, or reaches into a list or map value.
type mutator struct {
	r     *rand.Rand
	bytes []byte
}

func (m *mutator) mutate(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	out := make(map[string]types.AttributeValue, len(item))
	for k, v := range item {
		out[k] = v
	}
	for _, b := range m.bytes {
		keys := make([]string, 0, len(out))
		for k := range out {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) == 0 {
			out["x-new"] = m.av(0)
			continue
		}
		k := keys[(int(b)+m.r.IntN(len(keys)))%len(keys)]
		switch (int(b) + m.r.IntN(6)) % 6 {
		case 0:
			delete(out, k)
		case 1:
			out["x-"+strconv.Itoa(int(b))] = m.av(0)
		case 2:
			out[k] = m.inner(out[k])
		case 3:
			out[k] = m.av(0)
		default:
			out[k] = m.sameType(out[k])
		}
	}
	return out
}

// sameType replaces a value by one of the same member type with hostile
// content: numbers that overflow or do not parse, texts that are no times.
func (m *mutator) sameType(av types.AttributeValue) types.AttributeValue {
	switch v := av.(type) {
	case *types.AttributeValueMemberN:
		return &types.AttributeValueMemberN{Value: hostileNumbers[m.r.IntN(len(hostileNumbers))]}
	case *types.AttributeValueMemberS:
		return &types.AttributeValueMemberS{Value: hostileTexts[m.r.IntN(len(hostileTexts))]}
	case *types.AttributeValueMemberNS:
		return &types.AttributeValueMemberNS{Value: append(append([]string(nil), v.Value...), hostileNumbers[m.r.IntN(len(hostileNumbers))])}
	case *types.AttributeValueMemberSS:
		return &types.AttributeValueMemberSS{Value: append(append([]string(nil), v.Value...), hostileTexts[m.r.IntN(len(hostileTexts))])}
	case *types.AttributeValueMemberB:
		return &types.AttributeValueMemberB{Value: make([]byte, m.r.IntN(6))}
	case *types.AttributeValueMemberL, *types.AttributeValueMemberM:
		return m.inner(av)
	}
	return m.av(0)
}

// inner replaces one element of a list or map value (a copy), or the value itself.
func (m *mutator) inner(av types.AttributeValue) types.AttributeValue {
	switch v := av.(type) {
	case *types.AttributeValueMemberL:
		if len(v.Value) > 0 {
			l := append([]types.AttributeValue(nil), v.Value...)
			i := m.r.IntN(len(l))
			if m.r.IntN(2) == 0 {
				l[i] = m.sameType(l[i])
			} else {
				l[i] = m.av(1)
			}
			return &types.AttributeValueMemberL{Value: l}
		}
	case *types.AttributeValueMemberM:
		if len(v.Value) > 0 {
			keys := make([]string, 0, len(v.Value))
			for k := range v.Value {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			mm := make(map[string]types.AttributeValue, len(v.Value))
			for k, e := range v.Value {
				mm[k] = e
			}
			k := keys[m.r.IntN(len(keys))]
			if m.r.IntN(2) == 0 {
				mm[k] = m.sameType(mm[k])
			} else {
				mm[k] = m.av(1)
			}
			return &types.AttributeValueMemberM{Value: mm}
		}
	}
	return m.av(0)
}

var hostileNumbers = []string{
	"0", "1", "-1", "1.5", "1e3", "127", "128", "-129", "255", "256", "65535", "65536",
	"2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
	"18446744073709551615", "18446744073709551616", "1e39", "3e38", "-0", "NaN", "Inf",
	"", "abc", " 1", "0x10", "1_000", "1699999999", "-62135596800",
}

var hostileTexts = []string{
	"", "x", "12 EUR", "1", "true", "2026-11-25T08:00:00Z", "2026-11-25T08:00:00.123456789+01:00",
	"2026-13-45T99:00:00Z", "yesterday", "日本",
}

// av returns a random attribute value of any member type, including
// malformed numbers and nil members.
func (m *mutator) av(depth int) types.AttributeValue {
	n := 12
	if depth > 2 {
		n = 9
	}
	switch m.r.IntN(n) {
	case 0:
		return &types.AttributeValueMemberNULL{Value: true}
	case 1:
		return &types.AttributeValueMemberS{Value: hostileTexts[m.r.IntN(len(hostileTexts))]}
	case 2:
		return &types.AttributeValueMemberN{Value: hostileNumbers[m.r.IntN(len(hostileNumbers))]}
	case 3:
		return &types.AttributeValueMemberB{Value: make([]byte, m.r.IntN(6))}
	case 4:
		return &types.AttributeValueMemberBOOL{Value: m.r.IntN(2) == 0}
	case 5:
		return &types.AttributeValueMemberSS{Value: []string{hostileTexts[m.r.IntN(len(hostileTexts))]}}
	case 6:
		return &types.AttributeValueMemberNS{Value: []string{hostileNumbers[m.r.IntN(len(hostileNumbers))], "2"}}
	case 7:
		return &types.AttributeValueMemberBS{Value: [][]byte{{1}, make([]byte, m.r.IntN(5))}}
	case 8:
		if m.r.IntN(2) == 0 {
			return (*types.AttributeValueMemberS)(nil)
		}
		return nil
	case 9:
		l := make([]types.AttributeValue, m.r.IntN(4))
		for i := range l {
			l[i] = m.av(depth + 1)
		}
		return &types.AttributeValueMemberL{Value: l}
	default:
		mm := map[string]types.AttributeValue{}
		names := []string{"street", "city", "geo", "lat", "lng", "sku", "qty", "price", "gift", "k1", "1", "true"}
		for range m.r.IntN(4) {
			mm[names[m.r.IntN(len(names))]] = m.av(depth + 1)
		}
		return &types.AttributeValueMemberM{Value: mm}
	}
}
