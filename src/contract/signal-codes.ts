/**
 * Business self-disclosure: a shop, company or clinic posting its own phone,
 * address or email is not doxxing. The language/business-contact detector
 * says so with a signal of this code, on the `sensitivity` dimension, only
 * while every category disclosed in the incident is a contact detail the
 * business gave itself (an ID number, family or health removes it).
 *
 * The signal is a modifier, not a score: it is kept out of the dimension's
 * maximum and instead scales the sensitivity down by
 * `businessDiscount × its score` — unless a call to act or malice is present
 * (mobilisation or malice at `harmFloor` or above), because "this is his
 * shop, go and make trouble there" is a human flesh search whatever the
 * shop's own notice said. Either way the reason is listed, saying what it did.
 */
export const BUSINESS_CONTACT_CODE = 'LANG_BUSINESS_CONTACT';

/** Codes of modifier signals: listed among the reasons, never counted as their dimension's score. */
export function isModifier(code: string): boolean {
  return code === BUSINESS_CONTACT_CODE;
}

/**
 * Code of the signal for identifying details disclosed without anybody named (pii/dossier): listed among the
 * reasons, but scored (and counted by the gates) only once a call to find a person is made.
 */
export const UNATTRIBUTED_CODE = 'PII_UNATTRIBUTED';
