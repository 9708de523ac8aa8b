package awsinfra

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
	sf "github.com/stelviogen/stelviogen/runtime/streamfilter"
)

const (
	queueArn  = "arn:aws:sqs:us-east-1:123456789012:audit-failures"
	topicArn  = "arn:aws:sns:us-east-1:123456789012:audit-failures"
	auditFunc = "arn:aws:lambda:us-east-1:123456789012:function:audit-0a1b2c3"
	// streamStmt is the stream-reading statement every subscriber's policy has.
	streamStmt = `{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":["` + ordersStreamArn + `"]}`
)

// ordersDef is the example orders table as its generated code describes it.
var ordersDef = TableDef{Name: "orders", HashKey: "customer_id", RangeKey: "order_date", StreamView: "NEW_AND_OLD_IMAGES"}

// subscribeOrders subscribes "audit" to the orders stream as a generated Subscribe
// method does (name, key and view known), filling in a prebuilt function.
func subscribeOrders(args SubscriptionArgs) (*awsinfratest.Mocks, error) {
	if args.Function.Code == nil {
		args.Function.Code = prebuilt()
	}
	return awsinfratest.RunErr(func(ctx *pulumi.Context) error {
		_, err := SubscribeTable(ctx, "audit", ordersDef, pulumi.String(ordersStreamArn), args)
		return err
	})
}

// assertProps compares a resource's inputs with want, key by key, both ways.
func assertProps(t *testing.T, got resource.PropertyMap, want map[string]any) {
	t.Helper()
	w := resource.NewPropertyMapFromMap(want)
	for k, wv := range w {
		gv, ok := got[k]
		if !ok {
			t.Errorf("input %s missing, want %v", k, wv)
			continue
		}
		if !gv.DeepEquals(wv) {
			t.Errorf("input %s\n got %v\nwant %v", k, gv, wv)
		}
	}
	for k, gv := range got {
		if _, ok := w[k]; !ok {
			t.Errorf("unexpected input %s = %v", k, gv)
		}
	}
}

// Every option reaches the event source mapping as the Pulumi input AWS documents,
// typed filters as their pattern JSON, and the SQS destination adds exactly
// sqs:SendMessage on that queue to the function's policy.
func TestSubscriptionOptionsReachTheMapping(t *testing.T) {
	m, err := subscribeOrders(SubscriptionArgs{
		StartingPosition:               StartTrimHorizon,
		BatchSize:                      500,
		MaximumBatchingWindowInSeconds: new(5),
		ParallelizationFactor:          new(4),
		BisectBatchOnFunctionError:     true,
		MaximumRetryAttempts:           new(3),
		MaximumRecordAgeInSeconds:      new(3600),
		TumblingWindowInSeconds:        new(60),
		OnFailure:                      SQSQueue(pulumi.String(queueArn)),
		Where: []sf.Filter{
			sf.Match(sf.NotTTLExpired(), sf.NewImage(sf.Equals(&models.OrderAttrs.Status, "paid"))),
			sf.Match(sf.TTLExpired(), sf.Keys(sf.Prefix(&models.OrderAttrs.CustomerID, "vip-"))),
		},
		Filters: []string{`{"eventName":["REMOVE"]}`},
	})
	if err != nil {
		t.Fatal(err)
	}
	assertProps(t, m.One(t, awsinfratest.TokMapping, "audit-mapping").Inputs, map[string]any{
		"eventSourceArn":                 ordersStreamArn,
		"functionName":                   auditFunc,
		"startingPosition":               "TRIM_HORIZON",
		"batchSize":                      500,
		"maximumBatchingWindowInSeconds": 5,
		"parallelizationFactor":          4,
		"bisectBatchOnFunctionError":     true,
		"maximumRetryAttempts":           3,
		"maximumRecordAgeInSeconds":      3600,
		"tumblingWindowInSeconds":        60,
		"functionResponseTypes":          []any{"ReportBatchItemFailures"},
		"destinationConfig":              map[string]any{"onFailure": map[string]any{"destinationArn": queueArn}},
		"filterCriteria": map[string]any{"filters": []any{
			map[string]any{"pattern": `{"dynamodb":{"NewImage":{"status":{"S":["paid"]}}},"userIdentity":{"type":[{"exists":false}]}}`},
			map[string]any{"pattern": `{"dynamodb":{"Keys":{"customer_id":{"S":[{"prefix":"vip-"}]}}},"userIdentity":{"principalId":["dynamodb.amazonaws.com"],"type":["Service"]}}`},
			map[string]any{"pattern": `{"eventName":["REMOVE"]}`},
		}},
	})
	wantPolicy := policyPrefix + streamStmt + `,{"Effect":"Allow","Action":["sqs:SendMessage"],"Resource":["` + queueArn + `"]}]}`
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokRolePolicy, "audit-links"), "policy"); got != wantPolicy {
		t.Errorf("policy\n got %s\nwant %s", got, wantPolicy)
	}
}

