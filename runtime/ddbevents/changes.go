package ddbevents

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// Item is an item image: a model value (the generated codec gives *T a
// MarshalItem method) or, through Values, an item of the DynamoDB API.
type Item interface {
	MarshalItem() (map[string]ddbtypes.AttributeValue, error)
}

// Values is an item of the DynamoDB API as an Item:
// ddbevents.Insert(ddbevents.Values(out.Item)).
type Values map[string]ddbtypes.AttributeValue

// MarshalItem returns the item itself.
func (v Values) MarshalItem() (map[string]ddbtypes.AttributeValue, error) { return v, nil }

// Change is one change of an item, made into a stream record by Event.
type Change struct {
	name     types.OperationType
	old, new Item
	expired  bool
}

// Insert is the creation of an item (eventName INSERT).
func Insert(new Item) Change { return Change{name: types.OperationTypeInsert, new: new} }

// Modify is the change of an existing item from old to new (eventName MODIFY);
// both must have the same key.
func Modify(old, new Item) Change {
	return Change{name: types.OperationTypeModify, old: old, new: new}
}

// Remove is the deletion of an item by a request (eventName REMOVE).
func Remove(old Item) Change { return Change{name: types.OperationTypeRemove, old: old} }

// Expire is the deletion of an item by DynamoDB's TTL process: eventName
// REMOVE with the userIdentity {"type": "Service", "principalId":
// "dynamodb.amazonaws.com"} that marks such deletions. A table without TTL
// (no TTL in its schema) has none: Event refuses Expire for it.
func Expire(old Item) Change {
	return Change{name: types.OperationTypeRemove, old: old, expired: true}
}

// The defaults of Stream.
const (
	DefaultRegion      = "us-east-1"
	DefaultAccount     = "123456789012"
	DefaultStreamLabel = "2026-01-01T00:00:00.000"
)

// Stream is the stream of one table, whose records Event writes.
type Stream struct {
	// Schema is the table's generated schema (models.OrderSchema): its key
	// attributes and stream view type. A table without a stream is an error.
	Schema ddb.TableSchema
	// Table is the table's physical name, in the stream ARN; Schema.Name if "".
	Table string
	// Region and Account go into the ARN and awsRegion; DefaultRegion and
	// DefaultAccount if "".
	Region, Account string
	// Label is the stream's label, the end of its ARN; DefaultStreamLabel if "".
	Label string
	// At is every record's ApproximateCreationDateTime (Lambda delivers whole
	// seconds); the current time, in whole seconds, if zero.
	At time.Time
	// FirstSequence is the sequence number of the first record of an event; 1
	// if 0. Records are numbered in order, as 21-digit strings.
	FirstSequence uint64
}

// ARN returns the stream ARN, the records' eventSourceARN:
// arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>.
func (s Stream) ARN() string {
	return "arn:aws:dynamodb:" + or(s.Region, DefaultRegion) + ":" + or(s.Account, DefaultAccount) +
		":table/" + or(s.Table, s.Schema.Name) + "/stream/" + or(s.Label, DefaultStreamLabel)
}

// Event is Stream{Schema: schema}.Event(changes...).
func Event(schema ddb.TableSchema, changes ...Change) (events.DynamoDBEvent, error) {
	return Stream{Schema: schema}.Event(changes...)
}

// MustEvent is Event for tests and examples: it panics on an error.
func MustEvent(schema ddb.TableSchema, changes ...Change) events.DynamoDBEvent {
	ev, err := Event(schema, changes...)
	if err != nil {
		panic(err)
	}
	return ev
}

// Event returns the event Lambda invokes a subscribed function with for these
// changes, in order: eventID, eventName, eventVersion "1.1", eventSource
// "aws:dynamodb", awsRegion, eventSourceARN, userIdentity for Expire, and the
// change (ApproximateCreationDateTime, Keys, the images the stream view type
// carries, SequenceNumber, SizeBytes as DynamoDB counts them, StreamViewType).
// The records are those FromStreamRecords makes of the Streams API's records.
func (s Stream) Event(changes ...Change) (events.DynamoDBEvent, error) {
	records, err := s.Records(changes...)
	if err != nil {
		return events.DynamoDBEvent{}, err
	}
	return FromStreamRecords(records, s.ARN())
}

