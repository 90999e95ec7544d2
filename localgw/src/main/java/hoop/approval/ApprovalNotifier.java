package hoop.approval;

import hoop.store.ApprovalRecord;

/** Tells the outside world (a webhook) about requests; must never block or fail the decision path. */
public interface ApprovalNotifier {
    void created(ApprovalRecord request);

    void decided(ApprovalRecord request);

    ApprovalNotifier NONE = new ApprovalNotifier() {
        @Override
        public void created(ApprovalRecord request) {}

        @Override
        public void decided(ApprovalRecord request) {}
    };
}