const policyPrefix = `{"Version":"2012-10-17","Statement":[`

// An SNS destination grants sns:Publish on exactly that topic, and nothing on SQS.
func TestSNSDestination(t *testing.T) {
	m, err := subscribeOrders(SubscriptionArgs{OnFailure: SNSTopic(pulumi.String(topicArn)), MaximumRetryAttempts: new(2)})
	if err != nil {
		t.Fatal(err)
	}
	assertProps(t, m.One(t, awsinfratest.TokMapping, "audit-mapping").Inputs, map[string]any{
		"eventSourceArn":        ordersStreamArn,
		"functionName":          auditFunc,
		"startingPosition":      "LATEST",
		"maximumRetryAttempts":  2,
		"functionResponseTypes": []any{"ReportBatchItemFailures"},
		"destinationConfig":     map[string]any{"onFailure": map[string]any{"destinationArn": topicArn}},
	})
	wantPolicy := policyPrefix + streamStmt + `,{"Effect":"Allow","Action":["sns:Publish"],"Resource":["` + topicArn + `"]}]}`
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokRolePolicy, "audit-links"), "policy"); got != wantPolicy {
		t.Errorf("policy\n got %s\nwant %s", got, wantPolicy)
	}
}

// The destination's ARN may be another resource's output (a queue declared in the
// same program): the policy and the mapping use its resolved value.
func TestDestinationFromAnOutput(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		arn := pulumi.String("audit-failures").ToStringOutput().ApplyT(func(n string) string {
			return "arn:aws:sqs:us-east-1:123456789012:" + n
		}).(pulumi.StringOutput)
		_, err := SubscribeTable(ctx, "audit", ordersDef, pulumi.String(ordersStreamArn), SubscriptionArgs{
			Function: FunctionArgs{Code: prebuilt()}, OnFailure: SQSQueue(arn),
		})
		return err
	})
	esm := m.One(t, awsinfratest.TokMapping, "audit-mapping")
	if got := esm.Inputs["destinationConfig"].ObjectValue()["onFailure"].ObjectValue()["destinationArn"].StringValue(); got != queueArn {
		t.Errorf("destination %q, want %q", got, queueArn)
	}
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokRolePolicy, "audit-links"), "policy"); !strings.Contains(got, `"Action":["sqs:SendMessage"],"Resource":["`+queueArn+`"]`) {
		t.Errorf("policy %s lacks sqs:SendMessage on the queue", got)
	}
}

// Zero is a value, not "unset", where AWS allows it; turning partial batch
// responses off sends no function response type.
func TestZeroValuesAreSent(t *testing.T) {
	m, err := subscribeOrders(SubscriptionArgs{
		MaximumRetryAttempts:           new(0),
		MaximumBatchingWindowInSeconds: new(0),
		TumblingWindowInSeconds:        new(0),
		MaximumRecordAgeInSeconds:      new(-1),
		ReportBatchItemFailures:        new(false),
	})
	if err != nil {
		t.Fatal(err)
	}
	assertProps(t, m.One(t, awsinfratest.TokMapping, "audit-mapping").Inputs, map[string]any{
		"eventSourceArn":                 ordersStreamArn,
		"functionName":                   auditFunc,
		"startingPosition":               "LATEST",
		"maximumRetryAttempts":           0,
		"maximumBatchingWindowInSeconds": 0,
		"tumblingWindowInSeconds":        0,
		"maximumRecordAgeInSeconds":      -1,
	})
}

