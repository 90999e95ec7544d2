package hoop.gateway;

import hoop.store.ApprovalRecord;

/** The control API's view of an approval request (stable field names for scripts). */
record ApprovalJson(String id, String session, String connection, String requester, String command, String rule,
                    String status, String created_at, String expires_at, String on_timeout, String decided_by,
                    String decided_at, String reason) {
    static ApprovalJson of(ApprovalRecord r) {
        return new ApprovalJson(r.id(), r.sessionId(), r.connection(), r.requester(), r.commandText(), r.rule(), r.status(),
                str(r.createdAt()), str(r.expiresAt()), r.onTimeout(), r.decidedBy(), str(r.decidedAt()), r.reason());
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
