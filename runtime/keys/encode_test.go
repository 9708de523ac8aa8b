package keys

import (
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestIntGolden(t *testing.T) {
	for _, c := range []struct {
		v    int64
		want string
	}{
		{math.MinInt64, "-0776627963145224192"},
		{math.MinInt64 + 1, "-0776627963145224193"},
		{-1, "-9999999999999999999"},
		{-42, "-9999999999999999958"},
		{0, "00000000000000000000"},
		{1, "00000000000000000001"},
		{42, "00000000000000000042"},
		{math.MaxInt64, "09223372036854775807"},
	} {
		got := string(AppendInt(nil, c.v))
		if got != c.want {
			t.Errorf("AppendInt(%d) = %q, want %q", c.v, got, c.want)
		}
		back, err := ParseInt[int64](got)
		if err != nil || back != c.v {
			t.Errorf("ParseInt(%q) = %d, %v; want %d", got, back, err, c.v)
		}
	}
	if got := FormatInt(int8(-128)); got != "-9999999999999999872" {
		t.Errorf("FormatInt(int8(-128)) = %q", got)
	}
}

func TestUintGolden(t *testing.T) {
	for _, c := range []struct {
		v    uint64
		want string
	}{
		{0, "00000000000000000000"},
		{42, "00000000000000000042"},
		{math.MaxInt64 + 1, "09223372036854775808"},
		{math.MaxUint64, "18446744073709551615"},
	} {
		got := string(AppendUint(nil, c.v))
		if got != c.want {
			t.Errorf("AppendUint(%d) = %q, want %q", c.v, got, c.want)
		}
		back, err := ParseUint[uint64](got)
		if err != nil || back != c.v {
			t.Errorf("ParseUint(%q) = %d, %v", got, back, err)
		}
	}
}

func TestTimeGolden(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		ny = time.FixedZone("EST", -5*3600)
	}
	for _, c := range []struct {
		v    time.Time
		want string
	}{
		{time.Date(2026, 11, 3, 10, 4, 5, 0, time.UTC), "2026-11-03T10:04:05.000000000Z"},
		{time.Date(2026, 11, 3, 10, 4, 5, 123456789, time.UTC), "2026-11-03T10:04:05.123456789Z"},
		{time.Unix(0, 1).UTC(), "1970-01-01T00:00:00.000000001Z"},
		// negative offset, crossing into a leap day
		{time.Date(2028, 2, 28, 23, 30, 0, 500, time.FixedZone("", -5*3600)), "2028-02-29T04:30:00.000000500Z"},
		{time.Date(2028, 2, 29, 12, 0, 0, 0, ny), "2028-02-29T17:00:00.000000000Z"},
		// positive offset, crossing back a day and a year
		{time.Date(2027, 1, 1, 5, 0, 0, 999999999, time.FixedZone("", 9*3600+30*60)), "2026-12-31T19:30:00.999999999Z"},
		{time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), "0000-01-01T00:00:00.000000000Z"},
		{time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), "9999-12-31T23:59:59.999999999Z"},
	} {
		got, err := FormatTime(c.v)
		if err != nil || got != c.want {
			t.Errorf("FormatTime(%v) = %q, %v; want %q", c.v, got, err, c.want)
			continue
		}
		back, err := ParseTime(got)
		if err != nil || !back.Equal(c.v) || back.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v; want %v in UTC", got, back, err, c.v)
		}
	}
	for _, v := range []time.Time{
		time.Date(-1, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("", -2*3600)), // 10000 in UTC
	} {
		if _, err := FormatTime(v); !errors.Is(err, ErrOutOfRange) || !errors.Is(err, ErrInvalid) {
			t.Errorf("FormatTime(%v) = %v, want ErrOutOfRange", v, err)
		}
	}
	// the monotonic reading is dropped, the instant kept
	now := time.Now()
	s, _ := FormatTime(now)
	if back, _ := ParseTime(s); !back.Equal(now) {
		t.Errorf("time.Now round trip: %v != %v", back, now)
	}
}