// ReportBatchItemFailures set to true is the same as leaving it unset.
func TestReportBatchItemFailuresExplicitlyOn(t *testing.T) {
	m, err := subscribeOrders(SubscriptionArgs{ReportBatchItemFailures: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	got := m.One(t, awsinfratest.TokMapping, "audit-mapping").Inputs["functionResponseTypes"]
	if want := resource.NewPropertyValue([]any{"ReportBatchItemFailures"}); !got.DeepEquals(want) {
		t.Errorf("functionResponseTypes = %v, want %v", got, want)
	}
}

// Every limit is checked before anything is declared: the edges pass, one past
// them fails with the subscription, the field and the allowed values named.
func TestSubscriptionLimits(t *testing.T) {
	type limit struct {
		field   string
		set     func(*SubscriptionArgs, int)
		ok      []int
		bad     []int
		allowed string
	}
	limits := []limit{
		{"BatchSize", func(a *SubscriptionArgs, v int) { a.BatchSize = v }, []int{0, 1, 10000}, []int{-1, 10001}, "1-10000 (0 leaves the default, 100)"},
		{"MaximumBatchingWindowInSeconds", func(a *SubscriptionArgs, v int) { a.MaximumBatchingWindowInSeconds = &v }, []int{0, 300}, []int{-1, 301}, "0-300 seconds"},
		{"ParallelizationFactor", func(a *SubscriptionArgs, v int) { a.ParallelizationFactor = &v }, []int{1, 10}, []int{0, 11}, "1-10"},
		{"MaximumRetryAttempts", func(a *SubscriptionArgs, v int) { a.MaximumRetryAttempts = &v }, []int{-1, 0, 10000}, []int{-2, 10001}, "-1 (retry until the record expires) or 0-10000"},
		{"MaximumRecordAgeInSeconds", func(a *SubscriptionArgs, v int) { a.MaximumRecordAgeInSeconds = &v }, []int{-1, 60, 604800}, []int{-2, 0, 59, 604801}, "-1 (no maximum) or 60-604800 seconds"},
		{"TumblingWindowInSeconds", func(a *SubscriptionArgs, v int) { a.TumblingWindowInSeconds = &v }, []int{0, 900}, []int{-1, 901}, "0-900 seconds"},
		{"FilterLimit", func(a *SubscriptionArgs, v int) { a.FilterLimit = v }, []int{0, 5, 10}, []int{4, 11}, "5 (the default quota) to 10 (the most a quota increase gives); 0 means 5"},
	}
	for _, l := range limits {
		for _, v := range l.ok {
			t.Run(fmt.Sprintf("%s=%d", l.field, v), func(t *testing.T) {
				var args SubscriptionArgs
				l.set(&args, v)
				if _, err := subscribeOrders(args); err != nil {
					t.Fatalf("refused: %v", err)
				}
			})
		}
		for _, v := range l.bad {
			t.Run(fmt.Sprintf("%s=%d", l.field, v), func(t *testing.T) {
				var args SubscriptionArgs
				l.set(&args, v)
				m, err := subscribeOrders(args)
				want := fmt.Sprintf("subscription audit: %s = %d is not allowed: AWS accepts %s", l.field, v, l.allowed)
				var oe *OptionError
				if !errors.As(err, &oe) || oe.Error() != want {
					t.Fatalf("error %v\nwant %s", err, want)
				}
				if len(m.All()) != 0 {
					t.Errorf("declared %v before refusing", m.Names())
				}
			})
		}
	}
	for pos, want := range map[string]string{
		"AT_TIMESTAMP": "subscription audit: StartingPosition = AT_TIMESTAMP is not allowed: AWS accepts LATEST or TRIM_HORIZON for DynamoDB streams (AT_TIMESTAMP is for Kinesis, DocumentDB and Kafka only)",
		"latest":       `subscription audit: StartingPosition = "latest" is not allowed: AWS accepts LATEST or TRIM_HORIZON`,
	} {
		t.Run("StartingPosition="+pos, func(t *testing.T) {
			_, err := subscribeOrders(SubscriptionArgs{StartingPosition: pos})
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("error %v\nwant %s", err, want)
			}
		})
	}
}

// At most five filters by default, ten with FilterLimit; typed and raw count together.
func TestFilterCount(t *testing.T) {
	filters := func(typed, raw int) ([]sf.Filter, []string) {
		var w []sf.Filter
		var r []string
		for i := range typed {
			w = append(w, sf.Match(sf.NewImage(sf.Equals(&models.OrderAttrs.Total, float64(i)))))
		}
		for i := range raw {
			r = append(r, fmt.Sprintf(`{"dynamodb":{"NewImage":{"version":{"N":["%d"]}}}}`, i))
		}
		return w, r
	}
	count := func(m *awsinfratest.Mocks) int {
		return len(m.One(t, awsinfratest.TokMapping, "audit-mapping").Inputs["filterCriteria"].ObjectValue()["filters"].ArrayValue())
	}
	w, r := filters(3, 2)
	m, err := subscribeOrders(SubscriptionArgs{Where: w, Filters: r})
	if err != nil || count(m) != 5 {
		t.Fatalf("5 filters: %v", err)
	}
	w, r = filters(4, 2)
	_, err = subscribeOrders(SubscriptionArgs{Where: w, Filters: r})
	if want := "subscription audit: Where and Filters = 6 filters is not allowed: AWS accepts at most 5 filters per event source mapping"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("6 filters: error %v, want %s", err, want)
	}
	w, r = filters(6, 4)
	m, err = subscribeOrders(SubscriptionArgs{Where: w, Filters: r, FilterLimit: 10})
	if err != nil || count(m) != 10 {
		t.Fatalf("10 filters with FilterLimit 10: %v", err)
	}
	w, r = filters(7, 4)
	if _, err := subscribeOrders(SubscriptionArgs{Where: w, Filters: r, FilterLimit: 10}); err == nil || !strings.Contains(err.Error(), "11 filters is not allowed: AWS accepts at most 10") {
		t.Errorf("11 filters: error %v", err)
	}
}

