package bus

import "context"

// ExportOutcomeOfError lets tests classify a raw publish error.
func ExportOutcomeOfError(ctx context.Context, p *Publisher, subject string, err error) (Outcome, error) {
	return p.outcomeOfError(ctx, subject, err)
}
