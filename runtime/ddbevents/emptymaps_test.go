package ddbevents

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// localGetRecords is a GetRecords answer of DynamoDB Local 3.3.1 for an item
// with an empty map at the top ("em") and nested ("nested.em"), and an empty list.
const localGetRecords = `{"Records":[{"eventID":"a5e5991f","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"ddblocal","dynamodb":{"ApproximateCreationDateTime":1796184720.000,"Keys":{"id":{"S":"a"}},"NewImage":{"el":{"L":[]},"em":{},"id":{"S":"a"},"nested":{"M":{"em":{},"l":{"L":[{}]}}}},"SequenceNumber":"000000000000000000003","SizeBytes":31,"StreamViewType":"NEW_AND_OLD_IMAGES"}}],"NextShardIterator":"it-2"}`

type fakeHTTP struct{ body string }

func (f fakeHTTP) Do(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/x-amz-json-1.0"}},
		Body:       io.NopCloser(strings.NewReader(f.body)),
		Request:    req,
	}, nil
}

// Through the client NewStreamsClient makes, DynamoDB Local's typeless {} values are
// empty maps, as DynamoDB writes them; everything else is as it came.
func TestEmptyMapsOfDynamoDBLocalAreRepaired(t *testing.T) {
	c := dynamodbstreams.New(dynamodbstreams.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
		BaseEndpoint: aws.String("http://127.0.0.1:1"),
		HTTPClient:   emptyMapFixer{fakeHTTP{localGetRecords}},
	})
	out, err := c.GetRecords(context.Background(), &dynamodbstreams.GetRecordsInput{ShardIterator: aws.String("it-1")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.NextShardIterator) != "it-2" || len(out.Records) != 1 {
		t.Fatalf("answer: %+v", out)
	}
	img := out.Records[0].Dynamodb.NewImage
	empty := &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{}}
	want := map[string]types.AttributeValue{
		"el": &types.AttributeValueMemberL{Value: []types.AttributeValue{}},
		"em": empty,
		"id": &types.AttributeValueMemberS{Value: "a"},
		"nested": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"em": empty,
			"l":  &types.AttributeValueMemberL{Value: []types.AttributeValue{empty}},
		}},
	}
	if !reflect.DeepEqual(img, want) {
		t.Errorf("NewImage %#v", img)
	}
	if got := out.Records[0].Dynamodb.ApproximateCreationDateTime.Unix(); got != 1796184720 {
		t.Errorf("ApproximateCreationDateTime %d", got)
	}
}

func TestFixEmptyMapsLeavesGoodAnswersAlone(t *testing.T) {
	for _, body := range []string{
		`{"Records":[],"NextShardIterator":"x"}`,
		`{"Records":[{"dynamodb":{"Keys":{"id":{"S":"{}"}},"NewImage":{"m":{"M":{}}}}}]}`,
		`not json {}`,
	} {
		if got, ok := fixEmptyMaps([]byte(body)); ok {
			t.Errorf("%s was rewritten as %s", body, got)
		}
	}
	got, ok := fixEmptyMaps([]byte(`{"Records":[{"dynamodb":{"OldImage":{"m":{}},"SizeBytes":3}}]}`))
	if !ok || !bytes.Contains(got, []byte(`"OldImage":{"m":{"M":{}}}`)) || !bytes.Contains(got, []byte(`"SizeBytes":3`)) {
		t.Errorf("rewritten as %s (%v)", got, ok)
	}
}
