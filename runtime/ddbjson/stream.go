package ddbjson

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// StreamRecord is one record of a Lambda DynamoDB stream event read from
// its raw JSON: what events.DynamoDBEventRecord says, with the images left
// as DynamoDB JSON for a model's decoder (Image.Decode), never converted to
// events.DynamoDBAttributeValue.
type StreamRecord struct {
	EventID        string
	EventName      string // INSERT, MODIFY or REMOVE
	EventSourceARN string
	SequenceNumber string
	// At is ApproximateCreationDateTime.
	At time.Time
	// UserType and UserPrincipal are the record's userIdentity ("Service"
	// and "dynamodb.amazonaws.com" for a TTL deletion), "" without one.
	UserType, UserPrincipal string
	Keys                    map[string]types.AttributeValue
	NewImage, OldImage      Image
}

// Image is an image of a stream record, checked but not decoded.
type Image struct {
	b          []byte
	start, end int
}

// Present reports whether the record carries the image.
func (im Image) Present() bool { return im.b != nil }

// Decode decodes the image with dec (a model's generated DecodeJSONItem).
func (im Image) Decode(dec ItemDecoder) error {
	if im.b == nil {
		return nil
	}
	r := newScanner(im.b[:im.end])
	r.i = im.start
	m := &Map{r: &r, first: true, single: true}
	if !r.open('{') {
		return r.err
	}
	if err := dec.DecodeJSONItem(m); err != nil {
		return err
	}
	return m.finish()
}

// DecodeStreamEvent reads the raw JSON of a Lambda DynamoDB stream event
// ({"Records":[...]}). The strings of the records share b's bytes: b must
// not change afterwards (StreamHandler passes a copy of Lambda's buffer).
func DecodeStreamEvent(b []byte) ([]StreamRecord, error) {
	var recs []StreamRecord
	err := body(b, func(r *scanner, k string) (bool, error) {
		if k != "Records" {
			return false, nil
		}
		if r.peek() == 'n' { // "Records":null, an empty batch as for encoding/json
			r.literal()
			return true, nil
		}
		if !r.open('[') {
			return true, nil
		}
		for first := true; r.more(first, ']'); first = false {
			var rec StreamRecord
			readRecord(r, &rec)
			recs = append(recs, rec)
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	return recs, nil
}

func readStr(r *scanner) string {
	if r.peek() == 'n' {
		r.literal()
		return ""
	}
	s, e, esc := r.str()
	if r.err != nil {
		return ""
	}
	return r.text(s, e, esc)
}

func readImage(r *scanner) Image {
	if r.peek() == 'n' {
		r.literal()
		return Image{}
	}
	start := r.i
	if r.peek() != '{' {
		r.fail("bad image")
		return Image{}
	}
	r.fastSkip() // checked when decoded
	return Image{b: r.b, start: start, end: r.i}
}

func readRecord(r *scanner, rec *StreamRecord) {
	r.object(func(k string) bool {
		switch k {
		case "eventID":
			rec.EventID = readStr(r)
		case "eventName":
			rec.EventName = readStr(r)
		case "eventSourceARN":
			rec.EventSourceARN = readStr(r)
		case "userIdentity":
			if r.peek() == 'n' {
				r.literal()
				return true
			}
			r.object(func(f string) bool {
				switch f {
				case "type":
					rec.UserType = readStr(r)
				case "principalId":
					rec.UserPrincipal = readStr(r)
				default:
					return false
				}
				return true
			})
		case "dynamodb":
			r.object(func(f string) bool {
				switch f {
				case "SequenceNumber":
					rec.SequenceNumber = readStr(r)
				case "ApproximateCreationDateTime":
					if f := readFloat(r); f != nil {
						sec, frac := math.Modf(*f)
						rec.At = time.Unix(int64(sec), int64(frac*1e9))
					}
				case "Keys":
					if r.peek() == 'n' {
						r.literal()
						return true
					}
					k, err := readKey(r)
					if err == nil {
						rec.Keys = k
					}
				case "NewImage":
					rec.NewImage = readImage(r)
				case "OldImage":
					rec.OldImage = readImage(r)
				default:
					return false
				}
				return true
			})
		default:
			return false
		}
		return true
	})
}

// StreamHandler is a Lambda handler of a DynamoDB stream subscription that
// reads the event's raw JSON (lambda.Start(ddbjson.StreamHandler(fn))
// takes it as a lambda.Handler): fn gets the records, with their images
// for a model's decoder, and returns the batch response
// (ReportBatchItemFailures).
type StreamHandler func(ctx context.Context, records []StreamRecord) (events.DynamoDBEventResponse, error)

// Invoke implements lambda.Handler. The payload is copied first: Lambda's
// runtime reuses its buffer for the next event.
func (h StreamHandler) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	recs, err := DecodeStreamEvent(bytes.Clone(payload))
	if err != nil {
		return nil, err
	}
	resp, err := h(ctx, recs)
	if err != nil {
		return nil, err
	}
	return json.Marshal(resp)
}
