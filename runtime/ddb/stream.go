package ddb

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Stream event names, as in events.DynamoDBEventRecord.EventName.
const (
	StreamInsert = "INSERT"
	StreamModify = "MODIFY"
	StreamRemove = "REMOVE"
)

// StreamRecord is one DynamoDB stream record with its images converted to the
// aws-sdk-go-v2 form the generated codec decodes. An image is nil when the record
// does not carry it: NewImage on REMOVE, OldImage on INSERT, and either one when the
// table's stream view type leaves it out.
type StreamRecord struct {
	EventID        string
	EventName      string // StreamInsert, StreamModify or StreamRemove
	SequenceNumber string
	Keys           map[string]types.AttributeValue
	NewImage       map[string]types.AttributeValue
	OldImage       map[string]types.AttributeValue
}

// StreamImageError reports a stream attribute value of a type DynamoDB does not have.
type StreamImageError struct {
	Path string // e.g. NewImage.items[2].sku
	Type events.DynamoDBDataType
}

func (e *StreamImageError) Error() string {
	return fmt.Sprintf("ddb: stream attribute %s has unknown type %d", e.Path, int(e.Type))
}

// NewStreamRecord converts a record of a Lambda DynamoDB event.
//
//go:noinline
func NewStreamRecord(r events.DynamoDBEventRecord) (StreamRecord, error) {
	out := StreamRecord{EventID: r.EventID, EventName: r.EventName, SequenceNumber: r.Change.SequenceNumber}
	var err error
	if out.Keys, err = streamImage("Keys", r.Change.Keys); err != nil {
		return StreamRecord{}, err
	}
	if out.NewImage, err = streamImage("NewImage", r.Change.NewImage); err != nil {
		return StreamRecord{}, err
	}
	if out.OldImage, err = streamImage("OldImage", r.Change.OldImage); err != nil {
		return StreamRecord{}, err
	}
	return out, nil
}

// FromStreamImage converts a stream image (Keys, NewImage or OldImage as aws-lambda-go
// decodes it) into the item form aws-sdk-go-v2 and the generated codec use. A nil image
// gives a nil map.
func FromStreamImage(img map[string]events.DynamoDBAttributeValue) (map[string]types.AttributeValue, error) {
	return streamImage("", img)
}

// FromStreamValue converts one stream attribute value.
func FromStreamValue(v events.DynamoDBAttributeValue) (types.AttributeValue, error) {
	return streamValue("", v)
}

func streamImage(path string, img map[string]events.DynamoDBAttributeValue) (map[string]types.AttributeValue, error) {
	if img == nil {
		return nil, nil
	}
	out := make(map[string]types.AttributeValue, len(img))
	for k, v := range img {
		p := k
		if path != "" {
			p = path + "." + k
		}
		av, err := streamValue(p, v)
		if err != nil {
			return nil, err
		}
		out[k] = av
	}
	return out, nil
}

func streamValue(path string, v events.DynamoDBAttributeValue) (types.AttributeValue, error) {
	switch t := v.DataType(); t {
	case events.DataTypeString:
		return &types.AttributeValueMemberS{Value: v.String()}, nil
	case events.DataTypeNumber:
		return &types.AttributeValueMemberN{Value: v.Number()}, nil
	case events.DataTypeBinary:
		return &types.AttributeValueMemberB{Value: v.Binary()}, nil
	case events.DataTypeBoolean:
		return &types.AttributeValueMemberBOOL{Value: v.Boolean()}, nil
	case events.DataTypeNull:
		return &types.AttributeValueMemberNULL{Value: true}, nil
	case events.DataTypeStringSet:
		return &types.AttributeValueMemberSS{Value: v.StringSet()}, nil
	case events.DataTypeNumberSet:
		return &types.AttributeValueMemberNS{Value: v.NumberSet()}, nil
	case events.DataTypeBinarySet:
		return &types.AttributeValueMemberBS{Value: v.BinarySet()}, nil
	case events.DataTypeList:
		list := v.List()
		out := make([]types.AttributeValue, len(list))
		for i, e := range list {
			av, err := streamValue(path+"["+strconv.Itoa(i)+"]", e)
			if err != nil {
				return nil, err
			}
			out[i] = av
		}
		return &types.AttributeValueMemberL{Value: out}, nil
	case events.DataTypeMap:
		m, err := streamImage(path, v.Map())
		if err != nil {
			return nil, err
		}
		if m == nil {
			m = map[string]types.AttributeValue{}
		}
		return &types.AttributeValueMemberM{Value: m}, nil
	default:
		return nil, &StreamImageError{Path: path, Type: t}
	}
}

// Change is one record of a table's stream, decoded into the model type T.
// Old and New are nil when the record does not carry that image: Old on
// INSERT, New on REMOVE, and both unless the stream view includes them.
type Change[T any] struct {
	ChangeInfo
	Old, New *T
	// Key is the item's key fields decoded from Keys (its other fields
	// zero), for a record with neither image (a KEYS_ONLY stream): an
	// entity's template fields are read back from its key attributes.
	Key *T
}