// Records returns the changes as the DynamoDB Streams API's GetRecords returns
// them (without the stream ARN, which GetRecords does not carry).
func (s Stream) Records(changes ...Change) ([]types.Record, error) {
	view := types.StreamViewType(s.Schema.StreamView)
	switch view {
	case types.StreamViewTypeKeysOnly, types.StreamViewTypeNewImage, types.StreamViewTypeOldImage, types.StreamViewTypeNewAndOldImages:
	case "":
		return nil, fmt.Errorf("ddbevents: table %s has no stream (set stream= on the model's table tag)", s.Schema.Name)
	default:
		return nil, fmt.Errorf("ddbevents: table %s has the unknown stream view type %q", s.Schema.Name, view)
	}
	if s.Schema.PK.Name == "" {
		return nil, fmt.Errorf("ddbevents: the schema of table %q has no partition key", s.Schema.Name)
	}
	at := s.At
	if at.IsZero() {
		at = time.Now().Truncate(time.Second)
	}
	seq := s.FirstSequence
	if seq == 0 {
		seq = 1
	}
	out := make([]types.Record, 0, len(changes))
	for i, c := range changes {
		r, err := s.record(c, view, at, seq+uint64(i))
		if err != nil {
			return nil, fmt.Errorf("ddbevents: change %d (%s) of table %s: %w", i, c.name, s.Schema.Name, err)
		}
		out = append(out, r)
	}
	return out, nil
}

func (s Stream) record(c Change, view types.StreamViewType, at time.Time, seq uint64) (types.Record, error) {
	if c.name == "" {
		return types.Record{}, errors.New("a zero Change; make one with Insert, Modify, Remove or Expire")
	}
	if c.expired && s.Schema.TTL == "" {
		return types.Record{}, errors.New("Expire on a table without TTL: DynamoDB deletes no item of it by TTL, so no record has the TTL identity (use Remove, or set dynamo:\"ttl\" on a field of the model)")
	}
	if c.name != types.OperationTypeRemove && isNil(c.new) {
		return types.Record{}, errors.New("no new item")
	}
	if c.name != types.OperationTypeInsert && isNil(c.old) {
		return types.Record{}, errors.New("no old item")
	}
	oldImg, err := streamImage("old", c.old)
	if err != nil {
		return types.Record{}, err
	}
	newImg, err := streamImage("new", c.new)
	if err != nil {
		return types.Record{}, err
	}
	keys, err := s.keys(oldImg, newImg)
	if err != nil {
		return types.Record{}, err
	}
	if view == types.StreamViewTypeKeysOnly || view == types.StreamViewTypeOldImage {
		newImg = nil
	}
	if view == types.StreamViewTypeKeysOnly || view == types.StreamViewTypeNewImage {
		oldImg = nil
	}
	sn := fmt.Sprintf("%021d", seq)
	r := types.Record{
		AwsRegion:    aws.String(or(s.Region, DefaultRegion)),
		EventID:      aws.String(fmt.Sprintf("%032x", seq)),
		EventName:    c.name,
		EventSource:  aws.String("aws:dynamodb"),
		EventVersion: aws.String("1.1"),
		Dynamodb: &types.StreamRecord{
			ApproximateCreationDateTime: aws.Time(at),
			Keys:                        keys,
			NewImage:                    newImg,
			OldImage:                    oldImg,
			SequenceNumber:              aws.String(sn),
			SizeBytes:                   aws.Int64(imageSize(keys) + imageSize(newImg) + imageSize(oldImg)),
			StreamViewType:              view,
		},
	}
	if c.expired {
		r.UserIdentity = &types.Identity{Type: aws.String("Service"), PrincipalId: aws.String("dynamodb.amazonaws.com")}
	}
	return r, nil
}

