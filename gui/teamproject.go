package gui

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
)

// A team project lives in a PostgreSQL database, named by a URL
// (postgres://user@host:port/database?sslmode=...), which the opener
// (cmd) hands to the store. File ▸ Open team project… builds that URL
// from a form. It has no password field: the password comes from
// PostgreSQL's own ~/.pgpass or PGPASSWORD, read by the driver on each
// connection, so Inkspan never holds or writes one.

// teamForm is the form's fields.
type teamForm struct {
	host, port, database, user, sslmode string
}

// url is the team project's URL, or an EINVALID error naming the field to
// fix.
func (f teamForm) url() (string, error) {
	host := strings.TrimSpace(f.host)
	if host == "" {
		return "", model.Errorf(model.EINVALID, "give the server's host name")
	}
	port := strings.TrimSpace(f.port)
	if port == "" {
		port = "5432"
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", model.Errorf(model.EINVALID, "the port is a number from 1 to 65535, such as 5432")
	}
	database := strings.TrimSpace(f.database)
	if database == "" {
		return "", model.Errorf(model.EINVALID, "give the database that holds the team project")
	}
	u := url.URL{Scheme: "postgres", Host: net.JoinHostPort(host, port), Path: "/" + database}
	if user := strings.TrimSpace(f.user); user != "" {
		u.User = url.User(user)
	}
	if mode := strings.TrimSpace(f.sslmode); mode != "" {
		u.RawQuery = url.Values{"sslmode": {mode}}.Encode()
	}
	return u.String(), nil
}

// withoutPassword is a project's name as the window shows and remembers
// it: a URL loses its password (user part or password= parameter); a
// path stays as it is.
func withoutPassword(name string) string {
	if !isURL(name) {
		return name
	}
	u, err := url.Parse(name)
	if err != nil {
		return ""
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.User(u.User.Username())
		}
	}
	if q := u.Query(); q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// isURL tells a team project's URL from a project file's path.
func isURL(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}

// AskTeamProject asks for a team project's server, database and user and
// opens it in a new window. Tab moves through the fields, Enter opens
// (once the fields make a URL), Escape cancels.
func (ws *Workspace) AskTeamProject() *dialogkit.Dialog {
	fields := map[string]*dialogkit.Entry{}
	var items []*widget.FormItem
	for _, f := range []struct{ name, value, hint string }{
		{"Host", "localhost", "server name or address"},
		{"Port", "5432", ""},
		{"Database", "", "the team project's database"},
		{"User", "", "your PostgreSQL user"},
		{"TLS (sslmode)", "prefer", "disable, prefer, require, verify-full"},
	} {
		e := dialogkit.NewEntry(nil)
		e.SetText(f.value)
		e.SetPlaceHolder(f.hint)
		fields[f.name] = e
		items = append(items, widget.NewFormItem(f.name, e))
	}
	items = append(items, widget.NewFormItem("", widget.NewLabel("The password comes from ~/.pgpass or PGPASSWORD.")))
	form := func() teamForm {
		return teamForm{host: fields["Host"].Text, port: fields["Port"].Text, database: fields["Database"].Text,
			user: fields["User"].Text, sslmode: fields["TLS (sslmode)"].Text}
	}
	d := dialogkit.NewDialog(ws.win, "Open team project", widget.NewForm(items...),
		dialogkit.Answer{Text: "Cancel", Icon: theme.CancelIcon()},
		&dialogkit.Answer{Text: "Open", Icon: theme.FolderOpenIcon(), Do: func() {
			if u, err := form().url(); err == nil {
				ws.OpenProject(u, false)
			}
		}})
	valid := func(string) {
		_, err := form().url()
		d.SetDefaultEnabled(err == nil)
	}
	for _, e := range fields {
		e.OnEscape = d.Escape
		e.OnSubmitted = func(string) { d.Enter() }
		e.OnChanged = valid
	}
	valid("")
	d.Resize(fyne.NewSize(480, 320))
	d.FocusOnShow(fields["Database"])
	d.Show()
	return d
}
