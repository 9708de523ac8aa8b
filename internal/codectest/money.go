package codectest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Money encodes itself as an S "<units> <currency>", through the attributevalue
// Marshaler and Unmarshaler interfaces.
type Money struct {
	Units    int64
	Currency string
}

// MarshalDynamoDBAttributeValue implements attributevalue.Marshaler.
func (m Money) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	if m.Currency == "" && m.Units == 0 {
		return &types.AttributeValueMemberNULL{Value: true}, nil
	}
	return &types.AttributeValueMemberS{Value: strconv.FormatInt(m.Units, 10) + " " + m.Currency}, nil
}

// UnmarshalDynamoDBAttributeValue implements attributevalue.Unmarshaler.
func (m *Money) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	switch v := av.(type) {
	case nil, *types.AttributeValueMemberNULL:
		*m = Money{}
		return nil
	case *types.AttributeValueMemberS:
		if v == nil {
			return fmt.Errorf("money: nil S")
		}
		units, cur, ok := strings.Cut(v.Value, " ")
		if !ok {
			return fmt.Errorf("money %q: want \"<units> <currency>\"", v.Value)
		}
		n, err := strconv.ParseInt(units, 10, 64)
		if err != nil {
			return fmt.Errorf("money %q: %w", v.Value, err)
		}
		*m = Money{Units: n, Currency: cur}
		return nil
	}
	return fmt.Errorf("money: want S, got %T", av)
}

// Opaque has a Marshaler that declines (returns nil) for its zero value, so
// attributevalue encodes that value field by field instead.
type Opaque struct {
	X int `dynamodbav:"x"`
}

// MarshalDynamoDBAttributeValue implements attributevalue.Marshaler.
func (o Opaque) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	if o.X == 0 {
		return nil, nil
	}
	return &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
		"x": &types.AttributeValueMemberN{Value: strconv.Itoa(o.X)},
	}}, nil
}

// Label is a map key type with a String method: attributevalue (through
// fmt.Sprint) names map entries by it.
type Label string

func (l Label) String() string { return "label:" + string(l) }

// Labelled has a map keyed by Label; its items do not decode back to the
// same keys (attributevalue's behaviour), so it is checked for encoding only.
type Labelled struct {
	ID     string        `dynamodbav:"id" dynamo:"pk"`
	Counts map[Label]int `dynamodbav:"counts"`
}

// Tally has its methods on the pointer: attributevalue calls them on fields
// and list elements, but not on map elements, which it encodes field by field.
type Tally struct {
	N int
}

// MarshalDynamoDBAttributeValue implements attributevalue.Marshaler.
func (t *Tally) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: "tally:" + strconv.Itoa(t.N)}, nil
}

// UnmarshalDynamoDBAttributeValue implements attributevalue.Unmarshaler; it
// reads both forms.
func (t *Tally) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	switch v := av.(type) {
	case nil, *types.AttributeValueMemberNULL:
		*t = Tally{}
	case *types.AttributeValueMemberS:
		if v == nil || !strings.HasPrefix(v.Value, "tally:") {
			return fmt.Errorf("tally: want S \"tally:<n>\"")
		}
		n, err := strconv.Atoi(strings.TrimPrefix(v.Value, "tally:"))
		if err != nil {
			return err
		}
		t.N = n
	case *types.AttributeValueMemberM:
		// The form attributevalue writes for a map element: {"N": <number>}.
		if v == nil {
			return fmt.Errorf("tally: nil M")
		}
		switch n := v.Value["N"].(type) {
		case *types.AttributeValueMemberN:
			if n == nil {
				return fmt.Errorf("tally: nil N")
			}
			i, err := strconv.Atoi(n.Value)
			if err != nil {
				return err
			}
			t.N = i
		case *types.AttributeValueMemberNULL:
			t.N = 0
		case nil:
		default:
			return fmt.Errorf("tally: N is %T", n)
		}
	default:
		return fmt.Errorf("tally: want S or M, got %T", av)
	}
	return nil
}
