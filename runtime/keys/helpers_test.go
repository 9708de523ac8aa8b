package keys

import "strconv"

func strconvFormat(f float64, dec int) string { return strconv.FormatFloat(f, 'f', dec, 64) }
func parseFloat(s string) (float64, error)    { return strconv.ParseFloat(s, 64) }
