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
