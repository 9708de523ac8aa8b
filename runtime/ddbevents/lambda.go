package ddbevents

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// lambdaRecord is a record of a Lambda DynamoDB event, in its JSON shape.
type lambdaRecord struct {
	EventID        string          `json:"eventID"`
	EventName      string          `json:"eventName"`
	EventVersion   string          `json:"eventVersion"`
	EventSource    string          `json:"eventSource"`
	AWSRegion      string          `json:"awsRegion"`
	DynamoDB       lambdaChange    `json:"dynamodb"`
	EventSourceARN string          `json:"eventSourceARN"`
	UserIdentity   *lambdaIdentity `json:"userIdentity,omitempty"`
}

type lambdaChange struct {
	ApproximateCreationDateTime json.Number    `json:"ApproximateCreationDateTime,omitempty"`
	Keys                        map[string]any `json:"Keys,omitempty"`
	NewImage                    map[string]any `json:"NewImage,omitempty"`
	OldImage                    map[string]any `json:"OldImage,omitempty"`
	SequenceNumber              string         `json:"SequenceNumber"`
	SizeBytes                   int64          `json:"SizeBytes"`
	StreamViewType              string         `json:"StreamViewType"`
}

type lambdaIdentity struct {
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
}

// RecordJSON writes a DynamoDB Streams record as Lambda writes it into the
// Records of a DynamoDB event: eventID, eventName, eventVersion, eventSource,
// awsRegion, dynamodb (ApproximateCreationDateTime in epoch seconds, Keys,
// NewImage and OldImage when present, SequenceNumber, SizeBytes,
// StreamViewType), eventSourceARN (the stream's ARN, which GetRecords does not
// return) and userIdentity when the record has one (deletions by TTL).
//
// Attribute values keep DynamoDB's JSON form: numbers as strings, binary values
// in base64, sets, lists, maps, NULL and BOOL as they are.
func RecordJSON(r types.Record, streamARN string) ([]byte, error) {
	out := lambdaRecord{
		EventID:        aws.ToString(r.EventID),
		EventName:      string(r.EventName),
		EventVersion:   aws.ToString(r.EventVersion),
		EventSource:    aws.ToString(r.EventSource),
		AWSRegion:      aws.ToString(r.AwsRegion),
		EventSourceARN: streamARN,
	}
	if id := r.UserIdentity; id != nil {
		out.UserIdentity = &lambdaIdentity{Type: aws.ToString(id.Type), PrincipalID: aws.ToString(id.PrincipalId)}
	}
	if c := r.Dynamodb; c != nil {
		var err error
		if c.ApproximateCreationDateTime != nil {
			out.DynamoDB.ApproximateCreationDateTime = epochSeconds(c.ApproximateCreationDateTime.UnixNano())
		}
		if out.DynamoDB.Keys, err = image("Keys", c.Keys); err != nil {
			return nil, err
		}
		if out.DynamoDB.NewImage, err = image("NewImage", c.NewImage); err != nil {
			return nil, err
		}
		if out.DynamoDB.OldImage, err = image("OldImage", c.OldImage); err != nil {
			return nil, err
		}
		out.DynamoDB.SequenceNumber = aws.ToString(c.SequenceNumber)
		out.DynamoDB.SizeBytes = aws.ToInt64(c.SizeBytes)
		out.DynamoDB.StreamViewType = string(c.StreamViewType)
	}
	return json.Marshal(out)
}

// FromStreamRecord converts a DynamoDB Streams record into the record a Lambda
// function subscribed to the stream receives: RecordJSON decoded by aws-lambda-go.
func FromStreamRecord(r types.Record, streamARN string) (events.DynamoDBEventRecord, error) {
	b, err := RecordJSON(r, streamARN)
	if err != nil {
		return events.DynamoDBEventRecord{}, err
	}
	var rec events.DynamoDBEventRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return events.DynamoDBEventRecord{}, fmt.Errorf("ddbevents: aws-lambda-go cannot decode record %s: %w\n%s", aws.ToString(r.EventID), err, b)
	}
	return rec, nil
}

// FromStreamRecords converts records of the stream streamARN into one Lambda event,
// in their order.
func FromStreamRecords(records []types.Record, streamARN string) (events.DynamoDBEvent, error) {
	ev := events.DynamoDBEvent{Records: make([]events.DynamoDBEventRecord, 0, len(records))}
	for _, r := range records {
		rec, err := FromStreamRecord(r, streamARN)
		if err != nil {
			return events.DynamoDBEvent{}, err
		}
		ev.Records = append(ev.Records, rec)
	}
	return ev, nil
}

// epochSeconds writes a time as epoch seconds: an integer when it has no
// fraction of a second (as the Streams API and Lambda send it), else a decimal.
func epochSeconds(nanos int64) json.Number {
	if nanos%1e9 == 0 {
		return json.Number(strconv.FormatInt(nanos/1e9, 10))
	}
	sec, frac := nanos/1e9, nanos%1e9
	if frac < 0 {
		sec, frac = sec-1, frac+1e9
	}
	return json.Number(strconv.FormatInt(sec, 10) + "." + strings.TrimRight(fmt.Sprintf("%09d", frac), "0"))
}

// image writes an item image in DynamoDB's JSON form; nil stays nil (and is
// then left out of the record).
func image(path string, img map[string]types.AttributeValue) (map[string]any, error) {
	if img == nil {
		return nil, nil
	}
	out := make(map[string]any, len(img))
	for k, v := range img {
		j, err := value(path+"."+k, v)
		if err != nil {
			return nil, err
		}
		out[k] = j
	}
	return out, nil
}

// value writes one attribute value as {"<type>": <value>}. encoding/json writes
// []byte in standard base64, as DynamoDB's JSON does.
func value(path string, v types.AttributeValue) (map[string]any, error) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return map[string]any{"S": v.Value}, nil
	case *types.AttributeValueMemberN:
		return map[string]any{"N": v.Value}, nil
	case *types.AttributeValueMemberB:
		return map[string]any{"B": nonNilBytes(v.Value)}, nil
	case *types.AttributeValueMemberBOOL:
		return map[string]any{"BOOL": v.Value}, nil
	case *types.AttributeValueMemberNULL:
		return map[string]any{"NULL": true}, nil
	case *types.AttributeValueMemberSS:
		return map[string]any{"SS": nonNil(v.Value)}, nil
	case *types.AttributeValueMemberNS:
		return map[string]any{"NS": nonNil(v.Value)}, nil
	case *types.AttributeValueMemberBS:
		bs := make([][]byte, len(v.Value))
		for i, b := range v.Value {
			bs[i] = nonNilBytes(b)
		}
		return map[string]any{"BS": bs}, nil
	case *types.AttributeValueMemberL:
		l := make([]any, len(v.Value))
		for i, e := range v.Value {
			j, err := value(path+"["+strconv.Itoa(i)+"]", e)
			if err != nil {
				return nil, err
			}
			l[i] = j
		}
		return map[string]any{"L": l}, nil
	case *types.AttributeValueMemberM:
		m, err := image(path, v.Value)
		if err != nil {
			return nil, err
		}
		if m == nil {
			m = map[string]any{}
		}
		return map[string]any{"M": m}, nil
	}
	return nil, fmt.Errorf("ddbevents: attribute %s has a value of unknown type %T", path, v)
}

// nonNilBytes keeps an empty binary value "" rather than null in JSON.
func nonNilBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