// keys takes the key attributes from the image(s): both images of a MODIFY
// must have the same key.
func (s Stream) keys(oldImg, newImg map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
	names := s.Schema.KeyAttrs()
	keys := make(map[string]types.AttributeValue, len(names))
	for _, img := range []struct {
		which string
		m     map[string]types.AttributeValue
	}{{"new", newImg}, {"old", oldImg}} {
		if img.m == nil {
			continue
		}
		for _, k := range names {
			v, ok := img.m[k]
			if !ok {
				return nil, fmt.Errorf("the %s item has no key attribute %q", img.which, k)
			}
			if prev, ok := keys[k]; ok && valueString(prev) != valueString(v) {
				return nil, fmt.Errorf("the old and new items have different keys (%s %s and %s): a change of key is a REMOVE and an INSERT", k, valueString(v), valueString(prev))
			}
			keys[k] = v
		}
	}
	return keys, nil
}

// isNil reports whether an item is nil or a nil pointer.
func isNil(it Item) bool {
	if it == nil {
		return true
	}
	v := reflect.ValueOf(it)
	return (v.Kind() == reflect.Pointer || v.Kind() == reflect.Map) && v.IsNil()
}

// streamImage converts an item to the Streams API's types; nil stays nil.
func streamImage(which string, it Item) (map[string]types.AttributeValue, error) {
	if it == nil {
		return nil, nil
	}
	m, err := it.MarshalItem()
	if err != nil {
		return nil, fmt.Errorf("the %s item: %w", which, err)
	}
	out := make(map[string]types.AttributeValue, len(m))
	for k, v := range m {
		sv, err := streamValue(which+" item attribute "+k, v)
		if err != nil {
			return nil, err
		}
		out[k] = sv
	}
	return out, nil
}

// streamValue converts one value of the DynamoDB API to the Streams API's
// type of the same shape.
func streamValue(path string, v ddbtypes.AttributeValue) (types.AttributeValue, error) {
	switch v := v.(type) {
	case *ddbtypes.AttributeValueMemberS:
		return &types.AttributeValueMemberS{Value: v.Value}, nil
	case *ddbtypes.AttributeValueMemberN:
		return &types.AttributeValueMemberN{Value: canonicalNumber(v.Value)}, nil
	case *ddbtypes.AttributeValueMemberB:
		return &types.AttributeValueMemberB{Value: v.Value}, nil
	case *ddbtypes.AttributeValueMemberBOOL:
		return &types.AttributeValueMemberBOOL{Value: v.Value}, nil
	case *ddbtypes.AttributeValueMemberNULL:
		return &types.AttributeValueMemberNULL{Value: v.Value}, nil
	case *ddbtypes.AttributeValueMemberSS:
		return &types.AttributeValueMemberSS{Value: v.Value}, nil
	case *ddbtypes.AttributeValueMemberNS:
		ns := make([]string, len(v.Value))
		for i, n := range v.Value {
			ns[i] = canonicalNumber(n)
		}
		return &types.AttributeValueMemberNS{Value: ns}, nil
	case *ddbtypes.AttributeValueMemberBS:
		return &types.AttributeValueMemberBS{Value: v.Value}, nil
	case *ddbtypes.AttributeValueMemberL:
		l := make([]types.AttributeValue, len(v.Value))
		for i, e := range v.Value {
			sv, err := streamValue(path+"["+strconv.Itoa(i)+"]", e)
			if err != nil {
				return nil, err
			}
			l[i] = sv
		}
		return &types.AttributeValueMemberL{Value: l}, nil
	case *ddbtypes.AttributeValueMemberM:
		m := make(map[string]types.AttributeValue, len(v.Value))
		for k, e := range v.Value {
			sv, err := streamValue(path+"."+k, e)
			if err != nil {
				return nil, err
			}
			m[k] = sv
		}
		return &types.AttributeValueMemberM{Value: m}, nil
	}
	return nil, fmt.Errorf("%s has a value of unknown type %T", path, v)
}

// valueString shows a key value in an error.
func valueString(v types.AttributeValue) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return strconv.Quote(v.Value)
	case *types.AttributeValueMemberN:
		return canonicalNumber(v.Value)
	case *types.AttributeValueMemberB:
		return fmt.Sprintf("%x", v.Value)
	}
	return fmt.Sprintf("%v", v)
}

