package streamfilter

import (
	"fmt"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// pathNames returns the names along p (the top-level attribute, then map
// members), or an error when p goes through a list element, which a filter
// pattern cannot address (AWS matches arrays element by element).
func pathNames(p ddb.AttrPath) ([]string, error) {
	if p.TopLevel() == "" {
		return nil, fmt.Errorf("the attribute path is empty")
	}
	names, ok := p.Names()
	if !ok {
		return nil, fmt.Errorf("%s goes through a list element, which a filter pattern cannot address", p)
	}
	return names, nil
}