// ChangeInfo is what a stream record says of a change besides its images.
type ChangeInfo struct {
	EventID string
	// EventName is StreamInsert, StreamModify or StreamRemove (an unknown
	// name is kept as the record has it, not refused).
	EventName      string
	SequenceNumber string
	Keys           map[string]types.AttributeValue
	// Expired is true for a REMOVE made by DynamoDB's TTL process rather
	// than by a request: the record's user identity is the DynamoDB service
	// (type "Service", principal "dynamodb.amazonaws.com").
	Expired bool
	// At is when the change was made (ApproximateCreationDateTime; DynamoDB
	// gives it to the second, DynamoDB Local to the minute).
	At time.Time
}

// TTL deletions carry this user identity.
const (
	ttlIdentityType      = "Service"
	ttlIdentityPrincipal = "dynamodb.amazonaws.com"
)

// localTTLEventName is the event name DynamoDB Local gives the records of
// its TTL deletions (which also carry no user identity); DynamoDB never
// sends it.
const localTTLEventName = "UNKNOWN_TO_SDK_VERSION"

// IsExpiry reports whether a stream record is the deletion of an expired
// item by DynamoDB's TTL process: a REMOVE by the DynamoDB service. The
// records of DynamoDB Local's TTL deletions (event name
// UNKNOWN_TO_SDK_VERSION, an old image and no new one) count too, so TTL
// handling can be tested locally.
func IsExpiry(r events.DynamoDBEventRecord) bool {
	if r.EventName == localTTLEventName && r.Change.NewImage == nil && r.UserIdentity == nil {
		return true
	}
	u := r.UserIdentity
	return r.EventName == StreamRemove && u != nil && u.Type == ttlIdentityType && u.PrincipalID == ttlIdentityPrincipal
}

// DecodeChange decodes one record of a Lambda DynamoDB stream event from a
// table of T with the generated codec (the generated Decode<T>Change calls
// it). The record is passed by pointer, and it is not inlined: copying the
// record is most of the code of a call, which each model would compile.
//
//go:noinline
func DecodeChange[T any](r *events.DynamoDBEventRecord, table *Table) (Change[T], error) {
	var c Change[T]
	old, new := new(T), new(T)
	hasOld, hasNew, err := table.decodeRecord(r, &c.ChangeInfo, old, new)
	if err != nil {
		return Change[T]{}, err
	}
	if hasOld {
		c.Old = old
	}
	if hasNew {
		c.New = new
	}
	if !hasOld && !hasNew && len(c.Keys) > 0 {
		k := new
		if err := table.decode(k, c.Keys); err != nil {
			return Change[T]{}, fmt.Errorf("ddb: decoding Keys of stream record %s of table %s: %w", r.EventID, table.Schema.Name, err)
		}
		c.Key = k
	}
	return c, nil
}

// hasKeyAttr checks that the record holds key attribute k: in Keys, or
// when it has none, in each image it has.
func hasKeyAttr(rec StreamRecord, k string) error {
	if len(rec.Keys) > 0 {
		if _, ok := rec.Keys[k]; !ok {
			return fmt.Errorf("its Keys lack key attribute %q", k)
		}
		return nil
	}
	if rec.OldImage == nil && rec.NewImage == nil {
		return errors.New("it has no Keys and no image")
	}
	if _, ok := rec.OldImage[k]; rec.OldImage != nil && !ok {
		return fmt.Errorf("its OldImage lacks key attribute %q", k)
	}
	if _, ok := rec.NewImage[k]; rec.NewImage != nil && !ok {
		return fmt.Errorf("its NewImage lacks key attribute %q", k)
	}
	return nil
}

// decodeRecord converts a stream record, fills info and decodes its images
// into old and new (*T of the table's model), saying which it had.
//
//go:noinline
func (t *Table) decodeRecord(r *events.DynamoDBEventRecord, info *ChangeInfo, old, new any) (hasOld, hasNew bool, err error) {
	rec, err := NewStreamRecord(*r)
	if err != nil {
		return false, false, fmt.Errorf("ddb: stream record %s of table %s: %w", r.EventID, t.Schema.Name, err)
	}
	// Every record of a table's stream holds the item's key, in Keys and in
	// each image: a record without it comes from another table's stream.
	// (Records built by hand for tests may leave Keys out: the images count.)
	for _, k := range t.meta().names {
		if err := hasKeyAttr(rec, k); err != nil {
			return false, false, fmt.Errorf("ddb: stream record %s of table %s: %w: is it from this table's stream?", r.EventID, t.Schema.Name, err)
		}
	}
	*info = ChangeInfo{EventID: rec.EventID, EventName: rec.EventName, SequenceNumber: rec.SequenceNumber, Keys: rec.Keys,
		Expired: IsExpiry(*r), At: r.Change.ApproximateCreationDateTime.Time}
	if info.Expired {
		info.EventName = StreamRemove // DynamoDB Local's name for it is not one
	}
	if rec.OldImage != nil {
		if err := t.decode(old, rec.OldImage); err != nil {
			return false, false, fmt.Errorf("ddb: decoding OldImage of stream record %s of table %s: %w", r.EventID, t.Schema.Name, err)
		}
	}
	if rec.NewImage != nil {
		if err := t.decode(new, rec.NewImage); err != nil {
			return false, false, fmt.Errorf("ddb: decoding NewImage of stream record %s of table %s: %w", r.EventID, t.Schema.Name, err)
		}
	}
	return rec.OldImage != nil, rec.NewImage != nil, nil
}
