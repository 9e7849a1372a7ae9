package scrape

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/purell"
)

// trackingParams are query parameters that say how a reader arrived, not what they read.
// Exact names; prefixes end in "_" or "-" and match any parameter starting with them.
var trackingParams = []string{
	"utm_", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
	"igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref_src",
	"ref_url", "cmpid", "ito", "zarsrc", "zarid", "vn_source", "vn_medium", "vn_campaign",
}

func tracking(name string) bool {
	name = strings.ToLower(name)
	for _, p := range trackingParams {
		if strings.HasSuffix(p, "_") || strings.HasSuffix(p, "-") {
			if strings.HasPrefix(name, p) {
				return true
			}
		} else if name == p {
			return true
		}
	}
	return false
}

// CanonicalURL normalises a URL so that every way of writing one article gives the same
// string: RFC 3986 normalisation (lower-case scheme and host, default port removed, escapes
// upper-cased, unnecessary escapes decoded and necessary ones added, dot segments and a
// trailing slash removed), query sorted, fragment and tracking parameters removed. Only http
// and https URLs are accepted.
func CanonicalURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonical url: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("canonical url %q: %w", raw, errors.New("not http or https"))
	}
	if u.Host == "" {
		return "", fmt.Errorf("canonical url %q: no host", raw)
	}
	q := u.Query()
	for k := range q {
		if tracking(k) {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	u.User = nil
	return purell.NormalizeURL(u, purell.FlagsUsuallySafeGreedy|purell.FlagSortQuery|
		purell.FlagRemoveFragment|purell.FlagRemoveDuplicateSlashes), nil
}
