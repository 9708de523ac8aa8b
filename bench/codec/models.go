// Package codec compares, on the same values in the same run, three ways to
// turn Go structs into DynamoDB items and back: the codec stelviogen generates,
// aws-sdk-go-v2's attributevalue, and guregu/dynamo v2's encoding.
//
// Order and Profile (with Line, Address, GeoPoint, Money, Kind and Rank) are
// copies of the structs of internal/codectest, which another module cannot
// import; the generated code beside them is stelviogen's output for them. The
// G-prefixed types are the same structs tagged for guregu/dynamo, which reads
// the `dynamo` tag for attribute names.
package codec

//go:generate go tool stelviogen -type Order,Profile

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Order is the orders table of the Stelvio guide.
type Order struct {
	_          struct{} `dynamo:"table=orders"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string   `dynamodbav:"order_date" dynamo:"sk"`
	Status     string   `dynamodbav:"status" lsi:"status-index,project=total" gsi:"status-total-index,pk,project=all"`
	Total      float64  `dynamodbav:"total" gsi:"status-total-index,sk"`
	ExpiresAt  int64    `dynamodbav:"expires_at" dynamo:"ttl"`
	Version    int64    `dynamodbav:"version" dynamo:"version"`
}

// Profile is the 30-field struct: nested structs, pointers, maps, slices,
// sets, times, options and a Marshaler type.
type Profile struct {
	_        struct{}          `dynamo:"table=profiles"`
	ID       string            `dynamodbav:"id" dynamo:"pk"`
	Seq      int64             `dynamodbav:"seq" dynamo:"sk"`
	Name     string            `dynamodbav:"name" gsi:"by-name,pk,project=score|tags"`
	Nick     *string           `dynamodbav:"nick"`
	Note     string            `dynamodbav:"note,omitempty"`
	Active   bool              `dynamodbav:"active"`
	Age      int8              `dynamodbav:"age"`
	Level    int16             // no tag: the attribute is named Level
	Count    int32             `dynamodbav:"count"`
	Big      uint64            `dynamodbav:"big"`
	Ratio    float32           `dynamodbav:"ratio"`
	Score    float64           `dynamodbav:"score,string"`
	Payload  []byte            `dynamodbav:"payload"`
	Created  time.Time         `dynamodbav:"created"`
	Expires  time.Time         `dynamodbav:"expires,unixtime"`
	Seen     *time.Time        `dynamodbav:"seen,omitempty"`
	Tags     []string          `dynamodbav:"tags,stringset"`
	Scores   []int             `dynamodbav:"scores,numberset"`
	Blobs    [][]byte          `dynamodbav:"blobs"`
	Lines    []Line            `dynamodbav:"lines"`
	Home     Address           `dynamodbav:"home"`
	Work     *Address          `dynamodbav:"work,omitempty"`
	Attrs    map[string]string `dynamodbav:"attrs"`
	Counters map[int]float64   `dynamodbav:"counters"`
	Price    Money             `dynamodbav:"price"`
	Prices   map[string]Money  `dynamodbav:"prices,omitempty"`
	Kind     Kind              `dynamodbav:"kind"`
	Rank     Rank              `dynamodbav:"rank,string"`
	Matrix   [][]int           `dynamodbav:"matrix"`
	Flags    map[Kind]bool     `dynamodbav:"flags,omitempty"`
}

// Line is an element of Profile.Lines.
type Line struct {
	SKU   string  `dynamodbav:"sku"`
	Qty   int     `dynamodbav:"qty"`
	Price float64 `dynamodbav:"price"`
	Gift  *bool   `dynamodbav:"gift,omitempty"`
}

// Address is nested in Profile, by value and by pointer.
type Address struct {
	Street string    `dynamodbav:"street"`
	City   string    `dynamodbav:"city"`
	Geo    *GeoPoint `dynamodbav:"geo"`
}

// GeoPoint is nested two levels deep.
type GeoPoint struct {
	Lat float64 `dynamodbav:"lat"`
	Lng float64 `dynamodbav:"lng"`
}

// Kind is a named string type.
type Kind string

// Rank is a named integer type.
type Rank int32

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
	return decodeMoney(av, m)
}

func decodeMoney(av types.AttributeValue, m *Money) error {
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
