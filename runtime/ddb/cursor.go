package ddb

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Cursor format, version 1 (before base64url without padding):
//
//	0x01                      version
//	scope [4]byte             first 4 bytes of SHA-256(table 0x00 index)
//	count uvarint             number of attributes (1..8)
//	count × { nameLen uvarint, name, type byte 'S'|'N'|'B', valueLen uvarint, value }
//	sum [8]byte               first 8 bytes of SHA-256(domain, table, index, everything above)
//
// The scope tells a cursor of another table or index from an altered one; the
// checksum catches alteration and truncation. It is an integrity check, not a
// signature: a cursor only carries key values the caller could query anyway,
// and DynamoDB validates the start key against the key schema.
const (
	cursorVersion   = 1
	cursorMaxAttrs  = 8
	cursorMaxBytes  = 16 << 10 // decoded; DynamoDB keys are at most a few KB
	cursorScopeLen  = 4
	cursorSumLen    = 8
	cursorSumDomain = "stelviogen/ddb cursor v1\x00"
)

// Strict, and newlines are refused before decoding (the decoder would skip
// them): one key has exactly one cursor.
var cursorEncoding = base64.RawURLEncoding.Strict()

func cursorScope(table, index string) [cursorScopeLen]byte {
	h := sha256.New()
	h.Write([]byte(table))
	h.Write([]byte{0})
	h.Write([]byte(index))
	var out [cursorScopeLen]byte
	copy(out[:], h.Sum(nil))
	return out
}

func cursorSum(table, index string, body []byte) [cursorSumLen]byte {
	h := sha256.New()
	h.Write([]byte(cursorSumDomain))
	var n [binary.MaxVarintLen64]byte
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(table)))])
	h.Write([]byte(table))
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(index)))])
	h.Write([]byte(index))
	h.Write(body)
	var out [cursorSumLen]byte
	copy(out[:], h.Sum(nil))
	return out
}

// EncodeCursor returns an opaque cursor for a query or scan's
// LastEvaluatedKey on table (and index, "" for the table itself). An empty
// lastKey (the last page) gives "". Key values must be S, N or B.
func EncodeCursor(table, index string, lastKey map[string]types.AttributeValue) (string, error) {
	if len(lastKey) == 0 {
		return "", nil
	}
	if len(lastKey) > cursorMaxAttrs {
		return "", fmt.Errorf("ddb: encode cursor: %d key attributes, at most %d", len(lastKey), cursorMaxAttrs)
	}
	names := make([]string, 0, len(lastKey))
	for n := range lastKey {
		names = append(names, n)
	}
	sort.Strings(names)
	scope := cursorScope(table, index)
	body := make([]byte, 0, 64)
	body = append(body, cursorVersion)
	body = append(body, scope[:]...)
	body = binary.AppendUvarint(body, uint64(len(names)))
	for _, n := range names {
		body = binary.AppendUvarint(body, uint64(len(n)))
		body = append(body, n...)
		switch v := lastKey[n].(type) {
		case *types.AttributeValueMemberS:
			body = append(body, 'S')
			body = binary.AppendUvarint(body, uint64(len(v.Value)))
			body = append(body, v.Value...)
		case *types.AttributeValueMemberN:
			body = append(body, 'N')
			body = binary.AppendUvarint(body, uint64(len(v.Value)))
			body = append(body, v.Value...)
		case *types.AttributeValueMemberB:
			body = append(body, 'B')
			body = binary.AppendUvarint(body, uint64(len(v.Value)))
			body = append(body, v.Value...)
		default:
			return "", fmt.Errorf("ddb: encode cursor: key attribute %q has type %T; keys are S, N or B", n, v)
		}
	}
	if len(body)+cursorSumLen > cursorMaxBytes {
		return "", fmt.Errorf("ddb: encode cursor: key too large (%d bytes)", len(body))
	}
	sum := cursorSum(table, index, body)
	body = append(body, sum[:]...)
	return cursorEncoding.EncodeToString(body), nil
}

// CursorError is returned for a cursor that cannot be used; it wraps ErrInvalidCursor.
type CursorError struct {
	Table, Index string // Index is "" for the table itself
	Reason       string
}

