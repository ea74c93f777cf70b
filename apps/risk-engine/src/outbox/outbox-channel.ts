/** Channel notified when outbox rows commit, to wake the relay. */
export const OUTBOX_CHANNEL = 'outbox_messages';
