package render

import (
	"fmt"
	"html/template"
	"maps"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"briefing/generator/changes"
	"briefing/generator/config"
	"briefing/generator/fields"
	"briefing/generator/resolve"
)

// Funcs are the template functions every theme may use. They format; they
// do not compute.
func Funcs() template.FuncMap {
	funcs := template.FuncMap{
		"date":        dateText,
		"isodate":     func(d fields.Date) string { return d.String() },
		"num":         number,
		"status":      statusLabel,
		"reliability": reliabilityText,
		"sourcekind":  sourceKindText,
		"figure":      figureText,
		"plural":      plural,
		"join":        joinAnd,
		"names":       isolatedNames,
	}
	maps.Copy(funcs, rowFuncs())
	return funcs
}

func dateText(d fields.Date) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day()) + " " + d.Month().String() + " " + strconv.Itoa(d.Year())
}

// number writes a whole number with thousands separators: 996,000 (as
// briefing diff writes it).
// number writes a whole number with thousands separators. It takes any
// integer: a page's counts are ints, a population an int64, and a
// template cannot convert one to the other.
func number(n any) (string, error) {
	switch v := reflect.ValueOf(n); {
	case v.CanInt():
		return changes.Number(v.Int()), nil
	case v.CanUint() && v.Uint() <= math.MaxInt64:
		return changes.Number(int64(v.Uint())), nil
	}
	return "", fmt.Errorf("num takes a whole number, not %T", n)
}

func statusLabel(s string) string { return config.Label(config.Statuses, s) }

func reliabilityText(s string) string { return config.Label(config.Reliabilities, s) }

func sourceKindText(s string) string {
	if t := config.Label(config.SourceKinds, s); t != "" {
		return t
	}
	return s
}

// figureText writes a figure as a reader expects it: "at least 727",
// "800,000 to 1,000,000".
func figureText(f *resolve.Figure) string { return changes.ValueText(f.Value, f.High, f.Qualifier) }

func foundedText(s string) string {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return dateText(fields.Date{Time: t})
	}
	return s
}

func joinAnd(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
}

func latlon(v float64, pos, neg string) string {
	h := pos
	if v < 0 {
		h, v = neg, -v
	}
	return fmt.Sprintf("%s°%s", strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64), h)
}
