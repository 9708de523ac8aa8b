package ddb

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

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

// keyID returns a canonical identity of the key attributes keyAttrs of item
// (an item or a key): equal keys give equal strings even when numbers are
// spelled differently ("1" and "1.0"). It fails when a key attribute is
// missing or is not S, N or B.
func keyID(item map[string]types.AttributeValue, keyAttrs []string) (string, error) {
	var b strings.Builder
	for _, name := range keyAttrs {
		v, ok := item[name]
		if !ok {
			return "", fmt.Errorf("key attribute %q is missing", name)
		}
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			b.WriteString("S")
			b.WriteString(strconv.Itoa(len(v.Value)))
			b.WriteString(":")
			b.WriteString(v.Value)
		case *types.AttributeValueMemberN:
			b.WriteString("N")
			n := canonicalNumber(v.Value)
			b.WriteString(strconv.Itoa(len(n)))
			b.WriteString(":")
			b.WriteString(n)
		case *types.AttributeValueMemberB:
			b.WriteString("B")
			b.WriteString(strconv.Itoa(len(v.Value)))
			b.WriteString(":")
			b.Write(v.Value)
		default:
			return "", fmt.Errorf("key attribute %q has type %T; keys must be S, N or B", name, v)
		}
	}
	return b.String(), nil
}

// canonicalNumber normalises a DynamoDB number so that equal numbers compare
// equal; a string that is not a number is returned as is.
func canonicalNumber(s string) string {
	// Fast path: plain integers without sign or leading zeros are canonical.
	if len(s) > 0 && len(s) < 19 && s[0] != '0' {
		plain := true
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				plain = false
				break
			}
		}
		if plain {
			return s
		}
	}
	// DynamoDB numbers have up to 38 significant digits.
	f, _, err := big.ParseFloat(s, 10, 256, big.ToNearestEven)
	if err != nil {
		return s
	}
	return f.Text('g', -1)
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
