package gui

import (
	"errors"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
)

// ErrPasswordNeeded is what an Opener's error wraps when a team project's
// server asked for a password that neither the URL nor PostgreSQL's own
// ~/.pgpass or PGPASSWORD gave (or the one given was refused): the window
// then asks for it. The password goes into the URL handed to the opener,
// for that connection only; the window shows and remembers the project by
// its Path, which has none.
var ErrPasswordNeeded = errors.New("the server asks for a password: put it in ~/.pgpass (or PGPASSWORD), where Inkspan reads it")

// withPassword is the team project's URL with password in its user part.
func withPassword(rawURL, user, password string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	if user == "" && u.User != nil {
		user = u.User.Username()
	}
	u.User = url.UserPassword(user, password)
	return u.String(), nil
}

// askPassword asks for the password of the team project at rawURL and
// opens it with the password typed: Enter opens, Escape gives up. A
// refused password asks again, saying so.
func (ws *Workspace) askPassword(rawURL string, create, again bool) *dialogkit.Dialog {
	user := ""
	if u, err := url.Parse(rawURL); err == nil && u.User != nil {
		user = u.User.Username()
	}
	entry := dialogkit.NewEntry(nil)
	entry.Password = true
	message := "The server asks for a password for " + withoutPassword(rawURL) + ".\n" +
		"Inkspan does not keep it: to be asked no more, put it in ~/.pgpass."
	if again {
		message = "The server refused that password.\n" + message
	}
	form := widget.NewForm(widget.NewFormItem("", widget.NewLabel(message)), widget.NewFormItem("Password", entry))
	d := dialogkit.NewDialog(ws.win, "Team project password", form,
		dialogkit.Answer{Text: "Cancel", Icon: theme.CancelIcon()},
		&dialogkit.Answer{Text: "Open", Icon: theme.ConfirmIcon(), Do: func() {
			withPw, err := withPassword(rawURL, user, entry.Text)
			if err != nil {
				ws.showError("open "+projectName(rawURL), err)
				return
			}
			ws.openProject(withPw, create, true)
		}})
	entry.OnEscape = d.Escape
	entry.OnSubmitted = func(string) { d.Enter() }
	d.Resize(fyne.NewSize(480, 220))
	d.FocusOnShow(entry)
	d.Show()
	return d
}