func (e *CursorError) Error() string {
	where := "table " + e.Table
	if e.Index != "" {
		where += " index " + e.Index
	}
	return "ddb: invalid cursor for " + where + ": " + e.Reason
}

func (e *CursorError) Unwrap() error { return ErrInvalidCursor }

// DecodeCursor returns the ExclusiveStartKey carried by cursor, which must
// have been made by EncodeCursor for the same table and index. "" (the first
// page) gives nil. A malformed, altered, truncated or foreign cursor gives an
// error wrapping ErrInvalidCursor; DecodeCursor never panics.
func DecodeCursor(table, index, cursor string) (map[string]types.AttributeValue, error) {
	return decodeCursor(table, index, index, cursor)
}

// decodeCursor is DecodeCursor for a cursor bound to scope (the index, or the
// paging helpers' finer scope, which is not for people to read); its errors
// name index.
func decodeCursor(table, index, scope, cursor string) (map[string]types.AttributeValue, error) {
	if cursor == "" {
		return nil, nil
	}
	bad := func(format string, args ...any) error {
		return &CursorError{Table: table, Index: index, Reason: fmt.Sprintf(format, args...)}
	}
	if cursorEncoding.DecodedLen(len(cursor)) > cursorMaxBytes {
		return nil, bad("too long (%d characters)", len(cursor))
	}
	if strings.ContainsAny(cursor, "\r\n") {
		return nil, bad("not base64url: contains a line break")
	}
	raw, err := cursorEncoding.DecodeString(cursor)
	if err != nil {
		return nil, bad("not base64url: %v", err)
	}
	if len(raw) < 1+cursorScopeLen+1+cursorSumLen {
		return nil, bad("truncated (%d bytes)", len(raw))
	}
	if raw[0] != cursorVersion {
		return nil, bad("unknown version %d", raw[0])
	}
	want := cursorScope(table, scope)
	if string(raw[1:1+cursorScopeLen]) != string(want[:]) {
		return nil, bad("it was issued for another table, index, query or kind of request")
	}
	body, sum := raw[:len(raw)-cursorSumLen], raw[len(raw)-cursorSumLen:]
	wantSum := cursorSum(table, scope, body)
	if string(sum) != string(wantSum[:]) {
		return nil, bad("checksum mismatch: the cursor was altered or truncated")
	}
	r := cursorReader{b: body[1+cursorScopeLen:]}
	count, ok := r.uvarint()
	if !ok || count == 0 || count > cursorMaxAttrs {
		return nil, bad("bad attribute count")
	}
	key := make(map[string]types.AttributeValue, count)
	for i := uint64(0); i < count; i++ {
		name, ok := r.bytes()
		if !ok || len(name) == 0 {
			return nil, bad("bad attribute name")
		}
		if _, dup := key[string(name)]; dup {
			return nil, bad("duplicate attribute %q", name)
		}
		typ, ok := r.byte()
		if !ok {
			return nil, bad("truncated attribute %q", name)
		}
		val, ok := r.bytes()
		if !ok {
			return nil, bad("truncated value of %q", name)
		}
		switch typ {
		case 'S':
			key[string(name)] = &types.AttributeValueMemberS{Value: string(val)}
		case 'N':
			key[string(name)] = &types.AttributeValueMemberN{Value: string(val)}
		case 'B':
			key[string(name)] = &types.AttributeValueMemberB{Value: append([]byte(nil), val...)}
		default:
			return nil, bad("unknown type %q of %q", typ, name)
		}
	}
	if len(r.b) != 0 {
		return nil, bad("%d trailing bytes", len(r.b))
	}
	return key, nil
}

type cursorReader struct{ b []byte }

func (r *cursorReader) uvarint() (uint64, bool) {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		return 0, false
	}
	r.b = r.b[n:]
	return v, true
}

func (r *cursorReader) byte() (byte, bool) {
	if len(r.b) == 0 {
		return 0, false
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c, true
}

func (r *cursorReader) bytes() ([]byte, bool) {
	n, ok := r.uvarint()
	if !ok || n > uint64(len(r.b)) {
		return nil, false
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v, true
}
