package awsinfra

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Actions a stream consumer's role needs on its on-failure destination (AWS Lambda
// guide, "Retaining discarded batches": Amazon SQS – sqs:SendMessage, Amazon SNS –
// sns:Publish), granted on that queue or topic ARN only.
var (
	QueueDestinationActions = []string{"sqs:SendMessage"}
	TopicDestinationActions = []string{"sns:Publish"}
)

// Destination is where Lambda sends the details of a stream batch it gave up on:
// a standard SQS queue or a standard SNS topic. Make one with SQSQueue or SNSTopic.
type Destination struct {
	service string // "sqs" or "sns"
	arn     pulumi.StringInput
}

// SQSQueue is the standard SQS queue with this ARN as an on-failure destination;
// the function gets sqs:SendMessage on exactly that queue.
func SQSQueue(arn pulumi.StringInput) *Destination { return &Destination{service: "sqs", arn: arn} }

// SNSTopic is the standard SNS topic with this ARN as an on-failure destination;
// the function gets sns:Publish on exactly that topic.
func SNSTopic(arn pulumi.StringInput) *Destination { return &Destination{service: "sns", arn: arn} }

func (d *Destination) what() string {
	if d.service == "sqs" {
		return "queue"
	}
	return "topic"
}

func (d *Destination) actions() []string {
	if d.service == "sqs" {
		return clone(QueueDestinationActions)
	}
	return clone(TopicDestinationActions)
}

// checkedArn is the destination ARN, failing when it resolves to something that is
// not a standard queue (or topic) ARN of the right service.
func (d *Destination) checkedArn(sub string) pulumi.StringOutput {
	return d.arn.ToStringOutput().ApplyT(func(arn string) (string, error) {
		if err := checkDestinationArn(d.service, arn); err != nil {
			return "", fmt.Errorf("subscription %s: on-failure %s: %w", sub, d.what(), err)
		}
		return arn, nil
	}).(pulumi.StringOutput)
}

// link grants the destination's one action on its one ARN.
func (d *Destination) link(name string, arn pulumi.StringInput) Link {
	return Link{Name: name, Permissions: []Permission{{Actions: d.actions(), Resources: []pulumi.StringInput{arn}}}}
}

// checkDestinationArn accepts arn:<partition>:<service>:<region>:<account>:<name>
// with a name that is neither a wildcard nor a FIFO queue or topic (Lambda sends
// discarded stream batches to standard queues and topics only).
func checkDestinationArn(service, arn string) error {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[3] == "" || parts[4] == "" || parts[5] == "" {
		return fmt.Errorf("%q is not an ARN of the form arn:<partition>:%s:<region>:<account>:<name>", arn, service)
	}
	if parts[2] != service {
		kind := map[string]string{"sqs": "an SQS queue", "sns": "an SNS topic"}[service]
		msg := fmt.Sprintf("%q is not %s: it is an ARN of service %s", arn, kind, parts[2])
		if other := map[string]string{"sqs": "sns", "sns": "sqs"}[service]; parts[2] == other {
			msg += map[string]string{"sqs": ": use SNSTopic", "sns": ": use SQSQueue"}[service]
		}
		return fmt.Errorf("%s", msg)
	}
	if strings.Contains(arn, "*") {
		return fmt.Errorf("wildcard ARN %q is not allowed; name one %s", arn, map[string]string{"sqs": "queue", "sns": "topic"}[service])
	}
	if strings.HasSuffix(parts[5], ".fifo") {
		return fmt.Errorf("%q is a FIFO %s; Lambda sends discarded stream batches to standard queues and topics only", arn, map[string]string{"sqs": "queue", "sns": "topic"}[service])
	}
	return nil
}
