package ddbjson

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
)

// checkPlainNumbers fails when a fast path of number parsing accepts s and
// gives another value than strconv does.
func checkPlainNumbers(t *testing.T, s string) {
	t.Helper()
	for _, bits := range []int{8, 16, 32, 64} {
		if n, ok := plainInt(s, bits); ok {
			if want, err := strconv.ParseInt(s, 10, bits); err != nil || n != want {
				t.Fatalf("plainInt(%q, %d) = %d; strconv %d, %v", s, bits, n, want, err)
			}
		}
		if n, ok := plainUint(s, bits); ok {
			if want, err := strconv.ParseUint(s, 10, bits); err != nil || n != want {
				t.Fatalf("plainUint(%q, %d) = %d; strconv %d, %v", s, bits, n, want, err)
			}
		}
	}
	if f, ok := plainFloat(s); ok {
		want, err := strconv.ParseFloat(s, 64)
		if err != nil || strconv.FormatFloat(f, 'g', -1, 64) != strconv.FormatFloat(want, 'g', -1, 64) {
			t.Fatalf("plainFloat(%q) = %v; strconv %v, %v", s, f, want, err)
		}
	}
}

func TestPlainNumbersAsStrconv(t *testing.T) {
	for _, s := range []string{"0", "-0", "-0.0", "00", "007", "1", "-1", "127", "128", "-128", "-129", "255", "256",
		"32767", "-32769", "65535", "999999999999999999", "-999999999999999999", "9223372036854775807",
		"-9223372036854775808", "9999999999999999999", "-9999999999999999999", "18446744073709551615", "99999999999999999999", "1.5", "-1.25", "0.1", "0.3", "123456789012345",
		"1234567890123456", "0.000000000000001", "9007199254740993", "1.", ".5", "+1", "1e5", "1_0", "", "-", "--1", "0x10",
		"1.2.3", "inf", "NaN", " 1"} {
		checkPlainNumbers(t, s)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		digits := 1 + rnd.IntN(20)
		b := make([]byte, 0, 20)
		if rnd.IntN(2) == 0 {
			b = append(b, '-')
		}
		dot := rnd.IntN(digits + 1)
		for i := range digits {
			if i == dot && i > 0 {
				b = append(b, '.')
			}
			b = append(b, byte('0'+rnd.IntN(10)))
		}
		checkPlainNumbers(t, string(b))
	}
}

func FuzzPlainNumbers(f *testing.F) {
	for _, s := range []string{"0", "-12.5", "255", "123456789012345", "9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(checkPlainNumbers)
}

// plainEnd finds the first '"', '\\' or control character as a byte loop
// would, whatever the bytes around it.
func TestPlainEndAsByteLoop(t *testing.T) {
	alphabet := []byte{0, 1, 0x1f, ' ', '!', '"', '#', '\\', ']', 'a', 0x7f, 0x80, 0xa2, 0xdc, 0xe2, 0xff}
	rnd := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		b := make([]byte, rnd.IntN(40))
		for i := range b {
			if rnd.IntN(4) == 0 {
				b[i] = alphabet[rnd.IntN(len(alphabet))]
			} else {
				b[i] = byte(rnd.IntN(256))
			}
		}
		from := 0
		if len(b) > 0 {
			from = rnd.IntN(len(b) + 1)
		}
		want := from
		for want < len(b) && b[want] >= 0x20 && b[want] != '"' && b[want] != '\\' {
			want++
		}
		if got := plainEnd(b, from); got != want {
			t.Fatalf("plainEnd(%q, %d) = %d, want %d", b, from, got, want)
		}
	}
}

// checkKeptNumber fails when an N's digits kept by readNumber decode to
// another result than its text does.
func checkKeptNumber(t *testing.T, s string) {
	t.Helper()
	b := []byte(s)
	var v Value
	if ok := v.readNumber(b); ok != validNumber(b, false) {
		t.Fatalf("readNumber(%q) = %v, validNumber the opposite", s, ok)
	} else if !ok {
		return
	}
	r := newScanner(b)
	v.r, v.typ, v.start, v.end = &r, TypeN, 0, len(b)
	text := v
	text.numPlain = false
	same := func(what string, kept, fromText func(*Value) string) {
		if k, f := kept(&v), fromText(&text); k != f {
			t.Fatalf("%s of %q: kept digits %s, text %s", what, s, k, f)
		}
	}
	dec := func(f func(*Value) (any, error)) func(*Value) string {
		return func(v *Value) string { x, err := f(v); return fmt.Sprint(x, err) }
	}
	for name, f := range map[string]func(*Value) (any, error){
		"int8":    func(v *Value) (any, error) { var x int8; err := DecodeInt(v, &x); return x, err },
		"int16":   func(v *Value) (any, error) { var x int16; err := DecodeIntText(v, &x); return x, err },
		"int32":   func(v *Value) (any, error) { var x int32; err := DecodeInt(v, &x); return x, err },
		"int64":   func(v *Value) (any, error) { var x int64; err := DecodeInt(v, &x); return x, err },
		"uint8":   func(v *Value) (any, error) { var x uint8; err := DecodeUint(v, &x); return x, err },
		"uint32":  func(v *Value) (any, error) { var x uint32; err := DecodeUintText(v, &x); return x, err },
		"uint64":  func(v *Value) (any, error) { var x uint64; err := DecodeUint(v, &x); return x, err },
		"float32": func(v *Value) (any, error) { var x float32; err := DecodeFloat(v, &x); return x, err },
		"float64": func(v *Value) (any, error) {
			var x float64
			err := DecodeFloatText(v, &x)
			return strconv.FormatFloat(x, 'g', -1, 64), err
		},
	} {
		same(name, dec(f), dec(f))
	}
}

func TestKeptNumbersAsText(t *testing.T) {
	for _, s := range []string{"0", "-0", "-0.0", "1", "-1", "127", "128", "-128", "-129", "255", "256", "-1.5", "0.1",
		"123456789012345", "1234567890123456", "999999999999999999", "9999999999999999999", "-9999999999999999999",
		"18446744073709551615", "9223372036854775807", "-9223372036854775808", "1e5", "1.5E-3", "00", "01", " 1", "1.", ".5", "-", ""} {
		checkKeptNumber(t, s)
	}
	rnd := rand.New(rand.NewPCG(7, 8))
	for range 100000 {
		var b []byte
		if rnd.IntN(2) == 0 {
			b = append(b, '-')
		}
		digits := 1 + rnd.IntN(21)
		dot := rnd.IntN(digits + 1)
		for i := range digits {
			if i == dot && i > 0 {
				b = append(b, '.')
			}
			b = append(b, byte('0'+rnd.IntN(10)))
		}
		checkKeptNumber(t, string(b))
	}
}

func FuzzKeptNumbers(f *testing.F) {
	for _, s := range []string{"0", "-12.5", "255", "123456789012345", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(checkKeptNumber)
}
