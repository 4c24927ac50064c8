/**
 * The evidence document: canonical JSON (RFC 8785) naming the event with the ETSI
 * EN 319 522 name, the letter's Message-ID and content digests, sender, recipient, event time,
 * reasons, and the SHA-256 of the previous evidence (CMS) of the same letter. The operator
 * signs exactly these bytes; the bytes are stored beside the signature.
 */
import { canonicalJson } from '../../../shared/canonical-json.ts';

export const EVIDENCE_EVENTS = [
  'SubmissionAcceptance',
  'SubmissionRejection',
  'ContentConsignment',
  'ContentConsignmentFailure',
  'ContentHandover',
  'AcceptanceRejectionExpiry',
  'RelayToNonERDS',
  'RelayToNonERDSFailure',
  'ReceivedFromNonERDS',
] as const;
export type EvidenceEvent = (typeof EVIDENCE_EVENTS)[number];

export const EVIDENCE_TYPE = 'jashik.mail.evidence';

export interface EvidenceContent {
  messageId: string;
  rawSha256: string;
  size: number;
  parts: { name: string; sha256: string }[];
}

export interface EvidenceDocument {
  type: typeof EVIDENCE_TYPE;
  version: 1;
  issuedAt: string;
  evidenceId: string;
  event: EvidenceEvent;
  eventTime: string;
  operator: string;
  /** Groups the evidence of one letter; `position` counts from 1. */
  chain: string;
  position: number;
  previousEvidenceSha256: string | null;
  content: EvidenceContent;
  sender: string | null;
  recipient: string | null;
  reason: { code: string; text: string } | null;
}

export function canonicalBytes(doc: EvidenceDocument): Buffer {
  const s = canonicalJson(doc);
  if (s === undefined) throw new Error('evidence document cannot be canonicalised');
  return Buffer.from(s, 'utf8');
}

/** What each event proves, for people (verification page, `jashik verify`). */
export const EVENT_MEANING: Record<EvidenceEvent, { kk: string; ru: string; en: string }> = {
  SubmissionAcceptance: { kk: 'Оператор хатты жіберушіден қабылдады', ru: 'Оператор принял письмо от отправителя', en: 'The operator accepted the letter from the sender' },
  SubmissionRejection: { kk: 'Оператор хатты қабылдамады', ru: 'Оператор отказал в приёме письма', en: 'The operator refused the letter' },
  ContentConsignment: { kk: 'Хат алушының пошта жәшігіне жеткізілді', ru: 'Письмо доставлено в ящик получателя', en: "The letter was placed in the recipient's mailbox" },
  ContentConsignmentFailure: { kk: 'Хатты алушының жәшігіне жеткізу мүмкін болмады', ru: 'Письмо не удалось доставить в ящик получателя', en: "The letter could not be placed in the recipient's mailbox" },
  ContentHandover: { kk: 'Алушы хатты алғаш рет ашты немесе жүктеп алды', ru: 'Получатель впервые открыл или скачал письмо', en: 'The recipient first opened or downloaded the letter' },
  AcceptanceRejectionExpiry: { kk: 'Алушы хатты белгіленген мерзімге дейін ашпады', ru: 'Получатель не открыл письмо до назначенного срока', en: 'The recipient did not open the letter by the deadline' },
  RelayToNonERDS: { kk: 'Хат сыртқы пошта серверіне берілді', ru: 'Письмо передано внешнему почтовому серверу', en: 'The letter was handed to an external e-mail server' },
  RelayToNonERDSFailure: { kk: 'Хатты сыртқы серверге беру мүмкін болмады', ru: 'Письмо не удалось передать внешнему серверу', en: 'The letter could not be handed to the external e-mail server' },
  ReceivedFromNonERDS: { kk: 'Хат қарапайым электрондық поштадан келді', ru: 'Письмо получено из обычной электронной почты', en: 'The letter arrived from plain e-mail' },
};
