package hoop.guard;

import hoop.core.ApprovalNotice;

/** Lets an adapter tell its waiting client, natively, that a command waits for a person. */
@FunctionalInterface
public interface ApprovalListener {
    void waiting(ApprovalNotice request);

    ApprovalListener NONE = r -> {};
}
