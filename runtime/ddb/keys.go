package ddb

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Key attribute values, formatted exactly as attributevalue.Marshal formats
// the same Go values, so generated keys match items written by either side.

// S returns a string attribute value.
func S(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

// NInt returns a number attribute value for a signed integer.
func NInt(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}

// NUint returns a number attribute value for an unsigned integer.
func NUint(v uint64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatUint(v, 10)}
}

// NFloat returns a number attribute value for a float of bitSize 32 or 64.
func NFloat(v float64, bitSize int) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatFloat(v, 'f', -1, bitSize)}
}

// SInt, SUint and SFloat return a number as a string attribute value (the
// dynamodbav "string" option).
func SInt(v int64) types.AttributeValue { return S(strconv.FormatInt(v, 10)) }

// SUint: see SInt.
func SUint(v uint64) types.AttributeValue { return S(strconv.FormatUint(v, 10)) }

// SFloat: see SInt.
func SFloat(v float64, bitSize int) types.AttributeValue {
	return S(strconv.FormatFloat(v, 'f', -1, bitSize))
}

// STime returns a time as attributevalue encodes it by default: RFC 3339 with
// nanoseconds, trailing zeros dropped.
func STime(v time.Time) types.AttributeValue { return S(v.Format(time.RFC3339Nano)) }

// NUnixTime returns a time as unix seconds (the dynamodbav "unixtime" option).
func NUnixTime(v time.Time) types.AttributeValue { return NInt(v.Unix()) }

// B returns a binary attribute value.
func B(v []byte) types.AttributeValue { return &types.AttributeValueMemberB{Value: v} }

// keyID returns the identity DynamoDB gives the key attributes keyAttrs of
// item (an item or a key): two keys get the same string exactly when
// DynamoDB treats them as the same key. It is the one key comparison of the
// batch operations (duplicates, chunks, matching answers to requests):
//
//   - S: the string as DynamoDB receives it: the SDK's JSON encoder sends
//     every byte that is not part of valid UTF-8 as U+FFFD, so "a\xff" and
//     "a\xfe" are one key (see canonicalString);
//   - N: the number's value: "1.50", "1.5" and "15e-1" are one number, "-0"
//     is "0", "1e2" is "100" (see canonicalNumber);
//   - B: the bytes.
//
// It fails when a key attribute is missing or is not S, N or B.
func keyID(item map[string]types.AttributeValue, keyAttrs []string) (string, error) {
	var b strings.Builder
	for _, name := range keyAttrs {
		v, ok := item[name]
		if !ok {
			return "", fmt.Errorf("key attribute %q is missing", name)
		}
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			writeID(&b, 'S', canonicalString(v.Value))
		case *types.AttributeValueMemberN:
			writeID(&b, 'N', canonicalNumber(v.Value))
		case *types.AttributeValueMemberB:
			writeID(&b, 'B', string(v.Value))
		default:
			return "", fmt.Errorf("key attribute %q has type %T; keys must be S, N or B", name, v)
		}
	}
	return b.String(), nil
}

// writeID appends one attribute of a key identity: its type, its length and
// its canonical value, so concatenated attributes cannot run into each other.
func writeID(b *strings.Builder, typ byte, v string) {
	b.WriteByte(typ)
	b.WriteString(strconv.Itoa(len(v)))
	b.WriteByte(':')
	b.WriteString(v)
}

// canonicalString returns s as DynamoDB stores it when the SDK sends it: the
// SDK's JSON encoder (smithy-go's, like encoding/json) writes \ufffd for each
// byte where utf8.DecodeRuneInString reports an error of width 1, and every
// other character as it is.
func canonicalString(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// canonicalNumber returns the value of the DynamoDB number s in one spelling:
// an optional "-", the significant digits without leading or trailing zeros,
// and "e" with the decimal exponent unless it is 0 (so 100 is "1e2", 1.5 is
// "15e-1", 15 is "15"); zero of either sign is "0". The conversion is exact
// (DynamoDB keeps up to 38 significant digits, a float would not). A string
// that is not a number is returned as it is (DynamoDB refuses it anyway).
func canonicalNumber(s string) string {
	// Fast path: a plain integer without sign and without leading or
	// trailing zeros is already canonical.
	if n := len(s); n > 0 && s[0] != '0' && s[n-1] != '0' {
		plain := true
		for i := 0; i < n; i++ {
			if s[i] < '0' || s[i] > '9' {
				plain = false
				break
			}
		}
		if plain {
			return s
		}
	}
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var digits []byte // significant digits, from the first non-zero one
	frac := 0         // digits after the point, counted from the first digit
	sawDigit, sawPoint := false, false
mantissa:
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			sawDigit = true
			if sawPoint {
				frac++
			}
			if c != '0' || len(digits) > 0 {
				digits = append(digits, c)
			}
		case c == '.' && !sawPoint:
			sawPoint = true
		default:
			break mantissa
		}
	}
	if !sawDigit {
		return s
	}
	exp := 0
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return s
		}
		i++
		expNeg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			expNeg = s[i] == '-'
			i++
		}
		if i == len(s) {
			return s
		}
		for ; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' || exp > 1e8 { // not a number, or far beyond DynamoDB's range
				return s
			}
			exp = exp*10 + int(c-'0')
		}
		if expNeg {
			exp = -exp
		}
	}
	// value = digits × 10^(exp - frac); move trailing zeros into the exponent.
	exp -= frac
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	if len(digits) == 0 {
		return "0"
	}
	out := make([]byte, 0, len(digits)+8)
	if neg {
		out = append(out, '-')
	}
	out = append(out, digits...)
	if exp != 0 {
		out = append(out, 'e')
		out = strconv.AppendInt(out, int64(exp), 10)
	}
	return string(out)
}

// KeyOf returns the key attributes keyAttrs of item.
func KeyOf(item map[string]types.AttributeValue, keyAttrs ...string) map[string]types.AttributeValue {
	key := make(map[string]types.AttributeValue, len(keyAttrs))
	for _, a := range keyAttrs {
		if v, ok := item[a]; ok {
			key[a] = v
		}
	}
	return key
}
