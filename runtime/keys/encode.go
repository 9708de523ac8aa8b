package keys

import (
	"errors"
	"math"
	"strconv"
	"time"
)

// Signed is the set of signed integer types a key field may have.
type Signed interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64
}

// Unsigned is the set of unsigned integer types a key field may have.
type Unsigned interface {
	~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

// Float is the set of float types a key field may have (with a fixed format).
type Float interface {
	~float32 | ~float64
}

// Texter is implemented by a custom key field type: KeyText returns the
// field's text in the key. The text follows the rules of text values (not
// empty, valid UTF-8, no control character, no U+10FFFF, no separator, see the
// package doc) and should sort as the values do: keys are ordered by it.
type Texter interface {
	KeyText() (string, error)
}

// TextParser is implemented by a pointer to a custom key field type:
// ParseKeyText sets the value from the text KeyText returned, so keys decode
// back to their fields.
type TextParser interface {
	ParseKeyText(string) error
}

// Widths of the fixed encodings.
const (
	IntWidth  = 20 // AppendInt, every signed integer kind
	UintWidth = 20 // AppendUint, every unsigned integer kind
	TimeWidth = 30 // AppendTime
	// MaxDecimals is the most decimals |fixed=N takes; the width of a
	// fixed-point float is FixedWidth(N).
	MaxDecimals = 18
)

// FixedWidth is the width of AppendFixed's text for the given decimals.
func FixedWidth(decimals int) int {
	if decimals == 0 {
		return IntWidth
	}
	return IntWidth + 1
}

const (
	pow19    = 10000000000000000000 // 10^19
	minNeg19 = pow19 - 1<<63        // 10^19 + math.MinInt64: the 19 digits of MinInt64
)

// AppendInt appends the key text of v: 20 characters, byte order equal to
// numeric order over all of int64. A value >= 0 is "0" and its 19 digits
// zero-padded; a value < 0 is "-" and the 19 digits of v + 10^19 (which is
// in [10^19 - 2^63, 10^19 - 1], so more negative values have smaller digits):
//
//	math.MinInt64 -0776627963145224192
//	-1            -9999999999999999999
//	0             00000000000000000000
//	42            00000000000000000042
//	math.MaxInt64 09223372036854775807
//
// '-' sorts before '0', so every negative value sorts before every other.
// All signed kinds use this one width, so widening a field's type (int32 to
// int64) leaves its stored keys valid.
func AppendInt(dst []byte, v int64) []byte {
	if v >= 0 {
		return appendDigits(append(dst, '0'), uint64(v), 19)
	}
	return appendDigits(append(dst, '-'), uint64(v)+pow19, 19)
}

// AppendUint appends the key text of v: its 20 decimal digits, zero-padded
// (42 is 00000000000000000042, math.MaxUint64 is 18446744073709551615).
func AppendUint(dst []byte, v uint64) []byte {
	return appendDigits(dst, v, 20)
}

func appendDigits(dst []byte, v uint64, width int) []byte {
	var a [20]byte
	for i := width - 1; i >= 0; i-- {
		a[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, a[:width]...)
}

// AppendTime appends the key text of t: the instant in UTC with nanoseconds,
// 30 characters, "2006-01-02T15:04:05.000000000Z", so byte order is time
// order. The zone and the monotonic clock reading are not kept: the text
// decodes to the same instant in UTC (time.Time.Equal holds). Years outside
// 0000–9999 (after converting to UTC) are refused with ErrOutOfRange.
//
//	2026-02-29 is not a date; 2028-02-29T23:30:00-05:00 → 2028-03-01T04:30:00.000000000Z
//	time.Unix(0, 1)                                    → 1970-01-01T00:00:00.000000001Z
func AppendTime(dst []byte, t time.Time) ([]byte, error) {
	sec := t.Unix()
	if sec < minTimeUnix || sec > maxTimeUnix {
		return dst, &FieldError{Value: t.String(), Err: ErrOutOfRange, Detail: "time is outside years 0000–9999 (UTC), which keys cannot encode"}
	}
	// civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse)
	days := sec / 86400
	rem := sec - days*86400
	if rem < 0 {
		days--
		rem += 86400
	}
	z := days + 719468
	era := z / 146097
	if z < 0 { // January and February of year 0 (years start in March here)
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	year := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	month := mp + 3
	if mp >= 10 {
		month = mp - 9
		year++
	}
	var a [TimeWidth]byte
	ns := t.Nanosecond()
	put2(a[0:], int(year/100))
	put2(a[2:], int(year%100))
	a[4] = '-'
	put2(a[5:], int(month))
	a[7] = '-'
	put2(a[8:], int(day))
	a[10] = 'T'
	put2(a[11:], int(rem/3600))
	a[13] = ':'
	put2(a[14:], int(rem/60%60))
	a[16] = ':'
	put2(a[17:], int(rem%60))
	a[19] = '.'
	a[20] = byte('0' + ns/100000000)
	put2(a[21:], ns/1000000%100)
	put2(a[23:], ns/10000%100)
	put2(a[25:], ns/100%100)
	put2(a[27:], ns%100)
	a[29] = 'Z'
	return append(dst, a[:]...), nil
}

// Unix seconds of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
const (
	minTimeUnix = -62167219200
	maxTimeUnix = 253402300799
)

const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

func put2(b []byte, v int) {
	b[0], b[1] = digitPairs[2*v], digitPairs[2*v+1]
}

// AppendFixed appends the key text of the float v with a fixed number of
// decimals (a placeholder's |fixed=N modifier, 0 <= N <= 18): the integer
// v·10^N encoded as AppendInt does, with a decimal point before its last N
// digits, so byte order is numeric order, negatives included:
//
//	|fixed=2  12.5   → 000000000000000012.50
//	|fixed=2  -12.5  → -99999999999999987.50
//	|fixed=0  3      → 00000000000000000003
//
// bits is the float's size (32 or 64). A value that is NaN or infinite, whose
// v·10^N does not fit an int64, or that is not exactly the float nearest to a
// decimal with at most N decimals (1.005 with N = 2) is refused with
// ErrOutOfRange: two different values never share a key. -0 encodes as 0.
func AppendFixed(dst []byte, v float64, decimals, bits int) ([]byte, error) {
	if decimals < 0 || decimals > MaxDecimals {
		return dst, &FieldError{Value: strconv.FormatFloat(v, 'g', -1, bits), Err: ErrUsage, Detail: "fixed decimals must be 0 to 18"}
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return dst, &FieldError{Value: strconv.FormatFloat(v, 'g', -1, bits), Err: ErrOutOfRange, Detail: "NaN and infinities have no key encoding"}
	}
	var a [400]byte
	txt := strconv.AppendFloat(a[:0], v, 'f', decimals, bits)
	back, err := strconv.ParseFloat(string(txt), bits)
	if err != nil || back != v {
		return dst, &FieldError{Value: strconv.FormatFloat(v, 'g', -1, bits), Err: ErrOutOfRange, Detail: "has more than " + strconv.Itoa(decimals) + " decimals (its |fixed format); rounding would give two values one key"}
	}
	neg := false
	var m uint64
	for _, c := range txt {
		switch {
		case c == '-':
			neg = true
		case c >= '0' && c <= '9':
			if m > (math.MaxInt64-uint64(c-'0'))/10 {
				return dst, &FieldError{Value: strconv.FormatFloat(v, 'g', -1, bits), Err: ErrOutOfRange, Detail: "too large for " + strconv.Itoa(decimals) + " decimals (|v|·10^decimals must fit an int64)"}
			}
			m = m*10 + uint64(c-'0')
		}
	}
	iv := int64(m)
	if neg {
		iv = -iv
	}
	start := len(dst)
	dst = AppendInt(dst, iv)
	if decimals > 0 {
		dst = append(dst, 0)
		p := start + IntWidth - decimals
		copy(dst[p+1:], dst[p:start+IntWidth])
		dst[p] = '.'
	}
	return dst, nil
}

// FormatInt returns AppendInt's text of v.
func FormatInt[T Signed](v T) string { return string(AppendInt(make([]byte, 0, IntWidth), int64(v))) }

// FormatUint returns AppendUint's text of v.
func FormatUint[T Unsigned](v T) string {
	return string(AppendUint(make([]byte, 0, UintWidth), uint64(v)))
}

// FormatTime returns AppendTime's text of t.
func FormatTime(t time.Time) (string, error) {
	b, err := AppendTime(make([]byte, 0, TimeWidth), t)
	return string(b), err
}

// FormatFixed returns AppendFixed's text of v.
func FormatFixed[T Float](v T, decimals int) (string, error) {
	b, err := AppendFixed(make([]byte, 0, IntWidth+1), float64(v), decimals, floatBits[T]())
	return string(b), err
}

func floatBits[T Float]() int {
	if float64(T(0.1)) != 0.1 {
		return 32
	}
	return 64
}

func malformed(s, detail string) error {
	return &FieldError{Value: s, Err: ErrMalformed, Detail: detail}
}

// parseInt64 decodes AppendInt's text.
func parseInt64(s string) (int64, error) {
	if len(s) != IntWidth {
		return 0, malformed(s, "an integer key text is 20 characters")
	}
	n, ok := digits(s[1:])
	if !ok {
		return 0, malformed(s, "an integer key text has 19 digits after its sign character")
	}
	switch s[0] {
	case '0':
		if n > math.MaxInt64 {
			return 0, malformed(s, "integer key text out of range")
		}
		return int64(n), nil
	case '-':
		if n < minNeg19 {
			return 0, malformed(s, "integer key text out of range")
		}
		return int64(n - pow19), nil
	}
	return 0, malformed(s, "an integer key text begins with '0' or '-'")
}

// digits parses at most 19 ASCII digits.
func digits(s string) (uint64, bool) {
	if len(s) == 0 || len(s) > 19 {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// ParseInt decodes AppendInt's text into T. Text that AppendInt could not
// have produced is ErrMalformed; a value outside T's range is ErrOutOfRange.
func ParseInt[T Signed](s string) (T, error) {
	v, err := parseInt64(s)
	if err != nil {
		return 0, err
	}
	if int64(T(v)) != v {
		return 0, &FieldError{Value: s, Err: ErrOutOfRange, Detail: "integer " + strconv.FormatInt(v, 10) + " does not fit the field's type"}
	}
	return T(v), nil
}

func parseUint64(s string) (uint64, error) {
	if len(s) != UintWidth {
		return 0, malformed(s, "an unsigned integer key text is 20 digits")
	}
	hi, ok1 := digits(s[:1])
	lo, ok2 := digits(s[1:])
	if !ok1 || !ok2 {
		return 0, malformed(s, "an unsigned integer key text is 20 digits")
	}
	// hi·10^19 + lo <= MaxUint64 = 1·10^19 + 8446744073709551615
	if hi > 1 || (hi == 1 && lo > math.MaxUint64-pow19) {
		return 0, malformed(s, "unsigned integer key text out of range")
	}
	return hi*pow19 + lo, nil
}

// ParseUint decodes AppendUint's text into T (ErrMalformed, ErrOutOfRange as
// ParseInt).
func ParseUint[T Unsigned](s string) (T, error) {
	v, err := parseUint64(s)
	if err != nil {
		return 0, err
	}
	if uint64(T(v)) != v {
		return 0, &FieldError{Value: s, Err: ErrOutOfRange, Detail: "integer " + strconv.FormatUint(v, 10) + " does not fit the field's type"}
	}
	return T(v), nil
}

// ParseTime decodes AppendTime's text into a time in UTC. Any other text (a
// zone other than Z, a missing or shorter fraction, February 30, a leap
// second) is ErrMalformed.
func ParseTime(s string) (time.Time, error) {
	if len(s) != TimeWidth || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[29] != 'Z' {
		return time.Time{}, malformed(s, "a time key text is 2006-01-02T15:04:05.000000000Z")
	}
	num := func(i, w int) int {
		n, ok := digits(s[i : i+w])
		if !ok {
			return -1
		}
		return int(n)
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, min, sec, ns := num(11, 2), num(14, 2), num(17, 2), num(20, 9)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59 || ns < 0 {
		return time.Time{}, malformed(s, "a time key text is 2006-01-02T15:04:05.000000000Z with a valid date and time")
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, ns, time.UTC)
	if t.Day() != day {
		return time.Time{}, malformed(s, "no such date")
	}
	return t, nil
}

// ParseFixed decodes AppendFixed's text (with the same decimals) into T.
func ParseFixed[T Float](s string, decimals int) (T, error) {
	if decimals < 0 || decimals > MaxDecimals {
		return 0, &FieldError{Value: s, Err: ErrUsage, Detail: "fixed decimals must be 0 to 18"}
	}
	intText := s
	if decimals > 0 {
		p := IntWidth - decimals
		if len(s) != IntWidth+1 || s[p] != '.' {
			return 0, malformed(s, "a |fixed="+strconv.Itoa(decimals)+" key text is 21 characters with '.' before the last "+strconv.Itoa(decimals)+" digits")
		}
		var a [IntWidth]byte
		copy(a[:], s[:p])
		copy(a[p:], s[p+1:])
		intText = string(a[:])
	}
	m, err := parseInt64(intText)
	if err != nil {
		return 0, malformed(s, "not a |fixed="+strconv.Itoa(decimals)+" key text")
	}
	var a [48]byte
	b := strconv.AppendInt(a[:0], m, 10)
	b = append(b, 'e', '-')
	b = strconv.AppendInt(b, int64(decimals), 10)
	bits := floatBits[T]()
	f, err := strconv.ParseFloat(string(b), bits)
	if err != nil {
		return 0, &FieldError{Value: s, Err: ErrOutOfRange, Detail: "does not fit the field's float type"}
	}
	// Only texts AppendFixed produces decode: the float must encode back to s.
	back, err := AppendFixed(a[:0], f, decimals, bits)
	if err != nil || string(back) != s {
		return 0, &FieldError{Value: s, Err: ErrOutOfRange, Detail: "is not a value of the field's float type at " + strconv.Itoa(decimals) + " decimals"}
	}
	return T(f), nil
}

// ParseCustom decodes a custom type's key text with its ParseKeyText method.
// An error from ParseKeyText is returned as a *FieldError wrapping it (and
// ErrMalformed).
func ParseCustom[T any, PT interface {
	*T
	TextParser
}](s string) (T, error) {
	var v T
	if err := PT(&v).ParseKeyText(s); err != nil {
		return v, &FieldError{Value: s, Err: errors.Join(ErrMalformed, err), Detail: "ParseKeyText: " + err.Error()}
	}
	return v, nil
}
