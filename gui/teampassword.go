package gui

import (
	"errors"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
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
	return passwordDialog(ws.win, rawURL, again, func(withPw string) {
		ws.openProject(withPw, create, true)
	}, func(err error) { ws.showError("open "+projectName(rawURL), err) }, nil)
}

// passwordDialog asks on win for the password of the team project at
// rawURL; open gets the URL with the password typed in its user part
// (failed, the error of making that URL), cancelled Escape or Cancel.
// The password goes nowhere else: not into the window's title, its
// messages, the preferences.
func passwordDialog(win fyne.Window, rawURL string, again bool, open func(withPw string), failed func(error), cancelled func()) *dialogkit.Dialog {
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
	d := dialogkit.NewDialog(win, "Team project password", form,
		dialogkit.Answer{Text: "Cancel", Icon: theme.CancelIcon(), Do: cancelled},
		&dialogkit.Answer{Text: "Open", Icon: theme.ConfirmIcon(), Do: func() {
			withPw, err := withPassword(rawURL, user, entry.Text)
			if err != nil {
				failed(err)
				return
			}
			open(withPw)
		}})
	entry.OnEscape = d.Escape
	entry.OnSubmitted = func(string) { d.Enter() }
	d.Resize(fyne.NewSize(480, 220))
	d.FocusOnShow(entry)
	d.Show()
	return d
}

// AskPasswordAtStart is the window `inkspan gui --project postgres://…`
// shows when the team project's server asks for a password that neither
// the URL nor ~/.pgpass nor PGPASSWORD gave: it asks for it as File ▸
// Open team project… does, and calls open with the URL holding it. open
// opens the project's window and returns nil, and this window closes;
// an error wrapping ErrPasswordNeeded (the password refused) asks again,
// saying so; another error is shown here, in words that never hold the
// password. Cancel and Escape close the window. Call it on the UI
// goroutine, or before the app runs.
func AskPasswordAtStart(a fyne.App, rawURL string, open func(withPw string) error) fyne.Window {
	w := a.NewWindow("Inkspan — " + withoutPassword(rawURL))
	w.SetContent(widget.NewLabel(""))
	w.Resize(fyne.NewSize(520, 260))
	fail := func(err error, withPw string) {
		// In the window that says why a project could not be opened, in
		// words without the password.
		ShowOpenFailure(a, withoutPassword(rawURL), errors.New(redactPassword(model.ErrorMessage(err), withPw))).Show()
		w.Close()
	}
	var ask func(again bool)
	ask = func(again bool) {
		passwordDialog(w, rawURL, again, func(withPw string) {
			err := open(withPw)
			switch {
			case err == nil:
				w.Close()
			case errors.Is(err, ErrPasswordNeeded):
				ask(true)
			default:
				fail(err, withPw)
			}
		}, func(err error) { fail(err, "") }, w.Close)
	}
	ask(false)
	return w
}

// redactPassword takes the password of the URL withPw out of s.
func redactPassword(s, withPw string) string {
	if u, err := url.Parse(withPw); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			s = strings.ReplaceAll(s, pw, "xxxxx")
		}
	}
	return s
}
