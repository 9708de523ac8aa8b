package awsinfra

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stelviogen/stelviogen/runtime/awsinfra/awsinfratest"
)

// The documented action lists, spelled out here so a change to the package's lists fails.
var (
	documentedTableActions = []string{"dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem",
		"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"}
	documentedReadOnlyActions = []string{"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan"}
	documentedIndexActions    = []string{"dynamodb:Query", "dynamodb:Scan"}
	documentedStreamActions   = []string{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"}
	// On-failure destinations of stream subscriptions (Lambda guide, "Retaining
	// discarded batches": Amazon SQS – sqs:SendMessage, Amazon SNS – sns:Publish).
	documentedQueueDestinationActions = []string{"sqs:SendMessage"}
	documentedTopicDestinationActions = []string{"sns:Publish"}
)

func TestExportedActionListsAreTheDocumentedOnes(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want []string
	}{
		{"TableActions", TableActions, documentedTableActions},
		{"TableReadOnlyActions", TableReadOnlyActions, documentedReadOnlyActions},
		{"IndexActions", IndexActions, documentedIndexActions},
		{"StreamActions", StreamActions, documentedStreamActions},
		{"QueueDestinationActions", QueueDestinationActions, documentedQueueDestinationActions},
		{"TopicDestinationActions", TopicDestinationActions, documentedTopicDestinationActions},
	} {
		if strings.Join(c.got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// Every policy any link kind produces: no wildcard action, no bare or embedded wildcard
// resource except /index/* on a table ARN, no action outside the documented lists, and
// each action on the kind of resource it is documented for.
func TestNoPolicyGrantsMoreThanDocumented(t *testing.T) {
	m := awsinfratest.Run(t, func(ctx *pulumi.Context) error {
		tbl, err := ordersTable(ctx, true)
		if err != nil {
			return err
		}
		if _, err := NewFunction(ctx, "writer", FunctionArgs{Code: prebuilt(), Links: []Link{TableLink("orders", tbl.Name, tbl.Arn)}}); err != nil {
			return err
		}
		if _, err := NewFunction(ctx, "reader", FunctionArgs{Code: prebuilt(), Links: []Link{TableReadOnlyLink("orders", tbl.Name, tbl.Arn)}}); err != nil {
			return err
		}
		_, err = SubscribeStream(ctx, "audit", SubscriptionArgs{
			TableName: "orders", StreamArn: tbl.StreamArn,
			Function:  FunctionArgs{Code: prebuilt(), Links: []Link{TableLink("orders", tbl.Name, tbl.Arn)}},
			OnFailure: SQSQueue(pulumi.String("arn:aws:sqs:us-east-1:123456789012:audit-failures")),
		})
		if err != nil {
			return err
		}
		_, err = SubscribeStream(ctx, "notify", SubscriptionArgs{
			TableName: "orders", StreamArn: tbl.StreamArn,
			Function:  FunctionArgs{Code: prebuilt()},
			OnFailure: SNSTopic(pulumi.String("arn:aws:sns:us-east-1:123456789012:notify-failures")),
		})
		return err
	})
	allowed := map[string][]string{ // resource kind -> actions
		"table":  documentedTableActions,
		"index":  documentedIndexActions,
		"stream": documentedStreamActions,
		"queue":  documentedQueueDestinationActions,
		"topic":  documentedTopicDestinationActions,
	}
	policies := m.ByType(awsinfratest.TokRolePolicy)
	if len(policies) != 4 {
		t.Fatalf("want 4 inline policies, got %d", len(policies))
	}
	for _, p := range policies {
		var doc struct {
			Version   string
			Statement []struct {
				Effect   string
				Action   []string
				Resource []string
			}
		}
		raw := awsinfratest.Str(t, p, "policy")
		if err := json.Unmarshal([]byte(raw), &doc); err != nil {
			t.Fatalf("%s: policy is not JSON: %v\n%s", p.Name, err, raw)
		}
		if doc.Version != "2012-10-17" || len(doc.Statement) == 0 {
			t.Errorf("%s: version %q with %d statements", p.Name, doc.Version, len(doc.Statement))
		}
		for _, st := range doc.Statement {
			if st.Effect != "Allow" || len(st.Action) == 0 || len(st.Resource) == 0 {
				t.Errorf("%s: malformed statement %+v", p.Name, st)
			}
			for _, r := range st.Resource {
				kind := resourceKind(r)
				if kind == "" {
					t.Errorf("%s: resource %q is not an exact table, index, stream, queue or topic ARN", p.Name, r)
					continue
				}
				for _, a := range st.Action {
					if strings.Contains(a, "*") {
						t.Errorf("%s: wildcard action %q", p.Name, a)
					}
					if !contains(allowed[kind], a) {
						t.Errorf("%s: action %q is not documented for a %s resource (%s)", p.Name, a, kind, r)
					}
				}
			}
		}
		if p.Name == "reader-links" {
			for _, w := range []string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"} {
				if strings.Contains(raw, `"`+w+`"`) {
					t.Errorf("read-only policy grants %s", w)
				}
			}
		}
	}
}

// resourceKind classifies an ARN as "table", "index" (the table's /index/*), "stream",
// "queue", "topic", or "" for anything else, including any other use of "*".
func resourceKind(arn string) string {
	for kind, prefix := range map[string]string{"queue": "arn:aws:sqs:us-east-1:123456789012:", "topic": "arn:aws:sns:us-east-1:123456789012:"} {
		if name, ok := strings.CutPrefix(arn, prefix); ok {
			if name == "" || strings.ContainsAny(name, "*:/") {
				return ""
			}
			return kind
		}
	}
	const prefix = "arn:aws:dynamodb:us-east-1:123456789012:table/"
	rest, ok := strings.CutPrefix(arn, prefix)
	if !ok || rest == "" {
		return ""
	}
	table, sub, _ := strings.Cut(rest, "/")
	if strings.Contains(table, "*") {
		return ""
	}
	switch {
	case sub == "":
		return "table"
	case sub == "index/*":
		return "index"
	case strings.HasPrefix(sub, "stream/") && !strings.Contains(sub, "*"):
		return "stream"
	}
	return ""
}

func TestResourceKindRejectsWildcards(t *testing.T) {
	for arn, want := range map[string]string{
		ordersArn:              "table",
		ordersArn + "/index/*": "index",
		ordersStreamArn:        "stream",
		"*":                    "",
		"arn:aws:dynamodb:us-east-1:123456789012:table/*":          "",
		"arn:aws:dynamodb:us-east-1:123456789012:table/*/index/*":  "",
		"arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/*": "",
		"arn:aws:sqs:us-east-1:123456789012:q":                     "queue",
		"arn:aws:sns:us-east-1:123456789012:t":                     "topic",
		"arn:aws:sqs:us-east-1:123456789012:*":                     "",
		"arn:aws:sns:us-east-1:123456789012:":                      "",
	} {
		if got := resourceKind(arn); got != want {
			t.Errorf("resourceKind(%q) = %q, want %q", arn, got, want)
		}
	}
}
