package ddb

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ttlServer is a TableAPI whose tables are ACTIVE at once and whose
// DescribeTimeToLive answers come from statuses, the last one repeating.
type ttlServer struct {
	TableAPI
	statuses  []types.TimeToLiveStatus
	attr      string // attribute DescribeTimeToLive reports; "" for the one enabled
	updates   []*dynamodb.UpdateTimeToLiveInput
	describes int
	updateErr error
}

func (s *ttlServer) CreateTable(context.Context, *dynamodb.CreateTableInput, ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	return &dynamodb.CreateTableOutput{}, nil
}

func (s *ttlServer) DescribeTable(context.Context, *dynamodb.DescribeTableInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return &dynamodb.DescribeTableOutput{Table: &types.TableDescription{TableStatus: types.TableStatusActive}}, nil
}

func (s *ttlServer) UpdateTimeToLive(_ context.Context, in *dynamodb.UpdateTimeToLiveInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error) {
	s.updates = append(s.updates, in)
	return &dynamodb.UpdateTimeToLiveOutput{}, s.updateErr
}

func (s *ttlServer) DescribeTimeToLive(context.Context, *dynamodb.DescribeTimeToLiveInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTimeToLiveOutput, error) {
	st := s.statuses[min(s.describes, len(s.statuses)-1)]
	s.describes++
	attr := s.attr
	if attr == "" && len(s.updates) > 0 {
		attr = aws.ToString(s.updates[0].TimeToLiveSpecification.AttributeName)
	}
	return &dynamodb.DescribeTimeToLiveOutput{TimeToLiveDescription: &types.TimeToLiveDescription{TimeToLiveStatus: st, AttributeName: aws.String(attr)}}, nil
}

func fastPoll(t *testing.T) {
	first, max := pollFirst, pollMax
	pollFirst, pollMax = time.Microsecond, time.Microsecond
	t.Cleanup(func() { pollFirst, pollMax = first, max })
}

var ttlSchema = TableSchema{Name: "t", PK: KeyAttr{Name: "pk", Type: types.ScalarAttributeTypeS}, TTL: "expires_at"}

func TestCreateTableWaitsUntilTTLIsEnabled(t *testing.T) {
	fastPoll(t)
	s := &ttlServer{statuses: []types.TimeToLiveStatus{types.TimeToLiveStatusDisabled, types.TimeToLiveStatusEnabling, types.TimeToLiveStatusEnabling, types.TimeToLiveStatusEnabled}}
	if err := CreateTable(t.Context(), s, ttlSchema, "tbl"); err != nil {
		t.Fatal(err)
	}
	if len(s.updates) != 1 {
		t.Fatalf("%d UpdateTimeToLive calls, want 1", len(s.updates))
	}
	u := s.updates[0]
	if aws.ToString(u.TableName) != "tbl" || aws.ToString(u.TimeToLiveSpecification.AttributeName) != "expires_at" || !aws.ToBool(u.TimeToLiveSpecification.Enabled) {
		t.Fatalf("UpdateTimeToLive %+v %+v", u, u.TimeToLiveSpecification)
	}
	if s.describes != 4 {
		t.Fatalf("%d DescribeTimeToLive calls, want 4 (until ENABLED)", s.describes)
	}
}

func TestCreateTableWithoutTTLLeavesItOff(t *testing.T) {
	s := &ttlServer{statuses: []types.TimeToLiveStatus{types.TimeToLiveStatusEnabled}}
	schema := ttlSchema
	schema.TTL = ""
	if err := CreateTable(t.Context(), s, schema, "tbl"); err != nil {
		t.Fatal(err)
	}
	if len(s.updates) != 0 || s.describes != 0 {
		t.Fatalf("%d updates and %d describes of TTL for a table without one", len(s.updates), s.describes)
	}
}

func TestCreateTableTTLErrors(t *testing.T) {
	fastPoll(t)
	boom := errors.New("boom")
	for name, tc := range map[string]struct {
		s    *ttlServer
		want string
	}{
		"update fails":      {&ttlServer{statuses: []types.TimeToLiveStatus{types.TimeToLiveStatusEnabled}, updateErr: boom}, `ddb: CreateTable tbl: enable TTL on "expires_at": boom`},
		"never enabled":     {&ttlServer{statuses: []types.TimeToLiveStatus{types.TimeToLiveStatusDisabled}}, `TTL on "expires_at" is still "DISABLED" after UpdateTimeToLive enabled it`},
		"another attribute": {&ttlServer{statuses: []types.TimeToLiveStatus{types.TimeToLiveStatusEnabled}, attr: "other"}, `TTL is enabled on "other", want "expires_at"`},
	} {
		t.Run(name, func(t *testing.T) {
			err := CreateTable(t.Context(), tc.s, ttlSchema, "tbl")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if name == "update fails" && !errors.Is(err, boom) {
				t.Fatalf("error %v does not wrap the server's", err)
			}
			if name == "never enabled" && tc.s.describes != maxTTLDisabledPolls+1 {
				t.Fatalf("%d describes, want %d", tc.s.describes, maxTTLDisabledPolls+1)
			}
		})
	}
}

func TestCreateTableTTLWaitEndsWithTheContext(t *testing.T) {
	s := &ttlServer{statuses: []types.TimeToLiveStatus{types.TimeToLiveStatusEnabling}}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if err := CreateTable(ctx, s, ttlSchema, "tbl"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the context's", err)
	}
}
