package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/google/uuid"
	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5/pgconn"
)

// unavailable gives a failure to reach the server the code
// model.EUNAVAILABLE, ahead of the driver's words, so that the editor
// keeps the edit and sends it again instead of reporting a refusal or a
// bug. Anything else is returned unchanged.
func unavailable(err error) error {
	if !connectionLost(err) {
		return err
	}
	return fmt.Errorf("%w: %w", model.Errorf(model.EUNAVAILABLE, "the team project's server cannot be reached"), err)
}

// connectionLost reports whether err says the connection or the server
// is gone, not that the server refused a statement: the server shutting
// down or starting (57P01-57P03), a connection exception (class 08), or
// the driver failing to dial, read or write. A context that ended is the
// caller's decision and no loss.
func connectionLost(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var me *model.Error
	if errors.As(err, &me) {
		return me.Code == model.EUNAVAILABLE
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "57P01", "57P02", "57P03": // admin_shutdown, crash_shutdown, cannot_connect_now
			return true
		}
		return strings.HasPrefix(pe.Code, "08")
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connect) || errors.As(err, &netErr) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE)
}

// ClaimEdit records that this transaction applies the edit id
// (app.EditLedger): fresh is false when a transaction that committed
// recorded it already. The row commits with the edit or not at all.
// EINVALID for an id that is not a UUID.
func (t *WriteTx) ClaimEdit(ctx context.Context, id string) (fresh bool, err error) {
	parsed, err := uuid.Parse(id)
	if err != nil {
		return false, model.Errorf(model.EINVALID, "edit ID %q is not a UUID", id)
	}
	tag, err := t.tx.Exec(ctx, `INSERT INTO applied_edits (id, applied_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, parsed, t.now)
	if err != nil {
		return false, dbError(err)
	}
	return tag.RowsAffected() == 1, nil
}

var _ app.EditLedger = (*WriteTx)(nil)
