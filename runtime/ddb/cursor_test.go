package ddb_test

import (
	"encoding/base64"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

var cursorKey = map[string]types.AttributeValue{
	"customer_id": ddb.S("c-1"),
	"order_date":  ddb.S("2024-05-01"),
	"total":       &types.AttributeValueMemberN{Value: "12.5"},
	"blob":        ddb.B([]byte{0, 1, 2, 255}),
}

func TestCursorRoundTrip(t *testing.T) {
	c, err := ddb.EncodeCursor("orders", "status-index", cursorKey)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(c, "+/=") {
		t.Fatalf("cursor %q is not unpadded base64url", c)
	}
	got, err := ddb.DecodeCursor("orders", "status-index", c)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, cursorKey) {
		t.Fatalf("decoded %v, want %v", got, cursorKey)
	}
	c2, _ := ddb.EncodeCursor("orders", "status-index", cursorKey)
	if c2 != c {
		t.Fatal("encoding is not deterministic")
	}
}

func TestCursorEmptyMeansFirstOrLastPage(t *testing.T) {
	c, err := ddb.EncodeCursor("orders", "", nil)
	if err != nil || c != "" {
		t.Fatalf("EncodeCursor(nil) = %q, %v; want \"\", nil", c, err)
	}
	k, err := ddb.DecodeCursor("orders", "", "")
	if err != nil || k != nil {
		t.Fatalf("DecodeCursor(\"\") = %v, %v; want nil, nil", k, err)
	}
}

func TestCursorRejectsNonKeyTypes(t *testing.T) {
	_, err := ddb.EncodeCursor("t", "", map[string]types.AttributeValue{"a": &types.AttributeValueMemberBOOL{Value: true}})
	if err == nil {
		t.Fatal("a BOOL key attribute was accepted")
	}
}

func wantInvalid(t *testing.T, err error, reason string) {
	t.Helper()
	if !errors.Is(err, ddb.ErrInvalidCursor) {
		t.Fatalf("error %v does not wrap ErrInvalidCursor", err)
	}
	if !strings.Contains(err.Error(), reason) {
		t.Fatalf("error %q does not say %q", err, reason)
	}
}

func TestCursorFromAnotherTableOrIndexIsRejected(t *testing.T) {
	c, _ := ddb.EncodeCursor("orders", "status-index", cursorKey)
	_, err := ddb.DecodeCursor("users", "status-index", c)
	wantInvalid(t, err, "issued for another table")
	_, err = ddb.DecodeCursor("orders", "other-index", c)
	wantInvalid(t, err, "issued for another table, index")
	_, err = ddb.DecodeCursor("orders", "", c)
	wantInvalid(t, err, "invalid cursor for table orders: it was issued for another")
}

func TestCursorAlteredAtAnyByteIsRejected(t *testing.T) {
	c, _ := ddb.EncodeCursor("orders", "status-index", cursorKey)
	raw, _ := base64.RawURLEncoding.DecodeString(c)
	for i := range raw {
		for _, flip := range []byte{0x01, 0x80} {
			b := append([]byte(nil), raw...)
			b[i] ^= flip
			_, err := ddb.DecodeCursor("orders", "status-index", base64.RawURLEncoding.EncodeToString(b))
			if !errors.Is(err, ddb.ErrInvalidCursor) {
				t.Fatalf("byte %d ^ %#x: error %v, want ErrInvalidCursor", i, flip, err)
			}
		}
	}
}

func TestCursorTruncatedIsRejected(t *testing.T) {
	c, _ := ddb.EncodeCursor("orders", "", cursorKey)
	for n := 1; n < len(c); n++ {
		if _, err := ddb.DecodeCursor("orders", "", c[:n]); !errors.Is(err, ddb.ErrInvalidCursor) {
			t.Fatalf("cursor cut to %d chars: error %v, want ErrInvalidCursor", n, err)
		}
	}
}

func TestCursorGarbageIsRejectedClearly(t *testing.T) {
	_, err := ddb.DecodeCursor("orders", "", "not a cursor!")
	wantInvalid(t, err, "not base64url")
	_, err = ddb.DecodeCursor("orders", "", strings.Repeat("A", 40000))
	wantInvalid(t, err, "too long")
	_, err = ddb.DecodeCursor("orders", "", "Ag"+strings.Repeat("A", 20))
	wantInvalid(t, err, "unknown version 2")
}

// One key has exactly one cursor: the variants base64 decoders tolerate
// (line breaks, non-zero trailing bits) are refused.
func TestCursorIsCanonical(t *testing.T) {
	c, _ := ddb.EncodeCursor("orders", "", cursorKey)
	_, err := ddb.DecodeCursor("orders", "", c[:4]+"\r\n"+c[4:])
	wantInvalid(t, err, "line break")
	last := c[len(c)-1]
	for _, alt := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" {
		if byte(alt) == last {
			continue
		}
		if _, err := ddb.DecodeCursor("orders", "", c[:len(c)-1]+string(alt)); err == nil {
			t.Fatalf("cursor with last character %q instead of %q accepted", alt, last)
		}
	}
}

func FuzzDecodeCursor(f *testing.F) {
	valid, _ := ddb.EncodeCursor("orders", "idx", cursorKey)
	one, _ := ddb.EncodeCursor("orders", "idx", map[string]types.AttributeValue{"pk": ddb.S("")})
	for _, s := range []string{valid, one, "", "A", "AQ", valid[:len(valid)/2], valid + "A", strings.ToUpper(valid), "////", "AQAAAAAB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cursor string) {
		key, err := ddb.DecodeCursor("orders", "idx", cursor)
		if err != nil {
			if !errors.Is(err, ddb.ErrInvalidCursor) {
				t.Fatalf("error %v does not wrap ErrInvalidCursor", err)
			}
			return
		}
		// Whatever decodes must encode back to the same cursor.
		again, err := ddb.EncodeCursor("orders", "idx", key)
		if err != nil {
			t.Fatalf("decoded key %v does not encode: %v", key, err)
		}
		if again != cursor {
			t.Fatalf("re-encoded %q, want %q", again, cursor)
		}
	})
}
