package codectest

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
)

// The random values of the property tests. A filler writes values that
// survive a round trip through DynamoDB items unchanged, so that decoding
// an encoded value must give it back: sets are nil or non-empty (an empty set
// is stored as NULL), elements under omitemptyelem are non-zero, pointers to
// slices and maps point at non-nil ones, unixtime values are whole seconds,
// other times are UTC within years 1970-2100, floats are finite.

// opts are the dynamodbav options the filler obeys.
type opts struct {
	set, omitElem, unix bool
}

func parseOpts(tag string) opts {
	var o opts
	parts := strings.Split(tag, ",")
	for _, p := range parts[1:] {
		switch p {
		case "stringset", "numberset", "binaryset":
			o.set = true
		case "omitemptyelem":
			o.omitElem = true
		case "unixtime":
			o.unix = true
		}
	}
	return o
}

type filler struct {
	r     *rand.Rand
	depth int
}

var (
	timeType      = reflect.TypeFor[time.Time]()
	unixTimeType  = reflect.TypeFor[attributevalue.UnixTime]()
	moneyType     = reflect.TypeFor[Money]()
	numberType    = reflect.TypeFor[json.Number]()
	byteSliceType = reflect.TypeFor[[][]byte]()
)

func (f *filler) chance(n int) bool { return f.r.IntN(n) == 0 }

var letters = []rune("abcxyzABC019 _-.é日本🙂")

func (f *filler) str(nonEmpty bool) string {
	n := f.r.IntN(9)
	if nonEmpty && n == 0 {
		n = 1
	}
	var b strings.Builder
	for range n {
		b.WriteRune(letters[f.r.IntN(len(letters))])
	}
	return b.String()
}

func (f *filler) int64(bits int) int64 {
	min, max := int64(-1)<<(bits-1), int64(1)<<(bits-1)-1
	switch f.r.IntN(6) {
	case 0:
		return 0
	case 1:
		return min
	case 2:
		return max
	case 3:
		return int64(f.r.IntN(200)) - 100
	}
	v := f.r.Int64()
	if bits < 64 {
		v = min + f.r.Int64N(max-min+1)
	}
	return v
}

func (f *filler) uint64(bits int) uint64 {
	max := uint64(math.MaxUint64)
	if bits < 64 {
		max = 1<<bits - 1
	}
	switch f.r.IntN(5) {
	case 0:
		return 0
	case 1:
		return max
	case 2:
		return uint64(f.r.IntN(200))
	}
	if bits == 64 {
		return f.r.Uint64()
	}
	return f.r.Uint64N(max + 1)
}

func (f *filler) float(bits int) float64 {
	var v float64
	switch f.r.IntN(6) {
	case 0:
		v = 0
	case 1:
		v = float64(f.r.IntN(2000)-1000) / 100
	case 2:
		v = f.r.NormFloat64() * math.Pow(10, float64(f.r.IntN(40)-20))
	case 3:
		v = 3e38 // near the float32 limit (math.MaxFloat32 itself overflows when attributevalue decodes it)
	case 4:
		v = -1e-7
	default:
		v = f.r.Float64() * 1e6
	}
	if bits == 32 {
		v = float64(float32(v))
	}
	return v
}

func (f *filler) time(unix bool) time.Time {
	s := f.r.Int64N(4102444800) // 1970 .. 2100
	if unix {
		return time.Unix(s, 0)
	}
	return time.Unix(s, f.r.Int64N(1e9)).UTC()
}

