package hoop.approval;

import hoop.store.ApprovalRecord;

/** How a request ended; approved is also true for a timeout whose configured outcome is allow. */
public record ApprovalOutcome(ApprovalRecord record, boolean approved) {}
