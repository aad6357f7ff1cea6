package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

const settingsSynopsis = "inkspan settings --project FILE [--allow-overlap on|off]"

func runSettings(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "settings", settingsSynopsis+"\n\n"+
		"Prints the project's settings, or changes them. --allow-overlap on lets one annotator's\n"+
		"spans overlap and nest (nested entities, event triggers); off is refused while the project\n"+
		"holds overlapping spans, naming how many and in which documents. The window's Edit >\n"+
		"Project settings… changes the same settings.")
	project := flags.String("project", "", projectFlagHelp)
	overlap := flags.String("allow-overlap", "", "`on` or off: may one annotator's spans overlap?")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "settings: unexpected argument %q\n", printable(rest[0]))
		flags.Usage()
		return errUsage
	}
	set := false
	var allow bool
	flags.Visit(func(f *flag.Flag) {
		if f.Name == "allow-overlap" {
			set = true
		}
	})
	if set {
		if allow, err = onOff(*overlap); err != nil {
			fmt.Fprintf(e.stderr, "settings: --allow-overlap %s\n", err)
			flags.Usage()
			return errUsage
		}
	}
	db, err := openProject(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	if set {
		before, err := db.Settings(ctx)
		if err != nil {
			return err
		}
		if err := db.SetAllowOverlap(ctx, allow); err != nil {
			return err
		}
		switch {
		case before.AllowOverlap == allow && allow:
			fmt.Fprintln(e.stdout, "overlapping spans were already allowed in this project")
		case before.AllowOverlap == allow:
			fmt.Fprintln(e.stdout, "overlapping spans were already not allowed in this project")
		case allow:
			fmt.Fprintln(e.stdout, "overlapping spans are now allowed in this project")
		default:
			fmt.Fprintln(e.stdout, "overlapping spans are no longer allowed in this project")
		}
		return nil
	}
	s, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "allow-overlap\t%s\t%s\n", onOffText(s.AllowOverlap), map[bool]string{
		true:  "one annotator's spans may overlap and nest",
		false: "one annotator's spans may not overlap",
	}[s.AllowOverlap])
	guidelines := "none"
	if g := strings.TrimSpace(s.Guidelines); g != "" {
		lines := strings.Count(g, "\n") + 1
		guidelines = fmt.Sprintf("%d lines, shown by F1 in the window", lines)
		if lines == 1 {
			guidelines = "1 line, shown by F1 in the window"
		}
	}
	fmt.Fprintf(w, "guidelines\t%s\n", guidelines)
	return w.Flush()
}

// onOff reads a switch as people type it.
func onOff(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "on", "yes", "true", "1":
		return true, nil
	case "off", "no", "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("must be on or off, not %q", printable(s))
}

func onOffText(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// overlapHint is what an import that failed on an overlap adds to its
// error: the flag that imports such data, since the setting is otherwise
// easy to miss.
func overlapHint(err error) string {
	if isOverlapRefusal(err) {
		return "; --allow-overlap allows overlapping spans in this project and imports them"
	}
	return ""
}

func isOverlapRefusal(err error) bool {
	var r *model.SpanRefusal
	if errors.As(err, &r) {
		return !r.Duplicate
	}
	return err != nil && strings.Contains(err.Error(), "does not allow overlapping spans")
}

// sayOverlap ends an import's summary: that --allow-overlap changed the
// project's setting, or, when spans were skipped for overlapping, which
// flag would have kept them (once, however many there were).
func sayOverlap(e env, report app.ImportReport) {
	if report.OverlapAllowed {
		fmt.Fprintln(e.stdout, "overlapping spans are now allowed in this project")
	}
	for _, s := range append(report.Skipped, report.SkippedSpans...) {
		if isOverlapRefusal(s) {
			fmt.Fprintln(e.stderr, "overlapping spans were skipped: --allow-overlap allows them in this project and imports them")
			return
		}
	}
}