// fill sets v (settable) to a random value of its type; o are the options
// of the field or element it stands for.
func (f *filler) fill(v reflect.Value, o opts) {
	f.depth++
	defer func() { f.depth-- }()
	t := v.Type()
	switch t {
	case timeType:
		v.Set(reflect.ValueOf(f.time(o.unix)))
		return
	case unixTimeType:
		v.Set(reflect.ValueOf(attributevalue.UnixTime(f.time(true))))
		return
	case moneyType:
		// Never the zero Money: it encodes as NULL, which leaves a *Money nil.
		v.Set(reflect.ValueOf(Money{Units: f.int64(64), Currency: []string{"EUR", "USD", "CHF"}[f.r.IntN(3)]}))
		return
	case numberType:
		v.SetString(strconv.FormatInt(f.int64(64), 10))
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(f.r.IntN(2) == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(f.int64(t.Bits()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(f.uint64(t.Bits()))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(f.float(t.Bits()))
	case reflect.String:
		v.SetString(f.str(false))
	case reflect.Slice:
		isSet := o.set || t == byteSliceType
		if t.Elem().Kind() == reflect.Uint8 {
			switch f.r.IntN(4) {
			case 0:
				v.SetZero()
			case 1:
				v.Set(reflect.MakeSlice(t, 0, 0))
			default:
				b := reflect.MakeSlice(t, 1+f.r.IntN(6), 1+f.r.IntN(6)+6)
				for i := range b.Len() {
					b.Index(i).SetUint(uint64(f.r.IntN(256)))
				}
				v.Set(b)
			}
			return
		}
		if f.chance(5) || f.depth > 5 {
			v.SetZero()
			return
		}
		n := f.r.IntN(4)
		if isSet && n == 0 {
			n = 1
		}
		s := reflect.MakeSlice(t, n, n)
		for i := range n {
			f.fillElem(s.Index(i), o, isSet)
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			f.fill(v.Index(i), opts{})
		}
	case reflect.Map:
		if f.chance(5) || f.depth > 5 {
			v.SetZero()
			return
		}
		m := reflect.MakeMap(t)
		for range f.r.IntN(4) {
			k := reflect.New(t.Key()).Elem()
			if t.Key().Kind() == reflect.String {
				k.SetString(f.str(true))
			} else {
				f.fill(k, opts{})
			}
			e := reflect.New(t.Elem()).Elem()
			f.fillElem(e, o, false)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Pointer:
		if f.chance(3) && f.depth > 1 {
			v.SetZero()
			return
		}
		p := reflect.New(t.Elem())
		f.fillNonNil(p.Elem(), o)
		v.Set(p)
	case reflect.Interface:
		if a := f.anyValue(); a == nil {
			v.SetZero()
		} else {
			v.Set(reflect.ValueOf(a))
		}
	case reflect.Struct:
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() || sf.Tag.Get("dynamodbav") == "-" {
				continue
			}
			if f.chance(6) {
				continue // leave the zero value
			}
			f.fill(v.Field(i), parseOpts(sf.Tag.Get("dynamodbav")))
		}
	}
}

// fillElem fills a list, set or map element: set elements and elements under
// omitemptyelem are never zero (they would be dropped).
func (f *filler) fillElem(e reflect.Value, o opts, isSet bool) {
	elemOpts := opts{}
	if o.omitElem || isSet {
		f.fillNonZero(e, elemOpts)
		return
	}
	f.fill(e, elemOpts)
}

// fillNonNil fills the target of a pointer: slices, maps and pointers behind
// a pointer are non-nil (a nil one would come back as empty or as a nil outer pointer).
func (f *filler) fillNonNil(v reflect.Value, o opts) {
	for range 20 {
		f.fill(v, o)
		switch v.Kind() {
		case reflect.Slice, reflect.Map, reflect.Pointer:
			if v.IsNil() {
				continue
			}
		}
		return
	}
	switch v.Kind() {
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	}
}

func (f *filler) fillNonZero(v reflect.Value, o opts) {
	for range 50 {
		f.fill(v, o)
		if !v.IsZero() && !(v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Pointer && v.Elem().IsNil()) {
			if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 && v.Len() == 0 {
				continue
			}
			return
		}
	}
	panic("no non-zero value of " + v.Type().String())
}

// anyValue is a value of an interface field that decodes back to itself:
// attributevalue decodes numbers into an interface as float64.
func (f *filler) anyValue() any {
	switch f.r.IntN(7) {
	case 0:
		return nil
	case 1:
		return f.str(false)
	case 2:
		return f.float(64)
	case 3:
		return f.r.IntN(2) == 1
	case 4:
		if f.depth > 4 {
			return nil
		}
		l := make([]any, f.r.IntN(3))
		for i := range l {
			f.depth++
			l[i] = f.anyValue()
			f.depth--
		}
		return l
	case 5:
		if f.depth > 4 {
			return "deep"
		}
		m := map[string]any{}
		for range f.r.IntN(3) {
			f.depth++
			m[f.str(true)] = f.anyValue()
			f.depth--
		}
		return m
	}
	return []byte{1, 2, 3}
}