// Typed filters are checked against the subscribed table: another table's
// attribute, a Keys condition on a non-key attribute, a bad raw pattern.
func TestFilterErrors(t *testing.T) {
	cases := map[string]SubscriptionArgs{
		"subscription audit: Where[1]: Equals(name) in NewImage: the attribute belongs to table users, but the subscription is to table orders": {
			Where: []sf.Filter{sf.Match(sf.Events(sf.Insert)), sf.Match(sf.NewImage(sf.Equals(&models.UserAttrs.Name, "Ann")))},
		},
		"subscription audit: Where[0]: Equals(status) in Keys: status is not a key attribute of table orders (customer_id, order_date)": {
			Where: []sf.Filter{sf.Match(sf.Keys(sf.Equals(&models.OrderAttrs.Status, "paid")))},
		},
		"subscription audit: Where[0]: not a JSON object pattern":   {Where: []sf.Filter{sf.Raw(`eventName=INSERT`)}},
		"subscription audit: Filters[0]: not a JSON object pattern": {Filters: []string{`eventName = INSERT`}},
	}
	for want, args := range cases {
		t.Run(want, func(t *testing.T) {
			m, err := subscribeOrders(args)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("error %v\nwant %s", err, want)
			}
			if len(m.ByType(awsinfratest.TokMapping)) != 0 {
				t.Errorf("mapping declared")
			}
		})
	}
}

// A stream view without images refuses image filters; the same filter passes on a
// table whose view has them.
func TestFilterAgainstStreamView(t *testing.T) {
	f := []sf.Filter{sf.Match(sf.OldImage(sf.Equals(&models.OrderAttrs.Status, "paid")))}
	_, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
		def := ordersDef
		def.StreamView = "NEW_IMAGE"
		_, err := SubscribeTable(ctx, "audit", def, pulumi.String(ordersStreamArn), SubscriptionArgs{Function: FunctionArgs{Code: prebuilt()}, Where: f})
		return err
	})
	if want := "subscription audit: Where[0]: a condition on OldImage never matches: the stream of table orders carries NEW_IMAGE"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v\nwant %s", err, want)
	}
	if _, err := subscribeOrders(SubscriptionArgs{Where: f}); err != nil {
		t.Errorf("NEW_AND_OLD_IMAGES: %v", err)
	}
}

