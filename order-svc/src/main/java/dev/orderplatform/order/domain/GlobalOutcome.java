package dev.orderplatform.order.domain;

/** What became of a global transaction, as far as anyone can tell now. */
public enum GlobalOutcome {
    /** The commit was decided: every branch is (or will be) confirmed. */
    COMMITTED,
    /** The rollback was decided, by the initiator or by the TC's timeout: every branch is (or will be) cancelled. */
    ROLLED_BACK,
    /** Still running, or the sources disagree for now: ask again later. */
    UNDECIDED
}
