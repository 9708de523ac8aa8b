package ddbjson

import (
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
