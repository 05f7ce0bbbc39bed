import type { Recognizer } from '../recognizer.js';
import { addressEn } from './address-en.js';
import { addressZh } from './address-zh.js';
import { bankCard } from './bank-card.js';
import { cnResidentId } from './cn-resident-id.js';
import { email } from './email.js';
import { family } from './family.js';
import { health } from './health.js';
import { hkMoTwId } from './hk-mo-tw-id.js';
import { ipAddress } from './ip-address.js';
import { licencePlate } from './licence-plate.js';
import { orgCode } from './org-code.js';
import { passport } from './passport.js';
import { phone } from './phone.js';
import { photo } from './photo.js';
import { postcode } from './postcode.js';
import { privateChat } from './private-chat.js';
import { realName } from './real-name.js';
import { school } from './school.js';
import { socialHandle } from './social-handle.js';
import { usSsn } from './us-ssn.js';
import { workplace } from './workplace.js';

/** Every recognizer, in a fixed order (ties in overlap resolution fall back to the name). */
export const RECOGNIZERS: readonly Recognizer[] = [
  cnResidentId,
  hkMoTwId,
  usSsn,
  passport,
  orgCode,
  phone,
  email,
  addressZh,
  addressEn,
  postcode,
  licencePlate,
  bankCard,
  ipAddress,
  socialHandle,
  workplace,
  school,
  family,
  health,
  privateChat,
  realName,
  photo,
];
