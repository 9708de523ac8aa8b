package ddbjson

// SetDirectDecodes sets the test hook counting items Client decodes
// directly (nil: none).
func SetDirectDecodes(f func()) { directDecodes = f }