// On-failure destinations must be what AWS accepts: a standard queue or topic of the
// named service, one exact ARN.
func TestDestinationErrors(t *testing.T) {
	cases := map[string]*Destination{
		`subscription audit: on-failure queue: "arn:aws:sqs:us-east-1:123456789012:audit.fifo" is a FIFO queue; Lambda sends discarded stream batches to standard queues and topics only`: SQSQueue(pulumi.String("arn:aws:sqs:us-east-1:123456789012:audit.fifo")),
		`subscription audit: on-failure topic: "arn:aws:sns:us-east-1:123456789012:audit.fifo" is a FIFO topic`:                                                                           SNSTopic(pulumi.String("arn:aws:sns:us-east-1:123456789012:audit.fifo")),
		`subscription audit: on-failure queue: "` + topicArn + `" is not an SQS queue: it is an ARN of service sns: use SNSTopic`:                                                         SQSQueue(pulumi.String(topicArn)),
		`subscription audit: on-failure topic: "` + queueArn + `" is not an SNS topic: it is an ARN of service sqs: use SQSQueue`:                                                         SNSTopic(pulumi.String(queueArn)),
		`subscription audit: on-failure queue: "arn:aws:lambda:us-east-1:123456789012:function" is not an SQS queue: it is an ARN of service lambda`:                                      SQSQueue(pulumi.String("arn:aws:lambda:us-east-1:123456789012:function")),
		`subscription audit: on-failure queue: wildcard ARN "arn:aws:sqs:us-east-1:123456789012:*" is not allowed; name one queue`:                                                        SQSQueue(pulumi.String("arn:aws:sqs:us-east-1:123456789012:*")),
		`subscription audit: on-failure queue: "audit-failures" is not an ARN of the form arn:<partition>:sqs:<region>:<account>:<name>`:                                                  SQSQueue(pulumi.String("audit-failures")),
		`subscription audit: on-failure queue: "arn:aws:sqs:us-east-1:123456789012:" is not an ARN of the form`:                                                                           SQSQueue(pulumi.String("arn:aws:sqs:us-east-1:123456789012:")),
		"subscription audit: OnFailure has no ARN: use SQSQueue(queue.Arn) or SNSTopic(topic.Arn)":                                                                                        SQSQueue(nil),
	}
	for want, d := range cases {
		t.Run(want, func(t *testing.T) {
			_, err := subscribeOrders(SubscriptionArgs{OnFailure: d})
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("error %v\nwant %s", err, want)
			}
		})
	}
}

// A table ARN passed where the stream ARN belongs is refused (the mapping would fail).
func TestStreamArnMustBeAStreamArn(t *testing.T) {
	_, err := awsinfratest.RunErr(func(ctx *pulumi.Context) error {
		_, err := SubscribeStream(ctx, "audit", SubscriptionArgs{TableName: "orders", StreamArn: pulumi.String(ordersArn), Function: FunctionArgs{Code: prebuilt()}})
		return err
	})
	want := `subscription audit: "` + ordersArn + `" is not a DynamoDB stream ARN`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v\nwant %s", err, want)
	}
}

// Subscribing by an explicit stream ARN (a table another stack owns): the function
// reads exactly that stream, and typed filters are checked against TableName.
func TestSubscribeByStreamArn(t *testing.T) {
	const other = "arn:aws:dynamodb:eu-west-1:210987654321:table/legacy-orders/stream/2025-01-01T00:00:00.000"
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		_, err := SubscribeStream(ctx, "audit", SubscriptionArgs{
			TableName: "orders",
			StreamArn: pulumi.String(other),
			Function:  FunctionArgs{Code: prebuilt()},
			Where:     []sf.Filter{sf.Match(sf.Events(sf.Modify), sf.NewImage(sf.Equals(&models.OrderAttrs.Status, "paid")))},
		})
		return err
	})
	assertProps(t, m.One(t, awsinfratest.TokMapping, "audit-mapping").Inputs, map[string]any{
		"eventSourceArn":        other,
		"functionName":          auditFunc,
		"startingPosition":      "LATEST",
		"functionResponseTypes": []any{"ReportBatchItemFailures"},
		"filterCriteria": map[string]any{"filters": []any{
			map[string]any{"pattern": `{"dynamodb":{"NewImage":{"status":{"S":["paid"]}}},"eventName":["MODIFY"]}`},
		}},
	})
	want := policyPrefix + `{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":["` + other + `"]}]}`
	if got := awsinfratest.Str(t, m.One(t, awsinfratest.TokRolePolicy, "audit-links"), "policy"); got != want {
		t.Errorf("policy\n got %s\nwant %s", got, want)
	}
}
