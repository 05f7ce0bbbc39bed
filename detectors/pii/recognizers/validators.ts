import { stdnum, type Validator } from 'stdnum';
import { DoxguardError } from '../../../src/errors/index.js';

/** The stdnum validators the recognizers use, resolved once (a missing one is a packaging error). */
function get(country: string, name: string): Validator {
  const v = stdnum[country]?.[name];
  if (!v)
    throw new DoxguardError('DG_ERR_PII_DEPENDENCY', `stdnum has no ${country}.${name} validator`, {
      context: { country, name },
    });
  return v;
}

export const HKID = get('HK', 'hkid');
export const TW_NATID = get('TW', 'natid');
export const CN_USCC = get('CN', 'uscc');
export const US_SSN = get('US', 'ssn');
