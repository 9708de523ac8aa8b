package codec

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The structs below are Order and Profile tagged for guregu/dynamo, which
// names attributes with the `dynamo` tag and spells options its own way
// (`set` for string and number sets, `unixtime`, `omitempty`). They encode
// the same items as the originals except where guregu has no equivalent
// option, noted on the field: guregu stores Score and Rank as numbers (no
// `string` option) and cannot use integer map keys, so Counters has string keys.

// GOrder is Order for guregu/dynamo.
type GOrder struct {
	CustomerID string  `dynamo:"customer_id"`
	OrderDate  string  `dynamo:"order_date"`
	Status     string  `dynamo:"status"`
	Total      float64 `dynamo:"total"`
	ExpiresAt  int64   `dynamo:"expires_at"`
	Version    int64   `dynamo:"version"`
}

// GProfile is Profile for guregu/dynamo.
type GProfile struct {
	ID       string             `dynamo:"id"`
	Seq      int64              `dynamo:"seq"`
	Name     string             `dynamo:"name"`
	Nick     *string            `dynamo:"nick"`
	Note     string             `dynamo:"note,omitempty"`
	Active   bool               `dynamo:"active"`
	Age      int8               `dynamo:"age"`
	Level    int16              // no tag: the attribute is named Level
	Count    int32              `dynamo:"count"`
	Big      uint64             `dynamo:"big"`
	Ratio    float32            `dynamo:"ratio"`
	Score    float64            `dynamo:"score"` // N, not S: guregu has no `string` option
	Payload  []byte             `dynamo:"payload"`
	Created  time.Time          `dynamo:"created"`
	Expires  time.Time          `dynamo:"expires,unixtime"`
	Seen     *time.Time         `dynamo:"seen,omitempty"`
	Tags     []string           `dynamo:"tags,set"`
	Scores   []int              `dynamo:"scores,set"`
	Blobs    [][]byte           `dynamo:"blobs,set"`
	Lines    []GLine            `dynamo:"lines"`
	Home     GAddress           `dynamo:"home"`
	Work     *GAddress          `dynamo:"work,omitempty"`
	Attrs    map[string]string  `dynamo:"attrs"`
	Counters map[string]float64 `dynamo:"counters"` // string keys: guregu rejects int keys
	Price    GMoney             `dynamo:"price"`
	Prices   map[string]GMoney  `dynamo:"prices,omitempty"`
	Kind     Kind               `dynamo:"kind"`
	Rank     Rank               `dynamo:"rank"` // N, not S: guregu has no `string` option
	Matrix   [][]int            `dynamo:"matrix"`
	Flags    map[Kind]bool      `dynamo:"flags,omitempty"`
}

// GLine is Line for guregu/dynamo.
type GLine struct {
	SKU   string  `dynamo:"sku"`
	Qty   int     `dynamo:"qty"`
	Price float64 `dynamo:"price"`
	Gift  *bool   `dynamo:"gift,omitempty"`
}

// GAddress is Address for guregu/dynamo.
type GAddress struct {
	Street string     `dynamo:"street"`
	City   string     `dynamo:"city"`
	Geo    *GGeoPoint `dynamo:"geo"`
}

// GGeoPoint is GeoPoint for guregu/dynamo.
type GGeoPoint struct {
	Lat float64 `dynamo:"lat"`
	Lng float64 `dynamo:"lng"`
}

// GMoney is Money for guregu/dynamo, through its Marshaler and Unmarshaler.
type GMoney Money

// MarshalDynamo implements dynamo.Marshaler.
func (m GMoney) MarshalDynamo() (types.AttributeValue, error) {
	return Money(m).MarshalDynamoDBAttributeValue()
}

// UnmarshalDynamo implements dynamo.Unmarshaler.
func (m *GMoney) UnmarshalDynamo(av types.AttributeValue) error {
	return decodeMoney(av, (*Money)(m))
}