func TestFixedGolden(t *testing.T) {
	for _, c := range []struct {
		v    float64
		n    int
		want string
	}{
		{12.5, 2, "000000000000000012.50"},
		{-12.5, 2, "-99999999999999987.50"},
		{0, 2, "000000000000000000.00"},
		{math.Copysign(0, -1), 2, "000000000000000000.00"},
		{3, 0, "00000000000000000003"},
		{0.1, 1, "0000000000000000000.1"},
		{-0.1, 4, "-999999999999999.9000"},
	} {
		got, err := FormatFixed(c.v, c.n)
		if err != nil || got != c.want {
			t.Errorf("FormatFixed(%v, %d) = %q, %v; want %q", c.v, c.n, got, err, c.want)
			continue
		}
		back, err := ParseFixed[float64](got, c.n)
		if err != nil || back != c.v {
			t.Errorf("ParseFixed(%q) = %v, %v", got, back, err)
		}
	}
	for _, c := range []struct {
		v float64
		n int
	}{{math.NaN(), 2}, {math.Inf(1), 2}, {math.Inf(-1), 0}, {1.005, 2}, {0.125, 2}, {1e17, 2}, {-1e17, 2}, {1e19, 0}} {
		if got, err := FormatFixed(c.v, c.n); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("FormatFixed(%v, %d) = %q, %v; want ErrOutOfRange", c.v, c.n, got, err)
		}
	}
	f32, err := FormatFixed(float32(0.1), 1)
	if err != nil || f32 != "0000000000000000000.1" {
		t.Errorf("FormatFixed(float32(0.1)) = %q, %v", f32, err)
	}
	if back, err := ParseFixed[float32](f32, 1); err != nil || back != float32(0.1) {
		t.Errorf("ParseFixed[float32] = %v, %v", back, err)
	}
}

func TestDecodersRejectMalformed(t *testing.T) {
	bad := map[string][]string{
		"int": {"", "0", "1000000000000000000000", "+0000000000000000042", "0000000000000000004a", "09223372036854775808",
			"-0776627963145224191", " 0000000000000000042", "-000000000000000000"},
		"uint": {"", "1844674407370955161", "18446744073709551616", "99999999999999999999", "-0000000000000000001", "0000000000000000000x"},
		"time": {"", "2026-11-03T10:04:05Z", "2026-11-03T10:04:05.000000000+01:00", "2026-02-29T00:00:00.000000000Z",
			"2026-13-01T00:00:00.000000000Z", "2026-00-01T00:00:00.000000000Z", "2026-01-00T00:00:00.000000000Z",
			"2026-01-01T24:00:00.000000000Z", "2026-01-01T00:60:00.000000000Z", "2026-12-31T23:59:60.000000000Z",
			"2026-01-01 00:00:00.000000000Z", "2026-01-01T00:00:00.00000000aZ", "-026-01-01T00:00:00.000000000Z"},
		"fixed2": {"", "00000000000000012.5", "0000000000000000012.50", "00000000000000012.500", "0000000000000001250", "00000000000000012,50", "+0000000000000012.50"},
	}
	for enc, texts := range bad {
		for _, s := range texts {
			var err error
			switch enc {
			case "int":
				_, err = ParseInt[int64](s)
			case "uint":
				_, err = ParseUint[uint64](s)
			case "time":
				_, err = ParseTime(s)
			case "fixed2":
				_, err = ParseFixed[float64](s, 2)
			}
			if !errors.Is(err, ErrMalformed) || !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: decoding %q: %v, want ErrMalformed", enc, s, err)
			}
		}
	}
	// a value outside the Go type
	if _, err := ParseInt[int8](FormatInt(200)); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("ParseInt[int8](200): %v", err)
	}
	if _, err := ParseUint[uint16](FormatUint(uint64(70000))); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("ParseUint[uint16](70000): %v", err)
	}
	if _, err := ParseFixed[float32](mustFixed(t, 1e15+0.5, 1), 1); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("ParseFixed[float32] of a float64-only value: %v", err)
	}
}