// imageSize is the size DynamoDB counts for an image: its attribute names and
// values, by the item size rules of the DynamoDB developer guide. A record's
// SizeBytes is that of its Keys, NewImage and OldImage together (AWS's
// sample events: 26, 59 and 38 bytes).
func imageSize(img map[string]types.AttributeValue) int64 {
	var n int64
	for k, v := range img {
		n += int64(len(k)) + valueSize(v)
	}
	return n
}

func valueSize(v types.AttributeValue) int64 {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return int64(len(v.Value))
	case *types.AttributeValueMemberN:
		return numberSize(v.Value)
	case *types.AttributeValueMemberB:
		return int64(len(v.Value))
	case *types.AttributeValueMemberBOOL, *types.AttributeValueMemberNULL:
		return 1
	case *types.AttributeValueMemberSS:
		var n int64
		for _, s := range v.Value {
			n += int64(len(s))
		}
		return n
	case *types.AttributeValueMemberNS:
		var n int64
		for _, s := range v.Value {
			n += numberSize(s)
		}
		return n
	case *types.AttributeValueMemberBS:
		var n int64
		for _, b := range v.Value {
			n += int64(len(b))
		}
		return n
	case *types.AttributeValueMemberL:
		n := int64(3)
		for _, e := range v.Value {
			n += 1 + valueSize(e)
		}
		return n
	case *types.AttributeValueMemberM:
		n := int64(3)
		for k, e := range v.Value {
			n += 1 + int64(len(k)) + valueSize(e)
		}
		return n
	}
	return 0
}

// number is a DynamoDB number: its sign, significant digits (no leading or
// trailing zeros; none for zero) and the exponent of the last digit.
type number struct {
	neg    bool
	digits string
	exp    int
}

// parseNumber reads a number as the DynamoDB API accepts it (an optional sign,
// digits with an optional point, an optional exponent); ok is false otherwise.
func parseNumber(s string) (n number, ok bool) {
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		n.neg, s = s[0] == '-', s[1:]
	}
	mant, e, hasExp := strings.Cut(strings.ToLower(s), "e")
	if hasExp {
		x, err := strconv.Atoi(e)
		if err != nil || x > 1e6 || x < -1e6 {
			return number{}, false
		}
		n.exp = x
	}
	ip, fp, _ := strings.Cut(mant, ".")
	if ip+fp == "" || strings.Trim(ip+fp, "0123456789") != "" {
		return number{}, false
	}
	n.exp -= len(fp)
	d := strings.TrimLeft(ip+fp, "0")
	for strings.HasSuffix(d, "0") {
		d = d[:len(d)-1]
		n.exp++
	}
	n.digits = d
	if d == "" {
		n.neg, n.exp = false, 0
	}
	return n, true
}

// canonicalNumber is a number as DynamoDB returns it: plain decimal, without
// leading zeros, trailing zeros after the point or exponent (1.50 is 1.5, 1e3
// is 1000, -0 is 0). A string that is not a number is returned as it is.
func canonicalNumber(s string) string {
	n, ok := parseNumber(s)
	if !ok {
		return s
	}
	if n.digits == "" {
		return "0"
	}
	var out string
	switch point := len(n.digits) + n.exp; {
	case n.exp >= 0:
		out = n.digits + strings.Repeat("0", n.exp)
	case point > 0:
		out = n.digits[:point] + "." + n.digits[point:]
	default:
		out = "0." + strings.Repeat("0", -point) + n.digits
	}
	if n.neg {
		out = "-" + out
	}
	return out
}

// numberSize is a number's size as DynamoDB counts it: its digits in pairs
// aligned on the decimal point (1.5 is 01.50, two pairs), without leading or
// trailing pairs of zeros, one byte per pair, plus one, plus one for a negative
// number.
func numberSize(s string) int64 {
	n, ok := parseNumber(s)
	if !ok {
		return int64(len(s))
	}
	if n.digits == "" {
		return 1
	}
	// Digit i stands for 10^(exp+len-1-i); a pair holds 10^2k and 10^(2k+1).
	hi, lo := n.exp+len(n.digits)-1, n.exp
	pairs := floorHalf(hi) - floorHalf(lo) + 1
	size := int64(pairs + 1)
	if n.neg {
		size++
	}
	return size
}

func floorHalf(p int) int {
	if p < 0 {
		return -((-p + 1) / 2)
	}
	return p / 2
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