func mustFixed(t *testing.T, v float64, n int) string {
	t.Helper()
	s, err := FormatFixed(v, n)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// edge-heavy random values
func randInt64(r *rand.Rand) int64 {
	switch r.IntN(6) {
	case 0:
		return []int64{math.MinInt64, math.MaxInt64, -1, 0, 1, math.MinInt64 + 1, math.MaxInt64 - 1}[r.IntN(7)]
	case 1:
		return r.Int64N(2001) - 1000
	case 2:
		return -r.Int64()
	}
	return int64(r.Uint64())
}

func randTime(r *rand.Rand) time.Time {
	lo, hi := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
	var sec int64
	switch r.IntN(3) {
	case 0:
		sec = lo + r.Int64N(hi-lo+1)
	case 1:
		sec = 1_780_000_000 + r.Int64N(1000) // close together: nanoseconds decide
	default:
		sec = []int64{lo, hi, 0, -1, 951782400 /* 2000-02-29 */}[r.IntN(5)]
	}
	ns := r.Int64N(1e9)
	if r.IntN(3) == 0 {
		ns = 0
	}
	zones := []*time.Location{time.UTC, time.FixedZone("", -9*3600-30*60), time.FixedZone("", 14*3600), time.FixedZone("", -1)}
	return time.Unix(sec, ns).In(zones[r.IntN(len(zones))])
}

func cmp[T int64 | uint64 | float64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func TestOrderAndRoundTripProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 1))
	const n = 20000
	for i := 0; i < n; i++ {
		a, b := randInt64(r), randInt64(r)
		ea, eb := FormatInt(a), FormatInt(b)
		if len(ea) != IntWidth || sign(strings.Compare(ea, eb)) != cmp(a, b) {
			t.Fatalf("int order: %d %q vs %d %q", a, ea, b, eb)
		}
		if back, err := ParseInt[int64](ea); err != nil || back != a {
			t.Fatalf("int round trip %d: %d %v", a, back, err)
		}
		ua, ub := uint64(a), r.Uint64()>>uint(r.IntN(64))
		sa, sb := FormatUint(ua), FormatUint(ub)
		if len(sa) != UintWidth || sign(strings.Compare(sa, sb)) != cmp(ua, ub) {
			t.Fatalf("uint order: %d %q vs %d %q", ua, sa, ub, sb)
		}
		if back, err := ParseUint[uint64](sa); err != nil || back != ua {
			t.Fatalf("uint round trip %d: %d %v", ua, back, err)
		}
		ta, tb := randTime(r), randTime(r)
		xa, err1 := FormatTime(ta)
		xb, err2 := FormatTime(tb)
		if err1 != nil || err2 != nil {
			t.Fatalf("FormatTime: %v %v", err1, err2)
		}
		if len(xa) != TimeWidth || sign(strings.Compare(xa, xb)) != ta.Compare(tb) {
			t.Fatalf("time order: %v %q vs %v %q", ta, xa, tb, xb)
		}
		if back, err := ParseTime(xa); err != nil || !back.Equal(ta) {
			t.Fatalf("time round trip %v: %v %v", ta, back, err)
		}
		dec := r.IntN(MaxDecimals + 1)
		fa, fb := randFixed(r, dec), randFixed(r, dec)
		za, zb := mustFixed(t, fa, dec), mustFixed(t, fb, dec)
		if len(za) != FixedWidth(dec) || sign(strings.Compare(za, zb)) != cmp(fa, fb) {
			t.Fatalf("fixed=%d order: %v %q vs %v %q", dec, fa, za, fb, zb)
		}
		if back, err := ParseFixed[float64](za, dec); err != nil || back != fa {
			t.Fatalf("fixed=%d round trip %v: %v %v", dec, fa, back, err)
		}
	}
}

// randFixed returns a float64 that is exactly representable with dec decimals.
func randFixed(r *rand.Rand, dec int) float64 {
	limit := int64(1) << 53 // integers up to 2^53 are exact; the decimal text then parses back
	m := r.Int64N(2*limit) - limit
	if r.IntN(4) == 0 {
		m = r.Int64N(2001) - 1000
	}
	f := float64(m)
	for i := 0; i < dec; i++ {
		f /= 10
	}
	// round to the float nearest to a decimal with dec decimals
	txt := strconvFormat(f, dec)
	v, _ := parseFloat(txt)
	return v
}

func TestSortStability(t *testing.T) {
	// a slice of encodings sorted as bytes is sorted as the values
	r := rand.New(rand.NewPCG(3, 4))
	vals := make([]int64, 500)
	for i := range vals {
		vals[i] = randInt64(r)
	}
	enc := make([]string, len(vals))
	for i, v := range vals {
		enc[i] = FormatInt(v)
	}
	sort.Strings(enc)
	sort.Slice(vals, func(i, j int) bool { return vals[i] < vals[j] })
	for i := range vals {
		if enc[i] != FormatInt(vals[i]) {
			t.Fatalf("position %d: %q vs %d", i, enc[i], vals[i])
		}
	}
}
